"""The contact card's sections (as BC's FastTabs): two columns of fields, and a "Show more"
toggle that shows the rarely used fields, remembered per user.

A rarely used field that holds a value is shown whatever the toggle says, so nothing on the
contact is ever out of sight."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.services.app import AppContext
from crm_desktop.ui.contacts.card_fields import FieldEditor, caption
from crm_desktop.ui.contacts.list_model import ContactListModel

# BC's fields most users never fill (issue 12): behind "Show more".
RARE_FIELDS = frozenset(
    {
        "name_2",
        "telex_no",
        "telex_answer_back",
        "pager",
        "extension_no",
        "format_region",
        "registration_number",
    }
)
SETTINGS_KEY = "contact_card/show_more/{section}"


def assist_button(tooltip: str) -> QPushButton:
    """The small "…" button beside a field that opens its details."""
    button = QPushButton("…")
    button.setToolTip(tooltip)
    button.setFixedWidth(28)
    return button


class CardSection(QGroupBox):
    """One section: `names` in two columns, each built by `make_editor`; `assists` puts a "…"
    button beside a field (name -> (tooltip, slot)). Rare fields hide behind "Show more"."""

    def __init__(
        self,
        key: str,
        title: str,
        names: Iterable[str],
        make_editor: Callable[[str], FieldEditor],
        settings: QSettings,
        assists: dict[str, tuple[str, Callable[[], object]]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, parent)
        self.key = key
        self.setObjectName(f"section_{key}")
        self.settings = settings
        self.editors: dict[str, FieldEditor] = {}
        self.assists: dict[str, QPushButton] = {}
        names = tuple(names)
        outer = QVBoxLayout(self)
        # One grid for both columns (caption, field, caption, field): a row is as tall as its
        # taller side, so an error line under a field never shifts the other column.
        self.grid = QGridLayout()
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(3, 1)
        self.grid.setHorizontalSpacing(12)
        outer.addLayout(self.grid)
        self.cells: dict[str, tuple[QLabel, QWidget]] = {}
        for name in names:
            editor = make_editor(name)
            cell = QWidget(self)  # a child of the section even while it is out of the grid
            cell_layout = QVBoxLayout(cell)
            cell_layout.setContentsMargins(0, 0, 0, 0)
            cell_layout.setSpacing(2)
            line = QHBoxLayout()
            line.addWidget(editor.widget, 1)
            if assists and name in assists:
                tooltip, slot = assists[name]
                button = assist_button(tooltip)
                button.clicked.connect(slot)
                line.addWidget(button)
                self.assists[name] = button
            cell_layout.addLayout(line)
            label = QLabel(caption(name), self)
            label.setBuddy(editor.widget)
            # As tall as the editor, at the top of its row: level with the field, error or not.
            label.setMinimumHeight(editor.widget.sizeHint().height())
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            editor.attach(label, cell, line)
            self.editors[name] = editor
            self.cells[name] = (label, cell)
        self.rare = [n for n in names if n in RARE_FIELDS]
        self.more = QToolButton()
        self.more.setObjectName(f"show_more_{key}")
        self.more.setCheckable(True)
        self.more.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.more.setArrowType(Qt.ArrowType.DownArrow)
        self.more.setAutoRaise(True)
        self.more.setVisible(bool(self.rare))
        self.more.setChecked(bool(settings.value(SETTINGS_KEY.format(section=key), False, bool)))
        self.more.toggled.connect(self._toggled)
        outer.addWidget(self.more, 0, Qt.AlignmentFlag.AlignRight)
        self.apply()

    def _toggled(self, on: bool) -> None:
        self.settings.setValue(SETTINGS_KEY.format(section=self.key), on)
        self.apply()

    def apply(self) -> None:
        """Show or hide the rare fields (one that holds a value always shows)."""
        on = self.more.isChecked()
        self.more.setText(
            QCoreApplication.translate("ContactCard", "Show less")
            if on
            else QCoreApplication.translate("ContactCard", "Show more")
        )
        self.more.setArrowType(Qt.ArrowType.UpArrow if on else Qt.ArrowType.DownArrow)
        for name in self.rare:
            value = self.editors[name].value()
            self.editors[name].set_row_visible(on or value not in ("", None))
        self._lay_out()

    def _lay_out(self) -> None:
        # The shown fields in two columns of one grid (caption, field, caption, field): a row
        # is as tall as its taller side, so an error line never shifts the other column, and
        # hidden fields leave no gaps.
        for label, cell in self.cells.values():
            self.grid.removeWidget(label)
            self.grid.removeWidget(cell)
        shown = [n for n in self.editors if self.editors[n].row_visible]
        half = (len(shown) + 1) // 2
        top = Qt.AlignmentFlag.AlignTop
        for index, name in enumerate(shown):
            column, row = divmod(index, half) if half else (0, 0)
            label, cell = self.cells[name]
            self.grid.addWidget(label, row, 2 * column, top)
            self.grid.addWidget(cell, row, 2 * column + 1, top)

    def reveal(self, name: str) -> None:
        """Make sure a field of this section is on screen (an error is shown beside it)."""
        if name in self.rare and not self.editors[name].widget.isVisibleTo(self):
            self.more.setChecked(True)


class PersonsBox(QGroupBox):
    """A company card's persons, fetched as they are shown, with New Person and their count."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(QCoreApplication.translate("ContactCard", "Persons"), parent)
        self.model = ContactListModel(ctx, self)
        self.view = QTableView()
        self.view.setObjectName("card_persons")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column in (2, 3, 7):  # company, type, salesperson: the same for every row here
            self.view.setColumnHidden(column, True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setDefaultSectionSize(24)
        for column, width in ((0, 90), (1, 220), (4, 120), (5, 130)):
            header.resizeSection(column, width)
        self.view.setMinimumHeight(200)
        self.new_button = QPushButton(QCoreApplication.translate("ContactCard", "New Person"))
        self.new_button.setObjectName("card_new_person")
        self.count = QLabel()
        self.count.setObjectName("card_persons_count")
        self.model.counted.connect(self._counted)
        top = QHBoxLayout()
        top.addWidget(self.new_button)
        top.addStretch(1)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view)

    def _counted(self) -> None:
        total = self.model.total  # a plain name: pyside6-lupdate reads the count argument
        self.count.setText(QCoreApplication.translate("ContactCard", "%n person(s)", "", total))
