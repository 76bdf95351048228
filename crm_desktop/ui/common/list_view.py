"""The table every list page shows: keys and a context menu that work the same on every list.

Enter, Return and F2 open the current row, Delete asks to delete the selection, Ctrl+C copies
the selected rows as tab-separated text (Excel pastes it as cells), Home/End and Ctrl+Home/
Ctrl+End jump to the first or last row and keep the list's first column (the No.) in view, and
a right click offers Open / New / Delete / Copy / Export selection. The page connects the
signals to what they mean for its records.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QContextMenuEvent, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QMenu, QTableView, QWidget

from crm_desktop.ui.common.windowed_model import WindowedModel


class ListTableView(QTableView):
    """A read-only, row-selecting table with the list keys and context menu.

    Signals: `open_requested` (Enter, Return, F2, double click, menu Open), `new_requested`,
    `delete_requested` (Delete, menu Delete), `export_requested` (menu Export selection).
    """

    open_requested = Signal()
    new_requested = Signal()
    delete_requested = Signal()
    export_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(24)
        self.doubleClicked.connect(lambda _index: self.open_requested.emit())
        self.last_menu: QMenu | None = None  # the context menu shown last (tests)
        self.can_export = True
        self.can_new = True

    # --- keys ----------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter/Return/F2 open, Delete deletes, Ctrl+C copies; the rest as any table."""
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2):
            if self.currentIndex().isValid():
                self.open_requested.emit()
            return
        if key == Qt.Key.Key_Delete and not event.modifiers():
            if self.selected_rows():
                self.delete_requested.emit()
            return
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
            return
        super().keyPressEvent(event)

    def moveCursor(
        self, cursorAction: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        """Home/End (with or without Ctrl) go to the first/last row in the first column, so
        the No. stays in view; a row list has no use for the last column's far right."""
        action = QAbstractItemView.CursorAction
        if cursorAction in (action.MoveHome, action.MoveEnd) and self.model() is not None:
            rows = self.model().rowCount()
            if not rows:
                return QModelIndex()
            row = 0 if cursorAction == action.MoveHome else rows - 1
            return self.model().index(row, self.first_column())
        return super().moveCursor(cursorAction, modifiers)

    def select_row(self, row: int) -> None:
        """Make `row` the current row and the only one selected, and scroll to it (No. in
        view)."""
        model = self.model()
        if model is None or not 0 <= row < model.rowCount():
            return
        index = model.index(row, self.first_column())
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.selectionModel().setCurrentIndex(index, flags)
        self.scrollTo(index)

    def first_column(self) -> int:
        """The logical index of the leftmost visible column."""
        header = self.horizontalHeader()
        for visual in range(header.count()):
            logical = header.logicalIndex(visual)
            if not header.isSectionHidden(logical):
                return logical
        return 0

    # --- selection -----------------------------------------------------------------------

    def selected_rows(self) -> list[int]:
        """The selected rows, top to bottom (the current row if nothing is selected)."""
        model = self.selectionModel()
        rows: set[int] = set()
        if model is not None:
            for rng in model.selection():
                rows.update(range(rng.top(), rng.bottom() + 1))
        if not rows and self.currentIndex().isValid():
            rows.add(self.currentIndex().row())
        return sorted(rows)

    def selected_objects(self) -> list[object]:
        """The row objects of the selection, fetched if not in memory (WindowedModel)."""
        model = self.model()
        out: list[object] = []
        if not isinstance(model, WindowedModel):
            return out
        rows = self.selected_rows()
        start = prev = None
        for r in [*rows, None]:
            if r is not None and prev is not None and r == prev + 1:
                prev = r
                continue
            if start is not None and prev is not None:
                out.extend(model.fetch_rows(start, prev))
            start = prev = r
        return out

    def copy_selection(self) -> None:
        """Put the selected rows (visible columns, with their titles) on the clipboard."""
        model = self.model()
        if model is None:
            return
        header = self.horizontalHeader()
        columns = [
            header.logicalIndex(v)
            for v in range(header.count())
            if not header.isSectionHidden(header.logicalIndex(v))
        ]
        lines = ["\t".join(str(model.headerData(c, Qt.Orientation.Horizontal)) for c in columns)]
        if isinstance(model, WindowedModel):
            for row in self.selected_objects():
                cells = []
                for c in columns:
                    column = model.columns[c]
                    value = getattr(row, column.name, None)
                    if column.display is not None:
                        value = column.display(value)
                    cells.append(_cell_text(value))
                lines.append("\t".join(cells))
        else:
            for r in self.selected_rows():
                lines.append("\t".join(_cell_text(model.index(r, c).data()) for c in columns))
        QGuiApplication.clipboard().setText("\n".join(lines) + "\n")

    # --- context menu --------------------------------------------------------------------

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """Open / New / Delete / Copy / Export selection for the row under the mouse."""
        index = self.indexAt(event.pos())
        if index.isValid() and not self.selectionModel().isRowSelected(index.row()):
            self.setCurrentIndex(index)
        menu = self.build_menu()
        self.last_menu = menu
        menu.popup(self.viewport().mapToGlobal(event.pos()) if event else QPoint())

    def build_menu(self) -> QMenu:
        """The context menu, its entries enabled as the selection allows."""
        tr = QCoreApplication.translate
        menu = QMenu(self)
        has_rows = bool(self.selected_rows())

        def add(name: str, text: str, keys: QKeySequence | None, slot: Callable[[], None]) -> None:
            action = QAction(text, menu)
            action.setObjectName(name)
            if keys is not None:
                action.setShortcut(keys)
                action.setShortcutVisibleInContextMenu(True)
            action.triggered.connect(slot)
            menu.addAction(action)

        add(
            "menu_open",
            tr("ListTableView", "Open"),
            QKeySequence(Qt.Key.Key_Return),
            self.open_requested.emit,
        )
        if self.can_new:
            add(
                "menu_new",
                tr("ListTableView", "New"),
                QKeySequence("Ctrl+N"),
                self.new_requested.emit,
            )
        add(
            "menu_delete",
            tr("ListTableView", "Delete"),
            QKeySequence(Qt.Key.Key_Delete),
            self.delete_requested.emit,
        )
        menu.addSeparator()
        add(
            "menu_copy",
            tr("ListTableView", "Copy"),
            QKeySequence(QKeySequence.StandardKey.Copy),
            self.copy_selection,
        )
        if self.can_export:
            add(
                "menu_export",
                tr("ListTableView", "Export selection…"),
                None,
                self.export_requested.emit,
            )
        for action in menu.actions():
            if action.objectName() in ("menu_open", "menu_delete", "menu_copy", "menu_export"):
                action.setEnabled(has_rows)
        return menu


def _cell_text(value: object) -> str:
    text = "" if value is None else str(value)
    return text.replace("\t", " ").replace("\n", " ")
