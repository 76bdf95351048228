"""Issue 12 point 4: every window opens inside the available geometry of a 1366×768 laptop
screen, at 100 % and at 200 % (QT_SCALE_FACTOR=2), with its Save/OK/Close buttons inside the
window; the contact card's rarely used fields hide behind "Show more", remembered per user.

The screens are checked in a fresh process (the screen size and the scale factor are fixed
when Qt starts); the PNGs go to /tmp/shots/i12/fit_x1 and fit_x2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from crm_desktop.services import contacts
from crm_desktop.services.app import AppContext
from crm_desktop.ui.contacts.card import ContactCard

SCRIPT = Path(__file__).with_name("fit_windows.py")
ROOT = Path(__file__).parents[2]
SCREEN = {
    "screens": [
        {
            "name": "laptop",
            "x": 0,
            "y": 0,
            "width": 1366,
            "height": 768,
            "logicalDpi": 96,
            "logicalBaseDpi": 96,
            "dpr": 1,
        }
    ]
}


@pytest.mark.parametrize("scale", ["1", "2"])
def test_every_window_fits_a_laptop_screen(tmp_path: Path, scale: str) -> None:
    config = tmp_path / "screen.json"
    config.write_text(json.dumps(SCREEN), encoding="utf-8")
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM=f"offscreen:configfile={config}",
        QT_SCALE_FACTOR=scale,
        PYTHONPATH=os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]),
    )
    env.pop("CRM_DESKTOP_DATA_DIR", None)
    shots = Path(f"/tmp/shots/i12/fit_x{scale}")
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(tmp_path / "data"), str(shots)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    expected = [0, 0, 1366, 768] if scale == "1" else [0, 0, 683, 384]
    assert report["screen"] == expected
    assert report["problems"] == []
    assert len(list(shots.glob("*.png"))) >= 20


def _card(ctx: AppContext, qtbot, no: str) -> ContactCard:  # type: ignore[no-untyped-def]
    card = ContactCard(ctx, no)
    qtbot.addWidget(card)
    card.show()
    return card


def test_show_more_reveals_the_rare_fields_and_is_remembered(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    no = contacts.create_contact(ctx, {"type": "company", "name": "Berg Bouw"}).contact.no
    card = _card(ctx, qtbot, no)
    communication = card.sections[1]
    assert not card.editors["telex_no"].widget.isVisibleTo(card)
    assert not card.editors["pager"].widget.isVisibleTo(card)
    assert card.editors["phone_no"].widget.isVisibleTo(card)
    assert communication.more.text() == "Show more"
    qtbot.mouseClick(communication.more, Qt.MouseButton.LeftButton)
    assert card.editors["telex_no"].widget.isVisibleTo(card)
    assert communication.more.text() == "Show less"
    # Only that section opened.
    assert not card.editors["name_2"].widget.isVisibleTo(card)
    card.close()
    again = _card(ctx, qtbot, no)
    assert again.editors["telex_no"].widget.isVisibleTo(again)
    assert not again.editors["name_2"].widget.isVisibleTo(again)


def test_a_rare_field_with_a_value_always_shows(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    no = contacts.create_contact(
        ctx, {"type": "company", "name": "Berg Bouw", "name_2": "Afdeling Noord"}
    ).contact.no
    card = _card(ctx, qtbot, no)
    assert card.editors["name_2"].widget.isVisibleTo(card)
    assert not card.editors["registration_number"].widget.isVisibleTo(card)
