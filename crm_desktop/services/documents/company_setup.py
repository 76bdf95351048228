"""Company Information (our company as printed on every document) and the Sales & Purchases
setup (each document type's number series, the default VAT rate of a new line): read and
saved in one transaction each, every value checked first (BC's length message, a real IBAN
and VAT registration number, codes that exist)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session
from stdnum import iban as iban_check
from stdnum import vatin

from crm_desktop.domain import documents as rules
from crm_desktop.domain.errors import DOES_NOT_EXIST, TOO_LONG, ValidationError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.services.datafile.context import AppContext
from crm_desktop.services.documents.edit import setup_in
from crm_desktop.storage import models as m

CTX = "company"
# (field, caption, length) as BC's Company Information table has them.
COMPANY_FIELDS: tuple[tuple[str, str, int], ...] = (
    ("name", QT_TRANSLATE_NOOP("company", "Name"), 100),
    ("address", QT_TRANSLATE_NOOP("company", "Address"), 100),
    ("address_2", QT_TRANSLATE_NOOP("company", "Address 2"), 50),
    ("post_code", QT_TRANSLATE_NOOP("company", "Post Code"), 20),
    ("city", QT_TRANSLATE_NOOP("company", "City"), 30),
    ("country_region_code", QT_TRANSLATE_NOOP("company", "Country/Region Code"), 10),
    ("phone_no", QT_TRANSLATE_NOOP("company", "Phone No."), 30),
    ("email", QT_TRANSLATE_NOOP("company", "E-Mail"), 80),
    ("home_page", QT_TRANSLATE_NOOP("company", "Home Page"), 80),
    ("vat_registration_no", QT_TRANSLATE_NOOP("company", "VAT Registration No."), 20),
    ("iban", QT_TRANSLATE_NOOP("company", "IBAN"), 50),
)
BAD_IBAN = QT_TRANSLATE_NOOP(
    "company", "IBAN {value} is not a valid IBAN (its check digits or length are wrong)."
)
BAD_VAT = QT_TRANSLATE_NOOP(
    "company",
    "VAT Registration No. {value} is not valid for its country (the first two letters).",
)
COUNTRY_TABLE = QT_TRANSLATE_NOOP("company", "Country/Region")
SERIES_TABLE = QT_TRANSLATE_NOOP("company", "No. Series")
VAT_RATE_TABLE = QT_TRANSLATE_NOOP("company", "VAT Rate")
MAX_LOGO_BYTES = 2 * 1024 * 1024


def _company_in(s: Session) -> m.CompanyInformation:
    row = s.get(m.CompanyInformation, 1)
    if row is None:
        row = m.CompanyInformation(id=1)
        s.add(row)
    return row


def company_information(ctx: AppContext) -> dict[str, Any]:
    """Our company's details ('' where blank) and its logo (PNG bytes or None)."""
    with ctx.db.read() as s:
        row = s.get(m.CompanyInformation, 1)
        values: dict[str, Any] = {
            name: (getattr(row, name) or "") if row is not None else ""
            for name, _c, _n in COMPANY_FIELDS
        }
        values["logo_png"] = row.logo_png if row is not None else None
    return values


def _clean_company(s: Session, values: dict[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for name, caption, length in COMPANY_FIELDS:
        if name not in values:
            continue
        text = str(values[name] or "").strip()
        if len(text) > length:
            raise ValidationError(
                TOO_LONG, field=name, field_caption=caption, max_len=length, length=len(text)
            )
        clean[name] = text
    code = clean.get("country_region_code")
    if code:
        code = clean["country_region_code"] = code.upper()
        if s.get(m.CountryRegion, code) is None:
            raise ValidationError(
                DOES_NOT_EXIST, field="country_region_code", table=COUNTRY_TABLE, code=code
            )
    if clean.get("iban"):
        if not iban_check.is_valid(clean["iban"]):
            raise ValidationError(BAD_IBAN, field="iban", value=clean["iban"])
        clean["iban"] = iban_check.format(clean["iban"])
    vat = clean.get("vat_registration_no", "")
    # A number with a country prefix (NL…, BE…, GB…) is checked; one without is taken as typed.
    if vat and vat[:2].isalpha() and not vatin.is_valid(vat):
        raise ValidationError(BAD_VAT, field="vat_registration_no", value=vat)
    if "logo_png" in values:
        logo = values["logo_png"]
        if logo is not None and len(logo) > MAX_LOGO_BYTES:
            raise ValidationError(
                TOO_LONG, field="logo_png", field_caption="Logo", max_len=MAX_LOGO_BYTES,
                length=len(logo),
            )  # fmt: skip
        clean["logo_png"] = logo or None
    return clean


def save_company_information(ctx: AppContext, values: dict[str, Any]) -> dict[str, Any]:
    """Check and store the given fields (the others stay); the stored details."""
    with ctx.db.uow() as s:
        clean = _clean_company(s, values)
        row = _company_in(s)
        for name, value in clean.items():
            setattr(row, name, value if value != "" or name != "country_region_code" else None)
    return company_information(ctx)


def sales_purchase_setup(ctx: AppContext) -> dict[str, str]:
    """Each document type's number series and the default VAT rate ('' where blank)."""
    with ctx.db.read() as s:
        row = s.get(m.SalesPurchaseSetup, 1)
        fields = [k.setup_field for k in rules.DOCUMENT_TYPES] + ["default_vat_rate_code"]
        return {f: (getattr(row, f) or "") if row is not None else "" for f in fields}


def save_sales_purchase_setup(ctx: AppContext, values: dict[str, Any]) -> dict[str, str]:
    """Check and store the setup: every series and the VAT rate must exist."""
    series_fields = {k.setup_field for k in rules.DOCUMENT_TYPES}
    with ctx.db.uow() as s:
        row = setup_in(s)
        for name, value in values.items():
            code = str(value or "").strip().upper()
            if name in series_fields:
                if code and s.get(m.NoSeries, code) is None:
                    raise ValidationError(DOES_NOT_EXIST, field=name, table=SERIES_TABLE, code=code)
            elif name == "default_vat_rate_code":
                if code and s.get(m.VatRate, code) is None:
                    raise ValidationError(
                        DOES_NOT_EXIST, field=name, table=VAT_RATE_TABLE, code=code
                    )
            else:
                continue
            setattr(row, name, code or None)
    return sales_purchase_setup(ctx)
