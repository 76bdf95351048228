"""`crm-desktop create-contacts`: the batch from the command line (spec §11 item 1's advice)."""

from __future__ import annotations

from pathlib import Path

import pytest

from crm_desktop.cli import main
from crm_desktop.services import setup
from crm_desktop.services.app import open_app
from crm_desktop.services.sync import accounts
from crm_desktop.services.sync import listing as sync_listing


def test_create_contacts_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    ctx = open_app(data)
    setup.update_marketing_setup(ctx, {"bus_rel_code_for_customers": ""})
    for name in ("Imported A", "Imported B"):
        accounts.create_record(ctx, "customer", {"name": name})
    ctx.close()
    assert main(["--data-dir", str(data), "create-contacts", "customers"]) == 2
    assert capsys.readouterr().err == (
        "crm-desktop: Bus. Rel. Code for Customers must have a value in Marketing Setup.\n"
    )
    ctx = open_app(data)
    setup.update_marketing_setup(ctx, {"bus_rel_code_for_customers": "CUST"})
    ctx.close()
    assert main(["--data-dir", str(data), "create-contacts", "customers"]) == 0
    assert capsys.readouterr().out == "2 contacts created for 2 customers that had none\n"
    ctx = open_app(data)
    try:
        assert all(r["contact_no"] for r in sync_listing.list_records(ctx, "customer"))
    finally:
        ctx.close()
