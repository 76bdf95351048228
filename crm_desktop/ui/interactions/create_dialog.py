"""Create Interaction on a contact, in one dialog (BC page 5077): template, date, time,
description, cost, duration, evaluation, salesperson, initiated by, information flow, an
attachment; Finish logs it, Postpone keeps it as Postponed, and a postponed one is resumed here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, Qt, QTime, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain import interactions as rules
from crm_desktop.domain.errors import CrmError
from crm_desktop.services import masterdata
from crm_desktop.services.app import AppContext
from crm_desktop.services.interactions import attachments, create
from crm_desktop.services.interactions.attachments import NewAttachment
from crm_desktop.ui import messages
from crm_desktop.ui.common.unsaved import UnsavedChanges
from crm_desktop.ui.hub import hub

# The fields the dialog shows and the user may type over the template's values.
TYPED = frozenset(
    {
        "description",
        "cost_lcy",
        "duration_min",
        "information_flow",
        "initiated_by",
        "evaluation",
        "subject",
    }
)


def _choice_combo(choices: tuple[tuple[str, str], ...]) -> QComboBox:
    combo = QComboBox()
    for code, label in choices:
        combo.addItem(QCoreApplication.translate("interactions", label), code)
    return combo


def _select(combo: QComboBox, code: str) -> None:
    index = combo.findData(code)
    combo.setCurrentIndex(max(index, 0))


class CreateInteractionDialog(QDialog):
    """Create Interaction for `contact_no`; with `entry_no`, resume that postponed entry."""

    logged = Signal(int)  # entry no.

    def __init__(
        self,
        ctx: AppContext,
        contact_no: str,
        parent: QWidget | None = None,
        *,
        entry_no: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.entry_no = entry_no
        self.setObjectName("create_interaction")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        defaults = create.defaults_for(ctx, contact_no)  # refuses a privacy-blocked contact
        self.contact_no = defaults.contact_no
        self.result_entry: int | None = None
        self._attachment: NewAttachment | None = None
        self._edited_copy: Path | None = None
        self._choices = {t.code: t for t in create.template_choices(ctx)}
        title = (
            self.tr("Resume Interaction - {no} {name}")
            if entry_no
            else self.tr("Create Interaction - {no} {name}")
        )
        self.setWindowTitle(title.format(no=defaults.contact_no, name=defaults.contact_name))

        self.template = QComboBox()
        self.template.setObjectName("template")
        self.template.addItem("", "")
        for code, choice in self._choices.items():
            self.template.addItem(f"{code} - {choice.description}", code)
        self.date = QDateEdit(QDate(defaults.date.year, defaults.date.month, defaults.date.day))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setObjectName("date")
        now = dt.datetime.now().time()
        self.time = QTimeEdit(QTime(now.hour, now.minute))
        self.time.setObjectName("time")
        self.description = QLineEdit()
        self.description.setObjectName("description")
        self.description.setMaxLength(100)
        self.subject = QLineEdit()
        self.subject.setObjectName("subject")
        self.subject.setMaxLength(100)
        self.cost = QLineEdit("0.00")
        self.cost.setObjectName("cost")
        self.duration = QSpinBox()
        self.duration.setObjectName("duration")
        self.duration.setRange(0, 100_000)
        self.duration.setSuffix(self.tr(" min."))
        self.evaluation = _choice_combo(rules.EVALUATIONS)
        self.evaluation.setObjectName("evaluation")
        self.salesperson = QComboBox()
        self.salesperson.setObjectName("salesperson")
        self.salesperson.addItem("", "")
        for row in masterdata.list_rows(ctx, "salesperson"):
            self.salesperson.addItem(f"{row['code']} - {row.get('name', '')}", row["code"])
        _select(self.salesperson, defaults.salesperson_code)
        self.initiated_by = _choice_combo(rules.INITIATED_BY)
        self.initiated_by.setObjectName("initiated_by")
        self.information_flow = _choice_combo(rules.INFORMATION_FLOWS)
        self.information_flow.setObjectName("information_flow")
        self.attempt_failed = QCheckBox(self.tr("Attempt failed"))
        self.attempt_failed.setObjectName("attempt_failed")
        self.attachment_label = QLabel(self.tr("No file attached"))
        self.attachment_label.setObjectName("attachment_label")
        self.attach_button = QPushButton(self.tr("Attach File..."))
        self.attach_button.setObjectName("attach_file")
        self.log_interaction = QCheckBox(self.tr("Log Interaction"))
        self.log_interaction.setObjectName("log_interaction")
        self.log_interaction.setToolTip(
            self.tr("Untick to only open the template's attachment without logging anything.")
        )
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")

        form = QFormLayout()
        form.addRow(self.tr("Interaction Template Code"), self.template)
        when = QHBoxLayout()
        when.addWidget(self.date)
        when.addWidget(self.time)
        when.addStretch(1)
        form.addRow(self.tr("Date and time"), when)
        form.addRow(self.tr("Description"), self.description)
        form.addRow(self.tr("Subject"), self.subject)
        form.addRow(self.tr("Cost (LCY)"), self.cost)
        form.addRow(self.tr("Duration"), self.duration)
        form.addRow(self.tr("Evaluation"), self.evaluation)
        form.addRow(self.tr("Salesperson Code"), self.salesperson)
        form.addRow(self.tr("Initiated By"), self.initiated_by)
        form.addRow(self.tr("Information Flow"), self.information_flow)
        form.addRow("", self.attempt_failed)
        files = QHBoxLayout()
        files.addWidget(self.attachment_label, 1)
        files.addWidget(self.attach_button)
        form.addRow(self.tr("Attachment"), files)
        form.addRow("", self.log_interaction)

        self.finish_button = QPushButton(self.tr("Finish"))
        self.finish_button.setObjectName("finish")
        self.finish_button.setDefault(True)
        self.postpone_button = QPushButton(self.tr("Postpone"))
        self.postpone_button.setObjectName("postpone")
        self.postpone_button.setToolTip(
            self.tr("Keep it as a postponed interaction; resume it from Postponed Interactions.")
        )
        self.cancel_button = QPushButton(self.tr("Cancel"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.postpone_button)
        buttons.addWidget(self.finish_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.setMinimumWidth(520)

        self.template.currentIndexChanged.connect(self._template_chosen)
        self.attach_button.clicked.connect(self._pick_file)
        self.finish_button.clicked.connect(self.finish)
        self.postpone_button.clicked.connect(self.postpone)
        self.cancel_button.clicked.connect(self.close)
        self.unsaved = UnsavedChanges(
            self,
            save=self.finish,
            name=self.windowTitle,
            save_buttons=[],
            save_shortcut=False,
        )
        if entry_no is not None:
            self._load_entry(entry_no)
        self._template_chosen()
        self.unsaved.watch(
            self.template,
            self.date,
            self.time.timeChanged,
            self.description,
            self.subject,
            self.cost,
            self.duration,
            self.evaluation,
            self.salesperson,
            self.initiated_by,
            self.information_flow,
            self.attempt_failed,
        )
        self.unsaved.mark_clean()

    def _load_entry(self, entry_no: int) -> None:
        d = create.draft_of(self.ctx, entry_no)
        _select(self.template, d.template_code)
        self.date.setDate(QDate(d.date.year, d.date.month, d.date.day))
        if d.time_of_interaction:
            self.time.setTime(QTime(d.time_of_interaction.hour, d.time_of_interaction.minute))
        self.description.setText(d.description)
        self.subject.setText(d.subject)
        self._fill_numbers(d.cost_lcy, d.duration_min)
        _select(self.evaluation, d.evaluation)
        _select(self.salesperson, d.salesperson_code)
        _select(self.initiated_by, d.initiated_by)
        _select(self.information_flow, d.information_flow)
        self.attempt_failed.setChecked(d.attempt_failed)
        self.postpone_button.setEnabled(False)

    def _fill_numbers(self, cost: Decimal, duration: int) -> None:
        self.cost.setText(f"{cost:.2f}")
        self.duration.setValue(duration)

    def _template_chosen(self) -> None:
        code = str(self.template.currentData() or "")
        choice = self._choices.get(code)
        # On by default only when a template is chosen: with none there is nothing to log.
        self.log_interaction.setChecked(bool(choice))
        self.log_interaction.setEnabled(bool(choice))
        if choice is None or self.entry_no is not None and not self.template.hasFocus():
            return
        self.description.setText(choice.description)
        self._fill_numbers(choice.unit_cost_lcy, choice.unit_duration_min)
        _select(self.initiated_by, choice.initiated_by)
        _select(self.information_flow, choice.information_flow)
        if choice.wizard_action == "import" and self.isVisible():
            self._pick_file()
        if choice.wizard_action == "open" and choice.has_attachment and self.isVisible():
            self.open_template_copy(code)

    def open_template_copy(self, code: str) -> Path | None:
        """Wizard Action Open: the template's file is opened as a private copy to edit; the
        copy as it is on Finish becomes the interaction's attachment."""
        no = create.template_attachment(self.ctx, code)
        if no is None:
            return None
        try:
            path = attachments.private_copy(self.ctx, no)
        except CrmError as exc:
            self.error.setText(messages.error_text(exc))
            return None
        self._edited_copy = path
        self.attachment_label.setText(
            self.tr("{name} (your edits are attached on Finish)").format(name=path.name)
        )
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        return path

    def _pick_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Attach File"))
        if path:
            self.attach(Path(path))

    def attach(self, path: Path) -> None:
        """Attach a file to the interaction (read now, stored on Finish)."""
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.error.setText(
                self.tr("The file {path} cannot be read ({reason}).").format(
                    path=str(path), reason=exc.strerror or str(exc)
                )
            )
            return
        self._attachment = NewAttachment(path.name, data)
        self.attachment_label.setText(path.name)
        self.unsaved.set_dirty(True)

    def draft(self) -> rules.InteractionDraft:
        """The interaction as typed."""
        qdate = self.date.date()
        qtime = self.time.time()
        return rules.InteractionDraft(
            contact_no=self.contact_no,
            template_code=str(self.template.currentData() or ""),
            date=dt.date(qdate.year(), qdate.month(), qdate.day()),
            time_of_interaction=dt.time(qtime.hour(), qtime.minute()),
            description=self.description.text(),
            subject=self.subject.text(),
            cost_lcy=rules.parse_cost(self.cost.text()),
            duration_min=self.duration.value(),
            evaluation=str(self.evaluation.currentData() or ""),
            salesperson_code=str(self.salesperson.currentData() or ""),
            initiated_by=str(self.initiated_by.currentData() or ""),
            information_flow=str(self.information_flow.currentData() or ""),
            attempt_failed=self.attempt_failed.isChecked(),
        )

    def _run(self, *, postpone: bool) -> bool:
        self.error.clear()
        if not postpone and not self.log_interaction.isChecked() and self.template.currentData():
            self.unsaved.mark_clean()
            self.accept()
            return True
        if self._edited_copy is not None and self._attachment is None:
            try:
                self._attachment = NewAttachment(
                    self._edited_copy.name, self._edited_copy.read_bytes()
                )
            except OSError as exc:
                self.error.setText(str(exc))
                return False
        try:
            draft = self.draft()
            if self.entry_no is not None:
                entry = create.resume_interaction(
                    self.ctx, self.entry_no, draft, typed=TYPED, attachment=self._attachment
                )
            else:
                entry = create.create_interaction(
                    self.ctx, draft, typed=TYPED, attachment=self._attachment, postpone=postpone
                )
        except CrmError as exc:
            self.error.setText(messages.error_text(exc))
            return False
        self.result_entry = entry
        self.unsaved.mark_clean()
        hub().changed("interaction", "contact", keys={self.contact_no})
        hub().status_message.emit(
            self.tr("Interaction {no} postponed.").format(no=entry)
            if postpone
            else self.tr("Interaction {no} logged.").format(no=entry)
        )
        self.logged.emit(entry)
        self.accept()
        # Done: nothing is left to ask about, and the dialog (with its tracker, an event
        # filter on it) goes now rather than lingering hidden.
        self.removeEventFilter(self.unsaved)
        self.deleteLater()
        return True

    def finish(self) -> bool:
        """Log the interaction (or resume the postponed one); False when it was refused."""
        return self._run(postpone=False)

    def postpone(self) -> bool:
        """Keep the interaction as Postponed; False when it was refused."""
        return self._run(postpone=True)
