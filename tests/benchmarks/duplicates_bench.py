"""Benchmark: duplicate scan time for 10,000 and 100,000 companies (not collected by pytest).

Run: `.venv/bin/python tests/benchmarks/duplicates_bench.py [companies ...]`

Data comes from the demo generator (about one company to three persons; persons are not indexed).
For each size it prints: the first scan (every company's 16 search strings computed and written,
then matched), a rescan with nothing stale (strings compared, pairs replaced), and the time one
company save spends in `maintain_in` on the full file. The baseline is the 10,000 figure: the
ratio shows how the scan grows with the file.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from crm_desktop.services import contacts, demo, duplicates, setup
from crm_desktop.services.app import open_app
from crm_desktop.services.duplicates import full_scan
from crm_desktop.storage import models as m

PERSONS_PER_COMPANY = 2.5  # the demo generator's average, measured


def run(companies: int) -> dict[str, float]:
    """Time the scans on a fresh data directory holding about `companies` companies."""
    with tempfile.TemporaryDirectory() as tmp:
        ctx = open_app(Path(tmp) / "data")
        try:
            # Strings are built by the scan being timed, not while the demo data goes in.
            setup.update_marketing_setup(ctx, {"maintain_dupl_search_strings": False})
            started = time.perf_counter()
            made = demo.generate(ctx, int(companies * (1 + PERSONS_PER_COMPANY)), seed=7)
            fill = time.perf_counter() - started
            started = time.perf_counter()
            first = duplicates.scan(ctx)
            first_s = time.perf_counter() - started
            started = time.perf_counter()
            again = duplicates.scan(ctx)
            again_s = time.perf_counter() - started
            # How long a scan holds the write lock (the rest runs in a read transaction).
            with ctx.db.read() as s:
                plan = full_scan.plan_scan(s, 60, None, None)
            started = time.perf_counter()
            with ctx.db.uow() as s:
                full_scan.apply_scan(s, plan, None)
            write_s = time.perf_counter() - started
            setup.update_marketing_setup(ctx, {"maintain_dupl_search_strings": True})
            with ctx.db.read() as s:
                name, address, city = s.execute(
                    select(m.Contact.name, m.Contact.address, m.Contact.city)
                    .where(m.Contact.type == "company")
                    .limit(1)
                ).one()
            started = time.perf_counter()
            saved = contacts.create_contact(
                ctx, {"type": "company", "name": name, "address": address, "city": city}
            )
            save_s = time.perf_counter() - started
            with ctx.db.read() as s:
                strings = s.scalar(select(func.count()).select_from(m.ContDuplicateSearchString))
            print(
                f"{made.companies:>7} companies ({made.persons} persons, demo data in {fill:.1f} s): "
                f"first scan {first_s:.2f} s ({first.strings_changed} strings, {first.pairs} pairs); "
                f"rescan {again_s:.2f} s ({again.strings_changed} stale strings, {again.pairs} pairs, "
                f"write lock held {write_s:.2f} s); "
                f"one company save {save_s * 1000:.0f} ms ({len(saved.duplicates)} duplicates); "
                f"{strings} strings stored"
            )
            return {"companies": made.companies, "first": first_s, "again": again_s}
        finally:
            ctx.close()


def main(argv: list[str]) -> None:
    """Run the sizes asked for (default 10,000 and 100,000) and print the ratios."""
    sizes = [int(a) for a in argv] or [10_000, 100_000]
    results = [run(n) for n in sizes]
    base = results[0]
    for r in results[1:]:
        grow = r["companies"] / base["companies"]
        print(
            f"x{grow:.1f} companies: first scan x{r['first'] / base['first']:.1f}, "
            f"rescan x{r['again'] / base['again']:.1f} (baseline {base['companies']:.0f})"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
