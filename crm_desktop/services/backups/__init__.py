"""Backups: verified copies of the data, restore, and the integrity check (the Backups page).

Modules: `backup` makes, lists, prunes and restores backups; `check` is `crm-desktop check`:
integrity, foreign keys and number series consistency.

Arrows: backups imports datafile (where the data lives, how it is opened safely) and storage;
no capability imports backups: the screens and the command line do.
"""
