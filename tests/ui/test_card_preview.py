"""Issue 12 point 3: a new card shows what it will inherit ("from company") and be defaulted
("default") before it is saved, from the save's own rules, writing nothing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from crm_desktop.services import contacts, setup
from crm_desktop.services.app import AppContext
from crm_desktop.ui.contacts.card import ContactCard

SHOTS = Path("/tmp/shots/i12")


def _show(qtbot, card: ContactCard) -> ContactCard:  # type: ignore[no-untyped-def]
    qtbot.addWidget(card)
    card.resize(1300, 700)
    card.show()
    return card


def _marker(card: ContactCard, name: str) -> str:
    editor = card.editors[name]
    visible = editor._marker is not None and editor.marker.isVisibleTo(card)
    return editor.marker.text() if visible else ""


def test_new_person_shows_its_company_before_saving(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    company = contacts.create_contact(
        ctx,
        {
            "type": "company",
            "name": "Berg Bouw",
            "address": "Kerkstraat 1",
            "city": "Utrecht",
            "phone_no": "030-1234567",
        },
    ).contact.no
    card = _show(qtbot, ContactCard.new(ctx, "person", company_no=company))
    assert card.editors["address"].value() == "Kerkstraat 1"
    assert card.editors["phone_no"].value() == "030-1234567"
    assert _marker(card, "address") == "from company"
    assert _marker(card, "salutation_code") == "default"
    assert not card.unsaved.dirty  # shown, not typed
    assert contacts.count_persons(ctx, company) == 0  # nothing saved to show it
    SHOTS.mkdir(parents=True, exist_ok=True)
    card.grab().save(str(SHOTS / "new_person_preview.png"))
    # Typing over an inherited value keeps the typed one and drops its marker.
    phone = card.editors["phone_no"].widget
    assert isinstance(phone, QLineEdit)
    phone.setFocus()
    phone.selectAll()
    qtbot.keyClicks(phone, "06-12345678")
    assert _marker(card, "phone_no") == ""
    name = card.editors["name"].widget
    assert isinstance(name, QLineEdit)
    qtbot.keyClicks(name, "Anna Berg")
    qtbot.keyClick(name, Qt.Key.Key_Tab)
    assert card.save()
    saved = contacts.get_contact(ctx, str(card.no))
    assert (saved.address, saved.city, saved.phone_no) == ("Kerkstraat 1", "Utrecht", "06-12345678")
    # Saved as following the company: the marker stays after the save.
    assert _marker(card, "address") == "from company"


def test_new_company_shows_the_setup_defaults(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    setup.update_marketing_setup(
        ctx, {"default_country_region_code": "NL", "default_language_code": "NLD"}
    )
    card = _show(qtbot, ContactCard.new(ctx, "company"))
    assert card.editors["country_region_code"].value() == "NL"
    assert card.editors["language_code"].value() == "NLD"
    assert _marker(card, "country_region_code") == "default"
    assert _marker(card, "language_code") == "default"
    card.grab().save(str(SHOTS / "new_company_preview.png"))
    # Switching the type to person shows the person defaults instead.
    card.editors["type"].set_value("person")
    card.editors["type"].edited.emit("type")
    qtbot.waitUntil(lambda: card.editors["salutation_code"].value() == "PERSON")
    assert _marker(card, "salutation_code") == "default"


def test_a_typed_address_part_stops_the_address_preview(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    # BC copies the company's address only onto a blank address: the preview follows the rule.
    company = contacts.create_contact(
        ctx, {"type": "company", "name": "Berg Bouw", "address": "Kerkstraat 1", "city": "Utrecht"}
    ).contact.no
    card = _show(qtbot, ContactCard.new(ctx, "person", company_no=company))
    assert card.editors["address"].value() == "Kerkstraat 1"
    city = card.editors["city"].widget
    assert isinstance(city, QLineEdit)
    city.setFocus()
    city.selectAll()
    qtbot.keyClicks(city, "Zeist")
    qtbot.waitUntil(lambda: card.editors["address"].value() == "")
    assert _marker(card, "address") == ""
    assert card.editors["city"].value() == "Zeist"
