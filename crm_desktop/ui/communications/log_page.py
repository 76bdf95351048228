"""The Interaction Log page with `.eml`/`.msg` drops: issue 18's page, unchanged otherwise.
(ui/interactions must not import this package, which builds on it; the page list names this
class instead.)"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from crm_desktop.services.app import AppContext
from crm_desktop.ui.communications.mail_drop import MailDropFilter
from crm_desktop.ui.interactions.log_page import InteractionLogPage


class MailDropLogPage(InteractionLogPage):
    """The Interaction Log page; dropped e-mail files are matched to contacts and logged."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.mail_drop = MailDropFilter(ctx, self)
        self.mail_drop.logged.connect(self._mails_logged)

    def _mails_logged(self, _entries: list[int]) -> None:
        self.refresh()
