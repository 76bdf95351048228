"""General: where attachments are stored."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from crm_desktop.services.app import AppContext
from crm_desktop.ui.setup.section import SetupSection


class GeneralSection(SetupSection):
    """Attachment Storage Type and Location."""

    section = "general"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            parent,
            intro=self.tr(
                "Attachments are stored inside the database (Embedded) or as files in a folder "
                "(Disk File)."
            ),
        )
