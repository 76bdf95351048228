"""One table model for every long list: it knows its row count and fetches only the rows on screen.

`WindowedModel` asks a service for two things, through plain callables:

- ``count(query) -> int``: how many rows the query selects (one count query per filter);
- ``fetch(query, offset, limit) -> Sequence[row]``: `limit` rows from `offset` in the query's
  order (rows are frozen dataclasses, named tuples with attributes, or mappings).

`rowCount()` is the full count, so the scroll bar, Ctrl+End and a drag to the bottom reach the
last row. `data()` of a row not in memory returns nothing and asks for the block of
`block_size` rows around it; the block is fetched in a worker thread and `dataChanged` repaints
it. At most `max_blocks` blocks stay in memory (least recently shown go first), so memory is
bounded whatever the list's length. Only one query runs at a time, and when the user jumps
faster than blocks arrive, the most recently wanted block is fetched next and blocks that
scrolled away are never fetched. A new query (`set_query`) counts and fetches in the
background; results of a query the user has since replaced are dropped. `refresh()` recounts
and refetches in place, keeping the old rows on screen until the new ones arrive.

Errors: a `CrmError` from a callable is emitted as `failed(error)`; any other exception is
raised again on the GUI thread (where the crash handler reports it).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
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

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()

KEY_ROLE = Qt.ItemDataRole.UserRole  # the row's key (`key_of(row)`), e.g. a contact number
ROW_ROLE = Qt.ItemDataRole.UserRole + 2  # the whole row object

REFETCH_BLOCKS = 3  # blocks fetched again at once after a refresh: those shown last

_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_KEY, _ROW = int(KEY_ROLE), int(ROW_ROLE)
_ROLES = frozenset(
    {int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.ToolTipRole), _ALIGN, _KEY, _ROW}
)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

CountFn = Callable[[Any], int]
FetchFn = Callable[[Any, int, int], Sequence[Any]]
SortFn = Callable[[Any, str, bool], Any]


@dataclass(frozen=True)
class WindowColumn:
    """One column: the row attribute (or mapping key) it shows, its translated title, an
    optional formatter for the display text, and whether a click on its header sorts."""

    name: str
    title: str
    display: Callable[[Any], Any] | None = None
    sortable: bool = True
    align_right: bool = False


def row_value(row: Any, name: str) -> Any:
    """The value `name` of a row, whether the row is a mapping or an object with attributes."""
    if isinstance(row, Mapping):
        return row.get(name)
    return getattr(row, name, None)


@dataclass
class _Block:
    generation: int
    rows: Sequence[Any]


@dataclass
class _Result:
    generation: int
    kind: str  # "first" (block 0 of a new query), "count", "block"
    block: int = 0
    rows: Sequence[Any] = field(default_factory=list)
    total: int | None = None
    error: BaseException | None = None
    last: bool = True  # the job's final result: the pool is free again after it


class _Bridge(QObject):
    """Carries a worker's result to the GUI thread (queued signal)."""

    done = Signal(object)


class _Job(QRunnable):
    """One fetch (and, for a new query, the count after it) in a pool thread."""

    def __init__(self, bridge: _Bridge, work: Callable[[], Iterator[_Result]]) -> None:
        super().__init__()
        self._bridge = bridge
        self._work = work

    def run(self) -> None:
        for result in self._work():
            try:
                self._bridge.done.emit(result)
            except RuntimeError:
                return  # the model was deleted while this job ran


class WindowedModel(QAbstractTableModel):
    """A table over `count`/`fetch` callables that holds only the blocks of rows on screen.
    Rows are selectable and never edited in place (the default flags of a table model).

    Signals: `loaded` when a new query's first rows are in, `counted` when its number of rows is
    known (`total`; until then `counting` is True and `rowCount()` is the rows fetched so far),
    `failed(error)` when a callable raised a CrmError.
    """

    loaded = Signal()
    counted = Signal()
    failed = Signal(object)

    def __init__(
        self,
        columns: Sequence[WindowColumn],
        count: CountFn,
        fetch: FetchFn,
        *,
        sort_query: SortFn | None = None,
        key_of: Callable[[Any], Hashable] | None = None,
        block_size: int = 200,
        max_blocks: int = 10,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        if block_size < 1 or max_blocks < 2:
            raise ValueError("block_size must be >= 1 and max_blocks >= 2")
        self.columns = list(columns)
        self._count_fn, self._fetch_fn = count, fetch
        self._sort_query = sort_query
        self._key_of = key_of
        self.block_size, self.max_blocks = block_size, max_blocks
        self.query: Any = None
        self.total = 0
        self.counting = False
        self.blocks_fetched = 0  # blocks fetched since the last set_query (tests, benchmarks)
        self._rows = 0  # what rowCount() says
        self._generation = 0
        self._blocks: OrderedDict[int, _Block] = OrderedDict()
        self._wanted: list[int] = []  # blocks asked for and not yet fetched, latest last
        self._jobs = 0  # jobs started and not finished (a new query may queue behind an old one)
        self._bridge = _Bridge(self)
        self._bridge.done.connect(self._on_result)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)

    # --- queries -------------------------------------------------------------------------

    def set_query(self, query: Any) -> None:
        """Show what `query` selects (passed as is to `count` and `fetch`); loads in the
        background and replaces everything when its first rows are in."""
        self.query = query
        self._generation += 1
        self.blocks_fetched = 0
        self.counting = True
        self._wanted.clear()
        gen, q, size = self._generation, query, self.block_size

        def work() -> Iterator[_Result]:
            # The first rows go to the screen before the count is known.
            first = _Result(gen, "first", 0)
            try:
                first.rows = list(self._fetch_fn(q, 0, size))
            except BaseException as exc:  # reported on the GUI thread, never lost in the pool
                first.error = exc
            if first.error is not None or len(first.rows) < size:
                if first.error is None:
                    first.total = len(first.rows)  # all there is: no count needed
                yield first
                return
            first.last = False
            yield first
            counted = _Result(gen, "count")
            try:
                counted.total = int(self._count_fn(q))
            except BaseException as exc:
                counted.error = exc
            yield counted

        self._start(work)

    def refresh(self) -> None:
        """Count and fetch the same query again in place (after the data changed); the rows
        on screen stay until their new values arrive."""
        if self.query is None:
            return
        self._generation += 1
        self._wanted.clear()
        self.counting = True
        gen, q = self._generation, self.query

        def work() -> Iterator[_Result]:
            counted = _Result(gen, "count")
            try:
                counted.total = int(self._count_fn(q))
            except BaseException as exc:
                counted.error = exc
            yield counted

        self._start(work)

    def fetch_rows(self, first: int, last: int) -> list[Any]:
        """Rows `first`..`last` (inclusive) of the current query, read now on this thread
        from the cache or the service (for Copy and Export of a selection)."""
        out: list[Any] = []
        first, last = max(0, first), min(last, self._rows - 1)
        row = first
        while row <= last:
            b = row // self.block_size
            block = self._blocks.get(b)
            if block is None or block.generation != self._generation:
                rows = list(self._fetch_fn(self.query, b * self.block_size, self.block_size))
            else:
                rows = list(block.rows)
            start = row - b * self.block_size
            stop = min(len(rows), last - b * self.block_size + 1)
            out.extend(rows[start:stop])
            if stop <= start:
                break
            row = b * self.block_size + stop
        return out

    def wait(self) -> None:
        """Block until every wanted block and count is in (tests, benchmarks); needs the
        application object, whose event loop delivers the results."""
        if QCoreApplication.instance() is None:
            raise RuntimeError("WindowedModel.wait() needs a QApplication")
        while True:
            self.pool.waitForDone()
            QCoreApplication.sendPostedEvents(self._bridge)
            QCoreApplication.processEvents()
            if not self._jobs:
                return

    @property
    def busy(self) -> bool:
        """True while a query is running or blocks are waiting to be fetched."""
        return bool(self._jobs or self._wanted)

    # --- scheduling ----------------------------------------------------------------------

    def _start(self, work: Callable[[], Iterator[_Result]]) -> None:
        self._jobs += 1
        self.pool.start(_Job(self._bridge, work))

    def _want(self, block: int) -> None:
        if block in self._wanted:
            if self._wanted[-1] != block:
                self._wanted.remove(block)
                self._wanted.append(block)
        else:
            self._wanted.append(block)
            # Blocks asked for long ago have scrolled away: never fetch them.
            del self._wanted[: -self.max_blocks]
        if not self._jobs:
            self._pump()

    def _pump(self) -> None:
        while self._wanted and not self._jobs:
            b = self._wanted.pop()  # the latest wish first: that is what the user looks at
            cached = self._blocks.get(b)
            if cached is not None and cached.generation == self._generation:
                continue
            if b * self.block_size >= self._rows:
                continue
            self._start(self._block_job(b))
            return

    def _block_job(self, b: int) -> Callable[[], Iterator[_Result]]:
        gen, q, size = self._generation, self.query, self.block_size

        def work() -> Iterator[_Result]:
            result = _Result(gen, "block", b)
            try:
                result.rows = list(self._fetch_fn(q, b * size, size))
            except BaseException as exc:
                result.error = exc
            yield result

        return work

    def _store(self, b: int, rows: Sequence[Any]) -> None:
        self._blocks[b] = _Block(self._generation, rows)
        self._blocks.move_to_end(b)
        self.blocks_fetched += 1
        while len(self._blocks) > self.max_blocks:
            self._blocks.popitem(last=False)

    def _on_result(self, result: _Result) -> None:
        if result.last:
            self._jobs -= 1
        try:
            if result.generation == self._generation:
                self._apply(result)
            # else: the user has asked for something else since; drop it
        finally:
            if not self._jobs:
                self._pump()

    def _apply(self, result: _Result) -> None:
        if result.error is not None:
            self.counting = False
            if isinstance(result.error, CrmError):
                self.failed.emit(result.error)
                return
            raise result.error
        if result.kind == "first":
            self.beginResetModel()
            self._blocks.clear()
            self._store(0, result.rows)
            self._rows = self.total = len(result.rows)
            if result.total is not None:
                self.counting = False
            self.endResetModel()
            self.loaded.emit()
            if not self.counting:
                self.counted.emit()
        elif result.kind == "count":
            assert result.total is not None
            self.counting = False
            self._resize(result.total)
            self.counted.emit()
        else:
            self._store(result.block, result.rows)
            first = result.block * self.block_size
            last = min(self._rows, first + self.block_size) - 1
            if last >= first:
                self.dataChanged.emit(
                    self.index(first, 0), self.index(last, self.columnCount() - 1)
                )

    def _resize(self, total: int) -> None:
        """Make rowCount() `total`, telling the views what was added or removed at the end;
        rows that stayed are repainted (their blocks are stale and get fetched again)."""
        old = self._rows
        self.total = total
        if total > old:
            self.beginInsertRows(_ROOT, old, total - 1)
            self._rows = total
            self.endInsertRows()
        elif total < old:
            self.beginRemoveRows(_ROOT, total, old - 1)
            self._rows = total
            for b in [b for b in self._blocks if b * self.block_size >= total]:
                del self._blocks[b]
            self.endRemoveRows()
        stale = [b for b, block in self._blocks.items() if block.generation != self._generation]
        if total and stale:
            self.dataChanged.emit(self.index(0, 0), self.index(total - 1, self.columnCount() - 1))
        # Fetch again what the user looked at last (the views repaint the rest as needed).
        for b in stale[-REFETCH_BLOCKS:]:
            self._want(b)

    # --- rows ----------------------------------------------------------------------------

    def row_at(self, row: int) -> Any | None:
        """The row object at `row` if it is in memory (None while its block is on its way)."""
        if not 0 <= row < self._rows:
            return None
        block = self._blocks.get(row // self.block_size)
        if block is None:
            return None
        i = row - (row // self.block_size) * self.block_size
        return block.rows[i] if i < len(block.rows) else None

    def row_of(self, key: Hashable) -> int:
        """The row index of the row with `key` among the rows in memory, or -1."""
        if self._key_of is None:
            return -1
        for b, block in self._blocks.items():
            if block.generation != self._generation:
                continue
            for i, row in enumerate(block.rows):
                if self._key_of(row) == key:
                    return b * self.block_size + i
        return -1

    def cached_blocks(self) -> list[int]:
        """The numbers of the blocks in memory (tests, benchmarks)."""
        return list(self._blocks)

    # --- Qt model ------------------------------------------------------------------------

    def rowCount(self, parent: Index = _ROOT) -> int:
        """Every row of the query once it is counted (before that, the rows fetched)."""
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: Index = _ROOT) -> int:
        """One column per WindowColumn."""
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """A cell's text, key or row; a row not in memory asks for its block and shows
        nothing until it arrives."""
        # A view asks for a dozen roles per cell on every paint: the cheap refusals first.
        role = int(role)
        if role not in _ROLES or not index.isValid():
            return None
        r = index.row()
        if not 0 <= r < self._rows:
            return None
        column = self.columns[index.column()]
        if role == _ALIGN:
            return _RIGHT if column.align_right else None
        b = r // self.block_size
        block = self._blocks.get(b)
        if block is None or block.generation != self._generation:
            self._want(b)
            if block is None:
                return None
        self._blocks.move_to_end(b)
        i = r - b * self.block_size
        if i >= len(block.rows):
            return None
        row = block.rows[i]
        if role == _ROW:
            return row
        if role == _KEY:
            return self._key_of(row) if self._key_of else None
        value = row_value(row, column.name)
        if column.display is not None:
            return column.display(value)
        return "" if value is None else value

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.columns)
        ):
            return self.columns[section].title
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column through `sort_query` (a new query, counted and fetched again)."""
        if self._sort_query is None or not 0 <= column < len(self.columns):
            return
        if not self.columns[column].sortable:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        query = self._sort_query(self.query, self.columns[column].name, descending)
        if query != self.query or self._generation == 0:
            self.set_query(query)
