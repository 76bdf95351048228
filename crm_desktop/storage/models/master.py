"""Master data: the code tables the Marketing Setup and contacts refer to."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Boolean, ForeignKey, Integer, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from crm_desktop.storage.models.base import Base, code_pk, code_ref, text


class Salesperson(Base):
    """Salesperson/Purchaser (BC table 13)."""

    __tablename__ = "salesperson"
    code: Mapped[str] = code_pk(20)
    name: Mapped[str] = text(50)
    job_title: Mapped[str] = text(30)
    email: Mapped[str] = text(80)
    phone_no: Mapped[str] = text(30)
    blocked: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class Territory(Base):
    """Territory (BC table 286)."""

    __tablename__ = "territory"
    code: Mapped[str] = code_pk(10)
    name: Mapped[str] = text(50)


class CountryRegion(Base):
    """Country/Region (BC table 9)."""

    __tablename__ = "country_region"
    code: Mapped[str] = code_pk(10)
    name: Mapped[str] = text(50)
    iso_code: Mapped[str] = text(2)
    eu_country: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class Language(Base):
    """Language (BC table 8); format_region is the locale tag it suggests (e.g. nl-NL)."""

    __tablename__ = "language"
    code: Mapped[str] = code_pk(10)
    name: Mapped[str] = text(50)
    format_region: Mapped[str] = text(80)


class Currency(Base):
    """Currency (BC table 4)."""

    __tablename__ = "currency"
    code: Mapped[str] = code_pk(10)
    description: Mapped[str] = text(30)


class Salutation(Base):
    """Salutation (BC table 5068); its formulas are deleted with it."""

    __tablename__ = "salutation"
    code: Mapped[str] = code_pk(10)
    description: Mapped[str] = text(100)


class SalutationFormula(Base):
    """Salutation Formula (BC table 5069): pattern with %1..%5 and the name part of each."""

    __tablename__ = "salutation_formula"
    salutation_code: Mapped[str] = mapped_column(
        String(10),
        ForeignKey("salutation.code", onupdate="CASCADE", ondelete="CASCADE"),
        primary_key=True,
    )
    # Blank language is '' (BC's "no language"), so it is part of the key and not a reference.
    language_code: Mapped[str] = mapped_column(String(10), primary_key=True, default="")
    salutation_type: Mapped[str] = mapped_column(String(10), primary_key=True)  # formal/informal
    salutation: Mapped[str] = text(50)
    name_1: Mapped[str] = text(20)
    name_2: Mapped[str] = text(20)
    name_3: Mapped[str] = text(20)
    name_4: Mapped[str] = text(20)
    name_5: Mapped[str] = text(20)


class BusinessRelation(Base):
    """Business Relation (BC table 5053)."""

    __tablename__ = "business_relation"
    code: Mapped[str] = code_pk(10)
    description: Mapped[str] = text(100)


class SalesCycle(Base):
    """Sales Cycle (BC table 5090)."""

    __tablename__ = "sales_cycle"
    code: Mapped[str] = code_pk(10)
    description: Mapped[str] = text(100)
    probability_calculation: Mapped[str] = mapped_column(
        String(30), default="multiply", server_default="multiply"
    )
    blocked: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class SalesCycleStage(Base):
    """Sales Cycle Stage (BC table 5091)."""

    __tablename__ = "sales_cycle_stage"
    sales_cycle_code: Mapped[str] = mapped_column(
        String(10),
        ForeignKey("sales_cycle.code", onupdate="CASCADE", ondelete="CASCADE"),
        primary_key=True,
    )
    stage: Mapped[int] = mapped_column(Integer, primary_key=True)
    description: Mapped[str] = text(100)
    completed_percent: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    chances_of_success_percent: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    quote_required: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    allow_skip: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    date_formula: Mapped[str] = text(32)
    # The Activity its tasks come from (the tasks issue adds the Activity table and its key).
    activity_code: Mapped[str] = text(10)


class InteractionGroup(Base):
    """Interaction Group (BC table 5062)."""

    __tablename__ = "interaction_group"
    code: Mapped[str] = code_pk(10)
    description: Mapped[str] = text(100)


class InteractionTemplate(Base):
    """Interaction Template (BC table 5064)."""

    __tablename__ = "interaction_template"
    code: Mapped[str] = code_pk(10)
    interaction_group_code: Mapped[str] = mapped_column(
        String(10),
        ForeignKey("interaction_group.code", onupdate="CASCADE", ondelete="RESTRICT"),
        nullable=False,
    )
    description: Mapped[str] = text(100)
    unit_cost_lcy: Mapped[Decimal] = mapped_column(Numeric(18, 2), default=0, server_default="0")
    unit_duration_min: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    information_flow: Mapped[str] = text(10)  # '', outbound, inbound
    initiated_by: Mapped[str] = text(10)  # '', us, them
    correspondence_type: Mapped[str] = mapped_column(
        String(10), default="email", server_default="email"
    )
    language_code: Mapped[str | None] = code_ref("language.code", 10)
    ignore_contact_corres_type: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default="0"
    )
    campaign_target: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    campaign_response: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # ' ', import, open, merge: what Create Interaction does with the attachment (issue 18).
    wizard_action: Mapped[str] = text(10)
