"""`crm-desktop demo [--contacts N] [--seed S]`: fill the data directory with generated contacts."""

from __future__ import annotations

import argparse
import time

from crm_desktop.services import demo
from crm_desktop.services.app import open_app


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the subcommand."""
    p = sub.add_parser(
        "demo",
        help="add generated companies and persons (Dutch and English) to see the app with data",
    )
    p.add_argument(
        "--contacts", type=int, default=1000, metavar="N", help="how many (default 1000)"
    )
    p.add_argument("--seed", type=int, default=1, help="the same seed gives the same contacts")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Generate the contacts and say how many and how fast."""
    ctx = open_app(args.data_dir)
    try:
        started = time.perf_counter()
        result = demo.generate(ctx, args.contacts, seed=args.seed)
        seconds = time.perf_counter() - started
        print(
            f"added {result.contacts} contacts ({result.companies} companies, "
            f"{result.persons} persons) to {ctx.data_dir} in {seconds:.1f} s"
        )
        return 0
    finally:
        ctx.close()
