"""The contact card: scenario 14 (New from a company pre-fills it and inherits), inheritance
markers, the status bar count after a company save, errors beside the field, Company Name
resolving, Name Details, and refreshing when the contact changes elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from crm_desktop.services import contacts
from crm_desktop.services.app import AppContext
from crm_desktop.ui.contacts.card import ContactCard
from crm_desktop.ui.contacts.card_sections import RARE_FIELDS
from crm_desktop.ui.contacts.details import CompanyDetailsDialog
from crm_desktop.ui.hub import hub

SHOTS = Path("/tmp/shots/contacts")


def _card(ctx: AppContext, qtbot, no: str | None = None, **kw: str) -> ContactCard:  # type: ignore[no-untyped-def]
    card = ContactCard(ctx, no, **kw)  # type: ignore[arg-type]
    qtbot.addWidget(card)
    card.show()
    card.persons_model.wait()
    return card


def _edit(card: ContactCard, name: str, value: object) -> None:
    card.editors[name].set_value(value)
    card.editors[name].edited.emit(name)


@pytest.fixture
def company(ctx: AppContext) -> str:
    with ctx.db.uow() as s:
        from crm_desktop.storage import models as m

        s.add(m.Salesperson(code="AH", name="Annette Hill"))
    return contacts.create_contact(
        ctx,
        {
            "type": "company",
            "name": "Müller Bouw B.V.",
            "address": "Kerkstraat 1",
            "post_code": "3511 AB",
            "city": "Utrecht",
            "phone_no": "030-123 4567",
            "salesperson_code": "AH",
        },
    ).contact.no


def test_bc014_new_from_company_card_prefills_and_inherits(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot, company: str
) -> None:
    card = _card(ctx, qtbot, company)
    new = card.new_person()
    assert new is not None
    qtbot.addWidget(new)
    assert new.editors["type"].value() == "person"
    assert new.editors["company_no"].value() == company
    assert new.editors["company_name"].value() == "Müller Bouw B.V."
    _edit(new, "name", "Jan de Vries")
    assert new.save()
    person = contacts.get_contact(ctx, str(new.no))
    assert (person.type, person.company_no) == ("person", company)
    assert (person.address, person.city, person.phone_no) == (
        "Kerkstraat 1",
        "Utrecht",
        "030-123 4567",
    )
    assert person.salesperson_code == "AH"
    card.persons_model.wait()
    assert card.persons_model.total == 1
    assert card.persons_model.row_at(0).no == person.no  # type: ignore[union-attr]


def test_bc014_new_without_filter_is_a_blank_company(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    card = ContactCard.new(ctx, "company")
    qtbot.addWidget(card)
    assert card.editors["type"].value() == "company"
    assert card.editors["company_name"].value() == ""
    _edit(card, "name", "Nieuw B.V.")
    assert card.save()
    saved = contacts.get_contact(ctx, str(card.no))
    assert (saved.type, saved.company_no, saved.company_name) == ("company", saved.no, "Nieuw B.V.")


def test_markers_show_fields_that_follow_the_company(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot, company: str
) -> None:
    person = contacts.create_contact(
        ctx, {"type": "person", "name": "Jan de Vries", "company_no": company}
    ).contact.no
    contacts.update_contact(ctx, person, {"phone_no": "06-1111 2222"})
    card = _card(ctx, qtbot, person)
    visible = {n for n, e in card.editors.items() if e.marker.isVisibleTo(card)}
    assert {"address", "city", "post_code", "salesperson_code"} <= visible
    assert "phone_no" not in visible  # changed by hand, no longer follows
    assert "name" not in visible
    inherited = set(contacts.inherited_fields(ctx, person))
    shown = {n for n in inherited if card.editors[n].widget.isVisibleTo(card)}
    assert visible == shown  # a followed field behind "Show more" shows its marker when shown
    assert inherited - shown <= set(RARE_FIELDS)
    SHOTS.mkdir(parents=True, exist_ok=True)
    card.grab().save(str(SHOTS / "card_person.png"))
    # Typing over a followed value removes its marker at once.
    _edit(card, "city", "Amersfoort")
    assert not card.editors["city"].marker.isVisibleTo(card)


def test_company_card_has_no_markers_and_lists_persons(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot, company: str
) -> None:
    for name in ("Jan de Vries", "Anna Bakker", "Kees Smit"):
        contacts.create_contact(ctx, {"type": "person", "name": name, "company_no": company})
    card = _card(ctx, qtbot, company)
    assert not any(e.marker.isVisibleTo(card) for e in card.editors.values())
    assert card.persons_box.isVisibleTo(card)
    assert card.persons_model.total == 3
    assert card.persons_count.text() == "3 person(s)"
    card.resize(980, 1000)
    card.grab().save(str(SHOTS / "card_company.png"))


def test_company_save_reports_persons_updated_in_status_bar(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot, company: str
) -> None:
    follows = contacts.create_contact(
        ctx, {"type": "person", "name": "Jan de Vries", "company_no": company}
    ).contact.no
    own = contacts.create_contact(
        ctx,
        {
            "type": "person",
            "name": "Anna Bakker",
            "company_no": company,
            "city": "Zeist",
            "address": "Dorpsstraat 9",
        },
    ).contact.no
    messages_seen: list[str] = []
    hub().status_message.connect(messages_seen.append)
    try:
        person_card = _card(ctx, qtbot, follows)
        card = _card(ctx, qtbot, company)
        _edit(card, "city", "Amersfoort")
        assert card.save()
    finally:
        hub().status_message.disconnect(messages_seen.append)
    assert messages_seen[-1] == f"Company {company} saved; 1 person(s) updated."
    assert contacts.get_contact(ctx, follows).city == "Amersfoort"
    assert contacts.get_contact(ctx, own).city == "Zeist"
    # The open person card refreshed itself.
    assert person_card.editors["city"].value() == "Amersfoort"


def test_validation_error_is_shown_beside_the_field_and_nothing_saved(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot, company: str
) -> None:
    card = _card(ctx, qtbot, company)
    _edit(card, "phone_no", "call me")
    assert not card.save()
    error = card.editors["phone_no"].error
    assert error.isVisibleTo(card)
    assert error.text() == "Phone No. must not contain letters"
    assert contacts.get_contact(ctx, company).phone_no == "030-123 4567"
    _edit(card, "phone_no", "030-999")
    assert not error.isVisibleTo(card)
    assert card.save()


def test_company_name_typed_on_a_person_resolves_the_company(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot, company: str
) -> None:
    other = contacts.create_contact(ctx, {"type": "company", "name": "Müller Transport"}).contact.no
    card = ContactCard.new(ctx, "person")
    qtbot.addWidget(card)
    _edit(card, "name", "Piet Prins")
    _edit(card, "company_name", "Müller Bouw")
    card.resolve_company_name()
    assert card.editors["company_no"].value() == company
    assert card.editors["company_name"].value() == "Müller Bouw B.V."
    # Two matches: the user picks.
    offered: list[list[str]] = []

    def pick(candidates):  # type: ignore[no-untyped-def]
        offered.append([c.no for c in candidates])
        return candidates[1]

    card.pick_company = pick  # type: ignore[method-assign]
    _edit(card, "company_name", "Müller")
    card.resolve_company_name()
    assert sorted(offered[0]) == sorted([company, other])
    assert (
        card.editors["company_no"].value()
        == [company, other][[company, other].index(offered[0][1])]
    )
    _edit(card, "company_name", "Nobody Inc")
    card.resolve_company_name()
    assert card.editors["company_name"].error.text() == "No company matches Nobody Inc."


def test_name_details_write_back_to_the_card(ctx: AppContext, qtbot, company: str) -> None:  # type: ignore[no-untyped-def]
    person = contacts.create_contact(
        ctx, {"type": "person", "name": "Jan de Vries", "company_no": company}
    ).contact.no
    card = _card(ctx, qtbot, person)
    dialog = card.open_name_details()
    assert dialog.edits["first_name"].text() == "Jan"
    assert dialog.formal.text() != ""
    dialog.edits["first_name"].setText("Johan")
    dialog.accept()
    assert card.changes()["first_name"] == "Johan"
    assert card.save()
    assert contacts.get_contact(ctx, person).first_name == "Johan"


def test_company_details_shows_the_company(ctx: AppContext, qtbot, company: str) -> None:  # type: ignore[no-untyped-def]
    person = contacts.create_contact(
        ctx, {"type": "person", "name": "Jan de Vries", "company_no": company}
    ).contact.no
    card = _card(ctx, qtbot, person)
    dialog = card.open_company_details()
    assert isinstance(dialog, CompanyDetailsDialog)
    labels = {w.objectName(): w.text() for w in dialog.findChildren(type(card.title))}
    assert labels["company_name"] == "Müller Bouw B.V."
    assert labels["company_city"] == "Utrecht"
    dialog.reject()


def test_card_closes_when_its_contact_is_deleted_elsewhere(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot, company: str
) -> None:
    other = contacts.create_contact(ctx, {"type": "company", "name": "Short Lived"}).contact.no
    card = _card(ctx, qtbot, other)
    contacts.delete_contact(ctx, other)
    with qtbot.waitSignal(card.destroyed, timeout=2000):
        hub().changed("contact", keys={other})


def test_duplicate_company_saved_on_the_card_shows_the_notice(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot
) -> None:
    # Scenario 21's setup; where BC opens the Contact Duplicates page modally, the card shows
    # the duplicates notice, which opens that page on request.
    from crm_desktop.services import setup

    setup.update_marketing_setup(
        ctx,
        {
            "maintain_dupl_search_strings": True,
            "autosearch_for_duplicates": True,
            "search_hit_percent": 10,
            "duplicate_method": "search_strings",  # BC's (and BC's default)
        },
    )
    first = ContactCard.new(ctx, "company")
    qtbot.addWidget(first)
    _edit(first, "name", "Contact Company")
    assert first.save()
    assert first.duplicate_notice is None
    second = ContactCard.new(ctx, "company")
    qtbot.addWidget(second)
    second.show()
    _edit(second, "name", "Contact Company")
    assert second.save()
    assert second.last_saved is not None
    assert second.last_saved.duplicates == (first.no,)
    assert second.duplicate_notice is not None
    assert second.duplicate_notice.isVisibleTo(second)
    assert str(first.no) in second.duplicate_notice.label.text()


def test_card_shows_business_relations_and_creates_a_customer(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot, company: str
) -> None:
    from crm_desktop.services.sync import relations as business_relations

    card = _card(ctx, qtbot, company)
    assert card.relations.contact_no == company
    created = card.relations.create_as("customer")
    assert created is not None
    assert contacts.get_contact(ctx, company).contact_business_relation == "customer"
    assert [r.link_to_table for r in business_relations.list_relations(ctx, company)] == [
        "customer"
    ]
    card.resize(980, 1100)
    SHOTS.mkdir(parents=True, exist_ok=True)
    card.grab().save(str(SHOTS / "company_card_relations.png"))
