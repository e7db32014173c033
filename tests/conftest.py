"""Shared fixtures: where the bundled samples and the shared corpus live."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "raw"
SHARED = ROOT.parent / "shared"
CORPUS_TEXT = SHARED / "corpus" / "text"


def sample_bytes(prefix: str) -> bytes:
    (path,) = SAMPLES.glob(f"{prefix}_*.txt")
    return path.read_bytes()


@pytest.fixture(scope="session")
def samples() -> dict[str, bytes]:
    return {p.name[:3]: p.read_bytes() for p in sorted(SAMPLES.glob("*.txt"))}
