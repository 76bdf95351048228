"""Changes flowing both ways between contacts and their customers, vendors, bank accounts and
employees (spec §5.3-§5.5, §11 item 2; scenarios 44, 47, 48, 56-59, 61, 62, 74, 77-79).

Not applicable here:
- 82, 83 test BC's internal helpers (UpdateEmptyNoForContact,
  FindOrRestoreContactBusinessRelation) and the blank-No. placeholder row they complete; here no
  placeholder is ever written, and the outcomes those helpers serve are tested in 77, 78 and 81.
- 75, 80 are kept back as acceptance checks.
"""

from __future__ import annotations

import pytest

from crm_desktop.domain.errors import ValidationError
from crm_desktop.services import contacts, masterdata, setup
from crm_desktop.services.app import AppContext
from crm_desktop.services.sync import accounts, from_contact
from crm_desktop.services.sync import batch as sync_batch
from crm_desktop.services.sync import relations as business_relations


def company(ctx: AppContext, name: str = "Acme", **values: object) -> str:
    return contacts.create_contact(ctx, {"type": "company", "name": name, **values}).contact.no


def person(ctx: AppContext, name: str = "Jan de Vries", **values: object) -> str:
    return contacts.create_contact(ctx, {"type": "person", "name": name, **values}).contact.no


def contact(ctx: AppContext, no: str) -> contacts.ContactRow:
    return contacts.get_contact(ctx, no)


def set_codes(ctx: AppContext, **codes: str) -> None:
    setup.update_marketing_setup(ctx, {f"bus_rel_code_for_{k}": v for k, v in codes.items()})


@pytest.mark.parametrize("kind", ["customer", "vendor", "bank_account"])
def test_round_trip_company_kinds(ctx: AppContext, kind: str) -> None:
    no = company(ctx, city="Utrecht", phone_no="030 123")
    created = from_contact.create_as(ctx, kind, no)  # type: ignore[arg-type]
    record = accounts.get_record(ctx, kind, created.no)  # type: ignore[arg-type]
    assert (record["city"], record["phone_no"]) == ("Utrecht", "030 123")
    contacts.update_contact(ctx, no, {"city": "Amsterdam", "address": "Dam 1"})
    record = accounts.get_record(ctx, kind, created.no)  # type: ignore[arg-type]
    assert (record["city"], record["address"]) == ("Amsterdam", "Dam 1")
    accounts.update_record(ctx, kind, created.no, {"name": "Acme Holding", "post_code": "1012"})  # type: ignore[arg-type]
    c = contact(ctx, no)
    assert (c.name, c.post_code, c.company_name) == ("Acme Holding", "1012", "Acme Holding")


def test_round_trip_employee(ctx: AppContext) -> None:
    p = person(ctx, "Kees van Dam", city="Gouda")
    created = from_contact.create_as_employee(ctx, p)
    contacts.update_contact(ctx, p, {"mobile_phone_no": "06 1234", "surname": "Dijk"})
    employee = accounts.get_record(ctx, "employee", created.no)
    assert (employee["mobile_phone_no"], employee["last_name"]) == ("06 1234", "Dijk")
    accounts.update_record(ctx, "employee", created.no, {"first_name": "Cornelis", "city": "Ede"})
    c = contact(ctx, p)
    assert (c.first_name, c.city, c.name) == ("Cornelis", "Ede", "Cornelis van Dijk")


def test_vendor_and_bank_account_keep_the_contacts_salesperson(ctx: AppContext) -> None:
    for code in ("ANNA", "BOB"):
        masterdata.save_row(ctx, "salesperson", {"code": code, "name": code})
    no = company(ctx, salesperson_code="ANNA")
    vendor = from_contact.create_as_vendor(ctx, no).no
    bank = from_contact.create_as_bank_account(ctx, no).no
    customer = from_contact.create_as_customer(ctx, no).no
    accounts.update_record(ctx, "vendor", vendor, {"purchaser_code": "BOB", "city": "Zeist"})
    accounts.update_record(ctx, "bank_account", bank, {"our_contact_code": "BOB"})
    assert (contact(ctx, no).salesperson_code, contact(ctx, no).city) == ("ANNA", "Zeist")
    contacts.update_contact(ctx, no, {"salesperson_code": "BOB"})
    assert accounts.get_record(ctx, "vendor", vendor)["purchaser_code"] == "BOB"
    contacts.update_contact(ctx, no, {"salesperson_code": "ANNA"})
    assert accounts.get_record(ctx, "vendor", vendor)["purchaser_code"] == "BOB"
    assert accounts.get_record(ctx, "bank_account", bank)["our_contact_code"] == "BOB"
    # The customer variant does overwrite the contact's salesperson (§5.4).
    assert accounts.get_record(ctx, "customer", customer)["salesperson_code"] == "ANNA"
    accounts.update_record(ctx, "customer", customer, {"salesperson_code": "BOB"})
    assert contact(ctx, no).salesperson_code == "BOB"


def test_change_on_customer_also_reaches_the_vendor_of_the_same_contact(ctx: AppContext) -> None:
    no = company(ctx)
    customer = from_contact.create_as_customer(ctx, no).no
    vendor = from_contact.create_as_vendor(ctx, no).no
    accounts.update_record(ctx, "customer", customer, {"home_page": "acme.example"})
    assert contact(ctx, no).home_page == "acme.example"
    assert accounts.get_record(ctx, "vendor", vendor)["home_page"] == "acme.example"


def test_nothing_syncs_with_blank_codes(ctx: AppContext) -> None:
    set_codes(ctx, customers="", vendors="", bank_accs="", employees="")
    for kind in ("customer", "vendor", "bank_account"):
        saved = accounts.create_record(ctx, kind, {"name": f"{kind} one"})  # type: ignore[arg-type]
        assert saved.record["contact_no"] == ""
        assert saved.contacts_created == ()
    assert contacts.list_contacts(ctx) == []
    no = company(ctx)
    for action in (
        from_contact.create_as_customer,
        from_contact.create_as_vendor,
        from_contact.create_as_bank_account,
    ):
        with pytest.raises(ValidationError):
            action(ctx, no)
    assert accounts.count_records(ctx, "customer") == 1


def test_spec11_customer_email_change_changes_its_persons_emails(ctx: AppContext) -> None:
    """BC's trap, kept: the customer's new e-mail reaches its company contact and, through §2.4,
    every person who still had the company's old e-mail; the save says which persons."""
    c = company(ctx, email="info@acme.com")
    same = person(ctx, "Same Mail", company_no=c)
    own = person(ctx, "Own Mail", company_no=c)
    contacts.update_contact(ctx, own, {"email": "own@acme.com"})
    assert contact(ctx, same).email == "info@acme.com"
    customer = from_contact.create_as_customer(ctx, c).no
    saved = accounts.update_record(ctx, "customer", customer, {"email": "sales@acme.com"})
    assert contact(ctx, c).email == "sales@acme.com"
    assert contact(ctx, same).email == "sales@acme.com"
    assert contact(ctx, own).email == "own@acme.com"
    assert saved.persons_updated == (same,)


def test_bc044_create_contacts_from_customers_vendors_bank_accounts(ctx: AppContext) -> None:
    masterdata.save_row(ctx, "currency", {"code": "USD", "description": "Dollar"})
    set_codes(ctx, customers="", vendors="", bank_accs="")
    made = {
        kind: accounts.create_record(ctx, kind, {"name": f"{kind} A", "currency_code": "USD"})  # type: ignore[arg-type]
        for kind in ("customer", "vendor", "bank_account")
    }
    set_codes(ctx, customers="CUST", vendors="VEND", bank_accs="BANK")
    seen: list[tuple[int, int]] = []
    for kind, saved in made.items():
        result = sync_batch.create_contacts_from(
            ctx,
            kind,
            progress=lambda d, t: seen.append((d, t)) or True,  # type: ignore[arg-type, func-returns-value]
        )
        assert result.linked == (saved.record["no"],)
        record = accounts.get_record(ctx, kind, saved.record["no"])  # type: ignore[arg-type]
        c = contact(ctx, record["contact_no"])
        assert (c.name, c.currency_code, c.contact_business_relation) == (
            f"{kind} A",
            "USD",
            kind,
        )
    assert seen == [(1, 1)] * 3
    # A second run finds nothing to do.
    assert sync_batch.create_contacts_from(ctx, "customer").linked == ()


def test_batch_cancelled_saves_nothing(ctx: AppContext) -> None:
    set_codes(ctx, customers="")
    for name in ("One", "Two"):
        accounts.create_record(ctx, "customer", {"name": name})
    set_codes(ctx, customers="CUST")
    with pytest.raises(sync_batch.BatchCancelled):
        sync_batch.create_contacts_from(ctx, "customer", progress=lambda d, t: d < 1)
    assert contacts.list_contacts(ctx) == []


@pytest.mark.parametrize("kind", ["customer", "vendor"])
def test_bc047_batch_makes_a_person_from_the_contact_text(ctx: AppContext, kind: str) -> None:
    set_codes(ctx, customers="", vendors="")
    no = accounts.create_record(
        ctx,
        kind,
        {"name": "Migrated", "contact": "Carla Vos", "phone_no": "010 555"},  # type: ignore[arg-type]
    ).record["no"]
    set_codes(ctx, customers="CUST", vendors="VEND")
    sync_batch.create_contacts_from(ctx, kind)  # type: ignore[arg-type]
    record = accounts.get_record(ctx, kind, no)  # type: ignore[arg-type]
    p = contact(ctx, record["primary_contact_no"])
    assert (p.type, p.name, p.phone_no) == ("person", "Carla Vos", "010 555")
    assert p.company_no == record["contact_no"]


@pytest.mark.parametrize("kind", ["customer", "vendor"])
def test_bc048_batch_without_contact_text_makes_only_the_company(
    ctx: AppContext, kind: str
) -> None:
    set_codes(ctx, customers="", vendors="")
    no = accounts.create_record(ctx, kind, {}).record["no"]  # type: ignore[arg-type]
    set_codes(ctx, customers="CUST", vendors="VEND")
    sync_batch.create_contacts_from(ctx, kind)  # type: ignore[arg-type]
    record = accounts.get_record(ctx, kind, no)  # type: ignore[arg-type]
    c = contact(ctx, record["primary_contact_no"])
    assert (c.type, c.name, c.phone_no) == ("company", "", "")
    assert contacts.count_persons(ctx, c.no) == 0


@pytest.mark.parametrize("kind", ["customer", "vendor", "bank_account"])
def test_bc056_blank_contact_name_is_filled_then_kept(ctx: AppContext, kind: str) -> None:
    no = accounts.create_record(ctx, kind, {}).record["no"]  # type: ignore[arg-type]
    contact_no = accounts.get_record(ctx, kind, no)["contact_no"]  # type: ignore[arg-type]
    assert contact(ctx, contact_no).name == ""
    accounts.update_record(ctx, kind, no, {"name": "AAA"})  # type: ignore[arg-type]
    assert contact(ctx, contact_no).name == "AAA"
    contacts.update_contact(ctx, contact_no, {"name": "XXX"})
    other = "payment_terms_code" if kind == "customer" else "swift_code"
    if kind == "customer":
        from_contact.save_payment_terms(ctx, "30D")
    if kind == "vendor":
        other = "purchaser_code"
        masterdata.save_row(ctx, "salesperson", {"code": "P1", "name": "P1"})
    value = {"payment_terms_code": "30D", "swift_code": "ABNANL2A", "purchaser_code": "P1"}[other]
    accounts.update_record(ctx, kind, no, {other: value})  # type: ignore[arg-type]
    assert contact(ctx, contact_no).name == "XXX"


@pytest.mark.parametrize("kind", ["customer", "vendor", "bank_account"])
def test_bc057_mobile_phone_both_ways(ctx: AppContext, kind: str) -> None:
    no = company(ctx)
    record = from_contact.create_as(ctx, kind, no).no  # type: ignore[arg-type]
    accounts.update_record(ctx, kind, record, {"mobile_phone_no": "06 11"})  # type: ignore[arg-type]
    assert contact(ctx, no).mobile_phone_no == "06 11"
    contacts.update_contact(ctx, no, {"mobile_phone_no": "06 22"})
    assert accounts.get_record(ctx, kind, record)["mobile_phone_no"] == "06 22"  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", ["customer", "vendor"])
def test_bc058_person_phone_and_email_do_not_reach_the_record(ctx: AppContext, kind: str) -> None:
    cc = company(ctx, email="co@acme.com", phone_no="070 1")
    pc = person(ctx, company_no=cc)
    contacts.update_contact(ctx, pc, {"email": "jan@acme.com", "phone_no": "070 2"})
    record = from_contact.create_as(ctx, kind, cc).no  # type: ignore[arg-type]
    accounts.update_record(ctx, kind, record, {"primary_contact_no": pc})  # type: ignore[arg-type]
    saved = accounts.get_record(ctx, kind, record)  # type: ignore[arg-type]
    assert (saved["email"], saved["phone_no"]) == ("co@acme.com", "070 1")
    assert (saved["primary_contact_no"], saved["contact"]) == (pc, "Jan de Vries")


@pytest.mark.parametrize("kind", ["customer", "vendor"])
def test_bc059_new_person_does_not_become_primary_contact(ctx: AppContext, kind: str) -> None:
    cc = company(ctx)
    record = from_contact.create_as(ctx, kind, cc).no  # type: ignore[arg-type]
    pc = person(ctx, company_no=cc)
    accounts.update_record(ctx, kind, record, {"primary_contact_no": pc})  # type: ignore[arg-type]
    accounts.update_record(ctx, kind, record, {"primary_contact_no": ""})  # type: ignore[arg-type]
    person(ctx, "Newer Person", company_no=cc)
    saved = accounts.get_record(ctx, kind, record)  # type: ignore[arg-type]
    assert (saved["primary_contact_no"], saved["contact"]) == ("", "")


@pytest.mark.parametrize("kind", ["customer", "vendor", "bank_account"])
def test_bc061_deleting_either_side_keeps_the_other(ctx: AppContext, kind: str) -> None:
    no = company(ctx)
    record = from_contact.create_as(ctx, kind, no).no  # type: ignore[arg-type]
    contacts.delete_contact(ctx, no)
    assert accounts.get_record(ctx, kind, record)["contact_no"] == ""  # type: ignore[arg-type]
    shown = accounts.show_contact(ctx, kind, record)  # type: ignore[arg-type]
    assert accounts.delete_record(ctx, kind, record) == [shown]  # type: ignore[arg-type]
    c = contact(ctx, shown)
    assert c.contact_business_relation == "none"


def test_bc062_person_customer_is_its_own_primary_contact(ctx: AppContext) -> None:
    saved = accounts.create_record(
        ctx, "customer", {"name": "Lotte Jong", "contact_type": "person"}
    )
    record = saved.record
    assert record["primary_contact_no"] == record["contact_no"] != ""
    assert record["contact"] == "Lotte Jong"
    accounts.update_record(ctx, "customer", record["no"], {"name": "Lotte de Jong"})
    assert accounts.get_record(ctx, "customer", record["no"])["contact"] == "Lotte de Jong"
    assert contact(ctx, record["contact_no"]).name == "Lotte de Jong"


@pytest.mark.parametrize("kind", ["customer", "vendor"])
def test_bc074_contact_text_makes_a_person_with_the_relation(ctx: AppContext, kind: str) -> None:
    no = accounts.create_record(ctx, kind, {"name": "Big Buyer"}).record["no"]  # type: ignore[arg-type]
    saved = accounts.update_record(ctx, kind, no, {"contact": "Rob Meijer"})  # type: ignore[arg-type]
    record = saved.record
    p = contact(ctx, record["primary_contact_no"])
    assert (p.type, p.name, p.company_no) == ("person", "Rob Meijer", record["contact_no"])
    assert p.contact_business_relation == kind
    assert saved.contacts_created == (p.no,)


@pytest.mark.parametrize("kind", ["customer", "vendor"])
def test_bc077_standalone_person_as_primary_contact_of_unlinked_record(
    ctx: AppContext, kind: str
) -> None:
    set_codes(ctx, customers="", vendors="")
    no = accounts.create_record(ctx, kind, {"name": "Unlinked"}).record["no"]  # type: ignore[arg-type]
    set_codes(ctx, customers="CUST", vendors="VEND")
    p = person(ctx, "Free Person")
    accounts.update_record(ctx, kind, no, {"primary_contact_no": p})  # type: ignore[arg-type]
    c = contact(ctx, p)
    assert c.company_no != ""
    assert accounts.get_record(ctx, kind, no)["contact_no"] == c.company_no  # type: ignore[arg-type]
    assert contact(ctx, c.company_no).name == "Unlinked"


@pytest.mark.parametrize("kind", ["customer", "vendor"])
def test_bc078_person_with_company_as_primary_contact_links_the_company(
    ctx: AppContext, kind: str
) -> None:
    set_codes(ctx, customers="", vendors="")
    no = accounts.create_record(ctx, kind, {"name": "Unlinked"}).record["no"]  # type: ignore[arg-type]
    set_codes(ctx, customers="CUST", vendors="VEND")
    cc = company(ctx, "Parent BV")
    p = person(ctx, company_no=cc)
    accounts.update_record(ctx, kind, no, {"primary_contact_no": p})  # type: ignore[arg-type]
    assert accounts.get_record(ctx, kind, no)["contact_no"] == cc  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", ["customer", "vendor"])
def test_bc079_unrelated_person_is_refused(ctx: AppContext, kind: str) -> None:
    no = accounts.create_record(ctx, kind, {"name": "Linked Ltd"}).record["no"]  # type: ignore[arg-type]
    p = person(ctx, "Stranger Danger")
    with pytest.raises(ValidationError) as err:
        accounts.update_record(ctx, kind, no, {"primary_contact_no": p})  # type: ignore[arg-type]
    assert str(err.value) == (
        f"Contact {p} Stranger Danger is not related to {kind} {no} Linked Ltd."
    )
    assert err.value.field == "primary_contact_no"


def test_iban_and_vat_are_checked(ctx: AppContext) -> None:
    with pytest.raises(ValidationError) as err:
        accounts.create_record(ctx, "bank_account", {"name": "Bank", "iban": "NL91ABNA0417164301"})
    assert str(err.value) == (
        "NL91ABNA0417164301 is not a valid IBAN: The number's checksum or check digit is invalid. "
        "Check the country code, length and check digits."
    )
    assert err.value.field == "iban"
    saved = accounts.create_record(
        ctx, "bank_account", {"name": "Bank", "iban": "nl91 abna 0417 1643 00"}
    )
    assert saved.record["iban"] == "NL91ABNA0417164300"
    with pytest.raises(ValidationError) as err:
        accounts.create_record(
            ctx, "customer", {"country_region_code": "NL", "vat_registration_no": "123456789B01"}
        )
    assert err.value.field == "vat_registration_no"
    assert str(err.value).startswith("123456789B01 is not a valid VAT registration number for NL")
    ok = accounts.create_record(
        ctx, "customer", {"country_region_code": "NL", "vat_registration_no": "004495445b01"}
    )
    assert ok.record["vat_registration_no"] == "004495445B01"
    assert contact(ctx, ok.record["contact_no"]).vat_registration_no == "004495445B01"


def test_bcb13_new_customer_and_vendor_get_my_salesperson(ctx: AppContext) -> None:
    masterdata.save_row(ctx, "salesperson", {"code": "SP", "name": "Me"})
    setup.update_user_setup(ctx, salesperson_code="SP")
    customer = accounts.create_record(ctx, "customer", {"name": "K"}).record
    vendor = accounts.create_record(ctx, "vendor", {"name": "V"}).record
    assert customer["salesperson_code"] == "SP"
    assert vendor["purchaser_code"] == "SP"
    # The customer's salesperson reaches its new contact; the vendor's purchaser does too on
    # creation (same field number), and later purchaser changes stay on the vendor.
    assert contact(ctx, customer["contact_no"]).salesperson_code == "SP"
    assert contact(ctx, vendor["contact_no"]).salesperson_code == "SP"


@pytest.mark.parametrize("kind", ["customer", "vendor"])
def test_spec11_4_person_name_change_rewrites_the_contact_text(ctx: AppContext, kind: str) -> None:
    cc = company(ctx)
    pc = person(ctx, "Tom Berg", company_no=cc)
    record = from_contact.create_as(ctx, kind, cc).no  # type: ignore[arg-type]
    accounts.update_record(ctx, kind, record, {"primary_contact_no": pc})  # type: ignore[arg-type]
    contacts.update_contact(ctx, pc, {"name": "Tom van den Berg"})
    assert accounts.get_record(ctx, kind, record)["contact"] == "Tom van den Berg"  # type: ignore[arg-type]


def test_deleting_a_record_never_deletes_a_contact(ctx: AppContext) -> None:
    saved = accounts.create_record(ctx, "customer", {"name": "Gone", "contact": "Still Here"})
    accounts.delete_record(ctx, "customer", saved.record["no"])
    names = sorted(c.name for c in contacts.list_contacts(ctx))
    assert names == ["Gone", "Still Here"]


@pytest.mark.parametrize("kind", ["customer", "vendor"])
def test_bc081_new_record_with_primary_contact_links_its_company(
    ctx: AppContext, kind: str
) -> None:
    cc = company(ctx, "Parent BV")
    pc = person(ctx, company_no=cc)
    saved = accounts.create_record(ctx, kind, {"name": "Parent BV", "primary_contact_no": pc})  # type: ignore[arg-type]
    assert saved.record["contact_no"] == cc
    assert saved.contacts_created == ()
    assert (saved.record["primary_contact_no"], saved.record["contact"]) == (pc, "Jan de Vries")
    assert len(contacts.list_contacts(ctx)) == 2
    rows = business_relations.list_relations(ctx, cc)
    assert [(r.link_to_table, r.no) for r in rows] == [(kind, saved.record["no"])]


def test_search_name_follows_name_on_both_sides(ctx: AppContext) -> None:
    no = company(ctx, "Start")
    customer = from_contact.create_as_customer(ctx, no).no
    accounts.update_record(ctx, "customer", customer, {"name": "Renamed"})
    assert contact(ctx, no).search_name == "RENAMED"
    assert accounts.get_record(ctx, "customer", customer)["search_name"] == "RENAMED"
    accounts.update_record(ctx, "customer", customer, {"search_name": "OWN"})
    accounts.update_record(ctx, "customer", customer, {"name": "Again"})
    assert contact(ctx, no).search_name == "OWN"
    assert accounts.get_record(ctx, "customer", customer)["search_name"] == "OWN"


def test_no_customer_without_its_contact_when_contact_nos_is_blank(ctx: AppContext) -> None:
    setup.update_marketing_setup(ctx, {"contact_nos": ""})
    with pytest.raises(ValidationError) as err:
        accounts.create_record(ctx, "customer", {"name": "Half Made"})
    assert "Contact Nos." in str(err.value)
    # One action, one transaction: the customer is not kept without its contact.
    assert accounts.count_records(ctx, "customer") == 0
    assert contacts.list_contacts(ctx) == []


@pytest.mark.parametrize("kind", ["customer", "vendor"])
def test_deleting_the_primary_contact_clears_it_on_the_record(ctx: AppContext, kind: str) -> None:
    cc = company(ctx)
    pc = person(ctx, "Leaving Person", company_no=cc)
    record = from_contact.create_as(ctx, kind, cc).no  # type: ignore[arg-type]
    accounts.update_record(ctx, kind, record, {"primary_contact_no": pc})  # type: ignore[arg-type]
    contacts.delete_contact(ctx, pc)
    saved = accounts.get_record(ctx, kind, record)  # type: ignore[arg-type]
    assert (saved["primary_contact_no"], saved["contact"]) == ("", "")
    assert saved["contact_no"] == cc
