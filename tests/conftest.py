"""Shared fixtures: every test gets its own data directory; Qt runs offscreen."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("CRM_DESKTOP_DATA_DIR", None)

from crm_desktop.services.app import (
    AppContext,  # noqa: E402
    open_app,  # noqa: E402
)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A fresh data directory for this test."""
    return tmp_path / "data"


@pytest.fixture
def ctx(data_dir: Path) -> Iterator[AppContext]:
    """The app opened on a fresh, seeded database (real file, real migrations)."""
    context = open_app(data_dir)
    yield context
    context.close()
