"""`crm-desktop import` and `crm-desktop export` through `crm_desktop.cli.main`."""

from __future__ import annotations

from pathlib import Path

import pytest

from crm_desktop.cli import main


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "in.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_import_then_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = str(tmp_path / "data")
    path = _csv(tmp_path, "no,type,name,company_no\nK1,company,Acme,\n,person,Jo Bo,K1\n")
    assert main(["--data-dir", data, "import", str(path)]) == 0
    assert capsys.readouterr().out == (
        "format: CRM Desktop CSV\nimported 2 contacts (1 companies, 1 persons)\n"
    )
    out = tmp_path / "out.csv"
    assert main(["--data-dir", data, "export", str(out)]) == 0
    assert capsys.readouterr().out == f"exported 2 contacts to {out}\n"
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[1].startswith("CT000001,person,Jo Bo,,K1,Acme,Jo,,Bo,")
    assert lines[2].startswith("K1,company,Acme,,K1,Acme,")


def test_a_bad_file_exits_non_zero_lists_each_row_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(tmp_path / "data")
    path = _csv(tmp_path, "name;phone_no;email\nGood;;\nBad;call me;\nWorse;;@@\n")
    assert main(["--data-dir", data, "import", str(path)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "crm-desktop: Rows of the file with errors: 2. Nothing was imported.",
        "  line 3, phone_no: Phone No. must not contain letters",
        '  line 4, email: The email address "@@" is not valid.',
    ]
    out = tmp_path / "out.csv"
    assert main(["--data-dir", data, "export", str(out)]) == 0
    assert len(out.read_text(encoding="utf-8-sig").splitlines()) == 1


def test_skip_invalid_exits_zero_and_lists_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _csv(tmp_path, "name;phone_no\nGood;\nBad;call me\n")
    code = main(["--data-dir", str(tmp_path / "data"), "import", str(path), "--skip-invalid"])
    assert code == 0
    captured = capsys.readouterr()
    assert captured.out == "format: CRM Desktop CSV\nimported 1 contacts (1 companies, 0 persons)\n"
    assert captured.err.splitlines() == [
        "skipped 1 rows with errors:",
        "  line 3, phone_no: Phone No. must not contain letters",
    ]


def test_a_file_that_cannot_be_used_exits_non_zero_with_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _csv(tmp_path, "name,shoe_size\nA,42\n")
    assert main(["--data-dir", str(tmp_path / "data"), "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        "crm-desktop: Line 1 (the header) has unknown column names: shoe_size. Known names: no,"
    )
    assert "Traceback" not in err
