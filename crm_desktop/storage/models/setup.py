"""Single-row setup tables and the app's own settings."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from crm_desktop.storage.models.base import Base, code_ref, text


class MarketingSetup(Base):
    """Marketing Setup (BC table 5079): one row, id 1."""

    __tablename__ = "marketing_setup"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    # General
    attachment_storage_type: Mapped[str] = mapped_column(
        String(10), default="embedded", server_default="embedded"
    )
    attachment_storage_location: Mapped[str] = text(250)
    # Inheritance
    inherit_salesperson_code: Mapped[bool] = mapped_column(Boolean, default=True)
    inherit_territory_code: Mapped[bool] = mapped_column(Boolean, default=True)
    inherit_country_region_code: Mapped[bool] = mapped_column(Boolean, default=True)
    inherit_language_code: Mapped[bool] = mapped_column(Boolean, default=True)
    inherit_format_region: Mapped[bool] = mapped_column(Boolean, default=True)
    inherit_address_details: Mapped[bool] = mapped_column(Boolean, default=True)
    inherit_communication_details: Mapped[bool] = mapped_column(Boolean, default=True)
    # Defaults
    default_salesperson_code: Mapped[str | None] = code_ref("salesperson.code", 20)
    default_territory_code: Mapped[str | None] = code_ref("territory.code", 10)
    default_country_region_code: Mapped[str | None] = code_ref("country_region.code", 10)
    default_language_code: Mapped[str | None] = code_ref("language.code", 10)
    default_format_region: Mapped[str] = text(80)
    default_correspondence_type: Mapped[str] = text(10)  # '', hard_copy, email
    def_company_salutation_code: Mapped[str | None] = code_ref("salutation.code", 10)
    default_person_salutation_code: Mapped[str | None] = code_ref("salutation.code", 10)
    default_sales_cycle_code: Mapped[str | None] = code_ref("sales_cycle.code", 10)
    # Sync (BC shows these under Interactions as "Bus. Rel. Code for")
    bus_rel_code_for_customers: Mapped[str | None] = code_ref("business_relation.code", 10)
    bus_rel_code_for_vendors: Mapped[str | None] = code_ref("business_relation.code", 10)
    bus_rel_code_for_bank_accs: Mapped[str | None] = code_ref("business_relation.code", 10)
    bus_rel_code_for_employees: Mapped[str | None] = code_ref("business_relation.code", 10)
    # Customer templates for Create as Customer per contact type (BC fields 76, 77; issue 5)
    cust_template_company_code: Mapped[str | None] = code_ref("customer_template.code", 10)
    cust_template_person_code: Mapped[str | None] = code_ref("customer_template.code", 10)
    # Numbering
    contact_nos: Mapped[str | None] = code_ref("no_series.code", 20)
    campaign_nos: Mapped[str | None] = code_ref("no_series.code", 20)
    segment_nos: Mapped[str | None] = code_ref("no_series.code", 20)
    task_nos: Mapped[str | None] = code_ref("no_series.code", 20)
    opportunity_nos: Mapped[str | None] = code_ref("no_series.code", 20)
    # Duplicates
    maintain_dupl_search_strings: Mapped[bool] = mapped_column(Boolean, default=True)
    autosearch_for_duplicates: Mapped[bool] = mapped_column(Boolean, default=True)
    search_hit_percent: Mapped[int] = mapped_column(Integer, default=60)
    duplicate_method: Mapped[str] = mapped_column(
        String(20), default="search_strings", server_default="search_strings"
    )
    # The fuzzy method (migration i16a): threshold and field weights; whether the Contact
    # Duplicates page has offered the switch to it.
    fuzzy_threshold: Mapped[int] = mapped_column(Integer, default=60, server_default="60")
    fuzzy_weight_name: Mapped[int] = mapped_column(Integer, default=40, server_default="40")
    fuzzy_weight_vat: Mapped[int] = mapped_column(Integer, default=60, server_default="60")
    fuzzy_weight_email: Mapped[int] = mapped_column(Integer, default=50, server_default="50")
    fuzzy_weight_phone: Mapped[int] = mapped_column(Integer, default=45, server_default="45")
    fuzzy_weight_address: Mapped[int] = mapped_column(Integer, default=30, server_default="30")
    fuzzy_weight_post_code: Mapped[int] = mapped_column(Integer, default=15, server_default="15")
    fuzzy_weight_city: Mapped[int] = mapped_column(Integer, default=10, server_default="10")
    fuzzy_weight_company: Mapped[int] = mapped_column(Integer, default=25, server_default="25")
    fuzzy_switch_offered: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


INTERACTION_SETUP_FIELDS: tuple[str, ...] = (
    "sales_quotes",
    "sales_blnkt_ord",
    "sales_ord_cnfrmn",
    "sales_invoices",
    "sales_shpt_note",
    "sales_cr_memo",
    "sales_statement",
    "sales_rmdr",
    "serv_ord_create",
    "serv_ord_post",
    "purch_quotes",
    "purch_blnkt_ord",
    "purch_orders",
    "purch_invoices",
    "purch_rcpt",
    "purch_cr_memos",
    "cover_sheets",
    "sales_return_order",
    "sales_finance_charge_memo",
    "sales_return_receipt",
    "purch_return_shipment",
    "purch_return_ord_cnfrmn",
    "service_contract",
    "service_contract_quote",
    "service_quote",
    "sales_draft_invoices",
    "e_mails",
    "e_mail_draft",
    "outg_calls",
    "meeting_invitation",
)


class InteractionTemplateSetup(Base):
    """Interaction Template Setup (BC table 5122): which template logs which kind of document."""

    __tablename__ = "interaction_template_setup"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    sales_quotes: Mapped[str | None] = code_ref("interaction_template.code", 10)
    sales_blnkt_ord: Mapped[str | None] = code_ref("interaction_template.code", 10)
    sales_ord_cnfrmn: Mapped[str | None] = code_ref("interaction_template.code", 10)
    sales_invoices: Mapped[str | None] = code_ref("interaction_template.code", 10)
    sales_shpt_note: Mapped[str | None] = code_ref("interaction_template.code", 10)
    sales_cr_memo: Mapped[str | None] = code_ref("interaction_template.code", 10)
    sales_statement: Mapped[str | None] = code_ref("interaction_template.code", 10)
    sales_rmdr: Mapped[str | None] = code_ref("interaction_template.code", 10)
    serv_ord_create: Mapped[str | None] = code_ref("interaction_template.code", 10)
    serv_ord_post: Mapped[str | None] = code_ref("interaction_template.code", 10)
    purch_quotes: Mapped[str | None] = code_ref("interaction_template.code", 10)
    purch_blnkt_ord: Mapped[str | None] = code_ref("interaction_template.code", 10)
    purch_orders: Mapped[str | None] = code_ref("interaction_template.code", 10)
    purch_invoices: Mapped[str | None] = code_ref("interaction_template.code", 10)
    purch_rcpt: Mapped[str | None] = code_ref("interaction_template.code", 10)
    purch_cr_memos: Mapped[str | None] = code_ref("interaction_template.code", 10)
    cover_sheets: Mapped[str | None] = code_ref("interaction_template.code", 10)
    sales_return_order: Mapped[str | None] = code_ref("interaction_template.code", 10)
    sales_finance_charge_memo: Mapped[str | None] = code_ref("interaction_template.code", 10)
    sales_return_receipt: Mapped[str | None] = code_ref("interaction_template.code", 10)
    purch_return_shipment: Mapped[str | None] = code_ref("interaction_template.code", 10)
    purch_return_ord_cnfrmn: Mapped[str | None] = code_ref("interaction_template.code", 10)
    service_contract: Mapped[str | None] = code_ref("interaction_template.code", 10)
    service_contract_quote: Mapped[str | None] = code_ref("interaction_template.code", 10)
    service_quote: Mapped[str | None] = code_ref("interaction_template.code", 10)
    sales_draft_invoices: Mapped[str | None] = code_ref("interaction_template.code", 10)
    e_mails: Mapped[str | None] = code_ref("interaction_template.code", 10)
    e_mail_draft: Mapped[str | None] = code_ref("interaction_template.code", 10)
    outg_calls: Mapped[str | None] = code_ref("interaction_template.code", 10)
    meeting_invitation: Mapped[str | None] = code_ref("interaction_template.code", 10)


class AppSetting(Base):
    """The app's own settings that the command line must see too (work date, my salesperson)."""

    __tablename__ = "app_setting"
    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = text(250)


class UserSetup(Base):
    """The one user's own settings that the command line must honour too (BC's User Setup).

    salesperson_code is "my salesperson", which beats the default salesperson on new contacts;
    work_date, when set, replaces today as the date numbers and documents are issued on.
    """

    __tablename__ = "user_setup"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    salesperson_code: Mapped[str | None] = code_ref("salesperson.code", 20)
    work_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
