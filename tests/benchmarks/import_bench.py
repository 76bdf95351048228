"""Benchmark: import 100,000 contacts from CSV into an empty data directory, then export them.

Run on demand (not collected by pytest):

    .venv/bin/python tests/benchmarks/import_bench.py [ROWS]

Prints rows/s for the import (target: at least 2,000 rows/s at 100,000 rows) and the export.
The file mixes what real files hold: a fifth companies with their own numbers, the rest persons
naming their company by `company_no` (half of them further down the file), numbers drawn from
Contact Nos. for the persons, e-mail and phone numbers to validate, inheritance and defaults.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from pathlib import Path

from crm_desktop.services import duplicates, exchange
from crm_desktop.services.app import open_app
from crm_desktop.services.exchange import contact_rows, csv_import

TARGET = 2000.0


def make_file(path: Path, rows: int) -> None:
    """Write a realistic contact file with `rows` data rows."""
    rnd = random.Random(7)
    firsts = ["Jan", "Piet", "Anna", "Sophie", "Daan", "Emma", "Lucas", "Julia", "Noah", "Mila"]
    lasts = ["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder"]
    cities = ["Utrecht", "Amsterdam", "Delft", "Zwolle", "Ede", "Gouda", "Breda", "Venlo"]
    companies = rows // 5
    lines = ["no;type;name;company_no;address;post_code;city;country_region_code;phone_no;email"]
    company_lines: list[str] = []
    for i in range(companies):
        city = rnd.choice(cities)
        company_lines.append(
            f"K{i:06d};company;Company {i} BV;;Street {i};{1000 + i % 8999} AB;{city};NL;"
            f"+31 30 {i % 1000:03d} {i % 10000:04d};info@company{i}.nl"
        )
    person_lines: list[str] = []
    for j in range(rows - companies):
        company = rnd.randrange(companies)
        email = f"p{j}@company{company}.nl" if j % 3 else ""
        person_lines.append(
            f";person;{rnd.choice(firsts)} {rnd.choice(lasts)};K{company:06d};;;;;"
            f"{'06 ' + str(10000000 + j) if j % 2 else ''};{email}"
        )
    # Half of the companies come after the persons that name them.
    half = len(company_lines) // 2
    body = company_lines[:half] + person_lines + company_lines[half:]
    path.write_text("\r\n".join(lines + body) + "\r\n", encoding="utf-8")


def _timed(owner: object, name: str, spent: dict[str, float]) -> None:
    """Wrap `owner.name` so the time spent in it is added to spent[name]."""
    inner = getattr(owner, name)

    def wrapper(*args: object, **kwargs: object) -> object:
        start = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - start

    setattr(owner, name, wrapper)


def main() -> None:
    """Generate, import, export and print the figures.

    The machine may be shared: besides wall-clock time the script prints the process's CPU time
    and the load average, since rows per CPU second is what the import would do on an idle core.
    """
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    spent: dict[str, float] = {}
    _timed(csv_import, "read_file", spent)
    _timed(contact_rows.RowImporter, "check", spent)
    _timed(contact_rows.RowImporter, "write", spent)
    _timed(duplicates, "maintain_many_in", spent)
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        source = base / "contacts.csv"
        make_file(source, rows)
        ctx = open_app(base / "data")
        try:
            load_before = os.getloadavg()[0]
            start, cpu = time.perf_counter(), time.process_time()
            result = exchange.import_contacts(ctx, source)
            took, cpu = time.perf_counter() - start, time.process_time() - cpu
            assert result.imported == rows, result
            rate = rows / took
            print(f"import: {rows} rows in {took:.1f} s = {rate:,.0f} rows/s (wall clock)")
            print(f"        CPU time {cpu:.1f} s = {rows / cpu:,.0f} rows per CPU second")
            print(f"        load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after")
            print("        phases (wall): " + ", ".join(f"{k} {v:.1f} s" for k, v in spent.items()))
            print(
                f"target {TARGET:,.0f} rows/s: ratio {rate / TARGET:.2f} (wall), "
                f"{rows / cpu / TARGET:.2f} (CPU)"
            )
            start = time.perf_counter()
            count = exchange.export_contacts(ctx, base / "out.csv")
            took = time.perf_counter() - start
            print(f"export: {count} rows in {took:.1f} s = {count / took:,.0f} rows/s")
        finally:
            ctx.close()


if __name__ == "__main__":
    main()
