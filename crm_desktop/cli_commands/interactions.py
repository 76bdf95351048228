"""`crm-desktop log-interaction`: log one interaction of a kind of the Interaction Template
Setup (a call, an e-mail, a cover sheet, a document ...) against a contact, or a customer or
vendor through its contact, through the one logging service. When the setup has no template
for the kind nothing is logged and a `note:` line says so."""

from __future__ import annotations

import argparse
import sys

from crm_desktop.domain.interactions import SETUP_KINDS
from crm_desktop.services.app import open_app
from crm_desktop.services.interactions import log


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the subcommand."""
    p = sub.add_parser("log-interaction", help="log an interaction through the template setup")
    p.add_argument("kind", choices=sorted(SETUP_KINDS), help="Interaction Template Setup field")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--contact", metavar="NO")
    who.add_argument("--customer", metavar="NO")
    who.add_argument("--vendor", metavar="NO")
    p.add_argument("--description", default="", help="default: the template's description")
    p.add_argument("--document-no", default="", metavar="NO")
    p.add_argument("--duration", type=int, default=None, metavar="MIN")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Log it and say what happened."""
    table, no = next(
        (t, getattr(args, t)) for t in ("contact", "customer", "vendor") if getattr(args, t)
    )
    ctx = open_app(args.data_dir)
    try:
        outcome = log.log_kind(
            ctx,
            args.kind,
            log.Account(table, no),
            description=args.description,
            document_no=args.document_no,
            duration_min=args.duration,
        )
    finally:
        ctx.close()
    note = log.note_text(outcome)
    if note:
        print(f"note: {note}", file=sys.stdout)
    if outcome.entry_no is not None:
        print(f"interaction {outcome.entry_no} logged for contact {outcome.contact_no}")
    elif not note:
        print(f"note: {table} {no} has no contact, so nothing was logged")
    return 0
