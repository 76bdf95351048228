"""One master-data table: a sortable list with New, Edit, Rename, Delete and Refresh."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.errors import CrmError
from crm_desktop.domain.masterdata import MasterTable
from crm_desktop.services import masterdata
from crm_desktop.services.app import AppContext
from crm_desktop.ui import messages
from crm_desktop.ui.common.codes import CodeChoice
from crm_desktop.ui.common.fields import FieldSpec, from_master
from crm_desktop.ui.common.form import FieldForm
from crm_desktop.ui.common.form_dialog import FormDialog
from crm_desktop.ui.common.rows_model import ROW_ROLE, RowsModel, sorting_proxy
from crm_desktop.ui.hub import hub

Row = dict[str, Any]
NEW_CODE = QT_TRANSLATE_NOOP("masterdata", "New Code")


def caption(table: MasterTable) -> str:
    """The table's singular caption in the user's language."""
    return QCoreApplication.translate("masterdata", table.caption)


def plural(table: MasterTable) -> str:
    """The table's plural caption in the user's language."""
    return QCoreApplication.translate("masterdata", table.plural)


class MasterTablePanel(QWidget):
    """Lists one master-data table (for a detail table: the rows of one parent) and edits it.

    Keys while the panel has focus: Ins/Ctrl+N new, Enter edit, Del delete, F2 rename, F5 refresh.
    """

    current_changed = Signal(object)  # the selected row (dict) or None

    def __init__(
        self,
        ctx: AppContext,
        table: MasterTable,
        code_source: Callable[[str], list[CodeChoice]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.table = table
        self.code_source = code_source
        self.parent_code: str | None = None
        self.dialog: FormDialog | None = None
        self.specs = [from_master(f) for f in table.fields]
        self.setObjectName(f"panel_{table.key}")

        self.title = QLabel(f"<b>{plural(table)}</b>")
        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        bar.addWidget(self.title)
        bar.addStretch(1)
        for name, text, tip, slot in (
            ("new", self.tr("New"), self.tr("Add a record (Ins, Ctrl+N)"), self.new),
            ("edit", self.tr("Edit"), self.tr("Change the selected record (Enter)"), self.edit),
            (
                "rename",
                self.tr("Rename"),
                self.tr("Change the code; references follow (F2)"),
                self.rename,
            ),
            ("delete", self.tr("Delete"), self.tr("Delete the selected record (Del)"), self.delete),
            ("refresh", self.tr("Refresh"), self.tr("Read the list again (F5)"), self.refresh),
        ):
            button = QPushButton(text)
            button.setObjectName(f"button_{name}")
            button.setToolTip(tip)
            button.clicked.connect(slot)
            bar.addWidget(button)
            self.buttons[name] = button
        if not self._renamable():
            self.buttons["rename"].hide()

        self.model = RowsModel(self.specs, self)
        self.proxy = sorting_proxy(self.model)
        self.view = QTableView()
        self.view.setObjectName(f"table_{table.key}")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        if table.parent:
            # The parent's code is the same on every row and shown in the title.
            self.view.setColumnHidden(0, True)
        self.view.doubleClicked.connect(lambda _i: self.edit())
        self.view.selectionModel().currentRowChanged.connect(
            lambda *_a: self.current_changed.emit(self.selected_row())
        )
        self.hint = QLabel()
        self.hint.setObjectName("empty_hint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        # Focusable, so the keys (Ins, Ctrl+N, F5) work on an empty table too.
        self.hint.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.hint)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)

        for keys, slot in (
            (("Ins", "Ctrl+N"), self.new),
            (("Return", "Enter"), self.edit),
            (("Del",), self.delete),
            (("F2",), self.rename),
            (("F5",), self.refresh),
        ):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self, activated=slot)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def _renamable(self) -> bool:
        return self.table.parent is None and [f.name for f in self.table.pk_fields] == ["code"]

    # ---- showing

    def set_parent_code(self, code: str | None) -> None:
        """For a detail table: show the rows of this parent (None: nothing selected)."""
        self.parent_code = code
        parent_caption = plural(self.table)
        if code:
            parent_caption = self.tr("{items} of {code}").format(items=parent_caption, code=code)
        self.title.setText(f"<b>{parent_caption}</b>")
        self.refresh()

    def refresh(self) -> None:
        """Read the rows again, keeping the selection where the row still exists."""
        keep = self._pk(self.selected_row())
        if self.table.parent and not self.parent_code:
            rows: list[Row] = []
        else:
            rows = masterdata.list_rows(self.ctx, self.table.key, self.parent_code)
        self.model.set_rows(rows)
        self.view.resizeColumnsToContents()
        for col in range(self.model.columnCount()):
            self.view.setColumnWidth(col, min(max(self.view.columnWidth(col), 80), 260))
        self._update_hint()
        self._update_buttons()
        if keep is not None:
            self.select(keep)
        elif rows:
            self.view.setCurrentIndex(self.proxy.index(0, 0))
        self.current_changed.emit(self.selected_row())

    def _update_hint(self) -> None:
        if self.model.rowCount():
            self.stack.setCurrentWidget(self.view)
            return
        if self.table.parent and not self.parent_code:
            parent = caption(self._parent_table())
            text = self.tr("Select a {parent} above to see its {items}.").format(
                parent=parent.lower(), items=plural(self.table).lower()
            )
        else:
            text = self.tr("No {items} yet. Press New to add one.").format(
                items=plural(self.table).lower()
            )
        self.hint.setText(text)
        self.stack.setCurrentWidget(self.hint)

    def focus_list(self) -> None:
        """Put the keyboard focus on the list (or on the hint when the list is empty)."""
        self.stack.currentWidget().setFocus()

    def _update_buttons(self) -> None:
        has_row = self.model.rowCount() > 0
        can_add = not (self.table.parent and not self.parent_code)
        self.buttons["new"].setEnabled(can_add)
        for name in ("edit", "rename", "delete"):
            self.buttons[name].setEnabled(has_row)

    def _parent_table(self) -> MasterTable:
        return masterdata.table(self.table.parent or "")

    def selected_row(self) -> Row | None:
        """The row under the cursor, or None."""
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        row = self.proxy.data(index, ROW_ROLE)
        return row if isinstance(row, dict) else None

    def _pk(self, row: Row | None) -> tuple[Any, ...] | None:
        if row is None:
            return None
        return tuple(row[f.name] for f in self.table.pk_fields)

    def select(self, pk: tuple[Any, ...]) -> bool:
        """Put the cursor on the row with this key; False when it is not listed."""
        for r, row in enumerate(self.model.rows):
            if self._pk(row) == pk:
                index = self.proxy.mapFromSource(self.model.index(r, 0))
                self.view.selectionModel().setCurrentIndex(
                    index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                return True
        return False

    # ---- actions

    def _form(self, specs: list[FieldSpec]) -> FieldForm:
        return FieldForm(specs, self.code_source)

    def new(self) -> None:
        """Open an empty form; the parent's code is filled in for a detail table."""
        if not self.buttons["new"].isEnabled():
            return
        form = self._form(self.specs)
        if self.table.parent:
            parent_field = self.table.pk_fields[0].name
            form.set_value(parent_field, self.parent_code)
            form.editors[parent_field].setEnabled(False)
        title = self.tr("New {item}").format(item=caption(self.table))
        self._open(FormDialog(title, form, lambda v: self._save(v, None), self))

    def edit(self) -> None:
        """Open the selected row in a form; a changed key of a detail row renames it."""
        row = self.selected_row()
        if row is None:
            return
        form = self._form(self.specs)
        form.set_values(row)
        if self.table.parent:
            form.editors[self.table.pk_fields[0].name].setEnabled(False)
        else:
            for f in self.table.pk_fields:
                form.editors[f.name].setEnabled(False)
        title = self.tr("Edit {item}").format(item=caption(self.table))
        self._open(FormDialog(title, form, lambda v: self._save(v, row), self))

    def rename(self) -> None:
        """Ask for a new code; every record that refers to the old one follows."""
        row = self.selected_row()
        if row is None or not self._renamable():
            return
        pk = self.table.pk_fields[0]
        spec = FieldSpec("code", NEW_CODE, "code", "masterdata", max_len=pk.max_len)
        form = self._form([spec])
        form.set_value("code", row["code"])
        title = self.tr("Rename {item} {code}").format(item=caption(self.table), code=row["code"])
        self._open(FormDialog(title, form, lambda v: self._rename(row["code"], v["code"]), self))

    def delete(self) -> None:
        """Delete the selected row after confirmation; a refusal shows what still uses it."""
        row = self.selected_row()
        pk = self._pk(row)
        if pk is None:
            return
        code = " ".join(str(p) for p in pk if p != "")
        question = self.tr("Delete {item} {code}?").format(item=caption(self.table), code=code)
        if not messages.ask(self, self.tr("Delete"), question):
            return
        try:
            masterdata.delete_row(self.ctx, self.table.key, pk)
        except CrmError as exc:
            messages.show_error(self, exc, self.tr("Cannot delete"))
            return
        hub().changed(self.table.key)
        hub().status_message.emit(
            self.tr("{item} {code} deleted.").format(item=caption(self.table), code=code)
        )

    def _open(self, dialog: FormDialog) -> None:
        # open() rather than exec(): the dialog is window-modal without a nested event loop,
        # so tests can fill it in like a user does.
        self.dialog = dialog
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        dialog.open()
        dialog.activateWindow()
        dialog.form.focus_first()

    def _save(self, values: Row, original: Row | None) -> Row:
        saved = masterdata.save_row(self.ctx, self.table.key, values, original)
        hub().changed(self.table.key)
        self.select(self._pk(saved) or ())
        return saved

    def _rename(self, old: str, new: str) -> None:
        if new != old:
            masterdata.rename(self.ctx, self.table.key, old, new)
            hub().changed(self.table.key)
            self.select((new,))
