"""The Opportunities section of a contact's card: its figures (a company's over its persons),
its opportunities, and Create Opportunity."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.errors import CrmError
from crm_desktop.services import opportunities as opps
from crm_desktop.services.app import AppContext
from crm_desktop.ui import messages
from crm_desktop.ui.hub import hub
from crm_desktop.ui.opportunities.card import open_card
from crm_desktop.ui.opportunities.format import money
from crm_desktop.ui.opportunities.list_model import OpportunityListModel


class ContactOpportunitiesBox(QGroupBox):
    """Opportunity figures and list of one contact; `set_contact(no)` shows another."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Opportunities"), parent)
        self.setObjectName("contact_opportunities")
        self.ctx = ctx
        self.no = ""
        self.figures = QLabel()
        self.figures.setObjectName("contact_opportunity_figures")
        self.create_button = QPushButton(self.tr("Create Opportunity..."))
        self.create_button.setObjectName("contact_create_opportunity")
        self.create_button.clicked.connect(self.create)
        self.model = OpportunityListModel(self)
        self.view = QTableView()
        self.view.setObjectName("contact_opportunity_list")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        for column in (3, 4, 8):  # salesperson, cycle, probability: on the card
            self.view.setColumnHidden(column, True)
        for column, width in ((0, 80), (1, 170), (2, 130), (5, 150), (6, 90), (7, 110), (9, 110)):
            self.view.horizontalHeader().resizeSection(column, width)
        self.view.setMinimumHeight(110)
        self.view.doubleClicked.connect(self._open)
        top = QHBoxLayout()
        top.addWidget(self.figures, 1)
        top.addWidget(self.create_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view)
        hub().data_changed.connect(self._on_data_changed)
        self.hide()  # shown once the card has a stored contact

    def set_contact(self, no: str) -> None:
        """Show contact `no`'s figures and opportunities."""
        self.no = no
        self.show()
        self.refresh()

    def refresh(self) -> None:
        """Read the figures again."""
        if not self.no:
            return
        f = opps.contact_figures(self.ctx, self.no)
        self.figures.setText(
            self.tr(
                "No. of Opportunities: {count} ({open} open) · Estimated Value (LCY): "
                "{estimated} · Calcd. Current Value (LCY): {current}"
            ).format(
                count=f.count,
                open=f.open_count,
                estimated=money(f.estimated_value),
                current=money(f.current_value),
            )
        )
        rows = opps.list_opportunities(self.ctx, opps.OpportunityFilter(contact_no=self.no))
        self.model.set_rows(rows)
        self.view.setVisible(bool(rows))

    def create(self) -> None:
        """The Create Opportunity wizard for this contact; the new card opens after it."""
        from crm_desktop.ui.opportunities.wizard import CreateOpportunityDialog

        try:
            dialog = CreateOpportunityDialog(self.ctx, self.no, self.window())
        except CrmError as exc:
            messages.show_error(self, exc)
            return
        if dialog.exec() and dialog.result_row is not None:
            open_card(self.ctx, dialog.result_row.no, self.window())

    def _open(self, index: object) -> None:
        row = self.model.rows[index.row()]  # type: ignore[attr-defined]
        open_card(self.ctx, row.no, self.window())

    def _on_data_changed(self, kinds: set[str], keys: set[str] | None) -> None:
        if "opportunity" in kinds and (keys is None or self.no in keys):
            self.refresh()
