"""Normalisation before fuzzy comparison: one spelling for what a person reads as the same.

Case, accents, punctuation and spacing go; legal forms (B.V., Ltd, GmbH ...) are dropped from
company names; street words and their abbreviations (straat/str., road/rd.) get one spelling;
nicknames map to their full names; Dutch surname prefixes (van, de, van der ...) are set apart
whether typed in the surname or the middle name; phone numbers become digits in international
form (phonenumbers' metadata for the contact's country, else the default country); post codes
lose their spaces; house numbers are numbers. The word lists are data files in
`crm_desktop/domain/data/`, read once with importlib.resources.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import lru_cache
from importlib import resources

import phonenumbers

# Dutch (and Flemish/German/French) surname prefixes, longest first.
PREFIXES = (
    "van der", "van den", "van de", "van het", "in het", "in 't", "uit de", "op de", "von der",
    "van", "de", "der", "den", "het", "ter", "ten", "te", "'t", "von", "vd", "le", "la", "du",
    "da", "di", "del", "della", "dos", "el",
)  # fmt: skip
_PREFIX_WORDS = frozenset(w for p in PREFIXES for w in p.split())
_CONNECTORS = frozenset({"&", "en", "and", "und", "et", "+"})
# Characters a scan misreads, mapped to one reading for keys and a second comparison.
_OCR = (("rn", "m"), ("cl", "d"), ("vv", "w"), ("0", "o"), ("1", "l"), ("5", "s"), ("8", "b"))


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("crm_desktop.domain.data").joinpath(name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


@lru_cache(maxsize=1)
def legal_forms() -> dict[int, frozenset[tuple[str, ...]]]:
    """Legal-form words as token tuples, by number of tokens."""
    out: dict[int, set[tuple[str, ...]]] = {}
    for r in _rows("legal_forms.csv"):
        form = tuple(fold(r["form"]).split())
        out.setdefault(len(form), set()).add(form)
    return {k: frozenset(v) for k, v in sorted(out.items(), reverse=True)}


@lru_cache(maxsize=1)
def nicknames() -> dict[str, frozenset[str]]:
    """Folded first name -> the full names it may stand for (itself included)."""
    out: dict[str, set[str]] = {}
    for r in _rows("nicknames.csv"):
        nick, full = fold(r["nickname"]), fold(r["name"])
        out.setdefault(nick, {nick}).add(full)
        out.setdefault(full, {full})
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def street_words() -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    """(whole word -> canonical, (suffix, canonical) longest first) for street names."""
    canonical: dict[str, str] = {}
    words: dict[str, str] = {}
    suffixes: dict[str, str] = {}
    for r in _rows("street_words.csv"):
        word, abbr = fold(r["word"]), fold(r["abbreviation"])
        canon = canonical.setdefault(word, abbr)
        if r["position"] == "suffix":
            suffixes[word] = suffixes.get(abbr, canon)
            suffixes.setdefault(abbr, canon)
        words[word] = canon
        words.setdefault(abbr, canon)
    ordered = tuple(sorted(suffixes.items(), key=lambda kv: len(kv[0]), reverse=True))
    return words, ordered


_DROP = str.maketrans("", "", ".'`´’")
_NON_ALNUM = re.compile(r"[^0-9a-z&+]+")


def fold(text: object) -> str:
    """Lower case, without accents, dots and apostrophes, other punctuation as single spaces."""
    if not text:
        return ""
    return _fold(str(text))


@lru_cache(maxsize=8192)
def _fold(text: str) -> str:
    plain = text.lower()
    if not plain.isascii():
        decomposed = unicodedata.normalize("NFKD", plain.replace("ß", "ss"))
        plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        plain = plain.replace("ø", "o").replace("æ", "ae").replace("ł", "l")
    return " ".join(_NON_ALNUM.sub(" ", plain.translate(_DROP)).split())


@lru_cache(maxsize=8192)
def ocr(text: str) -> str:
    """One reading of characters a scan confuses (rn/m, 0/o, 1/l ...)."""
    for a, b in _OCR:
        text = text.replace(a, b)
    return text


def company_name(*parts: object) -> str:
    """A company's name folded, without legal forms at its start or end and without a trailing
    connector ("Jansen & Co B.V." -> "jansen")."""
    return _company_name(fold(" ".join(str(p) for p in parts if p)))


@lru_cache(maxsize=8192)
def _company_name(folded: str) -> str:
    tokens = folded.split()
    forms = legal_forms()
    changed = True
    while changed and tokens:
        changed = False
        for n, group in forms.items():
            if len(tokens) > n and tuple(tokens[-n:]) in group:
                tokens, changed = tokens[:-n], True
                break
            if len(tokens) > n and tuple(tokens[:n]) in group:
                tokens, changed = tokens[n:], True
                break
        if len(tokens) > 1 and tokens[-1] in _CONNECTORS:
            tokens, changed = tokens[:-1], True
    return " ".join("&" if t in _CONNECTORS else t for t in tokens)


def split_prefix(*parts: object) -> tuple[str, str]:
    """(prefixes, core surname) from the middle name and surname together ("van der", "berg")."""
    return _split_prefix(fold(" ".join(str(p) for p in parts if p)))


@lru_cache(maxsize=8192)
def _split_prefix(folded: str) -> tuple[str, str]:
    tokens = folded.split()
    prefix = [t for t in tokens[:-1] if t in _PREFIX_WORDS]
    core = [t for t in tokens if t not in _PREFIX_WORDS] or tokens[-1:]
    return " ".join(prefix), " ".join(core)


def first_names(text: object) -> frozenset[str]:
    """The full names a first name may stand for: itself and, for a nickname, its full names."""
    folded = fold(text)
    if not folded:
        return frozenset()
    first = folded.split()[0]
    return nicknames().get(first, frozenset({first}))


def street(text: object) -> tuple[str, int | None, str]:
    """(street without spaces, house number, addition) of an address line, Dutch ("Kerkstraat
    12a") or English ("12 High Street") order; abbreviations get one spelling."""
    return _street(fold(text))


_HOUSE = re.compile(r"(\d+)([a-z]{0,2})(\d*)")


@lru_cache(maxsize=8192)
def _street(folded: str) -> tuple[str, int | None, str]:
    if not folded:
        return "", None, ""
    words, suffixes = street_words()
    number: int | None = None
    addition = ""
    names: list[str] = []
    for token in folded.split():
        m = _HOUSE.fullmatch(token) if token[0].isdigit() else None
        if m and number is None:
            number, addition = int(m.group(1)), m.group(2) + m.group(3)
            continue
        if number is not None and len(token) <= 2 and token not in words:
            addition += token  # "12 a", "12-2"
            continue
        if token in words:
            names.append(words[token])
            continue
        for suffix, canon in suffixes:
            if len(token) > len(suffix) + 2 and token.endswith(suffix):
                token = token[: -len(suffix)] + canon
                break
        names.append(token)
    return "".join(names), number, addition


_NOT_ALNUM_UPPER = re.compile(r"[^0-9A-Z]")
_NOT_DIGIT = re.compile(r"\D")


def post_code(text: object) -> str:
    """Upper case without spaces or dashes."""
    return _NOT_ALNUM_UPPER.sub("", str(text).upper()) if text else ""


def email(text: object) -> str:
    """Lower case, trimmed."""
    return str(text or "").strip().lower()


def vat(text: object) -> str:
    """Letters and digits, upper case, without a leading two-letter country prefix."""
    if not text:
        return ""
    plain = _NOT_ALNUM_UPPER.sub("", str(text).upper())
    if len(plain) > 4 and plain[:2].isalpha() and plain[2].isdigit():
        plain = plain[2:]
    return plain


@lru_cache(maxsize=256)
def _country(region: str) -> tuple[str, str]:
    """(country calling code, national trunk prefix) for a region code, '' when unknown."""
    meta = phonenumbers.PhoneMetadata.metadata_for_region(region.upper())
    if meta is None:
        return "", ""
    return str(meta.country_code or ""), str(meta.national_prefix or "")


def phone(text: object, region: str) -> str:
    """A phone number as digits in international form ("020-123 4567", NL -> "31201234567").

    Numbers written with + or 00 keep their own country code; others get the region's (from
    phonenumbers' metadata) after the national trunk prefix is dropped; "+31 (0)20" drops the
    (0). A number of fewer than six digits is not a number to compare and gives ''.
    """
    if not text:
        return ""
    return _phone(str(text).strip(), region or "")


@lru_cache(maxsize=8192)
def _phone(raw: str, region: str) -> str:
    raw = raw.replace("(0)", "")
    international = raw.startswith("+")
    digits = _NOT_DIGIT.sub("", raw)
    if not digits.isascii():
        digits = phonenumbers.normalize_digits_only(raw)  # other scripts' digits
    if digits.startswith("00"):
        digits, international = digits[2:], True
    if len(digits) < 6:
        return ""
    if international:
        return digits
    code, trunk = _country(region)
    if not code:  # no country known: the national number without its trunk prefix
        return digits.lstrip("0")
    if trunk and digits.startswith(trunk):
        digits = digits[len(trunk) :]
    return code + digits


@lru_cache(maxsize=8192)
def skeleton(text: str) -> str:
    """A phonetic key for Dutch and English spellings: what sounds alike gets one key
    (ij/y/ei, ph/f, c/k, z/s, dt/t, v/f, w/v, ou/au, sch/s, th/t), vowels after the first letter
    and doubled letters go; digits a scan put in a word are read as letters first."""
    word = ocr(re.sub(r"[^0-9a-z]", "", text))
    if not word:
        return ""
    for a, b in (
        ("sch", "s"), ("ph", "f"), ("ij", "y"), ("ei", "y"), ("ey", "y"), ("ck", "k"),
        ("dt", "t"), ("th", "t"), ("ou", "au"), ("qu", "kw"), ("x", "ks"), ("c", "k"),
        ("z", "s"), ("v", "f"), ("w", "f"), ("d", "t"), ("g", "k"), ("b", "p"),
    ):  # fmt: skip
        word = word.replace(a, b)
    head, rest = word[0], word[1:]
    rest = re.sub(r"[aeiouyh]", "", rest)
    out = head
    for ch in rest:
        if ch != out[-1]:
            out += ch
    return out


def same_phone(x: str, y: str) -> bool:
    """Whether two normalised numbers are one: equal, or one (without a known country) the end
    of the other, at least eight digits long."""
    if x == y:
        return True
    short, long_ = (x, y) if len(x) < len(y) else (y, x)
    return len(short) >= 8 and long_.endswith(short)
