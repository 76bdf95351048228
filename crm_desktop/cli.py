"""The command line: the GUI by default, subcommands for headless work.

`--data-dir DIR` is declared once, here, before any subcommand. Each subcommand lives in
`crm_desktop/cli_commands/<name>.py` with `register(subparsers)`; the handler it sets receives the
parsed arguments and returns the exit code.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from crm_desktop.domain.errors import CrmError

# Modules under crm_desktop.cli_commands that add subcommands (in help order).
COMMAND_MODULES: tuple[str, ...] = (
    "settings",
    "exchange",
    "demo",
    "duplicates",
    "backup",
    "check",
    "sync",
    "merge",
    "interactions",
)


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser with every subcommand that is installed."""
    parser = argparse.ArgumentParser(
        prog="crm-desktop",
        description="CRM Desktop: offline contacts and marketing. Without a command, opens the app.",
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="folder holding the database, backups and log "
        "(default: $CRM_DESKTOP_DATA_DIR, else the user data folder)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"crm_desktop.cli_commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"crm_desktop.cli_commands.{name}":
                raise
            continue
        module.register(sub)
    return parser


_NO_GUI = object()


def _gui_data_dir(argv: Sequence[str]) -> str | None | object:
    """The --data-dir of a plain GUI start (no command), or _NO_GUI for anything else.

    Building the full parser imports every subcommand's module; a cold start of the window
    needs none of that, so the two spellings of a plain start are read directly and every other
    command line goes to argparse as before.
    """
    if not argv:
        return None
    if len(argv) == 2 and argv[0] == "--data-dir" and not argv[1].startswith("-"):
        return argv[1]
    if len(argv) == 1 and argv[0].startswith("--data-dir="):
        return argv[0].removeprefix("--data-dir=")
    return _NO_GUI


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `crm-desktop` console script and `python -m crm_desktop`."""
    # Everything the app writes (data, backups, exports, window.ini, logs) is private: 0600
    # files, 0700 folders, whatever the user's umask.
    os.umask(0o077)
    gui_data_dir = _gui_data_dir(sys.argv[1:] if argv is None else argv)
    if gui_data_dir is not _NO_GUI:
        from crm_desktop.ui.app import run_gui

        assert gui_data_dir is None or isinstance(gui_data_dir, str)
        return run_gui(gui_data_dir)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from crm_desktop.ui.app import run_gui

        return run_gui(args.data_dir)
    from crm_desktop.services.app import resolve_data_dir
    from crm_desktop.services.datafile.opening import RecoveryNeededError, lock_data_dir

    try:
        # One running copy per data directory: every subcommand holds the lock while it runs.
        with lock_data_dir(resolve_data_dir(args.data_dir)):
            return int(args.handler(args))
    except RecoveryNeededError as exc:
        # The data is elsewhere (a backup, a file set aside): never an empty database.
        print(f"crm-desktop: {exc.message}", file=sys.stderr)
        return 3
    except CrmError as exc:
        print(f"crm-desktop: {exc.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("crm-desktop: interrupted", file=sys.stderr)
        return 130
