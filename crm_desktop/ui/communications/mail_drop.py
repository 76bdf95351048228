"""E-mails dropped (or chosen with Log E-Mail) as `.eml`/`.msg` files: read, matched to
contacts, the user asked only where several contacts hold an address as their own, logged
in one step, unmatched addresses listed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QInputDialog, QWidget

from crm_desktop.domain.errors import CrmError
from crm_desktop.services.app import AppContext
from crm_desktop.services.communications import mails
from crm_desktop.ui import messages
from crm_desktop.ui.hub import hub
from crm_desktop.ui.interactions.notes import show_outcome


def choose_contact(parent: QWidget | None, target: mails.MailTarget) -> str:
    """Ask which contact an address means ('' to skip it). Tests answer through
    `messages.answer_next` (a contact no., or '' to skip)."""
    text = QCoreApplication.translate(
        "MailDrop", "Several contacts have the e-mail address {address}. Log the e-mail for:"
    ).format(address=target.address)
    if messages.quiet:
        messages.shown.append(("choose", text))
        answer = messages.answer_next.pop(0) if messages.answer_next else ""
        return str(answer) if answer is not True and answer is not False else ""
    labels = [f"{c.no} – {c.name}" for c in target.candidates]
    label, ok = QInputDialog.getItem(
        parent, QCoreApplication.translate("MailDrop", "Choose the contact"), text, labels, 0, False
    )
    return target.candidates[labels.index(label)].no if ok else ""


def log_mail_files(ctx: AppContext, paths: list[Path], parent: QWidget | None) -> list[int]:
    """Log each file; the entries written (nothing for a file that could not be read)."""
    written: list[int] = []
    for path in paths:
        try:
            data = path.read_bytes()
            mail = mails.read_mail_file(path.name, data)
            plan = mails.plan_mail(ctx, mail)
            choices = {t.address: choose_contact(parent, t) for t in plan.questions}
            result = mails.log_mail(ctx, plan, path.name, data, choices)
        except CrmError as exc:
            messages.show_error(parent, exc)
            continue
        except OSError as exc:
            messages.show_error(
                parent,
                QCoreApplication.translate("MailDrop", "Could not read {file}: {reason}").format(
                    file=path, reason=exc
                ),
            )
            continue
        show_outcome(result.outcome, parent)
        written += result.entry_nos
        if result.entry_nos:
            hub().changed("interaction", keys=set(result.contact_nos))
            hub().status_message.emit(
                QCoreApplication.translate(
                    "MailDrop",
                    "E-Mail \u201c{subject}\u201d logged for %n contact(s).",
                    "",
                    len(result.entry_nos),
                ).format(subject=mail.subject)
            )
        if result.unmatched:
            messages.inform(
                parent,
                QCoreApplication.translate("MailDrop", "Addresses without a contact"),
                QCoreApplication.translate(
                    "MailDrop",
                    "No contact has these addresses, so nothing was logged for them:\n{list}",
                ).format(list="\n".join(result.unmatched)),
            )
    return written


def mail_paths(event: QDragEnterEvent | QDropEvent) -> list[Path]:
    """The dropped local `.eml`/`.msg` files."""
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [
        Path(url.toLocalFile())
        for url in mime.urls()
        if url.isLocalFile() and Path(url.toLocalFile()).suffix.lower() in mails.MAIL_SUFFIXES
    ]


class MailDropFilter(QObject):
    """Accepts `.eml`/`.msg` drops on a widget (the contact card, the log page) and logs them."""

    logged = Signal(list)  # the entry numbers written by a drop

    def __init__(self, ctx: AppContext, widget: QWidget) -> None:
        super().__init__(widget)  # no Python reference to the widget: it may be deleted first
        self.ctx = ctx
        widget.setAcceptDrops(True)
        widget.installEventFilter(self)
        # Editors take text drops themselves; a mail file dropped on one is logged too.
        for child in widget.findChildren(QWidget):
            if child.acceptDrops():
                child.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            assert isinstance(event, QDragEnterEvent)
            if mail_paths(event):
                event.acceptProposedAction()
                return True
        elif kind == QEvent.Type.Drop:
            assert isinstance(event, QDropEvent)
            paths = mail_paths(event)
            if paths:
                event.acceptProposedAction()
                parent = self.parent()
                written = log_mail_files(
                    self.ctx, paths, parent if isinstance(parent, QWidget) else None
                )
                self.logged.emit(written)
                return True
        return super().eventFilter(watched, event)


def pick_mail_files(parent: QWidget | None) -> list[Path]:
    """Log E-Mail: choose `.eml`/`.msg` files."""
    names, _ = QFileDialog.getOpenFileNames(
        parent,
        QCoreApplication.translate("MailDrop", "Log E-Mail"),
        "",
        QCoreApplication.translate("MailDrop", "E-Mails (*.eml *.msg);;All files (*)"),
    )
    return [Path(n) for n in names]
