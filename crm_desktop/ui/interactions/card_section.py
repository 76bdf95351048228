"""The contact card's Interactions section: statistics (a company's aggregate its persons),
Create Interaction, Postponed Interactions, a comment written in one step, and the timeline of
the contact's (a company's: and its persons') interactions and comments, newest first."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QCoreApplication, QModelIndex
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.errors import CrmError
from crm_desktop.services.app import AppContext
from crm_desktop.services.interactions import comments, listing
from crm_desktop.ui import messages
from crm_desktop.ui.hub import hub
from crm_desktop.ui.interactions.create_dialog import CreateInteractionDialog
from crm_desktop.ui.interactions.open_file import open_attachment
from crm_desktop.ui.interactions.postponed import PostponedDialog
from crm_desktop.ui.interactions.timeline_model import TimelineModel


class InteractionsSection(QWidget):
    """Interactions of one contact on its card (`set_contact` when the card loads one)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.contact_no = ""
        self.setObjectName("interactions_section")
        self._dialogs: list[QWidget] = []
        self.stat_labels: dict[str, QLabel] = {}
        stats = QGridLayout()
        captions = (
            ("no_of_interactions", self.tr("No. of Interactions")),
            ("cost_lcy", self.tr("Cost (LCY)")),
            ("duration_min", self.tr("Duration (Min.)")),
            ("date_of_last_interaction", self.tr("Date of Last Interaction")),
            ("last_date_attempted", self.tr("Last Date Attempted")),
        )
        for i, (name, caption) in enumerate(captions):
            value = QLabel("0")
            value.setObjectName(f"stat_{name}")
            stats.addWidget(QLabel(caption), i // 3, (i % 3) * 2)
            stats.addWidget(value, i // 3, (i % 3) * 2 + 1)
            self.stat_labels[name] = value
        self.create_button = QPushButton(self.tr("Create Interaction..."))
        self.create_button.setObjectName("create_interaction_button")
        self.postponed_button = QPushButton(self.tr("Postponed Interactions..."))
        self.postponed_button.setObjectName("postponed_button")
        actions = QHBoxLayout()
        actions.addWidget(self.create_button)
        actions.addWidget(self.postponed_button)
        actions.addStretch(1)

        self.comment_code = QLineEdit()
        self.comment_code.setObjectName("comment_code")
        self.comment_code.setMaxLength(10)
        self.comment_code.setPlaceholderText(self.tr("Code"))
        self.comment_code.setFixedWidth(90)
        self.comment_text = QLineEdit()
        self.comment_text.setObjectName("comment_text")
        self.comment_text.setMaxLength(80)
        self.comment_text.setPlaceholderText(self.tr("Write a comment and press Enter"))
        self.comment_button = QPushButton(self.tr("Add Comment"))
        self.comment_button.setObjectName("add_comment")
        comment_line = QHBoxLayout()
        comment_line.addWidget(self.comment_code)
        comment_line.addWidget(self.comment_text, 1)
        comment_line.addWidget(self.comment_button)

        self.model = TimelineModel(ctx, self)
        self.timeline = QTableView()
        self.timeline.setObjectName("timeline")
        self.timeline.setModel(self.model)
        self.timeline.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.timeline.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.timeline.verticalHeader().hide()
        self.timeline.horizontalHeader().setSectionResizeMode(
            TimelineModel.TEXT, QHeaderView.ResizeMode.Stretch
        )
        self.timeline.setMinimumHeight(180)
        self.timeline.setWordWrap(False)
        self.timeline.verticalHeader().setDefaultSectionSize(24)
        for column, width in ((0, 120), (1, 130), (2, 230), (4, 120)):
            self.timeline.horizontalHeader().resizeSection(column, width)
        self.empty = QLabel(
            self.tr(
                "No interactions yet. Use Create Interaction to log a call, a visit or a letter."
            )
        )
        self.empty.setObjectName("timeline_empty")
        self.empty.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addLayout(stats)
        layout.addLayout(actions)
        form = QFormLayout()
        form.addRow(self.tr("Comment"), comment_line)
        layout.addLayout(form)
        layout.addWidget(self.empty)
        layout.addWidget(self.timeline)

        self.create_button.clicked.connect(self.create_interaction)
        self.postponed_button.clicked.connect(self.show_postponed)
        self.comment_button.clicked.connect(self.add_comment)
        self.comment_text.returnPressed.connect(self.add_comment)
        self.timeline.doubleClicked.connect(self._open_row)
        self.model.counted.connect(self._show_empty)
        hub().data_changed.connect(self._changed)

    def set_contact(self, contact_no: str) -> None:
        """Show this contact's interactions ('' for a new, unsaved contact)."""
        self.contact_no = contact_no
        self.setEnabled(bool(contact_no))
        self.refresh()

    def refresh(self) -> None:
        """Read the statistics and the timeline again."""
        self.model.set_contact(self.contact_no)
        if not self.contact_no:
            return
        stats = listing.statistics(self.ctx, self.contact_no)
        self.stat_labels["no_of_interactions"].setText(str(stats.no_of_interactions))
        self.stat_labels["cost_lcy"].setText(f"{stats.cost_lcy:,.2f}")
        self.stat_labels["duration_min"].setText(str(stats.duration_min))
        for name in ("date_of_last_interaction", "last_date_attempted"):
            day = getattr(stats, name)
            self.stat_labels[name].setText(day.isoformat() if day else "")

    def _show_empty(self) -> None:
        empty = self.model.total == 0
        self.empty.setVisible(empty)
        self.timeline.setVisible(not empty)

    def _changed(self, kinds: set[str], _keys: object) -> None:
        if self.contact_no and kinds & {"interaction", "contact"}:
            self.refresh()

    def create_interaction(self) -> CreateInteractionDialog | None:
        """Open Create Interaction for this contact (non-modal)."""
        try:
            dialog = CreateInteractionDialog(self.ctx, self.contact_no, self)
        except CrmError as exc:
            messages.show_error(self, exc)
            return None
        self._keep(dialog)
        dialog.show()
        return dialog

    def show_postponed(self) -> PostponedDialog:
        """Open this contact's Postponed Interactions."""
        dialog = PostponedDialog(self.ctx, self.contact_no, self)
        self._keep(dialog)
        dialog.show()
        return dialog

    def _keep(self, dialog: QWidget) -> None:
        self._dialogs = [d for d in self._dialogs if shiboken6.isValid(d) and d.isVisible()]
        self._dialogs.append(dialog)

    def add_comment(self) -> bool:
        """Write the typed comment on the contact in one step."""
        try:
            comments.add_comment(
                self.ctx, self.contact_no, self.comment_text.text(), code=self.comment_code.text()
            )
        except CrmError as exc:
            messages.show_error(self, exc)
            return False
        self.comment_text.clear()
        self.comment_code.clear()
        hub().changed("interaction", keys={self.contact_no})
        hub().status_message.emit(
            QCoreApplication.translate("InteractionsSection", "Comment added.")
        )
        return True

    def _open_row(self, index: QModelIndex) -> None:
        item = self.model.item(index.row())
        if item is not None and item.attachment_no is not None:
            open_attachment(self.ctx, item.attachment_no, self)
