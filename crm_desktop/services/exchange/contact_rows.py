"""Checking and writing the rows of a contact import (the work behind `csv_import`).

`RowImporter.check` validates every row with the card's rules before anything is written;
`RowImporter.write` inserts them in bulk inside the caller's session. `Reporter` carries
progress over both passes and the user's Cancel.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.domain import contacts as rules
from crm_desktop.domain.csv_format import (
    CsvRow,
    CsvTable,
    RowError,
    parse_type,
)
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
from crm_desktop.services.contacts.bulk import BulkWriter as _BulkWriter
from crm_desktop.services.contacts.bulk import contact_table as _contact_table
from crm_desktop.services.contacts.relation_summary import summary_in
from crm_desktop.services.contacts.rules import merged_away_error, merged_away_nos_in
from crm_desktop.storage import models as m

CONTACT_TABLE = QT_TRANSLATE_NOOP("masterdata", "Contact")
CONTACT_NOS = QT_TRANSLATE_NOOP("setup", "Contact Nos.")
MARKETING_SETUP = QT_TRANSLATE_NOOP("setup", "Marketing Setup")

CANNOT_READ = QT_TRANSLATE_NOOP("errors", "The file {path} cannot be read ({reason}).")
REFUSED = QT_TRANSLATE_NOOP(
    "errors", "{count} row(s) of the file have errors, so nothing was imported."
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

_CHUNK = 2000
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
class Row:
    line: int
    values: dict[str, Any]
    given: frozenset[str]  # columns the row filled in (non-blank)


class Reporter:
    """Progress over two passes (check, then write) and the cancel check."""

    def __init__(self, rows: int, progress: Progress | None, cancel: Cancel | None) -> None:
        self.total = max(1, 2 * rows)
        self.progress = progress
        self.cancel = cancel
        self.count = 0
        self.polls = 0

    def step(self, n: int = 1) -> None:
        self.count += n
        if self.count % 500 < n or n > 1:
            if self.cancel is not None and self.cancel():
                raise ImportCancelledError(CANCELLED)
            if self.progress is not None:
                self.progress(min(self.count, self.total), self.total)

    def poll(self) -> None:
        """Between progress steps: honour a cancel now and then."""
        self.polls += 1
        if self.polls % 500 == 0 and self.cancel is not None and self.cancel():
            raise ImportCancelledError(CANCELLED)

    def done(self) -> None:
        if self.progress is not None:
            self.progress(self.total, self.total)


class RowImporter:
    """The checks and the bulk write of one import, inside one session."""

    def __init__(self, s: Session, report: Reporter) -> None:
        self.s = s
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
        self.existing: dict[str, str] = dict(s.execute(select(m.Contact.no, m.Contact.type)).all())
        # Numbers that went in a merge are never issued again (issue 17).
        self.merged_away = merged_away_nos_in(s)
        self.codes: dict[str, set[str]] = {}
        self.errors: list[RowError] = []
        self._company_names: dict[str, list[str]] | None = None
        # Numbers of rows refused while cleaning, so persons naming them get a clear reason.
        self.unreadable_nos: dict[str, int] = {}
        self.file_persons: set[str] = set()

    # -- checking

    def check(self, table: CsvTable) -> tuple[list[Row], list[RowError]]:
        """Clean every row, then settle numbers, companies, inheritance and defaults."""
        cleaned: list[Row] = []
        for row in table.rows:
            self.report.step()
            prepared = self._clean(row)
            if prepared is not None:
                cleaned.append(prepared)
        self._check_numbers(cleaned)
        bad_lines = {e.line for e in self.errors}
        rows = [r for r in cleaned if r.line not in bad_lines]
        self.file_persons = {
            r.values["no"] for r in cleaned if r.values["type"] == rules.PERSON and r.values["no"]
        }
        # Companies of the file by number, or by a stand-in key until their number is drawn, so
        # a person may name a company without a number by its name.
        companies = {_key(r): r for r in rows if r.values["type"] == rules.COMPANY}
        for r in rows:
            if r.values["type"] == rules.COMPANY:
                self._guard(r, self._complete_company)
        bad_lines = {e.line for e in self.errors}
        good_companies = {k: r for k, r in companies.items() if r.line not in bad_lines}
        bad_company_lines = dict(self.unreadable_nos)
        bad_company_lines.update(
            (r.values["no"], r.line)
            for r in cleaned
            if r.line in bad_lines and r.values["no"] and r.values["type"] == rules.COMPANY
        )
        needed = {
            r.values["company_no"]
            for r in rows
            if r.values["type"] == rules.PERSON and r.values["company_no"]
        }
        db_companies = self._load_companies(needed - set(good_companies))
        for r in rows:
            if r.values["type"] == rules.PERSON:
                self._guard(
                    r,
                    lambda r: self._complete_person(
                        r, good_companies, bad_company_lines, db_companies
                    ),
                )
        bad_lines = {e.line for e in self.errors}
        return [r for r in rows if r.line not in bad_lines], self.errors

    def _guard(self, row: Row, action: Callable[[Row], None]) -> None:
        self.report.poll()
        try:
            action(row)
        except CrmError as exc:
            self.errors.append(RowError.of(row.line, exc))

    def _clean(self, row: CsvRow) -> Row | None:
        # Blank cells stay blank whatever the field, so only filled cells go through the rules.
        raw = {k: v for k, v in row.values.items() if v != "" and k != "type"}
        try:
            kind = parse_type(row.values.get("type", ""))
            values = rules.clean_contact_values(raw)
        except ValidationError as exc:
            self.errors.append(RowError.of(row.line, exc))
            no = str(row.values.get("no", "")).strip().upper()
            if no:
                self.unreadable_nos.setdefault(no, row.line)
            return None
        given = frozenset(k for k, v in values.items() if v not in ("", False))
        full = dict(_BLANK)
        full.update(values)
        full["type"] = kind
        return Row(row.line, full, given)

    def _check_numbers(self, rows: list[Row]) -> None:
        manual_error: CrmError | None = None
        auto_error: CrmError | None = None
        try:
            numbering.check_manual_allowed(self.s, self.series)
        except CrmError as exc:
            manual_error = exc
        if not self.series:
            auto_error = ValidationError(
                MUST_HAVE_VALUE, field="no", field_caption=CONTACT_NOS, table=MARKETING_SETUP
            )
        else:
            try:
                numbering.check_default_allowed(self.s, self.series)
            except CrmError as exc:
                auto_error = exc
        first_line: dict[str, int] = {}
        for r in rows:
            no = r.values["no"]
            if not no:
                if auto_error is not None:
                    self.errors.append(RowError.of(r.line, auto_error, "no"))
                continue
            if no in first_line:
                err: CrmError = ValidationError(
                    REPEATED_NO, field="no", code=no, first=first_line[no]
                )
            elif no in self.existing:
                err = ValidationError(ALREADY_EXISTS, field="no", table=CONTACT_TABLE, code=no)
            elif no in self.merged_away:
                err = merged_away_error(no, self.merged_away[no])
            elif manual_error is not None:
                err = manual_error
            else:
                first_line[no] = r.line
                continue
            first_line.setdefault(no, r.line)
            self.errors.append(RowError.of(r.line, err, "no"))

    def _complete_company(self, row: Row) -> None:
        v = row.values
        if v["company_no"] and v["company_no"] != v["no"]:
            # A company is its own company; the contacts service says the same on the card.
            raise ValidationError(TYPE_MUST_BE_PERSON, field="company_no")
        self._finish(row)

    def _complete_person(
        self,
        row: Row,
        file_companies: dict[str, Row],
        bad_company_lines: dict[str, int],
        db_companies: dict[str, dict[str, Any]],
    ) -> None:
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
            company_no = self._resolve_company_name(v["company_name"], file_companies)
            if company_no not in file_companies and company_no not in db_companies:
                db_companies.update(self._load_companies({company_no}))
            v["company_no"] = company_no
        if company_no:
            company = self._company(company_no, file_companies, bad_company_lines, db_companies)
            changes = inherit_on_assign(v, company, None, self.flags)
            for name, value in changes.items():
                # The row's own values win; inheritance fills what it left blank.
                if name not in row.given or name == "company_name":
                    v[name] = value
        self._finish(row)

    def _company(
        self,
        no: str,
        file_companies: dict[str, Row],
        bad_company_lines: dict[str, int],
        db_companies: dict[str, dict[str, Any]],
    ) -> dict[str, Any]:
        if no in file_companies:
            return file_companies[no].values
        if no in bad_company_lines:
            raise ValidationError(
                COMPANY_ROW_BAD, field="company_no", code=no, line=bad_company_lines[no]
            )
        if no in db_companies:
            return db_companies[no]
        if no in self.existing or no in self.file_persons:
            raise ValidationError(NOT_A_COMPANY, field="company_no", no=no)
        raise ValidationError(DOES_NOT_EXIST, field="company_no", table=CONTACT_TABLE, code=no)

    def _resolve_company_name(self, text: str, file_companies: dict[str, Row]) -> str:
        """BC's GetCompNo without a dialog: an existing contact No., else the one company
        with that name (case-insensitive)."""
        code = text.strip().upper()
        if code in file_companies or self.existing.get(code) == rules.COMPANY:
            return code
        if self._company_names is None:
            # Built once per import: companies in the database and in the file, by name.
            names: dict[str, list[str]] = {}
            stmt = select(m.Contact.no, m.Contact.name).where(m.Contact.type == rules.COMPANY)
            for no, name in self.s.execute(stmt):
                names.setdefault(name.casefold(), []).append(no)
            for no, r in file_companies.items():
                names.setdefault(r.values["name"].casefold(), []).append(no)
            self._company_names = names
        matches = self._company_names.get(text.strip().casefold(), [])
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise ValidationError(MUST_SELECT, field="company_name")
        raise ValidationError(AMBIGUOUS_COMPANY, field="company_name", name=text)

    def _finish(self, row: Row) -> None:
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

    def _load_companies(self, nos: set[str]) -> dict[str, dict[str, Any]]:
        wanted = sorted(n for n in nos if self.existing.get(n) == rules.COMPANY)
        out: dict[str, dict[str, Any]] = {}
        table = _contact_table()
        for i in range(0, len(wanted), 500):
            stmt = select(table).where(table.c.no.in_(wanted[i : i + 500]))
            for row in self.s.execute(stmt).mappings():
                out[row["no"]] = {k: ("" if v is None else v) for k, v in row.items()}
        return out

    # -- writing

    def write(self, rows: list[Row]) -> tuple[int, int]:
        """Number the rows without a number, then insert companies and persons in bulk."""
        auto = [r for r in rows if not r.values["no"]]
        if auto:
            taken = set(self.existing) | set(self.merged_away)
            taken |= {r.values["no"] for r in rows if r.values["no"]}
            drawn: dict[str, str] = {}
            for r, no in zip(auto, self._numbers(len(auto), taken), strict=True):
                if r.values["type"] == rules.COMPANY:
                    drawn[_key(r)] = no
                    r.values["company_no"] = no
                r.values["no"] = no
                r.values["no_series"] = self.series
            for r in rows:
                if r.values["company_no"] in drawn:
                    r.values["company_no"] = drawn[r.values["company_no"]]
        # Local wall-clock time, as the contacts service stamps Last Date/Time Modified.
        now = dt.datetime.now().replace(microsecond=0)
        companies = [r.values for r in rows if r.values["type"] == rules.COMPANY]
        persons = [r.values for r in rows if r.values["type"] == rules.PERSON]
        self._relation_summaries(persons)
        writer = _BulkWriter(self.s, now)
        for batch in (companies, persons):
            for i in range(0, len(batch), _CHUNK):
                chunk = batch[i : i + _CHUNK]
                writer.insert(chunk)
                self.report.step(len(chunk))
        self._maintain_duplicates([r.values["no"] for r in rows])
        return len(companies), len(persons)

    def _numbers(self, count: int, taken: set[str]) -> list[str]:
        """`count` new numbers from Contact Nos., skipping numbers already taken (§6.6)."""
        out: list[str] = []
        while len(out) < count:
            issued = numbering.issue_many(self.s, self.series, self.work_date, count - len(out))
            out += [n for n in issued if n not in taken]
        return out

    def _relation_summaries(self, persons: list[dict[str, Any]]) -> None:
        """A new person shows its company's business relations (§5.1), as on the card; new
        companies have none. Worked out once per company already in the database."""
        summaries: dict[str, str] = {}
        for v in persons:
            company_no = v["company_no"]
            if self.existing.get(company_no) != rules.COMPANY:
                continue
            if company_no not in summaries:
                probe = m.Contact(no="", type=rules.PERSON, company_no=company_no)
                summaries[company_no] = summary_in(self.s, probe)
            v["contact_business_relation"] = summaries[company_no]

    def _maintain_duplicates(self, nos: list[str]) -> None:
        if nos:
            duplicates.maintain_many_in(self.s, nos)


_BLANK: dict[str, Any] = {f.name: "" for f in rules.CONTACT_FIELDS} | {"privacy_blocked": False}


def _key(row: Row) -> str:
    """A file company's number, or a stand-in that no code can equal (codes are upper case
    and hold no control characters) until its number is drawn."""
    return row.values["no"] or f"\x00line{row.line}"
