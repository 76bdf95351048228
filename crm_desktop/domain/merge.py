"""Rules of merging two contacts (issue 17), as pure functions.

Which fields the user chooses between and what is chosen before they touch anything (BC's Merge
Duplicate page: identical values need no choice; a blank is filled from the other side), and how
the two contacts' business relations become one set (§5.1/§5.2: one relation per code, one
customer/vendor/bank account/employee per contact), with the clashes the user must decide.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from crm_desktop.domain import contacts as contact_rules
from crm_desktop.domain.csv_format import COLUMNS as CSV_COLUMNS
from crm_desktop.domain.errors import ConflictError, ValidationError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.domain.sync import KIND_CAPTION, KINDS, Kind

SAME_CONTACT = QT_TRANSLATE_NOOP("errors", "A contact cannot be merged with itself ({no}).")
TYPES_DIFFER = QT_TRANSLATE_NOOP(
    "errors",
    "Contact {no} is a {type} and contact {other_no} is a {other_type}; "
    "a company and a person are never merged.",
)
UNKNOWN_FIELDS = QT_TRANSLATE_NOOP(
    "errors", "{value} is not a contact field that a merge can take from the other contact."
)
UNKNOWN_KIND = QT_TRANSLATE_NOOP(
    "errors", "{value} is not a kind of link; use customer, vendor, bank_account or employee."
)
CLASH = QT_TRANSLATE_NOOP(
    "errors",
    "Contact {survivor_no} is linked to {table} {survivor_record} and contact {gone_no} to "
    "{table} {gone_record}; a contact can have one. Keep the survivor's link "
    "({table} {gone_record} loses its contact) or cancel.",
)

# The fields a merge chooses between, named as in the CSV header. No. is the survivor's; Type
# must be the same; a person's Company Name follows its Company No.; search strings and the
# business relation summary are computed.
_NOT_CHOSEN = frozenset({"no", "type", "company_name"})
MERGE_FIELDS: tuple[str, ...] = tuple(c for c in CSV_COLUMNS if c not in _NOT_CHOSEN)
COMPANY_ONLY_NOT = frozenset({"company_no"})


def fields_for(contact_type: str) -> tuple[str, ...]:
    """The fields chosen between for two contacts of this type (a company's Company No. is
    itself, so it is not a choice)."""
    if contact_type == "company":
        return tuple(f for f in MERGE_FIELDS if f not in COMPANY_ONLY_NOT)
    return MERGE_FIELDS


def _blank(value: Any) -> bool:
    return value is None or value == "" or value is False


@dataclass(frozen=True)
class FieldChoice:
    """One line of the side-by-side chooser: both values and which one survives."""

    field: str
    caption: str
    current: Any
    other: Any
    take_other: bool

    @property
    def same(self) -> bool:
        """Both sides hold the same value: nothing to choose."""
        return bool(self.current == self.other)


def check_pair(current: Mapping[str, Any], other: Mapping[str, Any]) -> None:
    """Refuse merging a contact with itself, or a company with a person (ValidationError)."""
    if current["no"] == other["no"]:
        raise ValidationError(SAME_CONTACT, field="no", no=current["no"])
    if current["type"] != other["type"]:
        raise ValidationError(
            TYPES_DIFFER,
            field="type",
            no=current["no"],
            type=current["type"],
            other_no=other["no"],
            other_type=other["type"],
        )


def default_take_other(current: Mapping[str, Any], other: Mapping[str, Any]) -> frozenset[str]:
    """The fields taken from the other contact before the user chooses: those blank on the
    survivor and filled on the other (identical values and the survivor's own stay)."""
    return frozenset(
        f
        for f in fields_for(str(current["type"]))
        if _blank(current.get(f)) and not _blank(other.get(f))
    )


def choices(
    current: Mapping[str, Any], other: Mapping[str, Any], take_other: Iterable[str] | None = None
) -> list[FieldChoice]:
    """Every chooser line for the pair; `take_other` overrides the default choice."""
    chosen = default_take_other(current, other) if take_other is None else frozenset(take_other)
    return [
        FieldChoice(f, contact_rules.caption(f), current.get(f), other.get(f), f in chosen)
        for f in fields_for(str(current["type"]))
    ]


def check_fields(names: Iterable[str], contact_type: str = "person") -> frozenset[str]:
    """Field names given by the user (CSV header spelling, any case); ValidationError naming
    the unknown ones."""
    wanted = {n.strip().lower() for n in names if n.strip()}
    unknown = sorted(wanted - set(fields_for(contact_type)))
    if unknown:
        raise ValidationError(UNKNOWN_FIELDS, field="prefer_other", value=", ".join(unknown))
    return frozenset(wanted)


def check_kind(value: str) -> Kind:
    """A link kind typed by the user (customer, vendor, bank_account/bank-account, employee)."""
    text = value.strip().lower().replace("-", "_").replace(" ", "_")
    for kind in KINDS:
        if text == kind:
            return kind
    raise ValidationError(UNKNOWN_KIND, field="drop_link", value=value)


def taken_values(
    current: Mapping[str, Any], other: Mapping[str, Any], take_other: Iterable[str]
) -> dict[str, Any]:
    """The survivor's changes: each taken field's value from the other side, where it differs."""
    return {
        f: other.get(f)
        for f in take_other
        if f in fields_for(str(current["type"])) and other.get(f) != current.get(f)
    }


# --- business relations --------------------------------------------------------------------


@dataclass(frozen=True)
class RelationLink:
    """One Contact Business Relation of either contact."""

    code: str
    link_to_table: str
    no: str


@dataclass(frozen=True)
class Clash:
    """Both contacts are linked to different records of one kind (two customers)."""

    kind: Kind
    survivor_record: str
    gone_record: str
    survivor_code: str
    gone_code: str


@dataclass(frozen=True)
class RelationPlan:
    """What happens to each relation: the gone contact's rows that move to the survivor, those
    that are one with a survivor's row (dropped, same code and same record or both unlinked),
    survivor placeholders that give way to the gone contact's linked row, and the clashes."""

    move: tuple[RelationLink, ...]
    unite: tuple[RelationLink, ...]
    survivor_drop: tuple[RelationLink, ...]
    clashes: tuple[Clash, ...]
    drop_links: tuple[RelationLink, ...] = ()

    def clash_error(self, survivor_no: str, gone_no: str) -> ConflictError:
        """The error for the first clash the user has not decided."""
        c = self.clashes[0]
        return ConflictError(
            CLASH,
            field="drop_link",
            kind=c.kind,
            survivor_no=survivor_no,
            gone_no=gone_no,
            table=KIND_CAPTION[c.kind],
            survivor_record=c.survivor_record,
            gone_record=c.gone_record,
        )


def _linked(r: RelationLink) -> bool:
    return r.link_to_table in KINDS and bool(r.no)


def plan_relations(
    survivor: Iterable[RelationLink],
    gone: Iterable[RelationLink],
    drop_kinds: Iterable[Kind] = (),
) -> RelationPlan:
    """Unite two sets of relations (see RelationPlan). A clash of a kind in `drop_kinds` is
    decided as "keep the survivor's link": the gone contact's row of that kind is dropped."""
    mine = {r.code: r for r in survivor}
    mine_by_kind = {r.link_to_table: r for r in mine.values() if _linked(r)}
    drop = set(drop_kinds)
    move: list[RelationLink] = []
    unite: list[RelationLink] = []
    survivor_drop: list[RelationLink] = []
    clashes: list[Clash] = []
    dropped: list[RelationLink] = []
    for g in gone:
        s = mine.get(g.code)
        linked = _linked(g)
        other_kind = mine_by_kind.get(g.link_to_table) if linked else None
        if s is not None and (s.link_to_table, s.no) == (g.link_to_table, g.no):
            unite.append(g)
        elif s is not None and not linked:
            unite.append(g)  # a placeholder gives way to the survivor's linked row (§5.2)
        elif linked and other_kind is not None and other_kind.no != g.no:
            kind: Kind = g.link_to_table  # type: ignore[assignment]
            if kind in drop:
                dropped.append(g)
            else:
                clashes.append(Clash(kind, other_kind.no, g.no, other_kind.code, g.code))
        elif s is not None and _linked(s):
            # Same code, both linked, to records of different kinds: one row per code.
            kind = g.link_to_table  # type: ignore[assignment]
            if kind in drop:
                dropped.append(g)
            else:
                clashes.append(Clash(kind, s.no, g.no, s.code, g.code))
        elif s is not None:
            # The survivor's row of this code has no number: the linked row takes its place.
            survivor_drop.append(s)
            move.append(g)
        else:
            move.append(g)
    return RelationPlan(
        tuple(move), tuple(unite), tuple(survivor_drop), tuple(clashes), tuple(dropped)
    )
