"""Run every benchmark in turn (``make bench``); each also runs on its own:

- ``python -m bench.etl_throughput``      ETL end to end on 1 million signals, 9 million addresses
- ``python -m bench.etl_throughput --signals 10000000``   the same for 10 million signals
- ``python -m bench.published_queries``   every dashboard query on a national published file
- ``python -m bench.map_recolour``        national wijk map recolouring, Patch vs full figure
- ``python -m bench.multi_municipality``  one warehouse per gemeente, combined for one dashboard
- ``python -m bench.dashboard_speed``     first page load, callback times and sizes, Patch vs full
- ``python -m bench.load_test``           20 users for 60 s against gunicorn on loopback
- ``python -m bench.validate_rises``      detection and false-alarm rates of the rise flags

Each writes its section of docs/benchmarks.md (or docs/analytics.md) with the machine it ran on.
"""

from __future__ import annotations

import sys

from bench import (
    dashboard_speed,
    etl_throughput,
    load_test,
    map_recolour,
    multi_municipality,
    published_queries,
    validate_rises,
)


def main() -> int:
    failed = []
    for name, run, argv in (("validate_rises", validate_rises.main, []),
                            ("dashboard_speed", dashboard_speed.main, []),
                            ("load_test", load_test.main, []),
                            ("map_recolour", map_recolour.main, ["--demo"]),
                            ("published_queries", published_queries.main, []),
                            ("multi_municipality", multi_municipality.main, []),
                            ("etl_throughput", etl_throughput.main, []),
                            ("etl_throughput_10m", etl_throughput.main,
                             ["--signals", "10000000"])):
        print(f"== {name}", flush=True)
        if run(argv) != 0:
            failed.append(name)
    if failed:
        print("failed: " + ", ".join(failed), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
