"""Inheritance: which company details a person contact takes over from its company."""

from __future__ import annotations

from crm_desktop.ui.setup.section import SetupSection


class InheritanceSection(SetupSection):
    """The seven Inherit ... switches."""

    section = "inheritance"

    def intro_text(self) -> str:
        """The sentence above this section's fields."""
        return self.tr(
            "A person contact takes over the checked details from the company it works for, "
            "as long as the detail was not changed on the person."
        )
