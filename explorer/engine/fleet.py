"""Fleet stage: what is bought each month, by generation, and what is installed once it arrives
and until it retires. Cohorts are handled with cumulative sums, not loops over months."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np

from .layout import FEW_ROWS, SAMPLES_PER_BLOCK, generation_major, sample_blocks


def spend_shares(shares_by_year: dict[int, dict[str, float]], generations: list[str], year: np.ndarray) -> np.ndarray:
    """Share of IT spend per generation for each month, (T, G), each row summing to 1 (or 0).

    A year not listed uses the last listed year before it (or the first listed one).
    """
    listed = sorted(shares_by_year)
    table = np.zeros((len(listed), len(generations)))
    for i, y in enumerate(listed):
        for gen, share in shares_by_year[y].items():
            if share > 0:  # a generation listed at 0 is not among those the scenario holds
                table[i, generations.index(gen)] = share
    row = np.maximum(np.searchsorted(listed, year, side="right") - 1, 0)  # never past the last: side="right"
    return normalise(table[row])


def newest_shares(candidates: list[int], available: np.ndarray, months: np.ndarray, n_generations: int) -> np.ndarray:
    """All spend on the newest candidate available each month, (T, G)."""
    out = np.zeros((len(months), n_generations))
    if not candidates:
        return out
    cand = np.asarray(candidates)
    open_ = available[cand][None, :] <= months[:, None]  # (T, C)
    score = np.where(open_, available[cand][None, :], -1)
    best = cand[np.argmax(score, axis=1)]
    fallback = cand[np.argmin(available[cand])]
    best = np.where(open_.any(axis=1), best, fallback)
    out[np.arange(len(months)), best] = 1.0
    return out


def normalise(shares: np.ndarray, total: np.ndarray | None = None) -> np.ndarray:
    """``shares`` (…, G) divided by their ``total`` over the last axis (…, 1) (summed when not given),
    0 where that is 0."""
    if total is None:
        total = shares.sum(axis=-1, keepdims=True)
    return np.divide(shares, total, out=np.zeros_like(shares), where=total > 0)


def restrict_to_available(
    shares: np.ndarray, available: np.ndarray, months: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Drop shares of generations not yet shipping and renormalise, (T, G).

    Months where nothing chosen is available fall back to the newest generation that is.
    Returns the shares and a (T, G) mask of the shares that were dropped.
    """
    open_ = available[None, :] <= months[:, None]
    chosen = shares > 0
    dropped = chosen & ~open_
    kept = np.where(open_, shares, 0.0)
    total = kept.sum(axis=1, keepdims=True)
    empty = (total[:, 0] == 0) & chosen.any(axis=1)  # months where nothing chosen ships
    if empty.any():
        score = np.where(open_, available[None, :], -np.inf)
        newest = np.argmax(score, axis=1)
        has_any = open_.any(axis=1)
        rows = np.nonzero(empty & has_any)[0]
        kept[rows, newest[rows]] = 1.0
        rows = np.nonzero(empty & ~has_any)[0]  # nothing ships yet: buy the earliest generation
        kept[rows, np.argmin(available)] = 1.0
        total = kept.sum(axis=1, keepdims=True)
    return normalise(kept, total), dropped


def unit_prices(base_price: np.ndarray, decline: np.ndarray, available: np.ndarray, months: np.ndarray) -> np.ndarray:
    """Price of each generation in each month  [USD], (S, T, G).

    Falls by ``decline`` [1/yr] per year since the generation became available:
    base × (1 - d) ** (age / 12) = base × exp(log(1 - d) / 12 × age), age in whole months.
    """
    age = months[:, None] - available[None, :]  # (T, G), negative before availability; months ascending
    per_month = np.log1p(-decline) / 12.0  # (S, G)
    price = generation_major(len(base_price), len(months), len(available))
    if len(months) % 12 == 0 and (months - months[0] == np.arange(len(months))).all():
        _whole_years(price, base_price, per_month, age[0])
    else:
        np.multiply(per_month[:, None, :], age[None, :, :], out=price)
        np.exp(price, out=price)
        price *= base_price[:, None, :]
    not_yet = months.searchsorted(available, side="right")  # (G,) months up to availability
    for g in not_yet.nonzero()[0]:  # no decline before availability
        price[:, : not_yet[g], g] = base_price[:, g, None]
    return price


def _whole_years(out: np.ndarray, base: np.ndarray, rate: np.ndarray, first: np.ndarray) -> None:
    """out[s, 12 y + m, g] = base × exp(rate × first) × q ** (12 y) × q ** m, q = exp(rate), over whole years.

    One exp per sample and generation, powers by repeated products (a few units in the last
    place), and one batched outer product (years × months of the year) writes every month once.
    """
    samples, months, gens = out.shape
    rate = rate.T  # (G, S), as ``out`` is stored
    step = np.exp(rate)
    by_month = np.empty((gens, samples, 1, 12))
    by_month[..., 0] = 1.0
    _running_products(by_month[:, :, 0], step)
    by_year = np.empty((gens, samples, months // 12, 1))
    by_year[:, :, 0, 0] = base.T * np.exp(rate * first[:, None])
    _running_products(by_year[..., 0], by_month[:, :, 0, 11] * step)
    stored = out.transpose(2, 0, 1).reshape(gens, samples, months // 12, 12)  # a view of out's memory
    np.matmul(by_year, by_month, out=stored)


def _running_products(out: np.ndarray, factor: np.ndarray) -> None:
    """out[..., k] = out[..., k − 1] × factor  (k ≥ 1) along the last axis of ``out`` (..., K), from the
    given out[..., 0]; ``factor`` (...). The same products either way: numpy's running product for
    few rows, a loop over k vectorised over the rows for many."""
    if out[..., 0].size <= FEW_ROWS:
        out[..., 1:] = factor[..., None]
        np.multiply.accumulate(out, axis=-1, out=out)
        return
    for k in range(1, out.shape[-1]):
        np.multiply(out[..., k - 1], factor, out=out[..., k])


def budget_purchases(it_budget: np.ndarray, shares: np.ndarray, cost_per_gpu: np.ndarray) -> np.ndarray:
    """GPUs bought  [GPUs/month], (S, T, G): P = budget × share / cost per GPU."""
    bought = generation_major(*cost_per_gpu.shape)
    np.multiply(it_budget, shares.T[:, None, :], out=bought.transpose(2, 0, 1))
    bought /= cost_per_gpu
    return bought


def in_service(bought: np.ndarray, lag_months: np.ndarray, life_months: np.ndarray) -> np.ndarray:
    """GPUs bought (S, T, G) that are in service (S, T, G): installed ``lag_months`` (S,) whole months
    after purchase and retired ``life_months`` (S, G) after that."""
    installed = generation_major(*bought.shape)
    for _ in cohort_blocks(bought, lag_months, life_months, out=installed):
        pass
    return installed


def cohort_blocks(
    bought: np.ndarray,
    lag_months: np.ndarray,
    life_months: np.ndarray,
    price: np.ndarray | None = None,
    out: np.ndarray | None = None,
) -> Iterator[tuple[slice, slice, np.ndarray, np.ndarray]]:
    """(rows, generations, arrived, in service) for each block: of what was bought (S, T, G) — GPUs, or
    with ``price`` (S, T, G)  [USD] what was paid for them — the amount ever installed and the amount
    in service, (g, B, T) each for a block of g generations and B samples, in buffers the next block
    reuses (the amounts in service in ``out`` (S, T, G) when given). A run with few samples takes every
    generation in one block (``FEW_ROWS``); a larger one a generation at a time, so that the block stays
    in the CPU cache.

    Installed ``lag_months`` (S,) whole months after purchase, retired ``life_months`` (S, G) after
    that: running totals over the purchase months are read at t − lag and t − lag − life, with no
    shifted copy of an (S, T, G) array.
    """
    samples, months, gens = bought.shape
    source = bought.transpose(2, 0, 1)  # (G, S, T) views
    prices = None if price is None else price.transpose(2, 0, 1)
    together = max(gens, 1) if samples * gens <= FEW_ROWS else 1  # generations per block
    block = min(samples, SAMPLES_PER_BLOCK)
    running = np.zeros((together, block, months + 1))  # [g, b, 1 + t]: bought up to month t; [g, b, 0] = 0
    arrived, current, paid = np.empty((3, together, block, months))
    kept = None if out is None else out.transpose(2, 0, 1)  # (G, S, T) view
    for rows in sample_blocks(samples):
        n = len(lag_months[rows])
        total, got = running[:, :n, 1:], arrived[:, :n]
        arrived_at, retired_at = _read_months(lag_months[rows], life_months[rows], months, running.shape[:2])
        flat = running.reshape(-1)  # indices count rows of a full block
        for first in range(0, gens, together):
            chosen = slice(first, first + together)
            now = current[:, :n] if kept is None else kept[chosen, rows]
            if prices is None:
                _running_total(source[chosen, rows], total)
            else:
                np.multiply(source[chosen, rows], prices[chosen, rows], out=paid[:, :n])
                _running_total(paid[:, :n], total)  # not in place: numpy would copy first
            # every index is in range: mode "clip" only spares numpy a buffered copy of ``out``
            flat.take(arrived_at, out=got, mode="clip")
            flat.take(retired_at(chosen), out=now, mode="clip")  # 0 until it retires
            np.subtract(got, now, out=now)
            yield rows, chosen, got, now


def _running_total(amounts: np.ndarray, out: np.ndarray) -> None:
    """``out`` = running totals over the months (last axis) of ``amounts`` (g, B, T), summed only over
    the months from the first to the last that hold an amount (a generation is bought in a few years
    of the timeline): 0 before them, the last total after them, as numpy's running sum gives. A block
    of few rows takes the running sum over every month: finding those months costs more than it saves."""
    if amounts[..., 0].size <= FEW_ROWS:
        amounts.cumsum(axis=-1, out=out)
        return
    held = np.flatnonzero(amounts.any(axis=(0, 1)))
    first, last = (int(held[0]), int(held[-1]) + 1) if len(held) else (0, 0)
    out[..., :first] = 0.0
    amounts[..., first:last].cumsum(axis=-1, out=out[..., first:last])
    out[..., last:] = out[..., last - 1 : last] if last else 0.0


def _read_months(
    lag: np.ndarray, life: np.ndarray, months: int, shape: tuple[int, int]
) -> tuple[np.ndarray, Callable[[slice], np.ndarray]]:
    """Flat indices (g, B, T) into running totals (g, block, months + 1) (``shape`` = (g, block)) of
    month t − lag, and a function of the generations giving those of t − lag − life (each row's
    leading 0 before the first month); ``lag`` (B,), ``life`` (B, G)."""
    together, block = shape
    samples = len(lag)
    first = np.arange(0, together * block * (months + 1), months + 1).reshape(together, block, 1)[:, :samples]
    arrived_at = first + np.maximum(np.arange(1, months + 1)[None, :] - lag[:, None], 0)  # (g, B, T)
    by_life: dict[bytes, np.ndarray] = {}  # most runs: generations of one life share their indices

    def retired_at(chosen: slice) -> np.ndarray:
        lives = life[:, chosen].T  # (g, B)
        key = lives.tobytes()
        if key not in by_life:
            by_life[key] = np.maximum(arrived_at - lives[:, :, None], first)
        return by_life[key]

    return arrived_at, retired_at


def starting_fleet(counts: np.ndarray, remaining_months: np.ndarray, n_months: int) -> np.ndarray:
    """GPUs in service at the start, retiring when their remaining life runs out, (S, T, G).

    ``counts`` and ``remaining_months`` are (S, C) per cohort, mapped to generations by the caller.
    """
    t = np.arange(n_months)[None, :, None]
    return counts[:, None, :] * (t < remaining_months[:, None, :])
