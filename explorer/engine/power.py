"""Power stage: the chip → server → IT → facility chain, energized capacity, and which GPUs get power."""

from __future__ import annotations

import numpy as np

from . import compute
from .layout import SAMPLES_PER_BLOCK, generation_major, sample_blocks


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


def facility_w_per_gpu(tdp_w: np.ndarray, server_multiplier: np.ndarray, it_multiplier: np.ndarray,
                       pue: np.ndarray) -> np.ndarray:
    """Facility power one accelerator needs at peak  [W], (S, G), from TDP  [W] (S, G) and the chain's
    multipliers  [W/W] (S,)."""
    return facility_power(it_power(server_power(tdp_w, server_multiplier[:, None]), it_multiplier[:, None]),
                          pue[:, None])


def ramp_fraction(months_since_first_power: np.ndarray, ramp_months: np.ndarray) -> np.ndarray:
    """Share of a site's capacity energized, rising linearly from first power over the ramp."""
    ramp = np.maximum(ramp_months, 1.0)
    share = (months_since_first_power + 1.0) / ramp
    np.minimum(share, 1.0, out=share)  # in place: np.clip allocates more on large sample batches
    return np.maximum(share, 0.0, out=share)


def site_capacity(capacity_mw: np.ndarray, first_power_index: np.ndarray, ramp_months: np.ndarray,
                  n_months: int, price: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Energized capacity of all sites  [MW] and its electricity price sum  [MW·USD/MWh], both (S, T).

    ``capacity_mw``, ``ramp_months`` and ``price`` are (S, K) per site. A site whose ramp every
    sample shares has one (T,) ramp; only sites with sampled ramps need an (S, T) one.
    """
    since = np.arange(n_months)[:, None] - first_power_index[None, :]  # (T, K)
    shared = (ramp_months == ramp_months[:1]).all(axis=0)  # (K,)
    share = ramp_fraction(since[:, shared], ramp_months[0, shared])  # (T, K shared)
    total = np.einsum("sk,tk->st", capacity_mw[:, shared], share)
    priced = np.einsum("sk,tk->st", capacity_mw[:, shared] * price[:, shared], share)
    for k in np.nonzero(~shared)[0]:
        energized = ramp_fraction(since[None, :, k], ramp_months[:, k, None])
        energized *= capacity_mw[:, k, None]
        total += energized
        priced += np.multiply(energized, price[:, k, None], out=energized)
    return total, priced


def powered_gpus(installed: np.ndarray, facility_w: np.ndarray, capacity_mw: np.ndarray) -> np.ndarray:
    """Installed GPUs that get power, (S, T, G), from installed (S, T, G), facility W per GPU (S, G)
    and energized capacity (S, T) [MW].

    Capacity goes to generations in catalog order (oldest first): racks already running keep their
    power and the newest arrivals wait for new capacity.
    """
    samples, months, gens = installed.shape
    powered = generation_major(samples, months, gens)
    stored, served = installed.transpose(2, 0, 1), powered.transpose(2, 0, 1)  # (G, S, T) views
    mw_per_gpu = (facility_w / 1e6).T[:, :, None]  # (G, S, 1)
    capacity_mw = np.broadcast_to(capacity_mw, (samples, months))
    scratch = np.empty((2, gens, min(samples, SAMPLES_PER_BLOCK), months))
    for rows in sample_blocks(samples):
        mw = mw_per_gpu[:, rows]
        demand, room = scratch[:, :, :mw.shape[1]]
        np.multiply(stored[:, rows], mw, out=demand)
        room[:1] = demand[:1]
        for g in range(1, gens):  # running sum over the generations, oldest first
            np.add(room[g - 1], demand[g], out=room[g])
        room -= demand  # demand of the older generations
        np.subtract(capacity_mw[rows], room, out=room)  # capacity left for this generation
        np.maximum(room, 0.0, out=room)
        np.minimum(room, demand, out=room)  # served
        np.divide(room, mw, out=served[:, rows])
    return powered


def fleet_state(installed: np.ndarray, capacity_mw: np.ndarray, tdp_w: np.ndarray, facility_w: np.ndarray,
                server_multiplier: np.ndarray, it_multiplier: np.ndarray, pue: np.ndarray) -> dict[str, np.ndarray]:
    """Power of an installed fleet against energized capacity.

    ``installed`` (S, T, G) GPUs; ``capacity_mw`` (S, T)  [MW]; ``tdp_w`` and ``facility_w`` (S, G)
    per GPU  [W]; multipliers and PUE (S,)  [W/W]. Returns (S, T) series in MW and GPUs, and
    'powered_g' (S, T, G), the GPUs that get power.
    """
    powered_g = powered_gpus(installed, facility_w, capacity_mw)
    chip = compute.fleet_total(installed, tdp_w) / 1e6
    it = it_power(server_power(chip, server_multiplier[:, None]), it_multiplier[:, None])
    demand = facility_power(it, pue[:, None])
    gpus_installed, gpus_powered = installed.sum(2), powered_g.sum(2)
    stranded = gpus_installed - gpus_powered
    stranded[stranded <= 1e-9 * gpus_installed] = 0.0  # rounding noise of the power split, not GPUs
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
        "power_gap_mw": np.maximum(demand - capacity_mw, 0.0),
    }


def energy_twh(served_mw: np.ndarray, load_factor: np.ndarray, hours: np.ndarray) -> np.ndarray:
    """Facility energy per month  [TWh] = served MW × load factor × hours / 1e6."""
    energy = served_mw * load_factor[:, None]
    energy *= hours[None, :]
    energy /= 1e6
    return energy
