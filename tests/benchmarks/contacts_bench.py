"""Benchmark: the contact list and card on 10,000 and 100,000 contacts (not a timed test).

Run on demand:  .venv/bin/python tests/benchmarks/contacts_bench.py [--sizes 10000 100000]

Each size runs in two fresh processes: one imports the CSV file and generates the demo data, the
other opens the list, searches and opens cards, so the memory figure is that of the app alone.

For each size, in fresh data directories: the CSV import rate (a file exported from demo data,
imported with `services.exchange`), the time from opening the Contacts page to its first rows,
search-as-you-type latency per keystroke (each prefix of a set of queries, through the real list
model and its worker thread; median and 95th percentile), the time to open a card (company with
its persons, and person with its markers), jumps to any position in the list (the time until the
rows there are painted; Ctrl+End from the top with the blocks it fetched), and resident memory
after opening the list, searching and jumping. Prints each figure with the ratio to its target (below 1.0 is better than the target
for times and memory, above 1.0 is better for the import rate).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import psutil  # noqa: E402
from PySide6.QtCore import QCoreApplication, Qt, qInstallMessageHandler  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from crm_desktop.services import demo  # noqa: E402
from crm_desktop.services.app import open_app  # noqa: E402
from crm_desktop.services.contacts import listing as contact_list  # noqa: E402
from crm_desktop.services.contacts.listing import ContactFilter, ContactSort  # noqa: E402
from crm_desktop.storage import contact_search  # noqa: E402
from crm_desktop.ui import messages  # noqa: E402

TARGETS = {
    "first_rows_s": 1.0,
    "jump_median_ms": 100.0,
    "jump_max_ms": 100.0,
    "ctrl_end_ms": 100.0,
    "ctrl_end_blocks": 3.0,
    "keystroke_median_ms": 50.0,
    "card_ms": 100.0,
    "import_rows_per_s": 2000.0,
    "rss_mb": 300.0,
}
QUERIES = (
    "jan de vries",
    "muller",
    "utrecht",
    "0301",
    "030-12",
    "info@",
    "harbour logistics",
    "amelia jones",
    "ct0004",
    "groothandel",
    "bakker",
    "london",
    "omps",
    "3547 dm",
    "0",
    "3",
    "u",
    "ller",
)


def _wait(model: object, deadline_s: float = 30.0) -> None:
    end = time.perf_counter() + deadline_s
    while getattr(model, "busy") and time.perf_counter() < end:  # noqa: B009
        QCoreApplication.processEvents()
        time.sleep(0.0005)


def _import_rate(work: Path, n: int) -> tuple[float | None, str]:
    try:
        from crm_desktop.services import exchange
    except ImportError:
        return None, "services/exchange.py is missing"
    source = open_app(work / f"source-{n}")
    try:
        demo.generate(source, n, seed=11)
        csv_path = work / f"contacts-{n}.csv"
        exchange.export_contacts(source, csv_path)
    finally:
        source.close()
    target = open_app(work / f"import-{n}")
    try:
        demo.add_master_data(target)  # the salespersons and territories the file refers to
        started = time.perf_counter()
        result = exchange.import_contacts(target, csv_path)
        seconds = time.perf_counter() - started
    finally:
        target.close()
    return result.imported / seconds, f"{result.imported} rows in {seconds:.1f} s"


def prepare(n: int, work: Path) -> dict[str, float | None]:
    """Import rate, and the demo data directory the list is measured on."""
    figures: dict[str, float | None] = {}
    rate, note = _import_rate(work, n)
    figures["import_rows_per_s"] = rate
    print(f"  import: {note}", file=sys.stderr)
    ctx = open_app(work / f"list-{n}")
    started = time.perf_counter()
    demo.generate(ctx, n, seed=1)
    print(f"  demo data: {n} contacts in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    ctx.close()
    return figures


def measure_ui(n: int, work: Path) -> dict[str, float | None]:
    """The list, search and card figures, in a process that did nothing else (so its memory is
    what a user's app would hold)."""
    from crm_desktop.ui.contacts.card import ContactCard
    from crm_desktop.ui.contacts.list_page import ContactListPage

    figures: dict[str, float | None] = {}
    ctx = open_app(work / f"list-{n}")

    started = time.perf_counter()
    page = ContactListPage(ctx)
    page.resize(1150, 700)
    page.show()
    _wait(page.model)
    QCoreApplication.processEvents()
    figures["first_rows_s"] = time.perf_counter() - started
    assert page.model.rowCount() > 0

    # Per keystroke: the time until the matching rows are in the list (what the user waits
    # for), and until the number of matches is known too (the count follows the rows).
    latencies: list[float] = []
    counted: list[float] = []
    for query in QUERIES:
        for i in range(1, len(query) + 1):
            started = time.perf_counter()
            page.model.set_query(ContactFilter(text=query[:i]))
            _wait(page.model)
            latencies.append((time.perf_counter() - started) * 1000)
            while page.model.counting:
                QCoreApplication.processEvents()
                time.sleep(0.0005)
            counted.append((time.perf_counter() - started) * 1000)
    latencies.sort()
    counted.sort()
    figures["keystroke_median_ms"] = statistics.median(latencies)
    figures["keystroke_p95_ms"] = latencies[int(0.95 * (len(latencies) - 1))]
    figures["keystroke_max_ms"] = latencies[-1]
    figures["with_count_median_ms"] = statistics.median(counted)
    figures["with_count_p95_ms"] = counted[int(0.95 * (len(counted) - 1))]
    print(f"  keystrokes measured: {len(latencies)}", file=sys.stderr)

    companies = contact_list.fetch(ctx, ContactFilter(type="company"), ContactSort("no"), 0, 10)
    persons = contact_list.fetch(ctx, ContactFilter(type="person"), ContactSort("no"), 0, 10)
    card_times: list[float] = []
    for row in [*companies, *persons]:
        started = time.perf_counter()
        card = ContactCard(ctx, row.no)
        card.show()
        _wait(card.persons_model)
        QCoreApplication.processEvents()
        card_times.append((time.perf_counter() - started) * 1000)
        card.close()
        QCoreApplication.processEvents()
    figures["card_ms"] = statistics.median(card_times)
    figures["card_max_ms"] = max(card_times)

    # Jumps anywhere, as a drag of the scroll bar or Ctrl+End does: the time until the rows
    # at the new position are painted (the block fetched, the viewport repainted).
    page.model.set_query(ContactFilter())
    _wait(page.model)
    total = page.model.rowCount()
    jumps: list[float] = []
    rng = random.Random(5)
    targets = [total - 1, total // 2, 1, *(rng.randrange(total) for _ in range(27))]
    for row in targets:
        started = time.perf_counter()
        page.table.scrollTo(page.model.index(row, 0))
        page.table.viewport().repaint()  # the paint that asks for the block
        _wait(page.model)  # the block arrives and the rows are painted (queued update)
        QCoreApplication.processEvents()
        jumps.append((time.perf_counter() - started) * 1000)
        assert page.model.row_at(row) is not None
    jumps.sort()
    figures["jump_median_ms"] = statistics.median(jumps)
    figures["jump_max_ms"] = jumps[-1]
    figures["cached_rows"] = float(len(page.model.cached_blocks()) * page.model.block_size)
    # Ctrl+End from the top, counted in blocks as the test does at 20,000.
    page.model.set_query(ContactFilter())
    _wait(page.model)
    page.table.setFocus()
    started = time.perf_counter()
    page.table.setCurrentIndex(
        page.table.moveCursor(page.table.CursorAction.MoveEnd, Qt.KeyboardModifier.ControlModifier)
    )
    page.table.viewport().repaint()
    _wait(page.model)
    QCoreApplication.processEvents()
    figures["ctrl_end_ms"] = (time.perf_counter() - started) * 1000
    figures["ctrl_end_blocks"] = float(page.model.blocks_fetched)

    with ctx.db.read() as s:
        sizes = contact_search.index_size(s.connection())
    for name, size in sizes.items():
        figures[f"size_{name}_mb"] = size / 1024 / 1024

    figures["rss_mb"] = psutil.Process().memory_info().rss / 1024 / 1024
    page.close()
    page.deleteLater()
    QCoreApplication.processEvents()
    ctx.close()
    return figures


def _phase(phase: str, n: int, work: Path) -> dict[str, float | None]:
    """Run one phase in a fresh Python process and return its figures."""
    out = subprocess.run(
        [sys.executable, __file__, "--phase", phase, "--n", str(n), "--work", str(work)],
        check=False,  # judged by its figures: a crash on the way out must not lose them
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    figures: dict[str, float | None] = json.loads(out.strip().splitlines()[-1])
    return figures


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark for each size and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--phase", choices=("prepare", "ui"))
    parser.add_argument("--n", type=int)
    parser.add_argument("--work", type=Path)
    args = parser.parse_args(argv)
    if args.phase:
        if args.phase == "prepare":
            figures = prepare(args.n, args.work)
        else:
            # The offscreen platform's harmless notice, once per window, would drown the output.
            qInstallMessageHandler(
                lambda _kind, _where, text: (
                    None if "propagateSizeHints" in text else print(text, file=sys.stderr)
                )
            )
            app = QApplication.instance() or QApplication(sys.argv[:1])
            messages.quiet = True
            figures = measure_ui(args.n, args.work)
            del app
        print(json.dumps(figures))
        return 0
    print(
        f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}, "
        f"Python {sys.version.split()[0]}"
    )
    with tempfile.TemporaryDirectory(prefix="crm-bench-") as tmp:
        for n in args.sizes:
            print(f"\n{n:,} contacts", flush=True)
            figures = _phase("prepare", n, Path(tmp))
            figures.update(_phase("ui", n, Path(tmp)))
            for key, value in figures.items():
                target = TARGETS.get(key)
                if value is None:
                    print(f"  {key:22} n/a")
                elif target is None:
                    print(f"  {key:22} {value:10.1f}")
                else:
                    print(
                        f"  {key:22} {value:10.1f}   target {target:g}, ratio {value / target:.2f}"
                    )
            print(f"  load average now: {os.getloadavg()[0]:.1f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
