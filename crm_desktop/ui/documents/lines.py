"""The document card's lines: an editable table (description, quantity, unit price, line
discount %, VAT rate); each edited cell is saved through the documents service at once, and a
refused value is put back with the service's sentence naming the field and the line."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from crm_desktop.domain.errors import CrmError
from crm_desktop.services import documents
from crm_desktop.services.app import AppContext

FIELDS = ("description", "quantity", "unit_price", "line_discount_percent", "vat_rate_code")


def _plain(value: Decimal, money: bool = False) -> str:
    """A Decimal as typed, without trailing zeros; money with at least two places."""
    text = f"{value.normalize():f}"
    if money and ("." not in text or len(text.split(".")[1]) < 2):
        text = f"{value:.2f}"
    return text


class VatRateDelegate(QStyledItemDelegate):
    """The VAT Rate cell picks one of the VAT rates (code · description · %)."""

    def __init__(self, rates: list[tuple[str, str, Decimal]], parent: QWidget) -> None:
        super().__init__(parent)
        self.rates = rates

    def createEditor(  # noqa: N802 - Qt override
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        combo = QComboBox(parent)
        combo.addItem("", "")
        for code, description, rate in self.rates:
            combo.addItem(f"{code} · {description} · {rate.normalize():f} %", code)
        return combo

    def setEditorData(  # noqa: N802 - Qt override
        self, editor: QWidget, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        assert isinstance(editor, QComboBox)
        found = editor.findData(index.data())
        editor.setCurrentIndex(max(found, 0))

    def setModelData(  # noqa: N802 - Qt override
        self,
        editor: QWidget,
        model: QAbstractItemModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData())


class LinesTable(QTableWidget):
    """The lines of one document; `changed` carries the document after a saved edit, `failed`
    the error of a refused one."""

    changed = Signal(object)
    failed = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(0, len(FIELDS) + 1, parent)
        self.ctx = ctx
        self.setObjectName("document_lines")
        self.doc: documents.DocumentRow | None = None
        self._loading = False
        self.setHorizontalHeaderLabels(
            [
                self.tr("Description"),
                self.tr("Quantity"),
                self.tr("Unit Price Excl. VAT"),
                self.tr("Line Discount %"),
                self.tr("VAT Rate"),
                self.tr("Line Amount"),
            ]
        )
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, len(FIELDS) + 1):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setItemDelegateForColumn(
            FIELDS.index("vat_rate_code"), VatRateDelegate(documents.vat_rates(ctx), self)
        )
        self.itemChanged.connect(self._item_changed)

    def show_document(self, doc: documents.DocumentRow) -> None:
        self.doc = doc
        self._loading = True
        try:
            self.setRowCount(len(doc.lines))
            for row, line in enumerate(doc.lines):
                values = (
                    line.description,
                    _plain(line.quantity),
                    _plain(line.unit_price, money=True),
                    _plain(line.line_discount_percent),
                    line.vat_rate_code,
                    f"{line.line_amount:.2f}",
                )
                for col, text in enumerate(values):
                    item = self.item(row, col)
                    if item is None:
                        item = QTableWidgetItem()
                        self.setItem(row, col, item)
                    item.setText(text)
                    if col > 0 and col != 4:
                        item.setTextAlignment(
                            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                        )
                    editable = col < len(FIELDS) and not doc.locked
                    flags = item.flags() | Qt.ItemFlag.ItemIsEditable
                    item.setFlags(flags if editable else flags & ~Qt.ItemFlag.ItemIsEditable)
                    item.setData(Qt.ItemDataRole.UserRole, line.line_no)
        finally:
            self._loading = False

    def line_no_at(self, row: int) -> int | None:
        item = self.item(row, 0)
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def set_cell(self, row: int, field: str, text: str) -> None:
        """Type `text` into a cell, as the user does (tests, keyboard)."""
        item = self.item(row, FIELDS.index(field))
        if item is not None:
            item.setText(text)

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._loading or self.doc is None or item.column() >= len(FIELDS):
            return
        line_no = int(item.data(Qt.ItemDataRole.UserRole))
        field = FIELDS[item.column()]
        try:
            doc = documents.update_line(
                self.ctx, self.doc.document_type, self.doc.no, line_no, {field: item.text()}
            )
        except CrmError as error:
            self.show_document(self.doc)
            self.failed.emit(error)
            return
        self.show_document(doc)
        self.changed.emit(doc)
