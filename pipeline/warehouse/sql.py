"""The only loader of the SQL files under ``sql/``.

The ``sql/`` folder is installed as the package ``pipeline.sql`` (pyproject maps it), so an
installed pipeline finds its statements without a source checkout. Files are read by their path
under ``sql/`` (``views/comparison.sql``), split into statements, and run with their variables
bound by ``SET VARIABLE`` — the one place where code builds SQL text (a variable name, never a
value).

What belongs here: finding, reading, splitting and running SQL files. The statements themselves
live in ``sql/``; which file runs when is the caller's business.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

import duckdb

_COMMENT = re.compile(r"--[^\n]*")
_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


@cache
def sql_text(name: str) -> str:
    """The text of ``sql/<name>`` (e.g. ``views/comparison.sql``)."""
    return files("pipeline.sql").joinpath(name).read_text(encoding="utf-8")


def sql_files(folder: str) -> list[str]:
    """Names of the SQL files in one folder of ``sql/``, sorted (e.g. ``queries``)."""
    root = files("pipeline.sql").joinpath(folder)
    return sorted(f"{folder}/{p.name}" for p in root.iterdir() if p.name.endswith(".sql"))


def split_statements(sql: str) -> list[str]:
    """Statements of a SQL file (our files keep `--` and `;` out of string literals)."""
    return [s.strip() for s in _COMMENT.sub("", sql).split(";") if s.strip()]


def statements(name: str) -> list[str]:
    return split_statements(sql_text(name))


def bind(con: duckdb.DuckDBPyConnection, **variables) -> None:
    """Set DuckDB variables the SQL files read with ``getvariable('<name>')``."""
    for name, value in variables.items():
        if not _NAME.match(name):
            raise ValueError(f"not a variable name: {name!r}")
        con.execute(f"SET VARIABLE {name} = ?", [value])


def run_script(con: duckdb.DuckDBPyConnection, name: str, **variables) -> None:
    """Execute every statement of a SQL file in order (errors name the statement)."""
    bind(con, **variables)
    for statement in statements(name):
        con.execute(statement)


def query(con: duckdb.DuckDBPyConnection, name: str, **variables) -> duckdb.DuckDBPyRelation:
    """The relation of a one-statement SQL file (e.g. ``queries/carry_over_breaks.sql``)."""
    bind(con, **variables)
    (statement,) = statements(name)
    return con.sql(statement)


def fetch(con: duckdb.DuckDBPyConnection, name: str, **variables) -> list[tuple]:
    """Rows of a one-statement SQL file."""
    return query(con, name, **variables).fetchall()
