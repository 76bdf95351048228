"""Checking and writing the rows of a streaming contact import (the work behind `csv_import`).

`RowImporter.check` reads the stream and validates every row with the card's rules before
anything is written, keeping what later rows need in the import's scratch tables
(`storage.import_scratch`); `RowImporter.write` draws the numbers and inserts the rows in
batches inside the caller's session. `Reporter` carries progress and the user's Cancel.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.domain import contacts as rules
from crm_desktop.domain.csv_format import CsvRow, RowError, parse_type
from crm_desktop.domain.defaults import apply_defaults, apply_type
from crm_desktop.domain.errors import (
    ALREADY_EXISTS,
    DOES_NOT_EXIST,
    MUST_HAVE_VALUE,
    CrmError,
    ValidationError,
)
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.domain.inheritance import InheritFlags, inherit_on_assign
from crm_desktop.services import duplicates, numbering
from crm_desktop.services.contacts.bulk import BulkWriter
from crm_desktop.services.contacts.relation_summary import summary_in
from crm_desktop.services.contacts.rules import merged_away_error, merged_away_nos_in
from crm_desktop.storage import contact_search
from crm_desktop.storage import models as m
from crm_desktop.storage.import_scratch import ImportScratch

CONTACT_TABLE = QT_TRANSLATE_NOOP("masterdata", "Contact")
CONTACT_NOS = QT_TRANSLATE_NOOP("setup", "Contact Nos.")
MARKETING_SETUP = QT_TRANSLATE_NOOP("setup", "Marketing Setup")

CANNOT_READ = QT_TRANSLATE_NOOP("errors", "The file {path} cannot be read ({reason}).")
REFUSED = QT_TRANSLATE_NOOP(
    "errors", "Rows of the file with errors: {count}. Nothing was imported."
)
CANCELLED = QT_TRANSLATE_NOOP("errors", "The import was cancelled; nothing was imported.")
REPEATED_NO = QT_TRANSLATE_NOOP(
    "errors", "Contact {code} is in the file more than once (first on line {first})."
)
NOT_A_COMPANY = QT_TRANSLATE_NOOP("errors", "Contact {no} is not a company.")
COMPANY_ROW_BAD = QT_TRANSLATE_NOOP(
    "errors", "Company {code} on line {line} has an error, so this person cannot be imported."
)
TYPE_MUST_BE_PERSON = QT_TRANSLATE_NOOP("errors", "Type must be equal to Person")
MUST_SELECT = QT_TRANSLATE_NOOP("errors", "You must select an existing contact.")
AMBIGUOUS_COMPANY = QT_TRANSLATE_NOOP(
    "errors", "More than one company is named {name}; give its number in company_no."
)

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]

_BATCH = 2000
# SQLite's page cache during an import, so its peak memory stays bounded (issue 14 point 8).

# Progress is reported in steps of a whole: reading, persons, writing.
STEPS = 1000
READ_SHARE, _PERSON_SHARE = 450, 150
# Companies and relation summaries looked up again and again are cached up to this many.
_CACHE = 2000
_REF_TABLE_CAPTIONS = {
    "salesperson": QT_TRANSLATE_NOOP("masterdata", "Salesperson/Purchaser"),
    "territory": QT_TRANSLATE_NOOP("masterdata", "Territory"),
    "country_region": QT_TRANSLATE_NOOP("masterdata", "Country/Region"),
    "language": QT_TRANSLATE_NOOP("masterdata", "Language"),
    "currency": QT_TRANSLATE_NOOP("masterdata", "Currency"),
    "salutation": QT_TRANSLATE_NOOP("masterdata", "Salutation"),
}


class ImportRefusedError(ValidationError):
    """The file has bad rows and nothing was written; `errors` lists them by line and
    `good_rows` says how many rows `skip_invalid` would import."""

    def __init__(self, errors: list[RowError], good_rows: int = 0) -> None:
        super().__init__(REFUSED, count=len(errors))
        self.errors = errors
        self.good_rows = good_rows


class ImportCancelledError(CrmError):
    """The user cancelled the import; nothing was written."""


@dataclass(frozen=True)
class ImportResult:
    """What an import did: how many contacts it wrote and the rows it left out (by line)."""

    imported: int
    errors: list[RowError] = field(default_factory=list)
    companies: int = 0
    persons: int = 0
    notices: list[str] = field(default_factory=list)


@dataclass
class _Row:
    line: int
    values: dict[str, Any]
    given: frozenset[str]  # columns the row filled in (non-blank)


class RowSource(Protocol):
    """What `RowImporter.check` reads: rows and format errors in file order, and how far it got
    (in the unit of the Reporter's `size`). A `domain.csv_reading.CsvStream` is one."""

    def __iter__(self) -> Iterator[CsvRow | RowError]: ...

    def position(self) -> int: ...


class Reporter:
    """Progress over the three steps and the cancel check."""

    def __init__(self, size: int, progress: Progress | None, cancel: Cancel | None) -> None:
        self.size = size
        self.progress = progress
        self.cancel = cancel
        self.ticks = 0

    def tick(self, done: float) -> None:
        """A batch is done; `done` is the share of the whole (0..1)."""
        self.ticks += 1
        if self.cancel is not None and self.cancel():
            raise ImportCancelledError(CANCELLED)
        if self.progress is not None:
            self.progress(min(STEPS, int(done * STEPS)), STEPS)

    def done(self) -> None:
        if self.progress is not None:
            self.progress(STEPS, STEPS)


class _Cache(dict[str, Any]):
    """A dict that forgets everything when it grows past `_CACHE` entries."""

    def put(self, key: str, value: Any) -> Any:
        if len(self) >= _CACHE:
            self.clear()
        self[key] = value
        return value


class RowImporter:
    """The checks and the bulk write of one import, inside one session."""

    def __init__(self, s: Session, scratch: ImportScratch, report: Reporter) -> None:
        self.s = s
        self.scratch = scratch
        self.report = report
        setup_row = s.get(m.MarketingSetup, 1)
        self.setup: dict[str, Any] = {
            c.key: ("" if getattr(setup_row, c.key) is None else getattr(setup_row, c.key))
            for c in m.MarketingSetup.__table__.columns
        }
        user = s.get(m.UserSetup, 1)
        self.my_salesperson = (user.salesperson_code or "") if user else ""
        self.work_date = (user.work_date if user else None) or dt.date.today()
        self.flags = InheritFlags.from_setup(self.setup)
        self.series = str(self.setup.get("contact_nos") or "")
        # Numbers that went in a merge are never issued again (issue 17).
        self.merged_away = merged_away_nos_in(s)
        self.codes: dict[str, set[str]] = {}
        self.errors: list[RowError] = []
        # Numbers of company rows (and unreadable rows) with an error, so persons naming them
        # get a clear reason.
        self.bad_company_lines: dict[str, int] = {}
        self.manual_error: CrmError | None = None
        self.auto_error: CrmError | None = None
        try:
            numbering.check_manual_allowed(s, self.series)
        except CrmError as exc:
            self.manual_error = exc
        if not self.series:
            self.auto_error = ValidationError(
                MUST_HAVE_VALUE, field="no", field_caption=CONTACT_NOS, table=MARKETING_SETUP
            )
        else:
            try:
                numbering.check_default_allowed(s, self.series)
            except CrmError as exc:
                self.auto_error = exc
        self._names_loaded = False
        self._file_companies = _Cache()
        self._db_companies = _Cache()
        self._summaries = _Cache()
        self._kept = 0

    # -- step 1: read, clean, numbers, companies

    def check(self, reader: RowSource) -> int:
        """Check every row; returns how many are good (the errors are in `self.errors`)."""
        batch: list[CsvRow] = []
        size = self.report.size
        for item in reader:
            if isinstance(item, RowError):
                self.errors.append(item)
                continue
            batch.append(item)
            if len(batch) % 500 == 0:
                if len(batch) >= _BATCH:
                    self._read_batch(batch)
                    batch = []
                self.report.tick(READ_SHARE / STEPS * min(1.0, reader.position() / size))
        self._read_batch(batch)
        self.report.tick(READ_SHARE / STEPS)
        self._persons()
        return self._kept

    def _read_batch(self, rows: list[CsvRow]) -> None:
        cleaned = [r for r in (self._clean(row) for row in rows) if r is not None]
        bad = self._check_numbers(cleaned)
        for r in cleaned:
            v = r.values
            if r.line in bad:
                if v["no"] and v["type"] == rules.COMPANY:
                    self.bad_company_lines[v["no"]] = r.line
                continue
            if v["type"] == rules.COMPANY:
                if self._guard(r, self._complete_company):
                    self.scratch.add_company(_key(r), r.line, r.values, r.values["name"].casefold())
                    self.scratch.add_row(r.line, rules.COMPANY, r.values)
                    self._kept += 1
                elif v["no"]:
                    self.bad_company_lines[v["no"]] = r.line
            else:
                pending = dict(v)
                pending["\x00given"] = sorted(r.given)
                self.scratch.add_row(r.line, _PENDING, pending)

    def _guard(self, row: _Row, action: Callable[[_Row], None]) -> bool:
        try:
            action(row)
        except CrmError as exc:
            self.errors.append(RowError.of(row.line, exc))
            return False
        return True

    def _clean(self, row: CsvRow) -> _Row | None:
        # Blank cells stay blank whatever the field, so only filled cells go through the rules.
        raw = {k: v for k, v in row.values.items() if v != "" and k != "type"}
        try:
            kind = parse_type(row.values.get("type", ""))
            values = rules.clean_contact_values(raw)
        except ValidationError as exc:
            self.errors.append(RowError.of(row.line, exc))
            no = str(row.values.get("no", "")).strip().upper()
            if no:
                self.bad_company_lines.setdefault(no, row.line)
            return None
        given = frozenset(k for k, v in values.items() if v not in ("", False))
        full = dict(_BLANK)
        full.update(values)
        full["type"] = kind
        return _Row(row.line, full, given)

    def _check_numbers(self, rows: list[_Row]) -> set[int]:
        """Repeated, existing and not-allowed numbers; returns the lines found bad."""
        given = [(r.values["no"], r.line, r.values["type"]) for r in rows if r.values["no"]]
        first = self.scratch.add_numbers(given)
        nos = sorted({no for no, _line, _type in given})
        existing: set[str] = set()
        for i in range(0, len(nos), 500):
            stmt = select(m.Contact.no).where(m.Contact.no.in_(nos[i : i + 500]))
            existing.update(self.s.scalars(stmt))
        bad: set[int] = set()
        for r in rows:
            no = r.values["no"]
            err: CrmError | None
            if not no:
                err = self.auto_error
            elif first[no] != r.line:
                err = ValidationError(REPEATED_NO, field="no", code=no, first=first[no])
            elif no in existing:
                err = ValidationError(ALREADY_EXISTS, field="no", table=CONTACT_TABLE, code=no)
            elif no in self.merged_away:
                err = merged_away_error(no, self.merged_away[no])
            else:
                err = self.manual_error
            if err is not None:
                self.errors.append(RowError.of(r.line, err, "no"))
                bad.add(r.line)
        return bad

    def _complete_company(self, row: _Row) -> None:
        v = row.values
        if v["company_no"] and v["company_no"] != v["no"]:
            # A company is its own company; the contacts service says the same on the card.
            raise ValidationError(TYPE_MUST_BE_PERSON, field="company_no")
        self._finish(row)

    # -- step 2: persons against their companies

    def _persons(self) -> None:
        total = max(1, self.scratch.count(_PENDING))
        done = 0
        for batch in self.scratch.rows(_PENDING):
            kept: list[tuple[int, dict[str, Any]]] = []
            for line, values, _drawn in batch:
                given = frozenset(values.pop("\x00given"))
                row = _Row(line, values, given)
                if self._guard(row, self._complete_person):
                    kept.append((line, row.values))
            self.scratch.replace_rows(rules.PERSON, [line for line, _v, _d in batch], kept)
            self._kept += len(kept)
            done += len(batch)
            self.report.tick((READ_SHARE + _PERSON_SHARE * done / total) / STEPS)

    def _complete_person(self, row: _Row) -> None:
        v = row.values
        # §10 as on the card: name parts given rebuild Name; a Name alone is split.
        if row.given & set(rules.PERSON_NAME_FIELDS):
            v["name"] = rules.clean_value(
                "name", rules.join_name(v["first_name"], v["middle_name"], v["surname"])
            )
        elif "name" in row.given:
            v["first_name"], v["middle_name"], v["surname"] = rules.split_name(v["name"])
        company_no = v["company_no"]
        if not company_no and v["company_name"]:
            company_no = self._resolve_company_name(v["company_name"])
            v["company_no"] = company_no
        if company_no:
            company, in_database = self._company(company_no)
            changes = inherit_on_assign(v, company, None, self.flags)
            for name, value in changes.items():
                # The row's own values win; inheritance fills what it left blank.
                if name not in row.given or name == "company_name":
                    v[name] = value
            if in_database:
                # A new person shows its company's business relations (§5.1), as on the card.
                v["contact_business_relation"] = self._summary(company_no)
        self._finish(row)

    def _file_company(self, key: str) -> dict[str, Any] | None:
        if key in self._file_companies:
            return dict(self._file_companies[key])
        found = self.scratch.company(key)
        if found is None:
            return None
        return dict(self._file_companies.put(key, found))

    def _db_company(self, no: str) -> dict[str, Any] | None:
        if no not in self._db_companies:
            table = m.Contact.__table__
            stmt = select(table).where(table.c.no == no, table.c.type == rules.COMPANY)
            row = self.s.execute(stmt).mappings().first()
            found = {k: ("" if v is None else v) for k, v in row.items()} if row else None
            self._db_companies.put(no, found)
        found = self._db_companies[no]
        return dict(found) if found is not None else None

    def _company(self, no: str) -> tuple[dict[str, Any], bool]:
        """The company a person names: its values, and whether it is in the database."""
        in_file = self._file_company(no)
        if in_file is not None:
            return in_file, False
        if no in self.bad_company_lines:
            raise ValidationError(
                COMPANY_ROW_BAD, field="company_no", code=no, line=self.bad_company_lines[no]
            )
        in_database = self._db_company(no)
        if in_database is not None:
            return in_database, True
        exists = self.s.scalar(select(m.Contact.no).where(m.Contact.no == no)) is not None
        if exists or self.scratch.file_type_of(no) == rules.PERSON:
            raise ValidationError(NOT_A_COMPANY, field="company_no", no=no)
        raise ValidationError(DOES_NOT_EXIST, field="company_no", table=CONTACT_TABLE, code=no)

    def _resolve_company_name(self, text: str) -> str:
        """BC's GetCompNo without a dialog: an existing contact No., else the one company
        with that name (case-insensitive)."""
        code = text.strip().upper()
        if self._file_company(code) is not None or self._db_company(code) is not None:
            return code
        if not self._names_loaded:
            # Once per import: the database's companies by name, beside the file's.
            stmt = select(m.Contact.no, m.Contact.name).where(m.Contact.type == rules.COMPANY)
            self.scratch.add_names(
                (str(name).casefold(), str(no)) for no, name in self.s.execute(stmt).all()
            )
            self._names_loaded = True
        matches = self.scratch.numbers_named(text.strip().casefold())
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise ValidationError(MUST_SELECT, field="company_name")
        raise ValidationError(AMBIGUOUS_COMPANY, field="company_name", name=text)

    def _summary(self, company_no: str) -> str:
        if company_no not in self._summaries:
            probe = m.Contact(no="", type=rules.PERSON, company_no=company_no)
            self._summaries.put(company_no, summary_in(self.s, probe))
        return str(self._summaries[company_no])

    def _finish(self, row: _Row) -> None:
        """Defaults into blank fields, Search Name, then the references must exist."""
        v = apply_defaults(row.values, self.setup, self.my_salesperson)
        if v["type"] == rules.COMPANY:
            v = apply_type(v, self.setup, previous_type=None)
        if not v["search_name"]:
            v["search_name"] = rules.next_search_name("", v["name"], "")
        for name, ref in rules.REF_TABLES.items():
            code = v.get(name) or ""
            if code and code not in self._codes(ref):
                raise ValidationError(
                    DOES_NOT_EXIST,
                    field=name,
                    table=_REF_TABLE_CAPTIONS.get(ref, ref),
                    code=code,
                )
        row.values = v

    def _codes(self, table_name: str) -> set[str]:
        if table_name not in self.codes:
            table = m.Base.metadata.tables[table_name]
            self.codes[table_name] = set(self.s.execute(select(table.c.code)).scalars())
        return self.codes[table_name]

    # -- step 3: write

    def write(self) -> tuple[int, int]:
        """Number the rows without a number, then insert companies and persons in batches."""
        self._draw_numbers()
        # Local wall-clock time, as the contacts service stamps Last Date/Time Modified.
        now = dt.datetime.now().replace(microsecond=0)
        written = {rules.COMPANY: 0, rules.PERSON: 0}
        with contact_search.filled_after(self.s.connection()):
            self._insert_all(BulkWriter(self.s, now), written)
        return written[rules.COMPANY], written[rules.PERSON]

    def _insert_all(self, writer: BulkWriter, written: dict[str, int]) -> None:
        total = max(1, self._kept)
        pending_nos: list[str] = []
        for kind in (rules.COMPANY, rules.PERSON):
            for batch in self.scratch.rows(kind):
                values = [v for _line, v, _drawn in batch]
                for v in (v for _line, v, drawn in batch if drawn):
                    v["no_series"] = self.series
                    if kind == rules.COMPANY:
                        v["company_no"] = v["no"]
                if kind == rules.PERSON:
                    self._company_numbers(values)
                writer.insert(values)
                written[kind] += len(values)
                pending_nos += [v["no"] for v in values]
                if len(pending_nos) >= _DUPLICATE_BATCH:
                    duplicates.maintain_many_in(self.s, pending_nos)
                    pending_nos = []
                share = sum(written.values()) / total
                self.report.tick((READ_SHARE + _PERSON_SHARE + (STEPS - 600) * share) / STEPS)
        if pending_nos:
            duplicates.maintain_many_in(self.s, pending_nos)

    def _draw_numbers(self) -> None:
        """Numbers from Contact Nos. for the kept rows without one, in file order, skipping
        numbers already taken (§6.6)."""
        for batch in self.scratch.auto_lines():
            out: list[str] = []
            while len(out) < len(batch):
                issued = numbering.issue_many(
                    self.s, self.series, self.work_date, len(batch) - len(out)
                )
                taken = self.scratch.is_taken(issued)
                out += [n for n in issued if n not in taken and n not in self.merged_away]
            self.scratch.set_drawn([(no, line) for no, (line, _k) in zip(out, batch, strict=True)])

    def _company_numbers(self, persons: list[dict[str, Any]]) -> None:
        """A person naming a company of the file that had no number gets the drawn one."""
        lines = [_stand_in_line(v["company_no"]) for v in persons]
        drawn = self.scratch.drawn_for([n for n in lines if n is not None])
        for v, line in zip(persons, lines, strict=True):
            if line is not None:
                v["company_no"] = drawn[line]


_PENDING = "pending-person"
_DUPLICATE_BATCH = 2000
_BLANK: dict[str, Any] = {f.name: "" for f in rules.CONTACT_FIELDS} | {"privacy_blocked": False}
_STAND_IN = "\x00line"


def _key(row: _Row) -> str:
    """A file company's number, or a stand-in that no code can equal (codes are upper case
    and hold no control characters) until its number is drawn."""
    return row.values["no"] or f"{_STAND_IN}{row.line}"


def _stand_in_line(company_no: str) -> int | None:
    return int(company_no[len(_STAND_IN) :]) if company_no.startswith(_STAND_IN) else None
