"""The Contacts page: every contact in a list that searches as you type and stays fluid at
100,000 contacts (the windowed model: the full count, only the rows on screen fetched, queries
off the GUI thread)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.errors import CrmError
from crm_desktop.services import contacts, masterdata
from crm_desktop.services.app import AppContext
from crm_desktop.services.contacts import listing as contact_list
from crm_desktop.services.contacts.listing import ContactFilter, ContactListRow
from crm_desktop.ui import messages
from crm_desktop.ui.common.list_view import ListTableView
from crm_desktop.ui.common.undo_stack import undo_stack
from crm_desktop.ui.common.windows import bring_forward, find_window
from crm_desktop.ui.contacts.list_model import ContactListModel
from crm_desktop.ui.exchange.export_dialog import ExportChoiceDialog
from crm_desktop.ui.hub import hub

SEARCH_DELAY_MS = 150
SETTINGS_HEADER = "contacts/list_header"


class ContactListPage(QWidget):
    """Contacts: search, filter by type and salesperson, sort, open, create and delete."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.settings = QSettings(str(ctx.settings_path), QSettings.Format.IniFormat)
        self.cards: list[QWidget] = []
        self._select_after_load: str | None = None

        self.search = QLineEdit()
        self.search.setObjectName("contact_search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            self.tr("Search number, name, company, city, phone or e-mail")
        )
        self.type_filter = QComboBox()
        self.type_filter.setObjectName("contact_type_filter")
        self.type_filter.addItem(self.tr("All types"), "")
        self.type_filter.addItem(self.tr("Companies"), "company")
        self.type_filter.addItem(self.tr("Persons"), "person")
        self.salesperson_filter = QComboBox()
        self.salesperson_filter.setObjectName("contact_salesperson_filter")
        self._fill_salespersons()

        self.new_company_button = QPushButton(self.tr("New Company"))
        self.new_person_button = QPushButton(self.tr("New Person"))
        self.new_company_button.setToolTip(self.tr("A new company (Ctrl+N)"))
        self.new_person_button.setToolTip(self.tr("A new person (Ctrl+Shift+N)"))
        self.open_button = QPushButton(self.tr("Open"))
        self.delete_button = QPushButton(self.tr("Delete"))
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setToolTip(self.tr("Reload the list (F5)"))

        self.model = ContactListModel(ctx, self)
        self.table = ListTableView(self)
        self.table.setObjectName("contact_table")
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((85, 200, 190, 70, 110, 120, 210, 90)):
            header.resizeSection(column, width)
        header.setSortIndicator(1, Qt.SortOrder.AscendingOrder)
        state = self.settings.value(SETTINGS_HEADER)
        if isinstance(state, QByteArray):
            header.restoreState(state)
        # Turning sorting on sorts once by the indicator: that is the list's first query.
        self.table.setSortingEnabled(True)
        header.sectionResized.connect(self._save_header)
        header.sortIndicatorChanged.connect(self._save_header)

        self.empty_hint = QLabel()
        self.empty_hint.setObjectName("contact_empty_hint")
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_hint)
        self.count_label = QLabel()
        self.count_label.setObjectName("contact_count")

        bar = QHBoxLayout()
        bar.addWidget(self.search, 3)
        bar.addWidget(self.type_filter)
        bar.addWidget(self.salesperson_filter)
        buttons = QHBoxLayout()
        for b in (
            self.new_company_button,
            self.new_person_button,
            self.open_button,
            self.delete_button,
            self.refresh_button,
        ):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(buttons)
        layout.addWidget(self.stack, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self._search_enter)
        self.type_filter.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.salesperson_filter.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.table.open_requested.connect(self.open_current)
        self.table.new_requested.connect(self.new_record)
        self.table.delete_requested.connect(self.delete_current)
        self.table.export_requested.connect(self.export_selection)
        self.new_company_button.clicked.connect(lambda: self.new_contact("company"))
        self.new_person_button.clicked.connect(lambda: self.new_contact("person"))
        self.open_button.clicked.connect(self.open_current)
        self.delete_button.clicked.connect(self.delete_current)
        self.refresh_button.clicked.connect(self.refresh)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, activated=self.refresh)
        QShortcut(QKeySequence("Ctrl+Shift+N"), self, activated=lambda: self.new_contact("person"))
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.search.setFocus)
        self.model.loaded.connect(self._show_count)
        self.model.counted.connect(self._on_counted)
        self.model.failed.connect(lambda err: messages.show_error(self, err))
        hub().data_changed.connect(self._on_data_changed)
        open_signal = getattr(hub(), "open_contact_requested", None)
        if open_signal is not None:
            open_signal.connect(self.open_contact)
        if not self.model.busy:
            self.model.set_query(self.current_filter())

    # --- query ---------------------------------------------------------------------------

    def _fill_salespersons(self) -> None:
        current = self.salesperson_filter.currentData()
        self.salesperson_filter.blockSignals(True)
        self.salesperson_filter.clear()
        self.salesperson_filter.addItem(self.tr("All salespersons"), "")
        for row in masterdata.list_rows(self.ctx, "salesperson"):
            code = str(row["code"])
            label = f"{code} – {row['name']}" if row.get("name") else code
            self.salesperson_filter.addItem(label, code)
        index = self.salesperson_filter.findData(current) if current else 0
        self.salesperson_filter.setCurrentIndex(max(0, index))
        self.salesperson_filter.blockSignals(False)

    def current_filter(self) -> ContactFilter:
        """The filter the search box and the two choices describe."""
        return ContactFilter(
            text=self.search.text(),
            type=str(self.type_filter.currentData() or ""),
            salesperson_code=str(self.salesperson_filter.currentData() or ""),
        )

    def apply_filter(self) -> None:
        """Search now (the search box calls this after the user pauses typing)."""
        self._debounce.stop()
        flt = self.current_filter()
        if flt != self.model.filter:
            self.model.set_query(flt)

    def _search_enter(self) -> None:
        self.apply_filter()
        self.table.setFocus()

    def refresh(self) -> None:
        """Reload the list in place, keeping the current contact and the scroll position."""
        self._fill_salespersons()
        # A contact just saved from a card wins over the current row.
        self._select_after_load = self._select_after_load or self.current_no()
        self.model.refresh()

    def _on_data_changed(self, kinds: set[str], _keys: set[str] | None) -> None:
        if "contact" in kinds:
            self.refresh()
        elif "salesperson" in kinds:
            self._fill_salespersons()

    def _on_counted(self) -> None:
        self._show_count()
        if self.model.rowCount():
            self.stack.setCurrentWidget(self.table)
        else:
            filtered = self.model.filter != ContactFilter()
            self.empty_hint.setText(
                self.tr(
                    "No contact matches this search or filter.\n"
                    "Try fewer letters, or clear the search box."
                )
                if filtered
                else self.tr(
                    "There are no contacts yet.\n"
                    "Click New Company or New Person to add one, or import a CSV file."
                )
            )
            self.stack.setCurrentWidget(self.empty_hint)
        target, self._select_after_load = self._select_after_load, None
        if target and self.select_no(target):
            return
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.select_row(0)

    def _show_count(self) -> None:
        if self.model.counting:
            self.count_label.setText(self.tr("counting…"))
        else:
            self.count_label.setText(self.tr("%n contact(s)", "", self.model.total))

    # --- actions -------------------------------------------------------------------------

    def current_no(self) -> str | None:
        """The contact number of the current row, if any."""
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        row = self.model.row_at(index.row())
        return row.no if row else None

    def selected_rows(self) -> list[ContactListRow]:
        """The selected contacts (fetched if scrolled out of memory), top to bottom."""
        return [r for r in self.table.selected_objects() if isinstance(r, ContactListRow)]

    def open_current(self) -> None:
        """Open the card of the current row."""
        index = self.table.currentIndex()
        if index.isValid():
            self.open_row(index.row())

    def open_row(self, row: int) -> None:
        """Open the card of the contact at `row`."""
        found = self.model.row_at(row)
        if found is not None:
            self.open_contact(found.no)

    def open_contact(self, no: str) -> QWidget | None:
        """Open (or bring forward) the card of contact `no`."""
        from crm_desktop.ui.contacts.card import ContactCard

        open_elsewhere = find_window(("contact", no))  # opened from another card
        if open_elsewhere is not None:
            bring_forward(open_elsewhere)
            return open_elsewhere
        for card in self.cards:
            if isinstance(card, ContactCard) and card.no == no:
                card.show()
                card.raise_()
                card.activateWindow()
                return card
        try:
            card = ContactCard(self.ctx, no, self)
        except CrmError as err:
            messages.show_error(self, err)
            return None
        self._track(card)
        return card

    def new_record(self) -> QWidget:
        """Ctrl+N: a new company (BC's default contact type); Ctrl+Shift+N makes a person."""
        return self.new_contact("company")

    def new_contact(self, kind: str) -> QWidget:
        """Open an empty card for a new company or person."""
        from crm_desktop.ui.contacts.card import ContactCard

        card = ContactCard.new(self.ctx, kind, self)
        self._track(card)
        return card

    def _track(self, card: QWidget) -> None:
        self.cards.append(card)
        saved = getattr(card, "saved", None)
        if saved is not None:
            saved.connect(self._card_saved)
        card.destroyed.connect(lambda _o=None, c=card: self._forget(c))
        card.show()

    def _card_saved(self, result: object) -> None:
        contact = getattr(result, "contact", None)
        if contact is not None:
            self._select_after_load = contact.no

    def _forget(self, card: QWidget) -> None:
        if card in self.cards:
            self.cards.remove(card)

    def export_selection(self) -> None:
        """Export, with "the selected" chosen (the list's context menu)."""
        self.export_shown(prefer="selected")

    def export_shown(self, prefer: str = "shown") -> ExportChoiceDialog:
        """File > Export: the contacts shown, the selected ones or all, and the separator."""
        from crm_desktop.ui.exchange import export_action

        selected = self.selected_rows() if self.table.selectionModel().hasSelection() else []
        dialog = ExportChoiceDialog(
            self.settings,
            shown=self.model.total,
            selected=len(selected),
            total=contact_list.count(self.ctx, ContactFilter()),
            prefer=prefer,
            parent=self,
        )
        if dialog.exec() != ExportChoiceDialog.DialogCode.Accepted:
            return dialog
        scope = dialog.scope
        export_action(
            self.ctx,
            self,
            flt=self.model.filter if scope == "shown" else None,
            sort=self.model.sort_by if scope != "all" else None,
            nos=[r.no for r in selected] if scope == "selected" else None,
            separator=dialog.separator_choice,
        )
        return dialog

    def delete_current(self) -> None:
        """Delete the selected contacts after a confirmation (a company's persons go with it);
        Edit > Undo brings them back while the app runs."""
        rows = self.selected_rows()
        if not rows:
            return
        try:
            persons = sum(
                contacts.count_persons(self.ctx, r.no) for r in rows if r.type == "company"
            )
            if len(rows) == 1:
                row = rows[0]
                if persons:
                    question = self.tr(
                        "Delete company %1 %2 and the %n person(s) working for it?", "", persons
                    )
                else:
                    question = self.tr("Delete contact %1 %2?")
                question = question.replace("%1", row.no).replace("%2", row.name)
            elif persons:
                question = self.tr(
                    "Delete the %n selected contacts and the persons who work for them (%1)?",
                    "",
                    len(rows),
                ).replace("%1", self.tr("%n person(s)", "", persons))
            else:
                question = self.tr("Delete the %n selected contacts?", "", len(rows))
            if not messages.ask(self, self.tr("Delete contact"), question):
                return
            deleted = contacts.delete_contacts(
                self.ctx, [r.no for r in rows], including_persons=bool(persons)
            )
        except CrmError as err:
            messages.show_error(self, err)
            return
        if len(rows) == 1:
            caption = self.tr("Undo Delete of %1").replace("%1", rows[0].name)
        else:
            caption = self.tr("Undo Delete of %n contact(s)", "", len(rows))
        ctx = self.ctx

        def undo() -> None:
            back = contacts.undo_delete(ctx, deleted)
            hub().changed("contact", "business_relation", keys=set(back))

        undo_stack().push(caption, undo)
        hub().status_message.emit(
            self.tr(
                "%n contact(s) deleted. Edit > Undo (Ctrl+Z) brings them back.", "", deleted.deleted
            )
        )
        hub().changed("contact", "business_relation", keys=set(deleted.nos))

    def closeEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        """Let running queries finish before the page goes."""
        self.model.pool.waitForDone()
        super().closeEvent(event)  # type: ignore[arg-type]

    def _save_header(self, *_args: object) -> None:
        self.settings.setValue(SETTINGS_HEADER, self.table.horizontalHeader().saveState())

    def select_no(self, no: str) -> bool:
        """Make contact `no` current and scroll to it, wherever it is in the list."""
        row = self.model.row_of(no)
        if row < 0:
            row = self.model.position_of(no)
        if row < 0 or row >= self.model.rowCount():
            return False
        self.table.select_row(row)
        return True
