"""The fuzzy duplicate method: a weighted score from 0 to 100 over per-field comparisons.

Each field present on both contacts gives an agreement between -1 (clearly differs) and +1
(the same); a field blank on either side gives nothing, for or against. The score is the sum of
weight x agreement, kept within 0..100. Two contacts are a pair when the score reaches the
threshold and the evidence is of at least two kinds (name; an identifier: VAT Registration No.,
e-mail or phone; the address; for persons, the company): a name alone or an address alone never
makes a pair. A name that clearly differs rules a pair out (firms in one building, father and son
at one address), unless a company's VAT number or e-mail is the same (a company renamed).

Persons of one company share what they inherited from it (address, phone, e-mail): those values
are no evidence between them; their own values and their names are, and the company itself is.
A person and a company are never a pair.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from crm_desktop.domain.duplicates import normalise as n
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP

CTX = "duplicates"

# Field -> (caption, default weight). Strong identifiers weigh more than a name; the address
# fields together weigh less than the default threshold, so an address alone never reaches it.
FIELDS: dict[str, tuple[str, int]] = {
    "name": (QT_TRANSLATE_NOOP(CTX, "Name"), 40),
    "vat": (QT_TRANSLATE_NOOP(CTX, "VAT Registration No."), 60),
    "email": (QT_TRANSLATE_NOOP(CTX, "E-Mail"), 50),
    "phone": (QT_TRANSLATE_NOOP(CTX, "Phone"), 45),
    "address": (QT_TRANSLATE_NOOP(CTX, "Address"), 30),
    "post_code": (QT_TRANSLATE_NOOP(CTX, "Post Code"), 15),
    "city": (QT_TRANSLATE_NOOP(CTX, "City"), 10),
    "company": (QT_TRANSLATE_NOOP(CTX, "Company"), 25),
}
DEFAULT_WEIGHTS: dict[str, int] = {k: w for k, (_c, w) in FIELDS.items()}
DEFAULT_THRESHOLD = 60
WORDS = {
    "same": QT_TRANSLATE_NOOP(CTX, "same"),
    "similar": QT_TRANSLATE_NOOP(CTX, "similar"),
    "differs": QT_TRANSLATE_NOOP(CTX, "differs"),
}
_GROUP = {"name": "name", "vat": "id", "email": "id", "phone": "id", "address": "address"}
_GROUP.update({"post_code": "address", "city": "address", "company": "company"})
_INHERITABLE = frozenset({"address", "post_code", "city", "phone", "email"})


@dataclass(frozen=True)
class Record:
    """A contact normalised for comparison."""

    no: str
    type: str
    name: str  # companies: name without legal forms; persons: "first core-surname"
    given: str = ""  # persons: the first name as typed, folded
    first: frozenset[str] = frozenset()  # persons: full names the first name stands for
    initial: str = ""
    surname: str = ""  # persons: surname without prefixes
    street: str = ""
    house: int | None = None
    addition: str = ""
    post_code: str = ""
    city: str = ""
    email: str = ""
    phones: frozenset[str] = frozenset()
    own_phones: frozenset[str] = frozenset()  # persons: the phones not inherited
    vat: str = ""
    company_no: str = ""
    company_name: str = ""
    inherited: frozenset[str] = frozenset()


def make_record(
    values: Mapping[str, object],
    default_country: str = "",
    company: Mapping[str, object] | None = None,
) -> Record:
    """Normalise a contact's values (contact field names). `company` is a person's company's
    values, used to tell which of the person's values are inherited from it."""
    region = str(values.get("country_region_code") or default_country or "")
    kind = str(values.get("type") or "company")
    address = values.get("address") or values.get("address_2")  # typed in the next field
    street, house, addition = n.street(address)
    phones = {p for f in ("phone_no", "mobile_phone_no") if (p := n.phone(values.get(f), region))}
    own = set(phones)
    inherited: set[str] = set()
    if company is not None and kind == "person":
        c_region = str(company.get("country_region_code") or region)
        c_phone = n.phone(company.get("phone_no"), c_region)
        own.discard(c_phone)
        if c_phone and c_phone in phones:
            inherited.add("phone")
        if n.street(company.get("address") or company.get("address_2")) == (
            street,
            house,
            addition,
        ):
            inherited.add("address")
        if n.post_code(company.get("post_code")) == n.post_code(values.get("post_code")):
            inherited.add("post_code")
        if n.fold(company.get("city")) == n.fold(values.get("city")):
            inherited.add("city")
        if n.email(company.get("email")) == n.email(values.get("email")):
            inherited.add("email")
    post = n.post_code(values.get("post_code"))
    city = n.fold(values.get("city"))
    mail = n.email(values.get("email"))
    vat = n.vat(values.get("vat_registration_no"))
    no = str(values.get("no") or "")
    if kind != "person":
        return Record(
            no=no,
            type=kind,
            name=n.company_name(values.get("name"), values.get("name_2")),
            street=street,
            house=house,
            addition=addition,
            post_code=post,
            city=city,
            email=mail,
            phones=frozenset(phones),
            own_phones=frozenset(own),
            vat=vat,
        )
    first = n.fold(values.get("first_name"))
    _prefix, surname = n.split_prefix(values.get("middle_name"), values.get("surname"))
    if not first and not surname:  # only Name was filled in
        tokens = n.fold(values.get("name")).split()
        first, surname = (
            (tokens[0], " ".join(tokens[1:])) if len(tokens) > 1 else ("", "".join(tokens))
        )
        surname = n.split_prefix(surname)[1]
    return Record(
        no=no,
        type=kind,
        name=f"{first} {surname}".strip(),
        given=first,
        first=n.first_names(first),
        initial=first[:1],
        surname=surname,
        street=street,
        house=house,
        addition=addition,
        post_code=post,
        city=city,
        email=mail,
        phones=frozenset(phones),
        own_phones=frozenset(own),
        vat=vat,
        company_no=str(values.get("company_no") or ""),
        company_name=n.company_name(values.get("company_name")),
        inherited=frozenset(inherited),
    )


_NAMES = tuple(f_.name for f_ in fields(Record))
_SETS = frozenset(i for i, f_ in enumerate(fields(Record)) if f_.type == "frozenset[str]")


def dump(record: Record) -> str:
    """A record as compact text, stored with the contact's keys so a scan need not normalise
    every contact again."""
    return json.dumps(
        [
            sorted(v) if i in _SETS else v
            for i, v in enumerate(getattr(record, name) for name in _NAMES)
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def load(text: str) -> Record:
    """The record `dump` wrote."""
    values: list[Any] = json.loads(text)
    args: list[Any] = [frozenset(v) if i in _SETS else v for i, v in enumerate(values)]
    return Record(*args)


@dataclass(frozen=True)
class Part:
    """One field's comparison: similarity 0..100 (None for same/similar/differs fields), the
    word, and the agreement -1..1 it adds with the field's weight."""

    field: str
    agreement: float
    similarity: int | None = None
    word: str = ""

    def code(self) -> str:
        """Compact form stored with the pair: "name:92" or "phone:same"."""
        return f"{self.field}:{self.similarity if self.similarity is not None else self.word}"


@dataclass(frozen=True)
class Comparison:
    """The outcome for a pair: score, whether it is a pair at `threshold`, the parts."""

    score: int
    pair: bool
    parts: tuple[Part, ...] = field(default_factory=tuple)

    @property
    def reasons(self) -> str:
        """The parts in compact form, "name:92|phone:same|post_code:differs"."""
        return "|".join(p.code() for p in self.parts)


def _ratio(a: str, b: str) -> float:
    """How alike two folded texts are (0..100): plain, word order ignored, spaces ignored, or
    with characters a scan confuses read one way; the best of these. Cheap when alike."""
    if a == b:
        return 100.0
    best = fuzz.ratio(a, b)
    if best >= 95:
        return best
    if " " in a or " " in b:
        best = max(best, fuzz.token_sort_ratio(a, b))
        a, b = a.replace(" ", ""), b.replace(" ", "")
        best = max(best, fuzz.ratio(a, b))
    oa, ob = n.ocr(a), n.ocr(b)
    if oa != a or ob != b:
        best = max(best, fuzz.ratio(oa, ob))
    return best


def _agree(similarity: float, full: float = 95.0, none: float = 60.0) -> float:
    """Similarity to agreement: `full` and above +1, `none` and below -1, linear between."""
    if similarity >= full:
        return 1.0
    if similarity <= none:
        return -1.0
    return (similarity - (full + none) / 2) / ((full - none) / 2)


def _first_similarity(
    a: frozenset[str], a_initial: str, b: frozenset[str], b_initial: str
) -> float | None:
    if not a or not b:
        return None
    if a & b:
        return 100.0
    if min(len(x) for x in a) == 1 or min(len(x) for x in b) == 1:
        # An initial: consistent or not, never more than that.
        return 90.0 if a_initial == b_initial else 0.0
    return max(_ratio(x, y) for x in a for y in b)


def _person_name(a: Record, b: Record) -> tuple[float, bool]:
    """(similarity, clearly differs) of two persons' names, first and last swapped or not."""
    best, conflict = -1.0, True
    orders = (
        (b.surname, b.first, b.initial),
        (n.split_prefix(b.given)[1], n.first_names(b.surname), b.surname[:1]),
    )
    whole = -1.0
    for swapped, (surname, first_names, initial) in enumerate(orders):
        if not a.surname or not surname:
            continue
        last = _ratio(a.surname, surname)
        if swapped and n.first_names(a.surname) & n.first_names(b.given):
            last = 100.0  # "Hughes Tom" and "Thomas Hughes": a nickname in the surname field
        first = _first_similarity(a.first, a.initial, first_names, initial)
        if first is None:  # no first name on one side: a surname is weak evidence
            sim, differs = min(last, 85.0), last < 70
        else:
            sim = 0.6 * last + 0.4 * first
            differs = last < 70 or first < 60 or _first_names_differ(a.first, first_names)
            if sim < 95:
                if whole < 0:
                    whole = fuzz.token_sort_ratio(a.name, b.name)
                if whole > sim:  # names typed into the other fields; a clear difference stays
                    sim, differs = whole, whole < 70 or (differs and whole < 90)
        if sim > best:
            best, conflict = sim, differs
        if best >= 100:
            break
    if best < 0:
        whole = _ratio(a.name, b.name)
        return whole, whole < 70
    return best, conflict


def _first_names_differ(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two first names are other names, not one name mistyped: more edits apart than a
    third of the longer one (Dirk and Hendrik share letters but are three edits apart; Jacobus
    typed as Jkobus is two). Nicknames and initials are judged before this."""
    if a & b or min(len(x) for x in a) == 1 or min(len(x) for x in b) == 1:
        return False
    return all(Levenshtein.distance(x, y) > max(1, max(len(x), len(y)) // 3) for x in a for y in b)


def _distinct_words_differ(a: str, b: str) -> bool:
    """Whether two company names agree only in words they share ("Faka Loodgieters", "Renomoan
    Loodgieters"): words both have are no evidence of one firm; the words that tell them apart
    must be alike too. A name that only adds words ("Nesi", "Nesi Holding") is not a conflict."""
    wa, wb = a.split(), b.split()
    shared = set(wa) & set(wb)
    if not shared:
        return False
    ra = " ".join(w for w in wa if w not in shared)
    rb = " ".join(w for w in wb if w not in shared)
    if not ra or not rb:
        return False
    alike = _ratio(ra, rb)
    if min(len(ra), len(rb)) >= 4:
        alike = max(alike, fuzz.partial_ratio(ra, rb))
    return alike < 60


def _phone_similar(x: str, y: str) -> bool:
    return len(x) == len(y) and Levenshtein.distance(x, y) == 1


def compare(
    a: Record,
    b: Record,
    weights: Mapping[str, int] | None = None,
    threshold: int = DEFAULT_THRESHOLD,
) -> Comparison:
    """Score a pair and say whether it is one (see the module's rules)."""
    w = DEFAULT_WEIGHTS if weights is None else weights
    if a.type != b.type:
        return Comparison(0, False)
    colleagues = a.type == "person" and a.company_no != "" and a.company_no == b.company_no
    skip = (a.inherited | b.inherited) & _INHERITABLE if colleagues else frozenset()
    parts: list[Part] = []
    name_conflict = False
    if a.name and b.name:
        if a.type == "person":
            sim, name_conflict = _person_name(a, b)
        else:
            sim = _ratio(a.name, b.name)
            name_conflict = sim < 70 or _distinct_words_differ(a.name, b.name)
        parts.append(Part("name", _agree(sim), int(round(sim))))
        if name_conflict and not (
            a.type != "person" and ((a.vat and a.vat == b.vat) or (a.email and a.email == b.email))
        ):
            return Comparison(0, False, tuple(parts))  # ruled out: no need to look further
    if a.vat and b.vat:
        parts.append(
            Part("vat", *((1.0, None, "same") if a.vat == b.vat else (-1.0, None, "differs")))
        )
    if a.email and b.email and "email" not in skip:
        if a.email == b.email:
            parts.append(Part("email", 1.0, None, "same"))
        elif fuzz.ratio(a.email, b.email) >= 92:
            parts.append(Part("email", 0.6, None, "similar"))
        else:
            parts.append(Part("email", -0.5, None, "differs"))
    pa, pb = (a.own_phones, b.own_phones) if "phone" in skip else (a.phones, b.phones)
    if pa and pb:
        if pa & pb or any(n.same_phone(x, y) for x in pa for y in pb):
            parts.append(Part("phone", 1.0, None, "same"))
        elif any(_phone_similar(x, y) for x in pa for y in pb):
            parts.append(Part("phone", 0.5, None, "similar"))
        else:
            parts.append(Part("phone", -0.5, None, "differs"))
    if a.street and b.street and "address" not in skip:
        if a.house is not None and b.house is not None and a.house != b.house:
            parts.append(Part("address", -1.0, None, "differs"))
        else:
            sim = _ratio(a.street, b.street)
            if a.addition != b.addition and a.addition and b.addition:
                sim = min(sim, 60.0)
            parts.append(Part("address", _agree(sim, 90.0, 60.0), int(round(sim))))
    if a.post_code and b.post_code and "post_code" not in skip:
        if a.post_code == b.post_code:
            parts.append(Part("post_code", 1.0, None, "same"))
        elif Levenshtein.distance(n.ocr(a.post_code.lower()), n.ocr(b.post_code.lower())) <= 1:
            parts.append(Part("post_code", 0.5, None, "similar"))
        else:
            parts.append(Part("post_code", -1.0, None, "differs"))
    if a.city and b.city and "city" not in skip:
        sim = _ratio(a.city, b.city)
        word = "same" if sim >= 90 else "differs"
        parts.append(Part("city", 1.0 if sim >= 90 else -1.0, None, word))
    if a.type == "person":
        if colleagues:
            parts.append(Part("company", 1.0, None, "same"))
        elif a.company_no and b.company_no:
            parts.append(Part("company", -1.0, None, "differs"))
    total = sum(w.get(p.field, 0) * p.agreement for p in parts)
    score = max(0, min(100, int(round(total))))
    groups = {_GROUP[p.field] for p in parts if p.agreement >= 0.5}
    strong = any(p.field in ("vat", "email") and p.agreement >= 1.0 for p in parts)
    excused = strong and a.type != "person"
    is_pair = score >= threshold and len(groups) >= 2 and (not name_conflict or excused)
    return Comparison(score, is_pair, tuple(parts))


def reasons_text(code: str, caption: object = None, word: object = None) -> str:
    """The page's text for a stored reasons code: "Name 92 · Phone same · Post Code differs".

    `caption` and `word` translate a field caption and a word (the UI passes its translator);
    by default the English text is used.
    """
    out = []
    for item in code.split("|") if code else ():
        name, _sep, value = item.partition(":")
        label = FIELDS.get(name, (name, 0))[0]
        label = caption(label) if callable(caption) else label
        if value in WORDS:
            value = word(WORDS[value]) if callable(word) else WORDS[value]
        out.append(f"{label} {value}")
    return " · ".join(out)
