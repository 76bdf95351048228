"""Duplicates: keeping duplicate search data, searching automatically, each method's threshold,
and the fuzzy method's field weights."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QWidget

from crm_desktop.domain.setup_fields import couple_duplicate_flags, fields_of
from crm_desktop.services.app import AppContext
from crm_desktop.ui.common.fields import from_setup
from crm_desktop.ui.setup.section import CodeSource, Group, SetupSection

MAINTAIN = "maintain_dupl_search_strings"
AUTOSEARCH = "autosearch_for_duplicates"


def on_generate_requested(ctx: AppContext, parent: QWidget | None) -> None:
    """The user said Yes to "Do you want to generate duplicate search strings?": BC's Generate
    Duplicate Search Strings batch runs in the background, with progress and Cancel."""
    from crm_desktop.ui.duplicates.worker import run_generate

    run_generate(ctx, parent)


class DuplicatesSection(SetupSection):
    """Maintain Dupl. Search Strings, Autosearch for Duplicates, Search Hit %, search method.

    Ticking one of the two switches shows BC's coupling at once: Maintain carries Autosearch with
    it, and Autosearch switched on switches Maintain on."""

    section = "duplicates"

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, codes: CodeSource | None = None
    ) -> None:
        fields = fields_of("duplicates")
        groups: list[Group] = [
            (
                self.tr("Both methods"),
                [from_setup(f) for f in fields if not f.name.startswith("fuzzy_")],
            ),
            (
                self.tr("Fuzzy method: threshold and field weights"),
                [from_setup(f) for f in fields if f.name.startswith("fuzzy_")],
            ),
        ]
        super().__init__(ctx, parent, groups=groups, columns=2, codes=codes)
        self._flags = (False, False)
        self.forms[0].edited.connect(self._edited)
        self._add_method_notes()

    def intro_text(self) -> str:
        """The sentence above this section's fields."""
        return self.tr(
            "Two methods find possible duplicates. Search strings (Business Central's) compare "
            "the first and last characters of company fields; Fuzzy compares companies and "
            "persons field by field, allowing for typing errors, nicknames and other spellings, "
            "and says why it paired two contacts."
        )

    def _add_method_notes(self) -> None:
        # Each method has its own threshold.
        note = QLabel(
            self.tr(
                "Search Hit % is the threshold of the search strings method: the share of the "
                "search strings that must be equal. Fuzzy Threshold is the fuzzy method's: the "
                "score (0-100) a pair must reach, from the weights of the fields that are the "
                "same, less those that clearly differ. Switching the method replaces the pairs "
                "not kept separate at the next scan; pairs kept separate stay separate."
            )
        )
        note.setWordWrap(True)
        note.setObjectName("duplicates_method_note")
        self.setup_button = QPushButton(self.tr("Duplicate Search String Setup…"))
        self.setup_button.setObjectName("duplicates_search_string_setup")
        self.generate_button = QPushButton(self.tr("Generate Search Strings Now…"))
        self.generate_button.setObjectName("duplicates_generate")
        row = QHBoxLayout()
        row.addWidget(self.setup_button)
        row.addWidget(self.generate_button)
        row.addStretch(1)
        # Before the section's closing stretch.
        self.layout_.insertWidget(self.layout_.count() - 1, note)
        self.layout_.insertLayout(self.layout_.count() - 1, row)
        self.setup_button.clicked.connect(self._open_search_string_setup)
        self.generate_button.clicked.connect(lambda: on_generate_requested(self.ctx, self))

    def _open_search_string_setup(self) -> None:
        from crm_desktop.ui.duplicates.setup_dialog import SearchStringSetupDialog

        SearchStringSetupDialog(self.ctx, self).exec()

    def load(self, values: dict[str, Any]) -> None:
        """Show stored values and remember the switches for the coupling."""
        super().load(values)
        self._flags = (bool(values.get(MAINTAIN)), bool(values.get(AUTOSEARCH)))

    def _box(self, name: str) -> QCheckBox:
        box = self.editor(name)
        assert isinstance(box, QCheckBox)
        return box

    def _edited(self, name: str) -> None:
        if name not in (MAINTAIN, AUTOSEARCH):
            return
        maintain, autosearch, _ask = couple_duplicate_flags(
            *self._flags, self._box(MAINTAIN).isChecked(), self._box(AUTOSEARCH).isChecked()
        )
        form = self.forms[0]
        form.set_value(MAINTAIN, maintain)
        form.set_value(AUTOSEARCH, autosearch)
        self._flags = (maintain, autosearch)
