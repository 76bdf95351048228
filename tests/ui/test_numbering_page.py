"""The No. Series page, driven like a new user: a series with two date lines, its next number,
a refused value shown beside its field, and a clear message when the series runs out."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

from crm_desktop.services import numbering as ns
from crm_desktop.services import setup
from crm_desktop.services.app import AppContext
from crm_desktop.ui import messages
from crm_desktop.ui.hub import hub
from crm_desktop.ui.numbering.dialogs import LineDialog, SeriesDialog
from crm_desktop.ui.numbering.page import NoSeriesPage

WORKDATE = dt.date(2027, 1, 25)


@pytest.fixture
def page(ctx: AppContext, main_window) -> NoSeriesPage:  # type: ignore[no-untyped-def]
    setup.update_user_setup(ctx, work_date=WORKDATE)
    widget = main_window.show_page("no_series")
    assert isinstance(widget, NoSeriesPage)
    hub().changed("user_setup")
    return widget


def click_ok(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )


def type_into(qtbot, edit: QLineEdit, text: str) -> None:  # type: ignore[no-untyped-def]
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def add_line(qtbot, page: NoSeriesPage, start: dt.date, first: str, last: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(page, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = page.dialog
    assert isinstance(dialog, LineDialog)
    dialog.starting_date.enabled.setChecked(True)
    dialog.starting_date.edit.setDate(QDate(start.year, start.month, start.day))
    type_into(qtbot, dialog.numbers["starting_no"], first)
    type_into(qtbot, dialog.numbers["ending_no"], last)
    click_ok(qtbot, dialog)
    assert not dialog.isVisible()


def series_next_no(page: NoSeriesPage, code: str) -> str:
    (view,) = [v for v in page.series_model.rows if v.series.code == code]
    return view.next_no


def test_new_user_sets_up_two_date_lines_and_runs_out(
    ctx: AppContext, page: NoSeriesPage, qtbot
) -> None:  # type: ignore[no-untyped-def]
    assert page.work_date_label.text() == "Work date: 2027-01-25"

    qtbot.mouseClick(page.new_series_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, SeriesDialog)
    type_into(qtbot, dialog.code, "inv")
    type_into(qtbot, dialog.description, "Invoices")
    dialog.manual_nos.setChecked(False)
    click_ok(qtbot, dialog)
    assert ns.get_series(ctx, "INV").description == "Invoices"
    assert page.current_code() == "INV"
    assert page.lines_stack.currentWidget() is page.lines_hint
    assert "has no lines" in page.lines_hint.text()

    add_line(qtbot, page, dt.date(2027, 1, 1), "A1", "A9")
    add_line(qtbot, page, WORKDATE, "B1", "B2")
    lines = ns.list_lines(ctx, "INV")
    assert [(ln.starting_date, ln.starting_no, ln.ending_no) for ln in lines] == [
        (dt.date(2027, 1, 1), "A1", "A9"),
        (WORKDATE, "B1", "B2"),
    ]
    assert [r.next_no for r in page.lines_model.rows] == ["A1", "B1"]
    # On the work date the later line applies.
    assert series_next_no(page, "INV") == "B1"
    assert page.lines_model.in_use == lines[1].line_no

    qtbot.keyClick(page, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert messages.shown[-1] == (
        "info",
        "Series INV would give B1 next on 2027-01-25. Nothing was used up.",
    )
    assert ns.peek_next(ctx, "INV", WORKDATE) == "B1"

    with ctx.db.uow() as s:
        assert ns.issue_many(s, "INV", WORKDATE, 2) == ["B1", "B2"]
    hub().changed("no_series")
    assert series_next_no(page, "INV") == ""
    assert [r.open for r in page.lines_model.rows] == [True, False]

    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    expected = "You cannot assign new numbers from the number series INV on 2027-01-25."
    assert messages.shown[-1] == ("error", expected)
    assert page.status.text() == expected


def test_refused_value_is_shown_beside_its_field(
    ctx: AppContext, page: NoSeriesPage, qtbot
) -> None:  # type: ignore[no-untyped-def]
    page.select_series("CONT")
    page.lines_view.setFocus()
    page.lines_view.selectRow(0)
    page.edit_line()
    dialog = page.dialog
    assert isinstance(dialog, LineDialog)
    type_into(qtbot, dialog.numbers["ending_no"], "END")
    click_ok(qtbot, dialog)
    assert dialog.isVisible()
    error = dialog.errors["ending_no"]
    assert not error.isHidden()
    assert error.text() == (
        "The value in the Ending No. field must have a number so that we can assign the next "
        "number in the series."
    )
    assert ns.list_lines(ctx, "CONT")[0].ending_no == "CT999999"
    type_into(qtbot, dialog.numbers["ending_no"], "CT000500")
    click_ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert ns.list_lines(ctx, "CONT")[0].ending_no == "CT000500"
    assert page.lines_model.rows[0].ending_no == "CT000500"


def test_default_and_manual_stay_coupled_in_the_dialog(page: NoSeriesPage, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = page.dialog
    assert isinstance(dialog, SeriesDialog)
    assert (dialog.default_nos.isChecked(), dialog.manual_nos.isChecked()) == (True, False)
    dialog.default_nos.setChecked(False)
    assert dialog.manual_nos.isChecked()
    dialog.reject()


def test_delete_series_in_use_is_refused_with_reason(page: NoSeriesPage, qtbot) -> None:  # type: ignore[no-untyped-def]
    page.select_series("CONT")
    messages.answer_next.append(True)
    qtbot.mouseClick(page.delete_series_button, Qt.MouseButton.LeftButton)
    kind, text = messages.shown[-1]
    assert kind == "error"
    assert text.startswith("You cannot delete No. Series CONT because it is used in")
    assert any(v.series.code == "CONT" for v in page.series_model.rows)


def test_models_pass_the_model_tester(page: NoSeriesPage, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(page.series_model)
    qtmodeltester.check(page.lines_model)


def test_related_series_are_added_and_removed(ctx: AppContext, page: NoSeriesPage, qtbot) -> None:  # type: ignore[no-untyped-def]
    from crm_desktop.ui.numbering.dialogs import RelatedDialog

    page.select_series("CONT")
    qtbot.keyClick(page, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    dialog = page.dialog
    assert isinstance(dialog, RelatedDialog)
    assert dialog.related.count() == 0 and not dialog.empty.isHidden()
    dialog.choice.setCurrentIndex(dialog.choice.findData("OPP"))
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert [r.code for r in ns.related_series(ctx, "CONT")] == ["CONT", "OPP"]
    assert dialog.choice.findData("OPP") == -1
    dialog.related.setCurrentRow(0)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert [r.code for r in ns.related_series(ctx, "CONT")] == ["CONT"]
    dialog.reject()
