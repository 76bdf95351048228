"""Worker processes of the crash-safety test, forked from a warmed-up "zygote".

Importing the app takes seconds on a busy machine; forking an already-imported process takes
milliseconds, so the test gets many more kills into its time budget. The zygote reads commands
on stdin, one per line:

    RUN <data_dir> <seed> <action>[,<action>...] <markers file>

and for each forks a worker, prints "PID <pid>", waits for the worker to die and prints
"EXIT <pid> <wait status>". The worker opens the data (open_app, as the app does), writes
"READY", then runs actions forever, writing "BEGIN <action> <tag>" before and
"END <action> <tag>" after each one (one service call = one transaction) to the markers file
with unbuffered writes, so everything written survives a SIGKILL.
"""

from __future__ import annotations

import os
import random
import sys
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from crash_actions import by_name  # noqa: E402

import crm_desktop.services.contacts  # noqa: E402, F401 - warm the imports before forking
import crm_desktop.services.interactions.create  # noqa: E402, F401
import crm_desktop.services.masterdata  # noqa: E402, F401
import crm_desktop.services.merge  # noqa: E402, F401
import crm_desktop.services.numbering  # noqa: E402, F401
import crm_desktop.services.opportunities  # noqa: E402, F401
from crm_desktop.services.app import open_app  # noqa: E402


def work(data_dir: str, seed: int, names: list[str], markers: str) -> None:
    """Run actions until killed."""
    fd = os.open(markers, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)

    def mark(line: str) -> None:
        os.write(fd, (line + "\n").encode())

    try:
        rng = random.Random(seed)
        actions = by_name(names)
        ctx = open_app(data_dir)
        mark("READY")
        pid = os.getpid()
        n = 0
        while True:
            n += 1
            # Long actions (a CSV import) are picked less often, so kills spread over all.
            action = rng.choices(actions, weights=[getattr(a, "weight", 1.0) for a in actions])[0]
            tag = f"{pid}-{n}"
            mark(f"BEGIN {action.name} {tag}")
            action.run(ctx, tag, rng)
            mark(f"END {action.name} {tag}")
    except BaseException:
        mark("ERROR " + traceback.format_exc().replace("\n", " | "))
        os._exit(3)


def main() -> None:
    """The zygote loop."""
    print("ZYGOTE READY", flush=True)
    for line in sys.stdin:
        parts = line.split()
        if not parts or parts[0] != "RUN":
            continue
        _run, data_dir, seed, names, markers = parts
        pid = os.fork()
        if pid == 0:
            work(data_dir, int(seed), names.split(","), markers)
            os._exit(0)
        print(f"PID {pid}", flush=True)
        _pid, status = os.waitpid(pid, 0)
        print(f"EXIT {pid} {status}", flush=True)


if __name__ == "__main__":
    main()
