"""General: where attachments are stored."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from crm_desktop.services.app import AppContext
from crm_desktop.ui.setup.section import CodeSource, SetupSection


class GeneralSection(SetupSection):
    """Attachment Storage Type and Location."""

    section = "general"

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, codes: CodeSource | None = None
    ) -> None:
        super().__init__(ctx, parent, codes=codes)
        self.forms[0].edited.connect(self._edited)

    def intro_text(self) -> str:
        """The sentence above this section's fields."""
        return self.tr(
            "Attachments are stored inside the database (Embedded) or as files in a folder "
            "(Disk File)."
        )

    def load(self, values: dict[str, Any]) -> None:
        """Show stored values; the location is only editable for Disk File."""
        super().load(values)
        self._enable_location()

    def _edited(self, name: str) -> None:
        if name == "attachment_storage_type":
            self._enable_location()

    def _enable_location(self) -> None:
        on_disk = self.forms[0].value("attachment_storage_type") == "disk_file"
        self.editor("attachment_storage_location").setEnabled(on_disk)
