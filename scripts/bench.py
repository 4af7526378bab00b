#!/usr/bin/env python3
"""yusuan's benchmark script: the figures quoted in issue notes come from here.

Usage::

    python scripts/bench.py                 # all benchmarks
    python scripts/bench.py parse --repeat 20
    python scripts/bench.py --json          # machine-readable

Each benchmark runs its workload ``--repeat`` times on one core and reports the median and the
spread (min–max), because shared machines are noisy; compare medians and ratios, not single runs.
New benchmarks register themselves in ``BENCHMARKS``.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from yusuan.api import parse_bytes  # noqa: E402

SAMPLES = [p for p in sorted((REPO.parent / "shared" / "samples").glob("*.txt"))] or sorted(
    (REPO / "examples").glob("*.txt")
)


def _timed(work: Callable[[], object], repeat: int) -> list[float]:
    work()  # warm up imports and caches
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return times


def bench_parse(repeat: int) -> list[dict[str, object]]:
    """Text reader + extraction, per sample document (the whole parse a user waits for)."""
    results: list[dict[str, object]] = []
    for path in SAMPLES:
        data = path.read_bytes()
        times = _timed(lambda data=data, name=path.name: parse_bytes(data, name), repeat)
        median = statistics.median(times)
        results.append(
            {
                "benchmark": "parse",
                "file": path.name,
                "bytes": len(data),
                "median_ms": round(median * 1000, 2),
                "min_ms": round(min(times) * 1000, 2),
                "max_ms": round(max(times) * 1000, 2),
                "docs_per_s": round(1 / median, 1),
                "mb_per_s": round(len(data) / median / 1e6, 2),
            }
        )
    return results


BENCHMARKS: dict[str, Callable[[int], list[dict[str, object]]]] = {"parse": bench_parse}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "names", nargs="*", choices=[*BENCHMARKS, []], help="benchmarks to run (default: all)"
    )
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = [r for name in (args.names or BENCHMARKS) for r in BENCHMARKS[name](args.repeat)]
    if args.json:
        print(
            json.dumps(
                {"python": platform.python_version(), "machine": platform.machine(), "results": results},
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    print(f"python {platform.python_version()} on {platform.machine()}, repeat={args.repeat}, one core")
    for r in results:
        extra = "  ".join(f"{k}={v}" for k, v in r.items() if k not in ("benchmark", "file"))
        print(f"{r['benchmark']:8} {r['file']:40} {extra}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
