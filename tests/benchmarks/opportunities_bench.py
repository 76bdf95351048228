"""Pipeline figures (run on demand: `.venv/bin/python tests/benchmarks/opportunities_bench.py [N]`).

Fills N opportunities (each with its first stage, a third moved on a stage, a sixth closed) over
200 companies in transactions of 500, then times what the Opportunities page reads on every refresh:
the stage chart, the won/lost months, the list's count and first block of 200, and a company's
figures. The baseline is a plain COUNT(*) over the entries in the same run.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select

from crm_desktop.domain import opportunities as rules
from crm_desktop.services import contacts, setup
from crm_desktop.services import opportunities as opps
from crm_desktop.services.app import open_app
from crm_desktop.services.opportunities.edit import create_in
from crm_desktop.services.opportunities.stages import Close, close_in, move_in
from crm_desktop.storage import models as m

DAY = dt.date(2026, 11, 20)


def timed(fn, repeat: int = 5) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def fill(ctx, companies: list[str], first: int, last: int) -> None:  # type: ignore[no-untyped-def]
    """Opportunities first..last-1 in one transaction."""
    with ctx.db.uow() as s:
        for i in range(first, last):
            opp = create_in(
                s,
                opps.NewOpportunity(
                    contact_no=companies[i % 200],
                    description=f"Deal {i}",
                    sales_cycle_code="NEW",
                    salesperson_code="B",
                    activate_first_stage=True,
                    estimated_value=Decimal(1000 + i % 977),
                    chances_of_success=Decimal(40),
                    estimated_close_date=DAY + dt.timedelta(days=i % 90),
                ),
                DAY - dt.timedelta(days=i % 300),
            )
            if i % 3 == 0:
                move_in(
                    s,
                    opp.no,
                    rules.Move(rules.NEXT, None, DAY, Decimal(1500), Decimal(50), None),
                )
            if i % 6 == 0:
                close_in(s, opp.no, Close(rules.LOST, "PRICE", DAY), DAY)


def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ctx = open_app(Path(tmp) / "data")
        setup.update_user_setup(ctx, work_date=DAY)
        from crm_desktop.services import masterdata

        masterdata.save_row(ctx, "salesperson", {"code": "B", "name": "Bench"})
        companies = [
            contacts.create_contact(ctx, {"type": "company", "name": f"Co {i}"}).contact.no
            for i in range(200)
        ]
        start = time.perf_counter()
        for first in range(0, n, 500):  # transactions of 500: one session's flushes grow with it
            fill(ctx, companies, first, min(n, first + 500))
        filled = time.perf_counter() - start
        f = opps.OpportunityFilter(sales_cycle_code="NEW", status="open")

        def baseline() -> None:
            with ctx.db.read() as s:
                s.scalar(select(func.count()).select_from(m.OpportunityEntry))

        figures = {
            "baseline COUNT(*) entries": timed(baseline),
            "stage chart (pipeline)": timed(lambda: opps.pipeline(ctx, f)),
            "won/lost 12 months": timed(lambda: opps.won_lost_by_month(ctx, DAY, 12, f)),
            "list count": timed(lambda: opps.count_opportunities(ctx, f)),
            "list first block of 200": timed(lambda: opps.fetch_opportunities(ctx, f, 0, 200)),
            "list block sorted by current value": timed(
                lambda: opps.fetch_opportunities(
                    ctx, opps.OpportunityFilter(status="open", sort="current_value"), 0, 200
                )
            ),
            "company figures": timed(lambda: opps.contact_figures(ctx, companies[7])),
        }
        base = figures["baseline COUNT(*) entries"]
        print(f"{n} opportunities filled in {filled:.1f} s (transactions of 500)")
        for name, seconds in figures.items():
            print(f"  {name:38s} {seconds * 1000:8.1f} ms   x{seconds / base:6.1f} baseline")
        ctx.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
