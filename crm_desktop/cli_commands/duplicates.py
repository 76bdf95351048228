"""`crm-desktop duplicates scan`: find duplicate contacts without the GUI."""

from __future__ import annotations

import argparse
import csv
import sys
import time

from crm_desktop.services import duplicates
from crm_desktop.services.app import open_app

METHODS = {"search-strings": "search_strings", "fuzzy": "fuzzy"}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the subcommand."""
    p = sub.add_parser("duplicates", help="find duplicate contacts")
    actions = p.add_subparsers(dest="duplicates_action", metavar="ACTION", required=True)
    scan = actions.add_parser(
        "scan",
        help="bring search data up to date and replace the stored pairs not kept separate",
    )
    scan.add_argument(
        "--method",
        choices=sorted(METHODS),
        help="duplicate search method (default: the one chosen in Marketing Setup)",
    )
    scan.add_argument(
        "--threshold",
        type=int,
        metavar="N",
        help="the method's threshold, 1-100 (search-strings: Search Hit %%; "
        "default: Marketing Setup's)",
    )
    scan.add_argument(
        "--type",
        choices=("company", "person", "all"),
        default="all",
        help="which contacts to scan (default: all; the search-strings method indexes "
        "companies only)",
    )
    scan.add_argument(
        "--output", metavar="FILE.csv", help="also write the pairs found, each once, to a CSV file"
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Scan, store the pairs like the GUI does, report, and write the CSV when asked."""
    ctx = open_app(args.data_dir)
    try:
        started = time.perf_counter()
        method = METHODS[args.method] if args.method else None
        result = duplicates.scan(
            ctx, method=method, threshold=args.threshold, contact_type=args.type
        )
        seconds = time.perf_counter() - started
        pairs = [p for p in duplicates.list_pairs(ctx) if not p.separate]
        if args.type != "all":
            pairs = [p for p in pairs if p.contact_type == args.type]
        if args.output:
            with open(args.output, "w", newline="", encoding="utf-8") as out:
                writer = csv.writer(out)
                writer.writerow(
                    ["contact_no", "duplicate_contact_no", "score", "method", "reasons"]
                )
                for pair in pairs:
                    writer.writerow(
                        [
                            pair.contact_no,
                            pair.duplicate_contact_no,
                            pair.score,
                            pair.method,
                            duplicates.reasons_of(pair),
                        ]
                    )
        involved = len({n for p in pairs for n in (p.contact_no, p.duplicate_contact_no)})
        print(
            f"{result.companies} contacts scanned in {seconds:.1f} s: {len(pairs)} possible "
            f"duplicate pairs among {involved} contacts ({result.kept_separate} pairs kept "
            "separate)",
            file=sys.stdout,
        )
        return 0
    finally:
        ctx.close()
