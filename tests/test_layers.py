"""The shape of the code: no Qt below the UI, one package per capability, no module too long.

Qt is checked in a subprocess (pytest-qt imports Qt early). The walk covers every package under
domain/, storage/ and services/, so a capability package added later is checked too.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import subprocess
import sys
from pathlib import Path

import crm_desktop

ROOT = Path(crm_desktop.__file__).parent
BENCHMARKS = Path(__file__).parent / "benchmarks"
MAX_LINES = 500


def _walk(pkg: str) -> list[str]:
    mod = importlib.import_module("crm_desktop." + pkg)
    return [info.name for info in pkgutil.walk_packages(mod.__path__, mod.__name__ + ".")]


def test_non_ui_packages_import_no_qt() -> None:
    code = (
        "import sys, pkgutil, importlib, crm_desktop\n"
        "seen = []\n"
        "for pkg in ('domain', 'storage', 'services'):\n"
        "    mod = importlib.import_module('crm_desktop.' + pkg)\n"
        "    for info in pkgutil.walk_packages(mod.__path__, mod.__name__ + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "        seen.append(info.name)\n"
        "print(any(m.startswith('PySide6') for m in sys.modules))\n"
        "print(' '.join(seen))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    qt, seen = out.stdout.strip().split("\n")
    assert qt == "False"
    # The walk reaches the capability packages and their modules, not only the flat top level.
    for name in (
        "crm_desktop.services.contacts.edit",
        "crm_desktop.services.sync.push",
        "crm_desktop.services.duplicates.matching",
        "crm_desktop.services.exchange.csv_import",
        "crm_desktop.services.numbering.issuing",
        "crm_desktop.services.backups.backup",
        "crm_desktop.services.datafile.opening",
        "crm_desktop.domain.numbering.issuing",
    ):
        assert name in seen.split()


def test_every_services_subfolder_is_a_package() -> None:
    for folder in (ROOT / "services").iterdir():
        if folder.is_dir() and folder.name != "__pycache__":
            assert (folder / "__init__.py").is_file(), f"{folder} has no __init__.py"
            doc = importlib.import_module(f"crm_desktop.services.{folder.name}").__doc__ or ""
            assert "Arrows" in doc, f"services/{folder.name} does not say which way it imports"


def test_no_module_is_over_500_lines() -> None:
    long = [
        f"{p.relative_to(ROOT)} ({n} lines)"
        for p in ROOT.rglob("*.py")
        if "migrations" not in p.parts and (n := len(p.read_text().splitlines())) > MAX_LINES
    ]
    assert long == []


def test_every_benchmark_script_imports() -> None:
    """Benchmarks are not run by default, but a moved module must not break them unseen."""
    scripts = sorted(BENCHMARKS.glob("*_bench.py"))
    assert scripts
    for script in scripts:
        spec = importlib.util.spec_from_file_location(f"bench_{script.stem}", script)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)  # each script runs its work only under __main__
        assert hasattr(module, "main"), f"{script.name} has no main()"


def test_a_contact_save_reaches_its_customer_with_only_contacts_imported(tmp_path: Path) -> None:
    """Contacts know nothing of sync; `open_app` registers sync's listener on the contact hooks."""
    from crm_desktop.services import contacts
    from crm_desktop.services.app import open_app
    from crm_desktop.services.sync import from_contact

    ctx = open_app(tmp_path)
    try:
        no = contacts.create_contact(ctx, {"type": "company", "name": "Hook Co"}).contact.no
        customer_no = from_contact.create_as_customer(ctx, no).no
    finally:
        ctx.close()
    code = (
        "import sys\n"
        "from crm_desktop.services import contacts\n"
        "assert not any(m.startswith('crm_desktop.services.sync') for m in sys.modules)\n"
        "from crm_desktop.services.app import open_app\n"
        f"ctx = open_app({str(tmp_path)!r})\n"
        f"contacts.update_contact(ctx, {no!r}, {{'city': 'Hooktown'}})\n"
        "ctx.close()\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    ctx = open_app(tmp_path)
    try:
        from crm_desktop.services.sync import accounts

        assert accounts.get_record(ctx, "customer", customer_no)["city"] == "Hooktown"
    finally:
        ctx.close()
