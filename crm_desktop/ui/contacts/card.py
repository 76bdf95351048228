"""The contact card: one company or person, in sections like BC's Contact Card.

A person's fields that currently follow its company carry a "from company" marker; a company's
card lists its persons (fetched as they are shown) with New Person, which pre-fills the company.
Errors appear beside the field they concern and nothing is saved. After a company save the status
bar says how many persons were updated. The card reloads when what it shows changes elsewhere.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.contacts import FIELDS_BY_NAME
from crm_desktop.domain.errors import CrmError
from crm_desktop.services import contacts
from crm_desktop.services.app import AppContext
from crm_desktop.services.contacts import ContactRow, ContactSaved
from crm_desktop.services.contacts.listing import ContactFilter, ContactSort
from crm_desktop.services.interactions.log import Account
from crm_desktop.ui import messages
from crm_desktop.ui.communications.bar import CommunicationsBar
from crm_desktop.ui.communications.mail_drop import MailDropFilter
from crm_desktop.ui.contacts.card_fields import (
    COMMUNICATION,
    GENERAL,
    NAME_DETAILS,
    PERSON_ONLY,
    SEGMENTATION,
    FieldEditor,
    caption,
)
from crm_desktop.ui.contacts.company_choice import choose_company
from crm_desktop.ui.contacts.details import CompanyDetailsDialog, NameDetailsDialog
from crm_desktop.ui.contacts.list_model import ContactListModel
from crm_desktop.ui.contacts.picture import title_with_picture
from crm_desktop.ui.duplicates.notice import DuplicateNotice
from crm_desktop.ui.hub import hub
from crm_desktop.ui.interactions.card_section import InteractionsSection
from crm_desktop.ui.opportunities.contact_box import ContactOpportunitiesBox
from crm_desktop.ui.sync.contact_relations import ContactRelationsWidget

_READ_ONLY_ALWAYS = ("company_no",)


class ContactCard(QDialog):
    """The card of contact `no` (None for a new one of type `kind`, for `company_no`'s persons
    when given, as BC's card opened with a Company No. filter)."""

    saved = Signal(object)  # ContactSaved

    def __init__(
        self,
        ctx: AppContext,
        no: str | None,
        parent: QWidget | None = None,
        *,
        kind: str = "company",
        company_no: str = "",
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.no = no
        self.kind = kind
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("contact_card")
        self.setModal(False)
        self.editors: dict[str, FieldEditor] = {}
        self._loaded: dict[str, Any] = {}
        self._dirty = False
        self.following: frozenset[str] = frozenset()
        self.last_saved: ContactSaved | None = None
        # Cards opened from this one (new person, a person, the company), kept alive while open.
        self.person_cards: list[ContactCard] = []

        # The title, and beside it the contact's picture (issue 22: BC's Contact Image).
        self.title, self.picture, header_row = title_with_picture(ctx, self)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addWidget(self._section(self.tr("General"), GENERAL))
        body_layout.addWidget(self._section(self.tr("Communication"), COMMUNICATION))
        body_layout.addWidget(self._section(self.tr("Segmentation"), SEGMENTATION))
        relations_box = QGroupBox(self.tr("Business Relations"))
        self.relations = ContactRelationsWidget(ctx, relations_box)
        QVBoxLayout(relations_box).addWidget(self.relations)
        body_layout.addWidget(relations_box)
        self.opportunities = ContactOpportunitiesBox(ctx, body)
        body_layout.addWidget(self.opportunities)
        for name in NAME_DETAILS:
            self._editor(name)  # edited through Name Details, kept with the card's values
        self.persons_box = self._persons_section()
        body_layout.addWidget(self.persons_box)
        interactions_box = QGroupBox(self.tr("Interactions"))
        self.interactions = InteractionsSection(ctx, interactions_box)
        QVBoxLayout(interactions_box).addWidget(self.interactions)
        self.communications = CommunicationsBar(ctx, self)  # calls, e-mails ... under the title
        self.mail_drop = MailDropFilter(ctx, self)  # .eml/.msg dropped on the card are logged
        body_layout.addWidget(interactions_box)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)

        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("card_save")
        self.save_button.setDefault(True)
        self.close_button = QPushButton(self.tr("Close"))
        self.merge_button = QPushButton(self.tr("Merge With…"))
        self.merge_button.setObjectName("card_merge")
        self.merge_button.setToolTip(self.tr("Merge another contact into this one"))
        self.merge_button.setEnabled(no is not None)
        self.merge_button.clicked.connect(self.merge_with)
        self.status = QLabel()
        self.status.setObjectName("card_status")
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.merge_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(header_row)
        layout.addWidget(self.communications)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self._layout = layout
        self.duplicate_notice: DuplicateNotice | None = None
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.close)
        company_name = self.editors["company_name"].widget
        assert isinstance(company_name, QLineEdit)
        company_name.editingFinished.connect(self.resolve_company_name)
        self.editors["type"].edited.connect(lambda _n: self._apply_type())
        hub().data_changed.connect(self._on_data_changed)
        self.resize(980, 820)

        if no is not None:
            self.load()
        else:
            self._new(kind, company_no)

    @classmethod
    def new(
        cls, ctx: AppContext, kind: str, parent: QWidget | None = None, company_no: str = ""
    ) -> ContactCard:
        """A card for a new contact; with `company_no` a person of that company (scenario 14)."""
        return cls(ctx, None, parent, kind="person" if company_no else kind, company_no=company_no)

    # --- building ------------------------------------------------------------------------

    def _editor(self, name: str) -> FieldEditor:
        editor = FieldEditor(self.ctx, FIELDS_BY_NAME[name], self)
        editor.edited.connect(self._on_edited)
        self.editors[name] = editor
        return editor

    def _section(self, title: str, names: tuple[str, ...]) -> QGroupBox:
        box = QGroupBox(title)
        columns = QHBoxLayout(box)
        half = (len(names) + 1) // 2
        for part in (names[:half], names[half:]):
            form = QFormLayout()
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            for name in part:
                editor = self._editor(name)
                line = QHBoxLayout()
                line.addWidget(editor.widget, 1)
                if name == "name":
                    self.name_details_button = self._assist(self.tr("Name Details"))
                    self.name_details_button.clicked.connect(self.open_name_details)
                    line.addWidget(self.name_details_button)
                elif name == "company_name":
                    self.company_details_button = self._assist(self.tr("Company Details"))
                    self.company_details_button.clicked.connect(self.open_company_details)
                    line.addWidget(self.company_details_button)
                form.addRow(caption(name), line)
                editor.attach(form, line)
            columns.addLayout(form, 1)
        return box

    def _assist(self, tooltip: str) -> QPushButton:
        button = QPushButton("…")
        button.setToolTip(tooltip)
        button.setFixedWidth(28)
        return button

    def _persons_section(self) -> QGroupBox:
        box = QGroupBox(self.tr("Persons"))
        self.persons_model = ContactListModel(self.ctx, self)
        self.persons_view = QTableView()
        self.persons_view.setObjectName("card_persons")
        self.persons_view.setModel(self.persons_model)
        self.persons_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.persons_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.persons_view.verticalHeader().setVisible(False)
        self.persons_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Interactive
        )
        self.persons_view.horizontalHeader().setStretchLastSection(True)
        for column in (2, 3, 7):  # company, type, salesperson: the same for every row here
            self.persons_view.setColumnHidden(column, True)
        self.persons_view.setWordWrap(False)
        self.persons_view.verticalHeader().setDefaultSectionSize(24)
        for column, width in ((0, 90), (1, 220), (4, 120), (5, 130)):
            self.persons_view.horizontalHeader().resizeSection(column, width)
        self.persons_view.setMinimumHeight(200)
        self.persons_view.doubleClicked.connect(self._open_person)
        self.new_person_button = QPushButton(self.tr("New Person"))
        self.new_person_button.setObjectName("card_new_person")
        self.new_person_button.clicked.connect(self.new_person)
        self.persons_count = QLabel()
        self.persons_count.setObjectName("card_persons_count")
        self.persons_model.counted.connect(self._persons_loaded)
        top = QHBoxLayout()
        top.addWidget(self.new_person_button)
        top.addStretch(1)
        top.addWidget(self.persons_count)
        layout = QVBoxLayout(box)
        layout.addLayout(top)
        layout.addWidget(self.persons_view)
        return box

    # --- loading -------------------------------------------------------------------------

    def _new(self, kind: str, company_no: str) -> None:
        self.setWindowTitle(self.tr("New Contact"))
        self.interactions.set_contact("")
        self.communications.set_account(None)
        values: dict[str, Any] = {name: "" for name in self.editors}
        values["type"] = kind
        values["privacy_blocked"] = False
        if company_no:
            company = contacts.get_contact(self.ctx, company_no)
            values["company_no"] = company.no
            values["company_name"] = company.name
        self._show(values)
        self.title.setText(
            self.tr("New person") if values["type"] == "person" else self.tr("New company")
        )
        # What a new person will follow is known once the service has applied inheritance.
        self.following = frozenset()
        self._show_markers()

    def load(self) -> None:
        """Show the saved contact again (discarding unsaved edits)."""
        assert self.no is not None
        row = contacts.get_contact(self.ctx, self.no)
        self.kind = row.type
        self._show(_values(row))
        self.title.setText(f"{row.no} · {row.name}")
        self.setWindowTitle(self.tr("Contact Card – %1").replace("%1", row.no))
        self.following = contacts.inherited_fields(self.ctx, row.no)
        self._show_markers()
        self.relations.set_contact(row.no)
        self.picture.set_contact(row.no)
        self.opportunities.set_contact(row.no)
        self.interactions.set_contact(row.no)
        self.communications.set_account(Account("contact", row.no))
        if row.type == "company":
            self.persons_model.set_query(ContactFilter(company_no=row.no), ContactSort("name"))

    def _show(self, values: dict[str, Any]) -> None:
        self._loaded = dict(values)
        for name, editor in self.editors.items():
            editor.set_value(values.get(name, ""))
            editor.set_error("")
        self._dirty = False
        self.status.setText("")
        self._apply_type()

    def _apply_type(self) -> None:
        kind = self.editors["type"].value() or self.kind
        person = kind == "person"
        saved = self.no is not None
        self.editors["no"].set_read_only(saved)
        for name in _READ_ONLY_ALWAYS:
            self.editors[name].set_read_only(True)
        for name in PERSON_ONLY:
            self.editors[name].set_row_visible(person)
        self.name_details_button.setEnabled(person)
        self.company_details_button.setEnabled(bool(self.editors["company_no"].value()))
        self.persons_box.setVisible(
            saved and kind == "company" and self._loaded.get("type") == "company"
        )
        self.editors["company_name"].set_read_only(not person)

    def _show_markers(self) -> None:
        for name, editor in self.editors.items():
            editor.set_marker(name in self.following)

    def _persons_loaded(self) -> None:
        self.persons_count.setText(self.tr("%n person(s)", "", self.persons_model.total))

    # --- editing -------------------------------------------------------------------------

    def _on_edited(self, name: str) -> None:
        self._dirty = self.changes() != {} or self.no is None
        editor = self.editors[name]
        editor.set_error("")
        if name in self.following and editor.value() != self._loaded.get(name):
            editor.set_marker(False)

    def changes(self) -> dict[str, Any]:
        """The fields whose shown value differs from the saved one."""
        out: dict[str, Any] = {}
        for name, editor in self.editors.items():
            value = editor.value()
            if value != self._loaded.get(name, ""):
                out[name] = value
        return out

    @property
    def dirty(self) -> bool:
        """True when the card shows unsaved changes."""
        return self._dirty

    def resolve_company_name(self) -> None:
        """A Company Name typed on a person: one match sets the company, several let the user
        pick, none says so beside the field."""
        editor = self.editors["company_name"]
        text = str(editor.value()).strip()
        if self.editors["type"].value() != "person" or text == self._loaded.get("company_name"):
            return
        if not text:
            self.editors["company_no"].set_value("")
            return
        found = contacts.resolve_company(self.ctx, text)
        if not found:
            editor.set_error(self.tr("No company matches %1.").replace("%1", text))
            return
        chosen = found[0] if len(found) == 1 else self.pick_company(found)
        if chosen is None:
            return
        self.editors["company_no"].set_value(chosen.no)
        editor.set_value(chosen.name)
        self.company_details_button.setEnabled(True)
        self._on_edited("company_no")

    def pick_company(self, candidates: list[ContactRow]) -> ContactRow | None:
        """Let the user choose among several companies a typed name may mean."""
        return choose_company(self, candidates)

    # --- saving --------------------------------------------------------------------------

    def save(self) -> bool:
        """Save the card: True when saved; on an error it is shown beside its field."""
        for editor in self.editors.values():
            editor.set_error("")
        try:
            if self.no is None:
                shown = {name: editor.value() for name, editor in self.editors.items()}
                values = {k: v for k, v in shown.items() if v not in ("", None, False)}
                values["type"] = self.editors["type"].value()
                result = contacts.create_contact(self.ctx, values)
            else:
                changes = self.changes()
                if not changes:
                    return True
                result = contacts.update_contact(self.ctx, self.no, changes)
        except CrmError as err:
            self._show_error(err)
            return False
        self.no = result.contact.no
        self.last_saved = result
        self.load()
        self.saved.emit(result)
        self._announce(result)
        return True

    def _show_error(self, err: CrmError) -> None:
        text = messages.error_text(err)
        editor = self.editors.get(err.field or "")
        if editor is not None and editor.widget.isVisibleTo(self):
            editor.set_error(text)
            editor.widget.setFocus()
        elif err.field in ("first_name", "middle_name", "surname", "initials"):
            self.editors["name"].set_error(text)
        else:
            messages.show_error(self, err)
        self.status.setText(self.tr("Not saved: correct the field marked in red."))

    def _announce(self, result: ContactSaved) -> None:
        keys = {result.contact.no, *result.persons_updated}
        hub().changed("contact", keys=keys)
        if result.contact.type == "company":
            hub().status_message.emit(
                self.tr(
                    "Company %1 saved; %n person(s) updated.", "", len(result.persons_updated)
                ).replace("%1", result.contact.no)
            )
        else:
            hub().status_message.emit(self.tr("Contact %1 saved.").replace("%1", result.contact.no))
        if result.duplicates:
            self._show_duplicates(result)

    def _show_duplicates(self, result: ContactSaved) -> None:
        # The bar is made on the first save that finds duplicates, under the title.
        if self.duplicate_notice is None:
            self.duplicate_notice = DuplicateNotice(self.ctx, self)
            self._layout.insertWidget(1, self.duplicate_notice)
        self.duplicate_notice.show_for(result.contact.no, result.duplicates)

    # --- navigation ----------------------------------------------------------------------

    def new_person(self) -> ContactCard | None:
        """A new person card for this company, pre-filled with it (scenario 14)."""
        if self.no is None:
            return None
        card = ContactCard.new(self.ctx, "person", self.parentWidget(), company_no=self.no)
        card.show()
        self.person_cards.append(card)
        return card

    def _open_person(self, index: Any) -> None:
        row = self.persons_model.row_at(index.row())
        if row is not None:
            card = ContactCard(self.ctx, row.no, self.parentWidget())
            card.show()
            self.person_cards.append(card)

    def open_name_details(self) -> NameDetailsDialog:
        """Name Details: the person's name parts; OK puts them on the card."""
        dialog = NameDetailsDialog(self.ctx, self.no or "", self.editors, self)
        dialog.open()
        return dialog

    def open_company_details(self) -> CompanyDetailsDialog | None:
        """Company Details: the company this person works for."""
        company_no = str(self.editors["company_no"].value())
        if not company_no:
            return None
        try:
            dialog = CompanyDetailsDialog(self.ctx, company_no, self)
        except CrmError as err:
            messages.show_error(self, err)
            return None
        dialog.finished.connect(lambda _r: self._company_details_closed(dialog))
        dialog.open()
        return dialog

    def _company_details_closed(self, dialog: CompanyDetailsDialog) -> None:
        if dialog.open_requested:
            card = ContactCard(self.ctx, dialog.company_no, self.parentWidget())
            card.show()
            self.person_cards.append(card)

    def merge_with(self) -> None:
        """BC's Merge Duplicate: this contact is Current (survives), the other typed in (bc036)."""
        if self.no is None:
            return
        from crm_desktop.ui.merge.dialog import MergeDialog

        self.merge_dialog = MergeDialog(self.ctx, self.no, None, self)
        self.merge_dialog.open()

    # --- refresh -------------------------------------------------------------------------

    def _on_data_changed(self, kinds: set[str], keys: set[str] | None) -> None:
        if self.no is None:
            return
        mine = (
            keys is None or self.no in keys or (self._loaded.get("company_no") in (keys or set()))
        )
        if "contact" in kinds and mine or "marketing_setup" in kinds:
            if self._dirty:
                return  # keep the user's edits; saving reloads
            try:
                self.load()
            except CrmError:
                self.close()  # deleted elsewhere
        elif "contact" in kinds and self.kind == "company":
            self.persons_model.refresh()

    def closeEvent(self, event: Any) -> None:
        """Let running queries finish before the card goes."""
        try:
            hub().data_changed.disconnect(self._on_data_changed)
        except (RuntimeError, TypeError):
            pass
        self.persons_model.pool.waitForDone()
        super().closeEvent(event)


def _values(row: ContactRow) -> dict[str, Any]:
    return {name: getattr(row, name) for name in FIELDS_BY_NAME if hasattr(row, name)}
