"""Random sequences of creating, editing, moving and deleting companies and persons under
random Inherit flags, against a small model written from spec §2.3/§2.4.

Invariants checked after every step:
- a company's Company No. is itself;
- no person points at a missing contact or at a person;
- a value a person was given by hand (unique tokens companies never use) is never overwritten
  by its company: such a field never equals the company's value;
- every tracked field equals the model's value (the model applies §2.3 on assignment and §2.4
  on company saves, field by field).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)
from sqlalchemy import delete, update

from crm_desktop.services import contacts, masterdata, setup
from crm_desktop.services.app import AppContext, open_app
from crm_desktop.storage import models as m

FIELDS = ("salesperson_code", "city", "phone_no", "email")
FLAG_OF = {
    "salesperson_code": "inherit_salesperson_code",
    "city": "inherit_address_details",
    "phone_no": "inherit_communication_details",
    "email": "inherit_communication_details",
}
POOLS = {
    "salesperson_code": ["SP1", "SP2", ""],
    "city": ["Delft", "Leiden", ""],
    "phone_no": ["010", "020", ""],
    "email": ["a@co.nl", "b@co.nl", ""],
}
FLAGS = sorted(set(FLAG_OF.values()))

_APP: dict[str, AppContext] = {}


@pytest.fixture(scope="module", autouse=True)
def shared_app() -> Iterator[None]:
    """One seeded database for every example; each example starts by emptying it."""
    with tempfile.TemporaryDirectory() as tmp:
        ctx = open_app(tmp)
        for code in ("SP1", "SP2", "OWN"):
            masterdata.save_row(ctx, "salesperson", {"code": code, "name": code})
        _APP["ctx"] = ctx
        yield
        ctx.close()


Values = dict[str, str]


class ContactMachine(RuleBasedStateMachine):
    """Companies and persons in the database and in a model side by side."""

    def __init__(self) -> None:
        super().__init__()
        self.ctx = _APP["ctx"]
        self.flags = dict.fromkeys(FLAGS, True)
        self.model_companies: dict[str, Values] = {}
        self.model_persons: dict[str, Values] = {}
        self.company_of: dict[str, str] = {}
        self.hand: dict[str, dict[str, str]] = {}
        self.tokens = 0

    def empty_database(self) -> None:
        with self.ctx.db.uow() as s:
            s.execute(update(m.Contact).values(company_no=None))
            s.execute(delete(m.Contact))
        setup.update_marketing_setup(self.ctx, dict(self.flags))

    def _token(self, field: str) -> str:
        self.tokens += 1
        n = self.tokens
        return {
            "salesperson_code": "OWN",
            "city": f"Own{n}",
            "phone_no": f"9{n}",
            "email": f"own{n}@me.nl",
        }[field]

    def _assign(self, values: Values, new: Values, old: Values | None, given: set[str]) -> None:
        """§2.3 on the tracked fields; values given with a new person win."""
        if self.flags["inherit_salesperson_code"] and "salesperson_code" not in given:
            values["salesperson_code"] = new["salesperson_code"]
        if self.flags["inherit_address_details"] and "city" not in given:
            if values["city"] == "" or (old is not None and values["city"] == old["city"]):
                values["city"] = new["city"]
        if self.flags["inherit_communication_details"]:
            for f in ("phone_no", "email"):
                if f in given:
                    continue
                if values[f] == "" or (old is not None and values[f] == old[f]):
                    values[f] = new[f]

    def _pick(self, data: st.DataObject, pool: dict[str, Values], label: str) -> str:
        return data.draw(st.sampled_from(sorted(pool)), label=label)

    def _new_company(self, data: st.DataObject) -> None:
        values = {f: data.draw(st.sampled_from(POOLS[f]), label=f) for f in FIELDS}
        row = contacts.create_contact(self.ctx, {"type": "company", "name": "Co", **values})
        self.model_companies[row.contact.no] = values

    def _new_person(self, data: st.DataObject) -> None:
        company = ""
        if self.model_companies and data.draw(st.integers(0, 3), label="alone") > 0:
            company = self._pick(data, self.model_companies, "company")
        own_fields = data.draw(st.sets(st.sampled_from(FIELDS), max_size=2), label="own")
        own = {f: self._token(f) for f in own_fields}
        values: dict[str, Any] = {"type": "person", "name": "P", **own}
        if company:
            values["company_no"] = company
        row = contacts.create_contact(self.ctx, values).contact
        model = {f: own.get(f, "") for f in FIELDS}
        if company:
            self._assign(model, self.model_companies[company], None, set(own))
            self.company_of[row.no] = company
        self.model_persons[row.no] = model
        self.hand[row.no] = dict(own)

    @initialize(data=st.data())
    def some_companies_and_persons(self, data: st.DataObject) -> None:
        self.empty_database()
        for _ in range(2):
            self._new_company(data)
        for _ in range(3):
            self._new_person(data)

    @rule(data=st.data())
    def create_company(self, data: st.DataObject) -> None:
        self._new_company(data)

    @rule(data=st.data())
    def create_person(self, data: st.DataObject) -> None:
        self._new_person(data)

    @precondition(lambda self: self.model_companies)
    @rule(data=st.data())
    def edit_company(self, data: st.DataObject) -> None:
        company = self._pick(data, self.model_companies, "company")
        field = data.draw(st.sampled_from(FIELDS), label="field")
        old = dict(self.model_companies[company])
        others = [v for v in POOLS[field] if v != old[field]]
        value = data.draw(st.sampled_from(others), label="value")
        saved = contacts.update_contact(self.ctx, company, {field: value})
        self.model_companies[company][field] = value
        expected: list[str] = []
        if self.flags[FLAG_OF[field]]:
            for p, c in sorted(self.company_of.items()):
                if c == company and self.model_persons[p][field] == old[field]:
                    self.model_persons[p][field] = value
                    expected.append(p)
        assert list(saved.persons_updated) == expected

    @precondition(lambda self: self.model_persons)
    @rule(data=st.data())
    def edit_person_by_hand(self, data: st.DataObject) -> None:
        person = self._pick(data, self.model_persons, "person")
        field = data.draw(st.sampled_from(FIELDS), label="field")
        token = self._token(field)
        contacts.update_contact(self.ctx, person, {field: token})
        self.model_persons[person][field] = token
        self.hand[person][field] = token

    @precondition(lambda self: self.model_persons)
    @rule(data=st.data())
    def move_person(self, data: st.DataObject) -> None:
        person = self._pick(data, self.model_persons, "person")
        company = ""
        if self.model_companies and data.draw(st.integers(0, 3), label="leave") > 0:
            company = self._pick(data, self.model_companies, "company")
        contacts.update_contact(self.ctx, person, {"company_no": company})
        if company == self.company_of.get(person, ""):
            return  # the same company again changes nothing (a whole form sent back)
        old_no = self.company_of.pop(person, None)
        if company:
            old = self.model_companies[old_no] if old_no else None
            self._assign(self.model_persons[person], self.model_companies[company], old, set())
            self.company_of[person] = company
            if self.flags["inherit_salesperson_code"]:
                self.hand[person].pop("salesperson_code", None)

    @rule(flag=st.sampled_from(FLAGS), on=st.booleans())
    def switch_flag(self, flag: str, on: bool) -> None:
        setup.update_marketing_setup(self.ctx, {flag: on})
        self.flags[flag] = on

    @precondition(lambda self: self.model_persons)
    @rule(data=st.data())
    def delete_person(self, data: st.DataObject) -> None:
        person = self._pick(data, self.model_persons, "person")
        assert contacts.delete_contact(self.ctx, person) == 1
        del self.model_persons[person]
        self.company_of.pop(person, None)

    @precondition(lambda self: self.model_companies)
    @rule(data=st.data())
    def delete_company(self, data: st.DataObject) -> None:
        company = self._pick(data, self.model_companies, "company")
        members = [p for p, c in self.company_of.items() if c == company]
        assert contacts.delete_contact(self.ctx, company, including_persons=True) == (
            len(members) + 1
        )
        del self.model_companies[company]
        for p in members:
            del self.model_persons[p]
            del self.company_of[p]

    @invariant()
    def database_matches_the_rules(self) -> None:
        rows = {r.no: r for r in contacts.list_contacts(self.ctx)}
        assert set(rows) == set(self.model_companies) | set(self.model_persons)
        for no, row in rows.items():
            if row.type == "company":
                assert row.company_no == no
                assert {f: getattr(row, f) for f in FIELDS} == self.model_companies[no]
                continue
            if row.company_no:
                assert row.company_no in rows and rows[row.company_no].type == "company"
            assert row.company_no == self.company_of.get(no, "")
            assert {f: getattr(row, f) for f in FIELDS} == self.model_persons[no], no
            company = rows.get(row.company_no)
            for field, token in self.hand[no].items():
                if getattr(row, field) == token and company is not None:
                    assert getattr(company, field) != token


ContactMachine.TestCase.settings = settings(
    max_examples=30,
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestContactMachine = ContactMachine.TestCase
