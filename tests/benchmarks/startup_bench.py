"""Benchmark: cold start at 100,000 contacts beside a bare Qt window (not a timed test).

Run on demand:  .venv/bin/python tests/benchmarks/startup_bench.py [--contacts 100000]

The demo data file is generated once, into --work (reused when it is already there), then each
of two programs is started 5 times as a fresh process, warm file cache, and timed from the
moment the process is spawned until it reports its first paint:
- a bare Qt window holding a QTableView with rows (the baseline);
- `crm-desktop` on the demo data, with CRM_DESKTOP_STARTUP_PROBE set, which prints a line and
  quits once the contact list has painted its first rows (crm_desktop/ui/startup_probe.py).
Prints both medians, the ratio app/bare, the target (0.6 s, issue 15) and the ten imports with
the largest cumulative time from `python -X importtime`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TARGET_S = 0.6
RUNS = 5
PROBE_LINE = "first-rows-painted"

BARE = f"""
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QTableView

app = QApplication(sys.argv)
model = QStandardItemModel(50, 8)
for row in range(50):
    for column in range(8):
        model.setItem(row, column, QStandardItem(f"{{row}}-{{column}}"))
view = QTableView()
view.setModel(model)

class Probe(QObject):
    done = False
    def eventFilter(self, watched, event):
        if not self.done and watched is view.viewport() and event.type() == QEvent.Type.Paint:
            self.done = True
            QTimer.singleShot(0, lambda: (print({PROBE_LINE!r}, flush=True), app.quit()))
        return False

probe = Probe()
view.viewport().installEventFilter(probe)
view.resize(1000, 700)
view.show()
app.exec()
"""


def _app_command(data_dir: Path, *flags: str) -> list[str]:
    return [sys.executable, *flags, "-m", "crm_desktop", "--data-dir", str(data_dir)]


def _time_until_probe(command: list[str]) -> tuple[float, str]:
    """Seconds from spawning `command` to its probe line, and its standard error."""
    env = dict(os.environ, CRM_DESKTOP_STARTUP_PROBE="1")
    started = time.perf_counter()
    proc = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.strip() == PROBE_LINE:
            elapsed = time.perf_counter() - started
            break
    else:
        raise SystemExit(
            f"no probe line from {command}:\n{proc.stderr.read() if proc.stderr else ''}"
        )
    _, err = proc.communicate(timeout=120)
    return elapsed, err


def _prepare(data_dir: Path, n: int) -> None:
    if (data_dir / "crm.sqlite").exists():
        return
    from crm_desktop.services import demo
    from crm_desktop.services.app import open_app

    started = time.perf_counter()
    ctx = open_app(data_dir, allow_new=True)
    try:
        demo.generate(ctx, n, seed=1)
    finally:
        ctx.close()
    print(f"demo data: {n} contacts in {time.perf_counter() - started:.1f} s", file=sys.stderr)


def _importtime_top(data_dir: Path, top: int = 10) -> list[tuple[int, int, str]]:
    """The imports of one probed start as (cumulative µs, self µs, name), largest first."""
    _, err = _time_until_probe(_app_command(data_dir, "-X", "importtime"))
    rows: list[tuple[int, int, str]] = []
    for line in err.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        own, cumulative, name = line[len("import time:") :].split("|")
        rows.append((int(cumulative), int(own), name.strip()))
    return sorted(rows, reverse=True)[:top]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument(
        "--work",
        type=Path,
        default=Path(tempfile.gettempdir()) / "crm-startup-bench",
        help="folder for the demo data, kept between runs",
    )
    args = parser.parse_args(argv)
    data_dir = args.work / f"data-{args.contacts}"
    _prepare(data_dir, args.contacts)
    # One untimed start of each warms the file cache and Python's bytecode cache.
    _time_until_probe([sys.executable, "-c", BARE])
    _time_until_probe(_app_command(data_dir))
    bare = [_time_until_probe([sys.executable, "-c", BARE])[0] for _ in range(RUNS)]
    app = [_time_until_probe(_app_command(data_dir))[0] for _ in range(RUNS)]
    bare_s, app_s = statistics.median(bare), statistics.median(app)
    print(f"contacts: {args.contacts}")
    print(f"bare Qt window, first paint: median {bare_s:.3f} s  runs {[round(t, 3) for t in bare]}")
    print(
        f"crm-desktop, list's first rows painted: median {app_s:.3f} s  runs {[round(t, 3) for t in app]}"
    )
    print(
        f"ratio app/bare: {app_s / bare_s:.2f}   target {TARGET_S} s: ratio {app_s / TARGET_S:.2f}"
    )
    print("-X importtime, top 10 by cumulative time (cumulative, self):")
    for cumulative, own, name in _importtime_top(data_dir):
        print(f"  {cumulative / 1000:8.1f} ms {own / 1000:7.1f} ms  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
