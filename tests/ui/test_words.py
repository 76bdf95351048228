"""Words on screen: plurals through %n with the English forms always loaded ("1 person",
"2 persons", never "person(s)"), and the compiled .qm in the package up to date with its .ts."""

from __future__ import annotations

import importlib.util
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QApplication

from crm_desktop.services import contacts
from crm_desktop.services.app import AppContext
from crm_desktop.ui.app import TRANSLATIONS, install_translators
from crm_desktop.ui.contacts.card import ContactCard
from crm_desktop.ui.contacts.list_page import ContactListPage

ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path("/tmp/shots/i13")


def _tool():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "english_plurals", ROOT / "tools/english_plurals.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    """The translators as the app installs them at start (a Dutch system locale included:
    English plurals load whatever the language)."""
    installed = install_translators(qapp, QLocale(QLocale.Language.Dutch))
    assert installed, "the English plural forms did not load"
    yield
    for t in installed:
        qapp.removeTranslator(t)


def test_plural_forms_from_the_translation(english: None) -> None:
    tr = QCoreApplication.translate
    assert tr("ContactListPage", "%n contact(s)", "", 1) == "1 contact"
    assert tr("ContactListPage", "%n contact(s)", "", 2) == "2 contacts"
    assert tr("ContactCard", "%n person(s)", "", 1) == "1 person"
    assert tr("ContactCard", "%n person(s)", "", 0) == "0 persons"


def test_one_person_and_two_persons_on_screen(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot, english: None
) -> None:
    one = contacts.create_contact(ctx, {"type": "company", "name": "Een BV"}).contact.no
    two = contacts.create_contact(ctx, {"type": "company", "name": "Twee BV"}).contact.no
    contacts.create_contact(ctx, {"type": "person", "name": "Jan", "company_no": one})
    for name in ("Piet", "Klaas"):
        contacts.create_contact(ctx, {"type": "person", "name": name, "company_no": two})
    texts = []
    for no in (one, two):
        card = ContactCard(ctx, no)
        qtbot.addWidget(card)
        card.show()
        card.persons_model.wait()
        texts.append(card.persons_count.text())
        card.resize(1366, 768)
        card.grab().save(str(SHOTS / f"card_persons_{no}.png"))
    assert texts == ["1 person", "2 persons"]
    page = ContactListPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    page.model.wait()
    assert page.count_label.text() == "5 contacts"
    QApplication.processEvents()  # let the layout give the new text its width before the grab
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.grab().save(str(SHOTS / "list_count.png"))


def test_compiled_translation_is_up_to_date_and_complete() -> None:
    tool = _tool()
    with tempfile.TemporaryDirectory() as tmp:
        ts, qm = Path(tmp) / "en.ts", Path(tmp) / "en.qm"
        tool.numerus_ts(ts)  # what the source asks for now
        assert ts.read_text(encoding="utf-8") == (TRANSLATIONS / "crm_desktop_en.ts").read_text(
            encoding="utf-8"
        ), "a %n text changed: run tools/english_plurals.py"
        tool.release(TRANSLATIONS / "crm_desktop_en.ts", qm)
        assert qm.read_bytes() == (TRANSLATIONS / "crm_desktop_en.qm").read_bytes()
    text = (TRANSLATIONS / "crm_desktop_en.ts").read_text(encoding="utf-8")
    assert "(s)</numerusform>" not in text and "<numerusform></numerusform>" not in text
