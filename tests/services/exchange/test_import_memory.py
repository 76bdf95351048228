"""The import reads its file as a stream (issue 14 point 8): peak memory of `crm-desktop import`
does not grow with the file. 20,000 and 200,000 narrow rows (`name,city`) are imported by the
command line in fresh processes; their peak RSS (SQLite's page cache included) must differ by
less than 50 MB (before, the 200,000-row file alone took several hundred MB more). The
1,000,000-row figure on an export of demo data is in tests/benchmarks/import_bench.py --memory.
No BC scenario covers this."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _peak_import(tmp: Path, rows: int) -> float:
    source = tmp / f"narrow-{rows}.csv"
    with open(source, "w", encoding="utf-8") as fh:
        fh.write("name,city\n")
        for i in range(rows):
            fh.write(f"Company {i},City {i % 997}\n")
    code = (
        "import resource, sys\n"
        "from crm_desktop import cli\n"
        f"rc = cli.main(['--data-dir', {str(tmp / f'data-{rows}')!r}, 'import', {str(source)!r}])\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
        "sys.exit(rc)\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"imported {rows} contacts" in done.stdout
    return int(done.stdout.strip().splitlines()[-1]) / 1024


def test_peak_memory_does_not_grow_with_the_file(tmp_path: Path) -> None:
    small = _peak_import(tmp_path, 20_000)
    large = _peak_import(tmp_path, 200_000)
    print(f"\nimport peak RSS: 20,000 rows {small:.0f} MB, 200,000 rows {large:.0f} MB")
    assert large - small < 50, (small, large)
