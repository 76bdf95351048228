"""Hostile input for the CSV importer (issue 8 item 5): arbitrary Unicode, control characters,
NUL bytes, megabyte values, FTS and SQL syntax, broken quoting, files that are not text.

Whatever the file, the importer either writes every good row or nothing, never raises anything
but a typed CrmError (no traceback), and every message names the row (line) or the field.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from crm_desktop.domain.csv_format import COLUMNS, CsvFileError
from crm_desktop.domain.errors import CrmError
from crm_desktop.services import exchange
from crm_desktop.services.app import DB_FILE, AppContext, open_app

SQL_AND_FTS = ['"', "AND(", "*", "'; DROP TABLE contact; --", 'NEAR("a" "b")', "a OR b", "%_", "\\"]


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppContext]:
    """One data directory for all examples of this module (opening one per example is slow)."""
    context = open_app(tmp_path_factory.mktemp("hostile") / "data")
    yield context
    context.close()


def _state(ctx: AppContext) -> tuple[int, str]:
    con = sqlite3.connect(ctx.data_dir / DB_FILE)
    try:
        count = con.execute("SELECT count(*) FROM contact").fetchone()[0]
        last = con.execute(
            "SELECT group_concat(last_no_used) FROM no_series_line WHERE series_code='CONT'"
        ).fetchone()[0]
        return int(count), str(last)
    finally:
        con.close()


def _import(ctx: AppContext, path: Path, data: bytes, skip_invalid: bool) -> None:
    """Import `data`, checking the all-or-nothing and message rules whatever happens."""
    path.write_bytes(data)
    before = _state(ctx)
    try:
        result = exchange.import_contacts(ctx, path, skip_invalid=skip_invalid)
    except exchange.ImportRefusedError as exc:
        event("refused: bad rows")
        assert _state(ctx) == before, "a refused file must write nothing"
        assert exc.errors and not skip_invalid
        for error in exc.errors:
            assert error.line >= 2 and error.reason
            assert error.field == "" or error.field in COLUMNS
            assert str(error).startswith(f"line {error.line}")
        return
    except CsvFileError as exc:
        event(f"file refused: {exc.template[:30]}")
        assert _state(ctx) == before
        assert exc.field in ("file", "header") and exc.row is not None and exc.row >= 1
        assert str(exc)
        return
    except CrmError as exc:  # numbering ran out, say: one sentence, nothing written
        event("other error")
        assert _state(ctx) == before
        assert str(exc)
        return
    event("written" + (" with skipped rows" if result.errors else ""))
    count, _ = _state(ctx)
    assert count == before[0] + result.imported
    for error in result.errors:
        assert error.line >= 2 and error.reason
        assert error.field == "" or error.field in COLUMNS


_NO_NUL = st.characters(exclude_characters="\x00")
cells = st.one_of(
    st.text(_NO_NUL, max_size=40),
    st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=20),
    st.text(max_size=10),  # NUL bytes too, now and then
    st.sampled_from(SQL_AND_FTS),
    st.text(alphabet="\";,\r\n\t=+-@'", max_size=12),
    st.sampled_from(["person", "COMPANY", "", "K1", "k1", "+31 30 123 4567", "a@b.nl", "NL"]),
)
# Weighted choices: mostly what gets past the file checks, so the rows are checked too.
_QUOTING = ["plain"] * 6 + ["quoted"] * 3 + ["open"]
_ENCODINGS = ["utf-8"] * 4 + ["utf-8-sig", "cp1252", "latin-1", "utf-16"]


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    """A header of mostly known columns and rows of hostile cells, hostile-ly quoted."""
    columns = draw(st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=6, unique=True))
    if draw(st.sampled_from([False] * 9 + [True])):
        columns.append(draw(st.text(max_size=8)))
    delimiter = draw(st.sampled_from([",", ";"]))
    lines = [delimiter.join(columns)]
    for row in draw(st.lists(st.lists(cells, min_size=0, max_size=8), max_size=8)):
        quoted = []
        for cell in row:
            style = draw(st.sampled_from(_QUOTING))
            if style == "quoted":
                cell = '"' + cell.replace('"', '""') + '"'
            elif style == "open":
                cell = '"' + cell
            quoted.append(cell)
        lines.append(delimiter.join(quoted))
    text = draw(st.sampled_from(["\n", "\r\n", "\r"])).join(lines)
    encoding = draw(st.sampled_from(_ENCODINGS))
    return text.encode(encoding, errors="replace")


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=csv_files(), skip_invalid=st.booleans())
def test_hostile_csv_files_never_crash_and_never_half_write(
    app: AppContext, tmp_path: Path, data: bytes, skip_invalid: bool
) -> None:
    _import(app, tmp_path / "hostile.csv", data, skip_invalid)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.binary(max_size=2000), skip_invalid=st.booleans())
def test_arbitrary_bytes_never_crash(
    app: AppContext, tmp_path: Path, data: bytes, skip_invalid: bool
) -> None:
    _import(app, tmp_path / "bytes.csv", data, skip_invalid)


def test_long_values_are_refused_by_line_and_field(app: AppContext, tmp_path: Path) -> None:
    # Under the reader's 64 KiB limit: each too-long value is a row error naming its field.
    path = tmp_path / "big.csv"
    path.write_text(
        "name,city\nFine,Ede\n" + "M" * 60_000 + ",x\nAlso fine," + "C" * 65_536 + "\n",
        encoding="utf-8",
    )
    before = _state(app)
    with pytest.raises(exchange.ImportRefusedError) as err:
        exchange.import_contacts(app, path)
    assert [str(e) for e in err.value.errors] == [
        "line 3, name: The length of the string is 60000, but it must be less than or equal "
        "to 100 characters.",
        "line 4, city: The length of the string is 65536, but it must be less than or equal "
        "to 30 characters.",
    ]
    assert _state(app) == before


def test_a_megabyte_value_refuses_the_file_at_its_line(app: AppContext, tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text("name,city\nFine,Ede\n" + "M" * 1_000_000 + ",x\n", encoding="utf-8")
    before = _state(app)
    with pytest.raises(CsvFileError) as err:
        exchange.import_contacts(app, path)
    assert str(err.value) == (
        "Line 3: a value is longer than 65536 characters; the file cannot be read."
    )
    assert _state(app) == before


def test_a_value_beyond_the_reader_limit_is_a_file_error(app: AppContext, tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    path.write_bytes(b'name\n"' + b"x" * (17 * 1024 * 1024) + b'"\n')
    with pytest.raises(CsvFileError) as err:
        exchange.import_contacts(app, path)
    assert str(err.value).startswith("Line 2: a value is longer than")


def test_sql_and_fts_syntax_is_stored_as_the_text_it_is(app: AppContext, tmp_path: Path) -> None:
    path = tmp_path / "syntax.csv"
    lines = ["no,name,city"]
    for i, value in enumerate(SQL_AND_FTS):
        lines.append(f'HX{i},"{value.replace(chr(34), chr(34) * 2)}",x{i}')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    exchange.import_contacts(app, path)
    con = sqlite3.connect(app.data_dir / DB_FILE)
    try:
        stored = dict(con.execute("SELECT no, name FROM contact WHERE no LIKE 'HX%'").fetchall())
    finally:
        con.close()
    assert stored == {f"HX{i}": v for i, v in enumerate(SQL_AND_FTS)}
