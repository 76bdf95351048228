"""BC scenarios of sections A, B, I and J on the contacts service (real database).

Not here, with the reason:
- 5, 10, 15, 20, 145, 150: kept back as acceptance checks.
- 8: a company's business relation being deleted and its persons following; relation rows are
  the sync area's (issue 5), which recomputes the summaries when relations change.
- 17: To-do Nos. and the Create Task wizard belong to the interactions/tasks area.
- 146/147/148 "without modify permission": the app has one user and no permission sets.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import delete

from crm_desktop.domain.errors import ConflictError, ValidationError
from crm_desktop.domain.numbering import ManualNosError
from crm_desktop.services import contacts, masterdata, setup
from crm_desktop.services.app import AppContext
from crm_desktop.storage import models as m


@pytest.fixture
def app(ctx: AppContext) -> Iterator[AppContext]:
    """The seeded app plus a few salespeople, territories and a currency."""
    for code in ("SP1", "SP2", "ME"):
        masterdata.save_row(ctx, "salesperson", {"code": code, "name": f"Sales {code}"})
    for code in ("T1", "T2"):
        masterdata.save_row(ctx, "territory", {"code": code, "name": f"Territory {code}"})
    masterdata.save_row(ctx, "currency", {"code": "EUR", "description": "Euro"})
    yield ctx


def company(ctx: AppContext, **values: object) -> contacts.ContactRow:
    return contacts.create_contact(ctx, {"type": "company", **values}).contact


FULL = {
    "name": "Cronus Cardoxy",
    "salesperson_code": "SP1",
    "territory_code": "T1",
    "country_region_code": "NL",
    "language_code": "NLD",
    "address": "Damrak 1",
    "address_2": "3rd floor",
    "city": "Amsterdam",
    "county": "Noord-Holland",
    "post_code": "1012 LG",
    "email": "info@cardoxy.nl",
}


def test_bc001_person_inherits_from_company(app: AppContext) -> None:
    c = company(app, **FULL)
    other = company(app, name="Anna Berg")
    p = contacts.update_contact(app, other.no, {"type": "person", "company_no": c.no}).contact
    assert p.type == "person" and p.company_no == c.no and p.company_name == c.name
    for field in (
        "salesperson_code",
        "territory_code",
        "country_region_code",
        "language_code",
        "address",
        "email",
    ):
        assert getattr(p, field) == getattr(c, field), field


def test_bc002_without_address_and_communication_inheritance(app: AppContext) -> None:
    setup.update_marketing_setup(
        app, {"inherit_address_details": False, "inherit_communication_details": False}
    )
    c = company(app, **FULL)
    p = contacts.create_contact(app, {"type": "person", "name": "Anna", "company_no": c.no})
    assert p.contact.address == "" and p.contact.email == ""
    assert p.contact.salesperson_code == "SP1"


def test_bc003_person_linked_to_a_company_gets_its_address(app: AppContext) -> None:
    c2 = company(app, **FULL)
    other = company(app, name="Someone")
    p = contacts.update_contact(app, other.no, {"type": "person", "company_no": c2.no}).contact
    for field in ("address", "address_2", "city", "post_code", "salesperson_code"):
        assert getattr(p, field) == getattr(c2, field), field


def test_bc004_blank_address_person_gets_all_five_address_fields(app: AppContext) -> None:
    p = contacts.create_contact(app, {"type": "person", "name": "Anna Berg"}).contact
    assert p.address == ""
    c = company(app, **FULL)
    p = contacts.update_contact(app, p.no, {"company_no": c.no}).contact
    for field in ("address", "address_2", "city", "county", "post_code"):
        assert getattr(p, field) == FULL[field], field


def test_bc006_inherited_address_is_replaced_by_the_new_companys(app: AppContext) -> None:
    cc1 = company(app, **FULL)
    cc2 = company(
        app,
        name="Other",
        address="Coolsingel 5",
        address_2="",
        city="Rotterdam",
        county="Zuid-Holland",
        post_code="3011 AD",
    )
    p = contacts.create_contact(app, {"type": "person", "name": "Anna Berg"}).contact
    p = contacts.update_contact(app, p.no, {"company_no": cc1.no}).contact
    assert p.address == "Damrak 1"
    p = contacts.update_contact(app, p.no, {"company_no": cc2.no}).contact
    for field in ("address", "address_2", "city", "county", "post_code"):
        assert getattr(p, field) == getattr(cc2, field), field


def test_bc007_person_shows_its_companys_customer_relation(app: AppContext) -> None:
    c = company(app, name="Customer Co")
    with app.db.uow() as s:
        s.add(
            m.ContactBusinessRelation(
                contact_no=c.no,
                business_relation_code="CUST",
                link_to_table="customer",
                no="C00010",
            )
        )
    p = contacts.create_contact(app, {"type": "person", "name": "Piet"}).contact
    assert p.contact_business_relation == "none"
    p = contacts.update_contact(app, p.no, {"company_no": c.no}).contact
    assert p.contact_business_relation == "customer"


def test_bc009_company_name_picks_the_company(app: AppContext) -> None:
    c = company(app, name="Lookup Company")
    p = contacts.create_contact(app, {"type": "person", "name": "Anna"}).contact
    [found] = contacts.resolve_company(app, "lookup")
    assert found.no == c.no
    p = contacts.update_contact(app, p.no, {"company_no": found.no}).contact
    assert (p.company_no, p.company_name) == (c.no, "Lookup Company")


def test_bc009_company_with_the_same_one_letter_name_as_the_person(app: AppContext) -> None:
    p = contacts.create_contact(app, {"type": "person", "name": "S"}).contact
    c = company(app, name="S")
    p = contacts.update_contact(app, p.no, {"company_name": "S"}).contact
    assert (p.company_no, p.company_name) == (c.no, "S")


def test_company_name_resolution_order_and_refusal(app: AppContext) -> None:
    a = company(app, name="Alpha Trading", city="Utrecht")
    company(app, name="Alphabet Soup")
    assert [r.no for r in contacts.resolve_company(app, "alpha trading")] == [a.no]
    assert len(contacts.resolve_company(app, "Alph")) == 2
    assert [r.no for r in contacts.resolve_company(app, "utrecht")] == [a.no]
    assert contacts.resolve_company(app, "nothing like it") == []
    p = contacts.create_contact(app, {"type": "person", "name": "Anna"}).contact
    with pytest.raises(ValidationError) as err:
        contacts.update_contact(app, p.no, {"company_name": "Alph"})
    assert str(err.value) == "You must select an existing contact."
    assert err.value.field == "company_name"
    assert contacts.get_contact(app, p.no).company_no == ""


DEFAULTS = {
    "default_territory_code": "T1",
    "default_country_region_code": "NL",
    "default_language_code": "NLD",
    "default_correspondence_type": "hard_copy",
}


def test_bc011_company_changed_to_person_keeps_company_salutation(app: AppContext) -> None:
    setup.update_marketing_setup(app, DEFAULTS)
    c = company(app, name="Anna van Berg")
    p = contacts.update_contact(app, c.no, {"type": "person"}).contact
    assert p.salutation_code == "COMPANY"
    assert (p.territory_code, p.country_region_code, p.language_code) == ("T1", "NL", "NLD")
    assert p.correspondence_type == "hard_copy"
    assert (p.company_no, p.company_name) == ("", "")
    assert (p.first_name, p.middle_name, p.surname) == ("Anna", "van", "Berg")


@pytest.mark.parametrize("kind", ["company", "person"])
def test_bc012_no_defaults_when_setup_is_blank(app: AppContext, kind: str) -> None:
    setup.update_marketing_setup(
        app,
        {
            "def_company_salutation_code": "",
            "default_person_salutation_code": "",
            "default_correspondence_type": "",
        },
    )
    c = contacts.create_contact(app, {"type": kind, "name": "X"}).contact
    assert (c.territory_code, c.country_region_code, c.language_code, c.salutation_code) == (
        "",
        "",
        "",
        "",
    )
    assert c.correspondence_type == ""


def test_defaults_fill_blank_fields_of_a_new_person(app: AppContext) -> None:
    setup.update_marketing_setup(app, {**DEFAULTS, "default_salesperson_code": "SP2"})
    p = contacts.create_contact(app, {"type": "person", "name": "A", "territory_code": "T2"})
    row = p.contact
    assert (row.territory_code, row.country_region_code, row.salesperson_code) == (
        "T2",
        "NL",
        "SP2",
    )
    assert row.salutation_code == "PERSON"
    assert row.format_region == ""


def test_bc013_my_salesperson_on_a_new_contact(app: AppContext) -> None:
    setup.update_marketing_setup(app, {"default_salesperson_code": "SP2"})
    setup.update_user_setup(app, salesperson_code="ME")
    assert contacts.create_contact(app, {"name": "X"}).contact.salesperson_code == "ME"
    given = contacts.create_contact(app, {"name": "Y", "salesperson_code": "SP1"}).contact
    assert given.salesperson_code == "SP1"


def test_inherited_values_beat_defaults_and_blanks_get_defaults(app: AppContext) -> None:
    setup.update_marketing_setup(app, DEFAULTS)
    c = company(app, name="Co", territory_code="T2", country_region_code="")
    p = contacts.create_contact(app, {"type": "person", "name": "A", "company_no": c.no})
    # Territory comes from the company; the company's blank country gets the default (§2.7).
    assert p.contact.territory_code == "T2"
    assert p.contact.country_region_code == "NL"


def test_bc014_new_contact_from_a_company_is_its_person(app: AppContext) -> None:
    c = company(app, **FULL)
    p = contacts.create_contact(app, {"company_no": c.no}).contact
    assert (p.type, p.company_no, p.company_name) == ("person", c.no, c.name)
    assert p.address == c.address
    plain = contacts.create_contact(app, {}).contact
    assert (plain.type, plain.company_name, plain.company_no) == ("company", "", plain.no)


def test_bc016_contact_nos_must_be_set(app: AppContext) -> None:
    setup.update_marketing_setup(app, {"contact_nos": ""})
    with pytest.raises(ValidationError) as err:
        contacts.create_contact(app, {"name": "X"})
    assert str(err.value) == "Contact Nos. must have a value in Marketing Setup."
    assert err.value.field == "contact_nos"
    assert contacts.list_contacts(app) == []


def test_bc018_new_person_has_no_business_relation(app: AppContext) -> None:
    p = contacts.create_contact(app, {"type": "person", "name": "Guid Person"}).contact
    assert p.contact_business_relation == "none"
    with app.db.read() as s:
        assert s.query(m.ContactBusinessRelation).count() == 0


def test_bc019_type_change_refused_with_a_business_relation(app: AppContext) -> None:
    c = company(app, name="Linked")
    with app.db.uow() as s:
        s.add(
            m.ContactBusinessRelation(
                contact_no=c.no, business_relation_code="CUST", link_to_table="customer", no="C1"
            )
        )
    with pytest.raises(ValidationError) as err:
        contacts.update_contact(app, c.no, {"type": "person"})
    assert str(err.value) == (
        f"No. of Business Relations must be equal to '0' in Contact: No.={c.no}. "
        "Current value is '1'."
    )
    assert err.value.field == "type"
    assert contacts.get_contact(app, c.no).type == "company"


def test_numbers_from_contact_nos_skip_manual_ones(app: AppContext) -> None:
    manual = contacts.create_contact(app, {"no": "ct000001", "name": "Typed"}).contact
    assert (manual.no, manual.no_series) == ("CT000001", "")
    auto = contacts.create_contact(app, {"name": "Drawn"}).contact
    assert (auto.no, auto.no_series) == ("CT000002", "CONT")
    with pytest.raises(ConflictError) as err:
        contacts.create_contact(app, {"no": "CT000002"})
    assert str(err.value) == "Contact CT000002 already exists."


def test_manual_number_refused_when_the_series_does_not_allow_it(app: AppContext) -> None:
    with app.db.uow() as s:
        series = s.get(m.NoSeries, "CONT")
        assert series is not None
        series.manual_nos = False
    with pytest.raises(ManualNosError) as err:
        contacts.create_contact(app, {"no": "MINE"})
    assert "You may not enter numbers manually" in str(err.value)
    assert contacts.list_contacts(app) == []


def test_bc143_bc144_salutation_and_formulas(app: AppContext) -> None:
    masterdata.save_row(app, "salutation", {"code": "S", "description": "Test"})
    assert [r["code"] for r in masterdata.list_rows(app, "salutation") if r["code"] == "S"] == ["S"]
    for lang in ("", "ENU"):
        for kind in ("formal", "informal"):
            masterdata.save_row(
                app,
                "salutation_formula",
                {
                    "salutation_code": "S",
                    "language_code": lang,
                    "salutation_type": kind,
                    "salutation": f"{kind} %1 %2 %3 %4 %5",
                    "name_1": "company_name",
                    "name_2": "initials",
                    "name_3": "surname",
                    "name_4": "middle_name",
                    "name_5": "first_name",
                },
            )
    keys = {
        (r["language_code"], r["salutation_type"])
        for r in masterdata.list_rows(app, "salutation_formula", "S")
    }
    assert keys == {("", "formal"), ("", "informal"), ("ENU", "formal"), ("ENU", "informal")}
    c = company(app, name="Acme")
    p = contacts.create_contact(
        app, {"company_no": c.no, "name": "Anna van Berg", "initials": "AB", "salutation_code": "S"}
    ).contact
    assert contacts.get_salutation(app, p.no, "informal", "ENU") == "informal Acme AB Berg van Anna"


def test_salutation_in_the_contacts_language_with_fallback(app: AppContext) -> None:
    masterdata.save_row(app, "language", {"code": "DEU", "name": "German"})
    p = contacts.create_contact(
        app, {"type": "person", "name": "Anna Berg", "language_code": "NLD"}
    ).contact
    assert contacts.get_salutation(app, p.no, "formal") == "Geachte Anna Berg,"
    assert contacts.get_salutation(app, p.no, "informal", "ENU") == "Dear Anna,"
    assert contacts.get_salutation(app, p.no, "informal", "DEU") == "Dear Anna,"
    masterdata.save_row(app, "salutation", {"code": "BARE", "description": "No formulas"})
    contacts.update_contact(app, p.no, {"salutation_code": "BARE"})
    with pytest.raises(ValidationError) as err:
        contacts.get_salutation(app, p.no, "formal")
    assert str(err.value) == (
        "You have to set up the salutation formula of the type Formal in NLD language for the "
        f"{p.no} contact."
    )


def test_bc146_name_details_of_a_person(app: AppContext) -> None:
    p = contacts.create_contact(app, {"type": "person", "name": "Someone"}).contact
    row = contacts.update_contact(
        app,
        p.no,
        {
            "salutation_code": "PERSON",
            "name": "PERSON",
            "job_title": "PERSON",
            "initials": "PE",
            "language_code": "ENU",
        },
    ).contact
    assert (row.salutation_code, row.name, row.job_title, row.initials, row.language_code) == (
        "PERSON",
        "PERSON",
        "PERSON",
        "PE",
        "ENU",
    )
    assert (row.first_name, row.surname) == ("PERSON", "")


def test_bc147_company_details(app: AppContext) -> None:
    c = company(app, name="Old")
    row = contacts.update_contact(
        app,
        c.no,
        {
            "country_region_code": "NL",
            "post_code": "2611",
            "name": "2611",
            "address": "2611",
            "phone_no": "1234567",
            "fax_no": "1234567",
        },
    ).contact
    assert (row.country_region_code, row.post_code, row.name, row.address) == (
        "NL",
        "2611",
        "2611",
        "2611",
    )
    assert (row.phone_no, row.fax_no, row.company_name, row.search_name) == (
        "1234567",
        "1234567",
        "2611",
        "2611",
    )


def test_bc148_name_from_first_middle_surname(app: AppContext) -> None:
    p = contacts.create_contact(app, {"type": "person", "name": "X"}).contact
    row = contacts.update_contact(
        app, p.no, {"first_name": "F", "middle_name": "M", "surname": "S"}
    ).contact
    assert (row.name, row.first_name, row.middle_name, row.surname) == ("F M S", "F", "M", "S")


def test_bc149_bad_email_saves_nothing(app: AppContext) -> None:
    c = company(app, name="Mail", email="a@b.nl")
    with pytest.raises(ValidationError) as err:
        contacts.update_contact(app, c.no, {"email": "a@b.nl, c@d.nl", "name": "Changed"})
    assert str(err.value) == 'The email address "a@b.nl, c@d.nl" is not valid.'
    after = contacts.get_contact(app, c.no)
    assert (after.email, after.name) == ("a@b.nl", "Mail")
    ok = contacts.update_contact(app, c.no, {"email": "x@y.nl; z@y.nl"}).contact
    assert ok.search_email == "X@Y.NL; Z@Y.NL"


def test_search_name_and_last_modified(app: AppContext) -> None:
    c = company(app, name="Acme")
    assert c.search_name == "ACME" and c.last_modified is not None
    c = contacts.update_contact(app, c.no, {"name": "Acme BV"}).contact
    assert c.search_name == "ACME BV"
    c = contacts.update_contact(app, c.no, {"search_name": "my own"}).contact
    c = contacts.update_contact(app, c.no, {"name": "Acme Holding"}).contact
    assert c.search_name == "MY OWN"


def test_unknown_reference_is_refused(app: AppContext) -> None:
    with pytest.raises(ValidationError) as err:
        contacts.create_contact(app, {"name": "X", "territory_code": "nowhere"})
    assert str(err.value) == "Territory NOWHERE does not exist."
    assert err.value.field == "territory_code"


def test_bc008_persons_follow_their_companys_relations(app: AppContext) -> None:
    masterdata.save_row(app, "business_relation", {"code": "X", "description": "Lawyer"})
    c = company(app, name="Customer Co")
    p1 = contacts.create_contact(app, {"type": "person", "name": "P1"}).contact
    p2 = contacts.create_contact(app, {"type": "person", "name": "P2"}).contact
    with app.db.uow() as s:
        s.add(
            m.ContactBusinessRelation(
                contact_no=c.no,
                business_relation_code="CUST",
                link_to_table="customer",
                no="C00010",
            )
        )
        s.add(m.ContactBusinessRelation(contact_no=p2.no, business_relation_code="X"))
        s.flush()
        contacts.refresh_business_relation_in(s, p2.no)
    assert contacts.get_contact(app, p2.no).contact_business_relation == "other"
    contacts.update_contact(app, p1.no, {"company_no": c.no})
    contacts.update_contact(app, p2.no, {"company_no": c.no})
    assert contacts.get_contact(app, p1.no).contact_business_relation == "customer"
    assert contacts.get_contact(app, p2.no).contact_business_relation == "multiple"
    with app.db.uow() as s:
        s.execute(
            delete(m.ContactBusinessRelation).where(m.ContactBusinessRelation.contact_no == c.no)
        )
        contacts.refresh_business_relation_in(s, c.no)
    assert contacts.get_contact(app, p1.no).contact_business_relation == "none"
    assert contacts.get_contact(app, p2.no).contact_business_relation == "other"


def test_language_gives_a_blank_format_region_its_tag(app: AppContext) -> None:
    c = contacts.create_contact(app, {"name": "X", "language_code": "NLD"}).contact
    assert c.format_region == "nl-NL"
    c = contacts.update_contact(app, c.no, {"language_code": "ENU"}).contact
    assert c.format_region == "nl-NL"
    c = contacts.update_contact(app, c.no, {"language_code": "NLD", "format_region": ""}).contact
    assert c.format_region == "nl-NL"
    d = contacts.create_contact(
        app, {"name": "Y", "language_code": "NLD", "format_region": "en-GB"}
    ).contact
    assert d.format_region == "en-GB"


def test_resending_the_same_company_keeps_the_persons_own_values(app: AppContext) -> None:
    c = company(app, **FULL)
    p = contacts.create_contact(app, {"company_no": c.no, "name": "Anna"}).contact
    p = contacts.update_contact(app, p.no, {"salesperson_code": "SP2"}).contact
    again = contacts.update_contact(app, p.no, {**p.as_dict(), "job_title": "Buyer"}).contact
    assert (again.salesperson_code, again.job_title) == ("SP2", "Buyer")
    with pytest.raises(ValidationError) as err:
        contacts.update_contact(app, p.no, {"search_email": "X"})
    assert str(err.value) == "Search E-Mail cannot be changed here."
    assert err.value.field == "search_email"


def test_company_name_with_quotes_and_wildcard_characters(app: AppContext) -> None:
    quote = company(app, name="O'Brien & Sons")
    percent = company(app, name="100% Fruit")
    company(app, name="1000 Fruits")
    assert [r.no for r in contacts.resolve_company(app, "o'brien & sons")] == [quote.no]
    assert [r.no for r in contacts.resolve_company(app, 'O"Brien')] == [quote.no]
    assert [r.no for r in contacts.resolve_company(app, "100%")] == [percent.no]
    assert [r.no for r in contacts.resolve_company(app, "0% F")] == [percent.no]
