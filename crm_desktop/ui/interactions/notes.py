"""What the GUI says when logging was skipped for want of a template: once per kind each time
the app runs (the logging service decides when), in the status bar and a message box."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from crm_desktop.services.interactions.log import LogOutcome
from crm_desktop.ui import messages
from crm_desktop.ui.hub import hub


def show_outcome(outcome: LogOutcome, parent: QWidget | None) -> None:
    """Tell the user when nothing was logged because no template is set for the kind."""
    if outcome.note is None:
        return
    params = dict(outcome.note_params or {})
    if "kind" in params:
        params["kind"] = QCoreApplication.translate("interactions", params["kind"])
    text = QCoreApplication.translate("interactions", outcome.note).format(**params)
    hub().status_message.emit(text)
    messages.inform(parent, QCoreApplication.translate("InteractionNotes", "Not logged"), text)
