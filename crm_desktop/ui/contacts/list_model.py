"""The contact list's table model: pages fetched lazily from SQLite, off the GUI thread.

The model holds only the rows fetched so far. A new search, filter or sort counts and fetches
its first page in a worker thread; results of a query the user has already replaced are dropped
(each query carries a generation number). Scrolling down asks for the next page the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRunnable,
    Qt,
    QThreadPool,
    Signal,
)

from crm_desktop.domain.errors import CrmError
from crm_desktop.services.app import AppContext
from crm_desktop.services.contacts import listing as contact_list
from crm_desktop.services.contacts.listing import ContactFilter, ContactListRow, ContactSort

PAGE_SIZE = 200
_ROOT = QModelIndex()


def header_titles() -> list[str]:
    """The column titles in the user's language."""
    tr = QCoreApplication.translate
    return [
        tr("ContactListModel", "No."),
        tr("ContactListModel", "Name"),
        tr("ContactListModel", "Company Name"),
        tr("ContactListModel", "Type"),
        tr("ContactListModel", "City"),
        tr("ContactListModel", "Phone No."),
        tr("ContactListModel", "E-Mail"),
        tr("ContactListModel", "Salesperson"),
    ]


@dataclass
class _Result:
    generation: int
    offset: int
    kind: str  # "first" (a new query's first rows), "page" (more rows) or "count"
    rows: list[ContactListRow] = field(default_factory=list)
    total: int | None = None
    error: BaseException | None = None


class _Bridge(QObject):
    """Carries a worker's result back to the GUI thread (queued signal)."""

    done = Signal(object)


class _Query(QRunnable):
    """Fetches one page in a pool thread; for a new query it then counts the matches, so the
    first rows show before the count is known."""

    def __init__(
        self,
        ctx: AppContext,
        bridge: _Bridge,
        generation: int,
        flt: ContactFilter,
        sort: ContactSort,
        offset: int,
        limit: int,
        with_count: bool,
    ) -> None:
        super().__init__()
        self.ctx, self.bridge, self.generation = ctx, bridge, generation
        self.flt, self.sort, self.offset, self.limit = flt, sort, offset, limit
        self.with_count = with_count

    def run(self) -> None:
        kind = "first" if self.with_count else "page"
        result = _Result(self.generation, self.offset, kind)
        try:
            result.rows = contact_list.fetch(self.ctx, self.flt, self.sort, self.offset, self.limit)
            if self.with_count and len(result.rows) < self.limit:
                result.total = self.offset + len(result.rows)  # all there is: no count needed
        except BaseException as exc:  # reported on the GUI thread, never lost in the pool
            result.error = exc
        if not self._emit(result) or result.error is not None:
            return
        if self.with_count and result.total is None:
            counted = _Result(self.generation, self.offset, "count")
            try:
                counted.total = contact_list.count(self.ctx, self.flt)
            except BaseException as exc:
                counted.error = exc
            self._emit(counted)

    def _emit(self, result: _Result) -> bool:
        try:
            self.bridge.done.emit(result)
        except RuntimeError:
            return False  # the model was deleted while this query ran
        return True


class ContactListModel(QAbstractTableModel):
    """Contacts as a table, fetched page by page; `loaded` fires when a new query's first rows
    (or a refresh) are in, `counted` when its number of matches is known (`total`; until then
    `total` is a lower bound and `counting` is True), `failed` when a query raised."""

    loaded = Signal()
    counted = Signal()
    failed = Signal(object)

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.filter = ContactFilter()
        self.sort_by = ContactSort()
        self.total = 0
        self._rows: list[ContactListRow] = []
        self._generation = 0
        self._pending = False
        self.counting = False
        self._titles = header_titles()
        self._bridge = _Bridge(self)
        self._bridge.done.connect(self._on_result)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)

    # --- queries -------------------------------------------------------------------------

    def set_query(self, flt: ContactFilter, sort: ContactSort | None = None) -> None:
        """Show what `flt` selects, sorted by `sort` (kept when None); loads in the background."""
        self.filter = flt
        if sort is not None:
            self.sort_by = sort
        self._start(keep=0)

    def refresh(self) -> None:
        """Load the same query again, as many rows as are shown now (keeps the position)."""
        self._start(keep=len(self._rows))

    def _start(self, keep: int) -> None:
        self._generation += 1
        self._pending = True
        self.counting = True
        self._keep = keep
        self._submit(0, max(PAGE_SIZE, keep), with_count=True)

    def _submit(self, offset: int, limit: int, *, with_count: bool) -> None:
        self.pool.start(
            _Query(
                self.ctx,
                self._bridge,
                self._generation,
                self.filter,
                self.sort_by,
                offset,
                limit,
                with_count,
            )
        )

    def wait(self) -> None:
        """Block until every query has finished and its rows are in (tests, benchmarks)."""
        self.pool.waitForDone()
        QCoreApplication.sendPostedEvents(self._bridge)
        QCoreApplication.processEvents()

    @property
    def busy(self) -> bool:
        """True while rows are on their way (the count may still follow: see `counting`)."""
        return self._pending

    def _on_result(self, result: _Result) -> None:
        if result.generation != self._generation:
            return  # the user has asked for something else since
        if result.kind != "count":
            self._pending = False
        if result.error is not None:
            self.counting = False
            if isinstance(result.error, CrmError):
                self.failed.emit(result.error)
                return
            raise result.error
        if result.kind == "count":
            assert result.total is not None
            self.counting = False
            self.total = max(result.total, len(self._rows))
            self.counted.emit()
            return
        if result.kind == "first":
            # A new query (or refresh): replace everything in one reset. Until the count
            # arrives, one more row than fetched stands for "maybe more".
            self.beginResetModel()
            self._rows = result.rows
            if result.total is not None:
                self.total = result.total
                self.counting = False
            else:
                self.total = len(result.rows) + 1
            self.endResetModel()
            self.loaded.emit()
            if not self.counting:
                self.counted.emit()
            return
        if result.offset != len(self._rows):
            return
        if len(result.rows) < PAGE_SIZE:
            # The last page: whatever the count says, there is no more to fetch.
            self.total = len(self._rows) + len(result.rows)
        if not result.rows:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(result.rows) - 1)
        self._rows.extend(result.rows)
        self.endInsertRows()
        if self.counting:
            self.total = max(self.total, len(self._rows) + 1)

    # --- lazy fetching -------------------------------------------------------------------

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> bool:
        """True while rows remain beyond those fetched and no page is on its way."""
        if parent.isValid():
            return False
        return not self._pending and len(self._rows) < self.total

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> None:
        """Ask for the next page in the background."""
        if parent.isValid() or not self.canFetchMore(parent):
            return
        self._pending = True
        self._submit(len(self._rows), PAGE_SIZE, with_count=False)

    # --- table ---------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        """Rows fetched so far (never more)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        """The eight list columns."""
        return 0 if parent.isValid() else len(contact_list.COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        """The text of a cell; UserRole gives the contact number."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return row.no
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            name = contact_list.COLUMNS[index.column()]
            value = getattr(row, name)
            if name == "type":
                return type_caption(value)
            return value
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._titles)
        ):
            return self._titles[section]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column in SQLite (reloads from the first page)."""
        if not 0 <= column < len(contact_list.COLUMNS):
            return
        sort = ContactSort(contact_list.COLUMNS[column], order == Qt.SortOrder.DescendingOrder)
        if sort != self.sort_by or self._generation == 0:
            self.set_query(self.filter, sort)

    def row_at(self, row: int) -> ContactListRow | None:
        """The fetched row at `row`, if any."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, no: str) -> int:
        """The index of contact `no` among the fetched rows, or -1."""
        for i, r in enumerate(self._rows):
            if r.no == no:
                return i
        return -1


def type_caption(value: str) -> str:
    """Company or Person in the user's language."""
    if value == "person":
        return QCoreApplication.translate("ContactListModel", "Person")
    if value == "company":
        return QCoreApplication.translate("ContactListModel", "Company")
    return value
