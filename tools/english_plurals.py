"""Refresh the English plural forms: crm_desktop/resources/translations/crm_desktop_en.ts/.qm.

Run from the repository root after adding or changing a `%n` text:
    .venv/bin/python tools/english_plurals.py

Source texts are written with "(s)" ("%n person(s)"); without a translation Qt shows them as
they are. This runs pyside6-lupdate over the package, keeps the texts that have a number
(numerus="yes"), gives each its English singular and plural ("1 person", "2 persons") and
compiles the file with pyside6-lrelease. tests/ui/test_words.py checks that the committed .qm
is what this produces and that no `%n` text lacks its forms.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "crm_desktop" / "resources" / "translations"
TS = FOLDER / "crm_desktop_en.ts"
QM = FOLDER / "crm_desktop_en.qm"
BIN = Path(sys.executable).parent

# Words whose plural is not the word plus "s" where a text writes the plural without "(s)".
_SINGULAR = {
    "contacts": "contact",
    "opportunities": "opportunity",
    "persons": "person",
    "records": "record",
}


def forms(source: str) -> tuple[str, str]:
    """The English singular and plural of a `%n` source text."""
    if "(s)" in source:
        return source.replace("(s)", ""), source.replace("(s)", "s")
    singular = re.sub(
        r"%n (\w+ )?(\w+)",
        lambda mt: f"%n {mt.group(1) or ''}{_SINGULAR.get(mt.group(2), mt.group(2))}",
        source,
        count=1,
    )
    return singular, source


def sources() -> list[str]:
    """The package's Python files that lupdate reads (migrations hold no UI text)."""
    files = sorted((ROOT / "crm_desktop").rglob("*.py"))
    return [str(p) for p in files if "migrations" not in p.parts]


def _numerus_translation(message: ET.Element) -> None:
    """Give a message lupdate left singular an empty numerus translation."""
    translation = message.find("translation")
    if translation is None:
        translation = ET.SubElement(message, "translation")
    translation.text = None


def numerus_ts(out: Path) -> None:
    """Write the English .ts with every `%n` text and its two forms."""
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "all.ts"
        subprocess.run(
            [str(BIN / "pyside6-lupdate"), *sources(), "-source-language", "en",
             "-target-language", "en", "-no-obsolete", "-locations", "none", "-ts", str(raw)],
            check=True, capture_output=True,
        )  # fmt: skip
        tree = ET.parse(raw)
    root = tree.getroot()
    for context in list(root.iter("context")):
        for message in list(context.iter("message")):
            source = message.findtext("source") or ""
            if message.get("numerus") != "yes" and "%n" in source:
                # lupdate marks QCoreApplication.translate(context, text, "", n) as numerus only
                # when n is a literal; a %n text always has its forms
                message.set("numerus", "yes")
                _numerus_translation(message)
            if message.get("numerus") != "yes":
                context.remove(message)
                continue
            source = message.findtext("source") or ""
            translation = message.find("translation")
            assert translation is not None
            translation.attrib.pop("type", None)
            for child in list(translation):
                translation.remove(child)
            for form in forms(source):
                ET.SubElement(translation, "numerusform").text = form
        if not context.findall("message"):
            root.remove(context)
    ET.indent(tree)
    tree.write(out, encoding="utf-8", xml_declaration=True)


def release(ts: Path, qm: Path) -> None:
    """Compile `ts` to `qm`."""
    subprocess.run(
        [str(BIN / "pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)],
        check=True, capture_output=True,
    )  # fmt: skip


def main() -> int:
    """Refresh the .ts and the .qm in the package."""
    numerus_ts(TS)
    release(TS, QM)
    print(f"{TS.relative_to(ROOT)}: {TS.read_text(encoding='utf-8').count('<message')} texts")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
