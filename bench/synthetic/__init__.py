"""Dev tooling: the seeded synthetic report generator (ground truth for accuracy and benchmarks).

Why: the parser and the checks need a large corpus whose every cell value is known. Real reports
are few (see shared/corpus); this package makes as many as wanted, with the same habits real text
has (spec §6), and records exactly what it did.

Not part of the product: nothing in ``pipeline/`` or ``assets/`` imports it (``make lint``
checks). Public API: :func:`generate`, :func:`write_corpus`, :func:`identity_failures`, the truth
types, and ``python -m bench.synthetic --n 1000 --seed 7 --out DIR``.

Modules, in the order a report is made:
- ``truth``: public vocabulary (years, layouts, encodings, deviation classes), truth records.
- ``geometry``: slot order of a report's cells; the identities of spec §5 on it.
- ``names``: real provinces, cities, counties and departments; township name syllables.
- ``bodies``: the pool of reporting bodies and each body's parameters.
- ``simulate``: a body's numbers, year after year.
- ``cells``: one report's printed cells, injected errors and cell-level deviations.
- ``tables`` / ``render``: table skeletons with label deviations; the tables as text.
- ``phrases`` / ``document``: narrative phrases; the whole document.
- ``report``: ``generate`` and the assembly of one report; ``dice``: the seeded random source.
- ``corpus``: ``write_corpus`` (files + parquet truth) and the command line.

The output is byte-for-byte reproducible from the seed: changing the order of random draws
anywhere changes every report after it.
"""

from bench.synthetic.corpus import main, write_corpus
from bench.synthetic.report import generate
from bench.synthetic.truth import (
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
    identity_failures,
)

__all__ = [
    "DEVIATIONS",
    "ENCODINGS",
    "KINDS",
    "LEVELS",
    "LINE_ENDINGS",
    "TABLE_LAYOUTS",
    "TIERS",
    "YEARS",
    "ErrorCell",
    "InjectedError",
    "NarrativeClaim",
    "ReportTruth",
    "SyntheticReport",
    "TruthCell",
    "generate",
    "identity_failures",
    "main",
    "write_corpus",
]
