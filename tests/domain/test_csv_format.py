"""The contact CSV format: reading bytes, refusals with line numbers, spreadsheet safety."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm_desktop.domain.csv_format import (
    BASE_COLUMNS,
    COLUMNS,
    CsvFileError,
    escape_cell,
    export_text,
    needs_escape,
    parse_type,
    unescape_cell,
)
from crm_desktop.domain.csv_reading import read_table
from crm_desktop.domain.errors import ValidationError


def test_export_columns_start_with_the_issue_s_list_in_order() -> None:
    assert list(COLUMNS[: len(BASE_COLUMNS)]) == (
        "no type name name_2 company_no company_name first_name middle_name surname job_title "
        "address address_2 post_code city county country_region_code phone_no mobile_phone_no "
        "email home_page vat_registration_no salesperson_code territory_code language_code"
    ).split() and isinstance(COLUMNS, tuple)
    assert len(set(COLUMNS)) == len(COLUMNS)


def test_any_subset_in_any_order_with_line_numbers() -> None:
    table = read_table(b"City,NAME\r\nUtrecht,Acme\r\n\r\nDelft,Beta\r\n")
    assert table.columns == ("city", "name")
    assert [(r.line, r.values) for r in table.rows] == [
        (2, {"city": "Utrecht", "name": "Acme"}),
        (4, {"city": "Delft", "name": "Beta"}),
    ]
    assert table.delimiter == "," and table.encoding == "utf-8"


def test_a_quoted_value_over_two_lines_keeps_later_line_numbers_true() -> None:
    table = read_table(b'name,address\n"Acme","Main St 1\nBuilding B"\nBeta,x\n')
    assert [r.line for r in table.rows] == [2, 4]
    assert table.rows[0].values["address"] == "Main St 1\nBuilding B"


def test_utf8_with_bom() -> None:
    table = read_table("\ufeffname;city\nCafé Noël;Zürich\n".encode())
    assert table.columns == ("name", "city")
    assert table.rows[0].values == {"name": "Café Noël", "city": "Zürich"}
    assert table.delimiter == ";"


def test_windows_1252_semicolons_as_dutch_excel_writes() -> None:
    data = "name;city;phone_no\r\nBakkerij Hé;'s-Hertogenbosch;+31 73 612 3456\r\n€ Euro BV;Zaandam;\r\n"
    table = read_table(data.encode("cp1252"))
    assert table.encoding == "cp1252" and table.delimiter == ";"
    assert table.rows[0].values == {
        "name": "Bakkerij Hé",
        "city": "'s-Hertogenbosch",
        "phone_no": "+31 73 612 3456",
    }
    assert table.rows[1].values["name"] == "€ Euro BV"


def test_unknown_header_names_are_refused_with_the_list() -> None:
    with pytest.raises(CsvFileError) as err:
        read_table(b"name,colour,Shoe Size\nx,y,z\n")
    assert err.value.field == "header" and err.value.row == 1
    assert str(err.value).startswith(
        "Line 1 (the header) has unknown column names: colour, shoe_size. Known names: no, type,"
    )


def test_a_header_with_no_known_column_is_refused() -> None:
    with pytest.raises(CsvFileError) as err:
        read_table(b"foo;bar\n1;2\n")
    assert str(err.value).startswith("Line 1 (the header) names no known column. Known names: no,")
    assert err.value.field == "header"


def test_a_column_named_twice_is_refused() -> None:
    with pytest.raises(CsvFileError) as err:
        read_table(b"name,city,Name\na,b,c\n")
    assert str(err.value) == "Line 1 (the header) names column name twice."


@pytest.mark.parametrize("data", [b"", b"\r\n\r\n", b"\xef\xbb\xbf", b"  \n"])
def test_an_empty_file_is_refused(data: bytes) -> None:
    with pytest.raises(CsvFileError) as err:
        read_table(data)
    assert str(err.value) == (
        "The file is empty. Line 1 must be a header naming the columns, e.g. name,city."
    )


def test_nul_bytes_are_refused_with_their_line() -> None:
    with pytest.raises(CsvFileError) as err:
        read_table(b"name,city\nAcme,Delft\nBe\x00ta,x\n")
    assert err.value.row == 3
    assert str(err.value).startswith("Line 3 contains a NUL byte, so the file is not a CSV text")


def test_a_binary_file_is_refused() -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(1, 32)) * 40 + b"\x81\x8d" * 10
    with pytest.raises(CsvFileError) as err:
        read_table(png)
    assert "is not a CSV text file" in str(err.value)


def test_a_utf16_file_is_refused_with_advice() -> None:
    with pytest.raises(CsvFileError) as err:
        read_table("name\nAcme\n".encode("utf-16"))
    assert "UTF-16" in str(err.value)


def test_an_unterminated_quote_is_refused_at_the_line_it_opens() -> None:
    with pytest.raises(CsvFileError) as err:
        read_table(b'name,city\nAcme,Delft\n"Beta,Gouda\nGamma,Ede\n')
    assert err.value.row == 3
    assert str(err.value) == (
        'Line 3: a quoted value is not closed; a closing " is missing. '
        "Nothing after it can be read."
    )


def test_text_after_a_closing_quote_is_refused() -> None:
    with pytest.raises(CsvFileError) as err:
        read_table(b'name,city\n"Acme"x,Delft\n')
    assert err.value.row == 2
    assert str(err.value).startswith("Line 2: the quoting is broken (")


def test_too_many_values_and_control_characters_are_row_errors() -> None:
    table = read_table(b"name,city\nAcme,Delft,extra\nBe\x07ta,Ede\nGood,Zeist\nShort\n")
    assert [str(e) for e in table.errors] == [
        "line 2: The line has 3 values but the header names only 2 columns.",
        "line 3, name: The value contains a control character (U+0007), which is not text.",
    ]
    assert [(r.line, r.values) for r in table.rows] == [
        (4, {"name": "Good", "city": "Zeist"}),
        (5, {"name": "Short", "city": ""}),
    ]


def test_values_starting_with_equals_are_text() -> None:
    table = read_table(b'name,city\n=1+2,"=HYPERLINK(""x"")"\n')
    assert table.rows[0].values == {"name": "=1+2", "city": '=HYPERLINK("x")'}


def test_type_is_company_or_person_any_case_company_when_blank() -> None:
    assert parse_type("") == "company"
    assert parse_type(" PERSON ") == "person"
    assert parse_type("Company") == "company"
    with pytest.raises(ValidationError) as err:
        parse_type("customer")
    assert err.value.field == "type"
    assert str(err.value) == "Type must be company or person, not customer."


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("+A1", "'+A1"),
        ("-2+HYPERLINK(1)", "'-2+HYPERLINK(1)"),
        ("+31 30 123 4567", "+31 30 123 4567"),
        ("-12,50", "-12,50"),
        # A second sign makes it a sum a spreadsheet computes (issue 14 point 10).
        ("+1 (555) 123-4567", "'+1 (555) 123-4567"),
        ("+1+1", "'+1+1"),
        ("-2-2", "'-2-2"),
        (" =1+2", "' =1+2"),
        ("\u00a0@cmd", "'\u00a0@cmd"),
        ("\n=HYPERLINK(1)", "'\n=HYPERLINK(1)"),
        (" +A1", "' +A1"),
        (" -12", " -12"),
        ("  Acme", "  Acme"),
        ("'=x", "''=x"),
        ("'plain", "'plain"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_spreadsheet_escaping(value: str, cell: str) -> None:
    assert escape_cell(value) == cell
    assert unescape_cell(cell) == value


@given(st.text())
def test_escaping_round_trips_every_text(value: str) -> None:
    cell = escape_cell(value)
    assert unescape_cell(cell) == value
    assert cell[:1] not in ("=", "@", "\t", "\r")
    assert needs_escape(value) == (cell != value)


def test_export_then_read_gives_back_every_value() -> None:
    rows = [
        {"no": "C1", "name": "=cmd|' /C calc'!A0", "phone_no": "+31 30 123 4567"},
        {"no": "C2", "name": 'Say "hi", ok;\nnext', "city": "-Delft"},
    ]
    text = "".join(export_text(rows))
    assert text.startswith("no,type,name,")
    assert "'=cmd|' /C calc'!A0" in text and ",+31 30 123 4567," in text
    table = read_table(("\ufeff" + text).encode())
    assert table.columns == COLUMNS
    for row, back in zip(rows, table.rows, strict=True):
        assert back.values == {c: row.get(c, "") for c in COLUMNS}


def test_header_names_ignore_case_spaces_and_hyphens() -> None:
    table = read_table(b" Post Code ;COUNTRY-REGION-CODE;Email\n1234;NL;x\n")
    assert table.columns == ("post_code", "country_region_code", "email")


def test_a_long_unknown_header_name_is_shortened_in_the_message() -> None:
    with pytest.raises(CsvFileError) as err:
        read_table(b"name," + b"x" * 5000 + b"\n")
    assert "x" * 40 + "…. Known names:" in str(err.value)
    assert len(str(err.value)) < 1000


def test_a_row_error_reads_as_line_field_reason() -> None:
    table = read_table(b"name\n\x01\n")
    (error,) = table.errors
    assert (error.line, error.field) == (2, "name")
    assert str(error) == (
        "line 2, name: The value contains a control character (U+0001), which is not text."
    )


def test_old_mac_line_ends_and_the_delimiter_taken_from_the_header_line_only() -> None:
    table = read_table(b"name;city\rA, B, C;Ede\rD, E;Delft\r")
    assert table.delimiter == ";"
    assert [(r.line, r.values) for r in table.rows] == [
        (2, {"name": "A, B, C", "city": "Ede"}),
        (3, {"name": "D, E", "city": "Delft"}),
    ]


def test_nul_line_numbers_count_cr_and_crlf_line_ends() -> None:
    with pytest.raises(CsvFileError) as err:
        read_table(b"name\r\nA\rB\nC\r\nD\x00\r\n")
    assert err.value.row == 5
