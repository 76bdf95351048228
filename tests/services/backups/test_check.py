"""`crm-desktop check`: integrity, dangling references, numbers beyond a series line's Last No.
Used; a non-zero exit with a report when anything is wrong. No BC scenario covers it (issue 8)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from crm_desktop import cli
from crm_desktop.services.app import DB_FILE, AppContext
from crm_desktop.services.backups.check import (
    check_data_dir,
    numbers_beyond_last_used,
    split_number,
)
from crm_desktop.storage.migrate import head_revision


def _sql(ctx: AppContext, *statements: str) -> None:
    # Damage made on purpose, with the foreign keys off, as a buggy tool or old version might.
    con = sqlite3.connect(ctx.db.path)
    try:
        con.execute("PRAGMA foreign_keys=OFF")
        for statement in statements:
            con.execute(statement)
        con.commit()
    finally:
        con.close()


def test_a_fresh_database_passes(ctx: AppContext, capsys: pytest.CaptureFixture[str]) -> None:
    assert check_data_dir(ctx.data_dir).ok
    assert cli.main(["--data-dir", str(ctx.data_dir), "check"]) == 0
    assert capsys.readouterr().out.strip() == (
        f"{ctx.data_dir / DB_FILE}: ok (schema {head_revision()}, 0 contacts)"
    )


def test_a_dangling_reference_is_reported(
    ctx: AppContext, capsys: pytest.CaptureFixture[str]
) -> None:
    _sql(
        ctx,
        "INSERT INTO contact (no, type, name, salesperson_code) "
        "VALUES ('CT000001', 'company', 'Ghost Ltd', 'NOBODY')",
    )
    _sql(ctx, "UPDATE no_series_line SET last_no_used = 'CT000001' WHERE series_code = 'CONT'")
    report = check_data_dir(ctx.data_dir)
    assert len(report.problems) == 1
    assert report.problems[0].startswith("dangling reference: contact row ")
    assert report.problems[0].endswith("refers to a missing salesperson record.")
    assert cli.main(["--data-dir", str(ctx.data_dir), "check"]) == 1
    out = capsys.readouterr().out
    assert "1 problem" in out and "(s)" not in out and "dangling reference: contact" in out


def test_a_contact_number_beyond_last_no_used_is_reported(ctx: AppContext) -> None:
    _sql(
        ctx,
        "UPDATE no_series_line SET last_no_used = 'CT000010' WHERE series_code = 'CONT'",
        "INSERT INTO contact (no, type, name) VALUES ('CT000010', 'company', 'In range')",
        "INSERT INTO contact (no, type, name) VALUES ('CT000011', 'company', 'Beyond')",
        "INSERT INTO contact (no, type, name) VALUES ('CT0000999', 'company', 'Other width')",
        "INSERT INTO contact (no, type, name) VALUES ('XY000050', 'company', 'Other prefix')",
    )
    report = check_data_dir(ctx.data_dir)
    assert report.problems == [
        "Contact CT000011 is beyond the Last No. Used (CT000010) of No. Series CONT line 10000."
    ]


def test_a_series_that_issued_nothing_has_no_contacts_of_its_shape(ctx: AppContext) -> None:
    _sql(
        ctx,
        "UPDATE no_series_line SET last_no_used = '' WHERE series_code = 'CONT'",
        "INSERT INTO contact (no, type, name) VALUES ('CT000001', 'company', 'Too early')",
    )
    assert check_data_dir(ctx.data_dir).problems == [
        "Contact CT000001 is beyond the Last No. Used (none) of No. Series CONT line 10000."
    ]


def test_damaged_pages_are_reported_without_moving_the_file(
    ctx: AppContext, capsys: pytest.CaptureFixture[str]
) -> None:
    _sql(
        ctx,
        *[
            f"INSERT INTO contact (no, type, name) VALUES ('D{i:05d}', 'company', '{'x' * 90}')"
            for i in range(400)
        ],
    )
    ctx.close()
    db = ctx.data_dir / DB_FILE
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    raw = bytearray(db.read_bytes())
    for i in range(len(raw) - 4096 * 6, len(raw) - 4096 * 2):
        raw[i] = (i * 13) & 0xFF
    db.write_bytes(bytes(raw))
    report = check_data_dir(ctx.data_dir)
    assert not report.ok
    assert any(p.startswith("integrity: ") for p in report.problems)
    assert cli.main(["--data-dir", str(ctx.data_dir), "check"]) == 1
    assert db.exists()


def test_no_data_file_is_a_problem(tmp_path: Path) -> None:
    report = check_data_dir(tmp_path)
    assert report.problems == [f"There is no data file at {tmp_path / DB_FILE}."]


def test_split_number_and_shapes() -> None:
    assert split_number("CT000123") == ("CT", 123, 8)
    assert split_number("2026-0007") == ("2026-", 7, 9)
    assert split_number("ABC") is None
    lines = [(10000, "CT000001", "CT000100"), (20000, "CT500001", "CT500010")]
    numbers = ["CT000100", "CT000101", "CT500010", "CT500011", "C000200", "CT00000200"]
    # Lines of the same shape share one limit: the highest Last No. Used among them.
    assert numbers_beyond_last_used(lines, numbers) == [("CT500011", 20000, "CT500010")]
