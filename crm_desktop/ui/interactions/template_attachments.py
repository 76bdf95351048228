"""Attach, open and remove the file of an interaction template's language row, from the
Master Data page's Interaction Template Languages panel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QWidget

from crm_desktop.domain.errors import CrmError
from crm_desktop.services.app import AppContext
from crm_desktop.services.interactions import templates
from crm_desktop.services.interactions.attachments import NewAttachment
from crm_desktop.ui import messages
from crm_desktop.ui.interactions.open_file import open_attachment


class TemplateAttachmentBar(QWidget):
    """Attach File / Open / Remove for the selected language row of `panel` (a master-data
    panel with `selected_row()` and `current_changed`)."""

    def __init__(self, ctx: AppContext, panel: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.panel = panel
        self.setObjectName("template_attachment_bar")
        self.label = QLabel()
        self.label.setObjectName("template_attachment_label")
        self.attach_button = QPushButton(
            QCoreApplication.translate("TemplateAttachments", "Attach File...")
        )
        self.attach_button.setObjectName("template_attach")
        self.open_button = QPushButton(
            QCoreApplication.translate("TemplateAttachments", "Open Attachment")
        )
        self.open_button.setObjectName("template_open")
        self.remove_button = QPushButton(
            QCoreApplication.translate("TemplateAttachments", "Remove Attachment")
        )
        self.remove_button.setObjectName("template_remove")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        for button in (self.attach_button, self.open_button, self.remove_button):
            layout.addWidget(button)
        self.attach_button.clicked.connect(lambda: self.attach())
        self.open_button.clicked.connect(self.open)
        self.remove_button.clicked.connect(self.remove)
        panel.current_changed.connect(lambda _row: self.show_selected())  # type: ignore[attr-defined]
        self.show_selected()

    def _key(self) -> tuple[str, str] | None:
        row = self.panel.selected_row()  # type: ignore[attr-defined]
        if not row:
            return None
        return str(row["interaction_template_code"]), str(row.get("language_code") or "")

    def show_selected(self) -> None:
        """Show the selected row's attachment and enable what can be done."""
        key = self._key()
        found = templates.language_attachment(self.ctx, *key) if key else None
        self.label.setText(
            QCoreApplication.translate("TemplateAttachments", "Attachment: {name}").format(
                name=found[0]
            )
            if found
            else QCoreApplication.translate("TemplateAttachments", "No attachment")
        )
        self.attach_button.setEnabled(key is not None)
        self.open_button.setEnabled(found is not None)
        self.remove_button.setEnabled(found is not None)

    def attach(self, path: Path | None = None) -> bool:
        """Attach a file to the selected language row."""
        key = self._key()
        if key is None:
            return False
        if path is None:
            name, _ = QFileDialog.getOpenFileName(
                self, QCoreApplication.translate("TemplateAttachments", "Attach File")
            )
            if not name:
                return False
            path = Path(name)
        try:
            templates.set_language_attachment(
                self.ctx, *key, NewAttachment(path.name, path.read_bytes())
            )
        except CrmError as exc:
            messages.show_error(self, exc)
            return False
        except OSError as exc:
            messages.show_error(self, str(exc))
            return False
        self.show_selected()
        return True

    def open(self) -> None:
        """Open the selected row's attachment."""
        key = self._key()
        found = templates.language_attachment(self.ctx, *key) if key else None
        if found:
            open_attachment(self.ctx, found[1], self)

    def remove(self) -> None:
        """Take the attachment off the selected row (entries that copied it keep theirs)."""
        key = self._key()
        if key is not None:
            templates.set_language_attachment(self.ctx, *key, None)
            self.show_selected()


class StatisticsLine(QLabel):
    """No. of Interactions, Cost (LCY) and Duration (Min.) of the template or group selected in
    a master-data panel (BC's FlowFields on tables 5062/5064; cancelled and postponed entries
    do not count)."""

    def __init__(self, ctx: AppContext, panel: QWidget, kind: str) -> None:
        super().__init__()
        self.ctx = ctx
        self.panel = panel
        self.kind = kind  # "interaction_template" or "interaction_group"
        self.setObjectName(f"statistics_{kind}")
        panel.current_changed.connect(lambda _row: self.show_selected())  # type: ignore[attr-defined]
        self.show_selected()

    def show_selected(self) -> None:
        """Show the selected row's statistics."""
        from crm_desktop.services.interactions import listing

        row = self.panel.selected_row()  # type: ignore[attr-defined]
        if not row:
            self.setText("")
            return
        code = str(row["code"])
        stats = (
            listing.template_statistics(self.ctx, code)
            if self.kind == "interaction_template"
            else listing.group_statistics(self.ctx, code)
        )
        self.setText(
            QCoreApplication.translate(
                "TemplateAttachments",
                "{code}: No. of Interactions {n} · Cost (LCY) {cost:,.2f} · Duration (Min.) {minutes}",
            ).format(
                code=code,
                n=stats.no_of_interactions,
                cost=stats.cost_lcy,
                minutes=stats.duration_min,
            )
        )
