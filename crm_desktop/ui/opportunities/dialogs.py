"""The Update Opportunity and Close Opportunity dialogs (BC pages 5129 and 5128)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
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
    action_text,
    amount_edit,
    date_edit,
    decimal_of,
    from_qdate,
    percent_edit,
)


class _Dialog(QDialog):
    """Shared layout: a form, an error line, Finish and Cancel."""

    def _finish_layout(self, top: QWidget | None, form: QFormLayout) -> None:
        self.error = QLabel()
        self.error.setObjectName("dialog_error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox()
        self.finish_button = self.buttons.addButton(
            self.tr("Finish"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.finish_button.setObjectName("dialog_finish")
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.finish_button.clicked.connect(lambda: self.finish())
        cancel.clicked.connect(self.close)
        layout = QVBoxLayout(self)
        if top is not None:
            layout.addWidget(top)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)

    def finish(self) -> bool:  # overridden
        raise NotImplementedError

    def _show_error(self, exc: CrmError) -> None:
        self.error.setText(messages.error_text(exc))
        self.error.show()


class UpdateOpportunityDialog(_Dialog):
    """Move an opportunity: First, Next, Previous, Skip, Jump or Update, with the new estimates."""

    def __init__(self, ctx: AppContext, no: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.no = no
        self.setObjectName("update_opportunity")
        self.setWindowTitle(self.tr("Update Opportunity {no}").format(no=no))
        self.choices = opps.update_choices(ctx, no)
        options = self.choices.options
        self.action = QComboBox()
        self.action.setObjectName("update_action")
        for action, _label in rules.ACTION_TYPES:
            if options.for_action(action):
                self.action.addItem(action_text(action), action)
        self.stage = QComboBox()
        self.stage.setObjectName("update_stage")
        self.date_of_change = date_edit(self.choices.date_of_change)
        self.date_of_change.setObjectName("update_date")
        self.estimated_value = amount_edit(self.choices.estimated_value)
        self.estimated_value.setObjectName("update_estimated_value")
        self.chances = percent_edit(self.choices.chances_of_success)
        self.chances.setObjectName("update_chances")
        close = self.choices.estimated_close_date or self.choices.date_of_change
        self.close_date = date_edit(close)
        self.close_date.setObjectName("update_close_date")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Action"), self.action)
        form.addRow(self.tr("Sales Cycle Stage"), self.stage)
        form.addRow(self.tr("Date of Change"), self.date_of_change)
        form.addRow(self.tr("Estimated Value (LCY)"), self.estimated_value)
        form.addRow(self.tr("Chances of Success %"), self.chances)
        form.addRow(self.tr("Estimated Closing Date"), self.close_date)
        self._finish_layout(self.hint, form)
        self.action.currentIndexChanged.connect(self._action_changed)
        self.stage.currentIndexChanged.connect(self._stage_changed)
        if not options.default_action:
            self.hint.setText(
                self.tr("Sales cycle {code} has no stages: add them under Master Data.").format(
                    code=self.choices.sales_cycle_code
                )
            )
            self.finish_button.setEnabled(False)
        else:
            self.action.setCurrentIndex(self.action.findData(options.default_action))
            self._action_changed()
        self.unsaved = UnsavedChanges(self, save=self.finish, name=self.windowTitle)
        self.unsaved.watch(
            self.action,
            self.stage,
            self.date_of_change,
            self.estimated_value,
            self.chances,
            self.close_date,
        )

    def _action_changed(self) -> None:
        action = str(self.action.currentData() or "")
        options = self.choices.options
        self.stage.blockSignals(True)
        self.stage.clear()
        for stage in options.for_action(action):
            self.stage.addItem(f"{stage.stage} · {stage.description}", stage.stage)
        default = options.default_stage(action)
        if default is not None:
            self.stage.setCurrentIndex(self.stage.findData(default.stage))
        self.stage.blockSignals(False)
        self.hint.setText(
            {
                rules.FIRST: self.tr("Start at the first stage of the sales cycle."),
                rules.NEXT: self.tr("Go on to the next stage."),
                rules.PREVIOUS: self.tr("Go back to the previous stage."),
                rules.SKIP: self.tr("Skip forward over stages that allow skipping."),
                rules.UPDATE: self.tr("Stay at this stage with new estimates."),
                rules.JUMP: self.tr("Jump back to an earlier stage."),
            }.get(action, "")
        )
        self._stage_changed()

    def _stage_changed(self) -> None:
        # As BC's wizard: choosing the action or stage proposes that stage's chances of success.
        number = self.stage.currentData()
        stage = next(
            (
                s
                for s in self.choices.options.for_action(str(self.action.currentData() or ""))
                if s.stage == number
            ),
            None,
        )
        if stage is not None and stage.chances_of_success_percent > 0:
            self.chances.setValue(float(stage.chances_of_success_percent))

    def finish(self) -> bool:
        """Make the move; True when saved (the dialog closes)."""
        move = rules.Move(
            action=str(self.action.currentData() or ""),
            stage=self.stage.currentData(),
            date_of_change=from_qdate(self.date_of_change.date()),
            estimated_value=decimal_of(self.estimated_value),
            chances_of_success=decimal_of(self.chances),
            estimated_close_date=from_qdate(self.close_date.date()),
        )
        try:
            row = opps.move_stage(self.ctx, self.no, move)
        except CrmError as exc:
            self._show_error(exc)
            return False
        self.unsaved.mark_clean()
        hub().changed("opportunity", keys={row.no, row.contact_no, row.contact_company_no})
        self.accept()
        return True


class CloseOpportunityDialog(_Dialog):
    """Close as Won or Lost with a close code, a closing date and (won) the sales."""

    def __init__(
        self,
        ctx: AppContext,
        no: str,
        parent: QWidget | None = None,
        *,
        quote_amount: Decimal | None = None,
    ) -> None:
        """`quote_amount`: opened while a linked quote is made into an order (documents):
        Won only, with the quote's amount."""
        super().__init__(parent)
        self.ctx = ctx
        self.no = no
        self.quote_amount = quote_amount
        self.setObjectName("close_opportunity")
        self.setWindowTitle(self.tr("Close Opportunity {no}").format(no=no))
        row = opps.get_opportunity(ctx, no)
        choices = opps.update_choices(ctx, no)
        self.won = QRadioButton(self.tr("Won"))
        self.won.setObjectName("close_won")
        self.lost = QRadioButton(self.tr("Lost"))
        self.lost.setObjectName("close_lost")
        group = QButtonGroup(self)
        group.addButton(self.won)
        group.addButton(self.lost)
        status = QHBoxLayout()
        status.addWidget(self.won)
        status.addWidget(self.lost)
        status.addStretch(1)
        self.close_code = QComboBox()
        self.close_code.setObjectName("close_code")
        self.date_of_change = date_edit(choices.date_of_change)
        self.date_of_change.setObjectName("close_date")
        self.sales = amount_edit(row.estimated_value if row.estimated_value else Decimal(0))
        self.sales.setObjectName("close_sales")
        self.quote = QLabel(
            self.tr("Sales quote {no} is linked: its amount is taken.").format(
                no=row.sales_document_no
            )
            if row.has_quote
            else self.tr("No sales quote is linked: type the sales below.")
        )
        self.quote.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Opportunity Status"), status)
        form.addRow(self.tr("Close Opportunity Code"), self.close_code)
        form.addRow(self.tr("Closing Date"), self.date_of_change)
        form.addRow(self.tr("Sales (LCY)"), self.sales)
        self._finish_layout(self.quote, form)
        self.won.toggled.connect(self._status_changed)
        self.lost.toggled.connect(self._status_changed)
        self.won.setChecked(True)
        if quote_amount is not None:
            self.lost.setEnabled(False)
            self.sales.setValue(float(quote_amount))
            self.sales.setEnabled(False)
        self.unsaved = UnsavedChanges(self, save=self.finish, name=self.windowTitle)
        self.unsaved.watch(self.won, self.lost, self.close_code, self.date_of_change, self.sales)

    def taken(self) -> str:
        """Won or Lost, as chosen."""
        return rules.WON if self.won.isChecked() else rules.LOST

    def _status_changed(self) -> None:
        taken = self.taken()
        codes = opps.close_codes(self.ctx, taken)
        self.close_code.clear()
        if len(codes) != 1:
            self.close_code.addItem("", "")
        for code, _type, description in codes:
            self.close_code.addItem(f"{code} · {description}", code)
        self.sales.setEnabled(taken == rules.WON and getattr(self, "quote_amount", None) is None)

    def finish(self, create_customer: bool | None = None) -> bool:
        """Close the opportunity; True when saved. A contact without a customer is asked about
        first (Yes creates it with the Marketing Setup template)."""
        close = opps.Close(
            taken=self.taken(),
            close_code=str(self.close_code.currentData() or ""),
            date_of_change=from_qdate(self.date_of_change.date()),
            sales=decimal_of(self.sales) if self.taken() == rules.WON else Decimal(0),
            create_customer=create_customer,
            quote_amount=self.quote_amount,
        )
        try:
            row = opps.close_opportunity(self.ctx, self.no, close)
        except opps.CustomerQuestion as question:
            answer = messages.ask(self, self.windowTitle(), messages.error_text(question))
            return self.finish(create_customer=answer)
        except CrmError as exc:
            self._show_error(exc)
            return False
        self.unsaved.mark_clean()
        kinds = ("opportunity", "customer", "contact") if create_customer else ("opportunity",)
        hub().changed(*kinds, keys={row.no, row.contact_no, row.contact_company_no})
        self.accept()
        return True
