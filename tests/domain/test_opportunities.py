"""Opportunity rules (spec §8): probability, stage moves and their refusals, UpdateEstimates,
closing. Scenario 141 is here (pure rule); the other section H scenarios need the database and
are in tests/services/test_opportunities.py."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm_desktop.domain import opportunities as o
from crm_desktop.domain.errors import ValidationError

DAY = dt.date(2026, 11, 25)
STAGES = (
    o.Stage(1, "Initial", D(10), D(20), date_formula="1W"),
    o.Stage(2, "Understanding", D(25), D(30), allow_skip=True, date_formula="2W"),
    o.Stage(3, "Proposal", D(50), D(50), allow_skip=True, quote_required=True),
    o.Stage(4, "Negotiation", D(75), D(70), date_formula="CM"),
    o.Stage(5, "Signing", D(90), D(90)),
)


@pytest.mark.parametrize(
    ("calculation", "expected"),
    [
        (o.MULTIPLY, D("12.5")),  # 50 × 25 / 100
        (o.ADD, D("37.5")),  # (50 + 25) / 2
        (o.CHANCES_OF_SUCCESS, D(50)),
        (o.COMPLETED, D(25)),
    ],
)
def test_each_probability_calculation(calculation: str, expected: D) -> None:
    assert o.probability(calculation, D(50), D(25)) == expected


def test_current_value_is_decimal_to_the_cent() -> None:
    assert o.current_value(D("1000.10"), D("33.33")) == D("333.33")
    assert o.current_value(D("0.10"), D("50")) == D("0.05")
    assert o.current_value(D("10"), D("12.345")) == D("1.23")


@given(
    st.decimals(0, 100, places=2),
    st.decimals(0, 100, places=2),
    st.sampled_from([o.MULTIPLY, o.ADD, o.CHANCES_OF_SUCCESS, o.COMPLETED]),
)
def test_probability_stays_between_0_and_100(chances: D, completed: D, calc: str) -> None:
    assert 0 <= o.probability(calc, chances, completed) <= 100


def test_without_an_active_stage_only_first() -> None:
    options = o.stage_options(STAGES, None)
    assert set(options.stages) == {o.FIRST}
    assert options.default_action == o.FIRST
    assert options.default_stage(o.FIRST) == STAGES[0]


def test_options_from_a_middle_stage() -> None:
    options = o.stage_options(STAGES, 1)
    assert [s.stage for s in options.for_action(o.NEXT)] == [2]
    # Skip goes over stages allowing it, up to and including the first that does not.
    assert [s.stage for s in options.for_action(o.SKIP)] == [2, 3, 4]
    assert options.for_action(o.PREVIOUS) == ()
    assert [s.stage for s in options.for_action(o.UPDATE)] == [1]
    assert options.default_action == o.NEXT
    at4 = o.stage_options(STAGES, 4)
    assert [s.stage for s in at4.for_action(o.JUMP)] == [1, 2, 3]
    assert at4.default_stage(o.JUMP).stage == 3  # type: ignore[union-attr]
    assert at4.for_action(o.SKIP) == ()  # stage 5 does not allow skipping
    assert o.stage_options(STAGES, 5).default_action == o.UPDATE


def test_skip_to_the_next_is_next_and_jump_to_the_previous_is_previous() -> None:
    options = o.stage_options(STAGES, 3)
    assert o.action_taken(o.SKIP, 4, options) == o.TAKEN_NEXT
    assert o.action_taken(o.JUMP, 2, options) == o.TAKEN_PREVIOUS
    assert o.action_taken(o.JUMP, 1, options) == o.TAKEN_JUMPED
    assert o.action_taken(o.SKIP, 4, o.stage_options(STAGES, 1)) == o.TAKEN_JUMPED


def _move(action: str, stage: int | None = None, **kw: object) -> o.Move:
    values: dict[str, object] = {
        "date_of_change": DAY,
        "estimated_value": D(1000),
        "chances_of_success": D(50),
        "estimated_close_date": DAY + dt.timedelta(days=30),
    }
    values.update(kw)
    return o.Move(action, stage, **values)  # type: ignore[arg-type]


def _check(move: o.Move, active: int | None, *, stages=STAGES, quote=False, last=None) -> o.Stage:
    return o.check_move(
        move,
        o.stage_options(stages, active),
        sales_cycle_code="FIRSTSMALL",
        last_date_of_change=last,
        has_quote=quote,
        action_caption=move.action.capitalize(),
    )


def test_bc137_next_or_skip_before_the_first_stage_cannot_find_a_stage() -> None:
    for action in (o.NEXT, o.SKIP):
        with pytest.raises(ValidationError) as err:
            _check(_move(action), None)
        assert str(err.value).startswith("Cannot find Sales Cycle Stage")
        assert "only First is possible" in str(err.value)
    assert _check(_move(o.FIRST), None).stage == 1


def test_no_stages_in_the_sales_cycle() -> None:
    with pytest.raises(ValidationError, match=r"^There are no stages in sales cycle FIRSTSMALL\.$"):
        _check(_move(o.FIRST), None, stages=())


def test_a_stage_the_action_cannot_reach_is_refused() -> None:
    with pytest.raises(ValidationError, match="The stages this action can go to: 2, 3, 4"):
        _check(_move(o.SKIP, 5), 1)
    with pytest.raises(ValidationError, match="no stage to go to"):
        _check(_move(o.PREVIOUS), 1)


def test_quote_required_on_next_and_skip_but_not_on_jump_back() -> None:
    msg = r"^You cannot go to this stage before you have assigned a sales quote\.$"
    with pytest.raises(ValidationError, match=msg):
        _check(_move(o.NEXT), 2)
    with pytest.raises(ValidationError, match=msg):
        _check(_move(o.SKIP, 3), 1)
    assert _check(_move(o.NEXT), 2, quote=True).stage == 3
    assert _check(_move(o.JUMP, 3), 4).stage == 3


def test_estimate_refusals_with_bc_texts() -> None:
    with pytest.raises(
        ValidationError, match=r"^Estimated Value \(LCY\) must be greater than 0\.$"
    ):
        _check(_move(o.NEXT, estimated_value=D(0)), 1)
    with pytest.raises(ValidationError, match=r"^Chances of Success % must be greater than 0\.$"):
        _check(_move(o.NEXT, chances_of_success=D(0)), 1)
    with pytest.raises(
        ValidationError, match=r"^The Estimated closing date has to be later than this change\.$"
    ):
        _check(_move(o.NEXT, estimated_close_date=DAY - dt.timedelta(days=1)), 1)
    with pytest.raises(
        ValidationError, match=r"^You must fill in the Estimated Close Date field\.$"
    ):
        _check(_move(o.NEXT, estimated_close_date=None), 1)


def test_date_of_change_before_the_last_change_is_refused() -> None:
    with pytest.raises(
        ValidationError, match=r"^The Date of Change has to be after last Date of change\.$"
    ):
        _check(_move(o.NEXT), 1, last=DAY + dt.timedelta(days=1))
    assert _check(_move(o.NEXT), 1, last=DAY).stage == 2


def _estimates(stage: o.Stage | None, **kw: object) -> o.Estimates:
    values: dict[str, object] = {
        "calculation": o.MULTIPLY,
        "action_type": o.NEXT,
        "taken": o.TAKEN_NEXT,
        "estimated_value": D(1000),
        "chances_of_success": D(0),
        "current": D(0),
        "date_of_change": DAY,
        "estimated_close_date": None,
    }
    values.update(kw)
    return o.update_estimates(stage=stage, **values)  # type: ignore[arg-type]


def test_update_estimates_takes_the_stage_values_and_its_formula() -> None:
    e = _estimates(STAGES[1])
    assert (e.chances_of_success, e.completed, e.probability) == (D(30), D(25), D("7.5"))
    assert e.current_value == D("75.00")
    assert e.estimated_close_date == DAY + dt.timedelta(weeks=2)
    # A closing date equal to the date of change is recomputed too; another one is kept.
    assert _estimates(STAGES[3], estimated_close_date=DAY).estimated_close_date == dt.date(
        2026, 11, 30
    )
    later = DAY + dt.timedelta(days=3)
    assert _estimates(STAGES[3], estimated_close_date=later).estimated_close_date == later


def test_a_non_zero_chance_is_kept_on_next() -> None:
    assert _estimates(STAGES[1], chances_of_success=D(45)).chances_of_success == D(45)


@pytest.mark.parametrize("action", [o.JUMP, o.SKIP])
@given(stage_chance=st.integers(50, 90), entry_chance=st.integers(10, 40))
def test_bc141_jump_and_skip_override_a_non_zero_chance_with_the_stage_value(
    action: str, stage_chance: int, entry_chance: int
) -> None:
    stage = o.Stage(2, completed_percent=D(40), chances_of_success_percent=D(stage_chance))
    e = _estimates(
        stage, action_type=action, taken=o.TAKEN_JUMPED, chances_of_success=D(entry_chance)
    )
    assert e.chances_of_success == D(stage_chance)


def test_won_sets_100_and_takes_the_quote_amount_lost_sets_0() -> None:
    won = _estimates(None, taken=o.WON, current=D("500"))
    assert (won.probability, won.chances_of_success, won.completed, won.current_value) == (
        D(100),
        D(100),
        D(100),
        D(500),
    )
    quoted = _estimates(None, taken=o.WON, current=D("500"), quote_amount=D("1234.567"))
    assert quoted.current_value == D("1234.57")
    lost = _estimates(None, taken=o.LOST, current=D("500"))
    assert (lost.probability, lost.chances_of_success, lost.current_value) == (D(0), D(0), D(0))


def test_close_checks() -> None:
    with pytest.raises(ValidationError, match=r"^You must select either Won or Lost\.$"):
        o.check_close("", "X", None, DAY, D(1), None)
    with pytest.raises(
        ValidationError, match=r"^You must fill in the Close Opportunity Code field\.$"
    ):
        o.check_close(o.WON, "", None, DAY, D(1), None)
    with pytest.raises(ValidationError, match=r"^Sales \(LCY\) must be greater than 0\.$"):
        o.check_close(o.WON, "WON", o.WON, DAY, D(0), None)
    with pytest.raises(ValidationError, match="is a Lost code, not a Won code"):
        o.check_close(o.WON, "PRICE", o.LOST, DAY, D(5), None)
    o.check_close(o.LOST, "PRICE", o.LOST, DAY, D(0), DAY)


def test_an_opportunity_in_progress_cannot_be_deleted() -> None:
    with pytest.raises(
        ValidationError, match=r"^You cannot delete this opportunity while it is active\.$"
    ):
        o.check_delete(o.IN_PROGRESS)
    o.check_delete(o.LOST)
    o.check_delete(o.NOT_STARTED)
