"""Shared by the issue 19 GUI tests: the people (a salesperson with two addresses, a company,
a person with own addresses, a person following the company's address), the card, and what
the timelines and the log hold."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices

from crm_desktop.services import contacts, masterdata, setup
from crm_desktop.services.app import AppContext
from crm_desktop.services.interactions import listing
from crm_desktop.ui.contacts.card import ContactCard

SHOTS = Path("/tmp/shots/communications")
ME = "annette@cronus.example"


class _Catcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


@pytest.fixture
def opened():  # type: ignore[no-untyped-def]
    """Files the app opens (drafts, letters) are caught instead of starting a program."""
    catcher = _Catcher()
    QDesktopServices.setUrlHandler("file", catcher, "open")
    yield catcher
    QDesktopServices.unsetUrlHandler("file")


@pytest.fixture
def people(ctx: AppContext) -> dict[str, str]:
    masterdata.save_row(
        ctx,
        "salesperson",
        {"code": "AH", "name": "Annette Hill", "email": f"{ME}; ah@cronus.example"},
    )
    setup.update_user_setup(ctx, salesperson_code="AH")
    co = contacts.create_contact(
        ctx,
        {
            "type": "company",
            "name": "Adatum",
            "email": "Info@Adatum.example",
            "phone_no": "+44 20 7946 0000",
            "address": "Station Road 21",
            "post_code": "CB1 2JD",
            "city": "Cambridge",
        },
    ).contact.no
    rob = contacts.create_contact(
        ctx,
        {
            "type": "person",
            "first_name": "Rob",
            "surname": "Townes",
            "company_no": co,
            "email": "rob@adatum.example; R.Townes@adatum.example",
            "phone_no": "+44 (20) 7946-0123",
            "salutation_code": "PERSON",
        },
    ).contact.no
    sue = contacts.create_contact(
        ctx,
        {
            "type": "person",
            "first_name": "Sue",
            "surname": "Jones",
            "company_no": co,
            "email": "info@adatum.example",
        },
    ).contact.no
    return {"co": co, "rob": rob, "sue": sue}


def _card(ctx: AppContext, qtbot, no: str) -> ContactCard:  # type: ignore[no-untyped-def]
    card = ContactCard(ctx, no)
    qtbot.addWidget(card)
    card.resize(1366, 768)
    card.show()
    card.persons_model.wait()
    card.interactions.model.wait()
    return card


def _timeline(ctx: AppContext, no: str) -> list[listing.TimelineItem]:
    return listing.fetch_timeline(ctx, no, 0, 100)


def _in_both(ctx: AppContext, people: dict[str, str], contact: str, text: str) -> None:
    for no in {contact, people["co"]}:
        assert any(text in i.text for i in _timeline(ctx, no)), (no, _timeline(ctx, no))


def _entries(ctx: AppContext, contact: str) -> list[listing.LogRow]:
    flt = listing.LogFilter(contact_no=contact)
    return listing.fetch_entries(ctx, flt, 0, 100)


def _shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / f"{name}.png"))
