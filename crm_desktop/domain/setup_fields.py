"""Marketing Setup fields, declared once as data: section, kind, label, reference, default.

The storage model holds the columns; this list drives validation in the service and the forms in
the UI. Labels are marked for translation in the context "setup".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP

Kind = Literal["bool", "code", "text", "int", "choice"]
Section = Literal[
    "general", "inheritance", "defaults", "interactions", "sync", "numbering", "duplicates"
]

CTX = "setup"


@dataclass(frozen=True)
class SetupField:
    """One Marketing Setup field."""

    name: str
    section: Section
    kind: Kind
    label: str
    ref_table: str | None = None  # for codes: the table whose code it names
    max_len: int = 0
    choices: tuple[tuple[str, str], ...] = ()  # (value, translatable caption)
    minimum: int | None = None
    maximum: int | None = None
    tooltip: str = ""


CORRESPONDENCE_TYPES = (
    ("", QT_TRANSLATE_NOOP(CTX, "(none)")),
    ("hard_copy", QT_TRANSLATE_NOOP(CTX, "Hard Copy")),
    ("email", QT_TRANSLATE_NOOP(CTX, "E-Mail")),
)

ATTACHMENT_STORAGE_TYPES = (
    ("embedded", QT_TRANSLATE_NOOP(CTX, "Embedded")),
    ("disk_file", QT_TRANSLATE_NOOP(CTX, "Disk File")),
)

DUPLICATE_METHODS = (
    ("search_strings", QT_TRANSLATE_NOOP(CTX, "Search strings (BC)")),
    ("fuzzy", QT_TRANSLATE_NOOP(CTX, "Fuzzy (weighted score)")),
)
# The fuzzy method's field weights, in the order the section shows them (issue 16).
FUZZY_WEIGHTS = (
    ("name", QT_TRANSLATE_NOOP(CTX, "Weight: Name")),
    ("vat", QT_TRANSLATE_NOOP(CTX, "Weight: VAT Registration No.")),
    ("email", QT_TRANSLATE_NOOP(CTX, "Weight: E-Mail")),
    ("phone", QT_TRANSLATE_NOOP(CTX, "Weight: Phone and Mobile Phone")),
    ("address", QT_TRANSLATE_NOOP(CTX, "Weight: Address")),
    ("post_code", QT_TRANSLATE_NOOP(CTX, "Weight: Post Code")),
    ("city", QT_TRANSLATE_NOOP(CTX, "Weight: City")),
    ("company", QT_TRANSLATE_NOOP(CTX, "Weight: Company (persons)")),
)

# Locale tags the app knows for Default Format Region.
FORMAT_REGIONS: tuple[str, ...] = (
    "en-US",
    "en-GB",
    "en-IE",
    "nl-NL",
    "nl-BE",
    "fr-FR",
    "fr-BE",
    "de-DE",
    "de-AT",
    "es-ES",
    "it-IT",
    "pt-PT",
    "da-DK",
    "sv-SE",
    "fi-FI",
    "pl-PL",
    "cs-CZ",
    "el-GR",
    "hu-HU",
    "ro-RO",
    "bg-BG",
    "hr-HR",
    "sk-SK",
    "sl-SI",
    "et-EE",
    "lv-LV",
    "lt-LT",
    "mt-MT",
    "fr-LU",
    "de-LU",
)

SETUP_FIELDS: tuple[SetupField, ...] = (
    SetupField(
        "attachment_storage_type",
        "general",
        "choice",
        QT_TRANSLATE_NOOP(CTX, "Attachment Storage Type"),
        choices=ATTACHMENT_STORAGE_TYPES,
    ),
    SetupField(
        "attachment_storage_location",
        "general",
        "text",
        QT_TRANSLATE_NOOP(CTX, "Attachment Storage Location"),
        max_len=250,
        tooltip=QT_TRANSLATE_NOOP(CTX, "Folder for attachment files when stored on disk."),
    ),
    SetupField(
        "inherit_salesperson_code",
        "inheritance",
        "bool",
        QT_TRANSLATE_NOOP(CTX, "Inherit Salesperson Code"),
    ),
    SetupField(
        "inherit_territory_code",
        "inheritance",
        "bool",
        QT_TRANSLATE_NOOP(CTX, "Inherit Territory Code"),
    ),
    SetupField(
        "inherit_country_region_code",
        "inheritance",
        "bool",
        QT_TRANSLATE_NOOP(CTX, "Inherit Country/Region Code"),
    ),
    SetupField(
        "inherit_language_code",
        "inheritance",
        "bool",
        QT_TRANSLATE_NOOP(CTX, "Inherit Language Code"),
    ),
    SetupField(
        "inherit_format_region",
        "inheritance",
        "bool",
        QT_TRANSLATE_NOOP(CTX, "Inherit Format Region"),
    ),
    SetupField(
        "inherit_address_details",
        "inheritance",
        "bool",
        QT_TRANSLATE_NOOP(CTX, "Inherit Address Details"),
    ),
    SetupField(
        "inherit_communication_details",
        "inheritance",
        "bool",
        QT_TRANSLATE_NOOP(CTX, "Inherit Communication Details"),
    ),
    SetupField(
        "default_salesperson_code",
        "defaults",
        "code",
        QT_TRANSLATE_NOOP(CTX, "Default Salesperson Code"),
        ref_table="salesperson",
        max_len=20,
    ),
    SetupField(
        "default_territory_code",
        "defaults",
        "code",
        QT_TRANSLATE_NOOP(CTX, "Default Territory Code"),
        ref_table="territory",
        max_len=10,
    ),
    SetupField(
        "default_country_region_code",
        "defaults",
        "code",
        QT_TRANSLATE_NOOP(CTX, "Default Country/Region Code"),
        ref_table="country_region",
        max_len=10,
    ),
    SetupField(
        "default_language_code",
        "defaults",
        "code",
        QT_TRANSLATE_NOOP(CTX, "Default Language Code"),
        ref_table="language",
        max_len=10,
    ),
    SetupField(
        "default_format_region",
        "defaults",
        "choice",
        QT_TRANSLATE_NOOP(CTX, "Default Format Region"),
        choices=(("", QT_TRANSLATE_NOOP(CTX, "(none)")),)
        + tuple((tag, tag) for tag in FORMAT_REGIONS),
    ),
    SetupField(
        "default_correspondence_type",
        "defaults",
        "choice",
        QT_TRANSLATE_NOOP(CTX, "Default Correspondence Type"),
        choices=CORRESPONDENCE_TYPES,
    ),
    SetupField(
        "def_company_salutation_code",
        "defaults",
        "code",
        QT_TRANSLATE_NOOP(CTX, "Def. Company Salutation Code"),
        ref_table="salutation",
        max_len=10,
    ),
    SetupField(
        "default_person_salutation_code",
        "defaults",
        "code",
        QT_TRANSLATE_NOOP(CTX, "Default Person Salutation Code"),
        ref_table="salutation",
        max_len=10,
    ),
    SetupField(
        "default_sales_cycle_code",
        "defaults",
        "code",
        QT_TRANSLATE_NOOP(CTX, "Default Sales Cycle Code"),
        ref_table="sales_cycle",
        max_len=10,
    ),
    SetupField(
        "bus_rel_code_for_customers",
        "sync",
        "code",
        QT_TRANSLATE_NOOP(CTX, "Bus. Rel. Code for Customers"),
        ref_table="business_relation",
        max_len=10,
    ),
    SetupField(
        "bus_rel_code_for_vendors",
        "sync",
        "code",
        QT_TRANSLATE_NOOP(CTX, "Bus. Rel. Code for Vendors"),
        ref_table="business_relation",
        max_len=10,
    ),
    SetupField(
        "bus_rel_code_for_bank_accs",
        "sync",
        "code",
        QT_TRANSLATE_NOOP(CTX, "Bus. Rel. Code for Bank Accs."),
        ref_table="business_relation",
        max_len=10,
    ),
    SetupField(
        "bus_rel_code_for_employees",
        "sync",
        "code",
        QT_TRANSLATE_NOOP(CTX, "Bus. Rel. Code for Employees"),
        ref_table="business_relation",
        max_len=10,
    ),
    # BC's page shows the customer templates Create as Customer preselects in this section.
    SetupField(
        "cust_template_company_code",
        "sync",
        "code",
        QT_TRANSLATE_NOOP(CTX, "Cust. Template Company Code"),
        ref_table="customer_template",
        max_len=10,
    ),
    SetupField(
        "cust_template_person_code",
        "sync",
        "code",
        QT_TRANSLATE_NOOP(CTX, "Cust. Template Person Code"),
        ref_table="customer_template",
        max_len=10,
    ),
    SetupField(
        "contact_nos",
        "numbering",
        "code",
        QT_TRANSLATE_NOOP(CTX, "Contact Nos."),
        ref_table="no_series",
        max_len=20,
    ),
    SetupField(
        "campaign_nos",
        "numbering",
        "code",
        QT_TRANSLATE_NOOP(CTX, "Campaign Nos."),
        ref_table="no_series",
        max_len=20,
    ),
    SetupField(
        "segment_nos",
        "numbering",
        "code",
        QT_TRANSLATE_NOOP(CTX, "Segment Nos."),
        ref_table="no_series",
        max_len=20,
    ),
    SetupField(
        "task_nos",
        "numbering",
        "code",
        QT_TRANSLATE_NOOP(CTX, "Task Nos."),
        ref_table="no_series",
        max_len=20,
    ),
    SetupField(
        "opportunity_nos",
        "numbering",
        "code",
        QT_TRANSLATE_NOOP(CTX, "Opportunity Nos."),
        ref_table="no_series",
        max_len=20,
    ),
    SetupField(
        "maintain_dupl_search_strings",
        "duplicates",
        "bool",
        QT_TRANSLATE_NOOP(CTX, "Maintain Dupl. Search Strings"),
    ),
    SetupField(
        "autosearch_for_duplicates",
        "duplicates",
        "bool",
        QT_TRANSLATE_NOOP(CTX, "Autosearch for Duplicates"),
    ),
    SetupField(
        "search_hit_percent",
        "duplicates",
        "int",
        QT_TRANSLATE_NOOP(CTX, "Search Hit %"),
        minimum=1,
        maximum=100,
    ),
    SetupField(
        "duplicate_method",
        "duplicates",
        "choice",
        QT_TRANSLATE_NOOP(CTX, "Duplicate Search Method"),
        choices=DUPLICATE_METHODS,
    ),
    SetupField(
        "fuzzy_threshold",
        "duplicates",
        "int",
        QT_TRANSLATE_NOOP(CTX, "Fuzzy Threshold (score)"),
        minimum=1,
        maximum=100,
        tooltip=QT_TRANSLATE_NOOP(
            CTX,
            "The fuzzy method pairs two contacts whose score reaches this value and whose "
            "evidence is of two kinds at least (a name alone or an address alone never is).",
        ),
    ),
    *(
        SetupField(
            f"fuzzy_weight_{key}",
            "duplicates",
            "int",
            label,
            minimum=0,
            maximum=100,
            tooltip=QT_TRANSLATE_NOOP(
                CTX,
                "Points a field adds to the fuzzy score when it is the same on both contacts, "
                "and takes off when it clearly differs; a blank field counts neither way.",
            ),
        )
        for key, label in FUZZY_WEIGHTS
    ),
)

FIELDS_BY_NAME: dict[str, SetupField] = {f.name: f for f in SETUP_FIELDS}


def fields_of(section: Section) -> tuple[SetupField, ...]:
    """The fields shown in one section, in page order."""
    return tuple(f for f in SETUP_FIELDS if f.section == section)


def couple_duplicate_flags(
    old_maintain: bool, old_autosearch: bool, new_maintain: bool, new_autosearch: bool
) -> tuple[bool, bool, bool]:
    """Apply BC's triggers between Maintain Dupl. Search Strings and Autosearch (spec §1.6).

    Returns (maintain, autosearch, ask_generate): a change of Maintain sets Autosearch to the same
    value; switching Autosearch on switches Maintain on. ask_generate is True when Maintain goes
    from off to on, which is when BC asks "Do you want to generate duplicate search strings?".
    """
    maintain, autosearch = old_maintain, old_autosearch
    if new_maintain != old_maintain:
        maintain = new_maintain
        autosearch = new_maintain
    if new_autosearch != old_autosearch and new_autosearch != autosearch:
        autosearch = new_autosearch
        if autosearch and not maintain:
            maintain = True
    ask_generate = maintain and not old_maintain
    return maintain, autosearch, ask_generate
