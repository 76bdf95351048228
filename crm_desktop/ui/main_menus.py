"""The main window's menus: File, Edit, View and Help, every entry with a key or an accelerator.

Edit's entries act on the page shown: a page offers what it can do by having the method
(`new_record`, `open_current`, `delete_current`, `refresh`, a `table` with `copy_selection`),
and the entries it lacks are greyed out. Keys a list handles itself (Enter, F2, Delete, Ctrl+C)
are shown in the menu but bound by the list, so they keep working as editing keys in a search
box.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from crm_desktop.domain.errors import CrmError
from crm_desktop.services.app import AppContext
from crm_desktop.ui import messages
from crm_desktop.ui.common.undo_stack import undo_stack
from crm_desktop.ui.pages import PAGES


def _tr(text: str) -> str:
    return QCoreApplication.translate("MainMenus", text)


class MainMenus(QObject):
    """Builds the menu bar of `window` and keeps Edit's entries in step with the page shown.

    `window` must offer `ctx`, `stack` (the page stack), `nav` (the page list) and `tr_page`.
    """

    def __init__(self, window: QMainWindow, ctx: AppContext) -> None:
        # A child of the window: its connection to the app-wide undo stack goes with it.
        super().__init__(window)
        self.window = window
        self.ctx = ctx
        self.actions: dict[str, QAction] = {}
        bar = window.menuBar()
        self._file(bar.addMenu(_tr("&File")))
        self._edit(bar.addMenu(_tr("&Edit")))
        self._view(bar.addMenu(_tr("&View")))
        self._help(bar.addMenu(_tr("&Help")))
        undo_stack().changed.connect(self.update)
        window.stack.currentChanged.connect(lambda _i: self.update())  # type: ignore[attr-defined]
        self.update()

    def _add(
        self,
        menu: QMenu,
        name: str,
        text: str,
        slot: Callable[[], Any],
        keys: QKeySequence | str | None = None,
    ) -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(name)
        if keys is not None:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        self.actions[name] = action
        return action

    # --- the menus -----------------------------------------------------------------------

    def _file(self, menu: QMenu) -> None:
        from crm_desktop.ui.exchange import import_action

        menu.setObjectName("file_menu")
        self._add(
            menu,
            "import_contacts",
            _tr("&Import contacts…"),
            lambda: import_action(self.ctx, self.window),
            "Ctrl+I",
        )
        self._add(menu, "export_contacts", _tr("&Export contacts…"), self.export, "Ctrl+E")
        menu.addSeparator()
        self._add(menu, "backup_now", _tr("&Back up now…"), self.back_up, "Ctrl+B")
        menu.addSeparator()
        # Ctrl+Q everywhere (Windows has no standard Quit key); closing asks about unsaved work.
        self._add(menu, "quit", _tr("&Quit"), self.window.close, "Ctrl+Q")

    def _edit(self, menu: QMenu) -> None:
        menu.setObjectName("edit_menu")
        self._add(menu, "undo", _tr("&Undo"), self.undo, QKeySequence.StandardKey.Undo)
        menu.addSeparator()
        self._add(menu, "new_record", _tr("&New"), lambda: self._call("new_record"), "Ctrl+N")
        self._add(menu, "open_record", _tr("&Open") + "\tEnter", lambda: self._call("open_current"))
        self._add(
            menu, "delete_record", _tr("&Delete…") + "\tDel", lambda: self._call("delete_current")
        )
        self._add(menu, "copy_rows", _tr("&Copy rows") + "\tCtrl+C", self.copy)
        self._add(menu, "find", _tr("&Find"), self.find, QKeySequence.StandardKey.Find)

    def _view(self, menu: QMenu) -> None:
        menu.setObjectName("view_menu")
        for i, (key, title, _factory) in enumerate(PAGES):
            keys = f"Ctrl+{i + 1}" if i < 9 else ("Ctrl+0" if i == 9 else None)
            text = self.window.tr_page(title)  # type: ignore[attr-defined]
            self._add(
                menu,
                f"view_{key}",
                f"&{text}" if "&" not in text else text,
                lambda r=i: self.window.nav.setCurrentRow(r),
                keys,
            )  # type: ignore[attr-defined]
        menu.addSeparator()
        self._add(menu, "refresh", _tr("&Refresh") + "\tF5", lambda: self._call("refresh"))

    def _help(self, menu: QMenu) -> None:
        menu.setObjectName("help_menu")
        self._add(menu, "about", _tr("&About CRM Desktop"), self.about)

    # --- what the entries do -------------------------------------------------------------

    def page(self) -> QWidget | None:
        """The page shown."""
        return self.window.stack.currentWidget()  # type: ignore[attr-defined,no-any-return]

    def _call(self, method: str) -> None:
        fn = getattr(self.page(), method, None)
        if callable(fn):
            fn()

    @Slot()
    def update(self) -> None:
        """Grey out what the page shown cannot do; name what Undo would take back."""
        page = self.page()
        for name, method in (
            ("new_record", "new_record"),
            ("open_record", "open_current"),
            ("delete_record", "delete_current"),
            ("refresh", "refresh"),
        ):
            self.actions[name].setEnabled(callable(getattr(page, method, None)))
        table = getattr(page, "table", None)
        self.actions["copy_rows"].setEnabled(callable(getattr(table, "copy_selection", None)))
        self.actions["find"].setEnabled(getattr(page, "search", None) is not None)
        caption = undo_stack().caption
        undo = self.actions["undo"]
        undo.setEnabled(bool(caption))
        undo.setText(caption or _tr("&Undo"))

    def undo(self) -> None:
        """Take the newest delete back; a reason it cannot is shown."""
        try:
            undo_stack().undo()
        except CrmError as err:
            messages.show_error(self.window, err)

    def copy(self) -> None:
        """Copy the selected rows of the list shown."""
        table = getattr(self.page(), "table", None)
        if table is not None and callable(getattr(table, "copy_selection", None)):
            table.copy_selection()

    def find(self) -> None:
        """Put the cursor in the page's search box."""
        search = getattr(self.page(), "search", None)
        if search is not None:
            search.setFocus()
            search.selectAll()

    def export(self) -> None:
        """Export from the list shown (its filter, selection or all), or every contact."""
        page = self.page()
        fn = getattr(page, "export_shown", None)
        if callable(fn):
            fn()
            return
        from crm_desktop.ui.exchange import export_action

        export_action(self.ctx, self.window)

    def back_up(self) -> None:
        """Make a backup now, on the Backups page (which shows its progress)."""
        key = "backups"
        self.window.show_page(key)  # type: ignore[attr-defined]
        page = self.page()
        if callable(getattr(page, "back_up_now", None)):
            page.back_up_now()  # type: ignore[union-attr]

    def about(self) -> None:
        """Name, version and where the data is."""
        text = _tr(
            "CRM Desktop {version}\n\nContacts, companies and their relations, kept on this "
            "computer.\n\nData folder: {folder}"
        ).format(version=_version(), folder=self.ctx.data_dir)
        messages.inform(self.window, _tr("About CRM Desktop"), text)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("crm-desktop")
    except PackageNotFoundError:
        return ""
