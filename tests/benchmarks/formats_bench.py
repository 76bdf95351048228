"""Benchmark: import N contacts as vCards and as Outlook CSV (read, preview, import) against
the baseline of the same contacts in our own CSV imported directly, in the same run.

Run on demand (not collected by pytest):

    .venv/bin/python tests/benchmarks/formats_bench.py [ROWS]

The preview runs the whole import once in a rolled-back transaction (to find refused rows and
duplicates), so a format import costs about two CSV imports; the ratio says how close.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from crm_desktop.services import exchange
from crm_desktop.services.app import open_app
from crm_desktop.services.exchange import formats_import as fi


def _people(rows: int) -> list[tuple[str, str, str, str, str]]:
    companies = max(1, rows // 5)
    return [
        (f"Jo{i}", f"Person{i}", f"Company {i % companies} BV", f"p{i}@example.nl",
         f"06 {10000000 + i}")
        for i in range(rows)
    ]  # fmt: skip


def main(rows: int) -> None:
    people = _people(rows)
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        ours = base / "ours.csv"
        lines = ["type;name;company_name;email;mobile_phone_no"]
        lines += [f"company;{c};;;" for c in sorted({p[2] for p in people})]
        lines += [f"person;{f} {s};{c};{e};{m}" for f, s, c, e, m in people]
        ours.write_text("\r\n".join(lines) + "\r\n", "utf-8")
        vcf = base / "people.vcf"
        vcf.write_text(
            "".join(
                f"BEGIN:VCARD\r\nVERSION:3.0\r\nN:{s};{f};;;\r\nFN:{f} {s}\r\nORG:{c}\r\n"
                f"EMAIL;TYPE=INTERNET:{e}\r\nTEL;TYPE=CELL:{m}\r\nEND:VCARD\r\n"
                for f, s, c, e, m in people
            ),
            "utf-8",
        )
        outlook = base / "outlook.csv"
        outlook.write_text(
            "First Name,Last Name,Company,E-mail Address,Mobile Phone\r\n"
            + "".join(f"{f},{s},{c},{e},{m}\r\n" for f, s, c, e, m in people),
            "utf-8",
        )
        ctx = open_app(base / "baseline")
        t = time.perf_counter()
        exchange.import_contacts(ctx, ours)
        baseline = time.perf_counter() - t
        ctx.close()
        print(f"baseline: our CSV, {len(lines) - 1} rows: {baseline:.2f} s")
        for name, path in (("vCard 3.0", vcf), ("Outlook CSV", outlook)):
            ctx = open_app(base / name.replace(" ", "_"))
            t0 = time.perf_counter()
            source = fi.read_source(path)
            t1 = time.perf_counter()
            plan = fi.plan_import(ctx, source)
            t2 = time.perf_counter()
            result = fi.import_planned(ctx, plan)
            t3 = time.perf_counter()
            ctx.close()
            total = t3 - t0
            print(
                f"{name}: {result.result.imported} contacts; read {t1 - t0:.2f} s, preview "
                f"{t2 - t1:.2f} s, import {t3 - t2:.2f} s, total {total:.2f} s "
                f"({result.result.imported / total:.0f} contacts/s), "
                f"ratio to baseline {total / baseline:.2f}"
            )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
