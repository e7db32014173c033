"""Dev tooling beside the product: benchmarks, the accuracy harness, the synthetic generator.

- ``bench.run``       — ``make bench``: speed and memory on cached synthetic corpora;
- ``bench.accuracy``  — ``make accuracy``: every parsed cell against the generator's truth;
- ``bench.synthetic`` — the seeded generator of reports with ground truth.

Nothing in ``pipeline/`` or ``assets/`` imports this package (``make lint`` checks); it imports
the domain core like any user would.
"""
