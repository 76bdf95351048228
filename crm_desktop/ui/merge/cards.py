"""Open contact cards of a contact that a merge takes away.

Before the merge, a card of the contact that goes with unsaved edits asks Save / Discard /
Cancel (the one unsaved-changes mechanism, or the card's own Save); after the merge such a card
closes, with a note saying where its contact went.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QWidget

from crm_desktop.services.merge import MergeDone
from crm_desktop.ui import messages
from crm_desktop.ui.common.unsaved import tracker_of
from crm_desktop.ui.hub import hub


def open_cards_of(no: str) -> list[QWidget]:
    """The open contact cards showing contact `no`."""
    return [
        w
        for w in QApplication.topLevelWidgets()
        if w.objectName() == "contact_card" and getattr(w, "no", None) == no and w.isVisible()
    ]


def _dirty(card: QWidget) -> bool:
    tracker = tracker_of(card)
    if tracker is not None:
        return tracker.dirty
    dirty = getattr(card, "dirty", None)
    return bool(dirty()) if callable(dirty) else False


def settle_cards_of(no: str) -> bool:
    """Ask about unsaved edits on the cards of contact `no` before it goes; False on Cancel."""
    for card in open_cards_of(no):
        if not _dirty(card):
            continue
        tracker = tracker_of(card)
        if tracker is not None:
            if not tracker.confirm():
                return False
            continue
        answer = messages.ask_save(
            card,
            QCoreApplication.translate("MergeCards", "Unsaved changes"),
            QCoreApplication.translate(
                "MergeCards", "Contact {no} is about to be merged. Save its changes first?"
            ).format(no=no),
        )
        if answer == messages.CANCEL:
            return False
        if answer == messages.SAVE and not card.save():  # type: ignore[attr-defined]
            return False
    return True


def close_cards_of(done: MergeDone) -> None:
    """Close the cards of the contact that went, with a note where it went."""
    for card in open_cards_of(done.gone_no):
        tracker = tracker_of(card)
        if tracker is not None:
            tracker.mark_clean()
        if hasattr(card, "_dirty"):
            card._dirty = False  # noqa: SLF001 - the merge settled the card's edits above
        card.close()
        note = QCoreApplication.translate(
            "MergeCards",
            "The card of {gone} closed: {gone} was merged into {survivor} (merge {no}).",
        ).format(gone=done.gone_no, survivor=done.survivor_no, no=done.merge_no)
        hub().status_message.emit(note)
        messages.inform(None, QCoreApplication.translate("MergeCards", "Contact merged"), note)
