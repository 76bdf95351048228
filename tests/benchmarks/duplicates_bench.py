"""Benchmark: duplicate detection quality and speed, each method side by side (issue 16).

Run: `.venv/bin/python tests/benchmarks/duplicates_bench.py [--sizes 10000 100000] [--seeds 1 2 3]`

The data comes from `duplicates_data.generate` (companies and persons, Dutch and English, with
duplicates of known truth and near misses). For every size, seed and method it loads the contacts
into a fresh data directory and prints:

- precision, recall and F1 for companies and for persons at the method's default threshold and
  at its best threshold (one scan at a low threshold, then every threshold from the stored scores);
- the near misses wrongly paired, and the share of near-miss pairs left apart (their precision:
  near misses hold no true pair, so every pair found among them is a false one);
- the first full scan (search data built from nothing: BC's strings, or the fuzzy keys that the
  app otherwise computes in the background after the upgrade and keeps on every save) and a
  rescan with the search data current;
- the longest write transaction of the scans, and the longest wait of another writer meanwhile
  (a probe thread on its own connection keeps asking for the write lock);
- the on-creation check latency (median, p95): finding the pairs of one saved contact, and the
  whole save (`create_contact`) of a copy of an existing contact;
- the median time of one company save (`update_contact`, issue 15);
- the ratio of each method's figure to BC's (the baseline, measured in the same run).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import insert, select

sys.path.insert(0, str(Path(__file__).parent))
import duplicates_data as gen  # noqa: E402

from crm_desktop.domain.duplicates import search_strings as bc_rules  # noqa: E402
from crm_desktop.domain.errors import ValidationError  # noqa: E402
from crm_desktop.services import contacts, duplicates, setup  # noqa: E402
from crm_desktop.services.app import open_app  # noqa: E402
from crm_desktop.services.duplicates import fuzzy, matching  # noqa: E402
from crm_desktop.storage import models as m  # noqa: E402

BC = "search_strings"
FUZZY = "fuzzy"
# method -> (its default threshold, the low threshold of the one scan the sweep reads)
DEFAULTS = {BC: (60, 30), FUZZY: (None, 30)}


class LockProbe(threading.Thread):
    """Measures the longest time another writer had to wait for the write lock."""

    def __init__(self, path: Path) -> None:
        super().__init__(daemon=True)
        self.path = path
        self.longest = 0.0
        self.stop = threading.Event()

    def run(self) -> None:
        con = sqlite3.connect(self.path, timeout=120, isolation_level=None)
        while not self.stop.is_set():
            started = time.perf_counter()
            con.execute("BEGIN IMMEDIATE")
            waited = time.perf_counter() - started
            con.execute("ROLLBACK")
            self.longest = max(self.longest, waited)
            time.sleep(0.005)
        con.close()


def blank_contact() -> dict[str, Any]:
    """Every contact column with its blank value."""
    out: dict[str, Any] = {}
    for column in m.Contact.__table__.columns:
        out[column.name] = None if column.nullable else ""
    out.update(privacy_blocked=False, contact_business_relation="none")
    return out


def load(ctx: Any, data: gen.Dataset) -> None:
    """Insert the generated contacts as they are (no search data: the scan builds it)."""
    now = dt.datetime(2026, 1, 1)
    rows = []
    for c in data.contacts:
        row = blank_contact()
        row.update({k: v for k, v in c.items() if k in row})
        row.update(search_name=(row["name"] or "").upper(), last_modified=now)
        if row["type"] == "company":
            row["company_no"] = row["no"]
            row["company_name"] = row["name"]
        rows.append(row)
    with ctx.db.uow() as s:
        for i in range(0, len(rows), 5000):
            s.connection().execute(insert(m.Contact), rows[i : i + 5000])


class Quality(NamedTuple):
    """Precision, recall and F1 of one contact type at one threshold."""

    threshold: int
    precision: float
    recall: float
    f1: float


def quality(found: set[tuple[str, str]], truth: set[tuple[str, str]], threshold: int) -> Quality:
    hit = len(found & truth)
    p = hit / len(found) if found else 1.0
    r = hit / len(truth) if truth else 1.0
    return Quality(threshold, p, r, 2 * p * r / (p + r) if p + r else 0.0)


class Figures:
    """One method's figures on one data set.

    A plain class, not a dataclass: tests/test_layers.py imports this script without
    registering it in sys.modules, which dataclasses need."""

    def __init__(self, method: str, default: int, scan_s: float = 0.0) -> None:
        self.method = method
        self.default = default
        self.at_default: dict[str, Quality] = {}
        self.best: dict[str, Quality] = {}
        self.near_wrong = 0
        self.near_apart = 1.0
        self.scan_s = scan_s
        self.rescan_s = 0.0
        self.rescan_cpu_s = 0.0
        self.hold_s = 0.0
        self.lock_s = 0.0
        self.check_ms = (0.0, 0.0)
        self.create_ms = (0.0, 0.0)
        self.company_save_ms = 0.0


def stored_pairs(ctx: Any) -> list[tuple[str, str, int]]:
    """Every pair found (not kept separate) with its score as the method's threshold reads it."""
    with ctx.db.read() as s:
        rows = s.execute(
            select(
                m.ContactDuplicate.contact_no,
                m.ContactDuplicate.duplicate_contact_no,
                m.ContactDuplicate.score,
                m.ContactDuplicate.no_of_matching_strings,
            ).where(m.ContactDuplicate.separate_contacts.is_(False))
        ).all()
    return [(a, b, sc if method_of(ctx) == FUZZY else n) for a, b, sc, n in rows]


def method_of(ctx: Any) -> str:
    return str(setup.get_marketing_setup(ctx)["duplicate_method"])


def passes(method: str, value: int, threshold: int, setup_rows: int) -> bool:
    """Whether a stored pair's value reaches `threshold` under the method."""
    if method == BC:
        return value >= max(1, (setup_rows * threshold + 99) // 100)
    return value >= threshold


def measure(data: gen.Dataset, method: str, time_saves: bool) -> Figures:
    """Load the data, scan with the method, and take its figures."""
    types = {c["no"]: c["type"] for c in data.contacts}
    truth = {t: {p for p in data.truth if types[p[0]] == t} for t in ("company", "person")}
    with tempfile.TemporaryDirectory() as tmp:
        ctx = open_app(Path(tmp) / "data")
        try:
            setup.update_marketing_setup(
                ctx, {"duplicate_method": method, "maintain_dupl_search_strings": False}
            )
            load(ctx, data)
            default, low = DEFAULTS[method]
            if default is None:
                default = int(setup.get_marketing_setup(ctx)["fuzzy_threshold"])
            holds = watch_transactions(ctx)
            probe = LockProbe(ctx.db.path)
            probe.start()
            started = time.perf_counter()
            while True:
                try:
                    duplicates.scan(ctx, method=method, threshold=low)
                    break
                except ValidationError:  # too many candidate pairs: BC at a very low Hit %
                    low += 10
            figures = Figures(method, default, scan_s=time.perf_counter() - started)
            started, cpu = time.perf_counter(), time.process_time()
            duplicates.scan(ctx, method=method, threshold=low)
            figures.rescan_s = time.perf_counter() - started
            figures.rescan_cpu_s = time.process_time() - cpu
            probe.stop.set()
            probe.join()
            figures.lock_s = probe.longest
            figures.hold_s = max(holds)
            rows = len(duplicates.list_setup(ctx))
            pairs = stored_pairs(ctx)
            for t in ("company", "person"):
                mine = [(a, b, v) for a, b, v in pairs if types[a] == t]
                sweep = []
                for th in range(low, 101):
                    found = {(a, b) for a, b, v in mine if passes(method, v, th, rows)}
                    sweep.append(quality(found, truth[t], th))
                figures.at_default[t] = next(q for q in sweep if q.threshold == default)
                figures.best[t] = max(sweep, key=lambda q: (q.f1, -q.threshold))
            at_default = {(a, b) for a, b, v in pairs if passes(method, v, default, rows)}
            wrong = at_default & data.near_miss
            figures.near_wrong = len(wrong)
            figures.near_apart = 1 - len(wrong) / len(data.near_miss) if data.near_miss else 1.0
            if time_saves:
                setup.update_marketing_setup(
                    ctx, {"maintain_dupl_search_strings": True, "autosearch_for_duplicates": True}
                )
                figures.check_ms = time_checks(ctx, data, method)
                figures.create_ms = time_creates(ctx, data)
                figures.company_save_ms = time_company_saves(ctx, data)
            return figures
        finally:
            ctx.close()


def watch_transactions(ctx: Any) -> list[float]:
    """Record how long every write transaction of `ctx` takes from now on (its lock hold)."""
    holds = [0.0]
    uow = ctx.db.uow

    @contextlib.contextmanager
    def timed() -> Any:
        started = time.perf_counter()
        try:
            with uow() as s:
                yield s
        finally:
            holds.append(time.perf_counter() - started)

    ctx.db.uow = timed
    return holds


def time_checks(ctx: Any, data: gen.Dataset, method: str) -> tuple[float, float]:
    """Median and p95 (ms) of finding one stored contact's pairs, as a save does."""
    sample = data.contacts[:: max(1, len(data.contacts) // 200)][:200]
    times = []
    with ctx.db.read() as s:
        row = matching.marketing(s)
        settings = fuzzy.settings_of(row)
        setup_rows = matching.setup_rows(s)
        needed = max(1, bc_rules.needed_matches(len(setup_rows), row.search_hit_percent))
        for c in sample:
            if method == BC and c["type"] != "company":
                continue
            started = time.perf_counter()
            if method == BC:
                matching.match_one(s, c["no"], setup_rows, needed)
            else:
                record = fuzzy.stored(s, [c["no"]], settings.default_country)[c["no"]]
                fuzzy.check(s, record, settings)
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), statistics.quantiles(times, n=20)[-1]


def _timed(calls: list[Callable[[], object]]) -> list[float]:
    out = []
    for call in calls:
        started = time.perf_counter()
        call()
        out.append((time.perf_counter() - started) * 1000)
    return out


def time_creates(ctx: Any, data: gen.Dataset) -> tuple[float, float]:
    """Median and p95 (ms) of saving a new contact that copies an existing one (the check runs
    on creation)."""
    sample = [c for c in data.contacts[:: max(1, len(data.contacts) // 60)]][:60]
    editable = ("type", "name", "address", "post_code", "city", "phone_no", "email")
    editable += ("mobile_phone_no", "first_name", "surname", "vat_registration_no")
    calls: list[Callable[[], object]] = []
    for c in sample:
        values = {k: c[k] for k in editable if c.get(k)}
        if c["type"] == "person":
            values.pop("name", None)
        calls.append(lambda v=values: contacts.create_contact(ctx, v))
    times = _timed(calls)[5:]  # the first saves warm the caches
    return statistics.median(times), statistics.quantiles(times, n=20)[-1]


def time_company_saves(ctx: Any, data: gen.Dataset) -> float:
    """Median (ms) of changing one company's phone number (issue 15's company save)."""
    nos = [c["no"] for c in data.contacts if c["type"] == "company"][::97][:40]
    calls: list[Callable[[], object]] = [
        lambda n=n, i=i: contacts.update_contact(ctx, n, {"phone_no": f"020-555{i:04d}"})
        for i, n in enumerate(nos)
    ]
    return statistics.median(_timed(calls)[5:])


def report(size: int, seed: int, results: list[Figures]) -> None:
    """Print one line per figure, the methods side by side, with the ratio to BC's."""
    base = results[0]
    print(f"\n== {size} contacts, seed {seed} ==")
    header = "".join(f"{r.method:>22}" for r in results)
    print(f"{'figure':<36}{header}{'ratio':>10}")

    def line(label: str, values: list[float], fmt: str = "{:.3f}") -> None:
        cells = "".join(f"{fmt.format(v):>22}" for v in values)
        ratio = f"{values[-1] / values[0]:.2f}" if values[0] and len(values) > 1 else "-"
        print(f"{label:<36}{cells}{ratio:>10}")

    for t in ("company", "person"):
        for kind, pick in (("default", "at_default"), ("best", "best")):
            qs = [getattr(r, pick)[t] for r in results]
            print(
                f"{t + ' @' + kind + ' (th)':<36}"
                + "".join(f"{'t=' + str(q.threshold):>22}" for q in qs)
            )
            line(f"  {t} precision @{kind}", [q.precision for q in qs])
            line(f"  {t} recall @{kind}", [q.recall for q in qs])
            line(f"  {t} F1 @{kind}", [q.f1 for q in qs])
    line("near-miss pairs paired @default", [r.near_wrong for r in results], "{:.0f}")
    line("near-miss pairs left apart", [r.near_apart for r in results])
    line("first full scan s (data built)", [r.scan_s for r in results], "{:.2f}")
    line("rescan s (search data current)", [r.rescan_s for r in results], "{:.2f}")
    line("rescan CPU s (this process)", [r.rescan_cpu_s for r in results], "{:.2f}")
    line("longest write transaction s", [r.hold_s for r in results], "{:.3f}")
    line("longest wait of another writer s", [r.lock_s for r in results], "{:.3f}")
    if base.create_ms[0]:
        line("on-creation check ms median", [r.check_ms[0] for r in results], "{:.2f}")
        line("on-creation check ms p95", [r.check_ms[1] for r in results], "{:.2f}")
        line("whole save of a copy ms median", [r.create_ms[0] for r in results], "{:.1f}")
        line("whole save of a copy ms p95", [r.create_ms[1] for r in results], "{:.1f}")
        line("company save ms median", [r.company_save_ms for r in results], "{:.1f}")
    del base


def machine() -> str:
    """The load on the machine while the figures were taken (they are wall-clock times)."""
    try:
        with open("/proc/loadavg", encoding="ascii") as f:
            return f"load average {f.read().split()[0]} on {os.cpu_count()} cores"
    except OSError:
        return f"{os.cpu_count()} cores"


def main(argv: list[str]) -> None:
    """Run the sizes and seeds asked for; quality at every size, saves timed once per size."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--seeds", type=int, nargs="*", default=[1, 2, 3])
    parser.add_argument("--methods", nargs="*", default=[BC, FUZZY])
    args = parser.parse_args(argv)
    for size in args.sizes:
        for k, seed in enumerate(args.seeds):
            data = gen.generate(size, seed)
            print(
                f"data: {len(data.contacts)} contacts, {len(data.truth)} duplicate pairs, "
                f"{len(data.near_miss)} near-miss pairs"
            )
            results = [measure(data, method, time_saves=k == 0) for method in args.methods]
            report(size, seed, results)
            print(machine())


if __name__ == "__main__":
    main(sys.argv[1:])
