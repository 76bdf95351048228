"""The fuzzy duplicate method (issue 16): normalisation, the score and its rules, blocking keys."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from crm_desktop.domain.duplicates import fuzzy as f
from crm_desktop.domain.duplicates import keys as k
from crm_desktop.domain.duplicates import normalise as n


def company(**values: Any) -> f.Record:
    return f.make_record({"type": "company", "country_region_code": "NL", **values})


def person(company_values: dict[str, Any] | None = None, **values: Any) -> f.Record:
    return f.make_record(
        {"type": "person", "country_region_code": "NL", **values}, "NL", company_values
    )


# --- normalisation -------------------------------------------------------------------------


def test_legal_forms_are_dropped_at_either_end_but_not_inside() -> None:
    assert n.company_name("Jansen Bouw B.V.") == "jansen bouw"
    assert n.company_name("JANSEN BOUW BV") == "jansen bouw"
    assert n.company_name("Jansen Bouw b.v.") == "jansen bouw"
    assert n.company_name("Smith & Co Ltd.") == "smith"
    assert n.company_name("Müller GmbH") == "muller"
    assert n.company_name("Stichting Vrienden") == "vrienden"
    assert n.company_name("V.O.F. De Molen") == "de molen"
    assert n.company_name("Acme Limited") == n.company_name("Acme Inc.") == "acme"
    # Only words of a legal form go, and a name is never emptied by it.
    assert n.company_name("Ltd") == "ltd"
    assert n.company_name("Bv Holding Bouw") == "holding bouw"


def test_case_accents_punctuation_and_spacing() -> None:
    assert n.fold("  Café  Ölmann-Söhne ") == "cafe olmann sohne"
    assert n.fold("O'Neil & Sons") == "oneil & sons"
    assert n.fold("Straße") == "strasse"
    assert n.company_name("Van dé Graaf  &  Peters") == n.company_name("van de graaf en peters")


def test_phone_formats_reduce_to_international_digits() -> None:
    same = ["020-123 4567", "020 123 45 67", "+31 20 1234567", "+31 (0)20 1234567", "0031201234567"]
    assert {n.phone(p, "NL") for p in same} == {"31201234567"}
    assert n.phone("020 7946 0018", "GB") == "442079460018"
    assert n.phone("+44 20 7946 0018", "NL") == "442079460018"  # its own country code wins
    assert n.phone("12-34", "NL") == ""  # too short to be a number
    assert n.phone("", "NL") == ""


def test_street_abbreviations_and_house_numbers() -> None:
    assert n.street("Kerkstraat 12") == n.street("Kerkstr. 12") == ("kerkstr", 12, "")
    assert n.street("Julianalaan 7a") == n.street("Julianaln. 7 A") == ("julianaln", 7, "a")
    assert n.street("12 High Street") == n.street("12 High St.") == ("highst", 12, "")
    assert n.street("3 Station Road")[0] == n.street("3 Station Rd")[0]
    assert n.street("Kerkstraat 012")[1] == 12  # house numbers compare as numbers
    assert n.street("Kerkstraat 12-2") == ("kerkstr", 12, "2")


def test_post_codes_emails_vat() -> None:
    assert n.post_code("1234 ab") == n.post_code("1234AB") == "1234AB"
    assert n.email(" Info@Jansen.NL ") == "info@jansen.nl"
    assert n.vat("NL 1234.56.789.B01") == n.vat("123456789B01")


def test_nicknames_prefixes_and_phonetics() -> None:
    assert "johannes" in n.first_names("Hans") and "johannes" in n.first_names("Joop")
    assert n.first_names("Kees") & n.first_names("Cornelis")
    assert n.first_names("Bill") & n.first_names("William")
    assert (
        n.split_prefix("van der", "Berg")
        == n.split_prefix("", "van der Berg")
        == ("van der", "berg")
    )
    assert n.skeleton("meijer") == n.skeleton("meyer")
    assert n.skeleton("thornpson") == n.skeleton("thompson")  # rn read as m
    assert n.skeleton("vries") == n.skeleton("fries")


@given(st.text(max_size=40))
def test_normalisers_never_fail_and_are_idempotent(text: str) -> None:
    once = n.fold(text)
    assert n.fold(once) == once
    n.company_name(text)
    n.street(text)
    n.phone(text, "NL")
    n.skeleton(once)


# --- the score ------------------------------------------------------------------------------

FULL = dict(
    name="Bakkerij Jansen B.V.",
    address="Kerkstraat 12",
    post_code="1234 AB",
    city="Utrecht",
    phone_no="030-1234567",
    email="info@jansen.nl",
    vat_registration_no="NL123456789B01",
)


def test_the_same_company_spelt_otherwise_is_a_pair_with_reasons() -> None:
    other = dict(FULL, name="BAKKERIJ JANSSEN", address="Kerkstr. 12", phone_no="+31 30 123 45 67")
    c = f.compare(company(**FULL), company(**other))
    assert c.pair and c.score == 100
    text = f.reasons_text(c.reasons)
    assert text.startswith("Name 9") and "Phone same" in text and "City same" in text


def test_blank_fields_count_neither_for_nor_against() -> None:
    a = company(name="Jansen Bouw", address="Kerkstraat 12", post_code="1234 AB", city="Utrecht")
    b = company(name="Jansen Bouw BV", address="Kerkstraat 12", post_code="1234AB", city="Utrecht")
    with_blanks = company(
        name="Jansen Bouw BV",
        address="Kerkstraat 12",
        post_code="1234AB",
        city="Utrecht",
        phone_no="",
        email="",
    )
    assert f.compare(a, b).score == f.compare(a, with_blanks).score
    assert [p.field for p in f.compare(a, b).parts] == ["name", "address", "post_code", "city"]
    differing = company(
        name="Jansen Bouw BV", address="Kerkstraat 12", post_code="9999 ZZ", city="Utrecht"
    )
    assert f.compare(a, differing).score < f.compare(a, b).score


def test_a_name_alone_never_makes_a_pair() -> None:
    c = f.compare(company(name="Jansen Bouw"), company(name="Jansen Bouw"), threshold=1)
    assert c.score == 40 and not c.pair
    # Whatever the weights and threshold.
    c = f.compare(company(name="Jansen Bouw"), company(name="Jansen Bouw"), {"name": 100}, 1)
    assert not c.pair


def test_an_address_alone_never_makes_a_pair() -> None:
    building = dict(
        address="Kerkstraat 12", post_code="1234 AB", city="Utrecht", phone_no="030-1234567"
    )
    a = company(name="Bakkerij Jansen", **building)
    b = company(name="Kapsalon Mooi", **building)  # firms in one building, one switchboard
    assert not f.compare(a, b, threshold=1).pair
    no_names = f.compare(
        company(name="", **building), company(name="", address="Kerkstraat 12"), threshold=1
    )
    assert not no_names.pair


def test_branches_of_one_chain_are_not_a_pair() -> None:
    a = company(
        name="Albert Heijn",
        address="Kerkstraat 12",
        post_code="1234 AB",
        city="Utrecht",
        phone_no="030-1111111",
    )
    b = company(
        name="Albert Heijn",
        address="Dorpsstraat 3",
        post_code="5678 CD",
        city="Utrecht",
        phone_no="030-2222222",
    )
    assert not f.compare(a, b).pair


def test_a_person_and_a_company_are_never_a_pair() -> None:
    c = f.compare(
        company(**FULL),
        person(
            first_name="Jan", surname="Jansen", **{k: v for k, v in FULL.items() if k != "name"}
        ),
    )
    assert not c.pair and c.score == 0


COMPANY = dict(
    no="C1",
    type="company",
    name="Jansen",
    address="Kerkstraat 12",
    post_code="1234 AB",
    city="Utrecht",
    phone_no="030-1234567",
    email="info@jansen.nl",
)
INHERITED = dict(
    company_no="C1",
    address="Kerkstraat 12",
    post_code="1234 AB",
    city="Utrecht",
    phone_no="030-1234567",
    email="info@jansen.nl",
)


def test_colleagues_with_inherited_data_are_not_paired() -> None:
    # Alike names, and everything else inherited from the company: no evidence of one person.
    a = person(COMPANY, no="P1", first_name="Anna", surname="Bakker", **INHERITED)
    b = person(COMPANY, no="P2", first_name="Anne", surname="Bakker", **INHERITED)
    c = f.compare(a, b)
    assert not c.pair
    assert {p.field for p in c.parts} == {"name", "company"}  # inherited values are no evidence
    # The same values typed in by hand, without a company, are evidence.
    hand = {k: v for k, v in INHERITED.items() if k != "company_no"}
    x = person(None, first_name="Anna", surname="Bakker", **hand)
    y = person(None, first_name="Anne", surname="Bakker", **hand)
    assert f.compare(x, y).pair
    # Colleagues with different names are ruled out at once.
    z = person(COMPANY, no="P3", first_name="Pieter", surname="Smit", **INHERITED)
    assert not f.compare(a, z, threshold=1).pair


def test_two_persons_of_one_company_with_the_same_name_are_a_pair() -> None:
    a = person(COMPANY, first_name="Tom", middle_name="de", surname="Vries", **INHERITED)
    b = person(COMPANY, first_name="Thomas", surname="de Vries", **INHERITED)
    c = f.compare(a, b)
    assert c.pair and f.reasons_text(c.reasons) == "Name 100 · Company same"


def test_nicknames_initials_swaps_and_prefixes_are_paired() -> None:
    home = dict(
        address="Dorpsstraat 3", post_code="5678 CD", city="Zwolle", mobile_phone_no="06-12345678"
    )
    base = person(None, first_name="Cornelis", middle_name="van der", surname="Berg", **home)
    for other in (
        dict(first_name="Kees", surname="van der Berg"),  # nickname, prefix in the surname
        dict(first_name="C.", middle_name="van der", surname="Berg"),  # initial
        dict(first_name="Berg", middle_name="van der", surname="Cornelis"),  # swapped
        dict(first_name="Cornelis", surname="Bergh"),  # typing error
    ):
        c = f.compare(base, person(None, **other, **home))
        assert c.pair, (other, c)
    bill = person(None, first_name="Bill", surname="Smith", email="b.smith@x.co.uk")
    assert f.compare(
        bill, person(None, first_name="William", surname="Smith", email="b.smith@x.co.uk")
    ).pair


def test_father_and_son_at_one_address_are_not_a_pair() -> None:
    home = dict(address="Dorpsstraat 3", post_code="5678 CD", city="Zwolle", phone_no="038-1234567")
    father = person(None, first_name="Gerrit", surname="de Boer", **home)
    son = person(None, first_name="Daan", surname="de Boer", **home)
    assert not f.compare(father, son, threshold=1).pair


def test_names_that_share_letters_or_a_word_are_still_other_names() -> None:
    home = dict(address="Pagidijk 255", post_code="5239 RL", city="Haarlem", phone_no="070-6386496")
    father = person(None, first_name="Hendrik", middle_name="de", surname="Vermeulen", **home)
    son = person(None, first_name="Dirk", middle_name="de", surname="Vermeulen", **home)
    assert not f.compare(father, son).pair  # three edits apart: another name, not a typo
    typo = person(None, first_name="Hendrk", middle_name="de", surname="Vermeulen", **home)
    assert f.compare(father, typo).pair
    building = dict(
        address="Bevestraat 124a", post_code="4390 TN", city="Alkmaar", phone_no="070-1997195"
    )
    a = company(name="Faka Loodgieters", **building)
    b = company(name="Renomoan Loodgieters", **building)
    assert not f.compare(a, b).pair  # alike only in the word both trades share
    assert f.compare(a, company(name="Fakka Loodgieters B.V.", **building)).pair


def test_a_nickname_typed_in_the_surname_field_is_paired() -> None:
    home = dict(
        address="37 Bean Close", post_code="M15 2DY", city="Bristol", mobile_phone_no="07218801813"
    )
    a = f.make_record({"type": "person", "first_name": "Hughes", "surname": "Tom", **home}, "GB")
    b = f.make_record({"type": "person", "first_name": "Thomas", "surname": "Hughes", **home}, "GB")
    assert f.compare(a, b).pair


def test_a_renamed_company_is_found_by_its_vat_number() -> None:
    # Its name now differs, which would rule a pair out; the same VAT number overrules that.
    place = dict(address="Kerkstraat 12", post_code="1234 AB", city="Utrecht")
    a = company(name="Jansen Bouw", vat_registration_no="NL123456789B01", **place)
    b = company(name="Bouwgroep Midden", vat_registration_no="123456789B01", **place)
    assert f.compare(a, b).pair
    assert not f.compare(a, company(name="Bouwgroep Midden", **place), threshold=1).pair


def test_reasons_text_translates_through_the_given_functions() -> None:
    text = f.reasons_text("name:92|phone:same|post_code:differs", str.upper, str.upper)
    assert text == "NAME 92 · PHONE SAME · POST CODE DIFFERS"
    assert f.reasons_text("") == ""


# --- blocking keys --------------------------------------------------------------------------


def test_each_kind_of_key_brings_a_duplicate_in() -> None:
    a = company(
        name="Bakkerij Jansen",
        address="Kerkstraat 12",
        post_code="1234 AB",
        phone_no="030-1234567",
        email="info@jansen.nl",
        vat_registration_no="NL123456789B01",
    )
    shared = {
        kind
        for kind, _v in k.keys(a)
        & k.keys(
            company(
                name="Bakkerij Janssen",
                address="Kerkstr. 12",
                post_code="1234AB",
                phone_no="+31301234567",
                email="INFO@jansen.nl",
                vat_registration_no="123456789B01",
            )
        )
    }
    assert shared >= {"pc", "tel", "em", "vat", "np", "st"}
    phonetic = company(name="Bakerei Janzen")  # spelt as it sounds
    assert {kind for kind, _v in k.keys(a) & k.keys(phonetic)} == {"ph"}
    swapped = company(name="Jansen Bakkerij")
    assert {kind for kind, _v in k.keys(a) & k.keys(swapped)} == {"nt", "ph"}
    no_country = company(name="Other", phone_no="030-1234567", country_region_code="")
    assert {kind for kind, _v in k.keys(a) & k.keys(no_country)} == {"tel"}
    p = person(COMPANY, first_name="Jan", surname="Vries", **INHERITED)
    q = person(COMPANY, first_name="Vries", surname="Jan", **INHERITED)
    assert {kind for kind, _v in k.keys(p) & k.keys(q)} >= {"pn", "co"}


def test_a_record_survives_being_stored() -> None:
    r = person(
        COMPANY,
        no="P1",
        first_name="Tom",
        surname="de Vries",
        mobile_phone_no="06-1234 5678",
        **INHERITED,
    )
    assert f.load(f.dump(r)) == r
    assert f.load(f.dump(company(**FULL))) == company(**FULL)
