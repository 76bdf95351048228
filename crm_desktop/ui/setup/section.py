"""What every Marketing Setup section shares: forms built from field declarations, load/apply."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from crm_desktop.domain.setup_fields import Section, fields_of
from crm_desktop.services.app import AppContext
from crm_desktop.ui.common.codes import CodeChoice, code_choices
from crm_desktop.ui.common.fields import FieldSpec, from_setup
from crm_desktop.ui.common.form import FieldForm

Group = tuple[str | None, list[FieldSpec]]  # (translated title or None, fields)
CodeSource = Callable[[str], list[CodeChoice]]


class SetupSection(QWidget):
    """A section of the setup page: one or more forms of declared fields.

    `load(values)` fills the widgets (signals blocked) and remembers the values; `apply()` returns
    only the fields the user changed since. Subclasses set `section` (a SetupField section) or pass
    their own groups of fields.
    """

    section: Section | None = None
    edited = Signal()  # the user changed a widget of this section

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        groups: list[Group] | None = None,
        intro: str = "",
        columns: int = 1,
        codes: CodeSource | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        # A page passes one cache for all its sections; a section on its own reads every time.
        self._codes: CodeSource = codes or (lambda table: code_choices(ctx, table))
        if groups is None:
            assert self.section is not None
            groups = [(None, [from_setup(f) for f in fields_of(self.section)])]
        self.forms: list[FieldForm] = []
        self._loaded: dict[str, Any] = {}
        self.layout_ = QVBoxLayout(self)
        intro = intro or self.intro_text()
        if intro:
            text = QLabel(intro)
            text.setWordWrap(True)
            text.setObjectName("section_intro")
            self.layout_.addWidget(text)
        grid = QGridLayout()
        self.layout_.addLayout(grid)
        for i, (title, specs) in enumerate(groups):
            form = FieldForm(specs, self._codes)
            form.edited.connect(lambda _name: self.edited.emit())
            self.forms.append(form)
            holder: QWidget = form
            if title:
                box = QGroupBox(title)
                QVBoxLayout(box).addWidget(form)
                holder = box
            grid.addWidget(holder, i // columns, i % columns)
        self.layout_.addStretch(1)

    def field_names(self) -> list[str]:
        """The fields this section saves with `apply()`."""
        return [name for form in self.forms for name in form.specs]

    def form_of(self, name: str) -> FieldForm | None:
        """The form holding a field, or None."""
        return next((f for f in self.forms if name in f.specs), None)

    def editor(self, name: str) -> QWidget:
        """The widget that edits a field (tests and error focus use it)."""
        form = self.form_of(name)
        assert form is not None, name
        return form.editors[name]

    def intro_text(self) -> str:
        """The sentence above the section's fields that says what they are for."""
        return ""

    def load(self, values: dict[str, Any]) -> None:
        """Show stored values; nothing counts as changed afterwards."""
        self._loaded = {name: values.get(name) for name in self.field_names()}
        for form in self.forms:
            form.set_values({n: v for n, v in values.items() if n in form.specs})

    def apply(self) -> dict[str, Any]:
        """The fields whose widgets differ from what was loaded, with their new values."""
        current = {name: value for form in self.forms for name, value in form.values().items()}
        return {name: value for name, value in current.items() if value != self._loaded.get(name)}

    def reload_choices(self) -> None:
        """Offer the current codes again in every code combo."""
        for form in self.forms:
            form.reload_choices()

    def show_error(self, name: str, text: str) -> bool:
        """Show a refused value under its field; False when the field is not in this section."""
        form = self.form_of(name)
        return form is not None and form.set_error(name, text)

    def clear_errors(self) -> None:
        """Hide every error message of the section."""
        for form in self.forms:
            form.clear_errors()

    def caption_of(self, name: str) -> str:
        """A field's caption in the user's language."""
        form = self.form_of(name)
        return form.specs[name].caption if form else name
