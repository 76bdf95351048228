"""A non-blocking notice for the contact card: "2 possible duplicates", Open list, Keep separate."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from crm_desktop.domain.errors import CrmError
from crm_desktop.services import duplicates
from crm_desktop.services.app import AppContext
from crm_desktop.ui import messages
from crm_desktop.ui.hub import hub


class DuplicateNotice(QFrame):
    """A bar the card shows after a save that found duplicates; hidden otherwise.

    The card calls `show_for(contact_no, duplicate_nos)` with what the save returned.
    Open list shows the Contact Duplicates page for this contact; Keep separate marks all the
    listed pairs as not duplicates. `dismissed` tells the card the bar closed.
    """

    dismissed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.contact_no = ""
        self.duplicate_nos: list[str] = []
        self.setObjectName("duplicate_notice")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#duplicate_notice { background: #fff4ce; border: 1px solid #e0c060; border-radius: 4px; }"
        )
        self.label = QLabel()
        self.label.setObjectName("duplicate_notice_text")
        self.open_button = QPushButton(self.tr("Open list"))
        self.open_button.setObjectName("duplicate_notice_open")
        self.merge_button = QPushButton(self.tr("Merge…"))
        self.merge_button.setObjectName("duplicate_notice_merge")
        self.separate_button = QPushButton(self.tr("Keep separate"))
        self.separate_button.setObjectName("duplicate_notice_keep_separate")
        self.close_button = QPushButton("✕")
        self.close_button.setObjectName("duplicate_notice_close")
        self.close_button.setToolTip(self.tr("Hide this notice"))
        self.close_button.setFlat(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.open_button)
        layout.addWidget(self.merge_button)
        layout.addWidget(self.separate_button)
        layout.addWidget(self.close_button)
        self.open_button.clicked.connect(self.open_list)
        self.separate_button.clicked.connect(self.keep_separate)
        self.merge_button.clicked.connect(self.merge)
        self.close_button.clicked.connect(self.dismiss)
        self.hide()

    def show_for(self, contact_no: str, duplicate_nos: list[str] | tuple[str, ...]) -> None:
        """Show the notice for a saved contact, or hide it when nothing was found."""
        self.contact_no = contact_no
        self.duplicate_nos = list(duplicate_nos)
        if not self.duplicate_nos:
            self.hide()
            return
        count = len(self.duplicate_nos)
        text = (
            self.tr("1 possible duplicate: %2")
            if count == 1
            else self.tr("%1 possible duplicates: %2")
        )
        why = _reasons_by_partner(self.ctx, contact_no)
        shown = "; ".join(
            f"{no} ({why[no]})" if why.get(no) else no for no in self.duplicate_nos[:3]
        ) + (" …" if count > 3 else "")
        self.label.setText(text.replace("%1", str(count)).replace("%2", shown))
        self.label.setWordWrap(True)
        self.show()

    def open_list(self) -> None:
        """The Contact Duplicates page for this contact, in its own window."""
        from crm_desktop.ui.duplicates.page import DuplicatesDialog

        dialog = DuplicatesDialog(self.ctx, self.contact_no, self.window())
        dialog.exec()
        self.show_for(self.contact_no, _open_partners(self.ctx, self.contact_no))

    def merge(self) -> None:
        """Merge the saved contact with its (first) duplicate: Current = the saved contact."""
        if not self.duplicate_nos:
            return
        from crm_desktop.ui.merge.dialog import MergeDialog

        self.merge_dialog = MergeDialog(
            self.ctx, self.contact_no, self.duplicate_nos[0], self.window()
        )
        self.merge_dialog.finished.connect(self._merge_finished)
        self.merge_dialog.open()

    def _merge_finished(self, _result: int) -> None:
        try:
            self.show_for(self.contact_no, _open_partners(self.ctx, self.contact_no))
        except CrmError:
            self.hide()

    def keep_separate(self) -> None:
        """Mark every listed pair as different companies; the notice closes."""
        try:
            for other in self.duplicate_nos:
                duplicates.keep_separate(self.ctx, self.contact_no, other)
        except CrmError as exc:
            messages.show_error(self, exc)
            return
        hub().changed("contact_duplicate", keys={self.contact_no, *self.duplicate_nos})
        self.dismiss()

    def dismiss(self) -> None:
        """Hide the notice."""
        self.hide()
        self.dismissed.emit()


def _reasons_by_partner(ctx: AppContext, contact_no: str) -> dict[str, str]:
    """Why each partner of the contact was paired with it, as the page says it."""
    from crm_desktop.ui.duplicates.model import reasons_shown

    try:
        pairs = duplicates.list_pairs(ctx, contact_no)
    except CrmError:
        return {}
    return {
        (p.duplicate_contact_no if p.contact_no == contact_no else p.contact_no): reasons_shown(p)
        for p in pairs
        if not p.separate
    }


def _open_partners(ctx: AppContext, contact_no: str) -> list[str]:
    return [
        p.duplicate_contact_no if p.contact_no == contact_no else p.contact_no
        for p in duplicates.list_pairs(ctx, contact_no)
        if not p.separate
    ]


def show_duplicates_notice(
    ctx: AppContext, contact_no: str, duplicate_nos: Sequence[str], card: QWidget
) -> DuplicateNotice:
    """Show the notice on a contact card after a save found duplicates (the card calls this).

    The card's own notice is reused; the first time it is put at the top of the card's layout,
    or, if the card has no box layout, shown as a small window over it. Never blocks."""
    notice = card.findChild(DuplicateNotice)
    if notice is None:
        notice = DuplicateNotice(ctx, card)
        layout = card.layout()
        if isinstance(layout, QBoxLayout):
            layout.insertWidget(0, notice)
        else:
            notice.setWindowFlag(Qt.WindowType.Tool)
    notice.show_for(contact_no, list(duplicate_nos))
    return notice
