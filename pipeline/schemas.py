"""pandera polars models of the parsed frames: types, allowed codes, uniqueness, signs.

A violation here is a **bug** in the pipeline (the parser promised something it did not keep), so
validation stops the write. Data problems in a report — wrong arithmetic, unreadable cells — are
not schema violations: they are parse issues and check results.

What belongs here: one ``DataFrameModel`` per frame and :func:`validate_frames`.
"""

from __future__ import annotations

from typing import Annotated

import pandera.polars as pa
import polars as pl

from pipeline.agencies import KINDS, LEVELS
from pipeline.frames import ParsedFrames
from pipeline.vocabulary import (
    ALL_COLUMN_CODES,
    ALL_ROW_CODES,
    SECTION_CODES,
    SIGNED_COLUMNS,
    TABLE_CODES,
    TEMPLATE_VERSIONS,
    VALUE_KINDS,
    expected_cells,
)

_ROWS = list(dict.fromkeys(r for t in TABLE_CODES for r in ALL_ROW_CODES[t]))
_COLS = list(dict.fromkeys(c for t in TABLE_CODES for c in ALL_COLUMN_CODES[t]))
# every (table, row, column) a report may hold, in any template version (+ the 小计 variant)
ALLOWED_CELLS = sorted(
    {f"{t}/{r}/{c}" for v in TEMPLATE_VERSIONS for t, r, c in expected_cells(v)}
    | {f"applications/{r}/org_subtotal" for r in ALL_ROW_CODES["applications"]}
)


class ReportModel(pa.DataFrameModel):
    # report_id is the content's id: two files with the same content share it within a batch (the
    # load marks the later one a duplicate and gives it its own id), so only source_file is unique
    report_id: str = pa.Field(str_length={"min_value": 16, "max_value": 16})
    source_file: str = pa.Field(unique=True)
    sha256: str = pa.Field(str_length={"min_value": 64, "max_value": 64})
    size_bytes: pl.Int64 = pa.Field(ge=0)
    encoding: str = pa.Field(nullable=True)
    parse_status: str = pa.Field(isin=["parsed", "rejected"])
    reject_reason: str = pa.Field(nullable=True)
    agency: str = pa.Field(nullable=True)
    year: pl.Int32 = pa.Field(nullable=True, in_range={"min_value": 1990, "max_value": 2100})
    published_on: pl.Date = pa.Field(nullable=True)
    template_version: Annotated[pl.Enum, list(TEMPLATE_VERSIONS)] = pa.Field(nullable=True)
    agency_key: str = pa.Field(nullable=True)
    agency_level: str = pa.Field(nullable=True, isin=list(LEVELS))
    agency_kind: str = pa.Field(nullable=True, isin=list(KINDS))
    province: str = pa.Field(nullable=True)
    city: str = pa.Field(nullable=True)
    county: str = pa.Field(nullable=True)
    division_code: str = pa.Field(nullable=True, str_matches=r"^\d{6}$")
    region_note: str = pa.Field(nullable=True)
    is_aggregate: bool

    @pa.dataframe_check
    def rejected_have_reason(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select((pl.col("parse_status") != "rejected") | pl.col("reject_reason").is_not_null())


class CellModel(pa.DataFrameModel):
    report_id: str
    table_code: Annotated[pl.Enum, list(TABLE_CODES)]
    row_code: Annotated[pl.Enum, _ROWS]
    column_code: Annotated[pl.Enum, _COLS]
    value: pl.Float64 = pa.Field(nullable=True)
    value_kind: Annotated[pl.Enum, list(VALUE_KINDS)]
    raw: str = pa.Field(nullable=True)
    line: pl.Int32 = pa.Field(nullable=True, ge=1)

    class Config:
        unique = ["report_id", "table_code", "row_code", "column_code"]

    @pa.dataframe_check
    def allowed_codes_per_table(cls, data) -> pl.LazyFrame:
        key = pl.concat_str([pl.col("table_code"), pl.col("row_code"), pl.col("column_code")], separator="/")
        return data.lazyframe.select(key.is_in(ALLOWED_CELLS))

    @pa.dataframe_check
    def non_negative_except_items_change(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(
            pl.col("value").is_null() | (pl.col("value") >= 0) | pl.col("column_code").cast(pl.String).is_in(list(SIGNED_COLUMNS))
        )

    @pa.dataframe_check
    def value_iff_number(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("value").is_not_null() == (pl.col("value_kind") == "number"))


class SectionModel(pa.DataFrameModel):
    report_id: str
    section_code: Annotated[pl.Enum, list(SECTION_CODES)]
    title: str = pa.Field(nullable=True)
    line: pl.Int32 = pa.Field(ge=1)
    body: str

    class Config:
        unique = ["report_id", "section_code"]


class IssueModel(pa.DataFrameModel):
    report_id: str
    code: str = pa.Field(str_matches=r"^[a-z_]+$")
    message: str
    line: pl.Int32 = pa.Field(nullable=True, ge=1)
    table_code: Annotated[pl.Enum, list(TABLE_CODES)] = pa.Field(nullable=True)
    row_code: Annotated[pl.Enum, _ROWS] = pa.Field(nullable=True)


class FactModel(pa.DataFrameModel):
    report_id: str
    fact_code: str = pa.Field(isin=["applications_received", "review_cases", "litigation_cases"])
    value: pl.Float64 = pa.Field(ge=0)
    line: pl.Int32 = pa.Field(nullable=True)
    evidence: str

    class Config:
        unique = ["report_id", "fact_code"]


MODELS = {
    "reports": ReportModel,
    "cells": CellModel,
    "sections": SectionModel,
    "issues": IssueModel,
    "facts": FactModel,
}


def validate_frames(frames: ParsedFrames) -> ParsedFrames:
    """Validate every frame (all errors collected); raises ``pandera.errors.SchemaErrors``."""
    out = {name: MODELS[name].validate(getattr(frames, name), lazy=True) for name in frames.names}
    return ParsedFrames(**out)
