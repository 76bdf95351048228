"""Property tests of number issuing on a real SQLite file: random issue / peek / rollback.

Over any sequence on one line, the numbers kept are unique, increase, stay within the line's
range, a rolled-back number is handed out again, a peek names the next number without using it,
and the line's Last No. Used is the highest number issued and kept.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crm_desktop.domain.numbering import NoSeriesError, compare_nos, in_valid_range
from crm_desktop.services import numbering as ns
from crm_desktop.services.app import AppContext, open_app
from crm_desktop.storage import models as m

DAY = dt.date(2027, 5, 3)
_codes = itertools.count(1)


class Rollback(Exception):
    """Raised inside a transaction to roll it back."""


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppContext]:
    context = open_app(Path(tmp_path_factory.mktemp("numbering-props")) / "data")
    yield context
    context.close()


@st.composite
def line_specs(draw: st.DrawFn) -> dict[str, object]:
    prefix = draw(st.sampled_from(["", "CT", "A-", "X9Y"]))
    suffix = draw(st.sampled_from(["", "D"]))
    width = draw(st.integers(1, 4))
    start = draw(st.integers(0, 10**width - 1))
    end = draw(st.integers(start, 10**width - 1))
    spec: dict[str, object] = {
        "starting_no": f"{prefix}{start:0{width}d}{suffix}",
        "ending_no": draw(st.sampled_from(["", f"{prefix}{end:0{width}d}{suffix}"])),
        "increment_by": draw(st.integers(1, 9)),
    }
    return spec


OPS = st.lists(st.sampled_from(["issue", "peek", "rollback"]), min_size=1, max_size=40)


def _draw(app: AppContext, code: str, *, keep: bool) -> str:
    try:
        with app.db.uow() as s:
            number = ns.issue_next(s, code, DAY)
            if not keep:
                raise Rollback
    except Rollback:
        pass
    return number


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=line_specs(), ops=OPS)
def test_issue_peek_rollback_on_one_line(
    app: AppContext, spec: dict[str, object], ops: list[str]
) -> None:
    code = f"P{next(_codes)}"
    ns.save_series(app, code)
    ns.save_line(app, code, None, spec)
    start, end = str(spec["starting_no"]), str(spec["ending_no"])
    kept: list[str] = []
    expected_next: str | None = None
    for op in ops:
        try:
            if op == "peek":
                peeked = ns.peek_next(app, code, DAY)
                assert expected_next in (None, peeked)
                expected_next = peeked
            else:
                number = _draw(app, code, keep=op == "issue")
                assert expected_next in (None, number)
                if op == "issue":
                    kept.append(number)
                    expected_next = None
                else:
                    expected_next = number
        except NoSeriesError:
            # Run out: nothing is left, for a peek or an issue alike.
            with pytest.raises(NoSeriesError):
                ns.peek_next(app, code, DAY)
            break
    assert len(set(kept)) == len(kept)
    assert all(compare_nos(a, b) < 0 for a, b in itertools.pairwise(kept))
    assert all(in_valid_range(n, start, end) for n in kept)
    with app.db.read() as s:
        row = s.get(m.NoSeriesLine, (code, 10000))
        assert row is not None
        assert row.last_no_used == (kept[-1] if kept else "")
        assert row.last_date_used == (DAY if kept else None)
