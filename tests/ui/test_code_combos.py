"""Issue 13 point 3: code dropdowns show the code with its name ("NL – Netherlands"), filter
their list as the user types (in the code or the name), and store the code alone."""

from __future__ import annotations

from PySide6.QtCore import Qt

from crm_desktop.services import contacts, masterdata
from crm_desktop.services.app import AppContext
from crm_desktop.ui.common.code_field import CodeCombo
from crm_desktop.ui.contacts.card import ContactCard


def _countries(ctx: AppContext) -> None:
    """The seeded countries hold these three; another is added the way a user would."""
    have = {r["code"]: r["name"] for r in masterdata.list_rows(ctx, "country_region")}
    for code, name in (("NL", "Netherlands"), ("DE", "Germany"), ("FI", "Finland")):
        if code not in have:
            masterdata.save_row(ctx, "country_region", {"code": code, "name": name})
        else:
            assert have[code] == name


def _shown(combo: CodeCombo) -> list[str]:
    completer = combo.completer()
    model = completer.completionModel()
    return [str(model.index(i, 0).data()) for i in range(model.rowCount())]


def test_the_list_shows_code_and_name_and_filters_as_typed(
    ctx: AppContext, qtbot, open_company_card
) -> None:  # type: ignore[no-untyped-def]
    _countries(ctx)
    card = open_company_card()
    combo = card.editors["country_region_code"].widget
    assert isinstance(combo, CodeCombo)
    texts = [combo.itemText(i) for i in range(combo.count())]
    assert "NL – Netherlands" in texts and "DE – Germany" in texts
    combo.setFocus()
    qtbot.keyClicks(combo, "germ")
    qtbot.waitUntil(lambda: combo.completer().popup().isVisible())
    assert _shown(combo) == ["DE – Germany"]
    combo.lineEdit().clear()
    qtbot.keyClicks(combo, "nl")  # in NL's code and in FinLand's name
    assert sorted(_shown(combo)) == ["FI – Finland", "NL – Netherlands"]


def test_typing_a_code_stores_the_code_and_shows_its_name(
    ctx: AppContext, qtbot, open_company_card
) -> None:  # type: ignore[no-untyped-def]
    _countries(ctx)
    card = open_company_card()
    country = card.editors["country_region_code"]
    combo = country.widget
    combo.setFocus()
    qtbot.keyClicks(combo, "de")
    combo.completer().popup().hide()
    card.editors["city"].widget.setFocus()  # leave the field
    qtbot.waitUntil(lambda: combo.currentText() == "DE – Germany")
    assert country.value() == "DE"
    assert not country.error.isVisible()
    qtbot.keyClick(card, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: contacts.get_contact(ctx, card.no).country_region_code == "DE")


def test_a_saved_code_opens_with_its_name(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    _countries(ctx)
    no = contacts.create_contact(
        ctx, {"type": "company", "name": "Berg Bouw", "country_region_code": "NL"}
    ).contact.no
    card = ContactCard(ctx, no)
    qtbot.addWidget(card)
    combo = card.editors["country_region_code"].widget
    assert combo.currentText() == "NL – Netherlands"
    assert card.editors["country_region_code"].value() == "NL"
