"""Issue 13 point 1: the Customers, Vendors, Bank Accounts and Employees lists run on the shared
windowed model: counted and sorted in SQLite, only the blocks on screen fetched, Ctrl+End on the
last record of the sort order."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from crm_desktop.services.app import AppContext
from crm_desktop.services.sync import accounts
from crm_desktop.services.sync import listing as sync_listing
from crm_desktop.ui.common.windowed_model import ROW_ROLE
from crm_desktop.ui.sync.pages import CustomerListPage

N = 650  # more than three blocks of 200


def _customers(ctx: AppContext) -> None:
    on = dt.date(2026, 12, 3)
    with ctx.db.uow() as s:
        for i in range(N):
            accounts.insert_in(s, "customer", {"no": f"K{i:04d}", "name": f"Klant {N - i:04d}"}, on)


def test_service_counts_and_sorts_in_sqlite(ctx: AppContext) -> None:
    _customers(ctx)
    query = sync_listing.RecordQuery("customer", sort="name", descending=True)
    assert sync_listing.count_records_matching(ctx, query) == N
    first = sync_listing.fetch_records(ctx, query, 0, 3)
    assert [r["name"] for r in first] == [f"Klant {N:04d}", f"Klant {N - 1:04d}", "Klant 0648"]
    last = sync_listing.fetch_records(ctx, query, N - 1, 10)
    assert [r["no"] for r in last] == [f"K{N - 1:04d}"]
    found = sync_listing.RecordQuery("customer", search="klant 0001")
    assert sync_listing.count_records_matching(ctx, found) == 1


def test_ctrl_end_reaches_the_last_record(ctx: AppContext, qtbot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    _customers(ctx)
    page = CustomerListPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    page.model.wait()
    assert page.model.rowCount() == N  # the whole count, not the first block
    qtmodeltester.check(page.model)
    page.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # by Name, in SQLite
    page.model.wait()
    page.model.blocks_fetched = 0
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(0, 0))
    qtbot.keyClick(page.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    page.model.wait()
    index = page.table.currentIndex()
    assert index.row() == N - 1
    row = page.model.data(page.model.index(index.row(), 0), ROW_ROLE)
    assert row["no"] == "K0000" and row["name"] == f"Klant {N:04d}"  # last by name
    assert page.model.blocks_fetched <= 3
    assert page.current_row() == row
