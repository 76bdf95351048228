"""Contacts in and out as CSV from the GUI.

`import_action(ctx, parent)` opens the Import Contacts dialog; `export_action(ctx, parent)` asks
for a file name and exports every contact in a worker thread. The contacts page and the main
window's File menu call these.
"""

from __future__ import annotations

from crm_desktop.ui.exchange.actions import export_action, import_action

__all__ = ["export_action", "import_action"]
