"""A person's name on the contact card: Name split into its parts as soon as it is left (BC
validates Name at once), Name rebuilt from the parts Name Details changed, and the choice
among several companies a typed Company Name may mean."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog, QWidget

from crm_desktop.domain.contacts import join_name, split_name_checked
from crm_desktop.domain.errors import CrmError
from crm_desktop.services.contacts import ContactRow
from crm_desktop.ui import messages
from crm_desktop.ui.contacts.card_fields import FieldEditor

PARTS = ("first_name", "middle_name", "surname")


def _put(
    editors: Mapping[str, FieldEditor], field: str, value: str, edited: Callable[[str], None]
) -> None:
    if editors[field].value() != value:
        editors[field].set_value(value)
        edited(field)


def split_name(editors: Mapping[str, FieldEditor], edited: Callable[[str], None]) -> bool:
    """A person's Name split into First Name, Middle Name and Surname now; a part longer than
    its field is refused on Name. True when the parts show what Name says."""
    if editors["type"].value() != "person":
        return True
    try:
        parts = split_name_checked(str(editors["name"].value()))
    except CrmError as err:
        editors["name"].set_error(messages.error_text(err))
        return False
    for field, part in zip(PARTS, parts, strict=True):
        _put(editors, field, part, edited)
    return True


def set_name_parts(
    editors: Mapping[str, FieldEditor], parts: Mapping[str, str], edited: Callable[[str], None]
) -> None:
    """Show the parts Name Details changed, and Name rebuilt from them."""
    for field, value in parts.items():
        _put(editors, field, value, edited)
    _put(editors, "name", join_name(*(str(editors[f].value()) for f in PARTS)), edited)


def pick_company(parent: QWidget, candidates: list[ContactRow]) -> ContactRow | None:
    """Let the user choose among several companies a typed name may mean (None: cancelled)."""
    labels = [
        f"{c.no} – {c.name} ({c.city})" if c.city else f"{c.no} – {c.name}" for c in candidates
    ]
    label, ok = QInputDialog.getItem(
        parent,
        QCoreApplication.translate("ContactCard", "Choose the company"),
        QCoreApplication.translate("ContactCard", "Several companies match:"),
        labels,
        0,
        False,
    )
    return candidates[labels.index(label)] if ok else None
