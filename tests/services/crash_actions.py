"""Pluggable write actions for the crash-safety test (tests/services/test_crash_safety.py).

Each action does real work through the services in the child process (`run`) and can tell,
from the database alone, whether every finished action is entirely there and the one in flight
when the child was killed is entirely there or entirely absent (`verify`). `prepare` sets up
what the action needs, in the parent, before the first child starts. An action whose service
names the module and functions it drives in `missing()`; the crash test fails when one is gone
(a moved module must be pointed at here, not silently skipped).

Tags are "<pid>-<n>", unique per action run; actions derive their target from `n`.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import random
from dataclasses import dataclass
from typing import Any, Protocol

import crash_actions_opportunities  # a sibling module (the harness puts tests/services on sys.path)
from sqlalchemy import func, select

from crm_desktop.services.app import AppContext
from crm_desktop.storage import models as m

ON = dt.date(2026, 11, 27)
NUMBER_SERIES = "KILLNO"
BATCH = 7
COMPANIES = ("Kill Co 0", "Kill Co 1", "Kill Co 2")
PERSONS_PER_COMPANY = 4
SALESPERSONS = ("KILLA", "KILLB")
RENAME_CONTACTS = 150
IMPORT_ROWS = 2000
SYNC_COMPANY = "Sync Co"


def tag_no(tag: str) -> int:
    """The running number inside a tag."""
    return int(tag.rsplit("-", 1)[1])


class Action(Protocol):
    """One kind of write the harness runs and kills."""

    name: str

    def missing(self) -> str | None: ...
    def prepare(self, ctx: AppContext) -> None: ...
    def run(self, ctx: AppContext, tag: str, rng: random.Random) -> None: ...
    def verify(self, ctx: AppContext, done: list[str], inflight: str | None) -> list[str]: ...


def _has(module: str, *names: str) -> bool:
    try:
        mod = importlib.import_module(module)
    except ImportError:
        return False
    return all(hasattr(mod, n) for n in names)


@dataclass
class IssueNumbers:
    """Issue a batch of numbers from a series in one transaction (numbering service)."""

    name: str = "numbers"

    def missing(self) -> str | None:
        if not _has("crm_desktop.services.numbering.issuing", "issue_many") or not _has(
            "crm_desktop.services.numbering.series", "save_series", "save_line"
        ):
            return "numbering.issue_many/save_series/save_line"
        return None

    def prepare(self, ctx: AppContext) -> None:
        from crm_desktop.services import numbering

        numbering.save_series(ctx, NUMBER_SERIES, description="Crash test numbers")
        numbering.save_line(
            ctx, NUMBER_SERIES, None, {"starting_no": "K0000001", "ending_no": "K9999999"}
        )

    def run(self, ctx: AppContext, tag: str, rng: random.Random) -> None:
        from crm_desktop.services import numbering

        with ctx.db.uow() as s:
            numbering.issue_many(s, NUMBER_SERIES, ON, BATCH)

    def verify(self, ctx: AppContext, done: list[str], inflight: str | None) -> list[str]:
        with ctx.db.read() as s:
            last = s.scalar(
                select(m.NoSeriesLine.last_no_used).where(
                    m.NoSeriesLine.series_code == NUMBER_SERIES
                )
            )
        used = int(last[1:]) if last else 0
        allowed = {BATCH * len(done)} | ({BATCH * (len(done) + 1)} if inflight else set())
        if used not in allowed:
            return [f"numbers: Last No. Used is {last!r}, expected one of {sorted(allowed)}"]
        return []


@dataclass
class CreateCompany:
    """Create a company contact (contacts service): a number drawn, search strings, the row."""

    name: str = "create_company"

    def missing(self) -> str | None:
        if not _has("crm_desktop.services.contacts.edit", "create_contact"):
            return "contacts.create_contact"
        return None

    def prepare(self, ctx: AppContext) -> None:
        pass

    def run(self, ctx: AppContext, tag: str, rng: random.Random) -> None:
        from crm_desktop.services import contacts

        contacts.create_contact(
            ctx, {"type": "company", "name": f"Crash {tag}", "city": "Killdorp"}
        )

    def verify(self, ctx: AppContext, done: list[str], inflight: str | None) -> list[str]:
        with ctx.db.read() as s:
            names = {
                n: c
                for n, c in s.execute(
                    select(m.Contact.name, func.count())
                    .where(m.Contact.name.like("Crash %"))
                    .group_by(m.Contact.name)
                )
            }
        problems = [
            f"create_company: {t} finished but has {names.get(f'Crash {t}', 0)} rows"
            for t in done
            if names.get(f"Crash {t}") != 1
        ]
        if inflight and names.get(f"Crash {inflight}", 0) not in (0, 1):
            problems.append(f"create_company: in-flight {inflight} has {names[inflight]} rows")
        expected = set(done) | ({inflight} if inflight else set())
        extra = {n for n in names if n.removeprefix("Crash ") not in expected}
        if extra:
            problems.append(f"create_company: unexpected companies {sorted(extra)[:3]}")
        return problems


@dataclass
class SaveCompanyWithPersons:
    """Change a company's city; in the same transaction its persons follow (contacts service)."""

    name: str = "company_save"

    def missing(self) -> str | None:
        if not _has("crm_desktop.services.contacts.edit", "create_contact", "update_contact"):
            return "contacts.create_contact/update_contact"
        return None

    def prepare(self, ctx: AppContext) -> None:
        from crm_desktop.services import contacts

        for name in COMPANIES:
            company = contacts.create_contact(
                ctx, {"type": "company", "name": name, "city": "Start"}
            ).contact
            for p in range(PERSONS_PER_COMPANY):
                contacts.create_contact(
                    ctx,
                    {
                        "type": "person",
                        "first_name": f"P{p}",
                        "surname": name,
                        "company_no": company.no,
                    },
                )

    def run(self, ctx: AppContext, tag: str, rng: random.Random) -> None:
        from crm_desktop.services import contacts

        contacts.update_contact(ctx, _company_no(ctx, COMPANIES[tag_no(tag) % 3]), {"city": tag})

    def verify(self, ctx: AppContext, done: list[str], inflight: str | None) -> list[str]:
        problems = []
        for i, name in enumerate(COMPANIES):
            no = _company_no(ctx, name)
            with ctx.db.read() as s:
                city = s.scalar(select(m.Contact.city).where(m.Contact.no == no))
                persons = list(
                    s.scalars(
                        select(m.Contact.city).where(m.Contact.company_no == no, m.Contact.no != no)
                    )
                )
            if len(persons) != PERSONS_PER_COMPANY:
                problems.append(f"company_save: {name} has {len(persons)} persons")
            if any(p != city for p in persons):
                problems.append(f"company_save: {name} city {city!r}, persons {persons}")
            mine = [t for t in done if tag_no(t) % 3 == i]
            allowed = {mine[-1] if mine else "Start"}
            if inflight and tag_no(inflight) % 3 == i:
                allowed.add(inflight)
            if city not in allowed:
                problems.append(f"company_save: {name} city {city!r}, expected {allowed}")
        return problems


def _company_no(ctx: AppContext, name: str) -> str:
    with ctx.db.read() as s:
        return str(
            s.scalar(
                select(m.Contact.no).where(m.Contact.name == name, m.Contact.type == "company")
            )
        )


@dataclass
class RenameSalesperson:
    """Rename a salesperson that many contacts refer to (master data service): every reference
    follows in the same transaction."""

    name: str = "rename"

    def missing(self) -> str | None:
        if not _has("crm_desktop.services.contacts.edit", "create_in"):
            return "contacts.create_in (to give the salesperson contacts)"
        return None

    def prepare(self, ctx: AppContext) -> None:
        from crm_desktop.services import contacts, masterdata

        masterdata.save_row(ctx, "salesperson", {"code": SALESPERSONS[0], "name": "Kill A"})
        with ctx.db.uow() as s:
            for i in range(RENAME_CONTACTS):
                contacts.create_in(
                    s,
                    {
                        "type": "company",
                        "name": f"Renamed {i}",
                        "salesperson_code": SALESPERSONS[0],
                    },
                    on=ON,
                )

    def run(self, ctx: AppContext, tag: str, rng: random.Random) -> None:
        from crm_desktop.services import masterdata

        with ctx.db.read() as s:
            current = s.scalar(
                select(m.Salesperson.code).where(m.Salesperson.code.in_(SALESPERSONS))
            )
        other = SALESPERSONS[1] if current == SALESPERSONS[0] else SALESPERSONS[0]
        masterdata.rename(ctx, "salesperson", str(current), other)

    def verify(self, ctx: AppContext, done: list[str], inflight: str | None) -> list[str]:
        with ctx.db.read() as s:
            codes = list(
                s.scalars(select(m.Salesperson.code).where(m.Salesperson.code.in_(SALESPERSONS)))
            )
            refs: dict[Any, int] = dict(
                s.execute(
                    select(m.Contact.salesperson_code, func.count())
                    .where(m.Contact.salesperson_code.in_(SALESPERSONS))
                    .group_by(m.Contact.salesperson_code)
                ).all()
            )
        expected = {SALESPERSONS[len(done) % 2]}
        if inflight:
            expected.add(SALESPERSONS[(len(done) + 1) % 2])
        if len(codes) != 1 or codes[0] not in expected:
            return [f"rename: salespersons {codes}, expected one of {expected}"]
        if refs != {codes[0]: RENAME_CONTACTS}:
            return [f"rename: references {refs}, expected all {RENAME_CONTACTS} on {codes[0]}"]
        return []


@dataclass
class ImportCsv:
    """Import a CSV file of thousands of companies in one transaction (exchange service)."""

    name: str = "csv_import"
    rows: int = IMPORT_ROWS
    weight: float = 0.15

    def missing(self) -> str | None:
        if not _has("crm_desktop.services.exchange.csv_import", "import_contacts"):
            return "exchange.import_contacts"
        return None

    def prepare(self, ctx: AppContext) -> None:
        pass

    def run(self, ctx: AppContext, tag: str, rng: random.Random) -> None:
        from crm_desktop.services import exchange

        path = ctx.data_dir.parent / f"import-{tag}.csv"
        lines = ["type,name,city,phone_no"]
        lines += [f"company,Imp {tag} {i},Importville,+31 30 {i:07d}" for i in range(self.rows)]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        exchange.import_contacts(ctx, path)

    def verify(self, ctx: AppContext, done: list[str], inflight: str | None) -> list[str]:
        with ctx.db.read() as s:
            names = s.scalars(select(m.Contact.name).where(m.Contact.name.like("Imp %")))
            counts: dict[str, int] = {}
            for name in names:
                tag = name.split(" ")[1]
                counts[tag] = counts.get(tag, 0) + 1
        problems = [
            f"csv_import: {t} finished but has {counts.get(t, 0)} of {self.rows} rows"
            for t in done
            if counts.get(t) != self.rows
        ]
        if inflight and counts.get(inflight, 0) not in (0, self.rows):
            problems.append(f"csv_import: in-flight {inflight} has {counts[inflight]} rows")
        expected = set(done) | ({inflight} if inflight else set())
        extra = set(counts) - expected
        if extra:
            problems.append(f"csv_import: rows of unknown imports {sorted(extra)[:3]}")
        return problems


@dataclass
class SyncCustomerUpdate:
    """Change a customer's city: it flows to its company contact and on to that company's
    persons, all in one transaction (accounts/sync services, BC §5.4 and §2.4)."""

    name: str = "sync_update"

    def missing(self) -> str | None:
        if not _has("crm_desktop.services.sync.accounts", "update_record"):
            return "accounts.update_record"
        if not _has("crm_desktop.services.sync.from_contact", "create_as_customer"):
            return "from_contact.create_as_customer"
        return None

    def prepare(self, ctx: AppContext) -> None:
        from crm_desktop.services import contacts
        from crm_desktop.services.sync import from_contact

        company = contacts.create_contact(
            ctx, {"type": "company", "name": SYNC_COMPANY, "city": "Start"}
        ).contact
        for p in range(PERSONS_PER_COMPANY):
            contacts.create_contact(
                ctx,
                {
                    "type": "person",
                    "first_name": f"S{p}",
                    "surname": "Sync",
                    "company_no": company.no,
                },
            )
        from_contact.create_as_customer(ctx, company.no)

    def _customer_no(self, ctx: AppContext) -> tuple[str, str]:
        company_no = _company_no(ctx, SYNC_COMPANY)
        with ctx.db.read() as s:
            customer_no = s.scalar(
                select(m.ContactBusinessRelation.no).where(
                    m.ContactBusinessRelation.contact_no == company_no,
                    m.ContactBusinessRelation.link_to_table == "customer",
                )
            )
        return company_no, str(customer_no)

    def run(self, ctx: AppContext, tag: str, rng: random.Random) -> None:
        from crm_desktop.services.sync import accounts

        accounts.update_record(ctx, "customer", self._customer_no(ctx)[1], {"city": tag})

    def verify(self, ctx: AppContext, done: list[str], inflight: str | None) -> list[str]:
        company_no, customer_no = self._customer_no(ctx)
        with ctx.db.read() as s:
            customer_city = s.scalar(select(m.Customer.city).where(m.Customer.no == customer_no))
            company_city = s.scalar(select(m.Contact.city).where(m.Contact.no == company_no))
            persons = list(
                s.scalars(
                    select(m.Contact.city).where(
                        m.Contact.company_no == company_no, m.Contact.no != company_no
                    )
                )
            )
        allowed = {done[-1] if done else "Start"} | ({inflight} if inflight else set())
        cities = {customer_city, company_city, *persons}
        if len(cities) != 1 or len(persons) != PERSONS_PER_COMPANY or not cities <= allowed:
            return [
                f"sync_update: customer {customer_city!r}, company {company_city!r}, "
                f"persons {persons}, expected one of {allowed}"
            ]
        return []


# The merge action never undoes, so its pool must outlast the run: about 0.35 merges finish a
# second on this 2-core machine; one pair per second of the run (CRASH_SECONDS, read by the
# test and the worker alike) leaves room. A run of 360 s with 120 pairs ran out (StopIteration).
MERGE_PAIRS = max(120, int(float(os.environ.get("CRASH_SECONDS", "360"))))
MERGE_RELATION = "KILLREL"


class _MergePool:
    """Pairs of companies for the merge actions: keep "<p>K i", go "<p>G i" with person
    "<p>P i" and a business relation. Each pair is either not merged (the person and the
    relation on the one that goes) or merged (it is gone; both on the survivor; an open merge
    record) and never anything in between."""

    prefix: str

    def _make(self, ctx: AppContext) -> None:
        from crm_desktop.services import contacts, masterdata
        from crm_desktop.services.sync import relations as business_relations

        if not masterdata_has(ctx, MERGE_RELATION):
            masterdata.save_row(
                ctx, "business_relation", {"code": MERGE_RELATION, "description": "Kill"}
            )
        with ctx.db.uow() as s:
            for i in range(MERGE_PAIRS):
                p = self.prefix
                contacts.create_in(s, {"type": "company", "name": f"{p}K {i}"}, on=ON)
                go = contacts.create_in(s, {"type": "company", "name": f"{p}G {i}"}, on=ON)
                contacts.create_in(
                    s, {"type": "person", "name": f"{p}P {i}", "company_no": go.no}, on=ON
                )
                business_relations.insert_relation_in(s, go.no, MERGE_RELATION)

    def pairs(self, ctx: AppContext) -> list[tuple[str, str | None, str]]:
        """(keep no, go no or None when gone, go name) per pair, by index."""
        p = self.prefix
        with ctx.db.read() as s:
            nos = dict(
                s.execute(
                    select(m.Contact.name, m.Contact.no).where(
                        m.Contact.name.like(f"{p}K %") | m.Contact.name.like(f"{p}G %")
                    )
                ).all()
            )
        return [(nos[f"{p}K {i}"], nos.get(f"{p}G {i}"), f"{p}G {i}") for i in range(MERGE_PAIRS)]

    def check_pairs(self, ctx: AppContext) -> list[str]:
        problems: list[str] = []
        p = self.prefix
        with ctx.db.read() as s:
            persons = dict(
                s.execute(
                    select(m.Contact.name, m.Contact.company_no).where(
                        m.Contact.name.like(f"{p}P %")
                    )
                ).all()
            )
            rels = set(
                s.scalars(
                    select(m.ContactBusinessRelation.contact_no).where(
                        m.ContactBusinessRelation.business_relation_code == MERGE_RELATION
                    )
                )
            )
            open_merges = dict(
                s.execute(
                    select(m.ContactMerge.gone_name, m.ContactMerge.survivor_no).where(
                        m.ContactMerge.undone_at.is_(None),
                        m.ContactMerge.gone_name.like(f"{p}G %"),
                    )
                ).all()
            )
        for i, (keep, go, go_name) in enumerate(self.pairs(ctx)):
            person = persons.get(f"{p}P {i}")
            if go is not None:
                ok = person == go and go in rels and keep not in rels and go_name not in open_merges
            else:
                ok = person == keep and keep in rels and open_merges.get(go_name) == keep
            if not ok:
                problems.append(
                    f"{self.prefix} pair {i}: keep {keep}, go {go}, person at {person}, "
                    f"relation on {sorted(rels & {keep, go or ''})}, open merge "
                    f"{open_merges.get(go_name)}"
                )
        return problems[:3]

    def count(self, ctx: AppContext, *, undone: bool) -> int:
        with ctx.db.read() as s:
            q = select(func.count()).where(m.ContactMerge.gone_name.like(f"{self.prefix}G %"))
            if undone:
                q = q.where(m.ContactMerge.undone_at.is_not(None))
            return int(s.scalar(q) or 0)


def masterdata_has(ctx: AppContext, code: str) -> bool:
    with ctx.db.read() as s:
        return s.get(m.BusinessRelation, code) is not None


@dataclass
class MergeContacts(_MergePool):
    """Merge a company with a person and a relation into another (merge service): the person
    moves, the relation moves, the merge record and every before-image are written, in one
    transaction."""

    name: str = "merge"
    prefix: str = "Mrg"
    weight: float = 1.5

    def missing(self) -> str | None:
        if not _has("crm_desktop.services.merge", "merge_contacts", "undo_merge"):
            return "merge.merge_contacts/undo_merge"
        return None

    def prepare(self, ctx: AppContext) -> None:
        self._make(ctx)

    def run(self, ctx: AppContext, tag: str, rng: random.Random) -> None:
        from crm_desktop.services import merge

        open_pairs = [p for p in self.pairs(ctx) if p[1] is not None]
        assert open_pairs, f"merge: all {MERGE_PAIRS} pairs merged; the pool is too small"
        keep, go, _name = open_pairs[0]
        assert go is not None
        merge.merge_contacts(ctx, keep, go)

    def verify(self, ctx: AppContext, done: list[str], inflight: str | None) -> list[str]:
        problems = self.check_pairs(ctx)
        merged = self.count(ctx, undone=False)
        allowed = {len(done)} | ({len(done) + 1} if inflight else set())
        if merged not in allowed:
            problems.append(f"merge: {merged} merges recorded, expected one of {allowed}")
        return problems


@dataclass
class UndoMerge(_MergePool):
    """Undo the newest merge of a pool merged beforehand (merge service): the company that
    went, its person and its relation come back exactly, in one transaction."""

    name: str = "merge_undo"
    prefix: str = "Und"
    # An undo is quick; picked more often so kills land in it as often as in the others.
    weight: float = 3.0

    def missing(self) -> str | None:
        return MergeContacts().missing()

    def prepare(self, ctx: AppContext) -> None:
        from crm_desktop.services import merge

        self._make(ctx)
        for keep, go, _name in self.pairs(ctx):
            assert go is not None
            merge.merge_contacts(ctx, keep, go)

    def run(self, ctx: AppContext, tag: str, rng: random.Random) -> None:
        from crm_desktop.services import merge

        with ctx.db.read() as s:
            newest = s.scalar(
                select(func.max(m.ContactMerge.no)).where(
                    m.ContactMerge.undone_at.is_(None),
                    m.ContactMerge.gone_name.like(f"{self.prefix}G %"),
                )
            )
        if newest is None:
            # Every pair undone: merge one again (its own transaction) to have one to undo.
            keep, go, _name = self.pairs(ctx)[tag_no(tag) % MERGE_PAIRS]
            assert go is not None
            newest = merge.merge_contacts(ctx, keep, go).merge_no
        merge.undo_merge(ctx, int(newest))

    def verify(self, ctx: AppContext, done: list[str], inflight: str | None) -> list[str]:
        problems = self.check_pairs(ctx)
        undone = self.count(ctx, undone=True)
        allowed = {len(done)} | ({len(done) + 1} if inflight else set())
        if undone not in allowed:
            problems.append(f"merge_undo: {undone} merges undone, expected one of {allowed}")
        return problems


ALL_ACTIONS: tuple[Action, ...] = (
    IssueNumbers(),
    CreateCompany(),
    SaveCompanyWithPersons(),
    RenameSalesperson(),
    ImportCsv(),
    SyncCustomerUpdate(),
    MergeContacts(),
    UndoMerge(),
    *crash_actions_opportunities.ACTIONS,
)


# Actions of later capabilities live in their own modules (this one stays under 500 lines).
from crash_actions_interactions import LogWithAttachment, RelocateAttachments  # noqa: E402

ALL_ACTIONS = (*ALL_ACTIONS, LogWithAttachment(), RelocateAttachments())

from crash_actions_datasafety import FirstStart, MakeBackup, RestoreBackup  # noqa: E402

ALL_ACTIONS = (*ALL_ACTIONS, FirstStart(), MakeBackup(), RestoreBackup())


import crash_actions_documents  # noqa: E402, F401  (test_crash_safety reads its HALF_DONE)
from crash_actions_documents import ACTIONS as DOCUMENT_ACTIONS  # noqa: E402

ALL_ACTIONS = (*ALL_ACTIONS, *DOCUMENT_ACTIONS)


def available() -> list[Action]:
    """The actions whose services exist now."""
    return [a for a in ALL_ACTIONS if a.missing() is None]


def by_name(names: list[str]) -> list[Action]:
    """Actions by name, in that order."""
    table = {a.name: a for a in ALL_ACTIONS}
    return [table[n] for n in names]
