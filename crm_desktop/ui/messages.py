"""All message boxes go through here, so they look the same and tests can answer them.

Tests set `messages.answer_next` (a list of answers) to answer questions without a dialog, and
`messages.quiet = True` so no box ever waits for a click (a question nobody queued an answer for
is then answered No, the default button). The unsaved-changes question (`ask_save`) takes
`messages.SAVE`, `messages.DISCARD` or `messages.CANCEL` from `answer_next`; unanswered in quiet
mode it is answered Discard, so a test that forgets to answer never keeps a window open.
"""

from __future__ import annotations

import datetime
import os
import traceback
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from crm_desktop.domain.errors import CrmError

# Answers of the unsaved-changes question (`ask_save`).
SAVE = "save"
DISCARD = "discard"
CANCEL = "cancel"

# When not empty, questions pop their answer from here instead of showing a dialog (tests):
# True/False for `ask`, SAVE/DISCARD/CANCEL for `ask_save`.
answer_next: list[bool | str] = []
# Every message shown, newest last, as (kind, text) (tests read it).
shown: list[tuple[str, str]] = []
# When True, boxes are recorded but not shown, and unanswered questions get No (tests).
quiet: bool = False


# Error values that are captions declared below the UI, and the contexts they are marked in.
CAPTION_PARAMS = ("field_caption", "table")
CAPTION_CONTEXTS = ("setup", "masterdata")


def _translate_caption(text: str) -> str:
    for context in CAPTION_CONTEXTS:
        translated = QCoreApplication.translate(context, text)
        if translated != text:
            return translated
    return text


def error_text(error: CrmError) -> str:
    """The translated sentence of a known error, its field and table captions translated too."""
    template = QCoreApplication.translate(error.context, error.template)
    params = {
        key: _translate_caption(value)
        if key in CAPTION_PARAMS and isinstance(value, str)
        else value
        for key, value in error.params.items()
    }
    return template.format(**params) if params else template


def ask(parent: QWidget | None, title: str, text: str) -> bool:
    """A Yes/No question; True for Yes."""
    shown.append(("question", text))
    if answer_next:
        return bool(answer_next.pop(0))
    if quiet:
        return False
    reply = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return reply == QMessageBox.StandardButton.Yes


def ask_save(parent: QWidget | None, title: str, text: str) -> str:
    """Save / Discard / Cancel before unsaved changes are dropped: SAVE, DISCARD or CANCEL
    (Esc and the window's ✕ are Cancel)."""
    shown.append(("save_question", text))
    if answer_next:
        answer = answer_next.pop(0)
        if answer not in (SAVE, DISCARD, CANCEL):
            raise ValueError(f"ask_save answered {answer!r}; queue SAVE, DISCARD or CANCEL")
        return str(answer)
    if quiet:
        return DISCARD
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(text)
    box.setInformativeText(
        QCoreApplication.translate("messages", "If you do not save, your changes are lost.")
    )
    buttons = QMessageBox.StandardButton
    box.setStandardButtons(buttons.Save | buttons.Discard | buttons.Cancel)
    box.setDefaultButton(buttons.Save)
    box.setEscapeButton(buttons.Cancel)
    box.exec()
    clicked = box.clickedButton()
    reply = box.standardButton(clicked) if clicked is not None else buttons.Cancel
    if reply == buttons.Save:
        return SAVE
    if reply == buttons.Discard:
        return DISCARD
    return CANCEL


def inform(parent: QWidget | None, title: str, text: str) -> None:
    """An information box."""
    shown.append(("info", text))
    if not quiet:
        QMessageBox.information(parent, title, text)


def show_error(parent: QWidget | None, error: CrmError | str, title: str | None = None) -> None:
    """A known error in one clear sentence."""
    text = error_text(error) if isinstance(error, CrmError) else error
    shown.append(("error", text))
    if not quiet:
        QMessageBox.warning(
            parent, title or QCoreApplication.translate("messages", "CRM Desktop"), text
        )


def show_crash(parent: QWidget | None, exc: BaseException, log_path: Path | None) -> None:
    """An unexpected error: a dialog with copyable details, also written to the log."""
    details = "".join(traceback.format_exception(exc))
    if log_path is not None:
        try:
            stamp = datetime.datetime.now().isoformat(timespec="seconds")
            # Created readable by the user only from the first byte (it may quote customer data).
            fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            with os.fdopen(fd, "a", encoding="utf-8") as log:
                log.write(f"--- {stamp} unexpected error\n{details}\n")
        except OSError:
            pass
    shown.append(("crash", details))
    if quiet:
        return
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(QCoreApplication.translate("messages", "Unexpected error"))
    text = QCoreApplication.translate(
        "messages", "Something went wrong. Your data is safe; the app keeps running."
    )
    if log_path is not None:
        text += "\n" + QCoreApplication.translate(
            "messages", "The details below were also written to {path}."
        ).format(path=str(log_path))
    box.setText(text)
    box.setDetailedText(details)
    copy = box.addButton(
        QCoreApplication.translate("messages", "Copy details"), QMessageBox.ButtonRole.ActionRole
    )
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    if box.clickedButton() is copy:
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(details)
