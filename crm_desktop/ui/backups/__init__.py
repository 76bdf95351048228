"""The Backups page and the GUI's side of data safety (recovery on start, automatic backups)."""
