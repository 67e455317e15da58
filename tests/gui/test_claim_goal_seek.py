"""'What would make this true?' from every kind of claim: a fiscal year, a span of years, 'by' a year and
one campus are goal-sought as the claim reads the model; a claim that cannot be says why in words."""

import pytest

from explorer.engine import simulate
from explorer.engine.claims import claim_values


def _open(window, qtbot, preset: str) -> None:
    window.open_reference(preset)
    qtbot.waitUntil(lambda: window.recomputer.computed_for is window.document.scenario)


def _row(window, claim_id: str) -> int:
    return next(i for i, c in enumerate(window.claims.checks) if c.claim.id == claim_id)


@pytest.mark.parametrize(
    ("preset", "claim_id", "period_shown"),
    [
        ("microsoft-fy2025", "msft-capex-fy2025", "FY2025"),  # fiscal
        ("stargate", "stargate-500b", "2025-2028"),  # a span
        ("stargate", "stargate-capacity-2029", "by 2029"),  # by a year
        ("meta-2025-guidance", "meta-campus", "2030"),  # one campus
    ],
)
def test_goal_seek_reaches_a_claim_as_the_claim_reads_the_model(window, qtbot, preset, claim_id, period_shown):
    _open(window, qtbot, preset)
    row = _row(window, claim_id)
    check = window.claims.checks[row]
    details = window.show_claim(row)
    assert details.seek_button.isVisible() and details.seek_button.isEnabled()
    details.seek_button.click()
    seek = window.analysis.goal_seek
    assert seek.claim is check.claim
    assert seek.year_box.currentText() == period_shown and not seek.year_box.isEnabled()
    assert seek.output_metric == check.claim.metric and not seek.output_box.isEnabled()
    target = check.stated[1] * 1.1  # a tenth above what the claim states: the model must move
    seek.target.setValue(seek.target.value() * 1.1)
    solution = seek.solve()
    assert solution is not None and solution.reachable, seek.answer.text()
    assert check.claim.period in seek.answer.text() or period_shown in seek.answer.text()
    assert seek.apply()
    qtbot.waitUntil(lambda: window.recomputer.computed_for is window.document.scenario)
    reached = claim_values(check.claim, simulate(window.document.scenario))[0]
    assert reached == pytest.approx(target, rel=1e-3)  # the claim's own reading, not a calendar year's


def test_a_claim_goal_seek_cannot_reach_says_why_instead_of_a_dead_button(window, qtbot):
    row = next(i for i, c in enumerate(window.claims.checks) if c.claim.measure == "growth")
    details = window.show_claim(row)
    assert not details.seek_button.isVisible()
    assert "ratio of two years" in details.text.text()
