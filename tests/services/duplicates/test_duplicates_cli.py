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
    # BC's method, as the scan defaults below assume (a new database starts on fuzzy).
    setup.update_marketing_setup(
        ctx, {"maintain_dupl_search_strings": False, "duplicate_method": "search_strings"}
    )
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


HEADER = ["contact_no", "duplicate_contact_no", "score", "method", "reasons"]


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
    assert _rows(out) == [
        HEADER,
        ["C2", "C1", "25", "search_strings", "4 equal search strings"],
    ]
    printed = capsys.readouterr().out
    assert (
        "4 contacts scanned" in printed and "1 possible duplicate pairs among 2 contacts" in printed
    )
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
    rows = [r[:3] for r in _rows(out)[1:]]
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
    assert [r[:3] for r in _rows(out)[1:]] == [["C2", "C1", "25"]]
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
    assert _rows(out) == [HEADER]


def test_bad_thresholds_and_types_are_refused(
    filled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data-dir", str(filled), "duplicates", "scan", "--threshold", "101"]) == 2
    assert "Search Hit % must be between 1 and 100; 101 is not allowed." in capsys.readouterr().err
    assert main(["--data-dir", str(filled), "duplicates", "scan", "--type", "person"]) == 2
    assert "compares companies only" in capsys.readouterr().err


def test_fuzzy_scan_writes_scores_and_reasons(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ctx = open_app(data_dir)
    with ctx.db.uow() as s:  # written past the services: the scan computes the keys itself
        for no, values in {
            "C1": dict(
                type="company",
                name="Bakkerij Jansen B.V.",
                city="Utrecht",
                post_code="1234 AB",
                phone_no="030-1234567",
            ),
            "C2": dict(
                type="company",
                name="Bakkerij Janssen",
                city="Utrecht",
                post_code="1234AB",
                phone_no="+31 30 123 45 67",
            ),
            "C3": dict(type="company", name="Kapsalon Mooi", city="Utrecht", post_code="1234 AB"),
            "P1": dict(
                type="person",
                first_name="Tom",
                surname="de Vries",
                name="Tom de Vries",
                mobile_phone_no="06-12345678",
            ),
            "P2": dict(
                type="person",
                first_name="Thomas",
                surname="Vries",
                middle_name="de",
                name="Thomas de Vries",
                mobile_phone_no="0612345678",
            ),
        }.items():
            s.add(m.Contact(no=no, country_region_code=None, **values))
    ctx.close()
    out = tmp_path / "fuzzy.csv"
    args = ["--data-dir", str(data_dir), "duplicates", "scan", "--method", "fuzzy"]
    assert main([*args, "--output", str(out)]) == 0
    rows = _rows(out)
    assert rows[0] == HEADER
    assert [r[:2] for r in rows[1:]] == [["C2", "C1"], ["P2", "P1"]]
    assert all(r[3] == "fuzzy" for r in rows[1:])
    assert rows[1][4].startswith("Name 9") and "Phone same" in rows[1][4]
    assert "Name 100 · Phone same" in rows[2][4]
    assert "2 possible duplicate pairs among 4 contacts" in capsys.readouterr().out
    assert main([*args, "--type", "person", "--output", str(out)]) == 0
    assert [r[:2] for r in _rows(out)[1:]] == [["P2", "P1"]]
