"""vCard 2.1, 3.0 and 4.0 in, vCard 3.0 and 4.0 out, through vobject.

Reading: vobject parses every version (with `allowQP` for 2.1's quoted-printable soft breaks;
it decodes quoted-printable with the line's CHARSET). Two things it does not do are done here:
a 4.0 `PHOTO:data:...;base64,...` URI is turned into the 3.0 form first (vobject cuts it at
the comma), and a `TYPE="work,voice"` list, which vobject hands over as one string, is split.
Each card becomes one row of our columns (`SourceFile` of kind VCARD, the mapping the identity),
with its picture, notes and every property we have no field for in the line's extras.

Writing: vobject's vCard serializer (escaping, folding at 75 octets); for 4.0 the version is
4.0, a company says `KIND:org` and the photo is a `data:` URI.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import vobject

from crm_desktop.domain import csv_format as cf
from crm_desktop.domain import csv_reading
from crm_desktop.domain.exchange_formats import csv_kinds as kinds
from crm_desktop.domain.exchange_formats.source import LineExtras, SourceFile
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP

_CTX = "exchange"
MAX_PROPERTIES = 1000
MAX_LINE_CHARS = 4 * 1024 * 1024

NOT_VCARD = QT_TRANSLATE_NOOP(
    "errors", "The file is not a vCard file (line {line}: {reason}). Nothing was imported."
)
TOO_MANY_PROPERTIES = QT_TRANSLATE_NOOP(
    "errors",
    "The vCard on line {line} has more than {limit} properties; the file is refused.",
)
LINE_TOO_LONG = QT_TRANSLATE_NOOP(
    "errors", "Line {line} of the vCard file is longer than {limit} characters; it is refused."
)
NO_CARDS = QT_TRANSLATE_NOOP("errors", "The file holds no vCard (no BEGIN:VCARD line).")
SKIPPED_PROPERTY = QT_TRANSLATE_NOOP(_CTX, "{property}: no field for it ({value})")

# Properties that carry nothing the user typed, or that are read into a field elsewhere.
_SILENT = {"VERSION", "PRODID", "UID", "REV", "N", "FN", "KIND", "X-ABSHOWAS", "ORG", "SOURCE"}
_DATA_URI = re.compile(
    r"^((?:[\w-]+\.)?(?:PHOTO|LOGO))([^:\r\n]*):data:([\w.+-]+)/([\w.+-]+)(?:;[^,\r\n]*)?;base64,",
    re.IGNORECASE | re.MULTILINE,
)
_UNFOLD = re.compile(r"\r?\n[ \t]")
_BEGIN = re.compile(r"^BEGIN:VCARD[ \t\r]*$", re.IGNORECASE | re.MULTILINE)


def read_vcards(data: bytes, step: Callable[[int, int], None] | None = None) -> SourceFile:
    """Every card of a .vcf file as a row of our columns. Raises CsvFileError (naming the line)
    for a file that is no text, holds no card, cannot be parsed, has a line over
    MAX_LINE_CHARS or a card with over MAX_PROPERTIES properties. `step(done, total)` is
    called every 100 cards (it may raise to stop the reading)."""
    text, encoding = csv_reading.decode(data)
    _check_lines(text)
    begins = [text.count("\n", 0, m.start()) + 1 for m in _BEGIN.finditer(text)]
    if not begins:
        raise cf.CsvFileError(NO_CARDS, field="file", row=1)
    prepared = _DATA_URI.sub(
        lambda m: f"{m.group(1)}{m.group(2)};ENCODING=b;TYPE={m.group(4).upper()}:",
        _UNFOLD.sub("", text),
    )
    rows: list[cf.CsvRow] = []
    extras: dict[int, LineExtras] = {}
    try:
        for n, card in enumerate(vobject.readComponents(prepared, allowQP=True)):
            line = begins[n] if n < len(begins) else begins[-1]
            children = list(card.getChildren())
            if len(children) > MAX_PROPERTIES:
                raise cf.CsvFileError(
                    TOO_MANY_PROPERTIES, field="file", row=line, line=line, limit=MAX_PROPERTIES
                )
            values, extra = _card_values(children)
            rows.append(cf.CsvRow(line, values))
            extras[line] = extra
            if step is not None and n % 100 == 99:
                step(n + 1, len(begins))
    except cf.CsvFileError:
        raise
    except (vobject.base.ParseError, UnicodeError, ValueError, LookupError, TypeError) as exc:
        line = int(getattr(exc, "lineNumber", 0) or 1)
        reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise cf.CsvFileError(NOT_VCARD, field="file", row=line, line=line, reason=reason) from exc
    header = tuple(c for c in cf.COLUMNS if any(c in r.values for r in rows)) or ("name",)
    mapping = {c: c for c in header}
    return SourceFile(kinds.VCARD, header, rows, [], mapping, extras, encoding)


def _check_lines(text: str) -> None:
    start = 0
    number = 1
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if end - start > MAX_LINE_CHARS:
            raise cf.CsvFileError(
                LINE_TOO_LONG, field="file", row=number, line=number, limit=MAX_LINE_CHARS
            )
        start = end + 1
        number += 1


def types_of(prop: Any) -> set[str]:
    """A property's TYPE values, lower case: 3.0/4.0 `TYPE=a,b`, `TYPE="a,b"` (one string in
    vobject) and 2.1's bare parameters (`TEL;WORK;VOICE`)."""
    out: set[str] = set()
    for value in prop.params.get("TYPE", []):
        out |= {t.strip().strip('"').lower() for t in str(value).split(",") if t.strip()}
    out |= {str(p).lower() for p in getattr(prop, "singletonparams", [])}
    return out


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value).strip()


def _card_values(children: list[Any]) -> tuple[dict[str, str], LineExtras]:
    v: dict[str, str] = {}
    extra = LineExtras()
    by_name: dict[str, list[Any]] = {}
    for prop in children:
        by_name.setdefault(prop.name.upper(), []).append(prop)

    def first(name: str) -> Any:
        return by_name.get(name, [None])[0]

    kind = _text(first("KIND").value).lower() if first("KIND") else ""
    show_as = _text(first("X-ABSHOWAS").value).upper() if first("X-ABSHOWAS") else ""
    org = first("ORG")
    org_parts = (
        [str(p) for p in (org.value if isinstance(org.value, list) else [org.value])] if org else []
    )
    org_name = org_parts[0].strip() if org_parts else ""
    for dept in org_parts[1:]:
        if dept.strip():
            extra.skipped.append(SKIPPED_PROPERTY.format(property="ORG", value=dept.strip()))
    n = first("N")
    name_parts = {}
    if n is not None and not isinstance(n.value, str):
        name_parts = {
            "first_name": _text(n.value.given),
            "middle_name": _text(n.value.additional),
            "surname": _text(n.value.family),
        }
        for part in (n.value.prefix, n.value.suffix):
            if _text(part):
                extra.skipped.append(SKIPPED_PROPERTY.format(property="N", value=_text(part)))
    fn = _text(first("FN").value) if first("FN") else ""
    is_company = (
        kind == "org"
        or show_as == "COMPANY"
        or (not any(name_parts.values()) and (not fn or fn == org_name) and bool(org_name))
    )
    if is_company:
        v["type"] = "company"
        v["name"] = org_name or fn
    else:
        v["type"] = "person"
        v.update({k: s for k, s in name_parts.items() if s})
        if not any(name_parts.values()) and fn:
            v["name"] = fn
        if org_name:
            v["company_name"] = org_name
    # A work address (or phone, e-mail) goes into the fields before a home one.
    for name, props in by_name.items():
        for prop in sorted(props, key=lambda p: "work" not in types_of(p)):
            _property(name, prop, v, extra)
    return v, extra


_TEL_TARGETS = (("fax", "fax_no"), ("cell", "mobile_phone_no"), ("pager", "pager"))


def _property(name: str, prop: Any, v: dict[str, str], extra: LineExtras) -> None:
    types = types_of(prop)
    target = ""
    value: str = ""
    if name in _SILENT:
        return
    if name == "TEL":
        value = _text(prop.value)
        value = value[4:] if value.lower().startswith("tel:") else value
        target = next((f for t, f in _TEL_TARGETS if t in types), "")
        if not target and (not types & {"home"} or "work" in types):
            target = "phone_no"
    elif name == "EMAIL":
        value, target = _text(prop.value), "email"
    elif name == "TITLE":
        value, target = _text(prop.value), "job_title"
    elif name == "URL":
        value, target = _text(prop.value), "home_page"
    elif name == "NOTE":
        if _text(prop.value):
            extra.notes.append(str(prop.value).strip())
        return
    elif name == "PHOTO":
        if isinstance(prop.value, bytes) and extra.picture is None:
            extra.picture = prop.value
            extra.picture_type = _text(prop.params.get("TYPE", [""])[0]).lower()
            return
        value = "(" + _text(prop.value)[:60] + ")"
    elif name == "ADR" and not isinstance(prop.value, str):
        if not any(v.get(f) for f in ("address", "city", "post_code")):
            _address(prop.value, v, extra)
            return
        value = _text(str(prop.value).replace("\n", ", "))
    else:
        value = _text(prop.value) if not isinstance(prop.value, bytes) else "(binary)"
    if target and value and not v.get(target):
        v[target] = value
    elif value:
        label = name + (";" + ",".join(sorted(types)).upper() if types else "")
        extra.skipped.append(SKIPPED_PROPERTY.format(property=label, value=value[:60]))


def _address(adr: Any, v: dict[str, str], extra: LineExtras) -> None:
    street_lines = [s.strip() for s in _text(adr.street).replace("\r", "").split("\n") if s.strip()]
    extended = _text(adr.extended)
    fields = {
        "address": street_lines[0] if street_lines else "",
        "address_2": extended or (", ".join(street_lines[1:])),
        "city": _text(adr.city),
        "county": _text(adr.region),
        "post_code": _text(adr.code),
        "country_region_code": _text(adr.country),
    }
    if extended and street_lines[1:]:
        extra.skipped.append(
            SKIPPED_PROPERTY.format(property="ADR", value=", ".join(street_lines[1:]))
        )
    if _text(adr.box):
        extra.skipped.append(SKIPPED_PROPERTY.format(property="ADR (PO box)", value=_text(adr.box)))
    v.update({k: s for k, s in fields.items() if s})


# --- writing ------------------------------------------------------------------------------------

VERSIONS = ("3.0", "4.0")


def write_vcard(
    values: Mapping[str, Any], version: str = "4.0", picture: tuple[bytes, str] | None = None
) -> str:
    """One contact (our column names) as a vCard of `version` ("3.0" or "4.0"); `picture` is
    (bytes, MIME subtype such as "jpeg")."""

    def get(name: str) -> str:
        return str(values.get(name) or "").strip()

    card = vobject.vCard()
    card.add("version").value = version
    company = get("type") == "company"
    if version == "4.0":
        card.add("kind").value = "org" if company else "individual"
    elif company:
        card.add("x-abshowas").value = "COMPANY"
    card.add("fn").value = get("name") or get("company_name") or get("email") or "-"
    if company:
        card.add("n").value = vobject.vcard.Name()
        card.add("org").value = [get("name")]
    else:
        card.add("n").value = vobject.vcard.Name(
            family=get("surname"), given=get("first_name"), additional=get("middle_name")
        )
        if get("company_name"):
            card.add("org").value = [get("company_name")]
        if get("job_title"):
            card.add("title").value = get("job_title")
    for field_name, types in (
        ("phone_no", ["work", "voice"]),
        ("mobile_phone_no", ["cell"]),
        ("fax_no", ["work", "fax"]),
        ("pager", ["pager"]),
    ):
        if get(field_name):
            tel = card.add("tel")
            tel.value = get(field_name)
            tel.params["TYPE"] = types
    if get("email"):
        email = card.add("email")
        email.value = get("email")
        email.params["TYPE"] = ["work"] if version == "4.0" else ["INTERNET", "WORK"]
    address = {f: get(f) for f in ("address", "address_2", "city", "county", "post_code")}
    if any(address.values()) or get("country_region_code"):
        adr = card.add("adr")
        adr.value = vobject.vcard.Address(
            street=address["address"],
            extended=address["address_2"],
            city=address["city"],
            region=address["county"],
            code=address["post_code"],
            country=get("country_region_code"),
        )
        adr.params["TYPE"] = ["work"]
    if get("home_page"):
        card.add("url").value = get("home_page")
    if picture is not None:
        data, subtype = picture
        photo = card.add("photo")
        if version == "4.0":
            photo.value = f"data:image/{subtype};base64," + base64.b64encode(data).decode("ascii")
            photo.encoded = True
        else:
            photo.value = data
            photo.params["ENCODING"] = ["b"]
            photo.params["TYPE"] = [subtype.upper()]
    return str(card.serialize())


def write_vcards(
    contacts: Iterable[tuple[Mapping[str, Any], tuple[bytes, str] | None]], version: str = "4.0"
) -> Iterable[str]:
    """The cards of an export, one string each, in order."""
    for values, picture in contacts:
        yield write_vcard(values, version, picture)
