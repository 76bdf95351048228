"""`crm-desktop import FILE.csv [--skip-invalid]` and `crm-desktop export FILE.csv`."""

from __future__ import annotations

import argparse
import sys

from crm_desktop.domain.csv_format import COLUMNS, RowError
from crm_desktop.services import exchange
from crm_desktop.services.app import open_app


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the import and export subcommands."""
    p = sub.add_parser(
        "import",
        help="import contacts from a CSV file (all rows or none)",
        description="Import contacts from a CSV file: UTF-8 or Windows-1252, comma or "
        "semicolon separated, line 1 a header of column names: " + ", ".join(COLUMNS) + ". "
        "Every row is checked first; a file with any bad row changes nothing.",
    )
    p.add_argument("file", metavar="FILE.csv")
    p.add_argument(
        "--skip-invalid",
        action="store_true",
        help="import the good rows and list the bad ones instead of importing nothing",
    )
    p.add_argument(
        "--encoding",
        choices=("auto", "utf-8-replace"),
        default="auto",
        help="auto: UTF-8, else Windows-1252, a file mixing both refused; utf-8-replace: read "
        "as UTF-8, bytes that are not UTF-8 replaced and their lines listed",
    )
    p.set_defaults(handler=run_import)
    q = sub.add_parser("export", help="export every contact to a CSV file")
    q.add_argument("file", metavar="FILE.csv")
    q.set_defaults(handler=run_export)


def _print_rows(errors: list[RowError]) -> None:
    for error in errors:
        print(f"  {error}", file=sys.stderr)


def run_import(args: argparse.Namespace) -> int:
    """Import; exit 0 when written, 1 when rows were bad and nothing was written."""
    ctx = open_app(args.data_dir)
    try:
        try:
            result = exchange.import_contacts(
                ctx,
                args.file,
                skip_invalid=args.skip_invalid,
                replace_invalid=args.encoding == "utf-8-replace",
            )
        except exchange.ImportRefusedError as exc:
            print(f"crm-desktop: {exc.message}", file=sys.stderr)
            _print_rows(exc.errors)
            return 1
        print(
            f"imported {result.imported} contacts "
            f"({result.companies} companies, {result.persons} persons)"
        )
        for notice in result.notices:
            print(f"note: {notice}")
        if result.errors:
            print(f"skipped {len(result.errors)} rows with errors:", file=sys.stderr)
            _print_rows(result.errors)
        return 0
    finally:
        ctx.close()


def run_export(args: argparse.Namespace) -> int:
    """Export every contact."""
    ctx = open_app(args.data_dir)
    try:
        count = exchange.export_contacts(ctx, args.file)
        print(f"exported {count} contacts to {args.file}")
        return 0
    finally:
        ctx.close()
