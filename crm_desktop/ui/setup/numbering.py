"""Numbering: the number series for contacts, campaigns, segments, tasks and opportunities."""

from __future__ import annotations

from crm_desktop.ui.setup.section import SetupSection


class NumberingSection(SetupSection):
    """The five ... Nos. fields; each names a number series."""

    section = "numbering"

    def intro_text(self) -> str:
        """The sentence above this section's fields."""
        return self.tr(
            "New records take their number from these series. The series themselves are "
            "kept on the No. Series page."
        )
