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
import random
from dataclasses import dataclass
from typing import Any, Protocol

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


RESTORE_CONTACTS = 5


@dataclass
class FirstStart:
    """The very first start of the app on a new data folder: create, migrate and seed, all in
    one transaction (issue 14 point 1). A kill leaves nothing or a whole setup, and the next
    start finishes the job."""

    name: str = "first_start"

    def missing(self) -> str | None:
        return None

    def prepare(self, ctx: AppContext) -> None:
        pass

    def run(self, ctx: AppContext, tag: str, rng: random.Random) -> None:
        from crm_desktop.services.app import open_app

        open_app(ctx.data_dir.parent / f"first-{tag}").close()

    def verify(self, ctx: AppContext, done: list[str], inflight: str | None) -> list[str]:
        from crm_desktop.services.app import open_app
        from crm_desktop.services.backups.check import check_data_dir

        problems = []
        # The latest ones: earlier folders were checked after earlier kills.
        for tag in done[-3:]:
            report = check_data_dir(ctx.data_dir.parent / f"first-{tag}")
            if not report.ok:
                problems.append(f"first_start: {tag} finished but {report.problems}")
        if inflight:
            folder = ctx.data_dir.parent / f"first-{inflight}"
            try:
                open_app(folder).close()
            except Exception as exc:  # noqa: BLE001 - any failure is the finding
                return [*problems, f"first_start: start after a kill failed: {exc}"]
            report = check_data_dir(folder)
            if not report.ok:
                problems.append(f"first_start: after a kill and a start {report.problems}")
        return problems


@dataclass
class MakeBackup:
    """A backup into the backups folder (backups service): a verified copy or nothing."""

    name: str = "backup"

    def missing(self) -> str | None:
        return None

    def prepare(self, ctx: AppContext) -> None:
        pass

    def run(self, ctx: AppContext, tag: str, rng: random.Random) -> None:
        from crm_desktop.services.backups import backup

        backup.make_backup(ctx, "auto")

    def verify(self, ctx: AppContext, done: list[str], inflight: str | None) -> list[str]:
        from crm_desktop.storage import backup as store

        found = store.backup_paths(ctx.backup_dir)
        problems = [f"backup: {p.name} fails its check" for p in found if store.verify(p)]
        if done and not found:
            problems.append("backup: backups were made but none is left")
        leftovers = [p.name for p in ctx.backup_dir.glob("*.partial*")]
        if leftovers:
            problems.append(f"backup: leftovers after a start: {leftovers}")
        return problems


@dataclass
class RestoreBackup:
    """Restore a backup into a second data folder (backups service): the folder holds the old
    or the restored data, whole, and no leftover survives the next start."""

    name: str = "restore"

    def missing(self) -> str | None:
        return None

    def _target(self, ctx: AppContext) -> tuple[Any, Any]:
        base = ctx.data_dir.parent
        return base / "restore-target", base / "restore-source.sqlite"

    def prepare(self, ctx: AppContext) -> None:
        from crm_desktop.services.app import open_app
        from crm_desktop.services.backups import backup
        from crm_desktop.services.contacts.edit import create_contact

        folder, source = self._target(ctx)
        other = open_app(folder)
        try:
            for i in range(RESTORE_CONTACTS):
                create_contact(other, {"type": "company", "name": f"Restored {i}"})
            backup.make_backup(other, to=source)
        finally:
            other.close()

    def run(self, ctx: AppContext, tag: str, rng: random.Random) -> None:
        from crm_desktop.services.backups import backup

        folder, source = self._target(ctx)
        backup.restore_backup(folder, source)

    def verify(self, ctx: AppContext, done: list[str], inflight: str | None) -> list[str]:
        from crm_desktop.services.app import open_app
        from crm_desktop.services.backups.check import check_data_dir

        folder, _source = self._target(ctx)
        try:
            other = open_app(folder)
        except Exception as exc:  # noqa: BLE001 - any failure is the finding
            return [f"restore: the folder does not open after a kill: {exc}"]
        try:
            with other.db.read() as s:
                count = s.scalar(select(func.count()).select_from(m.Contact))
        finally:
            other.close()
        problems = [] if count == RESTORE_CONTACTS else [f"restore: {count} contacts"]
        report = check_data_dir(folder)
        if not report.ok:
            problems.append(f"restore: {report.problems}")
        if list(folder.glob("crm.sqlite.restoring*")):
            problems.append("restore: crm.sqlite.restoring left after a start")
        return problems


ALL_ACTIONS: tuple[Action, ...] = (
    IssueNumbers(),
    CreateCompany(),
    SaveCompanyWithPersons(),
    RenameSalesperson(),
    ImportCsv(),
    SyncCustomerUpdate(),
    FirstStart(),
    MakeBackup(),
    RestoreBackup(),
)


def available() -> list[Action]:
    """The actions whose services exist now."""
    return [a for a in ALL_ACTIONS if a.missing() is None]


def by_name(names: list[str]) -> list[Action]:
    """Actions by name, in that order."""
    table = {a.name: a for a in ALL_ACTIONS}
    return [table[n] for n in names]
