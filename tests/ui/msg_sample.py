"""A minimal Outlook `.msg` writer for tests: MAPI properties ([MS-OXMSG] 2.1-2.4) in a
version 3 compound file ([MS-CFB] 2.2-2.9: 512-byte header, FAT, directory of 128-byte
entries as a binary search tree per storage, streams under 4096 bytes in the mini stream).

The layout follows Microsoft's Open Specifications [MS-CFB] "Compound File Binary File Format"
and [MS-OXMSG] "Outlook Item (.msg) File Format"; no third-party writer is used, so the reader
(olefile) is tested against the specification, not against itself.
"""

from __future__ import annotations

import datetime as dt
import struct
import uuid
from dataclasses import dataclass, field

SECTOR = 512
MINI = 64
CUTOFF = 4096
FREESECT, ENDOFCHAIN, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
MSG_CLSID = uuid.UUID("00020D0B-0000-0000-C000-000000000046").bytes_le


@dataclass
class _Node:
    name: str
    kind: int  # 1 storage, 2 stream, 5 root
    data: bytes = b""
    children: list[_Node] = field(default_factory=list)
    clsid: bytes = b"\0" * 16
    sid: int = 0
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM
    start: int = ENDOFCHAIN
    size: int = 0


def _key(node: _Node) -> tuple[int, str]:
    # [MS-CFB] 2.6.4: shorter names first, then a case-insensitive compare
    return (len(node.name), node.name.upper())


def _tree(nodes: list[_Node]) -> int:
    """Link siblings as a balanced binary search tree; the root's id."""
    if not nodes:
        return NOSTREAM
    mid = len(nodes) // 2
    root = nodes[mid]
    root.left = _tree(nodes[:mid])
    root.right = _tree(nodes[mid + 1 :])
    return root.sid


def _chain(fat: list[int], start: int, count: int) -> None:
    for i in range(count):
        fat[start + i] = start + i + 1 if i < count - 1 else ENDOFCHAIN


def write_cfb(root_children: list[_Node]) -> bytes:
    """The compound file holding these storages and streams."""
    root = _Node("Root Entry", 5, children=root_children, clsid=MSG_CLSID)
    order: list[_Node] = []

    def number(node: _Node) -> None:
        node.sid = len(order)
        order.append(node)
        for kid in node.children:
            number(kid)

    number(root)
    for node in order:
        node.children.sort(key=_key)
        node.child = _tree(node.children)

    mini_data = bytearray()
    minifat: list[int] = []
    big: list[_Node] = []
    for node in order:
        if node.kind != 2 or not node.data:
            continue
        node.size = len(node.data)
        if node.size < CUTOFF:
            count = -(-node.size // MINI)
            node.start = len(minifat)
            minifat += [len(minifat) + i + 1 for i in range(count)]
            minifat[-1] = ENDOFCHAIN
            mini_data += node.data + b"\0" * (count * MINI - node.size)
        else:
            big.append(node)

    dir_sectors = -(-len(order) * 128 // SECTOR)
    minifat_sectors = -(-len(minifat) * 4 // SECTOR) if minifat else 0
    ministream_sectors = -(-len(mini_data) // SECTOR)
    big_sectors = [-(-n.size // SECTOR) for n in big]
    others = dir_sectors + minifat_sectors + ministream_sectors + sum(big_sectors)
    fat_sectors = 1
    while fat_sectors * (SECTOR // 4) < fat_sectors + others:
        fat_sectors += 1
    assert fat_sectors <= 109, "DIFAT sectors are not written"
    total = fat_sectors + others
    fat = [FREESECT] * (fat_sectors * SECTOR // 4)
    for i in range(fat_sectors):
        fat[i] = FATSECT
    first_dir = fat_sectors
    _chain(fat, first_dir, dir_sectors)
    first_minifat = first_dir + dir_sectors
    _chain(fat, first_minifat, minifat_sectors)
    first_mini = first_minifat + minifat_sectors
    _chain(fat, first_mini, ministream_sectors)
    root.start = first_mini if ministream_sectors else ENDOFCHAIN
    root.size = len(mini_data)
    at = first_mini + ministream_sectors
    for node, count in zip(big, big_sectors, strict=True):
        node.start = at
        _chain(fat, at, count)
        at += count
    assert at == total

    header = bytearray(SECTOR)
    struct.pack_into(
        "<8s16sHHHHH6sIIIIIIIII",
        header,
        0,
        bytes.fromhex("D0CF11E0A1B11AE1"),
        b"\0" * 16,
        0x3E,
        3,
        0xFFFE,
        9,
        6,
        b"\0" * 6,
        0,
        fat_sectors,
        first_dir,
        0,
        CUTOFF,
        first_minifat if minifat_sectors else ENDOFCHAIN,
        minifat_sectors,
        ENDOFCHAIN,
        0,
    )
    difat = [i for i in range(fat_sectors)] + [FREESECT] * (109 - fat_sectors)
    struct.pack_into("<109I", header, 0x4C, *difat)

    entries = bytearray()
    for node in order:
        name = node.name.encode("utf-16-le") + b"\0\0"
        entries += struct.pack(
            "<64sHBBIII16sIQQIQ",
            name,
            len(name),
            node.kind,
            1,
            node.left,
            node.right,
            node.child,
            node.clsid,
            0,
            0,
            0,
            node.start if node.kind != 1 else 0,
            node.size if node.kind != 1 else 0,
        )
    empty = struct.pack(
        "<64sHBBIII16sIQQIQ", b"", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM, b"\0" * 16, 0, 0, 0, 0, 0
    )
    while len(entries) < dir_sectors * SECTOR:
        entries += empty

    def pad(data: bytes, sectors: int) -> bytes:
        return data + b"\0" * (sectors * SECTOR - len(data))

    body = bytearray(header)
    body += struct.pack(f"<{len(fat)}I", *fat)
    body += entries
    if minifat_sectors:
        minifat_full = minifat + [FREESECT] * (minifat_sectors * SECTOR // 4 - len(minifat))
        body += struct.pack(f"<{len(minifat_full)}I", *minifat_full)
    body += pad(bytes(mini_data), ministream_sectors)
    for node, count in zip(big, big_sectors, strict=True):
        body += pad(node.data, count)
    assert len(body) == SECTOR * (1 + total)
    return bytes(body)


def _string(prop: int, text: str) -> tuple[_Node, bytes]:
    data = text.encode("utf-16-le")
    node = _Node(f"__substg1.0_{prop:04X}001F", 2, data)
    entry = struct.pack("<IIII", (prop << 16) | 0x001F, 0x06, len(data) + 2, 0)
    return node, entry


def _filetime(when: dt.datetime) -> int:
    return int((when - dt.datetime(1601, 1, 1, tzinfo=dt.UTC)).total_seconds() * 10_000_000)


def build_msg(
    *,
    subject: str,
    sender: str,
    sender_name: str,
    to: list[str],
    cc: list[str] = (),  # type: ignore[assignment]
    body: str = "",
    sent: dt.datetime | None = None,
) -> bytes:
    """An Outlook message (IPM.Note) with the given header values."""
    streams: list[_Node] = []
    props = bytearray()
    for prop, text in (
        (0x001A, "IPM.Note"),
        (0x0037, subject),
        (0x0C1A, sender_name),
        (0x0C1F, sender),
        (0x0C1E, "SMTP"),
        (0x5D01, sender),
        (0x1000, body),
        (0x0E04, "; ".join(to)),
    ):
        node, entry = _string(prop, text)
        streams.append(node)
        props += entry
    if sent is not None:
        props += struct.pack("<IIQ", (0x0039 << 16) | 0x0040, 0x06, _filetime(sent))
    recipients = [(a, 1) for a in to] + [(a, 2) for a in cc]
    header = struct.pack("<8sIIII8s", b"", len(recipients), 0, len(recipients), 0, b"")
    streams.append(_Node("__properties_version1.0", 2, header + bytes(props)))
    for i, (addr, kind) in enumerate(recipients):
        kids: list[_Node] = []
        rprops = bytearray(8)
        for prop, text in ((0x3001, addr), (0x3002, "SMTP"), (0x3003, addr), (0x39FE, addr)):
            node, entry = _string(prop, text)
            kids.append(node)
            rprops += entry
        rprops += struct.pack("<IIII", (0x0C15 << 16) | 0x0003, 0x06, kind, 0)
        kids.append(_Node("__properties_version1.0", 2, bytes(rprops)))
        streams.append(_Node(f"__recip_version1.0_#{i:08X}", 1, children=kids))
    streams.append(
        _Node(
            "__nameid_version1.0",
            1,
            children=[_Node(f"__substg1.0_000{n}0102", 2) for n in (2, 3, 4)],
        )
    )
    return write_cfb(streams)
