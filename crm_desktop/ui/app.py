"""Starting the GUI: the application object, translations, error handling, the main window."""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QWidget

from crm_desktop.domain.errors import CrmError
from crm_desktop.services.app import AppContext
from crm_desktop.ui import messages

if TYPE_CHECKING:
    from crm_desktop.ui.backups.recovery import AutoBackup
    from crm_desktop.ui.single_instance import SingleInstance

# The package's translations (English plurals now; the Dutch translation goes here too).
TRANSLATIONS = Path(__file__).resolve().parents[1] / "resources" / "translations"


def install_translators(app: QApplication, locale: QLocale | None = None) -> list[QTranslator]:
    """Load the English plural forms (always: without them "%n person(s)" shows as written),
    then Qt's own and the app's translations for the user's language, which win over English
    (Qt asks the translator installed last first)."""
    locale = locale or QLocale.system()
    translators = []
    english = QTranslator(app)
    if english.load("crm_desktop_en", str(TRANSLATIONS)):
        app.installTranslator(english)
        translators.append(english)
    qt = QTranslator(app)
    if qt.load(locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        translators.append(qt)
    own = QTranslator(app)
    if locale.language() != QLocale.Language.English and own.load(
        locale, "crm_desktop", "_", str(TRANSLATIONS)
    ):
        app.installTranslator(own)
        translators.append(own)
    return translators


def install_excepthook(ctx: AppContext | None) -> None:
    """Unexpected errors show a crash dialog and go to the log; the app keeps running."""

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if isinstance(exc, CrmError):
            messages.show_error(None, exc)
            return
        messages.show_crash(None, exc.with_traceback(tb), ctx.log_path if ctx else None)

    sys.excepthook = hook


def run_gui(data_dir: str | None) -> int:
    """Open the data, show the main window, run until it closes; returns the exit code."""
    # Start-up creates many objects that live as long as the window: collecting while they are
    # made only delays the first paint, and freezing them afterwards keeps later collections
    # (during bulk work) from walking them again.
    gc.disable()
    try:
        started = _start(data_dir)
    finally:
        gc.freeze()
        gc.enable()
    if isinstance(started, int):
        return started
    app, window, instance, ctx, auto_backup = started
    try:
        return app.exec()
    finally:
        auto_backup.on_exit()
        ctx.close()
        instance.release()


def _start(
    data_dir: str | None,
) -> int | tuple[QApplication, QWidget, SingleInstance, AppContext, AutoBackup]:
    """Everything up to the shown window, or the exit code when the start ends early."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("CRM Desktop")
    app.setOrganizationName("CRM Desktop")
    install_translators(app)
    from crm_desktop.ui.startup_probe import install_if_asked

    install_if_asked(app)
    # Data safety (ui/single_instance.py, ui/backups/recovery.py): one window per data folder,
    # a damaged file offers its newest good backup, backups every few hours and on exit.
    from crm_desktop.services.app import resolve_data_dir
    from crm_desktop.ui.backups.recovery import AutoBackup, open_with_recovery
    from crm_desktop.ui.single_instance import claim

    instance, code = claim(resolve_data_dir(data_dir))
    if instance is None:
        return code
    ctx = open_with_recovery(data_dir)
    if ctx is None:
        instance.release()
        return 1
    install_excepthook(ctx)
    from crm_desktop.ui.main_window import MainWindow

    window = MainWindow(ctx)
    instance.attach(window)
    auto_backup = AutoBackup(ctx, window)
    window.show()
    return app, window, instance, ctx, auto_backup
