"""`crm-desktop merge contacts|list|undo`: merge two contacts, list past merges, undo one."""

from __future__ import annotations

import argparse
import sys

from crm_desktop.domain.errors import ConflictError
from crm_desktop.services import merge
from crm_desktop.services.app import open_app


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the subcommand."""
    p = sub.add_parser("merge", help="merge duplicate contacts, list merges, undo a merge")
    actions = p.add_subparsers(dest="merge_action", metavar="ACTION", required=True)
    contacts = actions.add_parser(
        "contacts",
        help="merge contact B into contact A: every record of B moves to A, B goes",
        description="Merge two contacts. The survivor's values win unless --prefer-other names "
        "the field; its blank fields are filled from the other contact. Every record of the "
        "contact that goes moves to the survivor, in one transaction; `merge undo N` takes it "
        "back.",
    )
    contacts.add_argument("a", metavar="A", help="the current contact (survives by default)")
    contacts.add_argument("b", metavar="B", help="the duplicate contact (goes by default)")
    contacts.add_argument("--keep", metavar="NO", help="the contact that survives: A or B")
    contacts.add_argument(
        "--prefer-other",
        metavar="FIELD,...",
        default="",
        help="fields (as in the CSV header) that take the other contact's value",
    )
    contacts.add_argument(
        "--drop-link",
        metavar="KIND",
        action="append",
        default=[],
        help="when both are linked to a different customer/vendor/bank_account/employee: keep "
        "the survivor's link; the other record loses its contact (may be repeated)",
    )
    contacts.set_defaults(handler=run_merge)
    listing = actions.add_parser("list", help="one line per merge, newest first")
    listing.set_defaults(handler=run_list)
    undo = actions.add_parser("undo", help="undo merge N: both contacts and every record back")
    undo.add_argument("merge_no", metavar="N", type=int)
    undo.set_defaults(handler=run_undo)


def run_merge(args: argparse.Namespace) -> int:
    """Merge, print what moved and how to take it back; exit 1 on a clash it names."""
    ctx = open_app(args.data_dir)
    try:
        try:
            done = merge.merge_contacts(
                ctx,
                args.a,
                args.b,
                keep=args.keep,
                prefer_other=[f for f in args.prefer_other.split(",") if f.strip()],
                drop_links=args.drop_link,
            )
        except ConflictError as exc:
            print(f"crm-desktop: {exc.message}", file=sys.stderr)
            if isinstance(exc, merge.MergeClash):
                print(
                    f"crm-desktop: to keep the survivor's link, add --drop-link {exc.kind}",
                    file=sys.stderr,
                )
            return 1
        print(
            f"Merged {done.gone_no} into {done.survivor_no} (merge {done.merge_no}): "
            f"{done.records_moved} records moved. Undo: crm-desktop merge undo {done.merge_no}"
        )
        return 0
    finally:
        ctx.close()


def run_list(args: argparse.Namespace) -> int:
    """Print every merge, newest first, each line starting with its number."""
    ctx = open_app(args.data_dir)
    try:
        rows = merge.list_merges(ctx)
        if not rows:
            print("No merges yet.")
        for r in rows:
            when = r.merged_at.strftime("%Y-%m-%d %H:%M")
            undone = f" (undone {r.undone_at:%Y-%m-%d %H:%M})" if r.undone_at else ""
            print(
                f"{r.no}  {when}  {r.gone_no} {r.gone_name} into {r.survivor_no} "
                f"{r.survivor_name}: {r.records_moved} records moved{undone}"
            )
        return 0
    finally:
        ctx.close()


def run_undo(args: argparse.Namespace) -> int:
    """Undo one merge; exit 1 naming what stops it."""
    ctx = open_app(args.data_dir)
    try:
        try:
            done = merge.undo_merge(ctx, args.merge_no)
        except ConflictError as exc:
            print(f"crm-desktop: {exc.message}", file=sys.stderr)
            return 1
        print(
            f"Undid merge {done.merge_no}: {done.gone_no} is back and {done.rows_restored} "
            f"records are as they were before the merge."
        )
        return 0
    finally:
        ctx.close()
