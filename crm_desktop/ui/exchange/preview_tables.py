"""The tables of the import preview: column mapping, duplicate choices, refused rows, left out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from crm_desktop.domain import contacts as rules
from crm_desktop.domain.csv_format import COLUMNS, RowError
from crm_desktop.domain.exchange_formats import csv_kinds as kinds
from crm_desktop.domain.exchange_formats.source import SourceFile
from crm_desktop.services.exchange import formats_import as fi
from crm_desktop.ui import messages

_CAPTIONS = {f.name: f.caption for f in rules.CONTACT_FIELDS}


def _read_only(table: QTableWidget) -> None:
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)


def _number(value: int) -> QTableWidgetItem:
    item = QTableWidgetItem(str(value) if value else "")
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class MappingTable(QTableWidget):
    """One row per column of the file: its name, the field it goes into (a choice the user
    may correct) and the first values, so the user sees what each column holds."""

    changed = Signal()
    SAMPLES = 3

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 2 + self.SAMPLES, parent)
        self.setObjectName("import_mapping")
        self.setHorizontalHeaderLabels(
            [self.tr("Column in the file"), self.tr("Goes into")]
            + [self.tr("Row {n}").format(n=n) for n in range(1, self.SAMPLES + 1)]
        )
        _read_only(self)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        for i in range(2, 2 + self.SAMPLES):
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
        self.columns: list[str] = []

    def _choices(self) -> list[tuple[str, str]]:
        out = [("", self.tr("(not imported)")), (kinds.NOTES, self.tr("Notes (comment)"))]
        for name in COLUMNS:
            caption = _CAPTIONS.get(name, name)
            out.append((name, QCoreApplication.translate("contact", caption)))
        return out

    def show_source(self, source: SourceFile, mapping: Mapping[str, str]) -> None:
        """Fill the table from a read file under `mapping`."""
        self.columns = list(source.header)
        self.setRowCount(len(self.columns))
        choices = self._choices()
        samples = source.rows[: self.SAMPLES]
        for i, column in enumerate(self.columns):
            self.setItem(i, 0, QTableWidgetItem(column))
            combo = QComboBox()
            combo.setObjectName(f"map_{i}")
            for value, text in choices:
                combo.addItem(text, value)
            target = mapping.get(column, "")
            if target == kinds.LABEL:
                combo.addItem(self.tr("(reads the next column)"), kinds.LABEL)
            index = combo.findData(target)
            combo.setCurrentIndex(max(0, index))
            combo.currentIndexChanged.connect(lambda _index: self.changed.emit())
            self.setCellWidget(i, 1, combo)
            for j, row in enumerate(samples):
                value = row.values.get(column, "")
                self.setItem(i, 2 + j, QTableWidgetItem(value[:80]))

    def combo(self, row: int) -> QComboBox:
        """The field choice of the file's column on `row`."""
        widget = self.cellWidget(row, 1)
        assert isinstance(widget, QComboBox)
        return widget

    def mapping(self) -> dict[str, str]:
        """Source column -> our field, as the user has it now."""
        return {c: str(self.combo(i).currentData() or "") for i, c in enumerate(self.columns)}


class DuplicateTable(QTableWidget):
    """The incoming contacts that may be duplicates, with a choice per contact."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 5, parent)
        self.setObjectName("import_duplicates")
        self.setHorizontalHeaderLabels(
            [self.tr("Line"), self.tr("Incoming"), self.tr("Type"), self.tr("May duplicate"),
             self.tr("Do")]
        )  # fmt: skip
        _read_only(self)
        header = self.horizontalHeader()
        for i in (0, 2, 4):
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.offers: list[fi.DuplicateOffer] = []
        self.merge_allowed = False

    def _texts(self) -> dict[str, str]:
        return {
            fi.SKIP: self.tr("Skip"),
            fi.MERGE: self.tr("Merge"),
            fi.IMPORT: self.tr("Import anyway"),
        }

    def show_offers(self, offers: Sequence[fi.DuplicateOffer], merge_allowed: bool) -> None:
        """One row per offer, each set to Skip."""
        self.offers = list(offers)
        self.merge_allowed = merge_allowed
        self.setRowCount(len(self.offers))
        texts = self._texts()
        for i, offer in enumerate(self.offers):
            self.setItem(i, 0, _number(offer.line))
            self.setItem(i, 1, QTableWidgetItem(offer.name))
            typ = self.tr("Company") if offer.type == "company" else self.tr("Person")
            self.setItem(i, 2, QTableWidgetItem(typ))
            others = "; ".join(
                f"{c.no} {c.name}" if c.no else self.tr("line {line}: {name}").format(
                    line=c.line, name=c.name)
                for c in offer.candidates
            )  # fmt: skip
            self.setItem(i, 3, QTableWidgetItem(others))
            combo = QComboBox()
            combo.setObjectName(f"choice_{offer.line}")
            for value in fi.CHOICES:
                if value == fi.MERGE and not merge_allowed:
                    continue
                combo.addItem(texts[value], value)
            self.setCellWidget(i, 4, combo)
        self.resizeRowsToContents()

    def choice_combo(self, row: int) -> QComboBox:
        """The choice on `row`."""
        widget = self.cellWidget(row, 4)
        assert isinstance(widget, QComboBox)
        return widget

    def set_all(self, choice: str) -> None:
        """The same choice for every contact (where it is offered)."""
        for i in range(self.rowCount()):
            combo = self.choice_combo(i)
            index = combo.findData(choice)
            if index >= 0:
                combo.setCurrentIndex(index)

    def choices(self) -> dict[int, str]:
        """Line -> skip / merge / import."""
        return {
            offer.line: str(self.choice_combo(i).currentData())
            for i, offer in enumerate(self.offers)
        }


class RowErrorTable(QTableWidget):
    """Refused rows by line, field and reason; or lines left out, by line and text."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(0, 3, parent)
        self.setObjectName(name)
        self.setHorizontalHeaderLabels([self.tr("Line"), self.tr("Field"), self.tr("Reason")])
        _read_only(self)
        self.setWordWrap(True)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

    def show_errors(self, errors: Sequence[RowError]) -> None:
        """The refused rows."""
        self.setRowCount(len(errors))
        for i, error in enumerate(errors):
            self.setItem(i, 0, _number(error.line))
            self.setItem(i, 1, QTableWidgetItem(error.field))
            text = messages.error_text(error.error) if error.error is not None else error.reason
            self.setItem(i, 2, QTableWidgetItem(text))
        self.resizeRowsToContents()

    def show_lines(self, lines: Sequence[str]) -> None:
        """What was left out ("Line 3: Birthday: no field for it (1980-01-01)")."""
        self.setRowCount(len(lines))
        for i, text in enumerate(lines):
            head, _, rest = text.partition(": ")
            number = head.removeprefix("Line ")
            self.setItem(i, 0, _number(int(number) if number.isdigit() else 0))
            field, _, reason = rest.partition(": ")
            self.setItem(i, 1, QTableWidgetItem(field if reason else ""))
            self.setItem(i, 2, QTableWidgetItem(reason or rest))
        self.resizeRowsToContents()
