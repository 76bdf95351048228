"""Sync: the business relation codes that mark contacts linked to other records."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from crm_desktop.services.app import AppContext
from crm_desktop.ui.setup.section import CodeSource, SetupSection


class SyncSection(SetupSection):
    """The four Bus. Rel. Code for ... fields."""

    section = "sync"

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, codes: CodeSource | None = None
    ) -> None:
        super().__init__(
            ctx,
            parent,
            codes=codes,
            intro=self.tr(
                "A contact linked to a customer, vendor, bank account or employee gets this "
                "business relation, and changes are kept in step both ways."
            ),
        )
