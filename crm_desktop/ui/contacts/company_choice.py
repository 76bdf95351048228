"""Choosing among the companies a typed Company Name may mean (the contact card's question)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog, QWidget

from crm_desktop.services.contacts import ContactRow


def choose_company(parent: QWidget, candidates: list[ContactRow]) -> ContactRow | None:
    """Ask which of several companies is meant; None when the user cancels."""
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
    if not ok:
        return None
    return candidates[labels.index(label)]
