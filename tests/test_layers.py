"""The non-UI packages import no Qt (checked in a subprocess: pytest-qt imports Qt early)."""

from __future__ import annotations

import subprocess
import sys


def test_non_ui_packages_import_no_qt() -> None:
    code = (
        "import sys, pkgutil, importlib, crm_desktop\n"
        "for pkg in ('domain', 'storage', 'services'):\n"
        "    mod = importlib.import_module('crm_desktop.' + pkg)\n"
        "    for info in pkgutil.walk_packages(mod.__path__, mod.__name__ + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "print(any(m.startswith('PySide6') for m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
