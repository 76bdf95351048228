"""`crm-desktop import FILE.csv [--skip-invalid]` and `crm-desktop export FILE.csv [--search
TEXT] [--type company|person] [--salesperson CODE] [--company NO] [--separator comma|semicolon]`."""

from __future__ import annotations

import argparse
import sys

from crm_desktop.domain.csv_format import COLUMNS, RowError
from crm_desktop.domain.errors import CrmError
from crm_desktop.services import exchange
from crm_desktop.services.app import open_app
from crm_desktop.services.contacts.listing import ContactFilter


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
    p.set_defaults(handler=run_import)
    q = sub.add_parser(
        "export",
        help="export contacts to a CSV file (all, or those the options select)",
        description="Export contacts to a CSV file, ordered by No. The options select as the "
        "contact list does: --search as typed in its search box, --type, --salesperson, "
        "--company (the persons of that company).",
    )
    q.add_argument("file", metavar="FILE.csv")
    q.add_argument("--search", default="", metavar="TEXT", help="what the search box finds")
    q.add_argument("--type", choices=("company", "person"), default="", help="only this type")
    q.add_argument("--salesperson", default="", metavar="CODE", help="only this salesperson's")
    q.add_argument("--company", default="", metavar="NO", help="the persons of company NO")
    q.add_argument(
        "--separator",
        choices=("comma", "semicolon"),
        default="comma",
        help="cell separator (semicolon for a Dutch Excel; default comma)",
    )
    q.set_defaults(handler=run_export)


def _print_rows(errors: list[RowError]) -> None:
    for error in errors:
        print(f"  {error}", file=sys.stderr)


def run_import(args: argparse.Namespace) -> int:
    """Import; exit 0 when written, 1 when rows were bad and nothing was written."""
    ctx = open_app(args.data_dir)
    try:
        try:
            result = exchange.import_contacts(ctx, args.file, skip_invalid=args.skip_invalid)
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
    """Export the contacts the options select; exit 1 with the reason when it cannot."""
    flt = ContactFilter(
        text=args.search,
        type=args.type,
        salesperson_code=args.salesperson,
        company_no=args.company,
    )
    ctx = open_app(args.data_dir)
    try:
        try:
            count = exchange.export_contacts(ctx, args.file, flt=flt, separator=args.separator)
        except CrmError as exc:
            print(f"crm-desktop: {exc.message}", file=sys.stderr)
            return 1
        print(f"exported {count} contacts to {args.file}")
        return 0
    finally:
        ctx.close()
