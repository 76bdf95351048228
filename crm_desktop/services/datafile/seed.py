"""Seeding a database with the default setup.

The seed runs inside the first migration's transaction (`seed_connection`, passed to
`storage.migrate.migrate`), so a first start killed at any moment leaves either nothing or a
migrated and seeded file. A file whose setup is missing all the same (made by an older version
that seeded in a second transaction, and killed in between) is seeded on its next start
(`seed_if_missing`): the Marketing Setup record is the mark of a finished seed.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from crm_desktop.domain import default_setup as d
from crm_desktop.domain import documents as docs
from crm_desktop.storage import models as m
from crm_desktop.storage.database import Database


def is_seeded(s: Session) -> bool:
    """True when the default setup was filled in (the Marketing Setup record exists)."""
    return s.get(m.MarketingSetup, 1) is not None


def seed_connection(connection: Connection) -> None:
    """Seed inside the caller's transaction on `connection` (the migration's)."""
    with Session(bind=connection) as s:
        if not is_seeded(s):
            seed_in(s)
        s.flush()


def seed_if_missing(db: Database) -> bool:
    """Fill in the default setup when it is missing; True when it did."""
    with db.read() as s:
        if is_seeded(s):
            return False
    with db.uow() as s:
        if is_seeded(s):
            return False
        seed_in(s)
    return True


def seed_in(s: Session) -> None:
    """Add the default setup in the caller's session."""
    for code, desc, start, end in d.NO_SERIES:
        s.add(m.NoSeries(code=code, description=desc, default_nos=True, manual_nos=True))
        s.add(
            m.NoSeriesLine(
                series_code=code,
                line_no=10000,
                starting_no=start,
                ending_no=end,
                increment_by=1,
                open=True,
            )
        )
    for code, desc, start, end, _field in d.SYNC_NO_SERIES:
        s.add(m.NoSeries(code=code, description=desc, default_nos=True, manual_nos=True))
        s.add(
            m.NoSeriesLine(
                series_code=code, line_no=10000, starting_no=start, ending_no=end, open=True
            )
        )
    for code, desc, _field in d.BUSINESS_RELATIONS:
        s.add(m.BusinessRelation(code=code, description=desc))
    for code, name, tag in d.LANGUAGES:
        s.add(m.Language(code=code, name=name, format_region=tag))
    for code, name, iso, eu in d.COUNTRIES:
        s.add(m.CountryRegion(code=code, name=name, iso_code=iso, eu_country=eu))
    for code, (desc, formulas) in d.SALUTATIONS.items():
        s.add(m.Salutation(code=code, description=desc))
        for (lang, typ), (pattern, parts) in formulas.items():
            names = {f"name_{i + 1}": p for i, p in enumerate(parts)}
            s.add(
                m.SalutationFormula(
                    salutation_code=code,
                    language_code=lang,
                    salutation_type=typ,
                    salutation=pattern,
                    **names,
                )
            )
    for code, desc in d.INTERACTION_GROUPS:
        s.add(m.InteractionGroup(code=code, description=desc))
    s.flush()
    for code, group, desc, flow, by, corr in d.INTERACTION_TEMPLATES:
        s.add(
            m.InteractionTemplate(
                code=code,
                interaction_group_code=group,
                description=desc,
                information_flow=flow,
                initiated_by=by,
                correspondence_type=corr,
            )
        )
    cycle, cycle_desc, stages = d.SALES_CYCLE
    s.add(m.SalesCycle(code=cycle, description=cycle_desc))
    s.flush()
    for stage, desc, completed, chances in stages:
        s.add(
            m.SalesCycleStage(
                sales_cycle_code=cycle,
                stage=stage,
                description=desc,
                completed_percent=completed,
                chances_of_success_percent=chances,
            )
        )
    for code, kind, desc in d.CLOSE_OPPORTUNITY_CODES:
        s.add(m.CloseOpportunityCode(code=code, type=kind, description=desc))
    for field in d.DUPLICATE_FIELDS:
        for part in ("first", "last"):
            s.add(m.DuplicateSearchStringSetup(field_name=field, part_of_field=part, length=5))
    s.flush()
    s.add(m.InteractionTemplateSetup(id=1, **d.INTERACTION_TEMPLATE_SETUP))
    setup = m.MarketingSetup(
        id=1,
        def_company_salutation_code="COMPANY",
        default_person_salutation_code="PERSON",
        default_sales_cycle_code=cycle,
        **d.SETUP_SERIES,
        **{field: code for code, _desc, field in d.BUSINESS_RELATIONS},
        # Databases created from now on find duplicates the fuzzy way (issue 16); existing
        # ones keep BC's method (the column's default) until the user switches.
        duplicate_method=d.DUPLICATE_METHOD,
    )
    s.add(setup)
    s.add(m.UserSetup(id=1))
    s.add(m.SyncSetup(id=1, **{field: code for code, *_rest, field in d.SYNC_NO_SERIES}))
    _seed_documents(s)


def _seed_documents(s: Session) -> None:
    """Sales and purchase documents (issue 20): a series per type, VAT rates, the setup row."""
    for t in docs.DOCUMENT_TYPES:
        s.add(
            m.NoSeries(
                code=t.series_code,
                description=t.series_description,
                default_nos=True,
                manual_nos=True,
            )
        )
        s.add(
            m.NoSeriesLine(
                series_code=t.series_code,
                line_no=10000,
                starting_no=t.first_no,
                ending_no=t.last_no,
                increment_by=1,
                open=True,
            )
        )
    for code, desc, rate in d.VAT_RATES:
        s.add(m.VatRate(code=code, description=desc, rate=Decimal(rate)))
    s.flush()
    s.add(
        m.SalesPurchaseSetup(
            id=1,
            default_vat_rate_code=d.DEFAULT_VAT_RATE,
            **{t.setup_field: t.series_code for t in docs.DOCUMENT_TYPES},
        )
    )
