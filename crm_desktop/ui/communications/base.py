"""What the communication dialogs share: the unsaved-changes guard, the salesperson choice,
logging's outcome shown (the no-template note, the status line) and the timeline told."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QComboBox, QDialog, QWidget

from crm_desktop.domain.errors import CrmError
from crm_desktop.services import masterdata
from crm_desktop.services.app import AppContext
from crm_desktop.services.interactions import create
from crm_desktop.services.interactions.log import Account, LogOutcome
from crm_desktop.ui import messages
from crm_desktop.ui.common.unsaved import UnsavedChanges
from crm_desktop.ui.hub import hub
from crm_desktop.ui.interactions.notes import show_outcome


class CommunicationDialog(QDialog):
    """A non-modal dialog over one contact that logs one interaction and closes."""

    def __init__(
        self, ctx: AppContext, account: Account, contact_no: str, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.account = account
        self.contact_no = contact_no
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setModal(False)
        self.logged: LogOutcome | None = None
        self.unsaved = UnsavedChanges(
            self, save=self.log, name=self.windowTitle, save_shortcut=False
        )

    def log(self) -> bool:  # pragma: no cover - every dialog defines it
        raise NotImplementedError

    def salesperson_combo(self) -> QComboBox:
        """Salespersons, mine (User Setup) first, else the contact's."""
        combo = QComboBox()
        combo.setObjectName("salesperson")
        combo.addItem("", "")
        for row in masterdata.list_rows(self.ctx, "salesperson"):
            combo.addItem(f"{row['code']} - {row.get('name', '')}", row["code"])
        try:
            code = create.defaults_for(self.ctx, self.contact_no).salesperson_code
        except CrmError:
            code = ""
        combo.setCurrentIndex(max(0, combo.findData(code)))
        return combo

    def done_logging(self, outcome: LogOutcome, status: str) -> None:
        """Show the outcome, tell the timelines, and close without a question."""
        self.logged = outcome
        show_outcome(outcome, self.parentWidget())
        if outcome.entry_no is not None:
            hub().changed("interaction", keys={outcome.contact_no or self.contact_no})
            hub().status_message.emit(status)
        self.unsaved.mark_clean()
        self.close()

    def fail(self, exc: CrmError | OSError | ValueError) -> bool:
        """Show why logging failed; the dialog stays open with what was typed."""
        if isinstance(exc, CrmError):
            messages.show_error(self, exc)
        else:
            messages.show_error(
                self,
                QCoreApplication.translate(
                    "Communications", "Could not write the file: {reason}"
                ).format(reason=str(exc)),
            )
        return False
