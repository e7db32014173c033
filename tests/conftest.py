"""Shared fixtures: the bundled samples, their expected values, the shared real-report corpus.

Tests are grouped: ``unit/`` (pure functions on small inputs made from the samples),
``integration/`` (Dagster runs into temporary warehouses), ``corpus/`` (the shared real corpus
and the synthetic truth corpus). Expected values live in ``tests/data/``.

The shared corpus is ``../shared`` beside the checkout, or ``$REPORTS_SHARED_DIR``. Tests that
need it **fail** when it is missing (CI always has it): a silent skip would let CI pass without
testing real reports.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "raw"
DATA = Path(__file__).resolve().parent / "data"
SHARED = Path(os.environ.get("REPORTS_SHARED_DIR") or ROOT.parent / "shared")


def sample_bytes(prefix: str) -> bytes:
    (path,) = SAMPLES.glob(f"{prefix}_*.txt")
    return path.read_bytes()


@cache
def expected(name: str) -> dict:
    """An expectations file of tests/data (keys starting with _ are notes)."""
    doc = json.loads((DATA / name).read_text(encoding="utf-8"))
    return {k: v for k, v in doc.items() if not k.startswith("_")}


def shared_path(*parts: str) -> Path:
    """A path in the shared corpus; fails the test (not skips) when the corpus is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.fail(
            f"{path} not found: the shared corpus must sit beside the checkout (../shared) "
            f"or be named by REPORTS_SHARED_DIR"
        )
    return path


@pytest.fixture(scope="session")
def samples() -> dict[str, bytes]:
    return {p.name[:3]: p.read_bytes() for p in sorted(SAMPLES.glob("*.txt"))}
