"""The Create Opportunity wizard: one dialog from a contact (and, through the same service,
from an interaction log entry), with Activate First Stage and its estimates.

Starts with BC's defaults: the default sales cycle of Marketing Setup (when it is not blocked),
the contact's salesperson or else mine, the work date. A refusal (BC's texts) is shown under the
form with the field it names focused; nothing is saved then.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain import opportunities as rules
from crm_desktop.domain.errors import CrmError
from crm_desktop.services import opportunities as opps
from crm_desktop.services.app import AppContext
from crm_desktop.ui import messages
from crm_desktop.ui.common.form import ERROR_STYLE
from crm_desktop.ui.common.unsaved import UnsavedChanges
from crm_desktop.ui.hub import hub
from crm_desktop.ui.opportunities.format import (
    amount_edit,
    date_edit,
    decimal_of,
    from_qdate,
    percent_edit,
    priority_text,
)


def fill_codes(combo: QComboBox, rows: list[tuple[str, str]], current: str, blank: str) -> None:
    """A combo of codes with their descriptions, a blank first entry, `current` chosen."""
    combo.clear()
    combo.addItem(blank, "")
    for code, description in rows:
        combo.addItem(f"{code} · {description}" if description else code, code)
    index = combo.findData(current)
    combo.setCurrentIndex(max(0, index))


class CreateOpportunityDialog(QDialog):
    """Create Opportunity for contact `contact_no`; `created` carries the new OpportunityRow."""

    created = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        contact_no: str,
        parent: QWidget | None = None,
        *,
        interaction: opps.InteractionSource | None = None,
        link_in: opps.LinkIn | None = None,
    ) -> None:
        """From a contact; from an interaction log entry, `interaction` fills description,
        contact and salesperson and `link_in` (a service function of the interaction log) stores
        the new number on the entry in the same transaction."""
        super().__init__(parent)
        self.ctx = ctx
        self.link_in = link_in
        self.setObjectName("create_opportunity")
        self.setWindowTitle(self.tr("Create Opportunity"))
        self.result_row: opps.OpportunityRow | None = None
        defaults = opps.wizard_defaults(ctx, contact_no)
        self.defaults = defaults

        intro = QLabel(
            self.tr(
                "Describe the sale you hope to make. With Activate First Stage the opportunity "
                "starts at the first stage of its sales cycle with your estimates."
            )
        )
        intro.setWordWrap(True)
        self.contact = QLabel(f"{defaults.contact_no} · {defaults.contact_name}")
        self.contact.setObjectName("wizard_contact")
        self.description = QLineEdit()
        self.description.setObjectName("wizard_description")
        self.description.setMaxLength(100)
        self.description.setPlaceholderText(self.tr("e.g. 20 office chairs"))
        if interaction is not None:
            self.description.setText(interaction.description)
        self.sales_cycle = QComboBox()
        self.sales_cycle.setObjectName("wizard_sales_cycle")
        fill_codes(self.sales_cycle, list(defaults.sales_cycles), defaults.sales_cycle_code, "")
        self.salesperson = QComboBox()
        self.salesperson.setObjectName("wizard_salesperson")
        salesperson = (interaction.salesperson_code if interaction else "") or (
            defaults.salesperson_code
        )
        fill_codes(self.salesperson, opps.salespeople(ctx), salesperson, "")
        self.priority = QComboBox()
        self.priority.setObjectName("wizard_priority")
        for value, _label in rules.PRIORITIES:
            self.priority.addItem(priority_text(value), value)
        self.priority.setCurrentIndex(self.priority.findData("normal"))
        self.creation_date = date_edit(defaults.creation_date)
        self.creation_date.setObjectName("wizard_creation_date")

        general = QGroupBox(self.tr("General"))
        form = QFormLayout(general)
        form.addRow(self.tr("Contact"), self.contact)
        form.addRow(self.tr("Description"), self.description)
        form.addRow(self.tr("Sales Cycle Code"), self.sales_cycle)
        form.addRow(self.tr("Salesperson Code"), self.salesperson)
        form.addRow(self.tr("Priority"), self.priority)
        form.addRow(self.tr("Creation Date"), self.creation_date)

        self.activate = QCheckBox(self.tr("Activate First Stage"))
        self.activate.setObjectName("wizard_activate")
        self.activate.setChecked(True)
        self.estimated_value = amount_edit(Decimal(0))
        self.estimated_value.setObjectName("wizard_estimated_value")
        self.chances = percent_edit(defaults.first_stage_chances)
        self.chances.setObjectName("wizard_chances")
        self.close_date = date_edit(defaults.creation_date + dt.timedelta(days=30))
        self.close_date.setObjectName("wizard_close_date")
        self.stage_box = QGroupBox(self.tr("First stage estimates"))
        stage_form = QFormLayout(self.stage_box)
        stage_form.addRow(self.tr("Estimated Value (LCY)"), self.estimated_value)
        stage_form.addRow(self.tr("Chances of Success %"), self.chances)
        stage_form.addRow(self.tr("Estimated Closing Date"), self.close_date)
        self.activate.toggled.connect(self.stage_box.setEnabled)

        self.error = QLabel()
        self.error.setObjectName("wizard_error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox()
        self.finish_button = self.buttons.addButton(
            self.tr("Create"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.finish_button.setObjectName("wizard_finish")
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.finish_button.clicked.connect(self.finish)
        cancel.clicked.connect(self.close)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(general)
        layout.addWidget(self.activate)
        layout.addWidget(self.stage_box)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

        self.unsaved = UnsavedChanges(self, save=self.finish, name=self.windowTitle)
        self.unsaved.watch(
            self.description,
            self.sales_cycle,
            self.salesperson,
            self.priority,
            self.creation_date,
            self.activate,
            self.estimated_value,
            self.chances,
            self.close_date,
        )
        self.description.setFocus()

    def request(self) -> opps.NewOpportunity:
        """What the form says."""
        return opps.NewOpportunity(
            contact_no=self.defaults.contact_no,
            description=self.description.text(),
            sales_cycle_code=str(self.sales_cycle.currentData() or ""),
            salesperson_code=str(self.salesperson.currentData() or ""),
            priority=str(self.priority.currentData()),
            creation_date=from_qdate(self.creation_date.date()),
            activate_first_stage=self.activate.isChecked(),
            estimated_value=decimal_of(self.estimated_value),
            chances_of_success=decimal_of(self.chances),
            estimated_close_date=from_qdate(self.close_date.date()),
        )

    def finish(self) -> bool:
        """Create the opportunity; True when created (the dialog then closes)."""
        try:
            row = opps.create_opportunity(self.ctx, self.request(), link_in=self.link_in)
        except CrmError as exc:
            self.error.setText(messages.error_text(exc))
            self.error.show()
            widget = {
                "description": self.description,
                "sales_cycle_code": self.sales_cycle,
                "salesperson_code": self.salesperson,
                "estimated_value": self.estimated_value,
                "chances_of_success": self.chances,
                "estimated_close_date": self.close_date,
            }.get(exc.field or "")
            if widget is not None:
                widget.setFocus()
            return False
        self.result_row = row
        self.unsaved.mark_clean()
        hub().changed("opportunity", keys={row.no, row.contact_no, row.contact_company_no})
        hub().status_message.emit(
            self.tr("Opportunity {no} created for {contact}.").format(
                no=row.no, contact=row.contact_name
            )
        )
        self.created.emit(row)
        self.accept()
        return True
