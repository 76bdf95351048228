"""Contacts in and out as Outlook/Google CSV, vCard and .xlsx (issue 22), on real data files.

No BC scenario covers these files (BC exchanges contacts with Outlook through Exchange sync,
not files), so the tests follow the issue's list: round trip per format, company links,
duplicates offered not created, Cancel changes nothing, pictures, and the CLI.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
import vobject

from crm_desktop.cli import main
from crm_desktop.domain.csv_format import COLUMNS
from crm_desktop.domain.errors import ValidationError
from crm_desktop.services import contacts, setup
from crm_desktop.services.app import DB_FILE, AppContext, open_app
from crm_desktop.services.contacts import picture
from crm_desktop.services.exchange import ImportCancelledError, merge_bridge
from crm_desktop.services.exchange import formats_export as fe
from crm_desktop.services.exchange import formats_import as fi
from tests.domain.test_exchange_formats import GOOGLE, OUTLOOK_EN, OUTLOOK_NL


def _db(ctx: AppContext, sql: str = "SELECT * FROM contact ORDER BY no") -> list[dict[str, Any]]:
    con = sqlite3.connect(ctx.data_dir / DB_FILE)
    con.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in con.execute(sql)]
    finally:
        con.close()


def _import(ctx: AppContext, path: Path, **kw: Any) -> fi.FormatImportResult:
    plan = fi.plan_import(ctx, fi.read_source(path))
    return fi.import_planned(ctx, plan, **kw)


def _png(size: int = 900) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (size, size // 2), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def _seed(ctx: AppContext) -> tuple[str, str]:
    company = contacts.create_contact(
        ctx,
        {
            "type": "company",
            "name": "Café Müller",
            "address": "Hauptstraße 1",
            "address_2": "Hof",
            "city": "Köln",
            "post_code": "50667",
            "country_region_code": "DE",
            "phone_no": "+49 221 100",
            "email": "info@cafe.example",
            "home_page": "https://cafe.example",
        },
    ).contact.no
    person = contacts.create_contact(
        ctx,
        {
            "type": "person",
            "first_name": "Zoë",
            "surname": "Ångström",
            "company_no": company,
            "job_title": "Chef",
            "mobile_phone_no": "+49 170 200",
            "fax_no": "+49 221 101",
            "email": "zoe@cafe.example",
        },
    ).contact.no
    picture.set_picture(ctx, person, _png())
    return company, person


CARRIED = {
    # Fields each format carries (the closing note's table); numbers only in ours and .xlsx.
    "ours": None,
    "xlsx": None,
    "outlook": (
        "type", "name", "company_name", "first_name", "middle_name", "surname", "job_title",
        "address", "address_2", "city", "county", "post_code", "country_region_code",
        "phone_no", "mobile_phone_no", "fax_no", "email", "home_page",
    ),
    "google": (
        "type", "name", "company_name", "first_name", "middle_name", "surname", "job_title",
        "address", "address_2", "city", "county", "post_code", "country_region_code",
        "phone_no", "mobile_phone_no", "fax_no", "email", "home_page",
    ),
    "vcard": (
        "type", "name", "company_name", "first_name", "middle_name", "surname", "job_title",
        "address", "address_2", "city", "county", "post_code", "country_region_code",
        "phone_no", "mobile_phone_no", "fax_no", "email", "home_page",
    ),
}  # fmt: skip


@pytest.mark.parametrize(
    ("name", "fmt", "version", "kind"),
    [
        ("out.csv", "ours", "4.0", "ours"),
        ("out.csv", "outlook", "4.0", "outlook"),
        ("out.csv", "google", "4.0", "google"),
        ("out.vcf", "ours", "4.0", "vcard"),
        ("out.vcf", "ours", "3.0", "vcard"),
        ("out.xlsx", "ours", "4.0", "xlsx"),
    ],
)
def test_round_trip_per_format(
    ctx: AppContext, tmp_path: Path, name: str, fmt: str, version: str, kind: str
) -> None:
    company, person = _seed(ctx)
    path = tmp_path / name
    assert fe.export_file(ctx, path, fmt=fmt, vcard_version=version) == 2
    before = {r["no"]: r for r in _db(ctx)}
    other = open_app(tmp_path / "other")
    try:
        result = _import(other, path)
        assert result.result.imported == 2
        after = _db(other)
        fields = CARRIED[kind if kind != "ours" else "ours"]
        by_type = {r["type"]: r for r in after}
        old = {before[company]["type"]: before[company], before[person]["type"]: before[person]}
        for typ in ("company", "person"):
            if fields is None:  # every field our CSV carries, numbers included
                assert by_type[typ]["no"] == old[typ]["no"]
                fields_here = [c for c in COLUMNS if c != "privacy_blocked"]
            else:
                fields_here = list(fields)
            for f in fields_here:
                assert by_type[typ][f] == old[typ][f], (typ, f)
        # The person is linked to its company again.
        assert by_type["person"]["company_no"] == by_type["company"]["no"]
        if kind == "vcard":
            assert result.pictures == 1
            pic = picture.get_picture(other, by_type["person"]["no"])
            assert pic is not None and max(pic.width, pic.height) <= picture.MAX_SIDE
    finally:
        other.close()


def test_a_person_is_linked_to_an_existing_company_by_name_in_any_case(
    ctx: AppContext, tmp_path: Path
) -> None:
    company = contacts.create_contact(ctx, {"type": "company", "name": "Bakkerij Smit"}).contact.no
    path = tmp_path / "nl.csv"
    text = OUTLOOK_NL.replace("Bakkerij Smit", "BAKKERIJ smit").replace("Netherlands", "Nederland")
    path.write_bytes(text.encode("cp1252"))
    result = _import(ctx, path)
    assert (result.kind, result.result.companies, result.result.persons) == ("outlook_nl", 0, 1)
    person = next(r for r in _db(ctx) if r["type"] == "person")
    assert person["company_no"] == company
    assert person["name"] == "Jan van Dijk" and person["mobile_phone_no"] == "06 1234 5678"
    assert person["country_region_code"] == "NL"  # "Nederland", as a Dutch Outlook writes it
    # The Outlook Notes column became the person's comment lines, whole.
    notes = _db(ctx, f"SELECT comment FROM contact_comment WHERE contact_no = '{person['no']}'")
    assert notes and result.comments == len(notes)


def test_outlook_and_google_files_are_imported_into_the_right_fields(
    ctx: AppContext, tmp_path: Path
) -> None:
    for name, text in (("en.csv", OUTLOOK_EN), ("g.csv", GOOGLE)):
        path = tmp_path / name
        path.write_text(text.replace("United States", "").replace("Spain", "ES"), "utf-8")
        _import(ctx, path)
    rows = {r["name"]: r for r in _db(ctx)}
    assert rows["John Q. Smith"]["company_no"] == rows["Contoso Ltd"]["no"]
    assert rows["John Q. Smith"]["fax_no"] == "+1 425 555 0101"
    assert rows["Fabrikam"]["type"] == "company"
    assert rows["Maria Garcia"]["mobile_phone_no"] == "+34 600 111 222"
    assert rows["Maria Garcia"]["country_region_code"] == "ES"
    assert rows["Tailspin Toys"]["type"] == "company"


PEOPLE = (
    "First Name,Last Name,Company,E-mail Address,Mobile Phone\r\n"
    "Ann,Lee,Acme,ann@acme.example,\r\n"
    "Bob,Ray,Acme,,06 1111 2222\r\n"
    "Ann,Lee-Smith,Acme,ANN@acme.example,\r\n"
)


def test_duplicates_in_the_file_and_against_the_database_are_offered_not_created(
    ctx: AppContext, tmp_path: Path
) -> None:
    # BC's method (search strings), BC's default: persons are matched on exact e-mail or
    # mobile number, which is what this test is about.
    setup.update_marketing_setup(ctx, {"duplicate_method": "search_strings"})
    acme = contacts.create_contact(ctx, {"type": "company", "name": "Acme"}).contact.no
    bob = contacts.create_contact(
        ctx, {"type": "person", "name": "Robert Ray", "company_no": acme,
              "mobile_phone_no": "06-1111-2222"}
    ).contact.no  # fmt: skip
    path = tmp_path / "people.csv"
    path.write_text(PEOPLE, "utf-8")
    plan = fi.plan_import(ctx, fi.read_source(path))
    offered = {o.line: [(c.no, c.line) for c in o.candidates] for o in plan.offers}
    assert offered == {3: [(bob, 0)], 4: [("", 2)]}
    assert len(_db(ctx)) == 2, "the preview writes nothing"
    result = fi.import_planned(ctx, plan)  # default: skip what is offered
    assert (result.result.persons, result.skipped_duplicates) == (1, 2)
    assert sorted(r["name"] for r in _db(ctx)) == ["Acme", "Ann Lee", "Robert Ray"]
    # Import anyway, for one of them.
    plan = fi.plan_import(ctx, fi.read_source(path))
    lines = {o.line for o in plan.offers}
    assert lines == {2, 3, 4}  # Ann is in the database now too
    fi.import_planned(ctx, plan, {3: fi.IMPORT})
    assert sorted(r["name"] for r in _db(ctx)) == ["Acme", "Ann Lee", "Bob Ray", "Robert Ray"]


def test_a_company_duplicate_found_by_search_strings_is_offered(
    ctx: AppContext, tmp_path: Path
) -> None:
    contacts.create_contact(
        ctx, {"type": "company", "name": "Contoso Ltd", "address": "1 Main St",
              "city": "Seattle", "post_code": "98052", "phone_no": "+1 425 555 0100"}
    )  # fmt: skip
    path = tmp_path / "c.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:CONTOSO LTD.\r\nORG:CONTOSO LTD.\r\n"
        "X-ABShowAs:COMPANY\r\nADR;TYPE=WORK:;;1 Main St;Seattle;;98052;\r\n"
        "TEL;TYPE=WORK:+1 425 555 0100\r\nEND:VCARD\r\n",
        "utf-8",
    )
    plan = fi.plan_import(ctx, fi.read_source(path))
    assert [(o.line, o.type, [c.name for c in o.candidates]) for o in plan.offers] == [
        (1, "company", ["Contoso Ltd"])
    ]
    fi.import_planned(ctx, plan)
    assert [r["name"] for r in _db(ctx)] == ["Contoso Ltd"]


def test_merge_without_the_merge_capability_is_refused_and_writes_nothing(
    ctx: AppContext, tmp_path: Path
) -> None:
    if merge_bridge.available():
        pytest.skip("the merge capability is present; test_merge covers merging")
    contacts.create_contact(ctx, {"type": "person", "name": "Ann Lee", "email": "ann@acme.example"})
    path = tmp_path / "people.csv"
    path.write_text(PEOPLE, "utf-8")
    plan = fi.plan_import(ctx, fi.read_source(path))
    with pytest.raises(merge_bridge.MergeUnavailableError):
        fi.import_planned(ctx, plan, default=fi.MERGE)
    assert len(_db(ctx)) == 1


def test_cancel_leaves_the_database_unchanged(ctx: AppContext, tmp_path: Path) -> None:
    path = tmp_path / "many.vcf"
    path.write_text(
        "".join(
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Person{i};Jo;;;\r\nFN:Jo Person{i}\r\n"
            f"ORG:Firm {i % 50}\r\nEND:VCARD\r\n"
            for i in range(1500)
        ),
        "utf-8",
    )
    plan = fi.plan_import(ctx, fi.read_source(path))
    before = _db(ctx), _db(ctx, "SELECT * FROM no_series_line")
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 2

    with pytest.raises(ImportCancelledError):
        fi.import_planned(ctx, plan, cancel=cancel)
    assert (_db(ctx), _db(ctx, "SELECT * FROM no_series_line")) == before
    assert calls, "cancel was asked"


def test_pictures_are_scaled_and_go_out_in_vcards(ctx: AppContext, tmp_path: Path) -> None:
    _company, person = _seed(ctx)
    pic = picture.get_picture(ctx, person)
    assert pic is not None and (pic.width, pic.height) == (400, 200)
    with pytest.raises(ValidationError):
        picture.set_picture(ctx, person, b"not a picture")
    path = tmp_path / "out.vcf"
    fe.export_file(ctx, path)
    cards = list(vobject.readComponents(path.read_text("utf-8")))
    assert any(
        "PHOTO:data:image/jpeg;base64," in c.serialize() or "photo" in c.contents for c in cards
    )
    picture.remove_picture(ctx, person)
    assert picture.get_picture(ctx, person) is None
    # Deleting the contact deletes its picture (ON DELETE CASCADE).
    picture.set_picture(ctx, person, _png(50))
    contacts.delete_contact(ctx, person)
    assert _db(ctx, "SELECT * FROM contact_picture") == []


def test_saved_mappings(ctx: AppContext) -> None:
    fi.save_mapping(ctx, "Old Excel", {"Naam": "name", "Plaats": "city"})
    fi.save_mapping(ctx, "Old Excel", {"Naam": "name"})
    assert fi.list_mappings(ctx) == {"Old Excel": {"Naam": "name"}}
    with pytest.raises(ValidationError):
        fi.save_mapping(ctx, " ", {})


def test_cli_says_which_format_it_found_and_exports_each_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(tmp_path / "data")
    path = tmp_path / "g.csv"
    path.write_text(GOOGLE.replace("Spain", "ES"), "utf-8")
    assert main(["--data-dir", data, "import", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("format: Google Contacts CSV\n")
    assert "imported 2 contacts (1 companies, 1 persons)" in out
    assert "not imported: Line 2: Birthday: no field for it (1985-03-04)" in out
    assert main(["--data-dir", data, "import", str(path)]) == 0
    assert "duplicate: line 2 Maria Garcia" in capsys.readouterr().out
    for name, extra in (
        ("o.csv", ["--format", "outlook"]),
        ("x.vcf", ["--vcard-version", "3.0"]),
        ("x.xlsx", []),
    ):
        assert main(["--data-dir", data, "export", str(tmp_path / name), *extra]) == 0
    assert (tmp_path / "o.csv").read_text("utf-8-sig").startswith("First Name,Middle Name,")
    assert "VERSION:3.0" in (tmp_path / "x.vcf").read_text("utf-8")
    assert (tmp_path / "x.xlsx").read_bytes()[:2] == b"PK"


def test_a_persons_new_company_that_duplicates_an_existing_one_is_offered_and_skip_links_it(
    ctx: AppContext, tmp_path: Path
) -> None:
    existing = contacts.create_contact(
        ctx, {"type": "company", "name": "Contoso Ltd", "address": "1 Main St",
              "city": "Seattle", "post_code": "98052", "phone_no": "+1 425 555 0100"}
    ).contact.no  # fmt: skip
    path = tmp_path / "p.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Smith;John;;;\r\nFN:John Smith\r\nORG:CONTOSO LTD.\r\n"
        "ADR;TYPE=WORK:;;1 Main St;Seattle;;98052;\r\nTEL;TYPE=WORK:+1 425 555 0100\r\n"
        "END:VCARD\r\n",
        "utf-8",
    )
    plan = fi.plan_import(ctx, fi.read_source(path))
    # The company made for the person's ORG (line 2: after the file's last) is the duplicate.
    assert [(o.line, o.type, [c.no for c in o.candidates]) for o in plan.offers] == [
        (2, "company", [existing])
    ]
    result = fi.import_planned(ctx, plan)
    assert (result.result.companies, result.result.persons) == (0, 1)
    person = next(r for r in _db(ctx) if r["type"] == "person")
    assert person["company_no"] == existing and person["company_name"] == "Contoso Ltd"


@pytest.mark.skipif(not merge_bridge.available(), reason="needs services.merge (issue 17)")
def test_merge_fills_the_existing_contacts_blanks_in_the_same_transaction(
    ctx: AppContext, tmp_path: Path
) -> None:
    # BC's method (search strings), BC's default: persons are matched on exact e-mail or
    # mobile number, which is what this test is about.
    setup.update_marketing_setup(ctx, {"duplicate_method": "search_strings"})
    ann = contacts.create_contact(
        ctx, {"type": "person", "name": "Ann Lee", "email": "ann@acme.example"}
    ).contact.no
    path = tmp_path / "people.csv"
    path.write_text(
        "First Name,Last Name,E-mail Address,Job Title\r\nAnn,Lee-Smith,ANN@acme.example,Buyer\r\n",
        "utf-8",
    )
    plan = fi.plan_import(ctx, fi.read_source(path))
    assert [o.candidates[0].no for o in plan.offers] == [ann]
    result = fi.import_planned(ctx, plan, default=fi.MERGE)
    assert result.merged == 1
    rows = [r for r in _db(ctx) if r["type"] == "person"]
    assert [(r["no"], r["name"], r["job_title"]) for r in rows] == [(ann, "Ann Lee", "Buyer")]


@pytest.mark.parametrize(("name", "fmt"), [("o.csv", "outlook"), ("g.csv", "google")])
def test_outlook_and_google_csv_are_spreadsheet_safe(
    ctx: AppContext, tmp_path: Path, name: str, fmt: str
) -> None:
    contacts.create_contact(
        ctx, {"type": "company", "name": '=HYPERLINK("http://x")', "phone_no": "+31 20 123"}
    )
    path = tmp_path / name
    fe.export_file(ctx, path, fmt=fmt)
    text = path.read_text("utf-8-sig")
    assert '\'=HYPERLINK(""http://x"")' in text and ",+31 20 123," in text
    assert not any(cell.startswith("=") for line in text.splitlines() for cell in line.split(","))
    other = open_app(tmp_path / "other")
    try:
        _import(other, path)
        assert [r["name"] for r in _db(other)] == ['=HYPERLINK("http://x")']
    finally:
        other.close()


def test_reading_a_long_vcard_file_reports_progress_and_can_be_cancelled(tmp_path: Path) -> None:
    path = tmp_path / "many.vcf"
    path.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jo\r\nN:;Jo;;;\r\nEND:VCARD\r\n" * 350)
    seen: list[tuple[int, int]] = []
    source = fi.read_source(path, progress=lambda d, t: seen.append((d, t)))
    assert len(source.rows) == 350 and seen == [(100, 350), (200, 350), (300, 350)]
    with pytest.raises(ImportCancelledError):
        fi.read_source(path, cancel=lambda: True)


def test_export_of_selected_contacts_in_each_format(ctx: AppContext, tmp_path: Path) -> None:
    company, person = _seed(ctx)
    for name, fmt in (
        ("s.csv", "ours"),
        ("s.xlsx", "ours"),
        ("s.vcf", "ours"),
        ("o.csv", "outlook"),
    ):
        assert fe.export_file(ctx, tmp_path / name, fmt=fmt, nos=[person]) == 1
    ours = (tmp_path / "s.csv").read_text("utf-8-sig").splitlines()
    assert ours[0].startswith("no,type,name,") and ours[1].startswith(f"{person},person,")
    assert (tmp_path / "s.vcf").read_text("utf-8").count("BEGIN:VCARD") == 1
    other = open_app(tmp_path / "other")
    try:
        contacts.create_contact(other, {"no": company, "type": "company", "name": "Café Müller"})
        _import(other, tmp_path / "s.xlsx")
        assert [(r["no"], r["company_no"]) for r in _db(other) if r["type"] == "person"] == [
            (person, company)
        ]
    finally:
        other.close()


@pytest.mark.skipif(not merge_bridge.available(), reason="needs services.merge (issue 17)")
def test_merge_within_the_file_fills_the_earlier_rows_blanks_and_can_be_undone(
    ctx: AppContext, tmp_path: Path
) -> None:
    from crm_desktop.services import merge

    path = tmp_path / "twice.csv"
    path.write_text(
        "First Name,Last Name,E-mail Address,Job Title\r\n"
        "Ann,Lee,ann@acme.example,\r\nAnn,Lee,ANN@acme.example,Buyer\r\n",
        "utf-8",
    )
    plan = fi.plan_import(ctx, fi.read_source(path))
    assert [(o.line, [(c.no, c.line) for c in o.candidates]) for o in plan.offers] == [
        (3, [("", 2)])
    ]
    result = fi.import_planned(ctx, plan, default=fi.MERGE)
    assert result.merged == 1
    rows = _db(ctx)
    assert [(r["name"], r["job_title"]) for r in rows] == [("Ann Lee", "Buyer")]
    merges = merge.list_merges(ctx)
    assert len(merges) == 1
    merge.undo_merge(ctx, merges[0].no)
    assert sorted(r["job_title"] for r in _db(ctx)) == ["", "Buyer"]
