"""The `duplicates scan` command: defaults from Marketing Setup, CSV output, each pair once."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from crm_desktop.cli import main
from crm_desktop.services import duplicates, setup
from crm_desktop.services.app import open_app
from crm_desktop.storage import models as m


@pytest.fixture
def filled(data_dir: Path) -> Path:
    ctx = open_app(data_dir)
    setup.update_marketing_setup(ctx, {"maintain_dupl_search_strings": False})
    with ctx.db.uow() as s:
        for no, name, city in [
            ("C1", "Acme Ltd", "Paris"),
            ("C2", "Acme Ltd", "Paris"),
            ("C3", "Acme Ltd", "Lyon"),
            ("C4", "Other", "Paris"),
        ]:
            s.add(m.Contact(no=no, type="company", name=name, city=city))
    ctx.close()
    return data_dir


def _rows(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def test_scan_writes_each_pair_once(
    filled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "pairs.csv"
    code = main(
        ["--data-dir", str(filled), "duplicates", "scan", "--threshold", "20", "--output", str(out)]
    )
    assert code == 0
    # 4 of 16 strings (name and city, first and last) = 25 %; name only = 12.5 %.
    assert _rows(out) == [["contact_no", "duplicate_contact_no", "score"], ["C2", "C1", "25"]]
    assert "4 companies scanned" in capsys.readouterr().out
    main(
        [
            "--data-dir",
            str(filled),
            "duplicates",
            "scan",
            "--method",
            "search-strings",
            "--threshold",
            "10",
            "--output",
            str(out),
        ]
    )
    rows = _rows(out)[1:]
    assert sorted(rows) == [
        ["C2", "C1", "25"],
        ["C3", "C1", "13"],
        ["C3", "C2", "13"],
        ["C4", "C1", "13"],
        ["C4", "C2", "13"],
    ]
    assert len({frozenset(r[:2]) for r in rows}) == len(rows)


def test_scan_defaults_come_from_marketing_setup(filled: Path, tmp_path: Path) -> None:
    ctx = open_app(filled)
    setup.update_marketing_setup(ctx, {"search_hit_percent": 20})
    ctx.close()
    out = tmp_path / "pairs.csv"
    assert main(["--data-dir", str(filled), "duplicates", "scan", "--output", str(out)]) == 0
    assert _rows(out)[1:] == [["C2", "C1", "25"]]
    ctx = open_app(filled)
    try:
        assert [(p.contact_no, p.duplicate_contact_no) for p in duplicates.list_pairs(ctx)] == [
            ("C2", "C1")
        ]
    finally:
        ctx.close()


def test_kept_separate_pairs_are_not_written(filled: Path, tmp_path: Path) -> None:
    out = tmp_path / "pairs.csv"
    main(["--data-dir", str(filled), "duplicates", "scan", "--threshold", "20"])
    ctx = open_app(filled)
    duplicates.keep_separate(ctx, "C1", "C2")
    ctx.close()
    main(
        ["--data-dir", str(filled), "duplicates", "scan", "--threshold", "20", "--output", str(out)]
    )
    assert _rows(out) == [["contact_no", "duplicate_contact_no", "score"]]


def test_fuzzy_is_not_available_yet(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(filled), "duplicates", "scan", "--method", "fuzzy"]) == 2
    assert "fuzzy duplicate search is not available yet" in capsys.readouterr().err
    assert main(["--data-dir", str(filled), "duplicates", "scan", "--threshold", "101"]) == 2
    assert "Search Hit % must be between 1 and 100; 101 is not allowed." in capsys.readouterr().err
