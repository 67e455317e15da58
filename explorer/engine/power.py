"""Power stage: the chip → server → IT → facility chain, site ramps, which GPUs get power, and energy."""

from __future__ import annotations

import numpy as np

from . import compute
from .layout import FEW_ROWS, SAMPLES_PER_BLOCK, generation_major, sample_blocks


def server_power(chip_power: np.ndarray, server_multiplier: np.ndarray) -> np.ndarray:
    """Server power  [chip_power's unit, W or MW] from accelerator power (TDP); ``server_multiplier``
    [W/W] broadcasts against it."""
    return chip_power * server_multiplier


def it_power(server_power: np.ndarray, it_multiplier: np.ndarray) -> np.ndarray:
    """IT power  [server_power's unit]: servers plus networking and storage; ``it_multiplier``  [W/W]."""
    return server_power * it_multiplier


def facility_power(it_power: np.ndarray, pue: np.ndarray) -> np.ndarray:
    """Facility power  [it_power's unit]: IT power times PUE  [W/W]."""
    return it_power * pue


def ramp_fraction(months_since_first_power: np.ndarray | float, ramp_months: np.ndarray) -> np.ndarray:
    """Share of a site's capacity energized, rising linearly from first power over the ramp."""
    ramp = np.maximum(ramp_months, 1.0)
    share = (months_since_first_power + 1.0) / ramp
    np.minimum(share, 1.0, out=share)  # in place: np.clip allocates more on large sample batches
    return np.maximum(share, 0.0, out=share)


def powered_gpus(
    installed: np.ndarray, facility_w: np.ndarray, capacity_mw: np.ndarray, newest_first: bool = False
) -> np.ndarray:
    """Installed GPUs that get power, (S, T, G), from installed (S, T, G), facility W per GPU at peak
    (S, G)  [W] and energized capacity (S, T)  [MW].

    Capacity goes to generations in catalog order: oldest first by default (racks already running
    keep their power and the newest arrivals wait for new capacity), or newest first (older
    generations are switched off to power newer ones).
    """
    if newest_first:
        return _powered_in_order(installed[:, :, ::-1], facility_w[:, ::-1], capacity_mw)[:, :, ::-1]
    return _powered_in_order(installed, facility_w, capacity_mw)


def _powered_in_order(installed: np.ndarray, facility_w: np.ndarray, capacity_mw: np.ndarray) -> np.ndarray:
    """``powered_gpus`` with capacity served to the generations in the order given."""
    samples, months, gens = installed.shape
    powered = generation_major(samples, months, gens)
    stored, served = installed.transpose(2, 0, 1), powered.transpose(2, 0, 1)  # (G, S, T) views
    mw_per_gpu = (facility_w / 1e6).T[:, :, None]  # (G, S, 1)
    scratch = np.empty((2, gens, min(samples, SAMPLES_PER_BLOCK), months))
    for rows in sample_blocks(samples):
        mw = mw_per_gpu[:, rows]
        demand, room = scratch[0, :, : mw.shape[1]], scratch[1, :, : mw.shape[1]]
        np.multiply(stored[:, rows], mw, out=demand)
        _running_sum(demand, out=room)  # over the generations, oldest first
        room -= demand  # demand of the older generations
        np.subtract(capacity_mw[rows], room, out=room)  # capacity left for this generation
        np.maximum(room, 0.0, out=room)
        np.minimum(room, demand, out=room)  # served
        np.divide(room, mw, out=served[:, rows])
    return powered


def _running_sum(amounts: np.ndarray, out: np.ndarray) -> None:
    """``out``[k] = ``out``[k − 1] + ``amounts``[k] along the first axis of (K, …) arrays: numpy's running
    sum for few rows; for many, a loop over k, as numpy's would walk that axis innermost."""
    if amounts[..., 0].size <= FEW_ROWS:
        amounts.cumsum(axis=0, out=out)
        return
    out[0] = amounts[0]
    for k in range(1, len(out)):
        np.add(out[k - 1], amounts[k], out=out[k])


def fleet_state(
    installed: np.ndarray,
    capacity_mw: np.ndarray,
    tdp_w: np.ndarray,
    it_w: np.ndarray,
    design_pue: np.ndarray,
    newest_first: bool = False,
) -> dict[str, np.ndarray]:
    """Power of an installed fleet against energized capacity.

    ``installed`` (S, T, G) GPUs; ``capacity_mw`` (S, T)  [MW]; ``tdp_w`` and ``it_w`` (S, G) chip and
    all-in IT power per GPU  [W]; ``design_pue`` (S,)  [W/W]. Returns (S, T) series in MW and GPUs, and
    'powered_g' (S, T, G), the GPUs that get power.
    """
    powered_g = powered_gpus(installed, it_w * design_pue[:, None], capacity_mw, newest_first)
    chip = compute.fleet_total(installed, tdp_w) / 1e6
    it = compute.fleet_total(installed, it_w) / 1e6
    demand = facility_power(it, design_pue[:, None])
    gpus_installed, gpus_powered = installed.sum(2), powered_g.sum(2)
    gap = demand - capacity_mw
    stranded = gpus_installed - gpus_powered
    np.copyto(stranded, 0.0, where=stranded <= 1e-9 * gpus_installed)  # rounding noise of the power split
    return {
        "powered_g": powered_g,
        "gpus_installed": gpus_installed,
        "gpus_powered": gpus_powered,
        "gpus_stranded": stranded,
        "chip_power_mw": chip,
        "it_power_mw": it,
        "facility_power_mw": demand,
        "facility_power_served_mw": np.minimum(demand, capacity_mw),
        "facility_capacity_mw": capacity_mw,
        "power_gap_mw": np.maximum(gap, 0.0, out=gap),
    }


def energy_twh(
    served_mw: np.ndarray, design_pue: np.ndarray, annual_pue: np.ndarray, load_factor: np.ndarray, hours: np.ndarray
) -> np.ndarray:
    """Facility energy per month  [TWh], (S, T).

    Facility power served at peak (S, T)  [MW] is brought back to IT power with the design PUE and
    drawn at the load factor, with the annual-average PUE on top: served ÷ design PUE × annual PUE ×
    load factor × hours [h] (T,) / 1e6. The PUEs and load factor are (S,).
    """
    energy = served_mw * (annual_pue / design_pue * load_factor)[:, None]
    energy *= hours[None, :]
    energy /= 1e6
    return energy
