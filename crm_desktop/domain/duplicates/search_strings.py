"""Duplicate contacts, Business Central's way: search strings and the hit-% threshold (spec §7).

A company contact gets one short *search string* per Duplicate Search String Setup row (a contact
field and its First or Last N characters, §7.3). Two companies are duplicates when the number of
(field, part) positions whose strings are exactly equal reaches ``needed_matches`` (§7.5), which is
computed from the number of setup rows, not from the strings a contact happens to have.

Only company contacts are indexed (§7.4). One deliberate improvement over BC: a change of only the
e-mail or the mobile phone number also re-indexes the contact (BC re-indexes only for the eight
address/name fields, although both are in its default setup), see ``needs_reindex``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any, Literal

from crm_desktop.domain.errors import ValidationError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP

CTX = "duplicates"

Part = Literal["first", "last"]
PARTS: tuple[Part, ...] = ("first", "last")
PART_CAPTIONS: dict[str, str] = {
    "first": QT_TRANSLATE_NOOP(CTX, "First"),
    "last": QT_TRANSLATE_NOOP(CTX, "Last"),
}

MIN_LENGTH = 2
MAX_LENGTH = 10
DEFAULT_LENGTH = 5

METHOD_SEARCH_STRINGS = "search_strings"
METHOD_FUZZY = "fuzzy"

# §7.3 step 2: exactly these characters are deleted; everything else (apostrophes, @, accents,
# digits, ...) stays.
STRIPPED_CHARACTERS = frozenset(' +"&/,.;:-_(){}#!£$\\')

# Contact fields BC offers in the setup's field lookup (Text or Code, class Normal), in BC's
# field order, as (attribute, caption). The first is "No." (scenario 28).
SEARCHABLE_FIELDS: tuple[tuple[str, str], ...] = (
    ("no", QT_TRANSLATE_NOOP(CTX, "No.")),
    ("name", QT_TRANSLATE_NOOP(CTX, "Name")),
    ("search_name", QT_TRANSLATE_NOOP(CTX, "Search Name")),
    ("name_2", QT_TRANSLATE_NOOP(CTX, "Name 2")),
    ("address", QT_TRANSLATE_NOOP(CTX, "Address")),
    ("address_2", QT_TRANSLATE_NOOP(CTX, "Address 2")),
    ("city", QT_TRANSLATE_NOOP(CTX, "City")),
    ("phone_no", QT_TRANSLATE_NOOP(CTX, "Phone No.")),
    ("telex_no", QT_TRANSLATE_NOOP(CTX, "Telex No.")),
    ("territory_code", QT_TRANSLATE_NOOP(CTX, "Territory Code")),
    ("currency_code", QT_TRANSLATE_NOOP(CTX, "Currency Code")),
    ("language_code", QT_TRANSLATE_NOOP(CTX, "Language Code")),
    ("salesperson_code", QT_TRANSLATE_NOOP(CTX, "Salesperson Code")),
    ("country_region_code", QT_TRANSLATE_NOOP(CTX, "Country/Region Code")),
    ("fax_no", QT_TRANSLATE_NOOP(CTX, "Fax No.")),
    ("telex_answer_back", QT_TRANSLATE_NOOP(CTX, "Telex Answer Back")),
    ("vat_registration_no", QT_TRANSLATE_NOOP(CTX, "VAT Registration No.")),
    ("post_code", QT_TRANSLATE_NOOP(CTX, "Post Code")),
    ("county", QT_TRANSLATE_NOOP(CTX, "County")),
    ("email", QT_TRANSLATE_NOOP(CTX, "E-Mail")),
    ("home_page", QT_TRANSLATE_NOOP(CTX, "Home Page")),
    ("company_no", QT_TRANSLATE_NOOP(CTX, "Company No.")),
    ("company_name", QT_TRANSLATE_NOOP(CTX, "Company Name")),
    ("first_name", QT_TRANSLATE_NOOP(CTX, "First Name")),
    ("middle_name", QT_TRANSLATE_NOOP(CTX, "Middle Name")),
    ("surname", QT_TRANSLATE_NOOP(CTX, "Surname")),
    ("job_title", QT_TRANSLATE_NOOP(CTX, "Job Title")),
    ("initials", QT_TRANSLATE_NOOP(CTX, "Initials")),
    ("extension_no", QT_TRANSLATE_NOOP(CTX, "Extension No.")),
    ("mobile_phone_no", QT_TRANSLATE_NOOP(CTX, "Mobile Phone No.")),
    ("pager", QT_TRANSLATE_NOOP(CTX, "Pager")),
    ("salutation_code", QT_TRANSLATE_NOOP(CTX, "Salutation Code")),
    ("search_email", QT_TRANSLATE_NOOP(CTX, "Search E-Mail")),
    ("registration_number", QT_TRANSLATE_NOOP(CTX, "Registration Number")),
)
FIELD_CAPTIONS: dict[str, str] = dict(SEARCHABLE_FIELDS)

# BC's default setup (spec §7.2): each of these, First and Last, length 5.
DEFAULT_FIELDS: tuple[str, ...] = (
    "name",
    "address",
    "city",
    "phone_no",
    "vat_registration_no",
    "post_code",
    "email",
    "mobile_phone_no",
)

# BC re-indexes a modified company only when one of these changed (§7.4 (a)).
BC_REINDEX_FIELDS = frozenset(
    {
        "name",
        "name_2",
        "address",
        "address_2",
        "city",
        "post_code",
        "vat_registration_no",
        "phone_no",
    }
)
# Our improvement: these are in BC's default setup but BC misses a change of only them.
EXTRA_REINDEX_FIELDS = frozenset({"email", "mobile_phone_no"})


@dataclass(frozen=True)
class SetupRow:
    """One Duplicate Search String Setup row: which field, which part, how many characters."""

    field_name: str
    part: str
    length: int = DEFAULT_LENGTH

    @property
    def key(self) -> tuple[str, str]:
        """The (field, part) position this row fills."""
        return (self.field_name, self.part)


_DELETE = str.maketrans("", "", "".join(STRIPPED_CHARACTERS))


def clean_value(value: object) -> str:
    """The field's value as text with BC's stripped characters removed (§7.3 steps 1-2)."""
    if value is None:
        return ""
    return str(value).translate(_DELETE)


def _upper(text: str) -> str:
    # BC upper-cases character by character; Python would turn "ß" into "SS" and make the
    # string longer than Length, so a character whose upper case is longer stays as it is.
    upper = text.upper()
    if len(upper) == len(text):
        return upper
    return "".join(u if len(u := ch.upper()) == 1 else ch for ch in text)


def search_string(value: object, part: str, length: int) -> str:
    """The search string of one value for one setup row (§7.3); '' means "not stored".

    First takes the first `length` characters of the cleaned value, Last the last ones; a value
    shorter than `length` is used whole; the result is upper-cased.
    """
    cleaned = clean_value(value)
    if not cleaned:
        return ""
    piece = cleaned[:length] if part == "first" else cleaned[-length:]
    return _upper(piece)


def row_strings(
    values: Sequence[object], spec: Sequence[tuple[int, bool, int]]
) -> tuple[str | None, ...]:
    """A contact's strings per setup position, None when blank: the bulk form of
    `search_string`. `values` are the contact's field values, `spec` per position (index into
    `values`, True for First, length); each field is cleaned once even when two rows use it."""
    cleaned = [None if v is None else str(v).translate(_DELETE) for v in values]
    out: list[str | None] = []
    for index, first, length in spec:
        text = cleaned[index]
        if not text:
            out.append(None)
            continue
        piece = text[:length] if first else text[-length:]
        upper = piece.upper()
        out.append(upper if len(upper) == len(piece) else _upper(piece))
    return tuple(out)


def search_strings(
    values: Mapping[str, object], setup: Iterable[SetupRow]
) -> dict[tuple[str, str], str]:
    """A contact's stored search strings: (field, part) -> string, blank ones left out."""
    out: dict[tuple[str, str], str] = {}
    for row in setup:
        text = search_string(values.get(row.field_name), row.part, row.length)
        if text:
            out[row.key] = text
    return out


def needed_matches(setup_rows: int, hit_percent: int) -> int:
    """How many (field, part) strings must be equal: ceil(setup rows x Search Hit % / 100) (§7.5).

    Integer arithmetic, so 16 x 60 % = 9.6 gives 10 and 16 x 50 % = 8 gives exactly 8.
    """
    return (setup_rows * hit_percent + 99) // 100


def count_matches(a: Mapping[tuple[str, str], str], b: Mapping[tuple[str, str], str]) -> int:
    """Number of (field, part) positions where both contacts have the same string.

    Strings of different positions (phone against mobile, First against Last) never count.
    """
    return sum(1 for key, text in a.items() if b.get(key) == text)


def is_duplicate(matches: int, setup_rows: int, hit_percent: int) -> bool:
    """Whether a pair with `matches` equal strings reaches the threshold (an empty setup: never)."""
    return setup_rows > 0 and matches >= max(1, needed_matches(setup_rows, hit_percent))


def score_percent(matches: int, setup_rows: int) -> int:
    """The pair's score shown to the user: matching strings as a whole percent of the setup rows.

    Rounded half up; a pair that reached Search Hit % never shows a lower score.
    """
    if setup_rows <= 0:
        return 0
    return (200 * matches + setup_rows) // (2 * setup_rows)


def needs_reindex(
    changed: Iterable[str], *, is_new: bool, setup_fields: Iterable[str] = ()
) -> bool:
    """Whether a saved company contact's search strings must be rebuilt.

    BC: on a change of one of its eight name/address fields or of the type (§7.4). Improvement over
    BC: also when only the e-mail or mobile phone changed, or any field the setup uses. A new
    contact is indexed at once (our card saves all fields in one go).
    """
    if is_new:
        return True
    names = set(changed)
    if "type" in names:
        return True
    return bool(names & (BC_REINDEX_FIELDS | EXTRA_REINDEX_FIELDS | set(setup_fields)))


def candidate_positions(
    costs: Mapping[tuple[str, str], int], setup_rows: int, needed: int
) -> list[tuple[str, str]]:
    """The cheapest positions to look for candidate pairs in, without losing any pair.

    A pair that matches in at least `needed` of `setup_rows` positions matches in at least one of
    any `setup_rows - needed + 1` positions (pigeonhole), so only those need a self-join; `costs`
    is the number of pairs each position would produce. Positions without strings cost nothing.
    """
    take = setup_rows - needed + 1
    ranked = sorted(costs, key=lambda k: (costs[k], k))
    return ranked[: max(0, take)]


MAX_CANDIDATES = 2_000_000
TOO_MANY_PAIRS = QT_TRANSLATE_NOOP(
    "errors",
    "The duplicate search would compare more than {limit} pairs of companies. "
    "Raise the Search Hit % or leave common fields such as City out of the search string setup.",
)


def candidate_pairs(
    strings: Mapping[str, Sequence[str | None]],
    costs: Sequence[int],
    needed: int,
    tick: Callable[[], None] | None = None,
    limit: int = MAX_CANDIDATES,
) -> set[tuple[str, str]]:
    """Every pair of contacts that can reach `needed` equal strings, and not many more.

    `strings` holds each contact's string per setup position (None when blank), `costs` how many
    pairs each position alone would produce. A pair with `needed` equal positions out of n has
    at least two equal positions among any n - needed + 2 of them (pigeonhole), so contacts are
    grouped on *pairs* of positions from the cheapest such set; a shared pair of strings is far
    rarer than one shared string (many companies share a city, few share city and post code).
    With needed = 1, single positions are used. Pairs come out as (higher no, lower no); `tick`
    is called between groupings (the caller checks for Cancel there). More than `limit`
    candidates (a very low Search Hit % over common values, e.g. every two companies in the
    same city) raise ValidationError instead of filling the memory.
    """
    n = len(costs)
    if n == 0 or needed < 1 or len(strings) < 2:
        return set()
    width = 2 if needed >= 2 else 1
    size = min(n, n - needed + width)
    chosen = sorted(sorted(range(n), key=lambda i: (costs[i], i))[:size])
    nos = list(strings)
    rows = list(strings.values())
    columns = {i: [held[i] for held in rows] for i in chosen}
    out: set[tuple[str, str]] = set()
    for positions in combinations(chosen, width):
        # Counting runs in C; only keys held by two or more contacts are looked at in Python.
        keys: list[Any] = (
            columns[positions[0]]
            if width == 1
            else list(zip(columns[positions[0]], columns[positions[1]], strict=True))
        )
        shared = {
            k
            for k, c in Counter(keys).items()
            if c > 1 and k is not None and (width == 1 or None not in k)
        }
        if shared:
            buckets: dict[Any, list[str]] = {}
            for no, key in zip(nos, keys, strict=True):
                if key in shared:
                    buckets.setdefault(key, []).append(no)
            for members in buckets.values():
                if tick is not None and len(members) > 1000:
                    tick()
                out.update((a, b) if a > b else (b, a) for a, b in combinations(members, 2))
                if len(out) > limit:
                    raise ValidationError(TOO_MANY_PAIRS, field="threshold", limit=limit)
        if tick is not None:
            tick()
    return out
