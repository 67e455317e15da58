"""Helpers the benchmark key groups share (the leading underscore keeps run.py from running it as a group)."""

from __future__ import annotations


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def verdict(value: float, target: float, sense: str, unit: str) -> str:
    """'ok   target ≤ 33 ms' or 'MISS target ≤ 1.2'; sense is 'max' when lower is better."""
    ok = value <= target if sense == "max" else value >= target
    return f"{'ok  ' if ok else 'MISS'} target {'≤' if sense == 'max' else '≥'} {target:g} {unit}".rstrip()


def print_against_targets(results: dict, targets: dict[str, tuple[float, str, str]]) -> None:
    for key, (target, sense, unit) in targets.items():
        print(f"{key}: {results[key]} {unit}  {verdict(results[key], target, sense, unit)}")
