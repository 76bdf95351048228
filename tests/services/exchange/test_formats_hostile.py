"""Hostile files for each new importer (issue 22): vCard, Outlook/Google CSV, .xlsx.

Binary data, truncated files, a 10 MB line, a vCard with 10,000 properties, a ZIP bomb posing
as .xlsx, and fuzzed vCards: each is refused with one typed error (a message naming the line
or the file) or imported as far as it is good, and a refused file writes nothing.
"""

from __future__ import annotations

import io
import os
import sqlite3
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crm_desktop.domain.csv_format import CsvFileError
from crm_desktop.domain.errors import CrmError
from crm_desktop.services.app import DB_FILE, AppContext, open_app
from crm_desktop.services.exchange import ImportRefusedError
from crm_desktop.services.exchange import formats_import as fi
from tests.domain.test_exchange_formats import GOOGLE, OUTLOOK_EN


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppContext]:
    """One data directory for the module (opening one per example is slow)."""
    context = open_app(tmp_path_factory.mktemp("hostile22") / "data")
    yield context
    context.close()


def _state(ctx: AppContext) -> tuple[int, int, str]:
    con = sqlite3.connect(ctx.data_dir / DB_FILE)
    try:
        return (
            con.execute("SELECT count(*) FROM contact").fetchone()[0],
            con.execute("SELECT count(*) FROM contact_picture").fetchone()[0],
            str(con.execute("SELECT group_concat(last_no_used) FROM no_series_line").fetchone()[0]),
        )
    finally:
        con.close()


def _refused(ctx: AppContext, path: Path, data: bytes) -> CrmError:
    """The file must be refused with a typed error and write nothing."""
    path.write_bytes(data)
    before = _state(ctx)
    with pytest.raises(CrmError) as err:
        fi.import_planned(ctx, fi.plan_import(ctx, fi.read_source(path)))
    assert _state(ctx) == before
    assert str(err.value)
    if isinstance(err.value, CsvFileError):
        assert err.value.field in ("file", "header") and (err.value.row or 0) >= 1
    return err.value


def _xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


VCARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lee;Ann;;;\r\nFN:Ann Lee\r\nORG:Acme\r\nEND:VCARD\r\n"
SAMPLES = {
    "vcf": VCARD.encode(),
    "outlook.csv": OUTLOOK_EN.encode(),
    "google.csv": GOOGLE.encode(),
    "xlsx": _xlsx([["First Name", "Last Name", "Company"], ["Ann", "Lee", "Acme"]]),
}


@pytest.mark.parametrize("kind", list(SAMPLES))
def test_binary_data_is_refused(app: AppContext, tmp_path: Path, kind: str) -> None:
    head = SAMPLES[kind][:40]
    error = _refused(app, tmp_path / f"bin.{kind}", head + os.urandom(4096) + b"\x00\x01\x02")
    assert isinstance(error, CsvFileError)


@pytest.mark.parametrize("kind", list(SAMPLES))
def test_a_truncated_file_is_refused(app: AppContext, tmp_path: Path, kind: str) -> None:
    data = SAMPLES[kind]
    if kind == "outlook.csv":
        data = data[: data.index(b'"Mr.",') + 20]  # inside a quoted value
    elif kind == "google.csv":
        data = data.split(b"\r\n")[0] + b'\r\n"Maria,,Garc'

    elif kind == "vcf":
        data = data[:-14]  # END:VCARD missing
    else:
        data = data[: len(data) // 2]
    _refused(app, tmp_path / f"cut.{kind}", data)


def test_a_10_mb_vcard_line_is_refused(app: AppContext, tmp_path: Path) -> None:
    data = VCARD.replace("FN:Ann Lee", "FN:" + "A" * (10 * 1024 * 1024)).encode()
    error = _refused(app, tmp_path / "long.vcf", data)
    assert "is longer than" in str(error)


@pytest.mark.parametrize("kind", ["outlook.csv", "google.csv", "xlsx"])
def test_a_10_mb_value_is_refused_not_cut(app: AppContext, tmp_path: Path, kind: str) -> None:
    big = "B" * (10 * 1024 * 1024)
    if kind == "xlsx":
        data = _xlsx([["First Name", "Last Name"], ["Ann", big[:32767]]])  # Excel's cell limit
    else:
        data = SAMPLES[kind].decode().replace("Garcia", big).replace("Smith", big).encode()
    error = _refused(app, tmp_path / f"long.{kind}", data)
    assert isinstance(error, ImportRefusedError)
    assert any(e.field == "surname" for e in error.errors)


def test_a_vcard_with_10000_properties_is_refused(app: AppContext, tmp_path: Path) -> None:
    props = "".join(f"X-JUNK-{i}:{i}\r\n" for i in range(10_000))
    data = VCARD.replace("ORG:Acme\r\n", "ORG:Acme\r\n" + props).encode()
    error = _refused(app, tmp_path / "many.vcf", data)
    assert "more than 1000 properties" in str(error)


def test_a_zip_bomb_posing_as_xlsx_is_refused_before_unpacking(
    app: AppContext, tmp_path: Path
) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(64):
                part.write(chunk)
    assert len(out.getvalue()) < 1024 * 1024
    error = _refused(app, tmp_path / "bomb.xlsx", out.getvalue())
    assert "unpack" in str(error)


def test_a_zip_that_is_no_workbook_is_refused(app: AppContext, tmp_path: Path) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("readme.txt", "hello")
    error = _refused(app, tmp_path / "notbook.xlsx", out.getvalue())
    assert "not an Excel workbook" in str(error)


_TEXT = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=30)
_LINES = st.one_of(
    st.builds(lambda n, v: f"{n}:{v}", st.sampled_from(["FN", "N", "ORG", "TEL", "ADR", "EMAIL",
              "PHOTO", "NOTE", "KIND", "X-ABShowAs", "BDAY"]), _TEXT),
    st.builds(lambda v: f"TEL;TYPE={v}:+31 6", _TEXT),
    st.builds(lambda v: f"N;ENCODING=QUOTED-PRINTABLE;CHARSET={v}:M=FCller", _TEXT),
    st.sampled_from(["PHOTO;ENCODING=b;TYPE=JPEG:!!!notbase64", "PHOTO:data:image/png;base64,",
                     "BEGIN:VCARD", "END:VCARD", " folded", "=", "VERSION:2.1"]),
    _TEXT,
)  # fmt: skip


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(lines=st.lists(_LINES, max_size=12))
def test_fuzzed_vcards_are_imported_or_refused_cleanly(
    app: AppContext, tmp_path: Path, lines: list[str]
) -> None:
    text = "BEGIN:VCARD\r\nVERSION:3.0\r\n" + "\r\n".join(lines) + "\r\nEND:VCARD\r\n"
    path = tmp_path / "fuzz.vcf"
    path.write_bytes(text.encode("utf-8"))
    before = _state(app)
    try:
        result = fi.import_planned(app, fi.plan_import(app, fi.read_source(path)), default="import")
    except CrmError as exc:
        assert _state(app) == before
        assert str(exc)
        return
    assert _state(app)[0] == before[0] + result.result.imported
