"""pandera schemas of the parsed frames, derived from the table catalogue.

Column dtypes, nullability, allowed values, ranges and uniqueness come from
:mod:`pipeline.catalogue`; the few rules that relate several columns are declared here, per
table. A violation is a **bug** in the pipeline (the parser promised something it did not keep),
so validation stops the write. Data problems in a report — wrong arithmetic, unreadable cells —
are not schema violations: they are parse issues and check results.

What belongs here: building one pandera ``DataFrameSchema`` per parsed frame, and
:func:`validate_frames`.
"""

from __future__ import annotations

from functools import cache

import pandera.polars as pa
import polars as pl

from pipeline.catalogue import TABLES, Column
from pipeline.model import ParseStatus
from pipeline.parse.frames import ParsedFrames
from pipeline.vocabulary import ALL_ROW_CODES, SIGNED_COLUMNS, TEMPLATE_VERSIONS, expected_cells

# every (table, row, column) a report may hold, in any template version (+ the 小计 variant)
ALLOWED_CELLS = sorted(
    {f"{t}/{r}/{c}" for v in TEMPLATE_VERSIONS for t, r, c in expected_cells(v)}
    | {f"applications/{r}/org_subtotal" for r in ALL_ROW_CODES["applications"]}
)


def _rejected_have_reason(data) -> pl.LazyFrame:
    return data.lazyframe.select(
        (pl.col("parse_status") != ParseStatus.REJECTED.value) | pl.col("reject_reason").is_not_null()
    )


def _allowed_codes_per_table(data) -> pl.LazyFrame:
    key = pl.concat_str([pl.col("table_code"), pl.col("row_code"), pl.col("column_code")], separator="/")
    return data.lazyframe.select(key.is_in(ALLOWED_CELLS))


def _non_negative_except_items_change(data) -> pl.LazyFrame:
    signed = pl.col("column_code").cast(pl.String).is_in(list(SIGNED_COLUMNS))
    return data.lazyframe.select(pl.col("value").is_null() | (pl.col("value") >= 0) | signed)


def _value_iff_number(data) -> pl.LazyFrame:
    return data.lazyframe.select(pl.col("value").is_not_null() == (pl.col("value_kind") == "number"))


# Rules across columns, per frame (everything per column comes from the catalogue).
FRAME_RULES = {
    "reports": (_rejected_have_reason,),
    "cells": (_allowed_codes_per_table, _non_negative_except_items_change, _value_iff_number),
}


def _checks(col: Column) -> list[pa.Check]:
    checks = []
    if col.isin is not None:
        checks.append(pa.Check.isin(list(col.isin)))
    if col.ge is not None:
        checks.append(pa.Check.ge(col.ge))
    if col.between is not None:
        checks.append(pa.Check.in_range(*col.between))
    if col.length is not None:
        checks.append(pa.Check.str_length(col.length, col.length))
    if col.pattern is not None:
        checks.append(pa.Check.str_matches(col.pattern))
    return checks


@cache
def frame_schema(name: str) -> pa.DataFrameSchema:
    """The pandera schema of one parsed frame."""
    table = TABLES[name]
    columns = {
        c.name: pa.Column(c.dtype, checks=_checks(c), nullable=c.nullable, unique=c.unique, description=c.description)
        for c in table.frame_columns()
    }
    rules = [pa.Check(rule, name=rule.__name__.strip("_")) for rule in FRAME_RULES.get(name, ())]
    return pa.DataFrameSchema(
        columns, checks=rules, unique=list(table.unique) or None, strict=True, name=name, description=table.description
    )


def validate_frames(frames: ParsedFrames) -> ParsedFrames:
    """Validate every frame (all errors collected); raises ``pandera.errors.SchemaErrors``."""
    return ParsedFrames(**{name: frame_schema(name).validate(frame, lazy=True) for name, frame in frames.items()})
