"""Sync: the business relation codes that mark contacts linked to other records."""

from __future__ import annotations

from crm_desktop.ui.setup.section import SetupSection


class SyncSection(SetupSection):
    """The four Bus. Rel. Code for ... fields."""

    section = "sync"

    def intro_text(self) -> str:
        """The sentence above this section's fields."""
        return self.tr(
            "A contact linked to a customer, vendor, bank account or employee gets this "
            "business relation, and changes are kept in step both ways."
        )
