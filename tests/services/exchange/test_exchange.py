"""CSV import and export of contacts (issue 4 item 9, issue 8 item 6).

No BC scenario covers CSV files (BC imports through configuration packages), so these tests
follow the issue's list: each refusal, line numbers, all-or-nothing, --skip-invalid, encodings,
values as text, spreadsheet safety and the round trip.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from crm_desktop.domain.csv_format import CsvFileError
from crm_desktop.services import exchange, masterdata, numbering, setup
from crm_desktop.services.app import DB_FILE, AppContext, open_app
from crm_desktop.services.exchange import ImportCancelledError, ImportRefusedError
from crm_desktop.services.exchange.contact_rows import READ_SHARE, STEPS


def _write(tmp_path: Path, text: str, *, encoding: str = "utf-8", name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _contacts(ctx: AppContext) -> dict[str, dict[str, object]]:
    con = sqlite3.connect(ctx.data_dir / DB_FILE)
    con.row_factory = sqlite3.Row
    try:
        return {r["no"]: dict(r) for r in con.execute("SELECT * FROM contact ORDER BY no")}
    finally:
        con.close()


def _refused(ctx: AppContext, path: Path) -> list[str]:
    with pytest.raises(ImportRefusedError) as err:
        exchange.import_contacts(ctx, path)
    assert _contacts(ctx) == {}, "a refused file must change nothing"
    return [str(e) for e in err.value.errors]


def test_import_numbers_inherits_from_a_company_further_down_and_applies_defaults(
    ctx: AppContext, tmp_path: Path
) -> None:
    masterdata.save_row(ctx, "salesperson", {"code": "JO", "name": "John"})
    masterdata.save_row(ctx, "salesperson", {"code": "AN", "name": "Ann"})
    setup.update_marketing_setup(ctx, {"default_salesperson_code": "AN"})
    path = _write(
        tmp_path,
        "name,type,company_no,no,city,phone_no,email,salesperson_code,country_region_code\n"
        "Jan de Vries,Person,K1,,,,,,\n"
        "Loose Person,PERSON,,,Ede,,,,\n"
        "Acme BV,company,,K1,Utrecht,+31 30 123 4567,info@acme.nl,JO,nl\n"
        "Other BV,,,,Delft,,,,\n",
    )
    result = exchange.import_contacts(ctx, path)
    assert (result.imported, result.companies, result.persons, result.errors) == (4, 2, 2, [])
    rows = _contacts(ctx)
    assert sorted(rows) == ["CT000001", "CT000002", "CT000003", "K1"]
    jan, loose, other, acme = rows["CT000001"], rows["CT000002"], rows["CT000003"], rows["K1"]
    assert (jan["type"], jan["company_no"], jan["company_name"]) == ("person", "K1", "Acme BV")
    assert (jan["first_name"], jan["middle_name"], jan["surname"]) == ("Jan", "de", "Vries")
    assert (jan["city"], jan["phone_no"], jan["email"]) == (
        "Utrecht",
        "+31 30 123 4567",
        "info@acme.nl",
    )
    assert jan["salesperson_code"] == "JO" and jan["country_region_code"] == "NL"
    assert jan["salutation_code"] == "PERSON" and jan["search_name"] == "JAN DE VRIES"
    assert jan["no_series"] == "CONT"
    assert (loose["company_no"], loose["salesperson_code"], loose["city"]) == (None, "AN", "Ede")
    assert (other["type"], other["company_no"], other["company_name"]) == (
        "company",
        "CT000003",
        "Other BV",
    )
    assert other["salesperson_code"] == "AN" and other["salutation_code"] == "COMPANY"
    assert acme["no_series"] is None and acme["search_email"] == "INFO@ACME.NL"
    assert numbering.peek_next(ctx, "CONT") == "CT000004"


def test_values_given_in_a_person_row_win_over_the_company(ctx: AppContext, tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "no;type;name;company_no;address;city;phone_no\n"
        "K1;company;Acme;;Main St 1;Utrecht;030 1\n"
        "P1;person;Piet;K1;Side St 2;;06 2\n",
    )
    exchange.import_contacts(ctx, path)
    piet = _contacts(ctx)["P1"]
    assert (piet["address"], piet["city"], piet["phone_no"]) == ("Side St 2", "", "06 2")


def test_a_person_names_an_existing_company_by_number_or_by_name(
    ctx: AppContext, tmp_path: Path
) -> None:
    exchange.import_contacts(
        ctx, _write(tmp_path, "no,name,city\nK1,Acme BV,Delft\n", name="a.csv")
    )
    path = _write(
        tmp_path,
        "type,name,company_no,company_name\nperson,A,k1,\nperson,B,,acme bv\nperson,C,,Nope BV\n",
        name="b.csv",
    )
    assert _refused_keep(ctx, path) == [
        "line 4, company_name: You must select an existing contact."
    ]
    result = exchange.import_contacts(ctx, path, skip_invalid=True)
    assert result.imported == 2
    persons = [r for r in _contacts(ctx).values() if r["type"] == "person"]
    assert {(p["name"], p["company_no"], p["city"]) for p in persons} == {
        ("A", "K1", "Delft"),
        ("B", "K1", "Delft"),
    }


def test_a_new_person_of_a_vendor_company_shows_the_relation(
    ctx: AppContext, tmp_path: Path
) -> None:
    from crm_desktop.services.sync import from_contact

    exchange.import_contacts(ctx, _write(tmp_path, "no,name\nK1,Acme\nK2,Beta\n", name="a.csv"))
    from_contact.create_as_vendor(ctx, "K1")
    path = _write(
        tmp_path, "type,name,company_no\nperson,Jo,K1\nperson,Bo,K2\nperson,Al,\n", name="b.csv"
    )
    exchange.import_contacts(ctx, path)
    summary = {r["name"]: r["contact_business_relation"] for r in _contacts(ctx).values()}
    assert (summary["Jo"], summary["Bo"], summary["Al"]) == ("vendor", "none", "none")


def test_a_person_names_a_company_of_the_file_without_a_number_by_its_name(
    ctx: AppContext, tmp_path: Path
) -> None:
    path = _write(
        tmp_path,
        "type,name,company_name,city\nperson,Jo Bo,Acme BV,\ncompany,Acme BV,,Ede\n"
        "person,Al,acme bv,Delft\n",
    )
    exchange.import_contacts(ctx, path)
    rows = _contacts(ctx)
    assert {no: (r["name"], r["company_no"], r["city"]) for no, r in rows.items()} == {
        "CT000001": ("Jo Bo", "CT000002", "Ede"),
        "CT000002": ("Acme BV", "CT000002", "Ede"),
        "CT000003": ("Al", "CT000002", "Delft"),
    }


def _refused_keep(ctx: AppContext, path: Path) -> list[str]:
    before = _contacts(ctx)
    with pytest.raises(ImportRefusedError) as err:
        exchange.import_contacts(ctx, path)
    assert _contacts(ctx) == before, "a refused file must change nothing"
    return [str(e) for e in err.value.errors]


def test_a_bad_row_writes_nothing_and_every_bad_row_is_listed_by_line(
    ctx: AppContext, tmp_path: Path
) -> None:
    path = _write(
        tmp_path,
        "name,phone_no,email,type,country_region_code,company_no\n"
        "Good,,,,,\n"
        "Bad Phone,030 CALL ME,,,,\n"
        '"Multi\nline",,,,,\n'
        "Bad Mail,,not-an-address,,,\n"
        "Bad Type,,,customer,,\n"
        "Bad Country,,,,XX,\n"
        "Orphan,,,person,,NOPE\n"
        "Own company,,,company,,OTHER\n"
        f"{'L' * 101},,,,,\n",
    )
    assert _refused(ctx, path) == [
        "line 3, phone_no: Phone No. must not contain letters",
        'line 6, email: The email address "not-an-address" is not valid.',
        "line 7, type: Type must be company or person, not customer.",
        "line 8, country_region_code: Country/Region XX does not exist.",
        "line 9, company_no: Contact NOPE does not exist.",
        "line 10, company_no: Type must be equal to Person",
        "line 11, name: The length of the string is 101, but it must be less than or equal to "
        "100 characters.",
    ]


def test_skip_invalid_writes_the_good_rows_and_returns_the_rest(
    ctx: AppContext, tmp_path: Path
) -> None:
    path = _write(tmp_path, "name,phone_no\nGood,\nBad,abc\nAlso Good,+31 6 1234 5678\n")
    with pytest.raises(ImportRefusedError) as err:
        exchange.import_contacts(ctx, path)
    assert err.value.good_rows == 2 and len(err.value.errors) == 1
    result = exchange.import_contacts(ctx, path, skip_invalid=True)
    assert result.imported == 2
    assert [str(e) for e in result.errors] == [
        "line 3, phone_no: Phone No. must not contain letters"
    ]
    assert sorted(r["name"] for r in _contacts(ctx).values()) == ["Also Good", "Good"]


def test_a_person_of_a_bad_company_row_is_refused_with_that_line(
    ctx: AppContext, tmp_path: Path
) -> None:
    path = _write(
        tmp_path, "no,type,name,company_no,phone_no\nK1,company,Acme,,letters\nP1,person,Jo,K1,\n"
    )
    assert _refused(ctx, path) == [
        "line 2, phone_no: Phone No. must not contain letters",
        "line 3, company_no: Company K1 on line 2 has an error, so this person cannot be imported.",
    ]


def test_a_person_cannot_be_the_company_of_another(ctx: AppContext, tmp_path: Path) -> None:
    path = _write(
        tmp_path, "no,type,name,company_no\nP1,person,Jo,\nP2,person,Bo,P1\nK1,company,Acme,\n"
    )
    assert _refused(ctx, path) == ["line 3, company_no: Contact P1 is not a company."]


def test_two_companies_with_the_name_given_are_ambiguous(ctx: AppContext, tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "no,type,name,company_name\nK1,company,Acme,\nK2,company,ACME,\nP1,person,Jo,acme\n",
    )
    assert _refused(ctx, path) == [
        "line 4, company_name: More than one company is named acme; give its number in company_no."
    ]


def test_a_number_repeated_in_the_file_or_already_taken_is_refused(
    ctx: AppContext, tmp_path: Path
) -> None:
    exchange.import_contacts(ctx, _write(tmp_path, "no,name\nTAKEN,First\n", name="a.csv"))
    path = _write(tmp_path, "no,name\nA1,One\nB2,Two\na1,Again\ntaken,Clash\n", name="b.csv")
    assert _refused_keep(ctx, path) == [
        "line 4, no: Contact A1 is in the file more than once (first on line 2).",
        "line 5, no: Contact TAKEN already exists.",
    ]


def test_automatic_numbers_skip_numbers_already_taken(ctx: AppContext, tmp_path: Path) -> None:
    path = _write(tmp_path, "no,name\nCT000002,Manual\n,Auto 1\n,Auto 2\n")
    exchange.import_contacts(ctx, path)
    assert {no: r["name"] for no, r in _contacts(ctx).items()} == {
        "CT000001": "Auto 1",
        "CT000002": "Manual",
        "CT000003": "Auto 2",
    }


def test_manual_numbers_need_manual_nos(ctx: AppContext, tmp_path: Path) -> None:
    numbering.save_series(
        ctx, "CONT", description="Contacts", manual_nos=False, original_code="CONT"
    )
    path = _write(tmp_path, "no,name\nX1,Typed\n,Automatic\n")
    assert _refused(ctx, path) == [
        "line 2, no: You may not enter numbers manually. If you want to enter numbers manually, "
        "please activate Manual Nos. in No. Series CONT."
    ]


def test_file_level_refusals_change_nothing(ctx: AppContext, tmp_path: Path) -> None:
    cases = {
        "unknown.csv": (b"name,colour\nx,y\n", "unknown column names: colour."),
        "none.csv": (b"foo;bar\n1;2\n", "names no known column"),
        "empty.csv": (b"", "The file is empty."),
        "nul.csv": (b"name\nA\x00B\n", "Line 2 contains a NUL byte"),
        "binary.csv": (bytes(range(256)) * 50, "not a CSV text file"),
        "quote.csv": (b'name,city\n"Acme,Delft\n', "Line 2: a quoted value is not closed"),
    }
    for name, (data, expected) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(CsvFileError) as err:
            exchange.import_contacts(ctx, path)
        assert expected in str(err.value), name
    with pytest.raises(CsvFileError) as err:
        exchange.import_contacts(ctx, tmp_path / "missing.csv")
    assert str(err.value).startswith(f"The file {tmp_path / 'missing.csv'} cannot be read (")
    assert _contacts(ctx) == {}


def test_utf8_bom_and_windows_1252_with_semicolons(ctx: AppContext, tmp_path: Path) -> None:
    bom = _write(tmp_path, "\ufeffno,name,city\nU1,Café Noël,Zürich\n", name="bom.csv")
    dutch = _write(
        tmp_path,
        "no;name;city;phone_no\r\nW1;Bakkerij Hé;'s-Hertogenbosch;+31 73 612 3456\r\n",
        encoding="cp1252",
        name="dutch.csv",
    )
    exchange.import_contacts(ctx, bom)
    exchange.import_contacts(ctx, dutch)
    rows = _contacts(ctx)
    assert (rows["U1"]["name"], rows["U1"]["city"]) == ("Café Noël", "Zürich")
    assert (rows["W1"]["name"], rows["W1"]["city"], rows["W1"]["phone_no"]) == (
        "Bakkerij Hé",
        "'s-Hertogenbosch",
        "+31 73 612 3456",
    )


def test_values_starting_with_equals_are_stored_as_text(ctx: AppContext, tmp_path: Path) -> None:
    path = _write(tmp_path, 'no,name,city\nF1,=1+2,"=HYPERLINK(""http://x"")"\n')
    exchange.import_contacts(ctx, path)
    row = _contacts(ctx)["F1"]
    assert (row["name"], row["city"]) == ("=1+2", '=HYPERLINK("http://x")')


def test_export_escapes_formulas_and_import_reads_them_back(
    ctx: AppContext, tmp_path: Path
) -> None:
    path = _write(
        tmp_path,
        "no,name,city,address,phone_no,home_page\n"
        'F1,=cmd|\' /C calc\'!A0,@SUM(1),-Delft,+31 30 123 4567,"+HYPERLINK(""x"")"\n',
    )
    exchange.import_contacts(ctx, path)
    out = tmp_path / "out.csv"
    assert exchange.export_contacts(ctx, out) == 1
    text = out.read_text(encoding="utf-8-sig")
    line = text.splitlines()[1]
    assert line.startswith("F1,company,'=cmd|' /C calc'!A0,")
    assert ",'@SUM(1)," in line and ",'-Delft," in line and "'+HYPERLINK" in line
    assert ",+31 30 123 4567," in line
    other = open_app(tmp_path / "other")
    try:
        exchange.import_contacts(other, out)
        back = _contacts(other)["F1"]
    finally:
        other.close()
    original = _contacts(ctx)["F1"]
    for name in ("name", "city", "address", "phone_no", "home_page"):
        assert back[name] == original[name]
    assert back["name"] == "=cmd|' /C calc'!A0"


def test_round_trip_export_import_export_is_identical(ctx: AppContext, tmp_path: Path) -> None:
    masterdata.save_row(ctx, "salesperson", {"code": "JO", "name": "John"})
    source = _write(
        tmp_path,
        "no,type,name,company_no,address,post_code,city,country_region_code,phone_no,"
        "email,salesperson_code,language_code,job_title,privacy_blocked,name_2,initials\n"
        'K1,company,"Acme, Inc.",,Main St 1,3511 AA,Utrecht,NL,+31 30 123 4567,'
        "info@acme.nl,JO,NLD,,no,Holding,\n"
        "P1,person,Jan de Vries,K1,,,,,,jan@acme.nl,,,Sales,yes,,JdV\n"
        "P2,person,Kees Kok,K1,Home 2,1000 AA,Amsterdam,,06 12345678,,,ENU,,,,\n"
        'P3,person,"Quote ""Q"" Person",,"Line 1\nLine 2",,Zeist,DE,,,,,,,,\n'
        "K2,company,=SUM(1),,,,@Ede,,-1,,,,,,,\n",
    )
    exchange.import_contacts(ctx, source)
    first = tmp_path / "first.csv"
    exchange.export_contacts(ctx, first)
    empty = open_app(tmp_path / "empty")
    try:
        masterdata.save_row(empty, "salesperson", {"code": "JO", "name": "John"})
        result = exchange.import_contacts(empty, first)
        second = tmp_path / "second.csv"
        assert exchange.export_contacts(empty, second) == 5 == result.imported
    finally:
        empty.close()
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes().startswith(b"\xef\xbb\xbfno,type,name,name_2,company_no,")
    assert len(first.read_text(encoding="utf-8-sig").splitlines()) == 1 + 5 + 1  # P3 spans 2


def test_cancel_writes_nothing_and_progress_reaches_the_end(
    ctx: AppContext, tmp_path: Path
) -> None:
    path = _write(tmp_path, "name\n" + "".join(f"Contact {i}\n" for i in range(3000)))
    seen: list[tuple[int, int]] = []
    with pytest.raises(ImportCancelledError):
        exchange.import_contacts(
            ctx, path, progress=lambda d, t: seen.append((d, t)), cancel=lambda: len(seen) > 3
        )
    assert _contacts(ctx) == {}
    seen.clear()
    exchange.import_contacts(ctx, path, progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (STEPS, STEPS) and len(seen) > 5
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert len(_contacts(ctx)) == 3000


def test_a_cancel_once_every_row_is_cleaned_writes_nothing(ctx: AppContext, tmp_path: Path) -> None:
    path = _write(tmp_path, "name\n" + "".join(f"Contact {i}\n" for i in range(3000)))
    seen: list[tuple[int, int]] = []
    polled_after_cleaning: list[bool] = []

    def cancel() -> bool:
        # True from the moment every row was read and cleaned.
        done = bool(seen) and seen[-1][0] >= READ_SHARE
        polled_after_cleaning.append(done)
        return done

    with pytest.raises(ImportCancelledError):
        exchange.import_contacts(
            ctx, path, progress=lambda d, t: seen.append((d, t)), cancel=cancel
        )
    assert polled_after_cleaning[-1] and max(d for d, _ in seen) == READ_SHARE
    assert _contacts(ctx) == {}


def test_export_of_an_empty_database_is_a_header(ctx: AppContext, tmp_path: Path) -> None:
    out = tmp_path / "none.csv"
    assert exchange.export_contacts(ctx, out) == 0
    assert out.read_text(encoding="utf-8-sig").startswith("no,type,name,")
    assert len(out.read_text(encoding="utf-8-sig").splitlines()) == 1


def test_export_to_a_folder_that_does_not_exist_says_so(ctx: AppContext, tmp_path: Path) -> None:
    from crm_desktop.domain.errors import StorageError

    with pytest.raises(StorageError) as err:
        exchange.export_contacts(ctx, tmp_path / "no" / "such" / "dir.csv")
    assert "cannot be written" in str(err.value)
