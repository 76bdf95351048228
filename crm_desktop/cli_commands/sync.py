"""`crm-desktop create-contacts`: make the missing contacts of customers, vendors or bank accounts
(BC's "Create Conts. from ..." reports). After an import done with the business relation codes
cleared (spec §11 item 1), set the codes again and run this once per kind."""

from __future__ import annotations

import argparse
import sys

from crm_desktop.domain.sync import Kind
from crm_desktop.services.app import open_app
from crm_desktop.services.sync import batch as sync_batch

KINDS: dict[str, Kind] = {
    "customers": "customer",
    "vendors": "vendor",
    "bank-accounts": "bank_account",
}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the subcommand."""
    p = sub.add_parser(
        "create-contacts",
        help="create the missing contacts of customers, vendors or bank accounts",
    )
    p.add_argument("source", choices=sorted(KINDS), help="which records to make contacts for")
    p.add_argument("--no", action="append", metavar="NO", help="only this record (repeatable)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Run the batch in one transaction and say what it made."""
    ctx = open_app(args.data_dir)
    try:
        result = sync_batch.create_contacts_from(ctx, KINDS[args.source], args.no)
        created = len(result.contacts_created)
        print(
            f"{created} contact{'' if created == 1 else 's'} created for "
            f"{len(result.linked)} {args.source} that had none",
            file=sys.stdout,
        )
        return 0
    finally:
        ctx.close()
