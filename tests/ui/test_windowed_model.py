"""The windowed list model: the full row count at once, only the blocks on screen in memory,
the latest wanted block fetched first, stale results dropped, refresh in place, and a clean
bill of health from pytest-qt's qtmodeltester at every step.

The model is generic (any service's count/fetch callables), so these tests feed it plain
functions over a list; the contact list's own tests drive it over the real database.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtCore import Qt

from crm_desktop.domain.errors import ValidationError
from crm_desktop.ui.common.windowed_model import (
    KEY_ROLE,
    ROW_ROLE,
    WindowColumn,
    WindowedModel,
)


@dataclass(frozen=True)
class Item:
    no: str
    name: str


@dataclass(frozen=True)
class Query:
    text: str = ""
    descending: bool = False


class Source:
    """count/fetch over a list, recording every fetch (offset, limit) it was asked for."""

    def __init__(self, n: int) -> None:
        self.items = [Item(f"N{i:05d}", f"name {i}") for i in range(n)]
        self.fetches: list[tuple[int, int]] = []
        self.counts = 0
        self.gate: threading.Event | None = None
        self.fail: Exception | None = None

    def _rows(self, q: Query) -> list[Item]:
        rows = [r for r in self.items if q.text in r.name]
        return rows[::-1] if q.descending else rows

    def count(self, q: Query) -> int:
        self.counts += 1
        return len(self._rows(q))

    def fetch(self, q: Query, offset: int, limit: int) -> list[Item]:
        if self.gate is not None:
            self.gate.wait(5)
        if self.fail is not None:
            raise self.fail
        self.fetches.append((offset, limit))
        return self._rows(q)[offset : offset + limit]


def _model(src: Source, block: int = 50, max_blocks: int = 4) -> WindowedModel:
    return WindowedModel(
        [WindowColumn("no", "No."), WindowColumn("name", "Name", display=str.upper)],
        src.count,
        src.fetch,
        sort_query=lambda q, _col, desc: Query(q.text, desc),
        key_of=lambda r: r.no,
        block_size=block,
        max_blocks=max_blocks,
    )


def _cell(model: WindowedModel, row: int, col: int = 0, role: int = 0) -> Any:
    return model.data(model.index(row, col), role or Qt.ItemDataRole.DisplayRole)


def test_model_tester_and_full_count(qtbot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    src = Source(1000)
    model = _model(src)
    model.set_query(Query())
    model.wait()
    assert model.rowCount() == 1000 and model.total == 1000 and not model.counting
    qtmodeltester.check(model)
    _cell(model, 999)  # asks for the last block
    model.wait()
    assert _cell(model, 999) == "N00999"
    assert _cell(model, 999, 1) == "NAME 999"
    assert _cell(model, 999, role=KEY_ROLE) == "N00999"
    assert _cell(model, 999, role=ROW_ROLE) == Item("N00999", "name 999")
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Name"
    # A new query, a refresh and a sort while the tester still watches the model's signals.
    model.set_query(Query("9"))
    model.wait()
    assert model.rowCount() == sum(1 for r in src.items if "9" in r.name)
    model.sort(0, Qt.SortOrder.DescendingOrder)
    model.wait()
    assert model.row_at(0) == Item("N00999", "name 999")
    qtmodeltester.check(model)


def test_jump_to_the_end_fetches_only_the_block_there(qtbot) -> None:  # type: ignore[no-untyped-def]
    src = Source(10_000)
    model = _model(src, block=100)
    with qtbot.waitSignal(model.counted, timeout=3000):
        model.set_query(Query())
    model.wait()
    assert src.fetches == [(0, 100)] and model.rowCount() == 10_000
    assert _cell(model, 9_999) is None  # not in memory yet: asked for, shown when it arrives
    model.wait()
    assert _cell(model, 9_999) == "N09999"
    assert src.fetches == [(0, 100), (9_900, 100)]
    assert model.blocks_fetched == 2


def test_memory_is_bounded_and_least_recent_blocks_go(qtbot) -> None:  # type: ignore[no-untyped-def]
    src = Source(2_000)
    model = _model(src, block=50, max_blocks=4)
    model.set_query(Query())
    model.wait()
    for b in range(1, 10):
        _cell(model, b * 50)
        model.wait()
    assert len(model.cached_blocks()) == 4
    assert model.cached_blocks() == [6, 7, 8, 9]
    assert model.row_at(0) is None and model.row_at(9 * 50) == src.items[450]
    _cell(model, 0)  # scrolled back: fetched again
    model.wait()
    assert model.row_at(0) == src.items[0]


def test_latest_wish_first_and_scrolled_away_blocks_never_fetched(qtbot) -> None:  # type: ignore[no-untyped-def]
    src = Source(5_000)
    model = _model(src, block=50, max_blocks=3)
    model.set_query(Query())
    model.wait()
    src.fetches.clear()
    src.gate = threading.Event()
    for b in range(1, 20):  # a fast drag over the scroll bar while the first fetch hangs
        _cell(model, b * 50)
    src.gate.set()
    model.wait()
    offsets = [o for o, _ in src.fetches]
    assert offsets[0] == 50  # already on its way when the drag went on
    assert offsets[1] == 19 * 50  # then where the user stopped
    assert len(offsets) <= 1 + 3  # never the blocks dragged past
    assert model.row_at(19 * 50) == src.items[950]


def test_a_replaced_query_is_dropped(qtbot) -> None:  # type: ignore[no-untyped-def]
    src = Source(500)
    model = _model(src)
    src.gate = threading.Event()
    model.set_query(Query("1"))
    model.set_query(Query("22"))
    src.gate.set()
    model.wait()
    assert model.query == Query("22")
    assert all("22" in model.row_at(i).name for i in range(model.rowCount()))  # type: ignore[union-attr]


def test_refresh_in_place_follows_added_and_removed_rows(qtbot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    src = Source(120)
    model = _model(src)
    model.set_query(Query())
    model.wait()
    qtmodeltester.check(model)
    for i in range(120, 180):
        src.items.append(Item(f"N{i:05d}", f"name {i}"))
    src.items[0] = Item("N00000", "renamed")
    model.refresh()
    assert _cell(model, 0, 1) == "NAME 0"  # the old text stays until the new one is in
    model.wait()
    _cell(model, 0)
    model.wait()
    assert model.rowCount() == 180
    assert _cell(model, 0, 1) == "RENAMED"
    del src.items[10:]
    model.refresh()
    model.wait()
    assert model.rowCount() == 10
    qtmodeltester.check(model)


def test_small_result_needs_no_count(qtbot) -> None:  # type: ignore[no-untyped-def]
    src = Source(30)
    model = _model(src)
    with qtbot.waitSignals([model.loaded, model.counted], timeout=3000):
        model.set_query(Query())
    assert src.counts == 0 and model.rowCount() == 30 and not model.busy


def test_fetch_rows_across_blocks(qtbot) -> None:  # type: ignore[no-untyped-def]
    src = Source(400)
    model = _model(src, block=50)
    model.set_query(Query())
    model.wait()
    rows = model.fetch_rows(40, 260)
    assert [r.no for r in rows] == [f"N{i:05d}" for i in range(40, 261)]
    assert model.fetch_rows(390, 999)[-1] == src.items[-1]
    assert model.row_of("N00007") == 7 and model.row_of("N00300") == -1


def test_errors_of_the_service_are_reported(qtbot) -> None:  # type: ignore[no-untyped-def]
    src = Source(100)
    model = _model(src)
    src.fail = ValidationError("Type must be Company or Person, not {value}.", value="x")
    with qtbot.waitSignal(model.failed, timeout=3000) as blocker:
        model.set_query(Query())
    assert isinstance(blocker.args[0], ValidationError)
    assert not model.busy


def test_bad_sizes_are_refused() -> None:
    src = Source(1)
    with pytest.raises(ValueError):
        WindowedModel([], src.count, src.fetch, block_size=0)
