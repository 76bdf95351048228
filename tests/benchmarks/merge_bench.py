"""Benchmark: merging two companies with many persons, and undoing it (not a timed test).

Run on demand:  .venv/bin/python tests/benchmarks/merge_bench.py [--contacts 10000] [--persons 200]

In a fresh data directory filled with demo contacts, two companies get `--persons` persons each
and business relations. Measured: the merge (every person of the one that goes moves, with the
change capture recording every row), its undo, and, as the baseline in the same run, saving a
company whose change reaches the same number of persons (the contacts service's propagation,
the closest existing action of the same size). Prints each time and its ratio to the baseline.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

from crm_desktop.services import contacts, demo, merge
from crm_desktop.services.app import open_app


def _company_with_persons(ctx, name: str, persons: int) -> str:  # type: ignore[no-untyped-def]
    no = contacts.create_contact(ctx, {"type": "company", "name": name, "city": "Utrecht"})
    company = no.contact.no
    with ctx.db.uow() as s:
        for i in range(persons):
            contacts.create_in(
                s,
                {"type": "person", "name": f"{name} Person {i}", "company_no": company},
                on=dt.date(2026, 12, 2),
            )
    return company


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=10000)
    parser.add_argument("--persons", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ctx = open_app(Path(tmp) / "data")
        demo.generate(ctx, args.contacts)
        keep = _company_with_persons(ctx, "Bench Keep", args.persons)
        go = _company_with_persons(ctx, "Bench Go", args.persons)
        base = _company_with_persons(ctx, "Bench Base", args.persons)
        t = time.perf_counter()
        saved = contacts.update_contact(ctx, base, {"city": "Zeist"})
        baseline = time.perf_counter() - t
        assert len(saved.persons_updated) == args.persons
        t = time.perf_counter()
        done = merge.merge_contacts(ctx, keep, go, take_other=["city"])
        merged = time.perf_counter() - t
        t = time.perf_counter()
        merge.undo_merge(ctx, done.merge_no)
        undone = time.perf_counter() - t
        ctx.close()
    print(f"{args.contacts} contacts, {args.persons} persons per company")
    print(f"baseline: company save reaching {args.persons} persons: {baseline * 1000:.0f} ms")
    print(
        f"merge: {merged * 1000:.0f} ms ({done.records_moved} records moved), "
        f"ratio {merged / baseline:.1f}"
    )
    print(f"undo: {undone * 1000:.0f} ms, ratio {undone / baseline:.1f}")


if __name__ == "__main__":
    main()
