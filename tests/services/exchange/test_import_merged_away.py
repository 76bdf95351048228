"""Issue 17 in the streaming importer (issue 14): numbers that went in a merge are refused and
never drawn."""

from __future__ import annotations

from pathlib import Path

import pytest

from crm_desktop.services import exchange
from crm_desktop.services.app import AppContext
from crm_desktop.services.contacts import create_contact
from crm_desktop.services.merge import merge_contacts


def test_a_merged_away_number_is_refused_and_not_drawn(ctx: AppContext, tmp_path: Path) -> None:
    keep = create_contact(ctx, {"type": "company", "name": "Keep BV"}).contact.no
    go = create_contact(ctx, {"type": "company", "name": "Go BV"}).contact.no
    merge_contacts(ctx, keep, go)
    path = tmp_path / "in.csv"
    path.write_text(f"no,type,name\n{go},company,Again BV\n", "utf-8")
    with pytest.raises(exchange.ImportRefusedError) as refused:
        exchange.import_contacts(ctx, path)
    assert refused.value.errors[0].line == 2
    assert go in str(refused.value.errors[0])
    path.write_text("type,name\ncompany,New BV\n", "utf-8")
    exchange.import_contacts(ctx, path)
    with ctx.db.read() as s:
        from sqlalchemy import select

        from crm_desktop.storage import models as m

        no = s.scalar(select(m.Contact.no).where(m.Contact.name == "New BV"))
    assert no not in {keep, go}
