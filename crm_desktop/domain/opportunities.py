"""Opportunities and sales cycles (spec §8): probability, stage moves, estimates, closing.

Pure rules modelled on BC's Opportunity (5092) and Opportunity Entry (5093) tables: which stages
each Update action may go to (CreateStageList), the refusals of the Update and Close wizards
(CheckStatus2, CheckStatus) and the values every new entry gets (UpdateEstimates). Amounts and
percentages are Decimals; the current value is rounded to the cent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from crm_desktop.domain.date_formula import calc_date
from crm_desktop.domain.errors import ValidationError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP

# Status (BC enum Opportunity Status)
NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
WON = "won"
LOST = "lost"
STATUSES = (
    (NOT_STARTED, QT_TRANSLATE_NOOP("opportunities", "Not Started")),
    (IN_PROGRESS, QT_TRANSLATE_NOOP("opportunities", "In Progress")),
    (WON, QT_TRANSLATE_NOOP("opportunities", "Won")),
    (LOST, QT_TRANSLATE_NOOP("opportunities", "Lost")),
)
PRIORITIES = (
    ("low", QT_TRANSLATE_NOOP("opportunities", "Low")),
    ("normal", QT_TRANSLATE_NOOP("opportunities", "Normal")),
    ("high", QT_TRANSLATE_NOOP("opportunities", "High")),
)

# Update wizard action types (BC Opportunity Entry "Action Type")
FIRST = "first"
NEXT = "next"
PREVIOUS = "previous"
SKIP = "skip"
UPDATE = "update"
JUMP = "jump"
ACTION_TYPES = (
    (FIRST, QT_TRANSLATE_NOOP("opportunities", "First")),
    (NEXT, QT_TRANSLATE_NOOP("opportunities", "Next")),
    (PREVIOUS, QT_TRANSLATE_NOOP("opportunities", "Previous")),
    (SKIP, QT_TRANSLATE_NOOP("opportunities", "Skip")),
    (UPDATE, QT_TRANSLATE_NOOP("opportunities", "Update")),
    (JUMP, QT_TRANSLATE_NOOP("opportunities", "Jump")),
)
# What an entry records (BC enum Opportunity Action Taken); '' is the first stage.
TAKEN_NEXT = "next"
TAKEN_PREVIOUS = "previous"
TAKEN_UPDATED = "updated"
TAKEN_JUMPED = "jumped"
ACTIONS_TAKEN = (
    ("", QT_TRANSLATE_NOOP("opportunities", "First Stage")),
    (TAKEN_NEXT, QT_TRANSLATE_NOOP("opportunities", "Next")),
    (TAKEN_PREVIOUS, QT_TRANSLATE_NOOP("opportunities", "Previous")),
    (TAKEN_UPDATED, QT_TRANSLATE_NOOP("opportunities", "Updated")),
    (TAKEN_JUMPED, QT_TRANSLATE_NOOP("opportunities", "Jumped")),
    (WON, QT_TRANSLATE_NOOP("opportunities", "Won")),
    (LOST, QT_TRANSLATE_NOOP("opportunities", "Lost")),
)

# Probability calculation of a sales cycle (the values the master data already stores)
MULTIPLY = "multiply"
ADD = "add"
CHANCES_OF_SUCCESS = "chances_of_success"
COMPLETED = "completed"

# Captions used in messages
ESTIMATED_VALUE = QT_TRANSLATE_NOOP("opportunities", "Estimated Value (LCY)")
CHANCES = QT_TRANSLATE_NOOP("opportunities", "Chances of Success %")
ESTIMATED_CLOSE_DATE = QT_TRANSLATE_NOOP("opportunities", "Estimated Close Date")
DATE_OF_CHANGE = QT_TRANSLATE_NOOP("opportunities", "Date of Change")
CLOSE_CODE = QT_TRANSLATE_NOOP("opportunities", "Close Opportunity Code")
SALES_CYCLE_CODE = QT_TRANSLATE_NOOP("opportunities", "Sales Cycle Code")
SALESPERSON_CODE = QT_TRANSLATE_NOOP("opportunities", "Salesperson Code")
DESCRIPTION = QT_TRANSLATE_NOOP("opportunities", "Description")
CREATION_DATE = QT_TRANSLATE_NOOP("opportunities", "Creation Date")

# BC's messages (Opportunity and Opportunity Entry tables)
MUST_FILL_IN = QT_TRANSLATE_NOOP("errors", "You must fill in the {field_caption} field.")
MUST_BE_POSITIVE = QT_TRANSLATE_NOOP("errors", "{field_caption} must be greater than 0.")
NO_STAGES = QT_TRANSLATE_NOOP("errors", "There are no stages in sales cycle {code}.")
STAGE_NOT_FOUND = QT_TRANSLATE_NOOP(
    "errors",
    "Cannot find Sales Cycle Stage {stage} of sales cycle {code} for the action {action}. {hint}",
)
HINT_FIRST_ONLY = QT_TRANSLATE_NOOP(
    "errors", "The opportunity has no active stage yet: only First is possible."
)
HINT_CHOOSE = QT_TRANSLATE_NOOP("errors", "The stages this action can go to: {stages}.")
HINT_NONE = QT_TRANSLATE_NOOP("errors", "This action has no stage to go to from here.")
QUOTE_REQUIRED = QT_TRANSLATE_NOOP(
    "errors", "You cannot go to this stage before you have assigned a sales quote."
)
CLOSE_DATE_TOO_EARLY = QT_TRANSLATE_NOOP(
    "errors", "The Estimated closing date has to be later than this change."
)
DATE_BEFORE_LAST = QT_TRANSLATE_NOOP(
    "errors", "The Date of Change has to be after last Date of change."
)
WON_OR_LOST = QT_TRANSLATE_NOOP("errors", "You must select either Won or Lost.")
SALES_MUST_BE_POSITIVE = QT_TRANSLATE_NOOP("errors", "Sales (LCY) must be greater than 0.")
CLOSE_CODE_WRONG_TYPE = QT_TRANSLATE_NOOP(
    "errors", "Close Opportunity Code {code} is a {code_type} code, not a {wanted} code."
)
NO_CONTACT = QT_TRANSLATE_NOOP(
    "errors", "You must fill in the contact that is involved in the opportunity."
)
DELETE_ACTIVE = QT_TRANSLATE_NOOP(
    "errors", "You cannot delete this opportunity while it is active."
)
ALREADY_CLOSED = QT_TRANSLATE_NOOP("errors", "Opportunity {no} is closed already.")
NOT_STARTED_REQUIRED = QT_TRANSLATE_NOOP(
    "errors", "Opportunity {no} has started already: its first stage is active."
)
FIRST_STAGE_NOT_FOUND = QT_TRANSLATE_NOOP("errors", "Sales Cycle Stage not found.")
SALES_CYCLE_BLOCKED = QT_TRANSLATE_NOOP(
    "errors", "Sales cycle {code} is blocked: choose another sales cycle."
)

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
ZERO = Decimal(0)


@dataclass(frozen=True)
class Stage:
    """A sales cycle stage as the rules need it."""

    stage: int
    description: str = ""
    completed_percent: Decimal = ZERO
    chances_of_success_percent: Decimal = ZERO
    allow_skip: bool = False
    quote_required: bool = False
    date_formula: str = ""
    activity_code: str = ""


def probability(calculation: str, chances: Decimal, completed: Decimal) -> Decimal:
    """Probability % by the sales cycle's Probability Calculation (BC UpdateEstimates)."""
    if calculation == MULTIPLY:
        return chances * completed / HUNDRED
    if calculation == ADD:
        return (chances + completed) / 2
    if calculation == CHANCES_OF_SUCCESS:
        return chances
    if calculation == COMPLETED:
        return completed
    raise ValueError(calculation)


def current_value(estimated: Decimal, probability_percent: Decimal) -> Decimal:
    """Calcd. Current Value (LCY) = Estimated Value × Probability % / 100, to the cent."""
    return (estimated * probability_percent / HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)


def money(value: Decimal) -> Decimal:
    """An amount rounded to the cent."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class StageOptions:
    """The stages each Update action may go to from the active stage (BC CreateStageList), and
    the action the wizard proposes."""

    stages: dict[str, tuple[Stage, ...]] = field(default_factory=dict)
    default_action: str = ""

    def for_action(self, action: str) -> tuple[Stage, ...]:
        """The stages an action may go to (empty when it has none)."""
        return self.stages.get(action, ())

    def default_stage(self, action: str) -> Stage | None:
        """The stage the action proposes: the last of the earlier ones for Jump, else the first."""
        found = self.for_action(action)
        if not found:
            return None
        return found[-1] if action == JUMP else found[0]


def stage_options(stages: Sequence[Stage], active_stage: int | None) -> StageOptions:
    """Which stages First/Next/Previous/Skip/Update/Jump can go to.

    Without an active stage only First exists (the lowest stage). With one: Next is the stage
    after it, Previous the one before, Update the active one, Jump any earlier one, and Skip goes
    forward from the next stage over stages that allow skipping, up to and including the first
    that does not.
    """
    ordered = sorted(stages, key=lambda s: s.stage)
    result: dict[str, tuple[Stage, ...]] = {}
    if active_stage is None:
        if ordered:
            result[FIRST] = (ordered[0],)
    else:
        later = [s for s in ordered if s.stage > active_stage]
        earlier = [s for s in ordered if s.stage < active_stage]
        current = [s for s in ordered if s.stage == active_stage]
        if later:
            result[NEXT] = (later[0],)
            if later[0].allow_skip:
                skip: list[Stage] = []
                for s in later:
                    skip.append(s)
                    if not s.allow_skip:
                        break
                result[SKIP] = tuple(skip)
        if earlier:
            result[PREVIOUS] = (earlier[-1],)
            result[JUMP] = tuple(earlier)
        if current:
            result[UPDATE] = (current[0],)
    default = ""
    for action, minimum in (
        (FIRST, 1),
        (NEXT, 1),
        (UPDATE, 1),
        (PREVIOUS, 1),
        (SKIP, 2),
        (JUMP, 2),
    ):
        if len(result.get(action, ())) >= minimum:
            default = action
            break
    return StageOptions(result, default)


def action_taken(action: str, target: int, options: StageOptions) -> str:
    """What the entry records for a move: Skip to the next stage is Next, Jump to the previous
    stage is Previous (BC WizardSalesCycleStageValidate2)."""
    if action == FIRST:
        return ""
    if action == NEXT:
        return TAKEN_NEXT
    if action == PREVIOUS:
        return TAKEN_PREVIOUS
    if action == UPDATE:
        return TAKEN_UPDATED
    if action == SKIP:
        nxt = options.for_action(NEXT)
        return TAKEN_NEXT if nxt and nxt[0].stage == target else TAKEN_JUMPED
    if action == JUMP:
        prev = options.for_action(PREVIOUS)
        return TAKEN_PREVIOUS if prev and prev[0].stage == target else TAKEN_JUMPED
    raise ValueError(action)


@dataclass(frozen=True)
class Move:
    """What the user asks of the Update wizard."""

    action: str
    stage: int | None  # None: the stage the action proposes
    date_of_change: dt.date | None
    estimated_value: Decimal
    chances_of_success: Decimal
    estimated_close_date: dt.date | None


def check_move(
    move: Move,
    options: StageOptions,
    *,
    sales_cycle_code: str,
    last_date_of_change: dt.date | None,
    has_quote: bool,
    action_caption: str,
) -> Stage:
    """The stage a move goes to, after BC's checks in BC's order (CheckStatus2); raises
    ValidationError with BC's text otherwise."""
    if not options.default_action:
        raise ValidationError(NO_STAGES, field="action", code=sales_cycle_code)
    allowed = options.for_action(move.action)
    target: Stage | None
    if move.stage is None:
        target = options.default_stage(move.action)
    else:
        target = next((s for s in allowed if s.stage == move.stage), None)
    if target is None:
        if FIRST in options.stages:
            hint = HINT_FIRST_ONLY
        elif allowed:
            hint = HINT_CHOOSE.format(stages=", ".join(str(s.stage) for s in allowed))
        else:
            hint = HINT_NONE
        raise ValidationError(
            STAGE_NOT_FOUND,
            field="stage",
            stage="" if move.stage is None else move.stage,
            code=sales_cycle_code,
            action=action_caption,
            hint=hint,
        )
    if last_date_of_change is not None and move.date_of_change is not None:
        if move.date_of_change < last_date_of_change:
            raise ValidationError(DATE_BEFORE_LAST, field="date_of_change")
    if move.date_of_change is None:
        raise ValidationError(MUST_FILL_IN, field="date_of_change", field_caption=DATE_OF_CHANGE)
    if move.action in (NEXT, SKIP) and target.quote_required and not has_quote:
        raise ValidationError(QUOTE_REQUIRED, field="stage")
    check_estimates(
        move.estimated_value,
        move.chances_of_success,
        move.estimated_close_date,
        move.date_of_change,
    )
    return target


def check_estimates(
    estimated_value: Decimal,
    chances_of_success: Decimal,
    estimated_close_date: dt.date | None,
    date_of_change: dt.date,
) -> None:
    """Estimated Value and Chances of Success above 0, a closing date not before the change
    (BC CheckEstimatedValues and the Create Opportunity wizard's CheckStatus)."""
    if estimated_value <= 0:
        raise ValidationError(
            MUST_BE_POSITIVE, field="estimated_value", field_caption=ESTIMATED_VALUE
        )
    if chances_of_success <= 0:
        raise ValidationError(MUST_BE_POSITIVE, field="chances_of_success", field_caption=CHANCES)
    if chances_of_success > HUNDRED:
        raise ValidationError(
            QT_TRANSLATE_NOOP("errors", "{field_caption} must be between {minimum} and {maximum}."),
            field="chances_of_success",
            field_caption=CHANCES,
            minimum=0,
            maximum=100,
        )
    if estimated_close_date is None:
        raise ValidationError(
            MUST_FILL_IN, field="estimated_close_date", field_caption=ESTIMATED_CLOSE_DATE
        )
    if estimated_close_date < date_of_change:
        raise ValidationError(CLOSE_DATE_TOO_EARLY, field="estimated_close_date")


@dataclass(frozen=True)
class Estimates:
    """The computed values of a new opportunity entry."""

    chances_of_success: Decimal
    completed: Decimal
    probability: Decimal
    current_value: Decimal
    estimated_close_date: dt.date | None


def update_estimates(
    *,
    stage: Stage | None,
    calculation: str,
    action_type: str,
    taken: str,
    estimated_value: Decimal,
    chances_of_success: Decimal,
    current: Decimal,
    date_of_change: dt.date,
    estimated_close_date: dt.date | None,
    quote_amount: Decimal | None = None,
    completed: Decimal = ZERO,
    probability_percent: Decimal = ZERO,
) -> Estimates:
    """BC's UpdateEstimates: the stage's Chances of Success replace a zero chance (and always on
    Jump or Skip), Completed % comes from the stage, the probability and current value follow,
    and a blank closing date or one equal to the date of change becomes the stage's formula
    applied to the date of change. Won takes the quote's amount when there is a quote and sets
    100 %; Lost sets 0."""
    chances = chances_of_success
    value = current
    close = estimated_close_date
    prob = probability_percent
    done = completed
    if stage is not None:
        if (chances == 0 or action_type in (JUMP, SKIP)) and stage.chances_of_success_percent != 0:
            chances = stage.chances_of_success_percent
        done = stage.completed_percent
        prob = probability(calculation, chances, done)
        value = current_value(estimated_value, prob)
        if close is None or close == date_of_change:
            close = calc_date(stage.date_formula, date_of_change)
    if taken == WON:
        if quote_amount is not None:
            value = money(quote_amount)
        done = chances = prob = HUNDRED
    elif taken == LOST:
        value = ZERO
        done = HUNDRED
        chances = prob = ZERO
    return Estimates(chances, done, prob, value, close)


def check_close(
    taken: str,
    close_code: str,
    close_code_type: str | None,
    date_of_change: dt.date | None,
    sales: Decimal,
    last_date_of_change: dt.date | None,
) -> None:
    """The Close Opportunity wizard's checks (BC CheckStatus): Won or Lost, a close code of that
    kind, a closing date (not before the last change: better than BC, which lets Days Open go
    negative), and for Won sales above 0."""
    if taken not in (WON, LOST):
        raise ValidationError(WON_OR_LOST, field="action_taken")
    if not close_code:
        raise ValidationError(MUST_FILL_IN, field="close_code", field_caption=CLOSE_CODE)
    if close_code_type is not None and close_code_type != taken:
        raise ValidationError(
            CLOSE_CODE_WRONG_TYPE,
            field="close_code",
            code=close_code,
            code_type=close_code_type.capitalize(),
            wanted=taken.capitalize(),
        )
    if date_of_change is None:
        raise ValidationError(MUST_FILL_IN, field="date_of_change", field_caption=DATE_OF_CHANGE)
    if last_date_of_change is not None and date_of_change < last_date_of_change:
        raise ValidationError(DATE_BEFORE_LAST, field="date_of_change")
    if taken == WON and sales <= 0:
        raise ValidationError(SALES_MUST_BE_POSITIVE, field="sales")


def days_open(since: dt.date | None, until: dt.date) -> int:
    """Days an entry was the active one."""
    return max(0, (until - since).days) if since is not None else 0


def check_delete(status: str) -> None:
    """An opportunity in progress cannot be deleted (BC OnDelete)."""
    if status == IN_PROGRESS:
        raise ValidationError(DELETE_ACTIVE, field="status")
