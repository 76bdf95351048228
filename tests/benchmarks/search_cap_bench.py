"""Benchmark: a search with 100 KB of "a " (issue 14 point 11; it once took 163 s).

Run on demand (not collected by pytest):

    .venv/bin/python tests/benchmarks/search_cap_bench.py [CONTACTS]

Fills a data folder with demo contacts (default 10,000), then times the contact list's count
for the hostile 100 KB input against a plain one-word search in the same run, and prints both
and the ratio. The caps (200 characters, 16 FTS terms) make the hostile search cost what an
ordinary long search costs.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from crm_desktop.services import demo
from crm_desktop.services.app import open_app
from crm_desktop.services.contacts import listing
from crm_desktop.services.contacts.listing import ContactFilter


def _median(ctx: object, text: str, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        listing.count(ctx, ContactFilter(text=text))  # type: ignore[arg-type]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Generate, search, print."""
    contacts = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        ctx = open_app(Path(tmp) / "data")
        try:
            demo.generate(ctx, contacts)
            plain = _median(ctx, "jan")
            hostile = _median(ctx, "a " * 50_000)
            print(
                f"search at {contacts:,} contacts: 'jan' {plain * 1000:.1f} ms, "
                f"100 KB of 'a ' {hostile * 1000:.1f} ms (ratio {hostile / plain:.1f}; "
                "before the caps: 163 s)"
            )
        finally:
            ctx.close()


if __name__ == "__main__":
    main()
