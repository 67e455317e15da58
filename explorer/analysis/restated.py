"""Claims that only play an input back: a claim whose model value moves with exactly one input alone
("1 GW online" against a 1,000 MW site, a GPU count equal to a purchase) proves nothing.

Found from the engine, not from a list: one vectorised run nudges every input the engine draws,
each in its own sample, and reads every claim in every sample.
"""

from __future__ import annotations

import numpy as np

from ..engine import active_generations, simulate
from ..engine.claims import claim_values
from ..engine.results import Results
from ..model.ranges import base_of
from ..model.scenario import Scenario
from .inputs import engine_inputs, input_info

NUDGE = 0.05  # relative change of each input; inputs in months move by at least one (the engine rounds them)


def _nudged(scenario: Scenario, path: str, base: float) -> float | None:
    """A valid value near ``base`` (up if allowed, else down); None when the input cannot move."""
    info = input_info(scenario, path)
    step = NUDGE * abs(base) if base else NUDGE * (info.soft_maximum or 1.0)
    if info.unit == "months":
        step = max(step, 1.0)
    for value in (base + step, base - step, base + step / 100, base - step / 100):
        if info.lower <= value <= info.upper:
            return value
    return None


def nudged_inputs(scenario: Scenario) -> list[tuple[str, float, float]]:
    """(path, base, nudged value) of every input the engine draws for this scenario."""
    used = set(active_generations(scenario))
    out = []
    for path, value in engine_inputs(scenario):
        parts = path.split(".")
        if parts[0] == "accelerators" and parts[1] not in used:
            continue  # a generation the scenario never buys or holds
        base = base_of(value)
        nudged = _nudged(scenario, path, base)
        if nudged is not None:
            out.append((path, base, nudged))
    return out


def nudged_run(scenario: Scenario) -> tuple[list[tuple[str, float, float]], Results]:
    """Every input the engine draws and one run where sample 0 is the base and sample 1 + k has input k
    nudged alone."""
    inputs = nudged_inputs(scenario)
    samples = 1 + len(inputs)
    overrides = {}
    for k, (path, base, nudged) in enumerate(inputs):
        values = np.full(samples, base)
        values[1 + k] = nudged
        overrides[path] = values
    return inputs, simulate(scenario, samples, overrides=overrides)


def restated_inputs(scenario: Scenario) -> dict[str, str]:
    """{claim id: input path} for each claim whose value moves with that one input and no other."""
    if not scenario.claims:
        return {}
    inputs, results = nudged_run(scenario)
    found = {}
    for claim in scenario.claims:
        if claim.site and (results.sites is None or claim.site not in results.sites.names):
            continue
        claimed = claim_values(claim, results)
        if claimed is None:
            continue
        moved = np.nonzero(np.abs(claimed[1:] - claimed[0]) > 1e-9 * max(abs(claimed[0]), 1e-9))[0]
        if len(moved) == 1:
            found[claim.id] = inputs[int(moved[0])][0]
    return found
