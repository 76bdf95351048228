"""What the contact card opens or looks up beside its fields: Name Details, Company Details,
the company a typed Company Name means, and Merge With… (issue 17).

Kept out of card.py so the card stays one readable module; each function takes the card.
"""

from __future__ import annotations

from typing import Any

from crm_desktop.domain.errors import CrmError
from crm_desktop.services import contacts
from crm_desktop.ui import messages
from crm_desktop.ui.common.windows import open_window
from crm_desktop.ui.contacts.details import CompanyDetailsDialog, NameDetailsDialog

# The card (ui/contacts/card.ContactCard); not imported, card.py imports this module.
ContactCard = Any


def resolve_company_name(card: ContactCard) -> None:
    """A Company Name typed on a person: one match sets the company, several let the user
    pick, none says so beside the field."""
    editor = card.editors["company_name"]
    text = str(editor.value()).strip()
    if card.editors["type"].value() != "person" or text == card._loaded.get("company_name"):
        return
    if not text:
        card.editors["company_no"].set_value("")
        return
    found = contacts.resolve_company(card.ctx, text)
    if not found:
        editor.set_error(card.tr("No company matches %1.").replace("%1", text))
        return
    chosen = found[0] if len(found) == 1 else card.pick_company(found)
    if chosen is None:
        return
    card.editors["company_no"].set_value(chosen.no)
    editor.set_value(chosen.name)
    card.company_details_button.setEnabled(True)
    card._on_edited("company_no")


def open_name_details(card: ContactCard) -> NameDetailsDialog:
    """Name Details: the person's name parts; OK puts them on the card."""
    card.split_name()  # the parts of what Name shows now
    dialog = NameDetailsDialog(
        card.ctx, card.no or "", card.editors, card, set_parts=card.set_name_parts
    )
    dialog.open()
    return dialog


def open_company_details(card: ContactCard) -> CompanyDetailsDialog | None:
    """Company Details: the company this person works for, or for a company what its card
    shows now (saved or not)."""
    if card.editors["type"].value() != "person":
        shown = {name: editor.value() for name, editor in card.editors.items()}
        dialog = CompanyDetailsDialog.from_values(shown, card)
        dialog.open()
        return dialog
    company_no = str(card.editors["company_no"].value())
    if not company_no:
        return None
    try:
        dialog = CompanyDetailsDialog(card.ctx, company_no, card)
    except CrmError as err:
        messages.show_error(card, err)
        return None
    dialog.finished.connect(lambda _r: _company_details_closed(card, dialog))
    dialog.open()
    return dialog


def _company_details_closed(card: ContactCard, dialog: CompanyDetailsDialog) -> None:
    if dialog.open_requested:
        open_card(card, dialog.company_no)


def open_card(card: ContactCard, no: str) -> None:
    """Contact `no`'s card (the one already open is brought forward), kept alive with `card`."""
    parent, kind = card.parentWidget(), type(card)
    other = open_window(("contact", no), lambda: kind(card.ctx, no, parent))
    if isinstance(other, kind):
        card.person_cards.append(other)


def merge_with(card: ContactCard) -> None:
    """BC's Merge Duplicate from the card: this contact is Current (it survives), the other
    is typed in (scenario 36)."""
    if card.no is None:
        return
    from crm_desktop.ui.merge.dialog import MergeDialog

    card.merge_dialog = MergeDialog(card.ctx, card.no, None, card)
    card.merge_dialog.open()
