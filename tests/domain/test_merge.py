"""Pure merge rules (domain/merge.py): the field chooser's first choice and the union of two
contacts' business relations (issue 17; BC scenario 34's relations are checked in
tests/services/test_merge_scenarios.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm_desktop.domain import merge as mg
from crm_desktop.domain.errors import ValidationError
from crm_desktop.domain.merge import RelationLink as R


def _contact(no: str, **kw: object) -> dict[str, object]:
    base: dict[str, object] = {f: "" for f in mg.MERGE_FIELDS}
    base.update(no=no, type="company", privacy_blocked=False)
    base.update(kw)
    return base


def test_identical_values_need_no_choice_and_blanks_are_filled_from_the_other() -> None:
    a = _contact("A", name="Acme", city="Utrecht", phone_no="")
    b = _contact("B", name="Acme", city="Zeist", phone_no="030 1234")
    lines = {c.field: c for c in mg.choices(a, b)}
    assert lines["name"].same and not lines["name"].take_other
    assert not lines["city"].take_other  # the survivor's value wins
    assert lines["phone_no"].take_other  # blank on the survivor: filled
    assert "company_no" not in lines  # a company's Company No. is itself
    assert mg.taken_values(a, b, mg.default_take_other(a, b)) == {"phone_no": "030 1234"}


def test_a_company_and_a_person_are_never_merged() -> None:
    with pytest.raises(ValidationError, match="never merged"):
        mg.check_pair(_contact("A"), _contact("B", type="person"))
    with pytest.raises(ValidationError, match="itself"):
        mg.check_pair(_contact("A"), _contact("A"))


def test_unknown_prefer_other_fields_are_named() -> None:
    assert mg.check_fields(["City", " phone_no "]) == {"city", "phone_no"}
    with pytest.raises(ValidationError, match="colour, size"):
        mg.check_fields(["size", "colour", "city"])
    assert mg.check_kind("Bank-Account") == "bank_account"
    with pytest.raises(ValidationError, match="lawyer"):
        mg.check_kind("lawyer")


def test_relations_same_code_same_record_or_unlinked_are_one() -> None:
    plan = mg.plan_relations(
        [R("CUST", "customer", "C1"), R("PROS", "", "")],
        [R("CUST", "customer", "C1"), R("PROS", "", ""), R("VEND", "vendor", "V1")],
    )
    assert plan.unite == (R("CUST", "customer", "C1"), R("PROS", "", ""))
    assert plan.move == (R("VEND", "vendor", "V1"),)
    assert plan.clashes == ()


def test_two_customers_clash_until_the_user_keeps_the_survivors_link() -> None:
    survivor, gone = [R("CUST", "customer", "C1")], [R("CUST", "customer", "C2")]
    plan = mg.plan_relations(survivor, gone)
    assert plan.clashes == (mg.Clash("customer", "C1", "C2", "CUST", "CUST"),)
    message = str(plan.clash_error("CT1", "CT2"))
    assert "Customer C1" in message and "Customer C2" in message
    decided = mg.plan_relations(survivor, gone, ["customer"])
    assert decided.clashes == () and decided.drop_links == (R("CUST", "customer", "C2"),)


def test_a_placeholder_gives_way_to_the_linked_row() -> None:
    plan = mg.plan_relations([R("CUST", "", "")], [R("CUST", "customer", "C2")])
    assert plan.survivor_drop == (R("CUST", "", ""),)
    assert plan.move == (R("CUST", "customer", "C2"),)


_links = st.lists(
    st.builds(
        R,
        st.sampled_from(["CUST", "VEND", "PROS", "LAW"]),
        st.sampled_from(["", "customer", "vendor"]),
        st.sampled_from(["", "1", "2"]),
    ),
    max_size=4,
    unique_by=lambda r: r.code,
)


@given(_links, _links)
def test_every_relation_of_the_gone_contact_is_accounted_for(
    survivor: list[R], gone: list[R]
) -> None:
    plan = mg.plan_relations(survivor, gone)
    placed = list(plan.move) + list(plan.unite) + list(plan.drop_links)
    clashed = {c.gone_code for c in plan.clashes}
    assert sorted(placed + [g for g in gone if g.code in clashed], key=repr) == sorted(
        gone, key=repr
    )
    if not plan.clashes:
        # One row per code on the survivor afterwards.
        kept = [s for s in survivor if s not in plan.survivor_drop] + list(plan.move)
        assert len({r.code for r in kept}) == len(kept)
