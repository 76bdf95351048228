"""Small style rules shared by several screens."""

from __future__ import annotations

# Roomier rows than the default list, so a list used as navigation reads as a menu.
NAV_STYLE = "QListWidget::item { padding: 5px 8px; }"
