"""Sales and purchase documents (issue 20): their types and their amounts, as pure rules.

One model serves both sides: a document type is a side (sales or purchase) and a kind (quote,
order, invoice, credit memo). Sales documents have a customer and a salesperson, purchase
documents a vendor and a purchaser; everything else is the same.

Amounts are Decimals, never floats:

- line amount = round(quantity × unit price × (1 − line discount % / 100), 0.01)
- VAT of a rate = round-half-up(Σ line amounts of that rate × rate / 100, 0.01), once per rate
  (not per line, so a document's VAT does not drift with its number of lines)
- total including VAT = total excluding VAT + Σ VAT per rate

Rounding is half-up (ties away from zero), as BC's Round with its default direction, so a
credit memo's negative amounts mirror an invoice's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from crm_desktop.domain.errors import ValidationError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP

CONTEXT = "documents"
CENT = Decimal("0.01")
HUNDRED = Decimal(100)

SALES = "sales"
PURCHASE = "purchase"
SIDES = (SALES, PURCHASE)

QUOTE = "quote"
ORDER = "order"
INVOICE = "invoice"
CREDIT_MEMO = "credit_memo"
KINDS = (QUOTE, ORDER, INVOICE, CREDIT_MEMO)


@dataclass(frozen=True)
class DocumentType:
    """A side and a kind; `code` is what the database stores (e.g. "sales_quote")."""

    side: str
    kind: str
    label: str
    series_code: str
    series_description: str
    first_no: str
    last_no: str

    @property
    def code(self) -> str:
        return f"{self.side}_{self.kind}"

    @property
    def is_sales(self) -> bool:
        return self.side == SALES

    @property
    def setup_field(self) -> str:
        """The Sales & Purchases setup field that names this type's number series."""
        return f"{self.code}_nos"


DOCUMENT_TYPES: tuple[DocumentType, ...] = (
    DocumentType(
        SALES, QUOTE, QT_TRANSLATE_NOOP("documents", "Sales Quote"),
        "S-QUO", "Sales Quotes", "SQ000001", "SQ999999",
    ),
    DocumentType(
        SALES, ORDER, QT_TRANSLATE_NOOP("documents", "Sales Order"),
        "S-ORD", "Sales Orders", "SO000001", "SO999999",
    ),
    DocumentType(
        SALES, INVOICE, QT_TRANSLATE_NOOP("documents", "Sales Invoice"),
        "S-INV", "Sales Invoices", "SI000001", "SI999999",
    ),
    DocumentType(
        SALES, CREDIT_MEMO, QT_TRANSLATE_NOOP("documents", "Sales Credit Memo"),
        "S-CR", "Sales Credit Memos", "SC000001", "SC999999",
    ),
    DocumentType(
        PURCHASE, QUOTE, QT_TRANSLATE_NOOP("documents", "Purchase Quote"),
        "P-QUO", "Purchase Quotes", "PQ000001", "PQ999999",
    ),
    DocumentType(
        PURCHASE, ORDER, QT_TRANSLATE_NOOP("documents", "Purchase Order"),
        "P-ORD", "Purchase Orders", "PO000001", "PO999999",
    ),
    DocumentType(
        PURCHASE, INVOICE, QT_TRANSLATE_NOOP("documents", "Purchase Invoice"),
        "P-INV", "Purchase Invoices", "PI000001", "PI999999",
    ),
    DocumentType(
        PURCHASE, CREDIT_MEMO, QT_TRANSLATE_NOOP("documents", "Purchase Credit Memo"),
        "P-CR", "Purchase Credit Memos", "PC000001", "PC999999",
    ),
)  # fmt: skip
BY_CODE: Mapping[str, DocumentType] = {t.code: t for t in DOCUMENT_TYPES}

# Make Order / Make Invoice: which kind a kind may become (BC: quote → order or invoice;
# order → invoice is our stand-in for posting).
CONVERSIONS: Mapping[str, tuple[str, ...]] = {QUOTE: (ORDER, INVOICE), ORDER: (INVOICE,)}


def document_type(code: str) -> DocumentType:
    """The type of a stored code; an unknown code is refused, naming it."""
    try:
        return BY_CODE[code]
    except KeyError:
        raise ValidationError(
            QT_TRANSLATE_NOOP("documents", "There is no document type {code}."),
            field="document_type",
            code=code,
        ) from None


def converted_type(source: DocumentType, kind: str) -> DocumentType:
    """The type a document becomes by Make Order / Make Invoice, or a refusal."""
    if kind not in CONVERSIONS.get(source.kind, ()):
        raise ValidationError(
            QT_TRANSLATE_NOOP("documents", "A {source} cannot be made into a {kind}."),
            field="document_type",
            source=source.label,
            kind=BY_CODE[f"{source.side}_{kind}"].label,
        )
    return BY_CODE[f"{source.side}_{kind}"]


def to_decimal(value: object, field: str, row: int | None = None) -> Decimal:
    """A Decimal from a Decimal, an int or a text; floats are refused (they are not exact)."""
    if isinstance(value, bool) or isinstance(value, float):
        raise ValidationError(
            QT_TRANSLATE_NOOP("documents", "{name} must be an exact decimal number."),
            field=field,
            row=row,
            name=field,
        )
    try:
        result = (
            Decimal(str(value).strip().replace(",", "."))
            if isinstance(value, str)
            else (
                Decimal(value)  # type: ignore[arg-type]
            )
        )
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError(
            QT_TRANSLATE_NOOP("documents", '{name}: "{value}" is not a number.'),
            field=field,
            row=row,
            name=field,
            value=value,
        ) from None
    if not result.is_finite():
        raise ValidationError(
            QT_TRANSLATE_NOOP("documents", '{name}: "{value}" is not a number.'),
            field=field,
            row=row,
            name=field,
            value=value,
        )
    return result


def round_cent(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def line_amount(quantity: Decimal, unit_price: Decimal, discount_percent: Decimal) -> Decimal:
    """round(qty × price × (1 − disc/100), 0.01)."""
    return round_cent(quantity * unit_price * (1 - discount_percent / HUNDRED))


def check_line(
    quantity: Decimal, unit_price: Decimal, discount_percent: Decimal, row: int | None = None
) -> None:
    """A line's values within their ranges; the message names the field and the line."""
    if not Decimal(0) <= discount_percent <= HUNDRED:
        raise ValidationError(
            QT_TRANSLATE_NOOP("documents", "Line Discount % must be between 0 and 100."),
            field="line_discount_percent",
            row=row,
        )
    if unit_price < 0:
        raise ValidationError(
            QT_TRANSLATE_NOOP("documents", "Unit Price Excl. VAT must not be negative."),
            field="unit_price",
            row=row,
        )
    for name, value in (("quantity", quantity), ("unit_price", unit_price)):
        if abs(value) >= Decimal("1e12"):
            raise ValidationError(
                QT_TRANSLATE_NOOP("documents", "{name} is too large."),
                field=name,
                row=row,
                name=name,
            )


@dataclass(frozen=True)
class Line:
    """What the totals need of a line."""

    quantity: Decimal
    unit_price: Decimal
    discount_percent: Decimal
    vat_percent: Decimal

    @property
    def amount(self) -> Decimal:
        return line_amount(self.quantity, self.unit_price, self.discount_percent)


@dataclass(frozen=True)
class Totals:
    """A document's totals: excluding VAT, VAT per rate (rate → amount, by rate), including."""

    excl_vat: Decimal
    vat_by_rate: tuple[tuple[Decimal, Decimal, Decimal], ...]  # (rate, base, vat)
    incl_vat: Decimal

    @property
    def vat(self) -> Decimal:
        return sum((vat for _rate, _base, vat in self.vat_by_rate), Decimal("0.00"))


def totals(lines: Iterable[Line]) -> Totals:
    """Excl. VAT, VAT per rate (rounded once per rate) and incl. VAT of a document's lines."""
    bases: dict[Decimal, Decimal] = {}
    excl = Decimal("0.00")
    for line in lines:
        amount = line.amount
        excl += amount
        rate = line.vat_percent.normalize() if line.vat_percent else Decimal(0)
        bases[rate] = bases.get(rate, Decimal("0.00")) + amount
    per_rate = tuple(
        (rate, base, round_cent(base * rate / HUNDRED)) for rate, base in sorted(bases.items())
    )
    vat = sum((v for _r, _b, v in per_rate), Decimal("0.00"))
    return Totals(excl_vat=round_cent(excl), vat_by_rate=per_rate, incl_vat=round_cent(excl + vat))


# The Interaction Template Setup kind each document type logs with when printed or sent (spec
# §4.1); a sales invoice's preview is a draft and logs with Sales Draft Invoices.
LOG_KINDS: Mapping[str, str] = {
    "sales_quote": "sales_quotes",
    "sales_order": "sales_ord_cnfrmn",
    "sales_invoice": "sales_invoices",
    "sales_credit_memo": "sales_cr_memo",
    "purchase_quote": "purch_quotes",
    "purchase_order": "purch_orders",
    "purchase_invoice": "purch_invoices",
    "purchase_credit_memo": "purch_cr_memos",
}
DRAFT_LOG_KIND = "sales_draft_invoices"
PREVIEW = "preview"
PRINT = "print"
SEND = "send"
OUTPUT_MODES = (PREVIEW, PRINT, SEND)


def log_kind(code: str, mode: str) -> str | None:
    """The setup kind a document logs with in an output mode; None when a preview of this type
    is not logged (only a sales invoice's draft is, as BC's Draft Invoice report)."""
    if mode == PREVIEW:
        return DRAFT_LOG_KIND if code == "sales_invoice" else None
    return LOG_KINDS[code]
