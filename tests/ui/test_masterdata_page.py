"""The Master Data page, driven with keys and clicks; results are checked through the services."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox, QLineEdit

from crm_desktop.services import masterdata
from crm_desktop.services import setup as setup_service
from crm_desktop.ui import messages
from crm_desktop.ui.common.code_field import CodeField
from crm_desktop.ui.common.fields import from_master
from crm_desktop.ui.common.rows_model import RowsModel
from crm_desktop.ui.masterdata.page import MasterDataPage
from crm_desktop.ui.masterdata.panel import MasterTablePanel


@pytest.fixture
def page(main_window) -> MasterDataPage:  # type: ignore[no-untyped-def]
    widget = main_window.show_page("masterdata")
    assert isinstance(widget, MasterDataPage)
    return widget


def open_table(page: MasterDataPage, key: str) -> MasterTablePanel:
    panel = page.panel(key)
    page.show_table(masterdata.table(key).parent or key)
    panel.focus_list()
    return panel


def line(panel: MasterTablePanel, name: str) -> QLineEdit:
    assert panel.dialog is not None
    editor = panel.dialog.form.editors[name]
    assert isinstance(editor, QLineEdit)
    return editor


def press_ok(qtbot, panel: MasterTablePanel) -> None:  # type: ignore[no-untyped-def]
    assert panel.dialog is not None
    button = panel.dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def codes(ctx, key: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [row["code"] for row in masterdata.list_rows(ctx, key)]


def test_selector_lists_every_table_but_no_series(page) -> None:
    names = [page.selector.item(i).text() for i in range(page.selector.count())]
    assert names == [
        "Salespeople/Purchasers",
        "Territories",
        "Countries/Regions",
        "Languages",
        "Currencies",
        "Salutations",
        "Business Relations",
        "Sales Cycles",
        "Interaction Groups",
        "Interaction Templates",
        "Close Opportunity Codes",
        "VAT Rates",
        "Vendor Templates",
    ]


def test_empty_table_shows_hint_and_insert_adds_a_row(ctx, qtbot, page) -> None:
    panel = open_table(page, "territory")
    assert panel.stack.currentWidget() is panel.hint
    assert panel.hint.text() == "No territories yet. Press New to add one."
    assert not panel.buttons["delete"].isEnabled()
    qtbot.keyClick(panel.hint, Qt.Key.Key_Insert)
    assert panel.dialog is not None and panel.dialog.isVisible()
    # The window system activates the dialog a moment later; keys go to it from then on.
    qtbot.waitUntil(lambda: QApplication.activeWindow() is panel.dialog)
    assert QApplication.focusWidget() is line(panel, "code")
    qtbot.keyClicks(line(panel, "code"), " north ")
    qtbot.keyClicks(line(panel, "name"), "North Region")
    qtbot.keyClick(line(panel, "name"), Qt.Key.Key_Return)  # Return in the form means OK
    assert panel.dialog is None
    assert masterdata.list_rows(ctx, "territory") == [{"code": "NORTH", "name": "North Region"}]
    assert panel.stack.currentWidget() is panel.view
    assert panel.selected_row() == {"code": "NORTH", "name": "North Region"}


def test_ctrl_n_and_new_button_open_the_form(qtbot, page) -> None:
    panel = open_table(page, "currency")
    qtbot.keyClick(panel.hint, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert panel.dialog is not None
    panel.dialog.reject()
    assert panel.dialog is None
    qtbot.mouseClick(panel.buttons["new"], Qt.MouseButton.LeftButton)
    assert panel.dialog is not None and panel.dialog.windowTitle() == "New Currency"


def test_enter_edits_the_selected_row(ctx, qtbot, page) -> None:
    panel = open_table(page, "language")
    assert panel.select(("NLD",))
    qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    assert panel.dialog is not None
    assert not line(panel, "code").isEnabled()  # the code changes through Rename
    name = line(panel, "name")
    name.selectAll()
    qtbot.keyClicks(name, "Nederlands")
    press_ok(qtbot, panel)
    row = next(r for r in masterdata.list_rows(ctx, "language") if r["code"] == "NLD")
    assert row["name"] == "Nederlands"


def test_refused_value_is_shown_under_its_field_and_nothing_saved(ctx, qtbot, page) -> None:
    panel = open_table(page, "interaction_template")
    assert panel.select(("CALL-IN",))
    before = masterdata.list_rows(ctx, "interaction_template")
    qtbot.keyClick(panel.view, Qt.Key.Key_Enter)
    dialog = panel.dialog
    assert dialog is not None
    group = dialog.form.editors["interaction_group_code"]
    assert isinstance(group, CodeField)
    edit = group.combo.lineEdit()
    assert edit is not None
    edit.selectAll()
    qtbot.keyClicks(edit, "nope")
    press_ok(qtbot, panel)
    assert panel.dialog is dialog and dialog.isVisible()
    assert dialog.form.error_fields() == ["interaction_group_code"]
    assert dialog.form.errors["interaction_group_code"].text() == (
        "Interaction Group NOPE does not exist."
    )
    assert dialog.summary.text() == (
        "Interaction Group Code: Interaction Group NOPE does not exist."
    )
    assert masterdata.list_rows(ctx, "interaction_template") == before


def test_blank_code_is_refused(ctx, qtbot, page) -> None:
    panel = open_table(page, "business_relation")
    before = codes(ctx, "business_relation")
    qtbot.keyClick(panel.view, Qt.Key.Key_Insert)
    qtbot.keyClicks(line(panel, "description"), "No code")
    press_ok(qtbot, panel)
    assert panel.dialog is not None
    assert panel.dialog.form.errors["code"].text() == "Code must not be blank."
    assert codes(ctx, "business_relation") == before


def test_existing_code_is_refused(ctx, qtbot, page) -> None:
    panel = open_table(page, "business_relation")
    qtbot.keyClick(panel.view, Qt.Key.Key_Insert)
    qtbot.keyClicks(line(panel, "code"), "cust")
    press_ok(qtbot, panel)
    assert panel.dialog is not None
    assert panel.dialog.form.errors["code"].text() == "Business Relation CUST already exists."


def test_f2_renames_and_references_follow(ctx, qtbot, page) -> None:
    assert setup_service.get_marketing_setup(ctx)["bus_rel_code_for_employees"] == "EMP"
    panel = open_table(page, "business_relation")
    assert panel.select(("EMP",))
    qtbot.keyClick(panel.view, Qt.Key.Key_F2)
    assert panel.dialog is not None
    assert panel.dialog.windowTitle() == "Rename Business Relation EMP"
    code = line(panel, "code")
    code.selectAll()
    qtbot.keyClicks(code, "staff")
    press_ok(qtbot, panel)
    assert panel.dialog is None
    assert "STAFF" in codes(ctx, "business_relation")
    assert "EMP" not in codes(ctx, "business_relation")
    assert setup_service.get_marketing_setup(ctx)["bus_rel_code_for_employees"] == "STAFF"
    assert panel.selected_row() is not None and panel.selected_row()["code"] == "STAFF"


def test_rename_to_a_taken_code_is_refused(ctx, qtbot, page) -> None:
    panel = open_table(page, "business_relation")
    assert panel.select(("EMP",))
    qtbot.mouseClick(panel.buttons["rename"], Qt.MouseButton.LeftButton)
    code = line(panel, "code")
    code.selectAll()
    qtbot.keyClicks(code, "VEND")
    press_ok(qtbot, panel)
    assert panel.dialog is not None
    assert panel.dialog.form.errors["code"].text() == "Business Relation VEND already exists."
    assert setup_service.get_marketing_setup(ctx)["bus_rel_code_for_employees"] == "EMP"


def test_delete_refused_shows_the_reason(ctx, qtbot, page) -> None:
    panel = open_table(page, "salutation")
    assert panel.select(("COMPANY",))
    messages.answer_next.append(True)
    qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    assert messages.shown[0] == ("question", "Delete Salutation COMPANY?")
    kind, text = messages.shown[1]
    assert kind == "error"
    assert text.startswith("You cannot delete Salutation COMPANY because it is used in ")
    assert "Marketing Setup" in text
    assert "COMPANY" in codes(ctx, "salutation")


def test_delete_allowed_after_confirmation(ctx, qtbot, page) -> None:
    masterdata.save_row(ctx, "territory", {"code": "EAST", "name": "East"})
    masterdata.save_row(ctx, "territory", {"code": "WEST", "name": "West"})
    panel = open_table(page, "territory")
    assert panel.select(("EAST",))
    messages.answer_next.append(False)
    qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    assert codes(ctx, "territory") == ["EAST", "WEST"]
    messages.answer_next.append(True)
    qtbot.mouseClick(panel.buttons["delete"], Qt.MouseButton.LeftButton)
    assert codes(ctx, "territory") == ["WEST"]
    assert [r["code"] for r in panel.model.rows] == ["WEST"]


def test_salutation_formulas_follow_the_selected_salutation(ctx, qtbot, page) -> None:
    masterdata.save_row(ctx, "language", {"code": "DEU", "name": "German"})
    page.refresh()
    salutations = open_table(page, "salutation")
    assert salutations.select(("PERSON",))
    formulas = page.panel("salutation_formula")
    assert formulas.title.text() == "<b>Salutation Formulas of PERSON</b>"
    assert {r["salutation_code"] for r in formulas.model.rows} == {"PERSON"}
    count = len(formulas.model.rows)
    formulas.view.setFocus()
    qtbot.keyClick(formulas.view, Qt.Key.Key_Insert)
    dialog = formulas.dialog
    assert dialog is not None
    parent = dialog.form.editors["salutation_code"]
    assert isinstance(parent, CodeField) and parent.code() == "PERSON"
    assert not parent.isEnabled()
    language = dialog.form.editors["language_code"]
    assert isinstance(language, CodeField)
    language.combo.setCurrentIndex(language.combo.findData("DEU"))
    kind = dialog.form.editors["salutation_type"]
    assert isinstance(kind, QComboBox)
    kind.setCurrentIndex(kind.findData("formal"))
    qtbot.keyClicks(line(formulas, "salutation"), "Sehr geehrte(r) %1 %2")
    press_ok(qtbot, formulas)
    assert formulas.dialog is None
    stored = masterdata.list_rows(ctx, "salutation_formula", "PERSON")
    assert len(stored) == count + 1
    new = next(r for r in stored if r["language_code"] == "DEU")
    assert (new["salutation_type"], new["salutation"]) == ("formal", "Sehr geehrte(r) %1 %2")


def test_detail_hint_when_sales_cycle_has_no_stages(ctx, qtbot, page) -> None:
    masterdata.save_row(
        ctx,
        "sales_cycle",
        {"code": "EMPTY", "description": "No stages", "probability_calculation": "multiply"},
    )
    cycles = open_table(page, "sales_cycle")
    cycles.refresh()
    assert cycles.select(("EMPTY",))
    stages = page.panel("sales_cycle_stage")
    assert stages.stack.currentWidget() is stages.hint
    assert stages.hint.text() == "No sales cycle stages yet. Press New to add one."


def test_clicking_a_header_sorts(qtbot, page) -> None:
    panel = open_table(page, "language")
    assert panel.proxy.index(0, 0).data() == "ENU"
    header = panel.view.horizontalHeader()
    click_at = QPoint(header.sectionViewportPosition(0) + 10, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=click_at)
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert panel.proxy.index(0, 0).data() == "NLD"


def test_rows_model_passes_qt_model_tester(qtmodeltester, ctx) -> None:
    specs = [from_master(f) for f in masterdata.table("interaction_template").fields]
    model = RowsModel(specs)
    model.set_rows(masterdata.list_rows(ctx, "interaction_template"))
    assert model.rowCount() > 3
    qtmodeltester.check(model, force_py=True)


def test_renamed_group_shows_in_templates_table(ctx, qtbot, page) -> None:
    templates = open_table(page, "interaction_template")
    groups = open_table(page, "interaction_group")
    assert groups.select(("PHONE",))
    qtbot.keyClick(groups.view, Qt.Key.Key_F2)
    code = line(groups, "code")
    code.selectAll()
    qtbot.keyClicks(code, "CALLS")
    press_ok(qtbot, groups)
    shown = {r["code"]: r["interaction_group_code"] for r in templates.model.rows}
    assert (shown["CALL-IN"], shown["CALL-OUT"]) == ("CALLS", "CALLS")
    assert "PHONE" not in shown.values()
