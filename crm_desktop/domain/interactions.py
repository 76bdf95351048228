"""Interaction rules (BC spec §4): what a log entry takes from its template, what Create
Interaction refuses, which Interaction Template Setup field logs which kind, and captions.

Pure: no database, no Qt. Time and the user come in as values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from crm_desktop.domain.codes import check_text, normalize_code
from crm_desktop.domain.errors import ValidationError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP

CTX = "interactions"

# BC's messages (Create Interaction page 5077, SegManagement codeunit 5051).
MUST_FILL_IN = QT_TRANSLATE_NOOP("errors", "You must fill in the {field_caption} field.")
LANGUAGE_ON_SYSTEM_TEMPLATE = QT_TRANSLATE_NOOP(
    "errors",
    "Interaction Template {template} has assigned Interaction Template Language {language}. "
    "It is not allowed to have languages assigned to templates used for system document logging.",
)
NEGATIVE = QT_TRANSLATE_NOOP("errors", "{field_caption} must not be negative.")
NOT_A_NUMBER = QT_TRANSLATE_NOOP("errors", "{field_caption} must be a number, not '{value}'.")
# Ours: BC logs nothing silently; we say it once per kind each run.
NO_TEMPLATE_NOTE = QT_TRANSLATE_NOOP(
    "interactions",
    "Nothing was logged for {kind}: the Interaction Template Setup has no template for it. "
    "Set one in Marketing Setup > Interactions to log them.",
)

CAPTIONS = {
    "interaction_template_code": QT_TRANSLATE_NOOP(CTX, "Interaction Template Code"),
    "description": QT_TRANSLATE_NOOP(CTX, "Description"),
    "subject": QT_TRANSLATE_NOOP(CTX, "Subject"),
    "salesperson_code": QT_TRANSLATE_NOOP(CTX, "Salesperson Code"),
    "cost_lcy": QT_TRANSLATE_NOOP(CTX, "Cost (LCY)"),
    "duration_min": QT_TRANSLATE_NOOP(CTX, "Duration (Min.)"),
    "date": QT_TRANSLATE_NOOP(CTX, "Date"),
    "contact_via": QT_TRANSLATE_NOOP(CTX, "Contact Via"),
    "code": QT_TRANSLATE_NOOP(CTX, "Code"),
    "comment": QT_TRANSLATE_NOOP(CTX, "Comment"),
}

EVALUATIONS: tuple[tuple[str, str], ...] = (
    ("", QT_TRANSLATE_NOOP(CTX, "(none)")),
    ("very_positive", QT_TRANSLATE_NOOP(CTX, "Very Positive")),
    ("positive", QT_TRANSLATE_NOOP(CTX, "Positive")),
    ("neutral", QT_TRANSLATE_NOOP(CTX, "Neutral")),
    ("negative", QT_TRANSLATE_NOOP(CTX, "Negative")),
    ("very_negative", QT_TRANSLATE_NOOP(CTX, "Very Negative")),
)
INFORMATION_FLOWS: tuple[tuple[str, str], ...] = (
    ("", QT_TRANSLATE_NOOP(CTX, "(none)")),
    ("outbound", QT_TRANSLATE_NOOP(CTX, "Outbound")),
    ("inbound", QT_TRANSLATE_NOOP(CTX, "Inbound")),
)
INITIATED_BY: tuple[tuple[str, str], ...] = (
    ("", QT_TRANSLATE_NOOP(CTX, "(none)")),
    ("us", QT_TRANSLATE_NOOP(CTX, "Us")),
    ("them", QT_TRANSLATE_NOOP(CTX, "Them")),
)
CORRESPONDENCE_TYPES: tuple[tuple[str, str], ...] = (
    ("", QT_TRANSLATE_NOOP(CTX, "(none)")),
    ("hard_copy", QT_TRANSLATE_NOOP(CTX, "Hard Copy")),
    ("email", QT_TRANSLATE_NOOP(CTX, "E-Mail")),
)
# What logged an entry; the log filters by it and the timeline draws an icon for it.
KINDS: tuple[tuple[str, str], ...] = (
    ("manual", QT_TRANSLATE_NOOP(CTX, "Interaction")),
    ("call", QT_TRANSLATE_NOOP(CTX, "Phone call")),
    ("email", QT_TRANSLATE_NOOP(CTX, "E-Mail")),
    ("meeting", QT_TRANSLATE_NOOP(CTX, "Meeting")),
    ("letter", QT_TRANSLATE_NOOP(CTX, "Letter")),
    ("document", QT_TRANSLATE_NOOP(CTX, "Document")),
    ("segment", QT_TRANSLATE_NOOP(CTX, "Segment")),
    ("opportunity", QT_TRANSLATE_NOOP(CTX, "Opportunity")),
)
KIND_CODES = frozenset(code for code, _ in KINDS)
COMMENT_KIND = "comment"  # timeline rows that are contact comments, not log entries
WIZARD_ACTIONS = frozenset({"", "import", "open", "merge"})
STORAGE_TYPES = frozenset({"embedded", "disk_file"})

# Interaction Template Setup field -> (Document Type caption of enum 5099, kind). The document
# type is blank for the fields that are not documents (e-mails, calls, meeting invitations).
SETUP_KINDS: dict[str, tuple[str, str]] = {
    "sales_quotes": ("Sales Qte.", "document"),
    "sales_blnkt_ord": ("Sales Blnkt. Ord", "document"),
    "sales_ord_cnfrmn": ("Sales Ord. Cnfrmn.", "document"),
    "sales_invoices": ("Sales Inv.", "document"),
    "sales_shpt_note": ("Sales Shpt. Note", "document"),
    "sales_cr_memo": ("Sales Cr. Memo", "document"),
    "sales_statement": ("Sales Stmnt.", "document"),
    "sales_rmdr": ("Sales Rmdr.", "document"),
    "serv_ord_create": ("Serv. Ord. Create", "document"),
    "serv_ord_post": ("Serv. Ord. Post", "document"),
    "purch_quotes": ("Purch.Qte.", "document"),
    "purch_blnkt_ord": ("Purch. Blnkt. Ord.", "document"),
    "purch_orders": ("Purch. Ord.", "document"),
    "purch_invoices": ("Purch. Inv.", "document"),
    "purch_rcpt": ("Purch. Rcpt.", "document"),
    "purch_cr_memos": ("Purch. Cr. Memo", "document"),
    "cover_sheets": ("Cover Sheet", "letter"),
    "sales_return_order": ("Sales Return Order", "document"),
    "sales_finance_charge_memo": ("Sales Finance Charge Memo", "document"),
    "sales_return_receipt": ("Sales Return Receipt", "document"),
    "purch_return_shipment": ("Purch. Return Shipment", "document"),
    "purch_return_ord_cnfrmn": ("Purch. Return Ord. Cnfrmn.", "document"),
    "service_contract": ("Service Contract", "document"),
    "service_contract_quote": ("Service Contract Quote", "document"),
    "service_quote": ("Service Quote", "document"),
    "sales_draft_invoices": ("Sales Draft Invoice", "document"),
    "e_mails": ("", "email"),
    "e_mail_draft": ("", "email"),
    "outg_calls": ("", "call"),
    "meeting_invitation": ("", "meeting"),
}
# Every setup field but Meeting Invitation is for system logging: its template may have no
# attachment and no language rows (BC table 5122's table relations, SegManagement).
SYSTEM_SETUP_FIELDS = frozenset(SETUP_KINDS) - {"meeting_invitation"}


def setup_kind(setup_field: str) -> tuple[str, str]:
    """(document type, kind) of an Interaction Template Setup field; KeyError if unknown."""
    return SETUP_KINDS[setup_field]


@dataclass(frozen=True)
class TemplateValues:
    """What a log entry copies from its interaction template (BC's segment line validate)."""

    code: str
    group_code: str
    description: str
    unit_cost_lcy: Decimal
    unit_duration_min: int
    information_flow: str
    initiated_by: str
    correspondence_type: str
    campaign_target: bool = False
    campaign_response: bool = False
    wizard_action: str = ""
    language_code: str = ""


@dataclass(frozen=True)
class InteractionDraft:
    """The values of one interaction before it is logged (Create Interaction's page)."""

    contact_no: str
    template_code: str
    date: dt.date
    description: str = ""
    time_of_interaction: dt.time | None = None
    subject: str = ""
    cost_lcy: Decimal = Decimal(0)
    duration_min: int = 0
    evaluation: str = ""
    salesperson_code: str = ""
    initiated_by: str = ""
    information_flow: str = ""
    correspondence_type: str = ""
    attempt_failed: bool = False
    contact_via: str = ""
    language_code: str = ""
    kind: str = "manual"
    document_type: str = ""
    document_no: str = ""
    campaign_no: str = ""
    campaign_target: bool = False
    campaign_response: bool = False
    segment_no: str = ""
    task_no: str = ""
    opportunity_no: str = ""


def from_template(draft: InteractionDraft, template: TemplateValues) -> InteractionDraft:
    """A draft filled from its template, as validating the template code does in BC.

    The description is taken only when blank; cost, duration, flow, initiator and
    correspondence type are the template's (the caller overrides them afterwards where the user
    typed other values)."""
    return replace(
        draft,
        template_code=template.code,
        description=draft.description or template.description,
        cost_lcy=template.unit_cost_lcy,
        duration_min=template.unit_duration_min,
        information_flow=template.information_flow,
        initiated_by=template.initiated_by,
        correspondence_type=template.correspondence_type,
        campaign_target=template.campaign_target,
        campaign_response=template.campaign_response,
        language_code=draft.language_code or template.language_code,
    )


def _must_fill(field: str) -> ValidationError:
    return ValidationError(MUST_FILL_IN, field=field, field_caption=CAPTIONS[field])


def parse_cost(value: str | Decimal | int | None) -> Decimal:
    """A cost as typed (',' or '.' decimal mark); refused when not a number or negative."""
    caption = CAPTIONS["cost_lcy"]
    if isinstance(value, Decimal | int):
        number = Decimal(value)
    else:
        raw = (value or "").strip().replace(",", ".")
        try:
            number = Decimal(raw or "0")
        except InvalidOperation:
            raise ValidationError(
                NOT_A_NUMBER, field="cost_lcy", field_caption=caption, value=value
            ) from None
    if not number.is_finite():
        raise ValidationError(NOT_A_NUMBER, field="cost_lcy", field_caption=caption, value=value)
    if number < 0:
        raise ValidationError(NEGATIVE, field="cost_lcy", field_caption=caption)
    return number.quantize(Decimal("0.01"))


def check_draft(draft: InteractionDraft, *, manual: bool) -> InteractionDraft:
    """The draft with its codes normalised and texts checked; refused in BC's words.

    A manual interaction (Create Interaction) needs a template, a description and a
    salesperson; document logging needs only the template (spec §4.4 step 6)."""
    template = normalize_code(
        draft.template_code,
        max_len=10,
        field="interaction_template_code",
        caption=CAPTIONS["interaction_template_code"],
    )
    if not template:
        raise _must_fill("interaction_template_code")
    description = check_text(
        draft.description.strip(),
        max_len=100,
        field="description",
        caption=CAPTIONS["description"],
    )
    if not description:
        raise _must_fill("description")
    check_text(draft.subject, max_len=100, field="subject", caption=CAPTIONS["subject"])
    check_text(draft.contact_via, max_len=80, field="contact_via", caption=CAPTIONS["contact_via"])
    salesperson = normalize_code(
        draft.salesperson_code,
        max_len=20,
        field="salesperson_code",
        caption=CAPTIONS["salesperson_code"],
    )
    if manual and not salesperson:
        raise _must_fill("salesperson_code")
    if draft.duration_min < 0:
        raise ValidationError(
            NEGATIVE, field="duration_min", field_caption=CAPTIONS["duration_min"]
        )
    if draft.evaluation not in {code for code, _ in EVALUATIONS}:
        raise ValueError(f"unknown evaluation {draft.evaluation!r}")
    if draft.kind not in KIND_CODES:
        raise ValueError(f"unknown kind {draft.kind!r}")
    return replace(
        draft,
        template_code=template,
        description=description,
        salesperson_code=salesperson,
        cost_lcy=parse_cost(draft.cost_lcy),
    )


def check_comment(code: str, comment: str) -> tuple[str, str]:
    """A contact comment's code and text, normalised; the text must not be blank."""
    norm = normalize_code(code, max_len=10, field="code", caption=CAPTIONS["code"])
    text = check_text(comment.strip(), max_len=80, field="comment", caption=CAPTIONS["comment"])
    if not text:
        raise _must_fill("comment")
    return norm, text


def caption_of(choices: tuple[tuple[str, str], ...], code: str) -> str:
    """The English caption of a choice code (the code itself when unknown)."""
    return next((label for value, label in choices if value == code), code)


def attachment_file_name(no: int, token: str, extension: str) -> str:
    """The name of attachment `no`'s file on disk: unique per write, so a relocation or a
    replacement never overwrites a file another row still points at."""
    ext = "".join(ch for ch in extension.lower() if ch.isalnum())[:16]
    return f"{no:08d}-{token}" + (f".{ext}" if ext else "")
