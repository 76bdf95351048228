"""The setup a new database starts with, so a new user can begin at once (issue 2, item 7)."""

from __future__ import annotations

# (code, description, starting no, ending no)
NO_SERIES: tuple[tuple[str, str, str, str], ...] = (
    ("CONT", "Contacts", "CT000001", "CT999999"),
    ("OPP", "Opportunities", "OP000001", "OP999999"),
    ("CAMP", "Campaigns", "CP000001", "CP999999"),
    ("SEGM", "Segments", "SM000001", "SM999999"),
    ("TASK", "Tasks", "TD000001", "TD999999"),
)
SETUP_SERIES = {
    "contact_nos": "CONT",
    "opportunity_nos": "OPP",
    "campaign_nos": "CAMP",
    "segment_nos": "SEGM",
    "task_nos": "TASK",
}

# Number series of customers, vendors, bank accounts, employees (issue 5):
# (code, description, starting no, ending no, sync_setup field)
SYNC_NO_SERIES: tuple[tuple[str, str, str, str, str], ...] = (
    ("CUST", "Customers", "C00010", "C99990", "customer_nos"),
    ("VEND", "Vendors", "V00010", "V99990", "vendor_nos"),
    ("BANK", "Bank Accounts", "B010", "B990", "bank_account_nos"),
    ("EMP", "Employees", "E0010", "E9990", "employee_nos"),
)

BUSINESS_RELATIONS = (
    ("CUST", "Customer", "bus_rel_code_for_customers"),
    ("VEND", "Vendor", "bus_rel_code_for_vendors"),
    ("BANK", "Bank", "bus_rel_code_for_bank_accs"),
    ("EMP", "Employee", "bus_rel_code_for_employees"),
)

DUPLICATE_FIELDS = (
    "name",
    "address",
    "city",
    "phone_no",
    "vat_registration_no",
    "post_code",
    "email",
    "mobile_phone_no",
)

LANGUAGES = (("ENU", "English", "en-US"), ("NLD", "Dutch", "nl-NL"))

# (code, name, iso, eu)
COUNTRIES = (
    ("AT", "Austria", "AT", True),
    ("BE", "Belgium", "BE", True),
    ("BG", "Bulgaria", "BG", True),
    ("HR", "Croatia", "HR", True),
    ("CY", "Cyprus", "CY", True),
    ("CZ", "Czech Republic", "CZ", True),
    ("DK", "Denmark", "DK", True),
    ("EE", "Estonia", "EE", True),
    ("FI", "Finland", "FI", True),
    ("FR", "France", "FR", True),
    ("DE", "Germany", "DE", True),
    ("GR", "Greece", "GR", True),
    ("HU", "Hungary", "HU", True),
    ("IE", "Ireland", "IE", True),
    ("IT", "Italy", "IT", True),
    ("LV", "Latvia", "LV", True),
    ("LT", "Lithuania", "LT", True),
    ("LU", "Luxembourg", "LU", True),
    ("MT", "Malta", "MT", True),
    ("NL", "Netherlands", "NL", True),
    ("PL", "Poland", "PL", True),
    ("PT", "Portugal", "PT", True),
    ("RO", "Romania", "RO", True),
    ("SK", "Slovakia", "SK", True),
    ("SI", "Slovenia", "SI", True),
    ("ES", "Spain", "ES", True),
    ("SE", "Sweden", "SE", True),
    ("GB", "United Kingdom", "GB", False),
    ("US", "United States of America", "US", False),
)

# salutation code -> description, {(language, type): (pattern, name parts)}
SALUTATIONS: dict[str, tuple[str, dict[tuple[str, str], tuple[str, tuple[str, ...]]]]] = {
    "COMPANY": (
        "Company",
        {
            ("", "formal"): ("Dear Sir or Madam,", ()),
            ("", "informal"): ("Dear %1 team,", ("company_name",)),
            ("ENU", "formal"): ("Dear Sir or Madam,", ()),
            ("ENU", "informal"): ("Dear %1 team,", ("company_name",)),
            ("NLD", "formal"): ("Geachte heer, mevrouw,", ()),
            ("NLD", "informal"): ("Beste collega's van %1,", ("company_name",)),
        },
    ),
    "PERSON": (
        "Person",
        {
            ("", "formal"): ("Dear %1 %2 %3,", ("first_name", "middle_name", "surname")),
            ("", "informal"): ("Dear %1,", ("first_name",)),
            ("ENU", "formal"): ("Dear %1 %2 %3,", ("first_name", "middle_name", "surname")),
            ("ENU", "informal"): ("Dear %1,", ("first_name",)),
            ("NLD", "formal"): ("Geachte %1 %2 %3,", ("first_name", "middle_name", "surname")),
            ("NLD", "informal"): ("Beste %1,", ("first_name",)),
        },
    ),
}

INTERACTION_GROUPS = (
    ("LETTER", "Letters"),
    ("EMAIL", "E-mails"),
    ("PHONE", "Phone calls"),
    ("MEETING", "Meetings"),
    ("SALES", "Sales documents"),
    ("PURCHASE", "Purchase documents"),
)

# (code, group, description, information flow, initiated by, correspondence type)
INTERACTION_TEMPLATES = (
    ("LETTER", "LETTER", "Letter", "outbound", "us", "hard_copy"),
    ("COVERSH", "LETTER", "Cover sheet", "outbound", "us", "hard_copy"),
    ("EMAIL", "EMAIL", "E-Mail", "outbound", "us", "email"),
    ("EMAILDRAFT", "EMAIL", "E-Mail draft", "outbound", "us", "email"),
    ("CALL-OUT", "PHONE", "Outgoing phone call", "outbound", "us", ""),
    ("CALL-IN", "PHONE", "Incoming phone call", "inbound", "them", ""),
    ("MEETING", "MEETING", "Meeting", "", "us", ""),
    ("MEETINV", "MEETING", "Meeting invitation", "outbound", "us", "email"),
    ("S-QUOTE", "SALES", "Sales quote", "outbound", "us", "email"),
    ("S-ORDER", "SALES", "Sales order confirmation", "outbound", "us", "email"),
    ("S-INVOICE", "SALES", "Sales invoice", "outbound", "us", "email"),
    ("S-CR-MEMO", "SALES", "Sales credit memo", "outbound", "us", "email"),
    ("S-SHIPMENT", "SALES", "Sales shipment note", "outbound", "us", "email"),
    ("S-STATEMNT", "SALES", "Customer statement", "outbound", "us", "email"),
    ("S-REMINDER", "SALES", "Reminder", "outbound", "us", "email"),
    ("S-RETURN", "SALES", "Sales return order", "outbound", "us", "email"),
    ("S-DRAFTINV", "SALES", "Sales draft invoice", "outbound", "us", "email"),
    ("P-QUOTE", "PURCHASE", "Purchase quote", "outbound", "us", "email"),
    ("P-ORDER", "PURCHASE", "Purchase order", "outbound", "us", "email"),
    ("P-INVOICE", "PURCHASE", "Purchase invoice", "inbound", "them", "email"),
    ("P-CR-MEMO", "PURCHASE", "Purchase credit memo", "inbound", "them", "email"),
    ("P-RECEIPT", "PURCHASE", "Purchase receipt", "inbound", "them", "email"),
    ("P-RETURN", "PURCHASE", "Purchase return shipment", "outbound", "us", "email"),
)

INTERACTION_TEMPLATE_SETUP = {
    "sales_quotes": "S-QUOTE",
    "sales_ord_cnfrmn": "S-ORDER",
    "sales_invoices": "S-INVOICE",
    "sales_cr_memo": "S-CR-MEMO",
    "sales_shpt_note": "S-SHIPMENT",
    "sales_statement": "S-STATEMNT",
    "sales_rmdr": "S-REMINDER",
    "sales_return_order": "S-RETURN",
    "sales_draft_invoices": "S-DRAFTINV",
    "purch_quotes": "P-QUOTE",
    "purch_orders": "P-ORDER",
    "purch_invoices": "P-INVOICE",
    "purch_cr_memos": "P-CR-MEMO",
    "purch_rcpt": "P-RECEIPT",
    "purch_return_shipment": "P-RETURN",
    "cover_sheets": "COVERSH",
    "e_mails": "EMAIL",
    "e_mail_draft": "EMAILDRAFT",
    "outg_calls": "CALL-OUT",
    "meeting_invitation": "MEETINV",
}

# (stage, description, completed %, chances of success %)
SALES_CYCLE = (
    "NEW",
    "New customers",
    (
        (1, "Initial contact", 10, 0),
        (2, "Needs analysis", 30, 20),
        (3, "Presentation", 50, 40),
        (4, "Proposal", 75, 60),
        (5, "Negotiation and signing", 95, 80),
    ),
)

# Close opportunity codes: (code, type won/lost, description) (issue 21)
CLOSE_OPPORTUNITY_CODES = (
    ("WON", "won", "Won: the customer ordered"),
    ("PRICE", "lost", "Lost: price"),
    ("COMPETITOR", "lost", "Lost to a competitor"),
    ("NOBUDGET", "lost", "Lost: no budget or need"),
)

# The duplicate search method of a new database (issue 16): fuzzy; BC's stays selectable.
DUPLICATE_METHOD = "fuzzy"

# Sales and purchase documents (issue 20): one number series per document type (from
# domain.documents), the VAT rates (code, description, rate %) and the default rate of a line.
VAT_RATES: tuple[tuple[str, str, str], ...] = (
    ("STANDARD", "Standard rate", "20"),
    ("REDUCED", "Reduced rate", "5"),
    ("ZERO", "Zero rate", "0"),
)
DEFAULT_VAT_RATE = "STANDARD"
