"""Importing contacts from any format: read, preview with duplicates, then import as chosen.

`read_source` tells the format by the file's content (vCard, .xlsx, our CSV, Outlook/Google CSV)
and reads it; `plan_import` maps it onto our columns and runs the importer's checks and write in
a transaction that is rolled back, to find the rows it would refuse and, with the method set in
Marketing Setup, the incoming contacts that duplicate existing ones or each other;
`import_planned` then imports in one transaction, honouring the user's choice per duplicate:
skip, merge (insert, then merge into the existing contact) or import anyway. The one importer
(`contact_rows.RowImporter`) checks and writes every format, so every rule of the CSV import
holds. Pictures are scaled and stored; notes become the contact's comment lines.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm_desktop.domain import csv_format as cf
from crm_desktop.domain.duplicates.search_strings import METHOD_SEARCH_STRINGS
from crm_desktop.domain.errors import LENGTH_EXCEEDED, MUST_HAVE_VALUE, CrmError, ValidationError
from crm_desktop.domain.exchange_formats import csv_kinds as kinds
from crm_desktop.domain.exchange_formats.source import (
    LineExtras,
    Lookups,
    Mapped,
    SourceFile,
    read_foreign_csv,
    sniff,
    to_table,
)
from crm_desktop.domain.exchange_formats.vcard import read_vcards
from crm_desktop.domain.exchange_formats.xlsx import read_xlsx
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.services import numbering
from crm_desktop.services.contacts.picture import set_picture_in
from crm_desktop.services.datafile.context import AppContext
from crm_desktop.services.exchange import merge_bridge
from crm_desktop.services.exchange.contact_rows import (
    CANCELLED,
    CANNOT_READ,
    Cancel,
    ImportCancelledError,
    ImportResult,
    Progress,
    Reporter,
)
from crm_desktop.services.exchange.formats_rows import Row, read_ours, run_importer
from crm_desktop.storage import models as m

MAX_FILE_BYTES = 512 * 1024 * 1024
SKIP, MERGE, IMPORT = "skip", "merge", "import"
CHOICES = (SKIP, MERGE, IMPORT)

FILE_TOO_BIG = QT_TRANSLATE_NOOP(
    "errors", "The file is {size} MB; files up to {limit} MB can be imported."
)
PICTURE_SKIPPED = QT_TRANSLATE_NOOP(
    "exchange", "Line {line}: the picture was not imported: {reason}"
)
BAD_CHOICE = QT_TRANSLATE_NOOP(
    "errors", "Line {line}: the choice {choice} is not skip, merge or import."
)


@dataclass(frozen=True)
class Candidate:
    """A contact an incoming one may duplicate: an existing one (`no`) or an earlier row of
    the same file (`line`)."""

    no: str
    line: int
    name: str


@dataclass(frozen=True)
class DuplicateOffer:
    """An incoming contact (its line, type and name) and the contacts it may duplicate."""

    line: int
    type: str
    name: str
    candidates: tuple[Candidate, ...]


@dataclass
class ImportPlan:
    """What the preview shows: the file, the mapping, the rows it would refuse, the duplicates."""

    source: SourceFile
    mapping: dict[str, str]
    mapped: Mapped
    errors: list[cf.RowError]
    offers: list[DuplicateOffer]
    would_import: int
    method: str


@dataclass
class FormatImportResult:
    """What `import_planned` did, beyond the CSV import's result."""

    result: ImportResult
    kind: str
    pictures: int = 0
    merged: int = 0
    skipped_duplicates: int = 0
    not_imported: list[str] = field(default_factory=list)
    comments: int = 0


class _DryRun(Exception):
    """Raised inside the preview's transaction so that it is rolled back."""


# --- reading ---------------------------------------------------------------------------------


def read_source(
    path: str | Path,
    *,
    lenient: bool = False,
    replace_invalid: bool = False,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> SourceFile:
    """Read any supported contact file, the format told by its content. Raises CsvFileError
    naming the line and reason when it cannot be used at all. `lenient` (the preview, where
    the user maps columns): a CSV with columns we do not know is read for mapping instead of
    refused. `progress`/`cancel` as for the import (a long vCard file reports as it reads);
    Cancel raises ImportCancelledError."""
    target = Path(path)
    try:
        size = target.stat().st_size
        if size > MAX_FILE_BYTES:
            raise cf.CsvFileError(
                FILE_TOO_BIG, field="file", size=size // 2**20, limit=MAX_FILE_BYTES // 2**20
            )
        data = target.read_bytes()
    except OSError as exc:
        raise cf.CsvFileError(
            CANNOT_READ, field="file", path=str(path), reason=exc.strerror or str(exc)
        ) from exc
    return read_bytes(
        data, lenient=lenient, replace_invalid=replace_invalid, progress=progress, cancel=cancel
    )


def read_bytes(
    data: bytes,
    *,
    lenient: bool = False,
    replace_invalid: bool = False,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> SourceFile:
    """`read_source` on a file's bytes. `replace_invalid`: our CSV mixing UTF-8 and other bytes
    is read as UTF-8, the bad bytes replaced and their lines named in the notices."""
    kind = sniff(data, replace_invalid=replace_invalid)
    if kind == kinds.XLSX:
        return read_xlsx(data)
    if kind == kinds.VCARD:

        def step(done: int, total: int) -> None:
            if cancel is not None and cancel():
                raise ImportCancelledError(CANCELLED)
            if progress is not None:
                progress(done, total)

        return read_vcards(data, step)
    if kind == kinds.OURS:
        try:
            table, notices = read_ours(data, replace_invalid=replace_invalid)
        except cf.CsvFileError as exc:
            if lenient and exc.field == "header":
                return read_foreign_csv(data)
            raise
        mapping = {c: c for c in table.columns}
        return SourceFile(
            kinds.OURS,
            table.columns,
            list(table.rows),
            list(table.errors),
            mapping,
            {},
            table.encoding,
            table.delimiter,
            notices,
        )
    return read_foreign_csv(data)


def lookups_in(s: Session) -> Lookups:
    """Country codes by code and name, and the names and numbers of existing companies."""
    countries: dict[str, str] = {}
    by_iso: dict[str, str] = {}
    query = select(m.CountryRegion.code, m.CountryRegion.name, m.CountryRegion.iso_code)
    for code, name, iso in s.execute(query):
        countries[code.casefold()] = code
        if name:
            countries.setdefault(name.casefold(), code)
        if iso:
            by_iso.setdefault(str(iso).upper(), code)
    for alias, iso in kinds.COUNTRY_ALIASES.items():
        if iso in by_iso:
            countries.setdefault(alias, by_iso[iso])
    names = {
        str(n).casefold()
        for n in s.scalars(select(m.Contact.name).where(m.Contact.type == "company"))
    }
    return Lookups(countries, frozenset(names))


# --- preview ---------------------------------------------------------------------------------


def plan_import(
    ctx: AppContext,
    source: SourceFile,
    mapping: Mapping[str, str] | None = None,
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> ImportPlan:
    """Map, check and try the import without keeping anything: the rows it would refuse and
    the duplicates it would create, found with Marketing Setup's duplicate method."""
    chosen = dict(source.mapping if mapping is None else mapping)
    plan: list[ImportPlan] = []
    try:
        with ctx.db.uow() as s:
            mapped = _map(s, source, chosen)
            report = Reporter(max(1, len(mapped.table.rows)), progress, cancel)
            rows, errors, _c, _p = run_importer(s, mapped.table, report, skip_invalid=True)
            method = str(
                s.scalar(select(m.MarketingSetup.duplicate_method)) or METHOD_SEARCH_STRINGS
            )
            offers = _offers(s, rows, method)
            plan.append(ImportPlan(source, chosen, mapped, errors, offers, len(rows), method))
            raise _DryRun
    except _DryRun:
        pass
    return plan[0]


def _map(s: Session, source: SourceFile, mapping: Mapping[str, str]) -> Mapped:
    if source.kind == kinds.OURS:
        # Our CSV keeps its rules: codes as given, a company named that does not exist is an
        # error on the row.
        return to_table(source, mapping, Lookups(), create_companies=False)
    return to_table(source, mapping, lookups_in(s))


def _offers(s: Session, rows: list[Row], method: str) -> list[DuplicateOffer]:
    line_of = {r.values["no"]: r.line for r in rows}
    new = set(line_of)
    pairs: set[tuple[str, str]] = set()
    p = m.ContactDuplicate
    listed = sorted(new)
    for i in range(0, len(listed), 500):
        chunk = listed[i : i + 500]
        query = select(p.contact_no, p.duplicate_contact_no).where(
            p.separate_contacts.is_(False),
            p.contact_no.in_(chunk) | p.duplicate_contact_no.in_(chunk),
        )
        pairs |= {(str(a), str(b)) for a, b in s.execute(query)}
    if method == METHOD_SEARCH_STRINGS:
        pairs |= _person_pairs(s, rows)
    found: dict[str, set[str]] = {}
    for a, b in pairs:
        if a in new and b in new:
            # Within the file: the later row is the one offered.
            first, later = sorted((a, b), key=lambda n: line_of[n])
            found.setdefault(later, set()).add(first)
        else:
            incoming, other = (a, b) if a in new else (b, a)
            found.setdefault(incoming, set()).add(other)
    names = _names(s, {n for others in found.values() for n in others})
    offers = []
    for no, others in found.items():
        row = next(r for r in rows if r.values["no"] == no)
        candidates = tuple(
            Candidate("" if o in new else o, line_of.get(o, 0), names.get(o, ""))
            for o in sorted(others, key=lambda o: (o in new, line_of.get(o, 0), o))
        )
        offers.append(DuplicateOffer(row.line, row.values["type"], row.values["name"], candidates))
    return sorted(offers, key=lambda o: o.line)


def _person_pairs(s: Session, rows: list[Row]) -> set[tuple[str, str]]:
    """Under BC's search-string method (which indexes companies only), persons are the same
    when their e-mail (any case) or mobile phone number (digits only) is."""
    persons = [r for r in rows if r.values["type"] == "person"]
    emails = {r.values["email"].casefold() for r in persons if r.values["email"]}
    mobiles = {_digits(r.values["mobile_phone_no"]) for r in persons if r.values["mobile_phone_no"]}
    mobiles.discard("")
    if not emails and not mobiles:
        return set()
    c = m.Contact
    by_key: dict[str, set[str]] = {}
    email_list = sorted(emails)
    for i in range(0, len(email_list), 500):
        query = select(c.no, func.lower(c.email)).where(
            c.type == "person", func.lower(c.email).in_(email_list[i : i + 500])
        )
        for no, email in s.execute(query):
            by_key.setdefault("e" + str(email).casefold(), set()).add(str(no))
    if mobiles:
        query = select(c.no, c.mobile_phone_no).where(c.type == "person", c.mobile_phone_no != "")
        for no, mobile in s.execute(query):
            digits = _digits(str(mobile))
            if digits in mobiles:
                by_key.setdefault("m" + digits, set()).add(str(no))
    pairs: set[tuple[str, str]] = set()
    for r in persons:
        keys = []
        if r.values["email"]:
            keys.append("e" + r.values["email"].casefold())
        if _digits(r.values["mobile_phone_no"]):
            keys.append("m" + _digits(r.values["mobile_phone_no"]))
        for key in keys:
            for other in by_key.get(key, set()):
                if other != r.values["no"]:
                    pairs.add(tuple(sorted((r.values["no"], other))))
    return pairs


def _digits(text: str) -> str:
    digits = "".join(ch for ch in text if ch.isdigit())
    return digits if len(digits) >= 6 else ""


def _names(s: Session, nos: set[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    listed = sorted(nos)
    for i in range(0, len(listed), 500):
        query = select(m.Contact.no, m.Contact.name).where(m.Contact.no.in_(listed[i : i + 500]))
        out.update({str(a): str(b) for a, b in s.execute(query)})
    return out


# --- the import ------------------------------------------------------------------------------


def import_planned(
    ctx: AppContext,
    plan: ImportPlan,
    choices: Mapping[int, str] | None = None,
    *,
    default: str = SKIP,
    skip_invalid: bool = False,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> FormatImportResult:
    """Import a previewed file in one transaction. Each offered duplicate is skipped, merged
    into its first candidate, or imported anyway as `choices[line]` (else `default`) says.
    Raises ImportRefusedError when rows are bad and `skip_invalid` is off,
    ImportCancelledError on Cancel, MergeUnavailableError for merge without the merge
    capability; in each case nothing is written."""
    chosen = {o.line: (choices or {}).get(o.line, default) for o in plan.offers}
    for line, choice in chosen.items():
        if choice not in CHOICES:
            raise ValidationError(BAD_CHOICE, field="choice", line=line, choice=choice)
    if MERGE in chosen.values():
        merge_bridge.check_available()
    offers = {o.line: o for o in plan.offers}
    with ctx.db.uow() as s:
        mapped = _map(s, plan.source, plan.mapping)
        table = _apply_choices(mapped.table, chosen, offers)
        report = Reporter(max(1, len(table.rows)), progress, cancel)
        rows, errors, companies, persons = run_importer(s, table, report, skip_invalid=skip_invalid)
        no_of = {r.line: r.values["no"] for r in rows}
        out = FormatImportResult(
            ImportResult(
                companies + persons,
                errors,
                companies,
                persons,
                [n.message for n in numbering.take_warnings(s)] + list(plan.source.notices),
            ),
            plan.source.kind,
            skipped_duplicates=sum(1 for c in chosen.values() if c == SKIP),
        )
        for line, choice in sorted(chosen.items()):
            if choice == MERGE and line in no_of:
                target = offers[line].candidates[0]
                into = target.no or no_of.get(target.line, "")
                if into:
                    merge_bridge.merge_row_into(s, no_of[line], into)
                    out.merged += 1
        _extras(s, mapped.extras, no_of, out)
        report.done()
        return out


def _apply_choices(
    table: cf.CsvTable, chosen: Mapping[int, str], offers: Mapping[int, DuplicateOffer]
) -> cf.CsvTable:
    """Drop skipped rows; a person whose company row was skipped names the company it
    duplicates instead (an existing No., or the earlier row's name)."""
    skipped = {line for line, c in chosen.items() if c == SKIP}
    renamed: dict[str, str] = {}
    for r in table.rows:
        if r.line in skipped and r.values.get("type") == "company":
            first = offers[r.line].candidates[0]
            renamed[r.values.get("name", "").casefold()] = first.no or first.name
    rows = []
    for r in table.rows:
        if r.line in skipped:
            continue
        values = r.values
        company = values.get("company_name", "").casefold()
        if values.get("type") == "person" and company in renamed and not values.get("company_no"):
            values = {**values, "company_name": renamed[company]}
        rows.append(cf.CsvRow(r.line, values))
    return cf.CsvTable(table.columns, tuple(rows), table.errors, table.encoding, table.delimiter)


def comment_lines(note: str, width: int = 80) -> list[str]:
    """A note as comment lines of at most `width` characters, broken at words (a word longer
    than a line is broken inside); blank lines of the note are left out."""
    lines: list[str] = []
    for paragraph in note.splitlines():
        lines.extend(textwrap.wrap(paragraph.strip(), width, break_long_words=True))
    return lines


def work_date_in(s: Session) -> dt.date:
    """The user's work date (User Setup), today when none is set."""
    user = s.get(m.UserSetup, 1)
    return (user.work_date if user else None) or dt.date.today()


def _extras(
    s: Session, extras: Mapping[int, LineExtras], no_of: Mapping[int, str], out: FormatImportResult
) -> None:
    for line, extra in sorted(extras.items()):
        no = no_of.get(line)
        if no is None:
            continue
        if extra.picture:
            try:
                with s.begin_nested():
                    set_picture_in(s, no, extra.picture)
                out.pictures += 1
            except CrmError as exc:
                out.not_imported.append(PICTURE_SKIPPED.format(line=line, reason=exc.message))
        for note in extra.notes:
            # A note becomes the contact's comment lines (BC's Rlshp. Mgt. Comment Lines hold
            # 80 characters each), dated the work date; nothing of its text is cut.
            day = work_date_in(s)
            for part in comment_lines(note):
                s.add(
                    m.ContactComment(
                        contact_no=no,
                        date=day,
                        code="",
                        comment=part,
                        last_date_modified=dt.datetime.now().replace(microsecond=0),
                    )
                )
                out.comments += 1
        out.not_imported.extend(f"Line {line}: {text}" for text in extra.skipped)


def list_mappings(ctx: AppContext) -> dict[str, dict[str, str]]:
    """The column mappings saved in the import preview, by name."""
    import json

    with ctx.db.read() as s:
        return {r.name: json.loads(r.mapping) for r in s.scalars(select(m.ImportMapping))}


def save_mapping(ctx: AppContext, name: str, mapping: Mapping[str, str]) -> None:
    """Save (or replace) a named column mapping for next time."""
    import json

    clean = name.strip()
    if not clean or len(clean) > 50:
        raise ValidationError(
            MUST_HAVE_VALUE if not clean else LENGTH_EXCEEDED,
            field="name",
            field_caption="Name",
            table="Import Mapping",
            length=len(clean),
            max_len=50,
        )
    with ctx.db.uow() as s:
        row = s.get(m.ImportMapping, clean) or m.ImportMapping(name=clean)
        row.mapping = json.dumps(dict(mapping), ensure_ascii=False, sort_keys=True)
        s.add(row)
