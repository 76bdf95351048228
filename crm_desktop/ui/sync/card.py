"""The card of a customer, vendor, bank account or employee: edit it, save it, open its contact.

After a save the status bar says what the sync did, including how many persons of the company
contact took the change (spec §11 item 2: a customer's new e-mail reaches persons who had the
company's old e-mail), and the card lists them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.errors import CrmError
from crm_desktop.domain.sync import KIND_CAPTION, Kind
from crm_desktop.services import contacts
from crm_desktop.services.app import AppContext
from crm_desktop.services.interactions.log import Account
from crm_desktop.services.sync import accounts
from crm_desktop.ui import messages
from crm_desktop.ui.common.form import ERROR_STYLE, FieldForm
from crm_desktop.ui.common.form_dialog import show_form_error
from crm_desktop.ui.common.screen import fit_to_screen, scrolling
from crm_desktop.ui.common.unsaved import UnsavedChanges
from crm_desktop.ui.common.windows import register
from crm_desktop.ui.common.write_wait import SaveCancelled, save_when_writable
from crm_desktop.ui.communications.bar import CommunicationsBar
from crm_desktop.ui.hub import hub
from crm_desktop.ui.sync.specs import LAYOUT, code_source, spec


def kind_caption(kind: Kind) -> str:
    """The kind's name in the user's language."""
    return QCoreApplication.translate("sync", KIND_CAPTION[kind])


def persons_text(ctx: AppContext, persons: tuple[str, ...]) -> str:
    """The line after a save that reached persons, naming them ('' when none)."""
    if not persons:
        return ""
    names = []
    for no in persons:
        try:
            names.append(f"{no} {contacts.get_contact(ctx, no).name}".strip())
        except CrmError:
            names.append(no)
    return QCoreApplication.translate(
        "sync", "The change also updated %n person(s) of the company: {names}", "", len(persons)
    ).format(names=", ".join(names))


def open_contact(ctx: AppContext, kind: Kind, no: str, parent: QWidget | None) -> str:
    """Open the record's contact card, creating the contact first when it has none (BC's Contact
    action asks nothing either); '' when refused (the reason is shown)."""
    try:
        contact_no = accounts.show_contact(ctx, kind, no)
    except CrmError as exc:
        messages.show_error(parent, exc)
        return ""
    hub().changed("contact", kind)
    hub().open_contact_requested.emit(contact_no)
    return contact_no


class RecordCard(QDialog):
    """Edit one customer, vendor, bank account or employee (a new one when `no` is '')."""

    def __init__(
        self, ctx: AppContext, kind: Kind, no: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        self.no = no
        self.saved: accounts.RecordSaved | None = None
        self.setObjectName(f"{kind}_card")
        left, right = LAYOUT[kind]
        source = lambda table: code_source(ctx, table)  # noqa: E731 - a short adapter
        self.forms = [
            FieldForm([spec(kind, n) for n in left], source),
            FieldForm([spec(kind, n) for n in right], source),
        ]
        columns = QHBoxLayout()
        for form in self.forms:
            form.edited.connect(self._edited)
            columns.addWidget(form, 1)
        self.contact_label = QLabel()
        self.contact_label.setObjectName("linked_contact")
        self.contact_button = QPushButton(self.tr("Contact"))
        self.contact_button.setObjectName("open_contact")
        self.contact_button.setToolTip(
            self.tr("Open the contact card of this record (made now when it has none).")
        )
        self.contact_button.clicked.connect(self.open_contact)
        top = QHBoxLayout()
        top.addWidget(self.contact_label, 1)
        top.addWidget(self.contact_button)
        self.summary = QLabel()
        self.summary.setObjectName("form_error")
        self.summary.setStyleSheet(ERROR_STYLE)
        self.summary.setWordWrap(True)
        self.summary.hide()
        self.sync_note = QLabel()
        self.sync_note.setObjectName("sync_note")
        self.sync_note.setWordWrap(True)
        self.sync_note.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.close)
        self._shown: dict[str, Any] = {}
        self.unsaved = UnsavedChanges(
            self,
            save=self.save,
            discard=self._discard,
            name=self._unsaved_name,
            is_dirty=self.is_dirty,
            save_buttons=[self.buttons.button(QDialogButtonBox.StandardButton.Save)],
        )
        # Calls, e-mails, meetings, letters with the record's contact (issue 19).
        self.communications = CommunicationsBar(ctx, self)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        # Inside the scrolled part: its buttons must not widen the window past a laptop screen.
        body_layout.addWidget(self.communications)
        body_layout.addLayout(columns)
        body_layout.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scrolling(body), 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.sync_note)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 1040, 540)
        self.load()
        if not self.no:
            self.forms[0].focus_first()

    def form_of(self, name: str) -> FieldForm:
        """The form column holding a field."""
        return next(f for f in self.forms if name in f.specs)

    def load(self) -> None:
        """Show the record (or a blank one with the kind's defaults)."""
        self.communications.set_account(Account(self.kind, self.no) if self.no else None)
        if self.no:
            row: dict[str, Any] = accounts.get_record(self.ctx, self.kind, self.no)
            self.setWindowTitle(
                self.tr("{kind} {no} - {name}").format(
                    kind=kind_caption(self.kind), no=self.no, name=row["display_name"]
                )
            )
        else:
            row = {"contact_type": "company"}
            self.setWindowTitle(self.tr("New {kind}").format(kind=kind_caption(self.kind)))
        for form in self.forms:
            form.set_values({k: v for k, v in row.items() if k in form.specs})
        self.form_of("no").editors["no"].setEnabled(not self.no)
        contact_no = row.get("contact_no", "")
        if contact_no:
            self.contact_label.setText(self.tr("Contact: {no}").format(no=contact_no))
        elif self.no:
            self.contact_label.setText(self.tr("No contact linked yet."))
        else:
            self.contact_label.setText(
                self.tr("A contact is made on save when sync is on in Marketing Setup.")
            )
        self.contact_button.setEnabled(bool(self.no))
        self._original = {k: row.get(k, "") for f in self.forms for k in f.specs}
        self._shown = self._values()
        self.unsaved.refresh()

    def _values(self) -> dict[str, Any]:
        return {k: v for form in self.forms for k, v in form.values().items()}

    def is_dirty(self) -> bool:
        """True while a field shows something else than what was loaded."""
        return self._values() != self._shown

    def _unsaved_name(self) -> str:
        if self.no:
            return self.windowTitle()
        return self.tr("the new {kind}").format(kind=kind_caption(self.kind).lower())

    def _discard(self) -> None:
        self.load()

    def _edited(self, _name: str) -> None:
        self.summary.hide()
        self.unsaved.refresh()

    def changes(self) -> dict[str, Any]:
        """The fields the user changed (all filled ones for a new record)."""
        values = {k: v for form in self.forms for k, v in form.values().items()}
        if not self.no:
            return {k: v for k, v in values.items() if v not in ("", None)} | {
                k: values[k] for k in ("contact_type",) if k in values
            }
        return {k: v for k, v in values.items() if v != (self._original.get(k) or "")}

    def save(self) -> bool:
        """Save; a refused value is shown under its field and nothing is saved."""
        for form in self.forms:
            form.clear_errors()
        try:
            changes, no = self.changes(), self.no
            if no:
                result = save_when_writable(
                    self.ctx,
                    self,
                    lambda: accounts.update_record(self.ctx, self.kind, no, changes),
                )
            else:
                result = save_when_writable(
                    self.ctx, self, lambda: accounts.create_record(self.ctx, self.kind, changes)
                )
        except SaveCancelled as exc:
            self.summary.setText(messages.error_text(exc))
            self.summary.show()
            return False
        except CrmError as exc:
            form = (
                self.form_of(exc.field)
                if exc.field and any(exc.field in f.specs for f in self.forms)
                else self.forms[0]
            )
            show_form_error(form, self.summary, exc)
            self.sync_note.hide()
            return False
        self.saved = result
        self.no = str(result.record["no"])
        register((self.kind, self.no), self)
        hub().changed(self.kind, "contact", keys={self.no, *result.persons_updated})
        note = persons_text(self.ctx, result.persons_updated)
        status = self.tr("{kind} {no} saved.").format(kind=kind_caption(self.kind), no=self.no)
        hub().status_message.emit(f"{status} {note}".strip())
        self.load()
        if note:
            self.sync_note.setText(note)
            self.sync_note.show()
        else:
            self.sync_note.hide()
        return True

    def open_contact(self) -> None:
        """Open (or make) this record's contact."""
        if self.no and open_contact(self.ctx, self.kind, self.no, self):
            self.load()

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        """Enter in a field does not close the card."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return
        super().keyPressEvent(event)
