"""A contact's business relations, for the contact card to embed: the list, the summary, Create as
Customer/Vendor/Bank Account/Employee, Link with Existing, open the linked record, and plain
relations (such as Prospect) added and removed by hand.

Embed it with `ContactRelationsWidget(ctx, parent)` and call `set_contact(no)` when the card shows
a saved contact.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.errors import CrmError
from crm_desktop.domain.sync import KINDS, SUMMARY_CAPTION, Kind
from crm_desktop.services import contacts
from crm_desktop.services.app import AppContext
from crm_desktop.services.sync import from_contact
from crm_desktop.services.sync import listing as sync_listing
from crm_desktop.services.sync import relations as br
from crm_desktop.ui import messages
from crm_desktop.ui.common.code_field import CodeField
from crm_desktop.ui.common.codes import code_choices
from crm_desktop.ui.common.windows import open_window
from crm_desktop.ui.hub import hub
from crm_desktop.ui.sync.card import RecordCard, kind_caption

NO_TEMPLATE = ""


class TemplateDialog(QDialog):
    """Pick the template for Create as Customer (only the contact's type) or Create as Vendor."""

    def __init__(self, choice: from_contact.TemplateChoice, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        vendor = choice.kind == "vendor"
        self.setWindowTitle(
            self.tr("Choose a Vendor Template") if vendor else self.tr("Choose a Customer Template")
        )
        self.combo = QComboBox()
        self.combo.setObjectName("template_combo")
        self.combo.addItem(self.tr("(no template)"), NO_TEMPLATE)
        for template in choice.templates:
            self.combo.addItem(f"{template['code']} - {template['description']}", template["code"])
        index = self.combo.findData(choice.preselected) if choice.preselected else -1
        self.combo.setCurrentIndex(index if index >= 0 else 0)
        hint = QLabel(
            self.tr(
                "The template fills only the vendor fields the contact leaves blank "
                "(country, territory, currency, language, purchaser)."
            )
            if vendor
            else self.tr(
                "The template fills only the customer fields the contact leaves blank "
                "(country, territory, currency, language, salesperson, payment terms)."
            )
        )
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.combo)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def code(self) -> str:
        """The chosen template ('' for none)."""
        return str(self.combo.currentData() or "")


class LinkDialog(QDialog):
    """Link with Existing: which kind, which record, and whose fields win."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Link with Existing"))
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("link_kind")
        for kind in KINDS:
            self.kind_combo.addItem(kind_caption(kind), kind)
        self.record = CodeField(20)
        self.record.setObjectName("link_record")
        self.contact_master = QRadioButton(self.tr("Contact"))
        self.contact_master.setObjectName("master_contact")
        self.record_master = QRadioButton(self.tr("Linked record"))
        self.record_master.setObjectName("master_record")
        self.contact_master.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.contact_master)
        group.addButton(self.record_master)
        masters = QHBoxLayout()
        masters.addWidget(self.contact_master)
        masters.addWidget(self.record_master)
        masters.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("Link to:"), self.kind_combo)
        form.addRow(self.tr("No.:"), self.record)
        form.addRow(self.tr("Current master fields:"), masters)
        note = QLabel(
            self.tr(
                "The master's name, address and communication details overwrite the other side."
            )
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.kind_combo.currentIndexChanged.connect(self._fill_records)
        self._fill_records()
        self.setMinimumWidth(460)

    def kind(self) -> Kind:
        """The kind chosen."""
        kind: Kind = self.kind_combo.currentData()
        return kind

    def _fill_records(self) -> None:
        rows = sync_listing.list_records(self.ctx, self.kind())
        self.record.set_choices([(r["no"], r["display_name"]) for r in rows if not r["contact_no"]])


class ContactRelationsWidget(QWidget):
    """The Business Relations tab of a contact card."""

    relations_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.contact_no = ""
        self.setObjectName("contact_relations")
        self.summary = QLabel()
        self.summary.setObjectName("relation_summary")
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("relations_table")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Code"),
                self.tr("Description"),
                self.tr("Linked to"),
                self.tr("No."),
                self.tr("Name"),
            ]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(lambda _i: self.open_current())
        self.empty = QLabel(
            self.tr(
                "No business relations. Use Create as… to make this contact a customer, vendor, "
                "bank account or employee, or Link with Existing."
            )
        )
        self.empty.setObjectName("relations_empty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.buttons: dict[str, QPushButton] = {}
        row1 = QHBoxLayout()
        for kind in KINDS:
            button = QPushButton(self.tr("Create as {kind}").format(kind=kind_caption(kind)))
            button.setObjectName(f"create_as_{kind}")
            button.clicked.connect(lambda _c=False, k=kind: self.create_as(k))
            self.buttons[kind] = button
            row1.addWidget(button)
        row1.addStretch(1)
        row2 = QHBoxLayout()
        for key, text, slot in (
            ("link", self.tr("Link with Existing…"), self.link_existing),
            ("open", self.tr("Open Linked Record"), self.open_current),
            ("add", self.tr("Add Relation…"), self.add_relation),
            ("remove", self.tr("Remove Relation"), self.remove_current),
        ):
            button = QPushButton(text)
            button.setObjectName(f"relation_{key}")
            button.clicked.connect(slot)
            self.buttons[key] = button
            row2.addWidget(button)
        row2.addStretch(1)
        # Open and Remove act on the selected relation: enabled only while there is one.
        self.table.itemSelectionChanged.connect(self._enable_row_buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        layout.addLayout(row1)
        layout.addLayout(row2)
        hub().data_changed.connect(self._on_data_changed)
        self.refresh()

    def set_contact(self, contact_no: str) -> None:
        """Show this contact's relations ('' for a contact not saved yet)."""
        self.contact_no = contact_no
        self.refresh()

    def _enable_row_buttons(self) -> None:
        current = self._current() if self.table.selectedItems() else None
        self.buttons["remove"].setEnabled(current is not None)
        self.buttons["open"].setEnabled(
            current is not None and current[1] in KINDS and bool(current[2])
        )

    def _on_data_changed(self, kinds: set[str], _keys: object) -> None:
        if self.contact_no and kinds & {"contact", "business_relation", *KINDS}:
            self.refresh()

    def refresh(self) -> None:
        """Reload the list and the summary."""
        saved = bool(self.contact_no)
        for button in self.buttons.values():
            button.setEnabled(saved)
        if not saved:
            self.table.setRowCount(0)
            self.table.hide()
            self.empty.show()
            self.summary.setText(self.tr("Save the contact first to give it business relations."))
            return
        try:
            rows = br.list_relations(self.ctx, self.contact_no)
            value = br.summary(self.ctx, self.contact_no)
        except CrmError:
            rows, value = [], "none"
        caption = QCoreApplication.translate("sync", SUMMARY_CAPTION.get(value, value))
        self.summary.setText(self.tr("Contact business relation: {value}").format(value=caption))
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            link = kind_caption(row.link_to_table) if row.link_to_table in KINDS else ""  # type: ignore[arg-type]
            for c, text in enumerate((row.code, row.description, link, row.no, row.linked_name)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, (row.code, row.link_to_table, row.no))
                self.table.setItem(r, c, item)
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        if not rows:
            self.empty.setText(self._empty_text())
        self._enable_row_buttons()

    def _empty_text(self) -> str:
        try:
            contact = contacts.get_contact(self.ctx, self.contact_no)
        except CrmError:
            contact = None
        if contact is not None and contact.type == "person" and contact.company_no:
            return self.tr(
                "This person has no business relations of its own; those of its company "
                "{no} {name} count in the summary above."
            ).format(no=contact.company_no, name=contact.company_name)
        return self.tr(
            "No business relations. Use Create as… to make this contact a customer, vendor, "
            "bank account or employee, or Link with Existing."
        )

    def _current(self) -> tuple[str, str, str] | None:
        item = self.table.item(self.table.currentRow(), 0) if self.table.currentRow() >= 0 else None
        if item is None:
            return None
        code, link, no = item.data(Qt.ItemDataRole.UserRole)
        return str(code), str(link), str(no)

    def pick_template(self, choice: from_contact.TemplateChoice) -> str | None:
        """Ask for the template; None when the user cancels (then nothing is created)."""
        dialog = TemplateDialog(choice, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.code()

    def create_as(self, kind: Kind) -> from_contact.Created | None:
        """Create as Customer/Vendor/Bank Account/Employee from this contact."""
        if not self.contact_no:
            return None
        template: str | None = None
        try:
            if kind in ("customer", "vendor"):
                choice = (
                    from_contact.customer_templates_for(self.ctx, self.contact_no)
                    if kind == "customer"
                    else from_contact.vendor_templates_for(self.ctx, self.contact_no)
                )
                if len(choice.templates) == 1 and choice.preselected:
                    template = choice.preselected  # BC uses a single template silently
                elif choice.templates:
                    template = self.pick_template(choice)
                    if template is None:
                        return None
            created = from_contact.create_as(self.ctx, kind, self.contact_no, template or None)
        except CrmError as exc:
            messages.show_error(self, exc)
            return None
        hub().changed(kind, "contact", keys={created.contact_no, self.contact_no})
        messages.inform(
            self, kind_caption(kind), QCoreApplication.translate("sync", created.message)
        )
        self.relations_changed.emit()
        return created

    def link_dialog(self) -> LinkDialog:
        """The Link with Existing dialog (tests fill it and call `link_with`)."""
        return LinkDialog(self.ctx, self)

    def link_existing(self) -> None:
        """Link with Existing: pick a record and the master side."""
        if not self.contact_no:
            return
        dialog = self.link_dialog()
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.link_with(
                dialog.kind(),
                dialog.record.code(),
                "record" if dialog.record_master.isChecked() else "contact",
            )

    def link_with(self, kind: Kind, no: str, master: str) -> bool:
        """Link this contact with record `no`; refusals are shown."""
        try:
            saved = from_contact.link_with_existing(
                self.ctx, self.contact_no, kind, no, "record" if master == "record" else "contact"
            )
        except CrmError as exc:
            messages.show_error(self, exc)
            return False
        hub().changed(kind, "contact", keys={self.contact_no, *saved.persons_updated})
        self.relations_changed.emit()
        return True

    def open_current(self) -> RecordCard | None:
        """Open the card of the selected relation's linked record."""
        current = self._current()
        if current is None or current[1] not in KINDS or not current[2]:
            return None
        kind: Kind = current[1]  # type: ignore[assignment]
        no = current[2]
        card = open_window((kind, no), lambda: RecordCard(self.ctx, kind, no, self.window()))
        assert isinstance(card, RecordCard)
        return card

    def add_relation(self) -> None:
        """Add a plain business relation chosen from the codes."""
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Add Relation"))
        field = CodeField(10)
        field.set_choices(code_choices(self.ctx, "business_relation"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        layout = QFormLayout(dialog)
        layout.addRow(self.tr("Business Relation Code:"), field)
        layout.addRow(buttons)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.add_code(field.code())

    def add_code(self, code: str) -> bool:
        """Give the contact a plain relation; the setup codes are refused with BC's message."""
        try:
            br.add_relation(self.ctx, self.contact_no, code)
        except CrmError as exc:
            messages.show_error(self, exc)
            return False
        hub().changed("contact", "business_relation", keys={self.contact_no})
        self.relations_changed.emit()
        return True

    def remove_current(self) -> bool:
        """Remove the selected relation after asking (the linked record stays)."""
        current = self._current()
        if current is None:
            return False
        name = contacts.get_contact(self.ctx, self.contact_no).name
        question = self.tr("Remove business relation {code} from {no} {name}?").format(
            code=current[0], no=self.contact_no, name=name
        )
        if not messages.ask(self, self.tr("Remove Relation"), question):
            return False
        try:
            br.delete_relation(self.ctx, self.contact_no, current[0])
        except CrmError as exc:
            messages.show_error(self, exc)
            return False
        hub().changed("contact", "business_relation", keys={self.contact_no})
        self.relations_changed.emit()
        return True
