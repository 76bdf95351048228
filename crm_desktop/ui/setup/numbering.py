"""Numbering: the number series for contacts, campaigns, segments, tasks and opportunities."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from crm_desktop.services.app import AppContext
from crm_desktop.ui.setup.section import CodeSource, SetupSection


class NumberingSection(SetupSection):
    """The five ... Nos. fields; each names a number series."""

    section = "numbering"

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, codes: CodeSource | None = None
    ) -> None:
        super().__init__(
            ctx,
            parent,
            codes=codes,
            intro=self.tr(
                "New records take their number from these series. The series themselves are "
                "kept on the No. Series page."
            ),
        )
