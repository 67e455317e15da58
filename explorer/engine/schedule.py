"""When the MW of explicit sites energize, enter service and are paid for.

A site energizes linearly over its ramp from first power. Each MW is paid over the construction months
before *that* MW is energized (an S-curve), so a campus that ramps over four years is paid phase by
phase, not in full before its first power. Profiles are shares of a site's capacity per month: (T, K)
for sites whose ramp every sample shares, (S, T) for each site with a sampled ramp.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Literal

import numpy as np

from .layout import SAMPLES_PER_BLOCK, sample_blocks
from .power import ramp_fraction

Profile = Literal["energized", "entering", "paid"]


@lru_cache(maxsize=128)
def s_curve(months: int) -> np.ndarray:
    """Share of a cost paid in each of ``months`` months, an S-curve summing to 1, (months,); read-only."""
    edges = np.arange(months + 1) / max(months, 1)
    weights = np.diff(edges * edges * (3.0 - 2.0 * edges))
    weights.flags.writeable = False  # shared between calls
    return weights


def paid_ahead(entering: np.ndarray, build_months: int, n_months: int) -> np.ndarray:
    """Spend  [share/month] (T,) or (S, T) for capacity entering service (T + build,) or (S, T + build)
    [share/month]:
    what enters in month τ is paid over months τ − build … τ − 1 along an S-curve (in τ when build is 0)."""
    if build_months == 0:
        return entering[..., :n_months].copy()
    weights = s_curve(build_months)
    if entering.ndim == 1:  # only the months asked for: what np.convolve(entering, weights) has there
        return np.correlate(entering[1 : build_months + n_months], weights[::-1], "valid")
    paid = np.zeros((*entering.shape[:-1], n_months))
    scratch = np.empty((min(len(paid), SAMPLES_PER_BLOCK), n_months))
    for rows in sample_blocks(len(paid)):  # every tap on a block while it is in the CPU cache
        into, term = paid[rows], scratch[: len(paid[rows])]
        for j, w in enumerate(weights):
            start = build_months - j
            np.multiply(entering[rows, start : start + n_months], w, out=term)
            into += term
    return paid


class SiteSchedule:
    """Energized, entering-service and paid shares of each site's capacity over the grid.

    ``first_power`` and ``build_months`` (K,) grid indices and months; ``ramp_months`` (S, K).
    """

    def __init__(self, first_power: np.ndarray, build_months: np.ndarray, ramp_months: np.ndarray, n_months: int):
        self.n_months = n_months
        tail = int(build_months.max(initial=0))
        months = np.arange(-1.0, n_months + tail)  # the month before the grid to the last one paid; floats
        self.shared = (ramp_months == ramp_months[:1]).all(axis=0)
        shared = slice(None) if self.shared.all() else self.shared  # all of them in the deterministic run: no copies
        share = ramp_fraction(months[:, None] - first_power[None, shared], ramp_months[0, shared])  # (E, Ks)
        self._at_start: dict[str | int, np.ndarray] = {"shared": share[0]}
        builds = build_months[shared].tolist()

        def paid_each(entering: np.ndarray) -> np.ndarray:
            paid = np.empty((len(builds), n_months))
            for k, build in enumerate(builds):
                paid[k] = paid_ahead(entering[k], build, n_months)
            return paid

        self._shared = self._profiles(share.T, paid_each)
        self._sampled: dict[int, dict[Profile, np.ndarray]] = {}
        for k in np.nonzero(~self.shared)[0].tolist():
            share_k = ramp_fraction(months[None, :] - first_power[k], ramp_months[:, k, None])  # (S, E)
            self._at_start[k] = share_k[:, 0]

            def paid(entering: np.ndarray, build: int = int(build_months[k])) -> np.ndarray:
                return paid_ahead(entering, build, n_months)

            self._sampled[k] = self._profiles(share_k, paid)

    def _profiles(self, share: np.ndarray, paid: Callable[[np.ndarray], np.ndarray]) -> dict[Profile, np.ndarray]:
        """The three profiles from shares energized (…, E) over the extended months."""
        entering = share[..., 1:] - share[..., :-1]  # (…, T + tail): share energized in each month
        return {
            "energized": share[..., 1 : self.n_months + 1],
            "entering": entering[..., : self.n_months],
            "paid": paid(entering),
        }

    def total(self, per_site: np.ndarray, profile: Profile) -> np.ndarray:
        """Σ_k per_site[s, k] × profile_k[t]  → (S, T); ``per_site`` (S, K) in any unit per share."""
        out = np.einsum("sk,kt->st", per_site[:, self.shared], self._shared[profile])
        for k, profiles in self._sampled.items():
            out += per_site[:, k, None] * profiles[profile]
        return out

    def at_start(self, per_site: np.ndarray) -> np.ndarray:
        """Σ_k per_site[s, k] × share energized just before the grid  → (S,)."""
        out = per_site[:, self.shared] @ self._at_start["shared"]
        for k in self._sampled:
            out = out + per_site[:, k] * self._at_start[k]
        return out
