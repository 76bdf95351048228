"""Crash-proof writes, proven: a child process doing real work through the services is killed
with SIGKILL at random moments, many times; after each kill the data passes `check`, every
finished action is entirely there, and the one in flight is entirely there or entirely absent.

The actions are pluggable (tests/services/crash_actions.py); one whose service module or function
is gone fails the test instead of being skipped. The run is bounded by CRASH_SECONDS (default 360 s of kills, so each of the dozen actions is killed mid-write about ten times);
the seed is printed so a failing run can be repeated with CRASH_SEED; CRASH_ACTIONS=a,b runs
only those actions (e.g. opp_stage,opp_close). No BC scenario covers
this (issue 8).
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from crm_desktop.services.app import DB_FILE, open_app
from crm_desktop.services.backups.check import check_data_dir

sys.path.insert(0, str(Path(__file__).resolve().parent))
import crash_actions  # noqa: E402

CHILD = Path(__file__).resolve().with_name("crash_child.py")
SECONDS = float(os.environ.get("CRASH_SECONDS", "360"))
MIN_WRITING_KILLS = 10


class Zygote:
    """The warmed-up process that forks one worker per kill (see crash_child.py)."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(CHILD)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        assert self._line() == "ZYGOTE READY"

    def _line(self) -> str:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        assert line, "the zygote died"
        return line.strip()

    def run_and_kill(
        self, data_dir: Path, seed: int, names: list[str], delay: float, markers: Path
    ) -> list[tuple[str, str, str]]:
        """Fork a worker, let it write for `delay` s after READY, SIGKILL it; its markers."""
        markers.unlink(missing_ok=True)
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"RUN {data_dir} {seed} {','.join(names)} {markers}\n")
        self.proc.stdin.flush()
        kind, pid_text = self._line().split()
        assert kind == "PID"
        pid = int(pid_text)
        deadline = time.monotonic() + 60
        while True:
            text = markers.read_text() if markers.exists() else ""
            if text.startswith("READY") or "ERROR" in text:
                break
            assert time.monotonic() < deadline, "the worker did not start"
            time.sleep(0.005)
        assert "ERROR" not in text, text
        time.sleep(delay)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass  # the worker ended by itself: its markers say why (an ERROR line)
        exit_line = self._line().split()
        status = int(exit_line[2])
        text = markers.read_text()
        assert "ERROR" not in text, text.replace(" | ", "\n")
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        found = []
        for line in text.splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[0] in ("BEGIN", "END"):
                found.append((parts[0], parts[1], parts[2]))
        return found

    def close(self) -> None:
        """End the zygote."""
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def _kill_loop(
    data_dir: Path,
    actions: list[crash_actions.Action],
    seconds: float,
    enough: Callable[[dict[str, int]], bool] | None = None,
) -> dict[str, int]:
    """Kill workers running `actions` for `seconds` (or until `enough(per_action)`), checking
    after every kill; returns the kills that landed mid-action, per action."""
    print(f"\ncrash safety: actions {[a.name for a in actions]}")
    ctx = open_app(data_dir)
    try:
        for action in actions:
            action.prepare(ctx)
        for action in actions:
            assert action.verify(ctx, [], None) == [], f"{action.name} not sound before kills"
    finally:
        ctx.close()

    seed = int(os.environ.get("CRASH_SEED", str(random.randrange(1 << 30))))
    print(f"crash safety: seed {seed}")
    rng = random.Random(seed)
    names = [a.name for a in actions]
    done: dict[str, list[str]] = {n: [] for n in names}
    kills = writing_kills = 0
    per_action: dict[str, int] = {n: 0 for n in names}
    zygote = Zygote()
    markers = data_dir.parent / "markers.txt"
    started = time.monotonic()
    try:
        while time.monotonic() - started < seconds:
            if enough is not None and enough(per_action):
                break
            # Mostly short runs (many kills); now and then a long one, so a kill can also land
            # in the write phase of a long action such as a CSV import of thousands of rows.
            delay = rng.uniform(0.0, 0.4) if rng.random() < 0.8 else rng.uniform(0.4, 5.0)
            # Where every action needs its own kills, the worker runs only those still short of
            # them, so a quick action (a backup) is not starved by slower ones.
            running = names
            if enough is not None:
                running = [n for n in names if per_action[n] < MIN_WRITING_KILLS] or names
            found = zygote.run_and_kill(data_dir, rng.randrange(1 << 30), running, delay, markers)
            kills += 1
            inflight: tuple[str, str] | None = None
            for kind, name, tag in found:
                if kind == "BEGIN":
                    inflight = (name, tag)
                else:
                    assert inflight == (name, tag)
                    done[name].append(tag)
                    inflight = None
            if inflight is not None:
                writing_kills += 1
                per_action[inflight[0]] += 1

            report = check_data_dir(data_dir)
            assert report.ok, f"after kill {kills} (in flight {inflight}): {report.problems}"
            ctx = open_app(data_dir)
            try:
                for action in actions:
                    flying = inflight[1] if inflight and inflight[0] == action.name else None
                    problems = action.verify(ctx, done[action.name], flying)
                    assert problems == [], f"after kill {kills} (in flight {inflight}): {problems}"
                if inflight is not None:
                    # Learn whether the interrupted action landed, so later checks are exact.
                    name, tag = inflight
                    action = next(a for a in actions if a.name == name)
                    if action.verify(ctx, [*done[name], tag], None) == []:
                        done[name].append(tag)
            finally:
                ctx.close()
    finally:
        zygote.close()

    finished = {n: len(t) for n, t in done.items()}
    print(
        f"crash safety: {kills} kills, {writing_kills} while writing {per_action}, "
        f"all survived; finished actions {finished}; {time.monotonic() - started:.0f} s"
    )
    assert writing_kills >= MIN_WRITING_KILLS
    return per_action


def test_kills_at_random_moments_lose_at_most_the_action_in_flight(data_dir: Path) -> None:
    missing = [(a.name, a.missing()) for a in crash_actions.ALL_ACTIONS if a.missing()]
    assert not missing, f"crash actions whose service module or function is gone: {missing}"
    actions = crash_actions.available()
    only = [n for n in os.environ.get("CRASH_ACTIONS", "").split(",") if n]
    if only:  # e.g. CRASH_ACTIONS=opp_stage,opp_close to give some actions every kill
        actions = [a for a in actions if a.name in only]
    _kill_loop(data_dir, actions, SECONDS)


def test_first_start_backup_and_restore_survive_ten_kills_each(data_dir: Path) -> None:
    """Issue 14: at least 10 kills land in the middle of each of these three actions."""
    names = ["first_start", "backup", "restore"]
    per_action = _kill_loop(
        data_dir,
        crash_actions.by_name(names),
        float(os.environ.get("CRASH_DATA_SAFETY_SECONDS", "240")),
        enough=lambda counts: all(counts[n] >= MIN_WRITING_KILLS for n in names),
    )
    assert all(per_action[n] >= MIN_WRITING_KILLS for n in names), per_action


def test_the_checks_catch_a_partial_write(data_dir: Path) -> None:
    """Each action's check must fail on a half-done action, or the kill test proves nothing."""
    actions = {a.name: a for a in crash_actions.available()}
    ctx = open_app(data_dir)
    try:
        for action in actions.values():
            action.prepare(ctx)
    finally:
        ctx.close()
    con = sqlite3.connect(data_dir / DB_FILE)
    half_done = {
        "numbers": "UPDATE no_series_line SET last_no_used = 'K0000003' "
        "WHERE series_code = 'KILLNO'",
        "create_company": "INSERT INTO contact (no, type, name) VALUES ('X1', 'company', 'Crash 9-9')",
        "company_save": "UPDATE contact SET city = 'Half' WHERE no = (SELECT no FROM contact "
        "WHERE name = 'Kill Co 1' AND type = 'company')",
        "rename": "UPDATE contact SET salesperson_code = NULL WHERE no = (SELECT min(no) "
        "FROM contact WHERE salesperson_code = 'KILLA')",
        "csv_import": "INSERT INTO contact (no, type, name) VALUES ('X2', 'company', 'Imp 9-9 0')",
        "sync_update": "UPDATE customer SET city = 'Half'",
        "merge": "UPDATE contact SET company_no = (SELECT no FROM contact WHERE name = 'MrgK 0') "
        "WHERE name = 'MrgP 0'",
        "merge_undo": "UPDATE contact_merge SET undone_at = '2026-01-01 00:00:00' "
        "WHERE gone_name = 'UndG 5'",
        **crash_actions.crash_actions_opportunities.HALF_DONE,
        "log_attach": "INSERT INTO interaction_log_entry (contact_no, date, description) "
        "SELECT no, '2026-11-27', 'KA 9-9' FROM contact WHERE name = 'Attach Co'",
        "relocate": "UPDATE attachment SET storage_type = 'disk_file', "
        "storage_pointer = '/nonexistent', storage_file = 'gone' "
        "WHERE no = (SELECT min(no) FROM attachment)",
        **crash_actions.crash_actions_documents.HALF_DONE,
    }
    try:
        for name, statement in half_done.items():
            if name in actions:
                con.execute(statement)
        con.commit()
    finally:
        con.close()
    # The data-safety actions work on files: a half-seeded first start, a half-written backup,
    # a restore that lost a contact.
    from crm_desktop.storage.migrate import migrate

    (data_dir.parent / "first-h-1").mkdir()
    migrate(data_dir.parent / "first-h-1" / DB_FILE, None)
    (data_dir / "backups").mkdir(exist_ok=True)
    (data_dir / "backups" / "crm-20261127-120000-auto.sqlite").write_bytes(b"half" * 1000)
    target = sqlite3.connect(data_dir.parent / "restore-target" / DB_FILE)
    target.execute("DELETE FROM contact WHERE no = (SELECT min(no) FROM contact)")
    target.commit()
    target.close()
    done_for = {"first_start": ["h-1"]}
    ctx = open_app(data_dir)
    try:
        for name, action in actions.items():
            problems = action.verify(ctx, done_for.get(name, []), None)
            assert problems != [], f"{name} did not notice a partial write"
    finally:
        ctx.close()
