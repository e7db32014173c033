"""Bounded memo tables for the parser's hot paths.

Labels, cells and table lines repeat across reports, so the parser remembers what it worked out
for each distinct one. Every such table is a plain dict (a lookup on the hot path is one
``dict.get``) made by :func:`bounded` and filled only through :func:`remember`, which stops adding
once the table holds ``LIMIT`` entries: memory stays flat however many reports a process parses.

What belongs here: the bound and the two helpers. What is remembered is each module's business.
"""

from __future__ import annotations

from typing import Any, TypeVar

# Entries per table (11 tables). One parsing process measured 443 MB after 100k reports never seen
# (docs/benchmarks.md); a table that is full keeps what it holds (emptying it and starting again was
# tried: 20 % slower, every clear re-learns the lines that recur).
LIMIT = 100_000

_TABLES: list[dict] = []
V = TypeVar("V")


def bounded() -> dict[Any, Any]:
    """A new memo table (registered, so tests can check every table stays within the bound)."""
    table: dict = {}
    _TABLES.append(table)
    return table


def remember(table: dict, key: Any, value: V) -> V:
    """Store `value` under `key` unless the table is full; return `value`."""
    if len(table) < LIMIT:
        table[key] = value
    return value


def sizes() -> list[int]:
    return [len(t) for t in _TABLES]


def clear() -> None:
    """Empty every memo table (tests; a cold start)."""
    for t in _TABLES:
        t.clear()
