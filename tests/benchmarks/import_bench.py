"""Benchmark: import 100,000 contacts from CSV into an empty data directory, then export them.

Run on demand (not collected by pytest):

    .venv/bin/python tests/benchmarks/import_bench.py [ROWS | --rows ROWS]   (or CRM_BENCH_ROWS)
    .venv/bin/python tests/benchmarks/import_bench.py --memory [ROWS] [--source DEMO_EXPORT.csv]

Prints rows/s for the import (target: at least 2,000 rows/s at 100,000 rows) and the export;
beside it (issue 15 point 1) the raw storage rate measured in the same run: the imported rows
copied as tuples with one `executemany` into a fresh data folder (the app's own schema, by the
real migrations: contact table, its indexes, FTS and trigram triggers), app/raw (target 0.5),
and the growth ratio t(ROWS)/t(ROWS/10) (target 11) from a second import of a tenth the size.
Default ROWS 20,000, so it finishes in a few minutes on a shared 2-core machine.
The file mixes what real files hold: a fifth companies with their own numbers, the rest persons
naming their company by `company_no` (half of them further down the file), numbers drawn from
Contact Nos. for the persons, e-mail and phone numbers to validate, inheritance and defaults.

`--memory` measures the peak RSS of `crm-desktop import` (a child process, SQLite's page cache
included) on an export of demo data with ROWS rows (default 1,000,000; target 300 MB, issue 14
point 8 and issue 15): the export is a demo data set of 10,000 contacts (or DEMO_EXPORT.csv)
repeated with renumbered contacts and names, imported into a data folder holding the demo's
master data. Beside it, the peak RSS of `crm-desktop check` on the same folder in the same run
(the app's own size) and the ratio.
"""

from __future__ import annotations

import csv
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from crm_desktop.services import duplicates, exchange
from crm_desktop.services.app import open_app
from crm_desktop.services.datafile.context import DB_FILE
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


def _repeat_export(source: Path, target: Path, rows: int) -> None:
    """Write `rows` rows of demo data: the export `source` again and again, each copy with its
    numbers prefixed and its names suffixed, so no number repeats and names stay distinct."""
    with open(source, newline="", encoding="utf-8-sig") as fh:
        table = list(csv.reader(fh))
    header, body = table[0], table[1:]
    at = {c: header.index(c) for c in ("no", "company_no", "name", "company_name", "search_name")}
    # Copies differ where duplicate search strings look, as distinct demo contacts do; copies
    # sharing addresses and phones would make every copy a duplicate of the others.
    varied = [header.index(c) for c in ("address", "phone_no", "email", "post_code")]
    with open(target, "w", newline="", encoding="utf-8-sig") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(header)
        written = 0
        copy = 0
        while written < rows:
            for cells in body[: rows - written]:
                row = list(cells)
                if copy:
                    row[at["no"]] = f"R{copy}{row[at['no']]}"
                    if row[at["company_no"]]:
                        row[at["company_no"]] = f"R{copy}{row[at['company_no']]}"
                        row[at["company_name"]] = f"{row[at['company_name']]} {copy}"[:100]
                    row[at["name"]] = f"{row[at['name']]} {copy}"[:100]
                    row[at["search_name"]] = row[at["name"]].upper()
                    for i in varied:
                        if row[i]:
                            row[i] = _vary(row[i], copy)
                writer.writerow(row)
            written += min(len(body), rows - written)
            copy += 1


def _vary(value: str, copy: int) -> str:
    if "@" in value:
        return f"r{copy}.{value}"[:80]
    return f"{value} {copy}"[:30] if any(ch.isdigit() for ch in value) else f"{value} {copy}"


def _child_peak(args: list[str]) -> tuple[float, float, str]:
    """Run `crm-desktop ARGS` in a fresh process: (seconds, its peak RSS in MB, its output)."""
    cmd = [sys.executable, "-m", "crm_desktop", *args]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    took = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed: {done.stderr[-2000:]}")
    # ru_maxrss of children is the largest child so far: run the bigger process last.
    return took, max(peak, before) / 1024, done.stdout.strip()


def memory(argv: list[str]) -> None:
    """Peak RSS of `crm-desktop import` on a large export of demo data (see the docstring)."""
    rows = int(argv[0]) if argv and argv[0].isdigit() else 1_000_000
    given = argv[argv.index("--source") + 1] if "--source" in argv else None
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        demo_dir = base / "demo"
        if given:
            source = Path(given)
        else:
            source = base / "demo.csv"
            _child_peak(["--data-dir", str(demo_dir), "demo", "--contacts", "10000"])
            _child_peak(["--data-dir", str(demo_dir), "export", str(source)])
        big = base / "big.csv"
        _repeat_export(source, big, rows)
        data = base / "data"
        ctx = open_app(data)
        try:
            from crm_desktop.services import demo

            demo.add_master_data(ctx)
        finally:
            ctx.close()
        _took, base_peak, _out = _child_peak(["--data-dir", str(data), "check"])
        took, peak, out = _child_peak(["--data-dir", str(data), "import", str(big)])
        size = big.stat().st_size / 1e6
        print(f"import of {rows:,} rows of demo data ({size:.1f} MB): {out}")
        print(f"  {took:.0f} s = {rows / took:,.0f} rows/s")
        print(f"  peak RSS {peak:.0f} MB (target 300 MB: {'met' if peak <= 300 else 'MISSED'})")
        print(f"  baseline `crm-desktop check` in the same run: {base_peak:.0f} MB")
        print(f"  ratio import/baseline {peak / base_peak:.2f}; file/peak {size / peak:.2f}")


def main() -> None:
    """Generate, import, export and print the figures.

    The machine may be shared: besides wall-clock time the script prints the process's CPU time
    and the load average, since rows per CPU second is what the import would do on an idle core.
    """
    if "--memory" in sys.argv:
        memory([a for a in sys.argv[1:] if a != "--memory"])
        return
    rows = _rows()
    small = _import_seconds(max(100, rows // 10), {})[0]
    spent: dict[str, float] = {}
    _timed(csv_import, "sniff", spent)
    _timed(contact_rows.RowImporter, "check", spent)
    _timed(contact_rows.RowImporter, "write", spent)
    _timed(duplicates, "maintain_many_in", spent)
    took, cpu, load_before, raw = _import_seconds(rows, spent, export=True)
    rate = rows / took
    print(f"import: {rows} rows in {took:.1f} s = {rate:,.0f} rows/s (wall clock)")
    print(f"        CPU time {cpu:.1f} s = {rows / cpu:,.0f} rows per CPU second")
    print(f"        load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after")
    print("        phases (wall): " + ", ".join(f"{k} {v:.1f} s" for k, v in spent.items()))
    print(
        f"target {TARGET:,.0f} rows/s: ratio {rate / TARGET:.2f} (wall), "
        f"{rows / cpu / TARGET:.2f} (CPU)"
    )
    print(f"raw executemany into the app's schema, same run: {raw:,.0f} rows/s")
    print(f"app/raw {rate / raw:.2f} (target 0.5)")
    print(
        f"growth t({rows})/t({max(100, rows // 10)}) = {took / small:.1f} (target 11; "
        f"small run {small:.1f} s)"
    )


def _rows() -> int:
    """ROWS from `--rows N`, a bare N, or CRM_BENCH_ROWS (default 20,000)."""
    args = sys.argv[1:]
    if "--rows" in args:
        return int(args[args.index("--rows") + 1])
    if args and args[0].isdigit():
        return int(args[0])
    return int(os.environ.get("CRM_BENCH_ROWS", "20000"))


def _import_seconds(
    rows: int, spent: dict[str, float], *, export: bool = False
) -> tuple[float, float, float, float]:
    """Import a generated file of `rows` rows: (wall s, CPU s, load before, raw rows/s)."""
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
            if export:
                start = time.perf_counter()
                count = exchange.export_contacts(ctx, base / "out.csv")
                took_out = time.perf_counter() - start
                print(f"export: {count} rows in {took_out:.1f} s = {count / took_out:,.0f} rows/s")
        finally:
            ctx.close()
        raw = _raw_rate(base / "data" / DB_FILE, base / "raw") if export else 0.0
    return took, cpu, load_before, raw


def _raw_rate(imported: Path, raw_dir: Path) -> float:
    """Rows/s of one executemany of the imported contact rows (as tuples) into a fresh data
    folder's contact table, with its indexes and triggers, plus the COMMIT."""
    open_app(raw_dir).close()
    with sqlite3.connect(imported) as src:
        cols = [r[1] for r in src.execute("PRAGMA table_info(contact)")]
        names = ", ".join(f'"{c}"' for c in cols)
        data = src.execute(f"SELECT {names} FROM contact").fetchall()
    dst = sqlite3.connect(raw_dir / DB_FILE, isolation_level=None)
    try:
        dst.execute("DELETE FROM contact")
        start = time.perf_counter()
        dst.execute("BEGIN")
        dst.executemany(
            f"INSERT INTO contact ({names}) VALUES ({', '.join('?' for _ in cols)})", data
        )
        dst.execute("COMMIT")
        took = time.perf_counter() - start
    finally:
        dst.close()
    return len(data) / took


if __name__ == "__main__":
    main()
