"""Reading CSV as a stream (issue 14 points 8 and 9): encodings decided over the whole file,
mixed files refused at the first bad byte or read with replacements, limits checked while
reading, values that would be stored silently wrong refused. No BC scenario covers CSV files."""

from __future__ import annotations

import io

import pytest

from crm_desktop.domain import csv_reading
from crm_desktop.domain.csv_format import MAX_FIELD_CHARS, MAX_ROWS, CsvFileError
from crm_desktop.domain.csv_reading import CsvStream, read_table, sniff


def test_one_bad_byte_in_a_utf8_file_is_refused_at_its_line_not_read_as_windows_1252() -> None:
    data = "name,city\nMüller,Köln\nBeta,Ede\n".encode() + b"Caf\xe9,Gouda\n"
    with pytest.raises(CsvFileError) as err:
        read_table(data)
    assert err.value.row == 4
    assert "line 4 holds a byte that is not UTF-8" in str(err.value)
    assert "--encoding utf-8-replace" in str(err.value)


def test_a_mixed_file_can_be_read_as_utf8_with_the_bad_lines_listed() -> None:
    data = "name,city\nMüller,Köln\n".encode() + b"Caf\xe9,Gouda\nX,\xff\xfe\n"
    table = read_table(data, replace_invalid=True)
    assert [r.values["name"] for r in table.rows] == ["Müller", "Caf\ufffd", "X"]
    assert table.rows[0].values["city"] == "Köln"  # accents kept, not "KÃ¶ln"
    sniffed = sniff(io.BytesIO(data), replace_invalid=True)
    assert sniffed.replaced_lines == (3, 4) and sniffed.replaced_count == 2


def test_invalid_bytes_and_no_multibyte_sequence_still_mean_windows_1252() -> None:
    table = read_table("name;city\nCafé Noël;Zürich\n".encode("cp1252"))
    assert table.encoding == "cp1252"
    assert table.rows[0].values == {"name": "Café Noël", "city": "Zürich"}


def test_the_decision_covers_the_whole_file_not_the_first_chunk(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(csv_reading, "CHUNK_BYTES", 64)
    body = b"".join(b"Name %d,Utrecht\n" % i for i in range(50))
    # The multi-byte sequence is split across two chunks, the bad byte far behind.
    data = b"name,city\n" + body + "Zoë,Köln\n".encode() + body + b"M\xfcller,x\n"
    with pytest.raises(CsvFileError) as err:
        read_table(data)
    assert err.value.row == 103
    assert read_table(b"name,city\n" + body + "Zoë,Köln\n".encode()).encoding == "utf-8"


def test_utf32_is_named_utf32_and_utf16_utf16() -> None:
    with pytest.raises(CsvFileError, match="UTF-32"):
        read_table("name\nAcme\n".encode("utf-32"))
    with pytest.raises(CsvFileError, match="UTF-16"):
        read_table("name\nAcme\n".encode("utf-16"))


def test_a_bom_inside_a_value_bidi_controls_and_a_repeated_header_are_refused_per_row() -> None:
    data = (
        "\ufeffname,city\nAcme,Delft\n\ufeffname,city\nBeta\ufeff,Ede\n"
        "Evil\u202egnp.exe,Ede\nGood,Zeist\nname,city\n"
    ).encode()
    table = read_table(data)
    assert [r.values["name"] for r in table.rows] == ["Acme", "Good"]
    reasons = {e.line: e.reason for e in table.errors}
    assert "repeats the header" in reasons[3]
    assert "byte-order mark (U+FEFF)" in reasons[4]
    assert "text-direction control character (U+202E)" in reasons[5]
    assert "repeats the header" in reasons[7]


def test_a_value_over_64_kib_is_refused_while_reading() -> None:
    assert MAX_FIELD_CHARS == 64 * 1024
    fine = b"name,city\n" + b"x" * MAX_FIELD_CHARS + b",Ede\n"
    assert len(read_table(fine).rows) == 1
    big = b'name,city\nAcme,Ede\n"' + b"y" * (MAX_FIELD_CHARS + 1) + b'",Ede\n'
    with pytest.raises(CsvFileError) as err:
        read_table(big)
    assert err.value.row == 3 and "longer than 65536 characters" in str(err.value)


def test_a_line_that_never_ends_is_refused_before_it_is_all_in_memory() -> None:
    huge = b"name,city\n" + b"z" * (csv_reading.MAX_LINE_CHARS + 10)
    with pytest.raises(CsvFileError) as err:
        read_table(huge)
    assert str(err.value).startswith("Line 2: a value is longer than 65536 characters")


def test_more_than_the_row_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    assert MAX_ROWS >= 1_000_000
    monkeypatch.setattr(csv_reading, "MAX_ROWS", 3)
    with pytest.raises(CsvFileError) as err:
        read_table(b"name\na\nb\nc\nd\n")
    assert err.value.row == 5 and "more than 3 rows" in str(err.value)


def test_the_stream_yields_rows_one_by_one_with_their_lines() -> None:
    data = b'name;city\r\n\r\n"A\r\nB";Ede\r\nC;Zeist\r\n'
    stream = io.BytesIO(data)
    reader = CsvStream.open(stream, sniff(stream))
    assert reader.columns == ("name", "city") and reader.delimiter == ";"
    rows = list(reader)
    assert [(r.line, r.values["name"]) for r in rows] == [(3, "A\r\nB"), (5, "C")]  # type: ignore[union-attr]
    assert reader.rows_read == 2
