"""The main window: navigation on the left, the chosen page on the right, a status bar."""

from __future__ import annotations

import importlib

from PySide6.QtCore import QByteArray, QCoreApplication, QSettings, QSignalBlocker, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from crm_desktop.domain.errors import CrmError
from crm_desktop.services.app import AppContext
from crm_desktop.ui import messages
from crm_desktop.ui.common import unsaved
from crm_desktop.ui.common.empty_state import EmptyStatePage
from crm_desktop.ui.common.screen import fit_to_screen, keep_inside, scrolling
from crm_desktop.ui.common.style import NAV_STYLE
from crm_desktop.ui.hub import hub
from crm_desktop.ui.main_menus import MainMenus
from crm_desktop.ui.pages import PAGES


class MainWindow(QMainWindow):
    """Navigation between every page; remembers its size and position in the data directory."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle(self.tr("CRM Desktop"))
        self.settings = QSettings(str(ctx.settings_path), QSettings.Format.IniFormat)
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setStyleSheet(NAV_STYLE)
        self.stack = QStackedWidget()
        self._pages: dict[str, QWidget] = {}
        self._keys: list[str] = []
        for key, title, _factory in PAGES:
            item = QListWidgetItem(self.tr_page(title))
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
            self._keys.append(key)
        splitter = QSplitter()
        splitter.addWidget(self.nav)
        # On a small screen (or at 200 %) a page wider or taller than the window scrolls.
        splitter.addWidget(scrolling(self.stack))
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([190, 900])
        self.splitter = splitter
        self.setCentralWidget(splitter)
        self.menus = MainMenus(self, ctx)
        self.nav.currentRowChanged.connect(self._show_row)
        hub().status_message.connect(self.show_status)
        # Ctrl+1..9 switch pages through the View menu (ui/main_menus.py).
        fit_to_screen(self, 1200, 760)
        geometry = self.settings.value("main_window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
            keep_inside(self)  # saved on a bigger screen, it must still fit this one
        # The navigation is as wide as its longest title, at most a fifth of a small window
        # (where titles are shortened with "…" rather than scrolled sideways).
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setTextElideMode(Qt.TextElideMode.ElideRight)
        needed = self.nav.sizeHintForColumn(0) + 2 * self.nav.frameWidth() + 8
        nav_width = min(max(190, needed), self.width() // 5)
        splitter.setSizes([nav_width, self.width() - nav_width])
        self.nav.setCurrentRow(0)

    def show_status(self, text: str) -> None:
        """Show a passing message in the status bar."""
        self.statusBar().showMessage(text, 10000)

    @staticmethod
    def tr_page(title: str) -> str:
        """A page title in the user's language."""
        return QCoreApplication.translate("pages", title)

    def page(self, key: str) -> QWidget:
        """The page for a key, created on first use."""
        if key not in self._pages:
            _k, title, factory = next(p for p in PAGES if p[0] == key)
            widget: QWidget | None = None
            if factory:
                module_name, cls_name = factory.split(":")
                try:
                    module = importlib.import_module(module_name)
                except ModuleNotFoundError as exc:
                    if exc.name is None or not module_name.startswith(exc.name):
                        raise
                else:
                    widget = self._build(getattr(module, cls_name), title)
            if widget is None:
                widget = EmptyStatePage(
                    self.tr_page(title),
                    self.tr(
                        "This page comes with a later version of CRM Desktop. "
                        "Your data is not affected."
                    ),
                )
            widget.setObjectName(f"page_{key}")
            self._pages[key] = widget
            self.stack.addWidget(widget)
        return self._pages[key]

    def _build(self, cls: type[QWidget], title: str) -> QWidget:
        # A page that fails to open is a bug: report it (dialog and log) and keep the window
        # usable instead of losing the whole app.
        try:
            return cls(self.ctx, self)  # type: ignore[call-arg]
        except CrmError as exc:
            messages.show_error(self, exc)
            hint = messages.error_text(exc)
        except Exception as exc:  # noqa: BLE001 - any bug in a page must not close the app
            messages.show_crash(self, exc, self.ctx.log_path)
            hint = self.tr("This page could not be opened. The details are in the log file.")
        return EmptyStatePage(self.tr_page(title), hint)

    def show_page(self, key: str) -> QWidget:
        """Navigate to a page and return it."""
        self.nav.setCurrentRow(self._keys.index(key))
        return self._pages[key]

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        # Leaving a page with unsaved changes asks first; Cancel stays on it.
        current = self.stack.currentWidget()
        if current is not None and not unsaved.confirm_within(current):
            key = next((k for k, w in self._pages.items() if w is current), None)
            if key is not None:
                with QSignalBlocker(self.nav):
                    self.nav.setCurrentRow(self._keys.index(key))
            return
        widget = self.page(self._keys[row])
        # Only the page shown sets the window's minimum size (a wide page elsewhere must not
        # push this one's buttons off a small screen).
        for page in self._pages.values():
            policy = QSizePolicy.Policy.Preferred if page is widget else QSizePolicy.Policy.Ignored
            page.setSizePolicy(policy, policy)
        self.stack.setCurrentWidget(widget)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        """Ask about unsaved changes in every window (Cancel keeps the app running), remember
        the window geometry, then close."""
        if not unsaved.confirm_all():
            event.ignore()
            return
        self.settings.setValue("main_window/geometry", self.saveGeometry())
        self.settings.sync()
        super().closeEvent(event)
