"""Customer templates, payment terms and Marketing Setup's template codes, kept from the Customers
page: Create as Customer offers the templates of the contact's type and preselects the setup code
of that type."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.errors import CrmError
from crm_desktop.domain.sync import CONTACT_TYPES, TEMPLATE_FIELDS
from crm_desktop.services.app import AppContext
from crm_desktop.services.sync import from_contact
from crm_desktop.ui import messages
from crm_desktop.ui.common.code_field import CodeField
from crm_desktop.ui.common.fields import FieldSpec
from crm_desktop.ui.common.form import ERROR_STYLE, FieldForm
from crm_desktop.ui.common.form_dialog import show_form_error
from crm_desktop.ui.common.screen import fit_to_screen, scrolling
from crm_desktop.ui.common.unsaved import UnsavedChanges
from crm_desktop.ui.hub import hub
from crm_desktop.ui.sync.specs import code_source, spec

TEMPLATE_SPECS = [
    FieldSpec("code", QT_TRANSLATE_NOOP("sync", "Code"), "code", "sync", max_len=10),
    FieldSpec("description", QT_TRANSLATE_NOOP("sync", "Description"), "text", "sync", 100),
    FieldSpec(
        "contact_type",
        QT_TRANSLATE_NOOP("sync", "Contact Type"),
        "choice",
        "sync",
        choices=CONTACT_TYPES,
    ),
    *(spec("customer", name) for name in TEMPLATE_FIELDS),
]
TERMS_SPECS = [
    FieldSpec("code", QT_TRANSLATE_NOOP("sync", "Code"), "code", "sync", max_len=10),
    FieldSpec("description", QT_TRANSLATE_NOOP("sync", "Description"), "text", "sync", 100),
    FieldSpec(
        "due_date_calculation",
        QT_TRANSLATE_NOOP("sync", "Due Date Calculation"),
        "text",
        "sync",
        32,
    ),
]


class TemplatesDialog(QDialog):
    """Edit customer templates and payment terms; choose the templates Marketing Setup names."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("templates_dialog")
        self.setWindowTitle(self.tr("Customer Templates"))
        source = lambda table: code_source(ctx, table)  # noqa: E731 - a short adapter
        self.list = QListWidget()
        self.list.setObjectName("template_list")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.currentItemChanged.connect(lambda _c, _p: self._show_current())
        self.form = FieldForm(TEMPLATE_SPECS, source)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        new_button = QPushButton(self.tr("New"))
        new_button.clicked.connect(self.new_template)
        save_button = QPushButton(self.tr("Save Template"))
        save_button.setObjectName("save_template")
        save_button.clicked.connect(self.save_template)
        self.save_template_button = save_button
        delete_button = QPushButton(self.tr("Delete"))
        delete_button.clicked.connect(self.delete_template)
        actions = QHBoxLayout()
        for button in (new_button, save_button, delete_button):
            actions.addWidget(button)
        actions.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.form)
        right.addWidget(self.error)
        right.addLayout(actions)
        right.addStretch(1)
        templates = QGroupBox(self.tr("Templates"))
        top = QHBoxLayout(templates)
        top.addWidget(self.list, 1)
        top.addLayout(right, 2)

        self.company_template = CodeField(10)
        self.company_template.setObjectName("setup_company_template")
        self.person_template = CodeField(10)
        self.person_template.setObjectName("setup_person_template")
        apply_button = QPushButton(self.tr("Save Setup"))
        apply_button.clicked.connect(self.save_setup)
        self.save_setup_button = apply_button
        setup_box = QGroupBox(
            self.tr("Marketing Setup: template preselected by Create as Customer")
        )
        setup_form = QFormLayout(setup_box)
        setup_form.addRow(self.tr("Cust. Template Company Code"), self.company_template)
        setup_form.addRow(self.tr("Cust. Template Person Code"), self.person_template)
        setup_form.addRow("", apply_button)

        self.terms_form = FieldForm(TERMS_SPECS, source)
        self.terms_error = QLabel()
        self.terms_error.setStyleSheet(ERROR_STYLE)
        self.terms_error.hide()
        terms_button = QPushButton(self.tr("Save Payment Terms"))
        terms_button.clicked.connect(self.save_terms)
        self.save_terms_button = terms_button
        self.terms_list = QLabel()
        self.terms_list.setWordWrap(True)
        terms_box = QGroupBox(self.tr("Payment Terms"))
        terms_layout = QVBoxLayout(terms_box)
        terms_layout.addWidget(self.terms_list)
        terms_layout.addWidget(self.terms_form)
        terms_layout.addWidget(self.terms_error)
        terms_layout.addWidget(terms_button)

        bottom = QHBoxLayout()
        bottom.addWidget(setup_box, 1)
        bottom.addWidget(terms_box, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.close)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addWidget(templates, 1)
        body_layout.addLayout(bottom)
        layout = QVBoxLayout(self)
        layout.addWidget(scrolling(body), 1)
        layout.addWidget(close)
        fit_to_screen(self, 980, 640)
        self._shown_template: dict[str, Any] = {}
        self._shown_setup: tuple[str, str] = ("", "")
        self._blank_terms = self.terms_form.values()
        # One question for the three parts: Save saves each part that has changes.
        self.unsaved = UnsavedChanges(
            self, save=self._save_changed, name=self.windowTitle, is_dirty=self.is_dirty
        )
        self.unsaved.watch(
            self.form.edited, self.terms_form.edited, self.company_template, self.person_template
        )
        self.unsaved.dirty_changed.connect(lambda _d: self._update_buttons())
        self.form.edited.connect(lambda _n: self._update_buttons())
        self.terms_form.edited.connect(lambda _n: self._update_buttons())
        self.company_template.edited.connect(self._update_buttons)
        self.person_template.edited.connect(self._update_buttons)
        self.refresh()

    def _template_dirty(self) -> bool:
        return self.form.values() != self._shown_template

    def _setup_dirty(self) -> bool:
        shown = (self.company_template.code(), self.person_template.code())
        return shown != self._shown_setup

    def _terms_dirty(self) -> bool:
        return self.terms_form.values() != self._blank_terms

    def is_dirty(self) -> bool:
        """True while a template, the setup codes or a new payment terms code is not saved."""
        return self._template_dirty() or self._setup_dirty() or self._terms_dirty()

    def _update_buttons(self) -> None:
        self.save_template_button.setEnabled(self._template_dirty())
        self.save_setup_button.setEnabled(self._setup_dirty())
        self.save_terms_button.setEnabled(self._terms_dirty())

    def _save_changed(self) -> bool:
        parts = (
            (self._template_dirty, self.save_template),
            (self._setup_dirty, self.save_setup),
            (self._terms_dirty, self.save_terms),
        )
        return all(save() for dirty, save in parts if dirty())

    def _remember_shown(self) -> None:
        self._shown_template = self.form.values()
        self._shown_setup = (self.company_template.code(), self.person_template.code())
        self.unsaved.refresh()
        self._update_buttons()

    def refresh(self, select: str = "") -> None:
        """Reload templates, payment terms and the setup codes."""
        rows = from_contact.list_templates(self.ctx)
        self.list.clear()
        for row in rows:
            item = QListWidgetItem(f"{row['code']}  {row['description']}")
            item.setData(256, row)
            self.list.addItem(item)
            if row["code"] == select:
                self.list.setCurrentItem(item)
        if not rows:
            self.new_template()
        for field, ctype in ((self.company_template, "company"), (self.person_template, "person")):
            field.set_choices(
                [(r["code"], r["description"]) for r in rows if r["contact_type"] == ctype]
            )
        company_code, person_code = from_contact.get_setup_templates(self.ctx)
        self.company_template.set_code(company_code)
        self.person_template.set_code(person_code)
        self._shown_setup = (self.company_template.code(), self.person_template.code())
        terms = from_contact.list_payment_terms(self.ctx)
        self.terms_list.setText(
            ", ".join(f"{t['code']} ({t['description']})" for t in terms)
            or self.tr("No payment terms yet: add one below.")
        )
        self.form.reload_choices()
        self._remember_shown()

    def _show_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.form.set_values(item.data(256))
            self.form.clear_errors()
            self.error.hide()
            self._remember_shown()

    def new_template(self) -> None:
        """Clear the form for a new template."""
        self.list.setCurrentItem(None)  # type: ignore[arg-type]
        self.form.set_values({s.name: "" for s in TEMPLATE_SPECS} | {"contact_type": "company"})
        self._remember_shown()

    def save_template(self) -> bool:
        """Save the template in the form; a refusal is shown under its field."""
        try:
            row = from_contact.save_template(self.ctx, self.form.values())
        except CrmError as exc:
            show_form_error(self.form, self.error, exc)
            return False
        self.error.hide()
        hub().changed("customer_template")
        self.refresh(select=row["code"])
        return True

    def delete_template(self) -> None:
        """Delete the selected template."""
        item = self.list.currentItem()
        if item is None:
            return
        try:
            from_contact.delete_template(self.ctx, item.data(256)["code"])
        except CrmError as exc:
            messages.show_error(self, exc)
            return
        self.refresh()

    def save_setup(self) -> bool:
        """Save Marketing Setup's two template codes."""
        try:
            from_contact.set_setup_templates(
                self.ctx, self.company_template.code(), self.person_template.code()
            )
        except CrmError as exc:
            messages.show_error(self, exc)
            return False
        hub().changed("marketing_setup")
        self._remember_shown()
        return True

    def save_terms(self) -> bool:
        """Add or change a payment terms code."""
        values = self.terms_form.values()
        try:
            from_contact.save_payment_terms(
                self.ctx, values["code"], values["description"], values["due_date_calculation"]
            )
        except CrmError as exc:
            show_form_error(self.terms_form, self.terms_error, exc)
            return False
        self.terms_error.hide()
        self.terms_form.set_values({s.name: "" for s in TERMS_SPECS})
        self.refresh()
        return True
