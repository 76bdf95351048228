"""One running copy per data directory (issue 8): an OS lock that a killed process does not
leave behind, honoured by the command line."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from crm_desktop import cli
from crm_desktop.services.datafile.opening import AlreadyOpenError, acquire_lock, lock_data_dir

HOLD = """
import sys, time
from pathlib import Path
from crm_desktop.storage.lock import acquire_lock
lock = acquire_lock(Path(sys.argv[1]))
print("locked", flush=True)
time.sleep(60)
"""


def test_a_second_lock_on_the_same_folder_is_refused(tmp_path: Path) -> None:
    first = acquire_lock(tmp_path)
    try:
        with pytest.raises(AlreadyOpenError) as err:
            acquire_lock(tmp_path)
        assert str(err.value) == (
            f"The data in {tmp_path} is already open in another CRM Desktop window."
        )
    finally:
        first.release()
    acquire_lock(tmp_path).release()  # free again once released


def test_other_folders_are_independent(tmp_path: Path) -> None:
    with lock_data_dir(tmp_path / "a"), lock_data_dir(tmp_path / "b"):
        assert (tmp_path / "a").is_dir() and (tmp_path / "b").is_dir()


def test_the_lock_file_is_private(tmp_path: Path) -> None:
    with lock_data_dir(tmp_path) as lock:
        assert lock.path.stat().st_mode & 0o777 == 0o600


def test_a_lock_left_by_a_killed_process_does_not_block(tmp_path: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "locked"
        with pytest.raises(AlreadyOpenError):
            acquire_lock(tmp_path)
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert (tmp_path / ".crm-desktop.lock").exists()  # the file stays, the lock does not
    acquire_lock(tmp_path).release()


def test_the_command_line_refuses_a_folder_that_is_open(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with lock_data_dir(tmp_path):
        code = cli.main(["--data-dir", str(tmp_path), "check"])
    assert code != 0
    err = capsys.readouterr().err
    assert err.strip() == (
        f"crm-desktop: The data in {tmp_path} is already open in another CRM Desktop window."
    )
    assert cli.main(["--data-dir", str(tmp_path), "backup"]) == 0
