"""`crm-desktop import FILE [--skip-invalid] [--duplicates skip|merge|import]` and
`crm-desktop export FILE.csv|FILE.vcf|FILE.xlsx [--format ours|outlook|google]
[--vcard-version 3.0|4.0] [--search TEXT] [--type company|person] [--salesperson CODE]
[--company NO] [--separator comma|semicolon]`."""

from __future__ import annotations

import argparse
import sys

from crm_desktop.domain.csv_format import COLUMNS, RowError
from crm_desktop.domain.errors import CrmError
from crm_desktop.domain.exchange_formats import csv_kinds as kinds
from crm_desktop.domain.exchange_formats.source import KIND_CAPTIONS, sniff
from crm_desktop.services import exchange
from crm_desktop.services.app import AppContext, open_app
from crm_desktop.services.contacts.listing import ContactFilter
from crm_desktop.services.exchange import formats_export, formats_import


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
        "--duplicates",
        choices=formats_import.CHOICES,
        default=None,
        help="what to do with an incoming contact that duplicates an existing one or an "
        "earlier one of the file (Marketing Setup's duplicate method): skip it (default), "
        "merge it into the existing contact, or import it anyway; our own CSV is checked for "
        "duplicates only when this is given (without it, it streams in bounded memory)",
    )
    p.add_argument(
        "--encoding",
        choices=("auto", "utf-8-replace"),
        default="auto",
        help="auto: UTF-8, else Windows-1252, a file mixing both refused; utf-8-replace: read "
        "as UTF-8, bytes that are not UTF-8 replaced and their lines listed",
    )
    p.set_defaults(handler=run_import)
    p.description = (
        "Import contacts from a file, its format told by its content: our CSV (UTF-8 or "
        "Windows-1252, comma or semicolon separated, line 1 a header of column names: "
        + ", ".join(COLUMNS)
        + "), Outlook or Google Contacts CSV (English or Dutch headers), vCard 2.1/3.0/4.0 "
        "(.vcf) or Excel (.xlsx, first sheet). Every row is checked first; a file with any "
        "bad row changes nothing."
    )
    q = sub.add_parser(
        "export",
        help="export contacts to a CSV, vCard (.vcf) or Excel (.xlsx) file",
        description="Export contacts; the file name's extension picks vCard (.vcf) or Excel "
        "(.xlsx), else CSV in the --format given. The options select as the contact list "
        "does: --search as typed in its search box, --type, --salesperson, --company (the "
        "persons of that company).",
    )
    q.add_argument("file", metavar="FILE.csv|FILE.vcf|FILE.xlsx")
    q.add_argument(
        "--format",
        dest="export_format",
        choices=formats_export.FORMATS,
        default="ours",
        help="CSV columns: ours (every field, with numbers; default), outlook or google",
    )
    q.add_argument(
        "--vcard-version",
        choices=("3.0", "4.0"),
        default="4.0",
        help="vCard version for .vcf files (default 4.0; 3.0 for older programs)",
    )
    q.add_argument("--search", default="", metavar="TEXT", help="what the search box finds")
    q.add_argument("--type", choices=("company", "person"), default="", help="only this type")
    q.add_argument("--salesperson", default="", metavar="CODE", help="only this salesperson's")
    q.add_argument("--company", default="", metavar="NO", help="the persons of company NO")
    q.add_argument(
        "--separator",
        choices=("comma", "semicolon"),
        default="comma",
        help="cell separator of our CSV (semicolon for a Dutch Excel; default comma)",
    )
    q.set_defaults(handler=run_export)


def _print_rows(errors: list[RowError]) -> None:
    for error in errors:
        print(f"  {error}", file=sys.stderr)


def run_import(args: argparse.Namespace) -> int:
    """Import; exit 0 when written, 1 when rows were bad and nothing was written."""
    ctx = open_app(args.data_dir)
    try:
        replace = args.encoding == "utf-8-replace"
        if args.duplicates is None and _is_our_csv(args.file, replace):
            # Our own CSV streams through the importer with bounded memory (README): the
            # duplicate check of other formats reads the whole file, so it runs only when asked.
            print(f"format: {KIND_CAPTIONS[kinds.OURS]}")
            return _import_ours(ctx, args, replace)
        try:
            source = formats_import.read_source(args.file, replace_invalid=replace)
            print(f"format: {source.caption}")
            plan = formats_import.plan_import(ctx, source)
            for offer in plan.offers:
                others = ", ".join(c.no or f"line {c.line}" for c in offer.candidates)
                print(f"duplicate: line {offer.line} {offer.name} ~ {others}: {args.duplicates}")
            done = formats_import.import_planned(
                ctx,
                plan,
                default=args.duplicates or formats_import.SKIP,
                skip_invalid=args.skip_invalid,
            )
            result = done.result
        except exchange.ImportRefusedError as exc:
            print(f"crm-desktop: {exc.message}", file=sys.stderr)
            _print_rows(exc.errors)
            return 1
        for line in done.not_imported:
            print(f"not imported: {line}")
        if done.pictures:
            print(f"pictures: {done.pictures}")
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


def _is_our_csv(path: str, replace_invalid: bool) -> bool:
    """Whether the file is our own CSV, told from its first 64 KiB (a file that cannot be read
    goes the general way, which names the reason)."""
    try:
        with open(path, "rb") as f:
            head = f.read(64 * 1024 + 1)
        return sniff(head, replace_invalid=replace_invalid) == kinds.OURS
    except (OSError, CrmError):
        return False


def _import_ours(ctx: AppContext, args: argparse.Namespace, replace_invalid: bool) -> int:
    try:
        result = exchange.import_contacts(
            ctx, args.file, skip_invalid=args.skip_invalid, replace_invalid=replace_invalid
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
            count = formats_export.export_file(
                ctx,
                args.file,
                fmt=args.export_format,
                vcard_version=args.vcard_version,
                flt=flt,
                separator=args.separator,
            )
        except CrmError as exc:
            print(f"crm-desktop: {exc.message}", file=sys.stderr)
            return 1
        print(f"exported {count} contacts to {args.file}")
        return 0
    finally:
        ctx.close()
