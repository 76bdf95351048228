"""The Master Data page: pick a code table on the left, list and edit it on the right."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from crm_desktop.domain.masterdata import MASTER_TABLES, TABLES_BY_KEY
from crm_desktop.services.app import AppContext
from crm_desktop.ui.common.codes import CodeChoice, code_choices
from crm_desktop.ui.common.style import NAV_STYLE
from crm_desktop.ui.hub import hub
from crm_desktop.ui.masterdata.panel import MasterTablePanel, plural

# Tables listed in the selector; detail tables show under their parent.
TOP_TABLES = tuple(t for t in MASTER_TABLES if t.parent is None)
DETAIL_OF = {t.parent: t for t in MASTER_TABLES if t.parent is not None}


class MasterDataPage(QWidget):
    """Every master-data table on one page: salespeople, territories, countries/regions,
    languages, currencies, salutations (with formulas), business relations, sales cycles (with
    stages), interaction groups and interaction templates."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.panels: dict[str, MasterTablePanel] = {}
        self._views: dict[str, QWidget] = {}
        self.selector = QListWidget()
        self.selector.setObjectName("table_selector")
        for table in TOP_TABLES:
            item = QListWidgetItem(plural(table))
            item.setData(Qt.ItemDataRole.UserRole, table.key)
            self.selector.addItem(item)
        self.selector.setMaximumWidth(190)
        self.selector.setStyleSheet(NAV_STYLE)
        self.stack = QStackedWidget()
        layout = QHBoxLayout(self)
        layout.addWidget(self.selector)
        layout.addWidget(self.stack, 1)
        self.selector.currentRowChanged.connect(self._show_row)
        hub().data_changed.connect(self._data_changed)
        self.selector.setCurrentRow(0)

    def _codes(self, ref_table: str) -> list[CodeChoice]:
        return code_choices(self.ctx, ref_table)

    def _show_row(self, row: int) -> None:
        if row >= 0:
            self.show_table(TOP_TABLES[row].key)

    def show_table(self, key: str) -> MasterTablePanel:
        """Show a table (creating its view on first use) and return its panel."""
        if key not in self._views:
            panel = MasterTablePanel(self.ctx, TABLES_BY_KEY[key], self._codes)
            self.panels[key] = panel
            view: QWidget = panel
            detail_table = DETAIL_OF.get(key)
            if detail_table is not None:
                detail = MasterTablePanel(self.ctx, detail_table, self._codes)
                self.panels[detail_table.key] = detail
                splitter = QSplitter(Qt.Orientation.Vertical)
                splitter.addWidget(panel)
                splitter.addWidget(detail)
                if detail_table.key == "interaction_tmpl_language":
                    from crm_desktop.ui.interactions.template_attachments import (
                        TemplateAttachmentBar,
                    )

                    self.template_attachments = TemplateAttachmentBar(self.ctx, detail)
                    detail.layout().addWidget(self.template_attachments)
                splitter.setSizes([300, 300])
                panel.current_changed.connect(
                    lambda row, d=detail: d.set_parent_code(row["code"] if row else None)
                )
                view = splitter
            if key in ("interaction_template", "interaction_group"):
                from crm_desktop.ui.interactions.template_attachments import StatisticsLine

                self.statistics = StatisticsLine(self.ctx, panel, key)
                panel.layout().addWidget(self.statistics)
            self._views[key] = view
            self.stack.addWidget(view)
            panel.refresh()
        index = next(i for i, t in enumerate(TOP_TABLES) if t.key == key)
        if self.selector.currentRow() != index:
            self.selector.setCurrentRow(index)
        self.stack.setCurrentWidget(self._views[key])
        self.panels[key].focus_list()
        return self.panels[key]

    def panel(self, key: str) -> MasterTablePanel:
        """The panel of a table or detail table (its view is created if needed)."""
        if key not in self.panels:
            parent = TABLES_BY_KEY[key].parent
            self.show_table(parent or key)
        return self.panels[key]

    def refresh(self) -> None:
        """Read every open table again."""
        for key, panel in self.panels.items():
            if TABLES_BY_KEY[key].parent is None:
                panel.refresh()

    def _data_changed(self, kinds: set[str], _keys: object) -> None:
        # Any master-data change may rename a code shown in another table (a renamed interaction
        # group shows in the templates), so every open table reads again; they are small.
        if kinds & (set(TABLES_BY_KEY) | {"no_series"}) or not kinds:
            self.refresh()
