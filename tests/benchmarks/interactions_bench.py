"""Benchmark: the interaction log on many entries (not a timed test).

Run on demand:  PYTHONPATH=. .venv/bin/python tests/benchmarks/interactions_bench.py [--entries 10000]

Writes N entries (bulk, one transaction, spread over 200 companies with 4 persons each), then
measures what the screens ask for: the log page's count and its first and last block (200 rows)
unfiltered and filtered by company, kind and text; a company's card statistics and timeline
(first block); and logging one interaction through the service. Each figure is printed with its
ratio to the baseline measured in the same run: a plain `count(*)` over the log table for the
reads, one contact update for the write.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from crm_desktop.domain.interactions import InteractionDraft
from crm_desktop.services import contacts, masterdata
from crm_desktop.services.app import open_app
from crm_desktop.services.interactions import create, listing
from crm_desktop.storage import models as m

COMPANIES = 200
PERSONS = 4
BLOCK = 200


def _timed(fn, repeat: int = 5) -> float:  # type: ignore[no-untyped-def]
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=10_000)
    n = parser.parse_args().entries
    ctx = open_app(Path(tempfile.mkdtemp()) / "data")
    masterdata.save_row(ctx, "salesperson", {"code": "SP", "name": "SP"})
    people: list[tuple[str, str]] = []
    for c in range(COMPANIES):
        co = contacts.create_contact(ctx, {"type": "company", "name": f"Bench {c}"}).contact.no
        people.append((co, co))
        for p in range(PERSONS):
            no = contacts.create_contact(
                ctx, {"type": "person", "first_name": f"P{p}", "surname": f"B{c}", "company_no": co}
            ).contact.no
            people.append((no, co))
    kinds = ("manual", "call", "email", "meeting", "letter", "document")
    start = time.perf_counter()
    with ctx.db.uow() as s:
        for i in range(n):
            no, co = people[i % len(people)]
            s.add(
                m.InteractionLogEntry(
                    contact_no=no,
                    contact_company_no=co,
                    date=dt.date(2020, 1, 1) + dt.timedelta(days=i % 2500),
                    description=f"Entry {i} about offer {i % 97}",
                    interaction_template_code="MEETING",
                    interaction_group_code="MEETING",
                    salesperson_code="SP",
                    kind=kinds[i % len(kinds)],
                    cost_lcy=i % 50,
                    duration_min=i % 60,
                )
            )
    print(f"entries: {n} written in {time.perf_counter() - start:.1f} s")

    def baseline() -> None:
        with ctx.db.read() as s:
            s.scalar(select(func.count()).select_from(m.InteractionLogEntry))

    base = _timed(baseline)
    company = people[0][1]
    filters = {
        "all": listing.LogFilter(),
        "company": listing.LogFilter(company_no=company),
        "kind": listing.LogFilter(kind="call"),
        "text": listing.LogFilter(text="offer 42"),
    }
    print(f"baseline count(*): {base:.2f} ms")
    for name, flt in filters.items():
        total = listing.count_entries(ctx, flt)
        count_ms = _timed(lambda f=flt: listing.count_entries(ctx, f))
        first_ms = _timed(lambda f=flt: listing.fetch_entries(ctx, f, 0, BLOCK))
        last = max(0, total - BLOCK)
        last_ms = _timed(lambda f=flt, o=last: listing.fetch_entries(ctx, f, o, BLOCK))
        print(
            f"log {name:8s} ({total} rows): count {count_ms:.1f} ms ({count_ms / base:.1f}x), "
            f"first block {first_ms:.1f} ms ({first_ms / base:.1f}x), "
            f"last block {last_ms:.1f} ms ({last_ms / base:.1f}x)"
        )
    stats_ms = _timed(lambda: listing.statistics(ctx, company))
    timeline_ms = _timed(lambda: listing.fetch_timeline(ctx, company, 0, BLOCK))
    print(f"card statistics (company): {stats_ms:.1f} ms ({stats_ms / base:.1f}x)")
    print(f"card timeline first block (company): {timeline_ms:.1f} ms ({timeline_ms / base:.1f}x)")

    def update() -> None:
        contacts.update_contact(ctx, company, {"city": f"C{time.perf_counter_ns() % 1000}"})

    write_base = _timed(update)
    log_ms = _timed(
        lambda: create.create_interaction(
            ctx,
            InteractionDraft(
                contact_no=company,
                template_code="MEETING",
                date=dt.date(2026, 12, 1),
                salesperson_code="SP",
            ),
        )
    )
    print(f"log one interaction: {log_ms:.1f} ms ({log_ms / write_base:.1f}x a contact update)")
    ctx.close()


if __name__ == "__main__":
    main()
