"""Contact file formats as pure rules (issue 22): vCard through vobject, Outlook and Google CSV
headers in English and Dutch, .xlsx through openpyxl, spreadsheet safety of what we write.

The Outlook and Google samples are written here from the headers those programs document for
their CSV export (Outlook: "Export to a file > Comma Separated Values"; Google: "Google CSV"),
not copied from a real export.
"""

from __future__ import annotations

import io

import openpyxl
import vobject

from crm_desktop.domain.exchange_formats import csv_kinds as kinds
from crm_desktop.domain.exchange_formats.source import (
    Lookups,
    read_foreign_csv,
    sniff,
    to_table,
)
from crm_desktop.domain.exchange_formats.vcard import read_vcards, types_of, write_vcard
from crm_desktop.domain.exchange_formats.xlsx import read_xlsx, write_xlsx

COUNTRIES = Lookups({"nl": "NL", "netherlands": "NL", "de": "DE", "germany": "DE"})


def _rows(source, lookups=COUNTRIES):  # type: ignore[no-untyped-def]
    mapped = to_table(source, None, lookups)
    return {r.line: {k: v for k, v in r.values.items() if v} for r in mapped.table.rows}, mapped


# --- vCard in ---------------------------------------------------------------------------------


def test_a_vcard_written_by_vobject_is_imported() -> None:
    card = vobject.vCard()
    card.add("fn").value = "Renée Dubois"
    card.add("n").value = vobject.vcard.Name(family="Dubois", given="Renée")
    card.add("org").value = ["Crème & Co"]
    card.add("title").value = "Gérante"
    tel = card.add("tel")
    tel.value = "+33 1 23 45 67 89"
    tel.type_param = "WORK"
    mobile = card.add("tel")
    mobile.value = "+33 6 12 34 56 78"
    mobile.type_param = "CELL"
    card.add("email").value = "renee@creme.fr"
    adr = card.add("adr")
    adr.value = vobject.vcard.Address(street="1 rue de la Paix", city="Paris", code="75002")
    card.add("bday").value = "1970-05-01"
    card.add("note").value = "Met at the fair"
    source = read_vcards(card.serialize().encode("utf-8"))
    rows, mapped = _rows(source)
    assert rows[1] == {
        "type": "person",
        "first_name": "Renée",
        "surname": "Dubois",
        "company_name": "Crème & Co",
        "job_title": "Gérante",
        "phone_no": "+33 1 23 45 67 89",
        "mobile_phone_no": "+33 6 12 34 56 78",
        "email": "renee@creme.fr",
        "address": "1 rue de la Paix",
        "city": "Paris",
        "post_code": "75002",
    }
    assert mapped.extras[1].notes == ["Met at the fair"]
    assert any(s.startswith("BDAY") for s in mapped.extras[1].skipped)
    # The person's company is not in the file: a company row is made for it.
    assert [r.values["name"] for r in mapped.table.rows if r.values["type"] == "company"] == [
        "Crème & Co"
    ]


def test_vcard_2_1_quoted_printable_latin_1_folded_and_bare_types() -> None:
    data = (
        b"BEGIN:VCARD\r\nVERSION:2.1\r\n"
        b"N;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:M=FCller;J=FCrgen\r\n"
        b"FN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:J=FCrgen M=FCller\r\n"
        b"ORG;CHARSET=ISO-8859-1:B\xe4ckerei Gro\xdf\r\n"
        b"TEL;WORK;VOICE:+49 221 12345\r\nTEL;CELL;VOICE:+49 170 1234567\r\n"
        b"TEL;WORK;FAX:+49 221 12346\r\nEMAIL;PREF;INTERNET:j.mueller@example.de\r\n"
        b"ADR;WORK;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:;;Hauptstra=DFe 1;K=F6ln;;"
        b"50667;Germany\r\n"
        b"NOTE;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Erste Zeile=0D=0A=\r\nzweite Zeile\r\n"
        b"END:VCARD\r\n"
    )
    assert sniff(data) == kinds.VCARD
    rows, mapped = _rows(read_vcards(data))
    assert rows[1] == {
        "type": "person",
        "first_name": "Jürgen",
        "surname": "Müller",
        "company_name": "Bäckerei Groß",
        "phone_no": "+49 221 12345",
        "mobile_phone_no": "+49 170 1234567",
        "fax_no": "+49 221 12346",
        "email": "j.mueller@example.de",
        "address": "Hauptstraße 1",
        "city": "Köln",
        "post_code": "50667",
        "country_region_code": "DE",
    }
    assert mapped.extras[1].notes == ["Erste Zeile\r\nzweite Zeile"]


def test_type_lists_in_one_quoted_string_are_split() -> None:
    text = (
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ann Lee\r\nN:Lee;Ann;;;\r\n"
        'TEL;TYPE="work,voice";VALUE=uri:tel:+31-20-555-0100\r\n'
        'TEL;TYPE="cell,voice":+31 6 5550 0101\r\nTEL;TYPE="work,fax":+31 20 555 0102\r\n'
        "END:VCARD\r\n"
    )
    card = next(vobject.readComponents(text))
    assert [types_of(t) for t in card.contents["tel"]] == [
        {"work", "voice"},
        {"cell", "voice"},
        {"work", "fax"},
    ]
    rows, _ = _rows(read_vcards(text.encode()))
    assert rows[1]["phone_no"] == "+31-20-555-0100"
    assert rows[1]["mobile_phone_no"] == "+31 6 5550 0101"
    assert rows[1]["fax_no"] == "+31 20 555 0102"


def test_kind_org_show_as_company_and_org_only_cards_are_companies() -> None:
    text = (
        "BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:org\r\nFN:Acme\r\nORG:Acme\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\nFN:Beta BV\r\nORG:Beta BV\r\n"
        "X-ABShowAs:COMPANY\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Gamma\r\nORG:Gamma\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Doe;Jo;;;\r\nFN:Jo Doe\r\nORG:acme\r\nEND:VCARD\r\n"
    )
    rows, mapped = _rows(read_vcards(text.encode()))
    assert [(r["type"], r.get("name", "")) for r in rows.values()] == [
        ("company", "Acme"),
        ("company", "Beta BV"),
        ("company", "Gamma"),
        ("person", ""),
    ]
    # "acme" names the file's company Acme (any case): no second company is made.
    assert mapped.created_companies == {}
    assert list(rows.values())[3]["company_name"] == "acme"


def test_a_4_0_photo_data_uri_is_read() -> None:
    text = (
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Jo\r\nN:;Jo;;;\r\n"
        "PHOTO:data:image/png;base64,iVBORw0KGgo=\r\nEND:VCARD\r\n"
    )
    source = read_vcards(text.encode())
    assert source.extras[1].picture == b"\x89PNG\r\n\x1a\n"


# --- vCard out --------------------------------------------------------------------------------

PERSON = {
    "type": "person",
    "name": "Zoë Ångström",
    "first_name": "Zoë",
    "surname": "Ångström",
    "company_name": "Café Müller",
    "job_title": "Chef",
    "phone_no": "+31 20 123 4567",
    "mobile_phone_no": "+31 6 1234 5678",
    "fax_no": "+31 20 123 4568",
    "email": "zoe@cafe.example",
    "address": "Ëikenlaan 3",
    "address_2": "2e verdieping",
    "city": "Zürich",
    "post_code": "8001",
    "country_region_code": "CH",
    "home_page": "https://cafe.example",
}


def test_our_vcards_read_back_by_vobject_with_accents_intact() -> None:
    for version in ("3.0", "4.0"):
        text = write_vcard(PERSON, version, (b"\xff\xd8jpegbytes", "jpeg"))
        card = next(vobject.readComponents(text))
        assert card.version.value == version
        assert card.fn.value == "Zoë Ångström"
        assert (card.n.value.family, card.n.value.given) == ("Ångström", "Zoë")
        assert card.org.value == ["Café Müller"]
        assert card.email.value == "zoe@cafe.example"
        phones = {t.value: types_of(t) for t in card.contents["tel"]}
        assert phones["+31 20 123 4567"] == {"work", "voice"}
        assert phones["+31 6 1234 5678"] == {"cell"}
        assert phones["+31 20 123 4568"] == {"work", "fax"}
        adr = card.adr.value
        assert (adr.street, adr.extended, adr.city, adr.code, adr.country) == (
            "Ëikenlaan 3",
            "2e verdieping",
            "Zürich",
            "8001",
            "CH",
        )
        if version == "4.0":
            assert "PHOTO:data:image/jpeg;base64,/9hqcGVnYnl0ZXM=" in text
            assert card.kind.value == "individual"
        else:
            assert card.photo.value == b"\xff\xd8jpegbytes"


def test_our_4_0_output_read_back_by_our_reader() -> None:
    company = {"type": "company", "name": "Café Müller", "city": "Zürich"}
    text = write_vcard(company, "4.0") + write_vcard(PERSON, "4.0", (b"\xff\xd8x", "jpeg"))
    rows, mapped = _rows(read_vcards(text.encode()), Lookups({"ch": "CH"}))
    values = list(rows.values())
    assert values[0] == {"type": "company", "name": "Café Müller", "city": "Zürich"}
    expected = {k: v for k, v in PERSON.items() if k != "name"}
    assert values[1] == expected
    assert mapped.extras[list(rows)[1]].picture == b"\xff\xd8x"


# --- Outlook and Google CSV -------------------------------------------------------------------

OUTLOOK_EN = (
    '"Title","First Name","Middle Name","Last Name","Suffix","Company","Department",'
    '"Job Title","Business Street","Business Street 2","Business City","Business State",'
    '"Business Postal Code","Business Country/Region","Business Fax","Business Phone",'
    '"Home Phone","Mobile Phone","Birthday","E-mail Address","E-mail Type",'
    '"E-mail Display Name","Notes","Web Page"\r\n'
    '"Mr.","John","Q.","Smith","","Contoso Ltd","Sales","Buyer","1 Main St","Suite 5",'
    '"Seattle","WA","98052","United States","+1 425 555 0101","+1 425 555 0100",'
    '"+1 425 555 0199","+1 425 555 0102","1/1/1980","john@contoso.com","SMTP",'
    '"John Smith (john@contoso.com)","Call on Monday","www.contoso.com"\r\n'
    '"","","","","","Fabrikam","","","","","","","","","","","","","","","","","",""\r\n'
)
OUTLOOK_NL = (
    '"Voorvoegsel";"Voornaam";"Middelste naam";"Achternaam";"Bedrijf";"Functie";'
    '"Werkadres, straat";"Werkadres, plaats";"Werkadres, postcode";"Werkadres, land/regio";'
    '"Telefoon op werk";"Mobiele telefoon";"Fax op werk";"E-mailadres";"Notities"\r\n'
    '"";"Jan";"van";"Dijk";"Bakkerij Smit";"Inkoper";"Kerkstraat 1";"Utrecht";"3511 AA";'
    '"Netherlands";"030 123 4567";"06 1234 5678";"030 123 4568";"jan@smit.nl";"Klant sinds 2001"\r\n'
)
GOOGLE = (
    "First Name,Middle Name,Last Name,Organization Name,Organization Title,Birthday,Notes,"
    "Labels,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,"
    "Phone 2 - Label,Phone 2 - Value,Phone 3 - Label,Phone 3 - Value,Address 1 - Label,"
    "Address 1 - Street,Address 1 - City,Address 1 - Postal Code,Address 1 - Country,"
    "Website 1 - Label,Website 1 - Value\r\n"
    "Maria,,Garcia,Tailspin Toys,CEO,1985-03-04,,* myContacts,* Work,maria@tailspin.example,"
    "Mobile,+34 600 111 222,Work,+34 91 111 2222,Home,+34 91 999 8888,Work,Calle Mayor 1,"
    "Madrid,28013,Spain,Work,https://tailspin.example\r\n"
)


def test_outlook_english_csv_is_recognised_and_mapped() -> None:
    data = ("\ufeff" + OUTLOOK_EN).encode("utf-8")
    assert sniff(data) == kinds.OUTLOOK
    source = read_foreign_csv(data)
    rows, mapped = _rows(source, Lookups({"united states": "US", "us": "US"}))
    assert rows[2] == {
        "type": "person",
        "first_name": "John",
        "middle_name": "Q.",
        "surname": "Smith",
        "company_name": "Contoso Ltd",
        "job_title": "Buyer",
        "address": "1 Main St",
        "address_2": "Suite 5",
        "city": "Seattle",
        "county": "WA",
        "post_code": "98052",
        "country_region_code": "US",
        "fax_no": "+1 425 555 0101",
        "phone_no": "+1 425 555 0100",
        "mobile_phone_no": "+1 425 555 0102",
        "email": "john@contoso.com",
        "home_page": "www.contoso.com",
    }
    assert rows[3] == {"type": "company", "name": "Fabrikam"}
    skipped = " | ".join(mapped.extras[2].skipped)
    for column in ("Title", "Department", "Home Phone", "Birthday"):
        assert column + ":" in skipped
    assert "E-mail Type" not in skipped  # read as a label, not data
    assert mapped.extras[2].notes == ["Call on Monday"]
    # Contoso is in no file row and not in the database: a company is made for it.
    assert list(mapped.created_companies.values()) == [2]


def test_outlook_dutch_csv_with_commas_in_quoted_headers() -> None:
    data = OUTLOOK_NL.encode("cp1252")
    assert sniff(data) == kinds.OUTLOOK_NL
    source = read_foreign_csv(data)
    assert "Werkadres, straat" in source.header
    rows, mapped = _rows(source)
    assert rows[2] == {
        "type": "person",
        "first_name": "Jan",
        "middle_name": "van",
        "surname": "Dijk",
        "company_name": "Bakkerij Smit",
        "job_title": "Inkoper",
        "address": "Kerkstraat 1",
        "city": "Utrecht",
        "post_code": "3511 AA",
        "country_region_code": "NL",
        "phone_no": "030 123 4567",
        "mobile_phone_no": "06 1234 5678",
        "fax_no": "030 123 4568",
        "email": "jan@smit.nl",
    }
    assert mapped.extras[2].notes == ["Klant sinds 2001"]


def test_google_csv_phones_follow_their_labels() -> None:
    data = GOOGLE.encode("utf-8")
    assert sniff(data) == kinds.GOOGLE
    rows, mapped = _rows(read_foreign_csv(data), Lookups({"spain": "ES"}))
    assert rows[2] == {
        "type": "person",
        "first_name": "Maria",
        "surname": "Garcia",
        "company_name": "Tailspin Toys",
        "job_title": "CEO",
        "email": "maria@tailspin.example",
        "mobile_phone_no": "+34 600 111 222",
        "phone_no": "+34 91 111 2222",
        "address": "Calle Mayor 1",
        "city": "Madrid",
        "post_code": "28013",
        "country_region_code": "ES",
        "home_page": "https://tailspin.example",
    }
    skipped = " | ".join(mapped.extras[2].skipped)
    assert "Phone 3 - Value: no field for it (+34 91 999 8888)" in skipped
    assert "Birthday:" in skipped and "Labels:" in skipped


def test_an_unknown_country_is_left_blank_and_reported() -> None:
    rows, mapped = _rows(read_foreign_csv(OUTLOOK_NL.encode()), Lookups({"nl": "NL"}))
    assert "country_region_code" not in rows[2]
    assert any(
        "Netherlands is not in the Country/Region table" in s for s in mapped.extras[2].skipped
    )


def test_outlook_and_google_rows_for_export() -> None:
    row = kinds.outlook_row(PERSON)
    assert row["Business Street"] == "Ëikenlaan 3" and row["E-mail Address"] == "zoe@cafe.example"
    assert tuple(row) == kinds.OUTLOOK_EXPORT
    g = kinds.google_row(PERSON)
    assert (g["Phone 2 - Label"], g["Phone 2 - Value"]) == ("Mobile", "+31 6 1234 5678")
    assert kinds.detect_kind(kinds.GOOGLE_EXPORT) == kinds.GOOGLE
    assert kinds.detect_kind(kinds.OUTLOOK_EXPORT) == kinds.OUTLOOK


# --- .xlsx ------------------------------------------------------------------------------------


def test_an_xlsx_written_by_openpyxl_is_imported() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Name", "Type", "City", "Phone No.", "Post Code", "E-Mail"])
    sheet.append(["Acme", "company", "Utrecht", None, 3511, "info@acme.example"])
    sheet.append([None, None, None, None, None, None])
    sheet.append(["Jo Doe", "person", "Delft", "015 123", "2611", None])
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    assert sniff(data) == kinds.XLSX
    source = read_xlsx(data)
    assert source.mapping["Phone No."] == "phone_no" and source.mapping["E-Mail"] == "email"
    rows, _ = _rows(source)
    assert rows == {
        2: {
            "type": "company",
            "name": "Acme",
            "city": "Utrecht",
            "post_code": "3511",
            "email": "info@acme.example",
        },
        4: {
            "type": "person",
            "name": "Jo Doe",
            "city": "Delft",
            "phone_no": "015 123",
            "post_code": "2611",
        },
    }


def test_our_xlsx_has_a_frozen_header_fitting_widths_and_no_formulas() -> None:
    data = write_xlsx(("no", "name", "phone_no"), [("K1", '=HYPERLINK("x")', "+31 20 1")])
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.active
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]] == ["no", "name", "phone_no"]
    assert sheet["A1"].font.bold
    cell = sheet["B2"]
    assert cell.data_type == "s" and cell.value == '\'=HYPERLINK("x")'
    assert sheet["C2"].value == "+31 20 1"
    assert sheet.column_dimensions["B"].width >= len('\'=HYPERLINK("x")')
    # Read back, the escape comes off again.
    rows, _ = _rows(read_xlsx(data), Lookups())
    assert rows[2]["name"] == '=HYPERLINK("x")'
