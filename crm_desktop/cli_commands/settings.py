"""`crm-desktop settings`: show or change the work date and my salesperson."""

from __future__ import annotations

import argparse
import datetime as dt

from crm_desktop.services import setup
from crm_desktop.services.app import open_app


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the subcommand."""
    p = sub.add_parser("settings", help="show or change the work date and my salesperson")
    p.add_argument(
        "--work-date",
        metavar="YYYY-MM-DD|today",
        help="date numbers and documents are issued on ('today' clears it)",
    )
    p.add_argument("--my-salesperson", metavar="CODE", help="my own salesperson code ('' clears)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Apply the changes given, then print the settings."""
    ctx = open_app(args.data_dir)
    try:
        if args.work_date is not None or args.my_salesperson is not None:
            wd: dt.date | None | str = "unchanged"
            if args.work_date is not None:
                wd = None if args.work_date == "today" else dt.date.fromisoformat(args.work_date)
            setup.update_user_setup(ctx, salesperson_code=args.my_salesperson, work_date=wd)
        values = setup.get_user_setup(ctx)
        print(f"data directory: {ctx.data_dir}")
        print(f"work date: {values.work_date or 'today'}")
        print(f"my salesperson: {values.salesperson_code or '(none)'}")
        return 0
    finally:
        ctx.close()
