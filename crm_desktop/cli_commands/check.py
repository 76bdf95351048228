"""`crm-desktop check`: integrity and consistency of the data; non-zero exit when wrong."""

from __future__ import annotations

import argparse

from crm_desktop.services.app import resolve_data_dir
from crm_desktop.services.backups.check import check_data_dir


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the subcommand."""
    p = sub.add_parser(
        "check",
        help="check the data file's integrity and consistency (exit 1 when something is wrong)",
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print the report; 0 when all is well, 1 when a problem was found."""
    report = check_data_dir(resolve_data_dir(args.data_dir))
    found = f" ({', '.join(report.found)})" if report.found else ""
    if report.ok:
        print(f"{report.path}: ok{found}")
        return 0
    count = len(report.problems)
    print(f"{report.path}: {count} problem{'' if count == 1 else 's'}{found}")
    for problem in report.problems:
        print(f"  - {problem}")
    return 1
