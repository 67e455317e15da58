"""Power stage: the chip → server → IT → facility chain, energized capacity, and which GPUs get power."""

from __future__ import annotations

import numpy as np


def server_power(chip_w: np.ndarray, server_multiplier: np.ndarray) -> np.ndarray:
    """Server power  [W] from accelerator TDP  [W]."""
    return chip_w * server_multiplier


def it_power(server_w: np.ndarray, it_multiplier: np.ndarray) -> np.ndarray:
    """IT power  [W]: servers plus networking and storage."""
    return server_w * it_multiplier


def facility_power(it_w: np.ndarray, pue: np.ndarray) -> np.ndarray:
    """Facility power  [W]: IT power times PUE."""
    return it_w * pue


def facility_w_per_gpu(tdp_w: np.ndarray, server_multiplier: np.ndarray, it_multiplier: np.ndarray,
                       pue: np.ndarray) -> np.ndarray:
    """Facility power one accelerator needs at peak  [W], (S, G) from (S, G) and (S,) inputs."""
    return facility_power(it_power(server_power(tdp_w, server_multiplier[:, None]), it_multiplier[:, None]),
                          pue[:, None])


def ramp_fraction(months_since_first_power: np.ndarray, ramp_months: np.ndarray) -> np.ndarray:
    """Share of a site's capacity energized, rising linearly from first power over the ramp."""
    ramp = np.maximum(ramp_months, 1.0)
    share = (months_since_first_power + 1.0) / ramp
    np.minimum(share, 1.0, out=share)  # in place: np.clip allocates more on large sample batches
    return np.maximum(share, 0.0, out=share)


def site_capacity(capacity_mw: np.ndarray, first_power_index: np.ndarray, ramp_months: np.ndarray,
                  n_months: int) -> np.ndarray:
    """Energized capacity per site  [MW], (S, T, K) from (S, K) capacities and ramps."""
    since = np.arange(n_months)[None, :, None] - first_power_index[None, None, :]
    return capacity_mw[:, None, :] * ramp_fraction(since, ramp_months[:, None, :])


def powered_gpus(installed: np.ndarray, facility_w: np.ndarray, capacity_mw: np.ndarray) -> np.ndarray:
    """Installed GPUs that get power, (S, T, G), from installed (S, T, G), facility W per GPU (S, G)
    and energized capacity (S, T) [MW].

    Capacity goes to generations in catalog order (oldest first): racks already running keep their
    power and the newest arrivals wait for new capacity.
    """
    mw_per_gpu = facility_w[:, None, :] / 1e6
    demand = installed * mw_per_gpu
    room = np.cumsum(demand, axis=2)
    room -= demand  # demand of the older generations
    np.subtract(capacity_mw[:, :, None], room, out=room)  # capacity left for this generation
    np.maximum(room, 0.0, out=room)
    np.minimum(room, demand, out=room)  # served
    room /= mw_per_gpu
    return room


def energy_twh(served_mw: np.ndarray, load_factor: np.ndarray, hours: np.ndarray) -> np.ndarray:
    """Facility energy per month  [TWh] = served MW × load factor × hours / 1e6."""
    return served_mw * load_factor[:, None] * hours[None, :] / 1e6
