"""The No. Series page: every number series, its lines, and the number each would give next.

Header: the work date the page computes with. Above: the series with the number each gives next
on the work date. Below: the lines of the chosen series with Last No. Used, Last Date Used, Open and
the next number (a peek: nothing is used up). "Test series" says which number the series would
give, or why it would not.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.errors import CrmError
from crm_desktop.services import numbering as ns
from crm_desktop.services import setup as setup_service
from crm_desktop.services.app import AppContext
from crm_desktop.ui import messages
from crm_desktop.ui.hub import hub
from crm_desktop.ui.numbering.dialogs import LineDialog, RelatedDialog, SeriesDialog, open_dialog
from crm_desktop.ui.numbering.models import LinesModel, SeriesModel, SeriesView, date_text

KINDS = {"no_series", "user_setup", "marketing_setup"}


def _table(model: SeriesModel | LinesModel, name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    view.setAlternatingRowColors(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def _with_hint(view: QTableView, hint: QLabel) -> QStackedWidget:
    """The table, or a sentence saying why it is empty and what to do."""
    hint.setWordWrap(True)
    hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
    hint.setStyleSheet("color: #555; padding: 24px;")
    stack = QStackedWidget()
    stack.addWidget(view)
    stack.addWidget(hint)
    return stack


class NoSeriesPage(QWidget):
    """Number series and their lines: create, change, delete, and test them."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.work_date = setup_service.work_date(ctx)
        self.dialog: SeriesDialog | LineDialog | RelatedDialog | None = None

        title = QLabel(f"<h2>{self.tr('No. Series')}</h2>")
        self.work_date_label = QLabel()
        self.work_date_label.setObjectName("work_date")
        self.work_date_label.setToolTip(
            self.tr(
                "Numbers are drawn for this date. Change it on the Marketing Setup page, Defaults tab (Work Date)."
            )
        )
        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(self.work_date_label)

        self.series_model = SeriesModel(self)
        self.series_view = _table(self.series_model, "series_table")
        self.series_hint = QLabel(
            self.tr("There are no number series yet.\nPress New series (Ctrl+N) to create one.")
        )
        self.series_stack = _with_hint(self.series_view, self.series_hint)
        self.new_series_button = QPushButton(self.tr("&New series"))
        self.edit_series_button = QPushButton(self.tr("&Edit series"))
        self.delete_series_button = QPushButton(self.tr("Delete series"))
        self.test_button = QPushButton(self.tr("&Test series"))
        self.related_button = QPushButton(self.tr("Related series…"))
        self.related_button.setToolTip(
            self.tr("Other series that records numbered from this one may use (Ctrl+R)")
        )
        self.new_series_button.setToolTip(self.tr("Ctrl+N"))
        self.edit_series_button.setToolTip(self.tr("F2"))
        self.test_button.setToolTip(
            self.tr("Show the number this series would give next, without using it (Ctrl+T)")
        )
        series_buttons = QHBoxLayout()
        for b in (
            self.new_series_button,
            self.edit_series_button,
            self.delete_series_button,
            self.test_button,
            self.related_button,
        ):
            series_buttons.addWidget(b)
        series_buttons.addStretch(1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(f"<b>{self.tr('Series')}</b>"))
        left_layout.addWidget(self.series_stack, 1)
        left_layout.addLayout(series_buttons)

        self.lines_model = LinesModel(self)
        self.lines_view = _table(self.lines_model, "lines_table")
        self.lines_view.horizontalHeader().setStretchLastSection(False)
        self.lines_title = QLabel()
        self.lines_hint = QLabel()
        self.lines_stack = _with_hint(self.lines_view, self.lines_hint)
        self.new_line_button = QPushButton(self.tr("New &line"))
        self.edit_line_button = QPushButton(self.tr("Edit l&ine"))
        self.delete_line_button = QPushButton(self.tr("Delete line"))
        self.new_line_button.setToolTip(self.tr("Ctrl+L"))
        line_buttons = QHBoxLayout()
        for b in (self.new_line_button, self.edit_line_button, self.delete_line_button):
            line_buttons.addWidget(b)
        line_buttons.addStretch(1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.lines_title)
        right_layout.addWidget(self.lines_stack, 1)
        right_layout.addLayout(line_buttons)

        # Series above their lines, both full width: a line has nine columns to show.
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        # The description takes the room left in the series list.
        self.series_view.horizontalHeader().setStretchLastSection(False)
        self.series_view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)

        self.new_series_button.clicked.connect(self.new_series)
        self.edit_series_button.clicked.connect(self.edit_series)
        self.delete_series_button.clicked.connect(self.delete_series)
        self.test_button.clicked.connect(self.test_series)
        self.related_button.clicked.connect(self.edit_related)
        self.new_line_button.clicked.connect(self.new_line)
        self.edit_line_button.clicked.connect(self.edit_line)
        self.delete_line_button.clicked.connect(self.delete_line)
        self.series_view.doubleClicked.connect(lambda _i: self.edit_series())
        self.lines_view.doubleClicked.connect(lambda _i: self.edit_line())
        shortcuts = (
            ("Ctrl+N", self, self.new_series),
            ("F2", self.series_view, self.edit_series),
            ("Delete", self.series_view, self.delete_series),
            ("Ctrl+T", self, self.test_series),
            ("Ctrl+R", self, self.edit_related),
            ("Ctrl+L", self, self.new_line),
            ("F2", self.lines_view, self.edit_line),
            ("Return", self.lines_view, self.edit_line),
            ("Delete", self.lines_view, self.delete_line),
            ("F5", self, self.refresh),
        )
        for key, owner, slot in shortcuts:
            sc = QShortcut(QKeySequence(key), owner)
            # Page-wide keys work as soon as the page is shown (Qt ignores hidden pages' keys);
            # Delete, F2 and Return act on the table that has the focus.
            sc.setContext(
                Qt.ShortcutContext.WindowShortcut
                if owner is self
                else Qt.ShortcutContext.WidgetWithChildrenShortcut
            )
            sc.activated.connect(slot)
        self.series_view.selectionModel().selectionChanged.connect(lambda *_: self._load_lines())
        self.lines_view.selectionModel().selectionChanged.connect(lambda *_: self._line_buttons())
        hub().data_changed.connect(self._on_data_changed)
        self.refresh()
        if self.series_model.rows:
            self.select_series(self.series_model.rows[0].series.code)

    # --- reading -------------------------------------------------------------------------------

    def current_code(self) -> str | None:
        """The code of the chosen series, if any."""
        rows = self.series_view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.series_model.rows[rows[0].row()].series.code

    def current_line(self) -> ns.LineRow | None:
        """The chosen line, if any."""
        rows = self.lines_view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.lines_model.rows[rows[0].row()]

    def refresh(self) -> None:
        """Re-read the work date, the series and the chosen series' lines."""
        keep = self.current_code()
        self.work_date = setup_service.work_date(self.ctx)
        self.work_date_label.setText(
            self.tr("Work date: {date}").format(date=date_text(self.work_date))
        )
        views = []
        for row in ns.list_series(self.ctx):
            try:
                views.append(SeriesView(row, ns.peek_next(self.ctx, row.code, self.work_date), ""))
            except CrmError as err:
                views.append(SeriesView(row, "", messages.error_text(err)))
        self.series_model.set_rows(views)
        self.series_stack.setCurrentIndex(0 if views else 1)
        if keep and any(v.series.code == keep for v in views):
            self.select_series(keep)
        self._load_lines()

    def select_series(self, code: str) -> None:
        """Choose a series in the list and show its lines."""
        for i, view in enumerate(self.series_model.rows):
            if view.series.code == code:
                sel = self.series_view.selectionModel()
                sel.blockSignals(True)
                sel.select(
                    self.series_model.index(i, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                sel.setCurrentIndex(
                    self.series_model.index(i, 0), QItemSelectionModel.SelectionFlag.NoUpdate
                )
                sel.blockSignals(False)
                break
        self._load_lines()

    def _load_lines(self) -> None:
        code = self.current_code()
        if not hasattr(self, "_lines_connected"):
            self.series_view.selectionModel().selectionChanged.connect(
                lambda *_: self._load_lines()
            )
            self._lines_connected = True
        has = code is not None
        for b in (
            self.edit_series_button,
            self.delete_series_button,
            self.test_button,
            self.related_button,
            self.new_line_button,
        ):
            b.setEnabled(has)
        if code is None:
            self.lines_model.set_rows([])
            self.lines_title.setText(f"<b>{self.tr('Lines')}</b>")
            self.lines_hint.setText(self.tr("Choose a series on the left to see its lines."))
            self.lines_stack.setCurrentIndex(1)
        else:
            chosen = self.current_line()
            lines = ns.list_lines(self.ctx, code)
            try:
                self.lines_model.in_use = ns.peek(self.ctx, code, self.work_date).line_no
            except CrmError:
                self.lines_model.in_use = None
            self.lines_model.set_rows(lines)
            self.lines_title.setText(f"<b>{self.tr('Lines of {code}').format(code=code)}</b>")
            self.lines_hint.setText(
                self.tr(
                    "Series {code} has no lines, so it cannot give numbers.\n"
                    "Press New line (Ctrl+L) and enter a Starting No. such as {code}0001."
                ).format(code=code)
            )
            self.lines_stack.setCurrentIndex(0 if lines else 1)
            # Keep the chosen line; else start on the line the work date uses.
            want = (
                chosen.line_no if chosen and chosen.series_code == code else self.lines_model.in_use
            )
            keep = [i for i, ln in enumerate(lines) if ln.line_no == want]
            if lines:
                self.lines_view.selectRow(keep[0] if keep else 0)
        self._line_buttons()

    def _line_buttons(self) -> None:
        line_chosen = self.current_line() is not None
        self.edit_line_button.setEnabled(line_chosen)
        self.delete_line_button.setEnabled(line_chosen)

    def _on_data_changed(self, kinds: set[str], _keys: object) -> None:
        if kinds & KINDS:
            self.refresh()

    def _saved(self, code: str | None = None) -> None:
        hub().changed("no_series")
        if code:
            self.select_series(code)

    # --- actions -------------------------------------------------------------------------------

    def new_series(self) -> None:
        """Open the dialog for a new series."""
        self.dialog = SeriesDialog(self.ctx, None, self)
        dlg = self.dialog
        open_dialog(dlg, lambda: self._saved(dlg.result_value.code))

    def edit_series(self) -> None:
        """Open the chosen series for editing."""
        code = self.current_code()
        if code is None:
            return
        self.dialog = SeriesDialog(self.ctx, ns.get_series(self.ctx, code), self)
        dlg = self.dialog
        open_dialog(dlg, lambda: self._saved(dlg.result_value.code))

    def delete_series(self) -> None:
        """Delete the chosen series with its lines, after asking."""
        code = self.current_code()
        if code is None:
            return
        question = self.tr("Delete number series {code} and all its lines?").format(code=code)
        if not messages.ask(self, self.tr("Delete series"), question):
            return
        try:
            ns.delete_series(self.ctx, code)
        except CrmError as err:
            messages.show_error(self, err)
            return
        self._saved()

    def test_series(self) -> None:
        """BC's "Test No. Series": the number the series would give on the work date, or why not."""
        code = self.current_code()
        if code is None:
            return
        try:
            issued = ns.peek(self.ctx, code, self.work_date)
        except CrmError as err:
            self.status.setText(messages.error_text(err))
            messages.show_error(self, err, self.tr("Test series"))
            return
        text = self.tr(
            "Series {code} would give {number} next on {date}. Nothing was used up."
        ).format(code=code, number=issued.number, date=date_text(self.work_date))
        if issued.warning is not None:
            text += "\n" + issued.warning.format_with(
                QCoreApplication.translate(issued.warning.context, issued.warning.template)
            )
        self.status.setText(text)
        messages.inform(self, self.tr("Test series"), text)

    def edit_related(self) -> None:
        """Open the related series of the chosen series."""
        code = self.current_code()
        if code is None:
            return
        self.dialog = RelatedDialog(self.ctx, code, self)
        open_dialog(self.dialog, lambda: None)

    def new_line(self) -> None:
        """Open the dialog for a new line of the chosen series."""
        code = self.current_code()
        if code is None:
            return
        self.dialog = LineDialog(self.ctx, code, None, self.work_date, self)
        open_dialog(self.dialog, lambda: self._saved(code))

    def edit_line(self) -> None:
        """Open the chosen line for editing."""
        code, line = self.current_code(), self.current_line()
        if code is None or line is None:
            return
        self.dialog = LineDialog(self.ctx, code, line, self.work_date, self)
        open_dialog(self.dialog, lambda: self._saved(code))

    def delete_line(self) -> None:
        """Delete the chosen line, after asking."""
        code, line = self.current_code(), self.current_line()
        if code is None or line is None:
            return
        question = self.tr("Delete the line of {code} starting at {number}?").format(
            code=code, number=line.starting_no or line.last_no_used or "—"
        )
        if not messages.ask(self, self.tr("Delete line"), question):
            return
        try:
            ns.delete_line(self.ctx, code, line.line_no)
        except CrmError as err:
            messages.show_error(self, err)
            return
        self._saved(code)
