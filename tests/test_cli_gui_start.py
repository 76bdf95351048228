"""A plain start of the window skips building the full command-line parser (issue 15 point 4)."""

from __future__ import annotations

import pytest

from crm_desktop import cli


@pytest.mark.parametrize(
    ("argv", "data_dir"),
    [([], None), (["--data-dir", "/d"], "/d"), (["--data-dir=/d"], "/d")],
)
def test_plain_gui_starts_are_read_directly(argv: list[str], data_dir: str | None) -> None:
    assert cli._gui_data_dir(argv) == data_dir


@pytest.mark.parametrize(
    "argv",
    [["check"], ["--data-dir", "/d", "check"], ["--help"], ["--data", "/d"], ["--data-dir"]],
)
def test_every_other_command_line_goes_to_argparse(argv: list[str]) -> None:
    assert cli._gui_data_dir(argv) is cli._NO_GUI


def test_help_still_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    assert "check" in capsys.readouterr().out
