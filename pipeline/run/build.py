"""The build: a fingerprint of the code that turns a raw file into warehouse rows.

A file's rows are a function of its bytes and of this code (parsing, reference data, checks, the
catalogue, the load SQL). The manifest records, per file, the build that parsed it; a run
re-parses every present file another build parsed — so a new parser reaches the whole warehouse
once, and a re-run with the same code changes nothing.

What belongs here: which code counts, and its fingerprint. Nothing else.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib.resources import files
from pathlib import Path

import pipeline

# the code a file's rows depend on (paths under the pipeline package, the reference tables, the load SQL)
_PACKAGES = ("parse", "reference", "validate")
_MODULES = ("catalogue.py", "model.py", "normalize.py", "vocabulary.py")
_SQL = ("tables", "load")


@cache
def code_build() -> str:
    """16 hex digits over the bytes of that code, in a fixed order."""
    root = Path(pipeline.__file__).parent
    parts: list[tuple[str, bytes]] = []
    for package in _PACKAGES:
        parts += [(p.relative_to(root).as_posix(), p.read_bytes()) for p in (root / package).rglob("*.py")]
    parts += [(name, (root / name).read_bytes()) for name in _MODULES]
    tables = files("pipeline.reference.tables")  # the curated reference tables (data/reference/)
    parts += [(f"data/reference/{f.name}", f.read_bytes()) for f in tables.iterdir() if f.name.endswith(".csv")]
    sql = files("pipeline.sql")
    for folder in _SQL:
        scripts = [f for f in sql.joinpath(folder).iterdir() if f.name.endswith(".sql")]
        parts += [(f"sql/{folder}/{f.name}", f.read_bytes()) for f in scripts]
    digest = hashlib.sha256()
    for name, data in sorted(parts):
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()[:16]
