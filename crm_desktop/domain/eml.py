"""The one `.eml` writer (and reader) for every feature that hands mail to the desktop's mail
program: e-mail drafts to a contact, documents sent by e-mail, dropped mails (issues 18-20).

Built with the standard library's `email` package (RFC 5322 / MIME). A draft carries
`X-Unsent: 1`, which makes Outlook open the file as a message to send; other mail programs
may show it as received. Returns bytes: the caller writes them (privately) where it wants.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
from collections.abc import Sequence
from dataclasses import dataclass, field
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import format_datetime, getaddresses, make_msgid, parsedate_to_datetime


@dataclass(frozen=True)
class MailAttachment:
    """A file attached to a mail."""

    filename: str
    content: bytes
    mime_type: str = ""

    def types(self) -> tuple[str, str]:
        """(maintype, subtype), guessed from the name when not given."""
        kind = self.mime_type or mimetypes.guess_type(self.filename)[0]
        kind = kind or "application/octet-stream"
        main, _, sub = kind.partition("/")
        return main, sub or "octet-stream"


@dataclass(frozen=True)
class Mail:
    """One mail: addresses are 'Name <a@b>' or plain 'a@b'."""

    sender: str
    to: Sequence[str]
    subject: str
    body: str
    cc: Sequence[str] = ()
    bcc: Sequence[str] = ()
    html: str = ""
    attachments: Sequence[MailAttachment] = field(default_factory=tuple)
    date: dt.datetime | None = None
    message_id: str = ""


def _address(text: str) -> str:
    name, addr = getaddresses([text])[0]
    if not addr:
        raise ValueError(f"not an e-mail address: {text!r}")
    user, _, domain = addr.rpartition("@")
    if not user or not domain:
        return str(Address(display_name=name, addr_spec=addr))
    return str(Address(display_name=name, username=user, domain=domain))


def build_eml(mail: Mail, *, draft: bool = True) -> bytes:
    """The mail as the bytes of an `.eml` file (CRLF line ends, as mail programs expect).

    `draft` adds `X-Unsent: 1`. Raises ValueError for an address without an `@` part."""
    msg = EmailMessage(policy=policy.SMTP)
    if mail.sender:
        msg["From"] = _address(mail.sender)
    msg["To"] = ", ".join(_address(a) for a in mail.to)
    if mail.cc:
        msg["Cc"] = ", ".join(_address(a) for a in mail.cc)
    if mail.bcc:
        msg["Bcc"] = ", ".join(_address(a) for a in mail.bcc)
    msg["Subject"] = mail.subject
    when = mail.date or dt.datetime.now(dt.UTC)
    if when.tzinfo is None:
        when = when.astimezone()
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = mail.message_id or make_msgid(domain="crm-desktop.invalid")
    if draft:
        msg["X-Unsent"] = "1"
    msg.set_content(mail.body)
    if mail.html:
        msg.add_alternative(mail.html, subtype="html")
    for item in mail.attachments:
        main, sub = item.types()
        msg.add_attachment(item.content, maintype=main, subtype=sub, filename=item.filename)
    return msg.as_bytes()


@dataclass(frozen=True)
class ReadMail:
    """What a read `.eml` holds: addresses are plain lower-case addresses."""

    sender: str
    sender_name: str
    to: tuple[str, ...]
    cc: tuple[str, ...]
    subject: str
    date: dt.datetime | None
    body: str
    attachments: tuple[MailAttachment, ...]
    unsent: bool


def _addrs(values: list[str]) -> tuple[str, ...]:
    return tuple(addr.lower() for _name, addr in getaddresses(values) if addr)


def read_eml(data: bytes) -> ReadMail:
    """Parse an `.eml` file's bytes (any mail program's, not only ours)."""
    msg = BytesParser(policy=policy.default).parsebytes(data)
    name, sender = getaddresses([str(msg.get("From", ""))])[0]
    try:
        date = parsedate_to_datetime(str(msg["Date"])) if msg["Date"] else None
    except (TypeError, ValueError):
        date = None
    body_part = msg.get_body(preferencelist=("plain", "html")) if msg.is_multipart() else msg
    body = body_part.get_content() if body_part is not None else ""
    files = []
    for part in msg.iter_attachments():
        payload = part.get_payload(decode=True)
        content = payload if isinstance(payload, bytes) else b""
        files.append(
            MailAttachment(part.get_filename() or "attachment", content, part.get_content_type())
        )
    return ReadMail(
        sender=sender.lower(),
        sender_name=name,
        to=_addrs(msg.get_all("To", [])),
        cc=_addrs(msg.get_all("Cc", [])),
        subject=str(msg.get("Subject", "")),
        date=date,
        body=str(body),
        attachments=tuple(files),
        unsent=str(msg.get("X-Unsent", "")).strip() == "1",
    )
