"""Benchmarks and validations: each module runs with ``python -m bench.<name>`` and writes
its table into docs/. Never imported by the product; never a wall-clock assert in tests."""
