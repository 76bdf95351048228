"""The opportunity card: its fields, its current figures, the actions that work it (Activate
First Stage, Update, Close, Delete) and the history of its entries.

Non-modal; opening the card of an opportunity that is open brings it forward. Closing the card
of an opportunity that has not started asks, as BC does, whether to activate its first stage.
"""

from __future__ import annotations

import importlib
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain import opportunities as rules
from crm_desktop.domain.errors import CrmError
from crm_desktop.services import documents
from crm_desktop.services import opportunities as opps
from crm_desktop.services.app import AppContext
from crm_desktop.ui import messages
from crm_desktop.ui.common.unsaved import UnsavedChanges
from crm_desktop.ui.hub import hub
from crm_desktop.ui.opportunities.dialogs import CloseOpportunityDialog, UpdateOpportunityDialog
from crm_desktop.ui.opportunities.format import (
    date_text,
    money,
    percent,
    priority_text,
    status_text,
)
from crm_desktop.ui.opportunities.list_model import EntriesModel
from crm_desktop.ui.opportunities.wizard import fill_codes

_cards: list[OpportunityCard] = []

Index = QModelIndex | QPersistentModelIndex


# The document card (issue 20) by its path, as pages.py names pages: ui.documents uses this
# package's Close Opportunity dialog, so a direct import would make the two packages a cycle.
DOCUMENT_CARD = "crm_desktop.ui.documents.card:DocumentCard"


def open_card(ctx: AppContext, no: str, parent: QWidget | None = None) -> OpportunityCard | None:
    """Open the card of opportunity `no`, or bring its open card forward."""
    for card in list(_cards):
        if card.no == no:
            card.show()
            card.raise_()
            card.activateWindow()
            return card
    try:
        card = OpportunityCard(ctx, no, parent)
    except CrmError as exc:
        messages.show_error(parent, exc)
        return None
    _cards.append(card)
    card.destroyed.connect(lambda *_: _cards.remove(card) if card in _cards else None)
    card.show()
    return card


class OpportunityCard(QDialog):
    """The card of opportunity `no`."""

    def __init__(self, ctx: AppContext, no: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.no = no
        self.setObjectName("opportunity_card")
        self.setModal(False)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.row: opps.OpportunityRow = opps.get_opportunity(ctx, no)
        self._asked_activation = False

        self.title = QLabel()
        self.title.setObjectName("card_title")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)

        self.description = QLineEdit()
        self.description.setObjectName("card_description")
        self.description.setMaxLength(100)
        self.contact = QLabel()
        self.contact.setObjectName("card_contact")
        self.open_contact_button = QPushButton(self.tr("Open Contact"))
        self.open_contact_button.clicked.connect(
            lambda: hub().open_contact_requested.emit(self.row.contact_no)
        )
        contact_line = QHBoxLayout()
        contact_line.addWidget(self.contact, 1)
        contact_line.addWidget(self.open_contact_button)
        self.salesperson = QComboBox()
        self.salesperson.setObjectName("card_salesperson")
        self.sales_cycle = QComboBox()
        self.sales_cycle.setObjectName("card_sales_cycle")
        self.priority = QComboBox()
        self.priority.setObjectName("card_priority")
        for value, _label in rules.PRIORITIES:
            self.priority.addItem(priority_text(value), value)
        general = QGroupBox(self.tr("General"))
        form = QFormLayout(general)
        form.addRow(self.tr("Description"), self.description)
        form.addRow(self.tr("Contact"), contact_line)
        form.addRow(self.tr("Salesperson Code"), self.salesperson)
        form.addRow(self.tr("Sales Cycle Code"), self.sales_cycle)
        form.addRow(self.tr("Priority"), self.priority)

        self.figures: dict[str, QLabel] = {}
        figures = QGroupBox(self.tr("Figures"))
        columns = QHBoxLayout(figures)
        for part in (
            (
                ("status", self.tr("Status")),
                ("creation_date", self.tr("Creation Date")),
                ("stage", self.tr("Current Sales Cycle Stage")),
                ("estimated_close_date", self.tr("Estimated Closing Date")),
                ("date_closed", self.tr("Date Closed")),
                ("document", self.tr("Sales Document")),
            ),
            (
                ("estimated_value", self.tr("Estimated Value (LCY)")),
                ("chances", self.tr("Chances of Success %")),
                ("completed", self.tr("Completed %")),
                ("probability", self.tr("Probability %")),
                ("current_value", self.tr("Calcd. Current Value (LCY)")),
                ("close_code", self.tr("Close Opportunity Code")),
            ),
        ):
            column = QFormLayout()
            for key, caption in part:
                label = QLabel()
                label.setObjectName(f"figure_{key}")
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                self.figures[key] = label
                column.addRow(caption, label)
            columns.addLayout(column, 1)

        self.activate_button = QPushButton(self.tr("Activate First Stage"))
        self.activate_button.setObjectName("card_activate")
        self.update_button = QPushButton(self.tr("Update..."))
        self.update_button.setObjectName("card_update")
        self.update_button.setToolTip(self.tr("Move to another stage or change the estimates"))
        self.close_opp_button = QPushButton(self.tr("Close Opportunity..."))
        self.close_opp_button.setObjectName("card_close_opportunity")
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.setObjectName("card_delete")
        self.quote_button = QPushButton(self.tr("Sales Quote"))
        self.quote_button.setObjectName("card_sales_quote")
        self.quote_button.setToolTip(self.tr("Open its sales document, or create its sales quote"))
        self.quote_button.clicked.connect(self.sales_quote)
        actions = QHBoxLayout()
        for button in (
            self.quote_button,
            self.activate_button,
            self.update_button,
            self.close_opp_button,
            self.delete_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        self.activate_button.clicked.connect(self.activate_first_stage)
        self.update_button.clicked.connect(self.open_update)
        self.close_opp_button.clicked.connect(self.open_close)
        self.delete_button.clicked.connect(self.delete)

        history = QGroupBox(self.tr("History"))
        self.entries = EntriesModel(self)
        self.history = QTableView()
        self.history.setObjectName("card_history")
        self.history.setModel(self.entries)
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.verticalHeader().setVisible(False)
        self.history.verticalHeader().setDefaultSectionSize(24)
        self.history.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.history.setMinimumHeight(150)
        self.history_hint = QLabel()
        history_layout = QVBoxLayout(history)
        history_layout.addWidget(self.history_hint)
        history_layout.addWidget(self.history)

        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("card_save")
        self.save_button.setDefault(True)
        close_button = QPushButton(self.tr("Close"))
        close_button.clicked.connect(self.close)
        self.status = QLabel()
        self.status.setObjectName("card_status")
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(general)
        layout.addWidget(figures)
        layout.addLayout(actions)
        layout.addWidget(history, 1)
        layout.addLayout(bottom)
        self.resize(1080, 720)

        self.unsaved = UnsavedChanges(
            self,
            save=self.save,
            discard=self.load,
            name=lambda: f"{self.row.no} {self.row.description}",
            is_dirty=lambda: bool(self.changes()),
            save_buttons=[self.save_button],
        )
        self.unsaved.watch(self.description, self.salesperson, self.sales_cycle, self.priority)
        self.save_button.clicked.connect(self.unsaved.save)
        hub().data_changed.connect(self._on_data_changed)
        self.load()

    # --- loading -------------------------------------------------------------------------

    def load(self) -> None:
        """Show the stored opportunity (dropping unsaved edits)."""
        r = opps.get_opportunity(self.ctx, self.no)
        self.row = r
        self.setWindowTitle(
            self.tr("Opportunity {no} · {description}").format(no=r.no, description=r.description)
        )
        self.title.setText(f"{r.no} · {r.description}")
        for widget in (self.description, self.salesperson, self.sales_cycle, self.priority):
            widget.blockSignals(True)
        self.description.setText(r.description)
        fill_codes(self.salesperson, opps.salespeople(self.ctx), r.salesperson_code, "")
        cycles = [(c, d) for c, d, blocked in opps.sales_cycles(self.ctx) if not blocked]
        if r.sales_cycle_code and r.sales_cycle_code not in [c for c, _ in cycles]:
            cycles.append((r.sales_cycle_code, ""))
        fill_codes(self.sales_cycle, cycles, r.sales_cycle_code, "")
        self.priority.setCurrentIndex(max(0, self.priority.findData(r.priority)))
        for widget in (self.description, self.salesperson, self.sales_cycle, self.priority):
            widget.blockSignals(False)
        contact = f"{r.contact_no} · {r.contact_name}"
        if r.contact_company_no and r.contact_company_no != r.contact_no:
            contact += f"  ({r.contact_company_name})"
        self.contact.setText(contact)
        started = r.status != rules.NOT_STARTED
        self.sales_cycle.setEnabled(not started)
        self.sales_cycle.setToolTip(
            self.tr("The sales cycle is fixed once the first stage is active.") if started else ""
        )
        f = self.figures
        f["status"].setText(status_text(r.status))
        f["creation_date"].setText(date_text(r.creation_date))
        f["stage"].setText(
            f"{r.current_stage} · {r.stage_description}" if r.current_stage is not None else "–"
        )
        f["estimated_close_date"].setText(date_text(r.estimated_close_date) or "–")
        f["date_closed"].setText(date_text(r.date_closed) or "–")
        f["document"].setText(
            f"{r.sales_document_type.replace('_', ' ').title()} {r.sales_document_no}"
            if r.sales_document_no
            else self.tr("No sales quote yet")
        )
        f["estimated_value"].setText(money(r.estimated_value))
        f["chances"].setText(percent(r.chances_of_success))
        f["completed"].setText(percent(r.completed))
        f["probability"].setText(percent(r.probability))
        f["current_value"].setText(money(r.current_value))
        f["close_code"].setText(r.close_code or "–")
        self.activate_button.setVisible(r.status == rules.NOT_STARTED)
        self.update_button.setEnabled(not r.closed)
        self.close_opp_button.setEnabled(not r.closed)
        self.delete_button.setEnabled(r.status != rules.IN_PROGRESS)
        self.delete_button.setToolTip(
            self.tr("An opportunity in progress cannot be deleted: close it first.")
            if r.status == rules.IN_PROGRESS
            else ""
        )
        entries = opps.list_entries(self.ctx, self.no)
        self.entries.set_rows(entries)
        self.history_hint.setText(
            self.tr("Every stage change and the close, with its date, values and days open.")
            if entries
            else self.tr("No entries yet: Activate First Stage or Update starts the history.")
        )
        self.status.setText("")
        self.unsaved.refresh()

    def changes(self) -> dict[str, Any]:
        """The fields the user changed."""
        r = self.row
        now = {
            "description": self.description.text(),
            "salesperson_code": str(self.salesperson.currentData() or ""),
            "sales_cycle_code": str(self.sales_cycle.currentData() or ""),
            "priority": str(self.priority.currentData()),
        }
        before = {
            "description": r.description,
            "salesperson_code": r.salesperson_code,
            "sales_cycle_code": r.sales_cycle_code,
            "priority": r.priority,
        }
        return {k: v for k, v in now.items() if v != before[k]}

    # --- actions -------------------------------------------------------------------------

    def save(self) -> bool:
        """Save the changed fields; False (and the reason shown) when refused."""
        changes = self.changes()
        if not changes:
            return True
        try:
            row = opps.update_opportunity(self.ctx, self.no, changes)
        except CrmError as exc:
            self.status.setText(messages.error_text(exc))
            return False
        self._announce(row)
        self.load()
        self.status.setText(self.tr("Saved."))
        return True

    def _announce(self, row: opps.OpportunityRow) -> None:
        hub().changed("opportunity", keys={row.no, row.contact_no, row.contact_company_no})

    def _needs_saving_first(self) -> bool:
        if not self.changes():
            return False
        return not self.save()

    def activate_first_stage(self) -> None:
        """Activate the first stage of the sales cycle."""
        if self._needs_saving_first():
            return
        try:
            row = opps.activate_first_stage(self.ctx, self.no)
        except CrmError as exc:
            messages.show_error(self, exc)
            return
        self._announce(row)
        self.load()

    def open_update(self) -> None:
        """The Update Opportunity dialog."""
        if self._needs_saving_first():
            return
        try:
            dialog = UpdateOpportunityDialog(self.ctx, self.no, self)
        except CrmError as exc:
            messages.show_error(self, exc)
            return
        if dialog.exec():
            self.load()

    def open_close(self) -> None:
        """The Close Opportunity dialog."""
        if self._needs_saving_first():
            return
        try:
            dialog = CloseOpportunityDialog(self.ctx, self.no, self)
        except CrmError as exc:
            messages.show_error(self, exc)
            return
        if dialog.exec():
            self.load()

    def delete(self) -> None:
        """Delete the opportunity and its history, after a question."""
        question = self.tr("Delete opportunity {no} and its {n} entries?").format(
            no=self.no, n=len(self.entries.rows)
        )
        if not messages.ask(self, self.windowTitle(), question):
            return
        try:
            opps.delete_opportunity(self.ctx, self.no)
        except CrmError as exc:
            messages.show_error(self, exc)
            return
        self.unsaved.mark_clean()
        self._asked_activation = True
        hub().changed("opportunity", keys={self.no, self.row.contact_no})
        self.close()

    def sales_quote(self) -> QWidget | None:
        """Open the linked sales document (a quote: Make Order is there), else create the
        opportunity's quote, linked to it (issue 20's card)."""
        row = opps.get_opportunity(self.ctx, self.no)
        try:
            if row.sales_document_no:
                kind = row.sales_document_type.removeprefix("posted_")
                doc_type, doc_no = f"sales_{kind}", row.sales_document_no
            else:
                new = documents.create_quote_for_opportunity(self.ctx, self.no)
                doc_type, doc_no = new.document_type, new.no
                hub().changed("opportunity", "document", keys={self.no, doc_no})
            module, name = DOCUMENT_CARD.split(":")
            card = getattr(importlib.import_module(module), name)(self.ctx, doc_type, doc_no, self)
        except CrmError as exc:
            messages.show_error(self, exc)
            return None
        self.document_card = card
        card.show()
        return card

    def _on_data_changed(self, kinds: set[str], keys: set[str] | None) -> None:
        if "opportunity" in kinds and (keys is None or self.no in keys) and not self.changes():
            try:
                self.load()
            except CrmError:
                self.close()

    def _has_stages(self) -> bool:
        try:
            return opps.update_choices(self.ctx, self.no).options.default_action == rules.FIRST
        except CrmError:
            return False

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        """BC asks on closing the card of an opportunity that has not started whether to
        activate its first stage (once per card)."""
        if (
            not self._asked_activation
            and self.row.status == rules.NOT_STARTED
            and self.row.sales_cycle_code
            and not self.changes()
            and self._has_stages()
        ):
            self._asked_activation = True
            if messages.ask(
                self,
                self.windowTitle(),
                self.tr("Would you like to activate first stage for this opportunity?"),
            ):
                self.activate_first_stage()
        super().closeEvent(event)
