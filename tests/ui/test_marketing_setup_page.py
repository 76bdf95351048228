"""The Marketing Setup page, driven like a user: change a value in each section, Apply, reopen.

Every test asserts on the database through the services, and on a freshly built page.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QSpinBox, QWidget

from crm_desktop.services import masterdata
from crm_desktop.services import setup as setup_service
from crm_desktop.services.app import AppContext
from crm_desktop.ui import messages
from crm_desktop.ui.common.code_field import CodeField
from crm_desktop.ui.hub import hub
from crm_desktop.ui.setup.page import MarketingSetupPage


@pytest.fixture
def page(main_window) -> MarketingSetupPage:  # type: ignore[no-untyped-def]
    widget = main_window.show_page("marketing_setup")
    assert isinstance(widget, MarketingSetupPage)
    return widget


def reopen(ctx: AppContext, qtbot) -> MarketingSetupPage:  # type: ignore[no-untyped-def]
    """A new page built from the database, as after closing and opening the app."""
    fresh = MarketingSetupPage(ctx)
    qtbot.addWidget(fresh)
    return fresh


def type_code(qtbot, field: QWidget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Replace a code combo's text by typing, as a user does."""
    assert isinstance(field, CodeField)
    line = field.combo.lineEdit()
    assert line is not None
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Delete)
    qtbot.keyClicks(line, text)


def type_number(qtbot, spin: QWidget, number: int) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(spin, QSpinBox)
    spin.selectAll()
    qtbot.keyClicks(spin, str(number))


def show_tab(page: MarketingSetupPage, key: str) -> None:
    page.tabs.setCurrentIndex(list(page.sections).index(key))


def click_apply(qtbot, page: MarketingSetupPage) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(page.apply_button, Qt.MouseButton.LeftButton)


def shown_code(page: MarketingSetupPage, section: str, name: str) -> str:
    field = page.sections[section].editor(name)
    assert isinstance(field, CodeField)
    return field.code()


def test_general_storage_location_is_stored(ctx, qtbot, page) -> None:
    show_tab(page, "general")
    line = page.general.editor("attachment_storage_location")
    assert isinstance(line, QLineEdit)
    assert not line.isEnabled()  # a location only matters for files on disk
    combo = page.general.editor("attachment_storage_type")
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData("disk_file"))
    assert line.isEnabled()
    qtbot.keyClicks(line, "/srv/crm/attachments")
    click_apply(qtbot, page)
    stored = setup_service.get_marketing_setup(ctx)
    assert stored["attachment_storage_location"] == "/srv/crm/attachments"
    assert stored["attachment_storage_type"] == "disk_file"
    fresh = reopen(ctx, qtbot)
    line = fresh.general.editor("attachment_storage_location")
    assert isinstance(line, QLineEdit)
    assert line.text() == "/srv/crm/attachments"


def test_inheritance_switch_is_stored(ctx, qtbot, page) -> None:
    show_tab(page, "inheritance")
    assert not page.apply_button.isEnabled()  # nothing changed yet
    assert setup_service.get_marketing_setup(ctx)["inherit_territory_code"] is True
    box = page.inheritance.editor("inherit_territory_code")
    assert isinstance(box, QCheckBox)
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    click_apply(qtbot, page)
    assert setup_service.get_marketing_setup(ctx)["inherit_territory_code"] is False
    assert setup_service.get_marketing_setup(ctx)["inherit_salesperson_code"] is True
    fresh = reopen(ctx, qtbot)
    fresh_box = fresh.inheritance.editor("inherit_territory_code")
    assert isinstance(fresh_box, QCheckBox)
    assert not fresh_box.isChecked()


def test_defaults_language_typed_in_lower_case_is_stored_as_code(ctx, qtbot, page) -> None:
    show_tab(page, "defaults")
    type_code(qtbot, page.defaults.editor("default_language_code"), "nld")
    click_apply(qtbot, page)
    assert setup_service.get_marketing_setup(ctx)["default_language_code"] == "NLD"
    assert shown_code(reopen(ctx, qtbot), "defaults", "default_language_code") == "NLD"


def test_defaults_user_settings_are_stored_for_the_user(ctx, qtbot, page) -> None:
    masterdata.save_row(ctx, "salesperson", {"code": "JR", "name": "Jo Rivera"})
    hub().changed("salesperson")
    show_tab(page, "defaults")
    type_code(qtbot, page.defaults.user_form.editors["salesperson_code"], "jr")
    qtbot.mouseClick(page.defaults.use_today, Qt.MouseButton.LeftButton)
    assert page.defaults.work_date.isEnabled()
    page.defaults.work_date.setDate(QDate(2027, 1, 29))
    click_apply(qtbot, page)
    user = setup_service.get_user_setup(ctx)
    assert user.salesperson_code == "JR"
    assert user.work_date == dt.date(2027, 1, 29)
    # The Marketing Setup's own default salesperson stays as it was.
    assert setup_service.get_marketing_setup(ctx)["default_salesperson_code"] == ""
    fresh = reopen(ctx, qtbot)
    assert not fresh.defaults.use_today.isChecked()
    assert fresh.defaults.work_date.date() == QDate(2027, 1, 29)


def test_interactions_template_is_stored(ctx, qtbot, page) -> None:
    assert setup_service.get_interaction_template_setup(ctx)["sales_blnkt_ord"] == ""
    show_tab(page, "interactions")
    type_code(qtbot, page.interactions.editor("sales_blnkt_ord"), "s-order")
    click_apply(qtbot, page)
    assert setup_service.get_interaction_template_setup(ctx)["sales_blnkt_ord"] == "S-ORDER"
    assert shown_code(reopen(ctx, qtbot), "interactions", "sales_blnkt_ord") == "S-ORDER"


def test_sync_business_relation_is_stored(ctx, qtbot, page) -> None:
    masterdata.save_row(ctx, "business_relation", {"code": "STAFF", "description": "Staff"})
    hub().changed("business_relation")
    show_tab(page, "sync")
    field = page.sync.editor("bus_rel_code_for_employees")
    assert isinstance(field, CodeField)
    assert field.combo.findData("STAFF") > 0  # the new code is offered at once
    field.combo.setCurrentIndex(field.combo.findData("STAFF"))
    click_apply(qtbot, page)
    stored = setup_service.get_marketing_setup(ctx)
    assert stored["bus_rel_code_for_employees"] == "STAFF"
    assert stored["bus_rel_code_for_customers"] == "CUST"
    assert shown_code(reopen(ctx, qtbot), "sync", "bus_rel_code_for_employees") == "STAFF"


def test_numbering_series_cleared_is_stored_blank(ctx, qtbot, page) -> None:
    assert setup_service.get_marketing_setup(ctx)["task_nos"] == "TASK"
    show_tab(page, "numbering")
    type_code(qtbot, page.numbering.editor("task_nos"), "")
    click_apply(qtbot, page)
    assert setup_service.get_marketing_setup(ctx)["task_nos"] == ""
    assert setup_service.get_marketing_setup(ctx)["contact_nos"] == "CONT"
    assert shown_code(reopen(ctx, qtbot), "numbering", "task_nos") == ""


def test_duplicates_hit_percent_is_stored(ctx, qtbot, page) -> None:
    show_tab(page, "duplicates")
    type_number(qtbot, page.duplicates.editor("search_hit_percent"), 75)
    click_apply(qtbot, page)
    assert setup_service.get_marketing_setup(ctx)["search_hit_percent"] == 75
    fresh = reopen(ctx, qtbot)
    spin = fresh.duplicates.editor("search_hit_percent")
    assert isinstance(spin, QSpinBox)
    assert spin.value() == 75


def test_duplicates_fuzzy_threshold_weight_and_method_are_stored(ctx, qtbot, page) -> None:
    show_tab(page, "duplicates")
    assert page.duplicates.editor("duplicate_method").currentText() == "Fuzzy (weighted score)"
    type_number(qtbot, page.duplicates.editor("fuzzy_threshold"), 70)
    type_number(qtbot, page.duplicates.editor("fuzzy_weight_city"), 5)
    click_apply(qtbot, page)
    values = setup_service.get_marketing_setup(ctx)
    assert (values["fuzzy_threshold"], values["fuzzy_weight_city"]) == (70, 5)
    assert values["search_hit_percent"] == 60  # BC's threshold is its own
    fresh = reopen(ctx, qtbot)
    assert fresh.duplicates.editor("fuzzy_weight_city").value() == 5


def test_save_shortcut_stores(ctx, qtbot, page) -> None:
    show_tab(page, "duplicates")
    type_number(qtbot, page.duplicates.editor("search_hit_percent"), 80)
    qtbot.keyClick(
        page.duplicates.editor("search_hit_percent"),
        Qt.Key.Key_S,
        Qt.KeyboardModifier.ControlModifier,
    )
    assert setup_service.get_marketing_setup(ctx)["search_hit_percent"] == 80


def test_cancel_stores_nothing_and_shows_stored_values(ctx, qtbot, page) -> None:
    before = setup_service.get_marketing_setup(ctx)
    templates_before = setup_service.get_interaction_template_setup(ctx)
    type_number(qtbot, page.duplicates.editor("search_hit_percent"), 90)
    box = page.inheritance.editor("inherit_language_code")
    assert isinstance(box, QCheckBox)
    box.setChecked(False)
    type_code(qtbot, page.interactions.editor("e_mails"), "")
    assert page.has_changes()
    assert page.apply_button.isEnabled() and page.cancel_button.isEnabled()
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    assert setup_service.get_marketing_setup(ctx) == before
    assert setup_service.get_interaction_template_setup(ctx) == templates_before
    assert not page.has_changes()
    assert not page.apply_button.isEnabled() and not page.cancel_button.isEnabled()
    spin = page.duplicates.editor("search_hit_percent")
    assert isinstance(spin, QSpinBox)
    assert spin.value() == before["search_hit_percent"]
    assert box.isChecked()


def test_search_hit_percent_zero_names_the_field_and_saves_nothing(ctx, qtbot, page) -> None:
    show_tab(page, "general")
    combo = page.general.editor("attachment_storage_type")
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData("disk_file"))
    line = page.general.editor("attachment_storage_location")
    assert isinstance(line, QLineEdit)
    qtbot.keyClicks(line, "/tmp/other")
    type_number(qtbot, page.duplicates.editor("search_hit_percent"), 0)
    before = setup_service.get_marketing_setup(ctx)
    click_apply(qtbot, page)
    message = "Search Hit % must be between 1 and 100; 0 is not allowed."
    assert page.duplicates.forms[0].errors["search_hit_percent"].text() == message
    assert page.duplicates.forms[0].error_fields() == ["search_hit_percent"]
    assert "Search Hit %" in page.error.text()
    assert page.tabs.currentIndex() == list(page.sections).index("duplicates")
    assert setup_service.get_marketing_setup(ctx) == before
    # Correcting the value and applying again clears the message and stores both changes.
    type_number(qtbot, page.duplicates.editor("search_hit_percent"), 55)
    click_apply(qtbot, page)
    assert page.duplicates.forms[0].error_fields() == []
    assert page.error.text() == ""
    stored = setup_service.get_marketing_setup(ctx)
    assert (stored["search_hit_percent"], stored["attachment_storage_location"]) == (
        55,
        "/tmp/other",
    )


def test_unknown_code_typed_is_refused(ctx, qtbot, page) -> None:
    show_tab(page, "defaults")
    field = page.defaults.editor("default_sales_cycle_code")
    type_code(qtbot, field, "nosuch")
    assert isinstance(field, CodeField)
    assert field.description.text() == "(not in the list)"
    click_apply(qtbot, page)
    assert page.defaults.forms[0].errors["default_sales_cycle_code"].text() == (
        "Sales Cycle NOSUCH does not exist."
    )
    assert setup_service.get_marketing_setup(ctx)["default_sales_cycle_code"] == "NEW"


def test_unknown_template_code_is_refused_on_its_tab(ctx, qtbot, page) -> None:
    type_code(qtbot, page.interactions.editor("outg_calls"), "nosuch")
    click_apply(qtbot, page)
    assert page.tabs.currentIndex() == list(page.sections).index("interactions")
    form = page.interactions.form_of("outg_calls")
    assert form is not None
    assert form.errors["outg_calls"].text() == "Interaction Template NOSUCH does not exist."
    assert setup_service.get_interaction_template_setup(ctx)["outg_calls"] == "CALL-OUT"


def test_maintain_and_autosearch_coupled_live(ctx, qtbot, page) -> None:
    show_tab(page, "duplicates")
    maintain = page.duplicates.editor("maintain_dupl_search_strings")
    autosearch = page.duplicates.editor("autosearch_for_duplicates")
    assert isinstance(maintain, QCheckBox) and isinstance(autosearch, QCheckBox)
    assert maintain.isChecked() and autosearch.isChecked()
    maintain.setFocus()
    qtbot.keyClick(maintain, Qt.Key.Key_Space)  # Maintain off carries Autosearch off
    assert (maintain.isChecked(), autosearch.isChecked()) == (False, False)
    click_apply(qtbot, page)
    stored = setup_service.get_marketing_setup(ctx)
    assert (stored["maintain_dupl_search_strings"], stored["autosearch_for_duplicates"]) == (
        False,
        False,
    )
    autosearch.setFocus()
    qtbot.keyClick(autosearch, Qt.Key.Key_Space)  # Autosearch on switches Maintain on
    assert (maintain.isChecked(), autosearch.isChecked()) == (True, True)
    messages.answer_next.append(True)
    with qtbot.waitSignal(hub().status_message) as status:
        click_apply(qtbot, page)
    assert ("question", "Do you want to generate duplicate search strings?") in messages.shown
    assert "search strings" in status.args[0]
    stored = setup_service.get_marketing_setup(ctx)
    assert (stored["maintain_dupl_search_strings"], stored["autosearch_for_duplicates"]) == (
        True,
        True,
    )


def test_no_question_when_maintain_stays_on(ctx, qtbot, page) -> None:
    type_number(qtbot, page.duplicates.editor("search_hit_percent"), 70)
    click_apply(qtbot, page)
    assert [kind for kind, _text in messages.shown if kind == "question"] == []


def test_renamed_code_shows_on_the_open_page(ctx, qtbot, page) -> None:
    masterdata.rename(ctx, "sales_cycle", "NEW", "FIRST")
    hub().changed("sales_cycle")
    assert shown_code(page, "defaults", "default_sales_cycle_code") == "FIRST"
    field = page.defaults.editor("default_sales_cycle_code")
    assert isinstance(field, CodeField)
    assert field.combo.findData("NEW") < 0
