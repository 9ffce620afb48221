"""The one summary of repeated timings every benchmark prints: cold, median and p95 (nearest rank).

The p95 is the nearest-rank percentile: the value at rank ⌈0.95·n⌉ of the sorted warm runs,
always a time that was measured (no interpolation). With fewer than 20 runs it is the slowest.

>>> percentile([float(n) for n in range(1, 20)], 95)   # 19 runs: rank ⌈18.05⌉ = 19
19.0
>>> percentile([float(n) for n in range(1, 101)], 95)
95.0
>>> summary([50.0, 3.0, 1.0, 2.0])
{'cold_ms': 50.0, 'median_ms': 2.0, 'p95_ms': 3.0, 'repetitions': 3}
"""

from __future__ import annotations

import statistics


def percentile(values: list[float], pct: int) -> float:
    """Nearest-rank percentile of ``values`` (need not be sorted)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[rank - 1]


def summary(times_ms: list[float]) -> dict:
    """The first (cold) time, and median and p95 of the rest (the warm runs)."""
    warm = times_ms[1:]
    return {"cold_ms": times_ms[0], "median_ms": statistics.median(warm), "p95_ms": percentile(warm, 95),
            "repetitions": len(warm)}
