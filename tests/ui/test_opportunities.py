"""The opportunity screens driven through real widgets on a real database: the pipeline page and
its charts (pixel heights of the bars), the Create Opportunity wizard, the card with Update and
Close, and the contact card's figures. Scenario 138 (the card's activate-first-stage question)
is here; the other section H scenarios are in tests/services/test_opportunities.py."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QImage

from crm_desktop.domain import opportunities as o
from crm_desktop.services import contacts, masterdata, setup
from crm_desktop.services import opportunities as opps
from crm_desktop.services.app import AppContext
from crm_desktop.ui import messages
from crm_desktop.ui.opportunities.card import OpportunityCard, open_card
from crm_desktop.ui.opportunities.charts import BarChart, Series, nice_top
from crm_desktop.ui.opportunities.dialogs import CloseOpportunityDialog, UpdateOpportunityDialog
from crm_desktop.ui.opportunities.page import CURRENT_COLOR, ESTIMATED_COLOR, OpportunitiesPage
from crm_desktop.ui.opportunities.wizard import CreateOpportunityDialog

DAY = dt.date(2026, 11, 2)


@pytest.fixture
def app(ctx: AppContext) -> AppContext:
    """Work date DAY, salesperson ME as mine, the seeded NEW cycle as default, a company."""
    masterdata.save_row(ctx, "salesperson", {"code": "ME", "name": "Me Myself"})
    setup.update_user_setup(ctx, salesperson_code="ME", work_date=DAY)
    return ctx


def company(ctx: AppContext, name: str = "Cronus") -> str:
    return contacts.create_contact(ctx, {"type": "company", "name": name}).contact.no


def new_opp(ctx: AppContext, contact_no: str, value: str, **kw: object) -> opps.OpportunityRow:
    values: dict[str, object] = {
        "contact_no": contact_no,
        "description": "Deal",
        "sales_cycle_code": "NEW",
        "activate_first_stage": True,
        "estimated_value": D(value),
        "chances_of_success": D(50),
        "estimated_close_date": DAY + dt.timedelta(days=20),
    }
    values.update(kw)
    return opps.create_opportunity(ctx, opps.NewOpportunity(**values))  # type: ignore[arg-type]


def color_runs(image: QImage, y: int, color: QColor) -> list[tuple[int, int]]:
    """Horizontal runs [start, end) of exactly `color` along row y."""
    runs, start = [], None
    for x in range(image.width()):
        hit = image.pixelColor(x, y).rgb() == color.rgb()
        if hit and start is None:
            start = x
        elif not hit and start is not None:
            runs.append((start, x))
            start = None
    if start is not None:
        runs.append((start, image.width()))
    return runs


def column_height(image: QImage, x: int, color: QColor) -> int:
    """The longest vertical run of `color` in column x."""
    best = run = 0
    for y in range(image.height()):
        run = run + 1 if image.pixelColor(x, y).rgb() == color.rgb() else 0
        best = max(best, run)
    return best


def test_pipeline_grab_two_stages_bar_heights_in_ratio(app: AppContext, qtbot) -> None:
    c = company(app)
    new_opp(app, c, "1000.00")
    second = new_opp(app, c, "400.00")
    opps.move_stage(app, second.no, o.Move(o.NEXT, None, DAY, D("400.00"), D(50), None))
    page = OpportunitiesPage(app)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    chart = page.stage_chart
    chart.resize(700, 320)
    image = chart.grab().toImage()
    plot = chart.plot_rect()
    # Find the estimated-value bars by their colour just above the baseline, not by the widget's
    # own geometry: stage 1 and stage 2 have one each; stages 3-5 have none.
    runs = color_runs(image, int(plot.bottom()) - 2, ESTIMATED_COLOR)
    assert len(runs) == 2
    h1, h2 = (column_height(image, (a + b) // 2, ESTIMATED_COLOR) for a, b in runs)
    assert abs(h2 - h1 * 400 / 1000) <= 2
    top = nice_top(1000.0)
    assert abs(h1 - plot.height() * 1000 / top) <= 2
    # Current values (Multiply: 50 % × completed 10 % and 30 %): 50.00 and 60.00.
    current = color_runs(image, int(plot.bottom()) - 1, CURRENT_COLOR)
    c1, c2 = (column_height(image, (a + b) // 2, CURRENT_COLOR) for a, b in current)
    assert abs(c1 - plot.height() * 50 / top) <= 2 and abs(c2 - plot.height() * 60 / top) <= 2
    image.save(str(app.data_dir / "pipeline_chart.png"))


def test_hover_shows_the_figures_and_clicking_a_bar_filters_the_list(
    app: AppContext, qtbot
) -> None:
    c = company(app)
    first = new_opp(app, c, "1000.00")
    second = new_opp(app, c, "400.00")
    opps.move_stage(app, second.no, o.Move(o.NEXT, None, DAY, D("400.00"), D(50), None))
    page = OpportunitiesPage(app)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    assert len(page.shown_rows()) == 2
    chart = page.stage_chart
    bar = chart.bar_rect(1, 0)
    text = chart.tooltip_at(bar.center())
    assert "Stage 2 Needs analysis" in text and "1 open" in text and "400.00" in text
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=bar.center().toPoint())
    assert [r.no for r in page.shown_rows()] == [second.no]
    assert page.chart_filter.text() == "Open at stage 2 (chosen on the chart)"
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=bar.center().toPoint())
    assert {r.no for r in page.shown_rows()} == {first.no, second.no}
    assert chart.tooltip_at(QPointF(2, 2)) == ""


def test_month_chart_click_lists_that_months_won(app: AppContext, qtbot) -> None:
    c = company(app)
    won = new_opp(app, c, "300.00")
    opps.close_opportunity(
        app, won.no, opps.Close(o.WON, "WON", DAY, D(250), create_customer=False)
    )
    page = OpportunitiesPage(app)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    assert page.shown_rows() == []  # the list shows open ones
    chart = page.month_chart
    last = len(chart.labels) - 1
    assert "Won: 1 (250.00)" in chart.tooltip_at(chart.bar_rect(last, 0).center())
    qtbot.mouseClick(
        chart, Qt.MouseButton.LeftButton, pos=chart.bar_rect(last, 0).center().toPoint()
    )
    assert [r.no for r in page.shown_rows()] == [won.no]


def test_filters_by_salesperson_and_closing_month(app: AppContext, qtbot) -> None:
    masterdata.save_row(app, "salesperson", {"code": "SP1", "name": "Other"})
    c = company(app)
    mine = new_opp(app, c, "100.00")
    other = new_opp(
        app, c, "200.00", salesperson_code="SP1", estimated_close_date=dt.date(2027, 1, 10)
    )
    page = OpportunitiesPage(app)
    qtbot.addWidget(page)
    page.salesperson.setCurrentIndex(page.salesperson.findData("SP1"))
    assert [r.no for r in page.shown_rows()] == [other.no]
    assert [f.count for f in page.stage_figures][:1] == [1]
    page.salesperson.setCurrentIndex(0)
    page.closing_month.setCurrentIndex(page.closing_month.findData("2026-11"))
    assert [r.no for r in page.shown_rows()] == [mine.no]


def test_empty_pipeline_says_what_to_do(app: AppContext, qtbot) -> None:
    page = OpportunitiesPage(app)
    qtbot.addWidget(page)
    assert page.stage_chart.is_empty()
    assert "Create one from a contact's card" in page.stage_chart.empty_hint


def test_chart_draws_nothing_animated_and_a_second_paint_is_identical(qtbot) -> None:
    chart = BarChart((Series("A", QColor("#123456")),), "empty")
    qtbot.addWidget(chart)
    chart.resize(300, 200)
    chart.set_data(["x", "y"], [[3.0], [1.0]], [["3"], ["1"]])
    assert chart.grab().toImage() == chart.grab().toImage()


def test_wizard_creates_an_opportunity_from_a_contact(app: AppContext, qtbot) -> None:
    c = company(app)
    dialog = CreateOpportunityDialog(app, c)
    qtbot.addWidget(dialog)
    assert dialog.sales_cycle.currentData() == "NEW"
    assert dialog.salesperson.currentData() == "ME"  # the contact has none: mine
    qtbot.keyClicks(dialog.description, "20 office chairs")
    dialog.estimated_value.setValue(1500)
    dialog.chances.setValue(40)
    assert dialog.unsaved.dirty
    qtbot.mouseClick(dialog.finish_button, Qt.MouseButton.LeftButton)
    assert dialog.result_row is not None
    row = opps.get_opportunity(app, dialog.result_row.no)
    assert (row.description, row.contact_no, row.status, row.estimated_value) == (
        "20 office chairs",
        c,
        o.IN_PROGRESS,
        D("1500.00"),
    )
    assert row.current_stage == 1


def test_wizard_shows_bcs_refusal_and_saves_nothing(app: AppContext, qtbot) -> None:
    c = company(app)
    dialog = CreateOpportunityDialog(app, c)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.description, "Deal")
    dialog.sales_cycle.setCurrentIndex(0)
    dialog.estimated_value.setValue(10)
    dialog.chances.setValue(10)
    qtbot.mouseClick(dialog.finish_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == "You must fill in the Sales Cycle Code field."
    dialog.sales_cycle.setCurrentIndex(dialog.sales_cycle.findData("NEW"))
    dialog.estimated_value.setValue(0)
    qtbot.mouseClick(dialog.finish_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == "Estimated Value (LCY) must be greater than 0."
    assert opps.list_opportunities(app) == []


def test_bc138_closing_a_not_started_card_asks_to_activate_the_first_stage(
    app: AppContext, qtbot
) -> None:
    c = company(app)
    yes = new_opp(app, c, "0", activate_first_stage=False)
    no = new_opp(app, c, "0", activate_first_stage=False)
    for opp, answer, status in ((yes, True, o.IN_PROGRESS), (no, False, o.NOT_STARTED)):
        card = OpportunityCard(app, opp.no)  # deletes itself on close
        card.show()
        messages.answer_next.append(answer)
        card.close()
        assert messages.shown[-1] == (
            "question",
            "Would you like to activate first stage for this opportunity?",
        )
        assert opps.get_opportunity(app, opp.no).status == status


def test_card_update_and_close_write_history(app: AppContext, qtbot) -> None:
    c = company(app)
    opp = new_opp(app, c, "1000.00")
    card = open_card(app, opp.no)
    assert card is not None
    qtbot.addWidget(card)
    assert open_card(app, opp.no) is card  # an open card is brought forward
    assert card.entries.rowCount() == 1
    update = UpdateOpportunityDialog(app, opp.no, card)
    qtbot.addWidget(update)
    assert update.action.currentData() == o.NEXT
    assert update.stage.currentData() == 2
    assert update.chances.value() == 20  # the next stage's chances are proposed
    update.estimated_value.setValue(1200)
    qtbot.mouseClick(update.finish_button, Qt.MouseButton.LeftButton)
    card.load()
    assert card.entries.rowCount() == 2
    assert card.figures["stage"].text() == "2 · Needs analysis"
    close = CloseOpportunityDialog(app, opp.no, card)
    qtbot.addWidget(close)
    assert close.close_code.currentData() == "WON"  # the only won code is chosen
    close.sales.setValue(1100)
    messages.answer_next.append(True)  # create the customer
    qtbot.mouseClick(close.finish_button, Qt.MouseButton.LeftButton)
    assert "is not a customer yet" in messages.shown[-1][1]
    card.load()
    row = opps.get_opportunity(app, opp.no)
    assert (row.status, row.current_value) == (o.WON, D("1100.00"))
    assert card.entries.rowCount() == 3
    assert not card.update_button.isEnabled() and card.delete_button.isEnabled()


def test_update_dialog_shows_a_refusal(app: AppContext, qtbot) -> None:
    opp = new_opp(app, company(app), "1000.00")
    update = UpdateOpportunityDialog(app, opp.no)
    qtbot.addWidget(update)
    update.estimated_value.setValue(0)
    qtbot.mouseClick(update.finish_button, Qt.MouseButton.LeftButton)
    assert update.error.text() == "Estimated Value (LCY) must be greater than 0."
    assert len(opps.list_entries(app, opp.no)) == 1


def test_card_edits_are_tracked_and_saved(app: AppContext, qtbot) -> None:
    opp = new_opp(app, company(app), "1000.00")
    card = OpportunityCard(app, opp.no)
    qtbot.addWidget(card)
    assert not card.save_button.isEnabled()
    card.description.setText("Bigger deal")
    card.priority.setCurrentIndex(card.priority.findData("high"))
    assert card.unsaved.dirty and card.save_button.isEnabled()
    qtbot.mouseClick(card.save_button, Qt.MouseButton.LeftButton)
    row = opps.get_opportunity(app, opp.no)
    assert (row.description, row.priority) == ("Bigger deal", "high")
    assert not card.unsaved.dirty


def test_contact_card_shows_a_companys_figures_over_its_persons(app: AppContext, qtbot) -> None:
    from crm_desktop.ui.contacts.card import ContactCard

    c = company(app)
    p = contacts.create_contact(
        app, {"type": "person", "first_name": "Ann", "surname": "Lee", "company_no": c}
    ).contact.no
    new_opp(app, p, "100.00")
    new_opp(app, c, "250.00")
    card = ContactCard(app, c)
    qtbot.addWidget(card)
    text = card.opportunities.figures.text()
    assert "No. of Opportunities: 2 (2 open)" in text and "350.00" in text
    assert card.opportunities.model.rowCount() == 2
    person_card = ContactCard(app, p)
    qtbot.addWidget(person_card)
    assert "No. of Opportunities: 1 (1 open)" in person_card.opportunities.figures.text()


def test_main_window_opens_the_pipeline_page(main_window) -> None:
    page = main_window.show_page("opportunities")
    assert isinstance(page, OpportunitiesPage)


def test_wizard_from_an_interaction_log_entry_is_prefilled(app: AppContext, qtbot) -> None:
    masterdata.save_row(app, "salesperson", {"code": "SP9", "name": "Caller"})
    c = company(app)
    linked: list[str] = []
    dialog = CreateOpportunityDialog(
        app,
        c,
        interaction=opps.InteractionSource("Call about desks", c, "SP9"),
        link_in=lambda s, no: linked.append(no),
    )
    qtbot.addWidget(dialog)
    assert dialog.description.text() == "Call about desks"
    assert dialog.salesperson.currentData() == "SP9"
    dialog.activate.setChecked(False)
    qtbot.mouseClick(dialog.finish_button, Qt.MouseButton.LeftButton)
    assert dialog.result_row is not None and linked == [dialog.result_row.no]
