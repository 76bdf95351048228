"""Creating customers, vendors, bank accounts and employees from contacts, and linking (spec §5.6,
§5.7; scenarios of section D).

Not applicable here:
- 37's posting groups, price group, discount codes, payment method and shipment method: the app
  has no such fields (the issue leaves them out); its territory, country, currency and payment
  terms are tested.
- 40, 45, 50, 55, 60 are kept back as acceptance checks.
"""

from __future__ import annotations

import pytest

from crm_desktop.domain.errors import ConflictError, ValidationError
from crm_desktop.services import contacts, masterdata, setup
from crm_desktop.services.app import AppContext
from crm_desktop.services.sync import accounts, from_contact


def company(ctx: AppContext, name: str = "Acme", **values: object) -> str:
    return contacts.create_contact(ctx, {"type": "company", "name": name, **values}).contact.no


def person(ctx: AppContext, name: str = "Jan de Vries", **values: object) -> str:
    return contacts.create_contact(ctx, {"type": "person", "name": name, **values}).contact.no


def contact(ctx: AppContext, no: str) -> contacts.ContactRow:
    return contacts.get_contact(ctx, no)


def add_code(ctx: AppContext, key: str, code: str) -> None:
    field = "description" if key == "currency" else "name"
    masterdata.save_row(ctx, key, {"code": code, field: code})


@pytest.fixture
def masters(ctx: AppContext) -> AppContext:
    for code in ("GBP", "EUR"):
        add_code(ctx, "currency", code)
    for code in ("LONDON", "NORTH"):
        add_code(ctx, "territory", code)
    from_contact.save_payment_terms(ctx, "14D", "14 days", "14D")
    return ctx


def test_bc037_template_fills_customer_fields(masters: AppContext) -> None:
    ctx = masters
    from_contact.save_template(
        ctx,
        {
            "code": "BIG",
            "contact_type": "company",
            "territory_code": "NORTH",
            "country_region_code": "NL",
            "currency_code": "EUR",
            "payment_terms_code": "14D",
        },
    )
    no = company(ctx)
    created = from_contact.create_as_customer(ctx, no, "BIG")
    customer = accounts.get_record(ctx, "customer", created.no)
    assert customer["territory_code"] == "NORTH"
    assert customer["country_region_code"] == "NL"
    assert customer["currency_code"] == "EUR"
    assert customer["payment_terms_code"] == "14D"
    assert customer["contact_no"] == no
    assert created.message == "The Customer record has been created."


def test_bc038_contact_values_win_over_the_template(masters: AppContext) -> None:
    ctx = masters
    from_contact.save_template(
        ctx,
        {
            "code": "PERS",
            "contact_type": "person",
            "territory_code": "NORTH",
            "country_region_code": "NL",
            "currency_code": "EUR",
        },
    )
    no = person(ctx, currency_code="GBP", country_region_code="GB", territory_code="LONDON")
    created = from_contact.create_as_customer(ctx, no, "PERS")
    customer = accounts.get_record(ctx, "customer", created.no)
    assert (customer["currency_code"], customer["country_region_code"]) == ("GBP", "GB")
    assert customer["territory_code"] == "LONDON"
    # With a template that leaves them blank, blank contact values stay blank.
    from_contact.save_template(ctx, {"code": "EMPTY", "contact_type": "person"})
    other = from_contact.create_as_customer(ctx, person(ctx, "Piet Jansen"), "EMPTY")
    customer = accounts.get_record(ctx, "customer", other.no)
    assert (customer["currency_code"], customer["territory_code"]) == ("", "")


@pytest.mark.parametrize(
    ("contact_country", "template_country", "expected"),
    [("BE", "", "BE"), ("", "BE", "BE"), ("BE", "DE", "BE"), ("", "", "")],
)
def test_bc039_country_of_contact_and_template(
    ctx: AppContext, contact_country: str, template_country: str, expected: str
) -> None:
    from_contact.save_template(
        ctx, {"code": "T", "contact_type": "company", "country_region_code": template_country}
    )
    no = company(ctx, country_region_code=contact_country)
    created = from_contact.create_as_customer(ctx, no, "T")
    assert accounts.get_record(ctx, "customer", created.no)["country_region_code"] == expected


def test_bc041_template_list_shows_only_the_contacts_type(ctx: AppContext) -> None:
    from_contact.save_template(ctx, {"code": "CT1", "contact_type": "company"})
    from_contact.save_template(ctx, {"code": "CT2", "contact_type": "person"})
    by_company = from_contact.customer_templates_for(ctx, company(ctx))
    by_person = from_contact.customer_templates_for(ctx, person(ctx))
    assert [t["code"] for t in by_company.templates] == ["CT1"]
    assert [t["code"] for t in by_person.templates] == ["CT2"]
    assert by_company.preselected == "CT1"  # the only one is used silently


def test_marketing_setup_template_codes_preselect(ctx: AppContext) -> None:
    for code in ("A", "B"):
        from_contact.save_template(ctx, {"code": code, "contact_type": "company"})
    no = company(ctx)
    assert from_contact.customer_templates_for(ctx, no).preselected == ""
    from_contact.save_template(ctx, {"code": "P", "contact_type": "person"})
    from_contact.set_setup_templates(ctx, company_code="B", person_code="P")
    assert from_contact.customer_templates_for(ctx, no).preselected == "B"
    with pytest.raises(ValidationError) as err:
        from_contact.set_setup_templates(ctx, company_code="P")
    assert str(err.value) == "Customer template P is for person contacts, not company."


def test_bc042_registration_number_reaches_customer_and_vendor(ctx: AppContext) -> None:
    no = company(ctx, registration_number="KVK-12345678")
    customer = from_contact.create_as_customer(ctx, no)
    vendor = from_contact.create_as_vendor(ctx, no)
    assert accounts.get_record(ctx, "customer", customer.no)["registration_number"] == (
        "KVK-12345678"
    )
    assert accounts.get_record(ctx, "vendor", vendor.no)["registration_number"] == "KVK-12345678"


def test_bc043_contact_registration_change_updates_customer_and_vendor(ctx: AppContext) -> None:
    no = company(ctx)
    customer = from_contact.create_as_customer(ctx, no)
    vendor = from_contact.create_as_vendor(ctx, no)
    contacts.update_contact(ctx, no, {"registration_number": "REG-9"})
    assert accounts.get_record(ctx, "customer", customer.no)["registration_number"] == "REG-9"
    assert accounts.get_record(ctx, "vendor", vendor.no)["registration_number"] == "REG-9"


def test_bc046_vendor_and_bank_account_from_company_contact(ctx: AppContext) -> None:
    no = company(ctx, city="Delft")
    vendor = from_contact.create_as_vendor(ctx, no)
    bank = from_contact.create_as_bank_account(ctx, no)
    assert accounts.get_record(ctx, "vendor", vendor.no)["contact_no"] == no
    assert accounts.get_record(ctx, "bank_account", bank.no)["city"] == "Delft"
    assert vendor.message == "The Vendor record has been created."


@pytest.mark.parametrize("kind", ["customer", "vendor"])
def test_bc049_person_with_company_is_redirected_to_the_company(ctx: AppContext, kind: str) -> None:
    c = company(ctx)
    p = person(ctx, company_no=c)
    created = from_contact.create_as(ctx, kind, p)  # type: ignore[arg-type]
    assert created.contact_no == c
    assert accounts.get_record(ctx, kind, created.no)["contact_no"] == c  # type: ignore[arg-type]
    assert contact(ctx, p).contact_business_relation == kind


def test_bc051_standalone_person_customer_has_its_details(ctx: AppContext) -> None:
    p = person(
        ctx,
        name_2="jr.",
        email="jan@example.com",
        home_page="example.com",
        address="Main Street 1",
        city="Leiden",
        post_code="2311 AA",
    )
    created = from_contact.create_as_customer(ctx, p)
    customer = accounts.get_record(ctx, "customer", created.no)
    c = contact(ctx, p)
    for field in ("name", "name_2", "email", "home_page", "address", "city", "post_code"):
        assert customer[field] == getattr(c, field), field
    assert customer["contact_type"] == "person"
    assert customer["contact_no"] == p
    for action in (from_contact.create_as_vendor, from_contact.create_as_bank_account):
        with pytest.raises(ValidationError) as err:
            action(ctx, p)
        assert str(err.value) == (
            f"Company No. must have a value in Contact: No.={p}. It cannot be zero or empty."
        )
        assert err.value.field == "company_no"


def test_bc052_person_type_customer_gets_a_person_contact(ctx: AppContext) -> None:
    saved = accounts.create_record(
        ctx, "customer", {"name": "Anna Bakker", "contact_type": "person"}
    )
    c = contact(ctx, saved.record["contact_no"])
    assert c.type == "person"
    assert (c.first_name, c.surname) == ("Anna", "Bakker")


def test_bc053_contact_no_equal_to_a_customer_no_does_not_matter(ctx: AppContext) -> None:
    accounts.create_record(ctx, "customer", {"no": "X100", "name": "Existing"})
    contacts.create_contact(ctx, {"no": "X100", "type": "company", "name": "Other"})
    created = from_contact.create_as_customer(ctx, "X100")
    assert created.no != "X100"
    assert accounts.get_record(ctx, "customer", created.no)["name"] == "Other"


@pytest.mark.parametrize("kind", ["customer", "vendor", "bank_account"])
def test_bc054_link_with_existing_master_contact_or_record(ctx: AppContext, kind: str) -> None:
    field, code = {
        "customer": ("bus_rel_code_for_customers", "CUST"),
        "vendor": ("bus_rel_code_for_vendors", "VEND"),
        "bank_account": ("bus_rel_code_for_bank_accs", "BANK"),
    }[kind]
    setup.update_marketing_setup(ctx, {field: ""})
    k1 = accounts.create_record(ctx, kind, {"name": "Record Name"}).record["no"]  # type: ignore[arg-type]
    k2 = accounts.create_record(ctx, kind, {"name": "Second Record"}).record["no"]  # type: ignore[arg-type]
    assert accounts.get_record(ctx, kind, k1)["contact_no"] == ""  # type: ignore[arg-type]
    setup.update_marketing_setup(ctx, {field: code})
    n1 = company(ctx, "Contact Name")
    from_contact.link_with_existing(ctx, n1, kind, k1, master="contact")  # type: ignore[arg-type]
    assert contact(ctx, n1).name == "Contact Name"
    assert accounts.get_record(ctx, kind, k1)["name"] == "Contact Name"  # type: ignore[arg-type]
    n2 = company(ctx, "Another Contact")
    from_contact.link_with_existing(ctx, n2, kind, k2, master="record")  # type: ignore[arg-type]
    assert contact(ctx, n2).name == "Second Record"


def test_bc054_link_person_contact_with_customer(ctx: AppContext) -> None:
    setup.update_marketing_setup(ctx, {"bus_rel_code_for_customers": ""})
    k = accounts.create_record(ctx, "customer", {"name": "K Name"}).record["no"]
    setup.update_marketing_setup(ctx, {"bus_rel_code_for_customers": "CUST"})
    p = person(ctx, "Ella Smit")
    from_contact.link_with_existing(ctx, p, "customer", k, master="record")
    assert contact(ctx, p).name == "K Name"
    assert accounts.get_record(ctx, "customer", k)["contact_no"] == p


def test_bc063_employee_from_person_contact(ctx: AppContext) -> None:
    p = person(ctx, "Kees van Dam", job_title="Engineer", email="kees@example.com")
    created = from_contact.create_as_employee(ctx, p)
    employee = accounts.get_record(ctx, "employee", created.no)
    assert (employee["first_name"], employee["middle_name"], employee["last_name"]) == (
        "Kees",
        "van",
        "Dam",
    )
    assert employee["job_title"] == "Engineer"
    assert employee["contact_no"] == p
    assert contact(ctx, p).contact_business_relation == "employee"


def test_bc063_employee_refusals(ctx: AppContext) -> None:
    blocked = person(ctx, "Hidden Person", privacy_blocked=True)
    with pytest.raises(ValidationError) as err:
        from_contact.create_as_employee(ctx, blocked)
    assert "they are marked as blocked due to privacy" in str(err.value)
    assert str(err.value) == (
        f"You cannot use contact {blocked} Hidden Person because they are marked as blocked "
        "due to privacy."
    )
    c = company(ctx)
    with pytest.raises(ValidationError) as err:
        from_contact.create_as_employee(ctx, c)
    assert str(err.value) == (
        f"Type must be equal to 'Person' in Contact: No.={c}. Current value is 'Company'."
    )
    # Linking an existing employee follows the same rules.
    employee = accounts.create_record(ctx, "employee", {"first_name": "Free"}).record["no"]
    with pytest.raises(ValidationError):
        from_contact.link_with_existing(ctx, c, "employee", employee)
    p = person(ctx, "Linked Person")
    from_contact.link_with_existing(ctx, p, "employee", employee, master="contact")
    assert accounts.get_record(ctx, "employee", employee)["first_name"] == "Linked"


def test_privacy_blocked_contact_cannot_become_a_customer(ctx: AppContext) -> None:
    no = company(ctx, "Secret BV", privacy_blocked=True)
    with pytest.raises(ValidationError) as err:
        from_contact.create_as_customer(ctx, no)
    assert str(err.value) == (
        f"You cannot use contact {no} Secret BV because they are marked as blocked due to privacy."
    )
    assert accounts.count_records(ctx, "customer") == 0


def test_one_customer_per_contact_and_per_company(ctx: AppContext) -> None:
    c = company(ctx)
    created = from_contact.create_as_customer(ctx, c)
    p = person(ctx, company_no=c)
    for no in (c, p):
        with pytest.raises(ValidationError) as err:
            from_contact.create_as_customer(ctx, no)
        assert str(err.value) == (
            f"Contact {c} already has a Contact Business Relation with Customer {created.no}."
        )
    assert accounts.count_records(ctx, "customer") == 1


def test_one_contact_per_customer(ctx: AppContext) -> None:
    first = company(ctx, "First")
    k = from_contact.create_as_customer(ctx, first).no
    second = company(ctx, "Second")
    with pytest.raises(ConflictError) as err:
        from_contact.link_with_existing(ctx, second, "customer", k)
    assert str(err.value) == (
        f"Customer {k} already has a Contact Business Relation with Contact {first}."
    )
    assert contact(ctx, second).contact_business_relation == "none"
