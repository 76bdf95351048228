"""Master-data tables declared as data: their fields, captions and BC lengths.

The services map each key to a storage model; the UI builds its list pages from these declarations.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP

CTX = "masterdata"

FieldKind = Literal["code", "text", "bool", "int", "decimal", "ref", "choice"]


@dataclass(frozen=True)
class MasterField:
    """One editable field of a master-data table."""

    name: str
    label: str
    kind: FieldKind
    max_len: int = 0
    ref_table: str | None = None
    required: bool = False
    primary_key: bool = False
    choices: tuple[tuple[str, str], ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    date_formula: bool = False  # a text field holding a date formula (domain/date_formula.py)


@dataclass(frozen=True)
class MasterTable:
    """A master-data table: key (its storage table name), captions and fields."""

    key: str
    caption: str
    plural: str
    fields: tuple[MasterField, ...]
    parent: str | None = None  # for detail tables: the table whose rows own these rows

    @property
    def pk_fields(self) -> tuple[MasterField, ...]:
        """The fields that identify a row."""
        return tuple(f for f in self.fields if f.primary_key)


def _code(length: int, label: str = QT_TRANSLATE_NOOP(CTX, "Code")) -> MasterField:
    return MasterField("code", label, "code", max_len=length, required=True, primary_key=True)


def _text(name: str, label: str, length: int, required: bool = False) -> MasterField:
    return MasterField(name, label, "text", max_len=length, required=required)


SALUTATION_TYPES = (
    ("formal", QT_TRANSLATE_NOOP(CTX, "Formal")),
    ("informal", QT_TRANSLATE_NOOP(CTX, "Informal")),
)
NAME_PARTS = (
    ("", QT_TRANSLATE_NOOP(CTX, "(none)")),
    ("job_title", QT_TRANSLATE_NOOP(CTX, "Job Title")),
    ("first_name", QT_TRANSLATE_NOOP(CTX, "First Name")),
    ("middle_name", QT_TRANSLATE_NOOP(CTX, "Middle Name")),
    ("surname", QT_TRANSLATE_NOOP(CTX, "Surname")),
    ("initials", QT_TRANSLATE_NOOP(CTX, "Initials")),
    ("company_name", QT_TRANSLATE_NOOP(CTX, "Company Name")),
)
PROBABILITY_CALCULATIONS = (
    ("multiply", QT_TRANSLATE_NOOP(CTX, "Multiply")),
    ("add", QT_TRANSLATE_NOOP(CTX, "Add")),
    ("chances_of_success", QT_TRANSLATE_NOOP(CTX, "Chances of Success %")),
    ("completed", QT_TRANSLATE_NOOP(CTX, "Completed %")),
)
INFORMATION_FLOWS = (
    ("", QT_TRANSLATE_NOOP(CTX, "(none)")),
    ("outbound", QT_TRANSLATE_NOOP(CTX, "Outbound")),
    ("inbound", QT_TRANSLATE_NOOP(CTX, "Inbound")),
)
INITIATED_BY = (
    ("", QT_TRANSLATE_NOOP(CTX, "(none)")),
    ("us", QT_TRANSLATE_NOOP(CTX, "Us")),
    ("them", QT_TRANSLATE_NOOP(CTX, "Them")),
)
CORRESPONDENCE = (
    ("", QT_TRANSLATE_NOOP(CTX, "(none)")),
    ("hard_copy", QT_TRANSLATE_NOOP(CTX, "Hard Copy")),
    ("email", QT_TRANSLATE_NOOP(CTX, "E-Mail")),
)
WIZARD_ACTIONS = (
    ("", QT_TRANSLATE_NOOP(CTX, "(none)")),
    ("import", QT_TRANSLATE_NOOP(CTX, "Import")),
    ("open", QT_TRANSLATE_NOOP(CTX, "Open")),
    ("merge", QT_TRANSLATE_NOOP(CTX, "Merge")),
)

CLOSE_TYPES = (
    ("won", QT_TRANSLATE_NOOP(CTX, "Won")),
    ("lost", QT_TRANSLATE_NOOP(CTX, "Lost")),
)

MASTER_TABLES: tuple[MasterTable, ...] = (
    MasterTable(
        "salesperson",
        QT_TRANSLATE_NOOP(CTX, "Salesperson/Purchaser"),
        QT_TRANSLATE_NOOP(CTX, "Salespeople/Purchasers"),
        (
            _code(20),
            _text("name", QT_TRANSLATE_NOOP(CTX, "Name"), 50),
            _text("job_title", QT_TRANSLATE_NOOP(CTX, "Job Title"), 30),
            _text("email", QT_TRANSLATE_NOOP(CTX, "E-Mail"), 80),
            _text("phone_no", QT_TRANSLATE_NOOP(CTX, "Phone No."), 30),
            MasterField("blocked", QT_TRANSLATE_NOOP(CTX, "Blocked"), "bool"),
        ),
    ),
    MasterTable(
        "territory",
        QT_TRANSLATE_NOOP(CTX, "Territory"),
        QT_TRANSLATE_NOOP(CTX, "Territories"),
        (_code(10), _text("name", QT_TRANSLATE_NOOP(CTX, "Name"), 50)),
    ),
    MasterTable(
        "country_region",
        QT_TRANSLATE_NOOP(CTX, "Country/Region"),
        QT_TRANSLATE_NOOP(CTX, "Countries/Regions"),
        (
            _code(10),
            _text("name", QT_TRANSLATE_NOOP(CTX, "Name"), 50),
            _text("iso_code", QT_TRANSLATE_NOOP(CTX, "ISO Code"), 2),
            MasterField("eu_country", QT_TRANSLATE_NOOP(CTX, "EU Country"), "bool"),
        ),
    ),
    MasterTable(
        "language",
        QT_TRANSLATE_NOOP(CTX, "Language"),
        QT_TRANSLATE_NOOP(CTX, "Languages"),
        (
            _code(10),
            _text("name", QT_TRANSLATE_NOOP(CTX, "Name"), 50),
            _text("format_region", QT_TRANSLATE_NOOP(CTX, "Format Region"), 80),
        ),
    ),
    MasterTable(
        "currency",
        QT_TRANSLATE_NOOP(CTX, "Currency"),
        QT_TRANSLATE_NOOP(CTX, "Currencies"),
        (_code(10), _text("description", QT_TRANSLATE_NOOP(CTX, "Description"), 30)),
    ),
    MasterTable(
        "salutation",
        QT_TRANSLATE_NOOP(CTX, "Salutation"),
        QT_TRANSLATE_NOOP(CTX, "Salutations"),
        (_code(10), _text("description", QT_TRANSLATE_NOOP(CTX, "Description"), 100)),
    ),
    MasterTable(
        "salutation_formula",
        QT_TRANSLATE_NOOP(CTX, "Salutation Formula"),
        QT_TRANSLATE_NOOP(CTX, "Salutation Formulas"),
        (
            MasterField(
                "salutation_code",
                QT_TRANSLATE_NOOP(CTX, "Salutation Code"),
                "ref",
                max_len=10,
                ref_table="salutation",
                required=True,
                primary_key=True,
            ),
            MasterField(
                "language_code",
                QT_TRANSLATE_NOOP(CTX, "Language Code"),
                "ref",
                max_len=10,
                ref_table="language",
                primary_key=True,
            ),
            MasterField(
                "salutation_type",
                QT_TRANSLATE_NOOP(CTX, "Salutation Type"),
                "choice",
                choices=SALUTATION_TYPES,
                required=True,
                primary_key=True,
            ),
            _text("salutation", QT_TRANSLATE_NOOP(CTX, "Salutation"), 50, required=True),
            MasterField("name_1", QT_TRANSLATE_NOOP(CTX, "Name 1"), "choice", choices=NAME_PARTS),
            MasterField("name_2", QT_TRANSLATE_NOOP(CTX, "Name 2"), "choice", choices=NAME_PARTS),
            MasterField("name_3", QT_TRANSLATE_NOOP(CTX, "Name 3"), "choice", choices=NAME_PARTS),
            MasterField("name_4", QT_TRANSLATE_NOOP(CTX, "Name 4"), "choice", choices=NAME_PARTS),
            MasterField("name_5", QT_TRANSLATE_NOOP(CTX, "Name 5"), "choice", choices=NAME_PARTS),
        ),
        parent="salutation",
    ),
    MasterTable(
        "business_relation",
        QT_TRANSLATE_NOOP(CTX, "Business Relation"),
        QT_TRANSLATE_NOOP(CTX, "Business Relations"),
        (_code(10), _text("description", QT_TRANSLATE_NOOP(CTX, "Description"), 100)),
    ),
    MasterTable(
        "sales_cycle",
        QT_TRANSLATE_NOOP(CTX, "Sales Cycle"),
        QT_TRANSLATE_NOOP(CTX, "Sales Cycles"),
        (
            _code(10),
            _text("description", QT_TRANSLATE_NOOP(CTX, "Description"), 100),
            MasterField(
                "probability_calculation",
                QT_TRANSLATE_NOOP(CTX, "Probability Calculation"),
                "choice",
                choices=PROBABILITY_CALCULATIONS,
            ),
            MasterField("blocked", QT_TRANSLATE_NOOP(CTX, "Blocked"), "bool"),
        ),
    ),
    MasterTable(
        "sales_cycle_stage",
        QT_TRANSLATE_NOOP(CTX, "Sales Cycle Stage"),
        QT_TRANSLATE_NOOP(CTX, "Sales Cycle Stages"),
        (
            MasterField(
                "sales_cycle_code",
                QT_TRANSLATE_NOOP(CTX, "Sales Cycle Code"),
                "ref",
                max_len=10,
                ref_table="sales_cycle",
                required=True,
                primary_key=True,
            ),
            MasterField(
                "stage",
                QT_TRANSLATE_NOOP(CTX, "Stage"),
                "int",
                required=True,
                primary_key=True,
                minimum=1,
            ),
            _text("description", QT_TRANSLATE_NOOP(CTX, "Description"), 100),
            MasterField(
                "completed_percent",
                QT_TRANSLATE_NOOP(CTX, "Completed %"),
                "int",
                minimum=0,
                maximum=100,
            ),
            MasterField(
                "chances_of_success_percent",
                QT_TRANSLATE_NOOP(CTX, "Chances of Success %"),
                "int",
                minimum=0,
                maximum=100,
            ),
            MasterField("quote_required", QT_TRANSLATE_NOOP(CTX, "Quote Required"), "bool"),
            MasterField("allow_skip", QT_TRANSLATE_NOOP(CTX, "Allow Skip"), "bool"),
            MasterField(
                "date_formula",
                QT_TRANSLATE_NOOP(CTX, "Date Formula"),
                "text",
                max_len=32,
                date_formula=True,
            ),
            _text("activity_code", QT_TRANSLATE_NOOP(CTX, "Activity Code"), 10),
        ),
        parent="sales_cycle",
    ),
    MasterTable(
        "interaction_group",
        QT_TRANSLATE_NOOP(CTX, "Interaction Group"),
        QT_TRANSLATE_NOOP(CTX, "Interaction Groups"),
        (_code(10), _text("description", QT_TRANSLATE_NOOP(CTX, "Description"), 100)),
    ),
    MasterTable(
        "interaction_template",
        QT_TRANSLATE_NOOP(CTX, "Interaction Template"),
        QT_TRANSLATE_NOOP(CTX, "Interaction Templates"),
        (
            _code(10),
            MasterField(
                "interaction_group_code",
                QT_TRANSLATE_NOOP(CTX, "Interaction Group Code"),
                "ref",
                max_len=10,
                ref_table="interaction_group",
                required=True,
            ),
            _text("description", QT_TRANSLATE_NOOP(CTX, "Description"), 100),
            MasterField(
                "unit_cost_lcy", QT_TRANSLATE_NOOP(CTX, "Unit Cost (LCY)"), "decimal", minimum=0
            ),
            MasterField(
                "unit_duration_min",
                QT_TRANSLATE_NOOP(CTX, "Unit Duration (Min.)"),
                "int",
                minimum=0,
            ),
            MasterField(
                "information_flow",
                QT_TRANSLATE_NOOP(CTX, "Information Flow"),
                "choice",
                choices=INFORMATION_FLOWS,
            ),
            MasterField(
                "initiated_by",
                QT_TRANSLATE_NOOP(CTX, "Initiated By"),
                "choice",
                choices=INITIATED_BY,
            ),
            MasterField(
                "correspondence_type",
                QT_TRANSLATE_NOOP(CTX, "Correspondence Type (Default)"),
                "choice",
                choices=CORRESPONDENCE,
            ),
            MasterField(
                "language_code",
                QT_TRANSLATE_NOOP(CTX, "Language Code (Default)"),
                "ref",
                max_len=10,
                ref_table="language",
            ),
            MasterField(
                "ignore_contact_corres_type",
                QT_TRANSLATE_NOOP(CTX, "Ignore Contact Corres. Type"),
                "bool",
            ),
            MasterField(
                "wizard_action",
                QT_TRANSLATE_NOOP(CTX, "Wizard Action"),
                "choice",
                choices=WIZARD_ACTIONS,
            ),
        ),
    ),
    MasterTable(
        "close_opportunity_code",
        QT_TRANSLATE_NOOP(CTX, "Close Opportunity Code"),
        QT_TRANSLATE_NOOP(CTX, "Close Opportunity Codes"),
        (
            _code(10),
            MasterField(
                "type", QT_TRANSLATE_NOOP(CTX, "Type"), "choice", choices=CLOSE_TYPES, required=True
            ),
            _text("description", QT_TRANSLATE_NOOP(CTX, "Description"), 100),
        ),
    ),
)

# Interaction Tmpl. Language (BC 5103): a template's description per language; its attachment
# is set through the interactions service, not edited here.
MASTER_TABLES = (
    *MASTER_TABLES,
    MasterTable(
        "interaction_tmpl_language",
        QT_TRANSLATE_NOOP(CTX, "Interaction Template Language"),
        QT_TRANSLATE_NOOP(CTX, "Interaction Template Languages"),
        (
            MasterField(
                "interaction_template_code",
                QT_TRANSLATE_NOOP(CTX, "Interaction Template Code"),
                "ref",
                max_len=10,
                ref_table="interaction_template",
                required=True,
                primary_key=True,
            ),
            MasterField(
                "language_code",
                QT_TRANSLATE_NOOP(CTX, "Language Code"),
                "ref",
                max_len=10,
                ref_table="language",
                primary_key=True,
            ),
            _text("description", QT_TRANSLATE_NOOP(CTX, "Description"), 100),
        ),
        parent="interaction_template",
    ),
    MasterTable(
        "vat_rate",
        QT_TRANSLATE_NOOP(CTX, "VAT Rate"),
        QT_TRANSLATE_NOOP(CTX, "VAT Rates"),
        (
            _code(10),
            _text("description", QT_TRANSLATE_NOOP(CTX, "Description"), 100),
            MasterField("rate", QT_TRANSLATE_NOOP(CTX, "VAT %"), "decimal", minimum=0, maximum=100),
        ),
    ),
    MasterTable(
        "vendor_template",
        QT_TRANSLATE_NOOP(CTX, "Vendor Template"),
        QT_TRANSLATE_NOOP(CTX, "Vendor Templates"),
        (
            _code(10),
            _text("description", QT_TRANSLATE_NOOP(CTX, "Description"), 100),
            *(
                MasterField(name, label, "ref", max_len=length, ref_table=table)
                for name, label, table, length in (
                    (
                        "country_region_code",
                        QT_TRANSLATE_NOOP(CTX, "Country/Region Code"),
                        "country_region",
                        10,
                    ),
                    ("territory_code", QT_TRANSLATE_NOOP(CTX, "Territory Code"), "territory", 10),
                    ("currency_code", QT_TRANSLATE_NOOP(CTX, "Currency Code"), "currency", 10),
                    ("language_code", QT_TRANSLATE_NOOP(CTX, "Language Code"), "language", 10),
                    ("purchaser_code", QT_TRANSLATE_NOOP(CTX, "Purchaser Code"), "salesperson", 20),
                )
            ),
        ),
    ),  # fmt: skip
)

TABLES_BY_KEY: dict[str, MasterTable] = {t.key: t for t in MASTER_TABLES}

# Captions of every table that may refer to another, for "it is used in ..." messages.
TABLE_CAPTIONS: dict[str, str] = {
    **{t.key: t.plural for t in MASTER_TABLES},
    "marketing_setup": QT_TRANSLATE_NOOP(CTX, "Marketing Setup"),
    "interaction_template_setup": QT_TRANSLATE_NOOP(CTX, "Interaction Template Setup"),
    "user_setup": QT_TRANSLATE_NOOP(CTX, "User Setup"),
    "contact": QT_TRANSLATE_NOOP(CTX, "Contacts"),
    "contact_business_relation": QT_TRANSLATE_NOOP(CTX, "Contact Business Relations"),
    "no_series": QT_TRANSLATE_NOOP(CTX, "No. Series"),
    "no_series_line": QT_TRANSLATE_NOOP(CTX, "No. Series Lines"),
    "opportunity": QT_TRANSLATE_NOOP(CTX, "Opportunities"),
    "opportunity_entry": QT_TRANSLATE_NOOP(CTX, "Opportunity Entries"),
    "interaction_log_entry": QT_TRANSLATE_NOOP(CTX, "Interaction Log Entries"),
    "contact_comment": QT_TRANSLATE_NOOP(CTX, "Comments"),
    "attachment": QT_TRANSLATE_NOOP(CTX, "Attachments"),
    "document_header": QT_TRANSLATE_NOOP(CTX, "Sales and Purchase Documents"),
    "document_line": QT_TRANSLATE_NOOP(CTX, "Document Lines"),
    "sales_purchase_setup": QT_TRANSLATE_NOOP(CTX, "Sales & Purchases Setup"),
    "customer": QT_TRANSLATE_NOOP(CTX, "Customers"),
    "vendor": QT_TRANSLATE_NOOP(CTX, "Vendors"),
    "bank_account": QT_TRANSLATE_NOOP(CTX, "Bank Accounts"),
    "employee": QT_TRANSLATE_NOOP(CTX, "Employees"),
    "customer_template": QT_TRANSLATE_NOOP(CTX, "Customer Templates"),
    "payment_terms": QT_TRANSLATE_NOOP(CTX, "Payment Terms"),
    "contact_picture": QT_TRANSLATE_NOOP(CTX, "Contact Pictures"),
    "contact_duplicate": QT_TRANSLATE_NOOP(CTX, "Contact Duplicates"),
    "contact_merge": QT_TRANSLATE_NOOP(CTX, "Merges"),
    "duplicate_search_string_setup": QT_TRANSLATE_NOOP(CTX, "Duplicate Search String Setup"),
    "sync_setup": QT_TRANSLATE_NOOP(CTX, "Sync Setup"),
}
