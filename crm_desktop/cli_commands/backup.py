"""`crm-desktop backup [--to FILE]` and `crm-desktop restore FILE`."""

from __future__ import annotations

import argparse

from crm_desktop.services.app import open_app, resolve_data_dir
from crm_desktop.services.backups import backup


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the subcommands."""
    p = sub.add_parser("backup", help="back up the data now (verified)")
    p.add_argument(
        "--to", metavar="FILE", help="write the backup to FILE instead of the backups folder"
    )
    p.set_defaults(handler=run_backup)
    r = sub.add_parser(
        "restore", help="replace the data with a backup (the current data is backed up first)"
    )
    r.add_argument("file", metavar="FILE", help="the backup file to restore")
    r.set_defaults(handler=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    """Make one backup and say where it is."""
    ctx = open_app(args.data_dir)
    try:
        made = backup.make_backup(ctx, "manual", to=args.to)
    finally:
        ctx.close()
    print(f"backup written: {made.path} ({made.size} bytes, {made.contacts or 0} contacts)")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    """Restore a backup into the data directory."""
    result = backup.restore_backup(resolve_data_dir(args.data_dir), args.file)
    if result.safety_backup is not None:
        print(f"the data it replaced was backed up to {result.safety_backup.path}")
    if result.damaged_kept_as is not None:
        print(f"the damaged data file it replaced was kept as {result.damaged_kept_as}")
    print(f"restored {result.restored.path} ({result.restored.contacts or 0} contacts)")
    return 0
