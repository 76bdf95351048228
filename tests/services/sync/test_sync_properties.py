"""Whatever is changed on either side, after each save a contact and its linked customer, vendor
or bank account agree on every field that syncs (spec §5.4, §5.5), and a save never loops back
on itself."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crm_desktop.domain.sync import FIELD_MAP
from crm_desktop.services import contacts
from crm_desktop.services.app import AppContext
from crm_desktop.services.sync import accounts, from_contact

TEXT_FIELDS = ("name", "name_2", "address", "address_2", "city", "post_code", "county", "home_page")
CODE_FIELDS = {"country_region_code": ["", "NL", "BE", "DE"], "language_code": ["", "ENU", "NLD"]}

words = st.text(alphabet="abcdefghij XYZ", min_size=0, max_size=12)
change = st.one_of(
    st.tuples(st.sampled_from(TEXT_FIELDS), words),
    st.tuples(st.just("phone_no"), st.from_regex(r"[0-9 ]{0,12}", fullmatch=True)),
    st.tuples(st.just("email"), st.sampled_from(["", "a@example.com", "b@example.org"])),
    *(st.tuples(st.just(f), st.sampled_from(v)) for f, v in CODE_FIELDS.items()),
)
steps = st.lists(st.tuples(st.sampled_from(["contact", "record"]), change), min_size=1, max_size=6)


@pytest.mark.parametrize("kind", ["customer", "vendor", "bank_account"])
@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=steps)
def test_both_sides_agree_after_every_save(ctx: AppContext, kind: str, steps: list) -> None:  # type: ignore[type-arg]
    no = contacts.create_contact(ctx, {"type": "company", "name": "Start"}).contact.no
    record = from_contact.create_as(ctx, kind, no).no  # type: ignore[arg-type]
    try:
        for side, (field, value) in steps:
            if side == "contact":
                contacts.update_contact(ctx, no, {field: value})
            else:
                accounts.update_record(ctx, kind, record, {field: value})  # type: ignore[arg-type]
            c = contacts.get_contact(ctx, no).as_dict()
            k = accounts.get_record(ctx, kind, record)  # type: ignore[arg-type]
            for contact_field, record_field in FIELD_MAP[kind]:  # type: ignore[index]
                assert c[contact_field] == k[record_field], (side, field, contact_field)
    finally:
        accounts.delete_record(ctx, kind, record)  # type: ignore[arg-type]
        contacts.delete_contact(ctx, no)
