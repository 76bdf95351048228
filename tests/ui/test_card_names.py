"""Issue 12 point 2: a typed name survives Name Details, Name is split when it is left (as BC
validates Name at once), Name Details edits Salutation Code and Language Code, and a new
company's Company Details shows what is typed before the first save. Driven as a user would:
typing, Tab, the dialog's fields and OK."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit

from crm_desktop.services import contacts
from crm_desktop.services.app import AppContext
from crm_desktop.ui.contacts.card import ContactCard
from crm_desktop.ui.contacts.details import CompanyDetailsDialog

SHOTS = Path("/tmp/shots/i12")


@pytest.fixture
def company(ctx: AppContext) -> str:
    return contacts.create_contact(
        ctx, {"type": "company", "name": "Berg Bouw", "city": "Utrecht"}
    ).contact.no


def _show(qtbot, card: ContactCard) -> ContactCard:  # type: ignore[no-untyped-def]
    qtbot.addWidget(card)
    with qtbot.waitActive(card):
        card.show()
        card.activateWindow()
    return card


def _line(card: ContactCard, name: str) -> QLineEdit:
    widget = card.editors[name].widget
    assert isinstance(widget, QLineEdit)
    return widget


def _type_and_leave(qtbot, card: ContactCard, name: str, text: str) -> None:  # type: ignore[no-untyped-def]
    line = _line(card, name)
    line.setFocus()
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Delete)
    qtbot.keyClicks(line, text)
    qtbot.keyClick(line, Qt.Key.Key_Tab)


def test_a_typed_name_shows_its_parts_in_name_details_and_survives_them(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot, company: str
) -> None:
    card = _show(qtbot, ContactCard.new(ctx, "person", company_no=company))
    _type_and_leave(qtbot, card, "name", "Anna Maria Berg")
    dialog = card.open_name_details()
    assert [dialog.edits[n].text() for n in ("first_name", "middle_name", "surname")] == [
        "Anna",
        "Maria",
        "Berg",
    ]
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / "name_details.png"))
    # Editing one part keeps the others.
    dialog.edits["surname"].selectAll()
    qtbot.keyClicks(dialog.edits["surname"], "Bergman")
    dialog.accept()
    assert _line(card, "name").text() == "Anna Maria Bergman"
    assert card.save()
    saved = contacts.get_contact(ctx, str(card.no))
    assert (saved.name, saved.first_name, saved.middle_name, saved.surname) == (
        "Anna Maria Bergman",
        "Anna",
        "Maria",
        "Bergman",
    )


def test_retyping_name_on_a_saved_card_splits_it_again(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot, company: str
) -> None:
    no = contacts.create_contact(
        ctx, {"type": "person", "name": "Jan de Vries", "company_no": company}
    ).contact.no
    card = _show(qtbot, ContactCard(ctx, no))
    _type_and_leave(qtbot, card, "name", "Johan Willem Smit")
    dialog = card.open_name_details()
    assert dialog.edits["first_name"].text() == "Johan"
    assert dialog.edits["middle_name"].text() == "Willem"
    qtbot.keyClicks(dialog.edits["initials"], "JWS")
    dialog.accept()
    assert _line(card, "name").text() == "Johan Willem Smit"
    assert card.save()
    saved = contacts.get_contact(ctx, no)
    assert (saved.first_name, saved.middle_name, saved.surname, saved.initials) == (
        "Johan",
        "Willem",
        "Smit",
        "JWS",
    )


def test_a_name_part_longer_than_30_is_refused_on_name(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot, company: str
) -> None:
    card = _show(qtbot, ContactCard.new(ctx, "person", company_no=company))
    _type_and_leave(qtbot, card, "name", "Anna " + "B" * 31)
    error = card.editors["name"].error
    assert error.isVisibleTo(card)
    assert error.text() == (
        "The length of the string is 31, but it must be less than or equal to 30 characters."
    )
    assert not card.save()
    assert card.no is None


def test_name_details_sets_salutation_and_language_codes(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot, company: str
) -> None:
    card = _show(qtbot, ContactCard.new(ctx, "person", company_no=company))
    _type_and_leave(qtbot, card, "name", "Kees Smit")
    dialog = card.open_name_details()
    salutation = dialog.codes["salutation_code"]
    assert salutation.combo.findData("PERSON") >= 0  # the seeded salutations are offered
    assert salutation.code() == "PERSON"  # the default the card previews
    for field, code in ((salutation, "COMPANY"), (dialog.codes["language_code"], "NLD")):
        line = field.combo.lineEdit()
        line.setFocus()
        line.selectAll()
        qtbot.keyClicks(line, code)
    dialog.accept()
    assert card.editors["salutation_code"].value() == "COMPANY"
    assert card.editors["language_code"].value() == "NLD"
    assert card.save()
    saved = contacts.get_contact(ctx, str(card.no))
    assert (saved.salutation_code, saved.language_code) == ("COMPANY", "NLD")


def test_name_details_closed_with_changes_asks(ctx: AppContext, qtbot, company: str) -> None:  # type: ignore[no-untyped-def]
    from crm_desktop.ui import messages

    card = _show(qtbot, ContactCard.new(ctx, "person", company_no=company))
    _type_and_leave(qtbot, card, "name", "Kees Smit")
    dialog = card.open_name_details()
    qtbot.keyClicks(dialog.edits["initials"], "KS")
    messages.answer_next.append(messages.SAVE)
    qtbot.keyClick(dialog.edits["initials"], Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert card.editors["initials"].value() == "KS"


def test_new_company_details_show_what_is_typed_before_saving(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    card = _show(qtbot, ContactCard.new(ctx, "company"))
    assert card.company_details_button.isEnabled()
    _type_and_leave(qtbot, card, "name", "Nieuw B.V.")
    _type_and_leave(qtbot, card, "city", "Zeist")
    dialog = card.open_company_details()
    assert isinstance(dialog, CompanyDetailsDialog)
    labels = {w.objectName(): w.text() for w in dialog.findChildren(QLabel)}
    assert labels["company_name"] == "Nieuw B.V."
    assert labels["company_city"] == "Zeist"
    dialog.grab().save(str(SHOTS / "company_details_new.png"))
    dialog.reject()
    assert card.no is None  # nothing was saved to show them
