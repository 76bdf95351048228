"""Reading an Outlook `.msg` file ([MS-OXMSG]: MAPI properties in an [MS-CFB] compound file)
with olefile (BSD licence), into the same `ReadMail` the `.eml` reader gives.

Why olefile and not extract-msg: extract-msg is GPL, which would bind the whole app to the
GPL; olefile is BSD, small, pure Python, and the few properties a log entry needs (subject,
sender, recipients with their type, body, sent time, attached files) are plain streams.

Streams are named `__substg1.0_PPPPTTTT` (property id, type: 001F UTF-16LE, 001E 8-bit,
0102 binary); fixed-size values (recipient type, times) sit in `__properties_version1.0`.
"""

from __future__ import annotations

import datetime as dt
import io
import struct

import olefile

from crm_desktop.domain.eml import MailAttachment, ReadMail

PR_SUBJECT = 0x0037
PR_BODY = 0x1000
PR_SENDER_NAME = 0x0C1A
PR_SENDER_EMAIL = 0x0C1F
PR_SENDER_SMTP = 0x5D01
PR_SENT_REPR_EMAIL = 0x0065
PR_DISPLAY_NAME = 0x3001
PR_EMAIL_ADDRESS = 0x3003
PR_SMTP_ADDRESS = 0x39FE
PR_RECIPIENT_TYPE = 0x0C15
PR_CLIENT_SUBMIT_TIME = 0x0039
PR_MESSAGE_DELIVERY_TIME = 0x0E06
PR_ATTACH_LONG_FILENAME = 0x3707
PR_ATTACH_FILENAME = 0x3704
PR_ATTACH_DATA = 0x3701
PR_ATTACH_MIME = 0x370E
MAPI_TO, MAPI_CC = 1, 2
FILETIME_EPOCH = dt.datetime(1601, 1, 1, tzinfo=dt.UTC)


class MsgError(ValueError):
    """The bytes are not a readable Outlook message."""


def _stream(ole: olefile.OleFileIO, path: list[str]) -> bytes | None:
    return ole.openstream(path).read() if ole.exists("/".join(path)) else None


def _text(ole: olefile.OleFileIO, storage: list[str], prop: int) -> str:
    raw = _stream(ole, [*storage, f"__substg1.0_{prop:04X}001F"])
    if raw is not None:
        return raw.decode("utf-16-le", errors="replace").rstrip("\x00")
    raw = _stream(ole, [*storage, f"__substg1.0_{prop:04X}001E"])
    if raw is not None:
        return raw.decode("cp1252", errors="replace").rstrip("\x00")
    return ""


def _fixed(ole: olefile.OleFileIO, storage: list[str], header: int) -> dict[int, bytes]:
    """Fixed-size property values (8 bytes each) by property id."""
    raw = _stream(ole, [*storage, "__properties_version1.0"]) or b""
    out: dict[int, bytes] = {}
    for pos in range(header, len(raw) - 15, 16):
        tag, _flags = struct.unpack_from("<II", raw, pos)
        out[tag >> 16] = raw[pos + 8 : pos + 16]
    return out


def _filetime(value: bytes | None) -> dt.datetime | None:
    if not value:
        return None
    ticks = struct.unpack("<Q", value)[0]
    return FILETIME_EPOCH + dt.timedelta(microseconds=ticks // 10) if ticks else None


def _smtp(value: str) -> str:
    return value.strip().lower() if "@" in value else ""


def read_msg(data: bytes) -> ReadMail:
    """Parse an Outlook `.msg` file's bytes. Raises MsgError when it is not one."""
    if not olefile.isOleFile(io.BytesIO(data)):
        raise MsgError("not a compound file")
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except (OSError, ValueError) as exc:  # olefile raises OSError for a broken file
        raise MsgError(str(exc)) from exc
    with ole:
        top: list[str] = []
        if not any(e[0].startswith("__substg1.0_") for e in ole.listdir(streams=True)):
            raise MsgError("no message properties")
        sender = (
            _smtp(_text(ole, top, PR_SENDER_SMTP))
            or _smtp(_text(ole, top, PR_SENDER_EMAIL))
            or _smtp(_text(ole, top, PR_SENT_REPR_EMAIL))
        )
        to: list[str] = []
        cc: list[str] = []
        files: list[MailAttachment] = []
        storages = sorted({e[0] for e in ole.listdir(streams=True, storages=True) if len(e) > 1})
        for name in storages:
            if name.startswith("__recip_version1.0_"):
                addr = _smtp(_text(ole, [name], PR_SMTP_ADDRESS)) or _smtp(
                    _text(ole, [name], PR_EMAIL_ADDRESS)
                )
                kind_raw = _fixed(ole, [name], 8).get(PR_RECIPIENT_TYPE)
                kind = struct.unpack_from("<I", kind_raw)[0] if kind_raw else MAPI_TO
                if addr and kind == MAPI_TO:
                    to.append(addr)
                elif addr and kind == MAPI_CC:
                    cc.append(addr)
            elif name.startswith("__attach_version1.0_"):
                content = _stream(ole, [name, f"__substg1.0_{PR_ATTACH_DATA:04X}0102"])
                if content is not None:
                    file_name = _text(ole, [name], PR_ATTACH_LONG_FILENAME) or _text(
                        ole, [name], PR_ATTACH_FILENAME
                    )
                    mime = _text(ole, [name], PR_ATTACH_MIME)
                    files.append(MailAttachment(file_name or "attachment", content, mime))
        fixed = _fixed(ole, top, 32)
        date = _filetime(fixed.get(PR_CLIENT_SUBMIT_TIME)) or _filetime(
            fixed.get(PR_MESSAGE_DELIVERY_TIME)
        )
        return ReadMail(
            sender=sender,
            sender_name=_text(ole, top, PR_SENDER_NAME),
            to=tuple(to),
            cc=tuple(cc),
            subject=_text(ole, top, PR_SUBJECT),
            date=date,
            body=_text(ole, top, PR_BODY),
            attachments=tuple(files),
            unsent=False,
        )
