"""Administrative-unit code tables: load time and lookup cost, as ratios to a plain dict baseline.

Run: .venv/bin/python bench/geo_lookup.py
"""

from __future__ import annotations

import json
import time
from importlib import resources

from dancu.geo import queries
from dancu.geo.enums import CodeTable

N = 100_000


def _best(fn: object, repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn()  # type: ignore[operator]
        best = min(best, time.perf_counter() - started)
    return best


def _load() -> None:
    queries._table.cache_clear()
    queries._province_mapping.cache_clear()
    queries._commune_mapping.cache_clear()
    queries.load_all()


def main() -> None:
    raw = (resources.files("dancu.geo") / "data" / "units-2025.json").read_text("utf-8")
    baseline_load = _best(lambda: json.loads(raw))
    load = _best(_load)
    plain = {str(i): i for i in range(4000)}
    baseline_lookup = _best(lambda: [plain.get("70") for _ in range(N)])
    lookup = _best(lambda: [queries.get_unit("00070", CodeTable.FROM_2025) for _ in range(N)])
    print(f"load all tables: {load * 1000:.1f} ms  ({load / baseline_load:.1f}x json.loads of the 2025 file)")
    print(f"get_unit: {lookup / N * 1e9:.0f} ns/lookup  ({lookup / baseline_lookup:.1f}x a plain dict.get)")


if __name__ == "__main__":
    main()
