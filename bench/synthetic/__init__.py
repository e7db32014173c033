"""Dev tooling: the seeded synthetic report generator (ground truth for accuracy and benchmarks).

Not part of the product: nothing in ``pipeline/`` or ``assets/`` imports it (``make lint``
checks). Public API: :func:`generate`, :func:`write_corpus`, :func:`identity_failures`, the truth
types, and ``python -m bench.synthetic --n 1000 --seed 7 --out DIR``.
"""

from bench.synthetic.generator import (
    DEVIATIONS,
    ENCODINGS,
    KINDS,
    LEVELS,
    LINE_ENDINGS,
    TABLE_LAYOUTS,
    TIERS,
    YEARS,
    ErrorCell,
    InjectedError,
    NarrativeClaim,
    ReportTruth,
    SyntheticReport,
    TruthCell,
    generate,
    identity_failures,
    main,
    write_corpus,
)

__all__ = [
    "DEVIATIONS", "ENCODINGS", "KINDS", "LEVELS", "LINE_ENDINGS", "TABLE_LAYOUTS", "TIERS", "YEARS", "ErrorCell", "InjectedError",
    "NarrativeClaim", "ReportTruth", "SyntheticReport", "TruthCell", "generate", "identity_failures", "main",
    "write_corpus",
]
