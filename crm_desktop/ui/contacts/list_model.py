"""The contact list's table model: the windowed model over the contact list service.

The list knows how many contacts the search and filters select and fetches only the blocks of
rows on screen, off the GUI thread (see ui/common/windowed_model.py), so the scroll bar and
Ctrl+End reach the last contact of 100,000 at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject

from crm_desktop.services.app import AppContext
from crm_desktop.services.contacts import listing as contact_list
from crm_desktop.services.contacts.listing import ContactFilter, ContactListRow, ContactSort
from crm_desktop.ui.common.windowed_model import WindowColumn, WindowedModel

BLOCK_SIZE = 200


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


@dataclass(frozen=True)
class ContactQuery:
    """What the contact list shows and in which order."""

    filter: ContactFilter = ContactFilter()
    sort: ContactSort = ContactSort()


def _sorted(query: Any, column: str, descending: bool) -> ContactQuery:
    flt = query.filter if isinstance(query, ContactQuery) else ContactFilter()
    return ContactQuery(flt, ContactSort(column, descending))


class ContactListModel(WindowedModel):
    """Contacts as a table: the full count, the rows on screen fetched in the background;
    `loaded`, `counted` and `failed` as WindowedModel has them."""

    def __init__(
        self, ctx: AppContext, parent: QObject | None = None, *, block_size: int = BLOCK_SIZE
    ) -> None:
        columns = [
            WindowColumn(name, title, display=type_caption if name == "type" else None)
            for name, title in zip(contact_list.COLUMNS, header_titles(), strict=True)
        ]
        super().__init__(
            columns,
            lambda q: contact_list.count(ctx, q.filter),
            lambda q, offset, limit: contact_list.fetch(ctx, q.filter, q.sort, offset, limit),
            sort_query=_sorted,
            key_of=lambda row: row.no,
            block_size=block_size,
            parent=parent,
        )
        self.ctx = ctx
        self.query = ContactQuery()

    @property
    def filter(self) -> ContactFilter:
        """The search and filters of the rows shown."""
        return self.query.filter  # type: ignore[no-any-return]

    @property
    def sort_by(self) -> ContactSort:
        """The order of the rows shown."""
        return self.query.sort  # type: ignore[no-any-return]

    def set_query(self, query: Any, sort: ContactSort | None = None) -> None:
        """Show a ContactQuery, or what a ContactFilter selects (sorted by `sort`, kept when
        None); loads in the background."""
        if isinstance(query, ContactFilter):
            query = ContactQuery(query, sort or self.sort_by)
        super().set_query(query)

    def position_of(self, no: str) -> int:
        """The row of contact `no` in the list as filtered and sorted, or -1 (read now)."""
        return contact_list.position(self.ctx, no, self.filter, self.sort_by)

    def row_at(self, row: int) -> ContactListRow | None:
        """The contact at `row` if its block is in memory."""
        found = super().row_at(row)
        return found if isinstance(found, ContactListRow) else None


def type_caption(value: str) -> str:
    """Company or Person in the user's language."""
    if value == "person":
        return QCoreApplication.translate("ContactListModel", "Person")
    if value == "company":
        return QCoreApplication.translate("ContactListModel", "Company")
    return value
