"""Sync figures (run on demand: `.venv/bin/python tests/benchmarks/sync_bench.py [N]`).

Prints the time to create N customers with their contacts one by one (one transaction each, as
the card does), to change each one's e-mail (customer -> contact -> persons), and to run
"Create contacts from customers" over N customers made while sync was off (one transaction).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from crm_desktop.services import setup
from crm_desktop.services.app import open_app
from crm_desktop.services.sync import accounts
from crm_desktop.services.sync import batch as sync_batch


def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ctx = open_app(Path(tmp) / "data")
        start = time.perf_counter()
        nos = [
            accounts.create_record(
                ctx, "customer", {"name": f"Customer {i}", "city": "Utrecht"}
            ).record["no"]
            for i in range(n)
        ]
        created = time.perf_counter() - start
        start = time.perf_counter()
        for i, no in enumerate(nos):
            accounts.update_record(ctx, "customer", no, {"email": f"c{i}@example.com"})
        changed = time.perf_counter() - start
        setup.update_marketing_setup(ctx, {"bus_rel_code_for_vendors": ""})
        for i in range(n):
            accounts.create_record(ctx, "vendor", {"name": f"Vendor {i}", "contact": f"P {i}"})
        setup.update_marketing_setup(ctx, {"bus_rel_code_for_vendors": "VEND"})
        start = time.perf_counter()
        result = sync_batch.create_contacts_from(ctx, "vendor")
        batch = time.perf_counter() - start
        ctx.close()
    print(f"create {n} customers with contacts: {created:.2f} s ({created / n * 1000:.1f} ms each)")
    print(f"change {n} customer e-mails:        {changed:.2f} s ({changed / n * 1000:.1f} ms each)")
    print(
        f"batch: contacts for {n} vendors:    {batch:.2f} s "
        f"({len(result.contacts_created)} contacts, {batch / n * 1000:.1f} ms per vendor)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
