"""The contact card: one company or person, in sections like BC's Contact Card.

A person's fields that currently follow its company carry a "from company" marker; a company's
card lists its persons (fetched as they are shown) with New Person, which pre-fills the company.
Errors appear beside the field they concern and nothing is saved. After a company save the status
bar says how many persons were updated. The card reloads when what it shows changes elsewhere.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
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
from crm_desktop.ui.common.screen import fit_to_screen
from crm_desktop.ui.common.unsaved import UnsavedChanges
from crm_desktop.ui.common.windows import register
from crm_desktop.ui.common.write_wait import SaveCancelled, save_when_writable
from crm_desktop.ui.communications.bar import CommunicationsBar
from crm_desktop.ui.communications.mail_drop import MailDropFilter
from crm_desktop.ui.contacts import card_assists, card_names
from crm_desktop.ui.contacts.card_fields import (
    COMMUNICATION,
    GENERAL,
    NAME_DETAILS,
    PERSON_ONLY,
    SEGMENTATION,
    FieldEditor,
    saved_text,
)
from crm_desktop.ui.contacts.card_preview import CardPreview
from crm_desktop.ui.contacts.card_sections import CardSection, PersonsBox
from crm_desktop.ui.contacts.details import CompanyDetailsDialog, NameDetailsDialog
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
        self.following: frozenset[str] = frozenset()
        # A new card shows what its save will inherit and default (card_preview).
        self._preview = CardPreview(ctx, self.editors, self._loaded, self)
        self.settings = QSettings(str(ctx.settings_path), QSettings.Format.IniFormat)
        self.last_saved: ContactSaved | None = None
        # Cards opened from this one (new person, a person, the company), kept alive while open.
        self.person_cards: list[ContactCard] = []

        # The title, and beside it the contact's picture (issue 22: BC's Contact Image).
        self.title, self.picture, header_row = title_with_picture(ctx, self)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        assists = {
            "name": (self.tr("Name Details"), self.open_name_details),
            "company_name": (self.tr("Company Details"), self.open_company_details),
        }
        self.sections = [
            CardSection(key, title, names, self._editor, self.settings, assists)
            for key, title, names in (
                ("general", self.tr("General"), GENERAL),
                ("communication", self.tr("Communication"), COMMUNICATION),
                ("segmentation", self.tr("Segmentation"), SEGMENTATION),
            )
        ]
        for section in self.sections:
            body_layout.addWidget(section)
        self.name_details_button = self.sections[0].assists["name"]
        self.company_details_button = self.sections[0].assists["company_name"]
        relations_box = QGroupBox(self.tr("Business Relations"))
        self.relations = ContactRelationsWidget(ctx, relations_box)
        QVBoxLayout(relations_box).addWidget(self.relations)
        body_layout.addWidget(relations_box)
        self.opportunities = ContactOpportunitiesBox(ctx, body)
        body_layout.addWidget(self.opportunities)
        for name in NAME_DETAILS:
            self._editor(name)  # edited through Name Details, kept with the card's values
        self.persons_box = PersonsBox(ctx, self)
        self.persons_model = self.persons_box.model
        self.persons_view = self.persons_box.view
        self.new_person_button = self.persons_box.new_button
        self.persons_count = self.persons_box.count
        self.persons_view.doubleClicked.connect(self._open_person)
        self.new_person_button.clicked.connect(self.new_person)
        body_layout.addWidget(self.persons_box)
        interactions_box = QGroupBox(self.tr("Interactions"))
        self.interactions = InteractionsSection(ctx, interactions_box)
        QVBoxLayout(interactions_box).addWidget(self.interactions)
        self.communications = CommunicationsBar(ctx, self)  # calls, e-mails ... under the title
        body_layout.insertWidget(0, self.communications)  # scrolled: never wider than the screen
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
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self._layout = layout
        self.duplicate_notice: DuplicateNotice | None = None
        self.unsaved = UnsavedChanges(
            self,
            save=self.save,
            discard=self._discard,
            name=self._unsaved_name,
            is_dirty=lambda: bool(self.changes()),
            save_buttons=[self.save_button],
        )
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.close)
        company_name = self.editors["company_name"].widget
        assert isinstance(company_name, QLineEdit)
        company_name.editingFinished.connect(self.resolve_company_name)
        name = self.editors["name"].widget
        assert isinstance(name, QLineEdit)
        # BC validates Name at once: its parts follow as soon as the user leaves it.
        name.editingFinished.connect(self.split_name)
        self.editors["type"].edited.connect(lambda _n: self._apply_type())
        hub().data_changed.connect(self._on_data_changed)
        # Return saves; while Save is disabled (clean card) no other button (Choose picture…)
        # may take Return as the dialog's default.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(button is self.save_button)
        fit_to_screen(self, 980, 820)

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

    def _editor(self, name: str) -> FieldEditor:
        editor = FieldEditor(self.ctx, FIELDS_BY_NAME[name], self)
        editor.edited.connect(self._on_edited)
        editor.checked.connect(lambda _n: self._update_status())
        self.editors[name] = editor
        return editor

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
        self.following = frozenset()
        self._show_markers()
        self.preview()
        self.editors["name"].widget.setFocus()  # what a new contact is typed from

    def preview(self) -> None:
        """A new card shows what its first save will inherit from the company ("from company")
        and take from Marketing Setup ("default"), in the fields not typed; nothing is saved."""
        if self.no is None:
            self._preview.run()
            self.unsaved.refresh()

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
        self.merge_button.setEnabled(True)  # a saved contact can take another in
        self.picture.set_contact(row.no)
        self.opportunities.set_contact(row.no)
        self.interactions.set_contact(row.no)
        self.communications.set_account(Account("contact", row.no))
        register(("contact", row.no), self)
        if row.type == "company":
            self.persons_model.set_query(ContactFilter(company_no=row.no), ContactSort("name"))

    def _show(self, values: dict[str, Any]) -> None:
        # Kept as one dict: the preview writes the values it shows into it.
        self._loaded.clear()
        self._loaded.update(values)
        self._preview.reset()
        for name, editor in self.editors.items():
            editor.set_value(values.get(name, ""))
            editor.set_error("")
        self.status.setText("")
        self._apply_type()
        for section in self.sections:
            section.apply()
        self.unsaved.refresh()

    def _apply_type(self) -> None:
        kind = self.editors["type"].value() or self.kind
        person = kind == "person"
        saved = self.no is not None
        self.editors["no"].set_read_only(saved)
        for name in _READ_ONLY_ALWAYS:
            self.editors[name].set_read_only(True)
        for name in PERSON_ONLY:
            self.editors[name].set_row_visible(person)
        for section in self.sections:
            section.apply()  # lay the shown fields out again
        self.name_details_button.setEnabled(person)
        # A company shows its own details (as typed, before the first save too); a person
        # those of its company.
        self.company_details_button.setEnabled(
            not person or bool(self.editors["company_no"].value())
        )
        self.persons_box.setVisible(
            saved and kind == "company" and self._loaded.get("type") == "company"
        )
        self.editors["company_name"].set_read_only(not person)

    def _show_markers(self) -> None:
        for name, editor in self.editors.items():
            editor.set_marker(name in self.following)

    def split_name(self) -> bool:
        """Name split into its parts now, as BC validates Name (see card_names)."""
        return card_names.split_name(self.editors, self._on_edited)

    def set_name_parts(self, parts: dict[str, str]) -> None:
        """Name Details changed the parts: show them and Name rebuilt from them."""
        card_names.set_name_parts(self.editors, parts, self._on_edited)

    def _update_status(self) -> None:
        # "Not saved: correct the field marked in red." goes once nothing is red.
        red = any(e._error is not None and e.error.isVisibleTo(self) for e in self.editors.values())
        if not red and self.status.text() == self.tr("Not saved: correct the field marked in red."):
            self.status.setText("")

    def _on_edited(self, name: str) -> None:
        self.unsaved.refresh()
        editor = self.editors[name]
        editor.set_error("")
        self._update_status()
        if name in self.following and editor.value() != self._loaded.get(name):
            editor.set_marker(False)
        if self.no is None:
            self._preview.edited(name)

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
        return self.unsaved.dirty

    def _unsaved_name(self) -> str:
        if self.no is None:
            return self.tr("the new contact")
        return f"{self.no} {self._loaded.get('name', '')}".strip()

    def _discard(self) -> None:
        if self.no is not None:
            self.load()

    def resolve_company_name(self) -> None:
        """The company a typed Company Name means (card_assists)."""
        card_assists.resolve_company_name(self)

    def pick_company(self, candidates: list[ContactRow]) -> ContactRow | None:
        """Let the user choose among several companies a typed name may mean."""
        return card_names.pick_company(self, candidates)

    def save(self) -> bool:
        """Save the card: True when saved; on an error it is shown beside its field."""
        for editor in self.editors.values():
            editor.set_error("")
        # Every field is checked first, and every refusal shown at once.
        refused = [e for e in self.editors.values() if not e.check()]
        name_ok = self.split_name() if "name" not in {e.name for e in refused} else False
        if refused or not name_ok:
            for editor in refused:
                for section in self.sections:
                    if editor.name in section.editors:
                        section.reveal(editor.name)
            if refused:
                refused[0].widget.setFocus()
            self._failed()
            return False
        try:
            if self.no is None:
                # What the preview shows is the save's to work out again, not the user's.
                shown = {
                    name: editor.value()
                    for name, editor in self.editors.items()
                    if name not in self._preview.shown
                }
                values = {k: v for k, v in shown.items() if v not in ("", None, False)}
                values["type"] = self.editors["type"].value()
                result = save_when_writable(
                    self.ctx, self, lambda: contacts.create_contact(self.ctx, values)
                )
            else:
                changes = self.changes()
                if not changes:
                    return True
                no = self.no
                result = save_when_writable(
                    self.ctx, self, lambda: contacts.update_contact(self.ctx, no, changes)
                )
        except SaveCancelled as err:
            self.status.setText(messages.error_text(err))
            return False
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
        self._failed()

    def _failed(self) -> None:
        self.status.setText(self.tr("Not saved: correct the field marked in red."))

    def _announce(self, result: ContactSaved) -> None:
        keys = {result.contact.no, *result.persons_updated}
        hub().changed("contact", keys=keys)
        hub().status_message.emit(saved_text(result.contact.no, result.contact.type, result))
        if result.duplicates:
            self._show_duplicates(result)

    def _show_duplicates(self, result: ContactSaved) -> None:
        # The bar is made on the first save that finds duplicates, under the title.
        if self.duplicate_notice is None:
            self.duplicate_notice = DuplicateNotice(self.ctx, self)
            self._layout.insertWidget(1, self.duplicate_notice)
        self.duplicate_notice.show_for(result.contact.no, result.duplicates)

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
            card_assists.open_card(self, row.no)

    def open_name_details(self) -> NameDetailsDialog:
        """Name Details: the person's name parts; OK puts them on the card."""
        return card_assists.open_name_details(self)

    def open_company_details(self) -> CompanyDetailsDialog | None:
        """Company Details: the company of this person, or what this company's card shows."""
        return card_assists.open_company_details(self)

    def merge_with(self) -> None:
        """Merge With…: another contact merged into this one (card_assists, issue 17)."""
        card_assists.merge_with(self)

    # --- refresh -------------------------------------------------------------------------

    def _on_data_changed(self, kinds: set[str], keys: set[str] | None) -> None:
        if self.no is None:
            return
        mine = (
            keys is None or self.no in keys or (self._loaded.get("company_no") in (keys or set()))
        )
        if "contact" in kinds and mine or "marketing_setup" in kinds:
            if self.unsaved.dirty:
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
