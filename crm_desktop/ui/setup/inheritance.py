"""Inheritance: which company details a person contact takes over from its company."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from crm_desktop.services.app import AppContext
from crm_desktop.ui.setup.section import CodeSource, SetupSection


class InheritanceSection(SetupSection):
    """The seven Inherit ... switches."""

    section = "inheritance"

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, codes: CodeSource | None = None
    ) -> None:
        super().__init__(
            ctx,
            parent,
            codes=codes,
            intro=self.tr(
                "A person contact takes over the checked details from the company it works for, "
                "as long as the detail was not changed on the person."
            ),
        )
