"""Defaults: values new contacts get, and the user's own salesperson and work date."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, QSignalBlocker
from PySide6.QtWidgets import QCheckBox, QDateEdit, QGroupBox, QHBoxLayout, QVBoxLayout, QWidget

from crm_desktop.domain.setup_fields import fields_of
from crm_desktop.services.app import AppContext
from crm_desktop.services.setup import UserSetupValues
from crm_desktop.ui.common.fields import FieldSpec, from_setup
from crm_desktop.ui.common.form import FieldForm
from crm_desktop.ui.setup.section import CodeSource, SetupSection

MY_SALESPERSON = QT_TRANSLATE_NOOP("setup", "My Salesperson")
WORK_DATE = "work_date"
SALESPERSON = "salesperson_code"


class DefaultsSection(SetupSection):
    """The Default ... fields of the Marketing Setup, and, in a group of their own, the user's
    settings (User Setup): My Salesperson and the Work Date."""

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, codes: CodeSource | None = None
    ) -> None:
        super().__init__(
            ctx,
            parent,
            codes=codes,
            groups=[
                (
                    self.tr("Defaults for new contacts"),
                    [from_setup(f) for f in fields_of("defaults")],
                )
            ],
        )
        self.user_form = FieldForm(
            [FieldSpec(SALESPERSON, MY_SALESPERSON, "ref", "setup", 20, "salesperson")],
            self._codes,
        )
        self.use_today = QCheckBox(self.tr("Use today's date"))
        self.use_today.setObjectName("use_today")
        self.work_date = QDateEdit()
        self.work_date.setObjectName("field_work_date")
        self.work_date.setCalendarPopup(True)
        self.work_date.setDisplayFormat("yyyy-MM-dd")
        self.use_today.toggled.connect(lambda on: self.work_date.setEnabled(not on))
        self.use_today.toggled.connect(lambda _on: self.edited.emit())
        self.work_date.dateChanged.connect(lambda _d: self.edited.emit())
        self.user_form.edited.connect(lambda _name: self.edited.emit())
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.work_date)
        line.addWidget(self.use_today)
        line.addStretch(1)
        self.user_form.layout_.addRow(self.tr("Work Date"), row)
        box = QGroupBox(self.tr("Your own settings (this user only)"))
        box.setObjectName("user_settings")
        QVBoxLayout(box).addWidget(self.user_form)
        self.layout_.insertWidget(self.layout_.count() - 1, box)
        self._user: UserSetupValues = UserSetupValues("", None)

    def load_user(self, user: UserSetupValues) -> None:
        """Show the user's own settings; nothing counts as changed afterwards."""
        self._user = user
        self.user_form.set_value(SALESPERSON, user.salesperson_code)
        with QSignalBlocker(self.use_today), QSignalBlocker(self.work_date):
            self.use_today.setChecked(user.work_date is None)
            day = user.work_date or dt.date.today()
            self.work_date.setDate(QDate(day.year, day.month, day.day))
        self.work_date.setEnabled(user.work_date is not None)

    def apply_user(self) -> dict[str, Any]:
        """The user's settings that changed, as keyword arguments for update_user_setup."""
        changes: dict[str, Any] = {}
        code = self.user_form.value(SALESPERSON)
        if code != self._user.salesperson_code:
            changes[SALESPERSON] = code
        day: dt.date | None = None
        if not self.use_today.isChecked():
            q = self.work_date.date()
            day = dt.date(q.year(), q.month(), q.day())
        if day != self._user.work_date:
            changes[WORK_DATE] = day
        return changes

    def reload_choices(self) -> None:
        """Offer the current codes again, also for My Salesperson."""
        super().reload_choices()
        self.user_form.reload_choices()

    def show_error(self, name: str, text: str) -> bool:
        """Errors of the user's settings show under My Salesperson."""
        return super().show_error(name, text) or self.user_form.set_error(name, text)

    def caption_of(self, name: str) -> str:
        """A field's caption, the user's settings included."""
        if name in self.user_form.specs:
            return self.user_form.specs[name].caption
        return super().caption_of(name)

    def clear_errors(self) -> None:
        """Hide every error of the section, the user's settings included."""
        super().clear_errors()
        self.user_form.clear_errors()
