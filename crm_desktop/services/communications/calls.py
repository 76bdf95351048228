"""Phone calls: the number to dial and the call logged (Outg. Calls template, or the incoming
call template CALL-IN, which the setup has no field for)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from crm_desktop.domain.communications import NO_CONTACT, NO_PHONE
from crm_desktop.domain.errors import ValidationError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.services.datafile.context import AppContext
from crm_desktop.services.interactions.log import Account, LogOutcome, log_in, resolve_contact_in

INCOMING_TEMPLATE = "CALL-IN"
TABLE_CAPTIONS = {
    "contact": QT_TRANSLATE_NOOP("masterdata", "Contact"),
    "customer": QT_TRANSLATE_NOOP("masterdata", "Customer"),
    "vendor": QT_TRANSLATE_NOOP("masterdata", "Vendor"),
    "bank_account": QT_TRANSLATE_NOOP("masterdata", "Bank Account"),
    "employee": QT_TRANSLATE_NOOP("masterdata", "Employee"),
}


@dataclass(frozen=True)
class CallTarget:
    """Who is called: the contact (resolved from a customer/vendor) and the number."""

    contact_no: str
    name: str
    number: str


def call_target(ctx: AppContext, account: Account, *, need_number: bool = True) -> CallTarget:
    """The contact and its number (phone, else mobile). ValidationError when it has none
    (with `need_number`) or the account has no contact."""
    with ctx.db.read() as s:
        contact = resolve_contact_in(s, account)
        if contact is None:
            raise ValidationError(
                NO_CONTACT, field="contact_no", table=account.table, no=account.no
            )
        number = (contact.phone_no or contact.mobile_phone_no or "").strip()
        if need_number and not number:
            raise ValidationError(NO_PHONE, field="phone_no", no=contact.no, name=contact.name)
        return CallTarget(contact.no, contact.name, number)


def tel_url(number: str) -> str:
    """The `tel:` URI of a number as typed (RFC 3966: visual separators dropped)."""
    kept = "".join(ch for ch in number if ch.isdigit() or ch in "+*#")
    return f"tel:{kept}"


def log_call(
    ctx: AppContext,
    account: Account,
    *,
    description: str,
    incoming: bool = False,
    duration_min: int | None = None,
    attempt_failed: bool = False,
    contact_via: str = "",
    now: dt.datetime | None = None,
) -> LogOutcome:
    """Log one call as one user action: outgoing with the setup's Outg. Calls template (a
    failed attempt sets Attempt Failed, which Last Date Attempted counts), incoming with
    CALL-IN. Nothing is logged (note given once) when the setup names no outgoing template."""
    with ctx.db.uow() as s:
        return log_in(
            s,
            ctx,
            "outg_calls",
            account,
            description=description,
            duration_min=duration_min,
            attempt_failed=attempt_failed,
            contact_via=contact_via,
            template_code=INCOMING_TEMPLATE if incoming else "",
            now=now,
        )
