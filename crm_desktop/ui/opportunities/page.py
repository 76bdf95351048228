"""The Opportunities page: the pipeline at a glance beside the list it filters.

Left, two bar charts of our own (ui/opportunities/charts.py): open opportunities by stage
(estimated and current value, the count above each stage) and won/lost per month over the last
twelve months. Right, the opportunities matching the filters (salesperson, sales cycle, closing
month, status, text). Hovering a bar shows its figures; clicking one filters the list to that
stage or month (clicking it again clears it). Double-click or Enter opens an opportunity's card.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain import opportunities as rules
from crm_desktop.domain.errors import CrmError
from crm_desktop.services import contacts
from crm_desktop.services import opportunities as opps
from crm_desktop.services.app import AppContext
from crm_desktop.services.setup import work_date
from crm_desktop.ui import messages
from crm_desktop.ui.common.windowed_model import WindowColumn, WindowedModel
from crm_desktop.ui.hub import hub
from crm_desktop.ui.opportunities.card import open_card
from crm_desktop.ui.opportunities.charts import BarChart, Series
from crm_desktop.ui.opportunities.format import date_text, money, percent, status_text
from crm_desktop.ui.opportunities.wizard import fill_codes

ESTIMATED_COLOR = QColor("#4f81bd")
CURRENT_COLOR = QColor("#f2a93b")
WON_COLOR = QColor("#4caf50")
LOST_COLOR = QColor("#d9534f")


def _month_name(year: int, month: int) -> str:
    from PySide6.QtCore import QDate, QLocale

    return QLocale().toString(QDate(year, month, 1), "MMM yyyy")


class OpportunitiesPage(QWidget):
    """The pipeline charts beside the filterable list of opportunities."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.stage_filter: int | None = None
        self.month_filter: tuple[int, int, str] | None = None  # year, month, won/lost
        self.stage_figures: list[opps.StageFigures] = []
        self.month_figures: list[opps.MonthFigures] = []

        self.salesperson = QComboBox()
        self.salesperson.setObjectName("filter_salesperson")
        self.sales_cycle = QComboBox()
        self.sales_cycle.setObjectName("filter_sales_cycle")
        self.closing_month = QComboBox()
        self.closing_month.setObjectName("filter_closing_month")
        self.status = QComboBox()
        self.status.setObjectName("filter_status")
        for value, label in (
            ("open", self.tr("Open")),
            (rules.NOT_STARTED, self.tr("Not Started")),
            (rules.IN_PROGRESS, self.tr("In Progress")),
            (rules.WON, self.tr("Won")),
            (rules.LOST, self.tr("Lost")),
            ("", self.tr("All")),
        ):
            self.status.addItem(label, value)
        self.search = QLineEdit()
        self.search.setObjectName("filter_text")
        self.search.setPlaceholderText(self.tr("Search no. or description"))
        self.search.setClearButtonEnabled(True)
        self.new_button = QPushButton(self.tr("New Opportunity..."))
        self.new_button.setObjectName("new_opportunity")
        self.new_button.setToolTip(
            self.tr("Create an opportunity for a contact (also on its card)")
        )
        bar = QHBoxLayout()
        for caption, widget in (
            (self.tr("Salesperson"), self.salesperson),
            (self.tr("Sales Cycle"), self.sales_cycle),
            (self.tr("Closing Month"), self.closing_month),
            (self.tr("Status"), self.status),
        ):
            bar.addWidget(QLabel(caption))
            bar.addWidget(widget)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.new_button)

        self.stage_chart = BarChart(
            (
                Series(self.tr("Estimated value"), ESTIMATED_COLOR),
                Series(self.tr("Current value"), CURRENT_COLOR),
            ),
            self.tr(
                "No open opportunities match the filters. Create one from a contact's card "
                "or with New Opportunity."
            ),
            value_text=_short_amount,
        )
        self.stage_chart.setObjectName("stage_chart")
        self.month_chart = BarChart(
            (Series(self.tr("Won"), WON_COLOR), Series(self.tr("Lost"), LOST_COLOR)),
            self.tr("No opportunity was won or lost in the last twelve months."),
            value_text=_short_amount,
        )
        self.month_chart.setObjectName("month_chart")
        charts = QWidget()
        charts_layout = QVBoxLayout(charts)
        charts_layout.setContentsMargins(0, 0, 0, 0)
        self.stage_title = QLabel()
        self.stage_title.setObjectName("stage_chart_title")
        charts_layout.addWidget(self.stage_title)
        charts_layout.addWidget(self.stage_chart, 1)
        month_title = QLabel(self.tr("<b>Won and lost per month</b> (value; hover for counts)"))
        charts_layout.addWidget(month_title)
        charts_layout.addWidget(self.month_chart, 1)

        self.sort: tuple[str, bool] = ("no", True)
        self.model = WindowedModel(
            self._columns(),
            count=lambda q: opps.count_opportunities(self.ctx, q),
            fetch=lambda q, offset, limit: opps.fetch_opportunities(self.ctx, q, offset, limit),
            sort_query=self._sorted,
            key_of=lambda row: row.no,
            parent=self,
        )
        self.model.counted.connect(self._counted)
        self.model.failed.connect(lambda error: messages.show_error(self, error))
        self.view = QTableView()
        self.view.setObjectName("opportunity_list")
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(24)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in ((0, 78), (1, 140), (2, 130), (3, 84), (4, 70), (5, 130), (6, 80)):
            header.resizeSection(column, width)
        self.view.doubleClicked.connect(lambda index: self.open_row(index.row()))
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.view, activated=self._open_current)
        QShortcut(QKeySequence.StandardKey.New, self, activated=self.new_opportunity)
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.search.setFocus)
        QShortcut(QKeySequence.StandardKey.Refresh, self, activated=self.refresh)
        self.chart_filter = QLabel()
        self.chart_filter.setObjectName("chart_filter")
        self.clear_chart_filter = QPushButton(self.tr("Show all"))
        self.clear_chart_filter.setObjectName("clear_chart_filter")
        self.clear_chart_filter.clicked.connect(self.clear_chart_choice)
        self.count = QLabel()
        self.count.setObjectName("list_count")
        list_top = QHBoxLayout()
        list_top.addWidget(self.chart_filter, 1)
        list_top.addWidget(self.clear_chart_filter)
        list_top.addWidget(self.count)
        list_widget = QWidget()
        list_layout = QVBoxLayout(list_widget)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addLayout(list_top)
        list_layout.addWidget(self.view, 1)

        splitter = QSplitter()
        splitter.addWidget(charts)
        splitter.addWidget(list_widget)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 6)
        splitter.setSizes([520, 640])
        title = QLabel(f"<h2>{self.tr('Opportunities')}</h2>")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)

        self._fill_filters()
        for combo in (self.salesperson, self.sales_cycle, self.closing_month, self.status):
            combo.currentIndexChanged.connect(self.refresh)
        self.search.textChanged.connect(self.refresh)
        self.new_button.clicked.connect(self.new_opportunity)
        self.stage_chart.bar_clicked.connect(self._stage_clicked)
        self.month_chart.bar_clicked.connect(self._month_clicked)
        hub().data_changed.connect(self._on_data_changed)
        self.refresh()

    # --- filters -------------------------------------------------------------------------

    def _fill_filters(self) -> None:
        for combo in (self.salesperson, self.sales_cycle, self.closing_month):
            combo.blockSignals(True)
        sp = str(self.salesperson.currentData() or "")
        fill_codes(self.salesperson, opps.salespeople(self.ctx), sp, self.tr("(all)"))
        current = self.sales_cycle.currentData()
        cycle = opps.default_sales_cycle(self.ctx) if current is None else str(current)
        cycles = [(c, d) for c, d, _blocked in opps.sales_cycles(self.ctx)]
        fill_codes(self.sales_cycle, cycles, cycle, self.tr("(all)"))
        month = self.closing_month.currentData()
        self.closing_month.clear()
        self.closing_month.addItem(self.tr("(any)"), None)
        today = work_date(self.ctx)
        for i in range(-3, 13):
            index = today.year * 12 + today.month - 1 + i
            ym = (index // 12, index % 12 + 1)
            self.closing_month.addItem(_month_name(*ym), f"{ym[0]:04d}-{ym[1]:02d}")
        self.closing_month.setCurrentIndex(max(0, self.closing_month.findData(month)))
        for combo in (self.salesperson, self.sales_cycle, self.closing_month):
            combo.blockSignals(False)

    def current_filter(self) -> opps.OpportunityFilter:
        """The filter the list shows (including a bar chosen on a chart)."""
        status = str(self.status.currentData() or "") or None
        closed_month = None
        if self.stage_filter is not None:
            status = rules.IN_PROGRESS
        if self.month_filter is not None:
            year, month, taken = self.month_filter
            closed_month = (year, month)
            status = taken
        return opps.OpportunityFilter(
            salesperson_code=str(self.salesperson.currentData() or "") or None,
            sales_cycle_code=str(self.sales_cycle.currentData() or "") or None,
            closing_month=_year_month(self.closing_month.currentData()),
            stage=self.stage_filter,
            status=status,
            closed_month=closed_month,
            text=self.search.text(),
            sort=self.sort[0],
            descending=self.sort[1],
        )

    def _sorted(
        self, query: opps.OpportunityFilter | None, column: str, descending: bool
    ) -> opps.OpportunityFilter | None:
        self.sort = (column, descending)
        return replace(query, sort=column, descending=descending) if query is not None else None

    def _counted(self) -> None:
        self.count.setText(self.tr("%n opportunities", "", self.model.total))

    def _columns(self) -> list[WindowColumn]:
        return [
            WindowColumn("no", self.tr("No.")),
            WindowColumn("description", self.tr("Description")),
            WindowColumn("contact_name", self.tr("Contact")),
            WindowColumn("salesperson_code", self.tr("Salesperson")),
            WindowColumn("sales_cycle_code", self.tr("Sales Cycle")),
            WindowColumn("stage_label", self.tr("Stage")),
            WindowColumn("status", self.tr("Status"), display=status_text),
            WindowColumn(
                "estimated_value", self.tr("Estimated Value (LCY)"), display=money, align_right=True
            ),
            WindowColumn(
                "probability", self.tr("Probability %"), display=percent, align_right=True
            ),
            WindowColumn(
                "current_value",
                self.tr("Calcd. Current Value (LCY)"),
                display=money,
                align_right=True,
            ),
            WindowColumn(
                "estimated_close_date", self.tr("Estimated Closing Date"), display=date_text
            ),
        ]

    def shown_rows(self) -> list[opps.OpportunityRow]:
        """Every row the list selects, fetched now (tests, copy)."""
        self.model.wait()
        total = self.model.rowCount()
        return list(self.model.fetch_rows(0, total - 1)) if total else []

    def refresh(self) -> None:
        """Read the figures and the list again."""
        f = self.current_filter()
        # One sales cycle chosen: its column would say the same on every row.
        self.view.setColumnHidden(4, bool(f.sales_cycle_code))
        if f == self.model.query:
            self.model.refresh()  # the rows on screen stay until the new ones are in
        else:
            self.model.set_query(f)
        try:
            self.stage_figures = opps.pipeline(self.ctx, f)
            self.month_figures = opps.won_lost_by_month(self.ctx, work_date(self.ctx), 12, f)
        except CrmError as exc:
            messages.show_error(self, exc)
            return
        self._show_stage_chart(f)
        self._show_month_chart()
        if self.stage_filter is not None:
            self.chart_filter.setText(
                self.tr("Open at stage {stage} (chosen on the chart)").format(
                    stage=self.stage_filter
                )
            )
        elif self.month_filter is not None:
            year, month, taken = self.month_filter
            self.chart_filter.setText(
                self.tr("{status} in {month} (chosen on the chart)").format(
                    status=status_text(taken), month=_month_name(year, month)
                )
            )
        else:
            self.chart_filter.setText("")
        self.clear_chart_filter.setVisible(
            self.stage_filter is not None or self.month_filter is not None
        )

    def _show_stage_chart(self, f: opps.OpportunityFilter) -> None:
        figures = self.stage_figures
        cycle = f.sales_cycle_code
        self.stage_title.setText(
            self.tr("<b>Open opportunities by stage</b> of sales cycle {code}").format(code=cycle)
            if cycle
            else self.tr("<b>Open opportunities by stage</b> (all sales cycles)")
        )
        labels = [f"{s.stage} {s.description}".strip() for s in figures]
        values = [[float(s.estimated_value), float(s.current_value)] for s in figures]
        tips = []
        for s in figures:
            text = self.tr(
                "Stage {stage} {description}\n{count} open\nEstimated value: {estimated}\n"
                "Current value: {current}"
            ).format(
                stage=s.stage,
                description=s.description,
                count=s.count,
                estimated=money(s.estimated_value),
                current=money(s.current_value),
            )
            tips.append([text, text])
        notes = [str(s.count) if s.count else "" for s in figures]
        self.stage_chart.set_data(labels, values, tips, notes)
        chosen = next((i for i, s in enumerate(figures) if s.stage == self.stage_filter), -1)
        self.stage_chart.set_selected(chosen)

    def _show_month_chart(self) -> None:
        months = self.month_figures
        labels = [_month_name(m.year, m.month)[:3] for m in months]
        values = [[float(m.won_value), float(m.lost_value)] for m in months]
        tips = []
        for m in months:
            text = self.tr("{month}\nWon: {won} ({won_value})\nLost: {lost} ({lost_value})").format(
                month=_month_name(m.year, m.month),
                won=m.won_count,
                won_value=money(m.won_value),
                lost=m.lost_count,
                lost_value=money(m.lost_value),
            )
            tips.append([text, text])
        self.month_chart.set_data(labels, values, tips)
        chosen = -1
        if self.month_filter is not None:
            chosen = next(
                (i for i, m in enumerate(months) if (m.year, m.month) == self.month_filter[:2]),
                -1,
            )
        self.month_chart.set_selected(chosen)

    def _stage_clicked(self, category: int, _series: int) -> None:
        self.month_filter = None
        self.stage_filter = None if category < 0 else self.stage_figures[category].stage
        self.refresh()

    def _month_clicked(self, category: int, series: int) -> None:
        self.stage_filter = None
        if category < 0:
            self.month_filter = None
        else:
            m = self.month_figures[category]
            self.month_filter = (m.year, m.month, rules.WON if series == 0 else rules.LOST)
        self.refresh()

    def clear_chart_choice(self) -> None:
        """Show the list without the stage or month chosen on a chart."""
        self.stage_filter = None
        self.month_filter = None
        self.refresh()

    # --- opening -------------------------------------------------------------------------

    def row_at(self, view_row: int) -> opps.OpportunityRow | None:
        """The opportunity shown in a view row (None while its block is on its way)."""
        row = self.model.row_at(view_row)
        return row if isinstance(row, opps.OpportunityRow) else None

    def open_row(self, view_row: int) -> QWidget | None:
        """Open the card of the opportunity in a view row."""
        row = self.row_at(view_row)
        return open_card(self.ctx, row.no, self) if row is not None else None

    def _open_current(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.open_row(index.row())

    def new_opportunity(self) -> None:
        """Create Opportunity for a contact asked by number."""
        from crm_desktop.ui.opportunities.wizard import CreateOpportunityDialog

        text, ok = QInputDialog.getText(
            self,
            self.tr("New Opportunity"),
            self.tr("Contact No. or company name of the opportunity:"),
        )
        if not ok or not text.strip():
            return
        no = text.strip().upper()
        found = contacts.resolve_company(self.ctx, text)
        if len(found) == 1:
            no = found[0].no
        elif len(found) > 1 and found[0].no != no:
            messages.show_error(
                self,
                self.tr("{n} companies match {text}: type the contact number.").format(
                    n=len(found), text=text.strip()
                ),
            )
            return
        try:
            dialog = CreateOpportunityDialog(self.ctx, no, self)
        except CrmError as exc:
            messages.show_error(self, exc)
            return
        if dialog.exec() and dialog.result_row is not None:
            open_card(self.ctx, dialog.result_row.no, self)

    def _on_data_changed(self, kinds: set[str], keys: set[str] | None) -> None:
        if kinds & {"opportunity", "contact", "salesperson", "sales_cycle", "marketing_setup"}:
            self._fill_filters()
            self.refresh()


def _year_month(data: object) -> tuple[int, int] | None:
    """'2026-11' (a closing month combo's data) as (2026, 11); None for any."""
    if not isinstance(data, str) or not data:
        return None
    return int(data[:4]), int(data[5:7])


def _short_amount(value: float) -> str:
    """Axis labels: 750 / 2.5k / 3.2M."""
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:.1f}M".replace(".0M", "M")
    if abs(value) >= 1000:
        return f"{value / 1000:.1f}k".replace(".0k", "k")
    return f"{value:,.0f}"
