"""Writing a corpus to disk: the report files, the truth as two parquet tables (one row per report,
one row per cell) with their schemas, and the command line ``python -m bench.synthetic``.
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from bench.synthetic.geometry import CELL_KEYS
from bench.synthetic.report import generate
from bench.synthetic.truth import (
    ENCODINGS,
    KINDS,
    LEVELS,
    LINE_ENDINGS,
    SPEC_TABLES,
    TABLE_LAYOUTS,
    TIERS,
    ReportTruth,
    SyntheticReport,
)
from pipeline import vocabulary as V
from pipeline.model import Layout, ValueKind, values

_CLI_DESCRIPTION = "Seeded, reproducible synthetic 政府信息公开工作年度报告 files with ground truth."
_LAYOUT_COLS = {t: f"layout_{t}" for t in SPEC_TABLES}


def _report_row(t: ReportTruth) -> dict:
    """One row of truth_reports.parquet."""
    row = {
        "report_index": t.report_index,
        "report_id": t.report_id,
        "source_file": t.source_file,
        "agency": t.agency,
        "body_key": t.body_key,
        "body_name": t.body_name,
        "level": t.level,
        "kind": t.kind,
        "tier": t.tier,
        "province": t.province,
        "city": t.city,
        "county": t.county,
        "township": t.township,
        "division_code": t.division_code,
        "is_aggregate": t.is_aggregate,
        "year": t.year,
        "published_on": t.published_on,
        "template_version": t.template_version,
        "layout": t.layout,
    }
    for tc, col in _LAYOUT_COLS.items():
        row[col] = t.table_layouts[tc]
    row.update(
        encoding=t.encoding,
        line_ending=t.line_ending,
        deviations=list(t.deviations),
        errors=[
            {"identity": e.identity, "broken": list(e.broken), "cells": [c._asdict() for c in e.cells]}
            for e in t.errors
        ],
        identity_failures=list(t.identity_failures),
        blank_total_cells=list(t.blank_total_cells),
        narrative_claims=[c._asdict() for c in t.narrative_claims],
        narrative_mismatch=t.narrative_mismatch,
    )
    return row


def _report_schema() -> dict:
    """Schema of truth_reports.parquet (``published_on`` is turned into a date after loading)."""
    import polars as pl

    cell_struct = pl.Struct(
        {
            "table_code": pl.String,
            "row_code": pl.String,
            "column_code": pl.String,
            "original": pl.Float64,
            "printed": pl.Float64,
        }
    )
    return {
        "report_index": pl.UInt32,
        "report_id": pl.String,
        "source_file": pl.String,
        "agency": pl.String,
        "body_key": pl.String,
        "body_name": pl.String,
        "level": pl.Enum(LEVELS),
        "kind": pl.Enum(KINDS),
        "tier": pl.Enum(TIERS),
        "province": pl.String,
        "city": pl.String,
        "county": pl.String,
        "township": pl.String,
        "division_code": pl.String,
        "is_aggregate": pl.Boolean,
        "year": pl.Int16,
        "published_on": pl.String,
        "template_version": pl.Enum(V.TEMPLATE_VERSIONS),
        "layout": pl.Enum(values(Layout)),
        **{col: pl.Enum(TABLE_LAYOUTS) for col in _LAYOUT_COLS.values()},
        "encoding": pl.Enum(ENCODINGS),
        "line_ending": pl.Enum(LINE_ENDINGS),
        "deviations": pl.List(pl.String),
        "errors": pl.List(
            pl.Struct({"identity": pl.String, "broken": pl.List(pl.String), "cells": pl.List(cell_struct)})
        ),
        "identity_failures": pl.List(pl.String),
        "blank_total_cells": pl.List(pl.String),
        "narrative_claims": pl.List(pl.Struct({"claim": pl.String, "stated": pl.Int64, "table": pl.Float64})),
        "narrative_mismatch": pl.Boolean,
    }


def _cell_schema() -> dict:
    """Schema of truth_cells.parquet."""
    import polars as pl

    all_rows = tuple(dict.fromkeys(r for t in SPEC_TABLES for r in V.ALL_ROW_CODES[t]))
    all_cols = tuple(dict.fromkeys(c for t in SPEC_TABLES for c in V.ALL_COLUMN_CODES[t]))
    return {
        "report_index": pl.UInt32,
        "table_code": pl.Enum(V.TABLE_CODES),
        "row_code": pl.Enum(all_rows),
        "column_code": pl.Enum(all_cols),
        "value": pl.Float64,
        "value_kind": pl.Enum(values(ValueKind)),
        "raw": pl.String,
        "expected_flag": pl.Boolean,
    }


def write_corpus(
    out_dir: str | Path,
    n: int,
    seed: int,
    error_rate: float = 0.02,
    *,
    deviation_scale: float = 1.0,
    layouts: Sequence[str] | None = None,
    encodings: Sequence[str] | None = None,
    chunk: int = 20000,
    cold: bool = False,
) -> dict:
    """Write ``n`` report files under ``out_dir`` (paths = ``source_file``) plus
    ``truth_reports.parquet`` (one row per report, columns = ReportTruth fields, ``table_layouts``
    as ``layout_<table_code>`` columns) and ``truth_cells.parquet`` (report_index, table_code,
    row_code, column_code, value, value_kind, raw, expected_flag). Returns a summary dict."""
    gc_was_enabled = gc.isenabled()
    gc.disable()  # millions of live truth objects: cyclic GC passes would dominate the run time
    try:
        return _write_corpus(out_dir, n, seed, error_rate, deviation_scale, layouts, encodings, chunk, cold)
    finally:
        if gc_was_enabled:
            gc.enable()


def _write_corpus(out_dir, n, seed, error_rate, deviation_scale, layouts, encodings, chunk, cold) -> dict:
    import polars as pl

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    rep_rows: list[dict] = []
    cell_columns = _CellColumns(chunk)
    made_dirs: set[str] = set()
    reports = _TimedIterator(
        generate(n, seed, error_rate, deviation_scale=deviation_scale, layouts=layouts, encodings=encodings, cold=cold)
    )
    for rep in reports:
        d = rep.source_file.rsplit("/", 1)[0]
        if d not in made_dirs:
            (out / d).mkdir(parents=True, exist_ok=True)
            made_dirs.add(d)
        (out / rep.source_file).write_bytes(rep.data)
        rep_rows.append(_report_row(rep.truth))
        cell_columns.add(rep)
    truth_reports = pl.DataFrame(rep_rows, schema=_report_schema()).with_columns(
        pl.col("published_on").str.to_date("%Y-%m-%d")
    )
    truth_reports.write_parquet(out / "truth_reports.parquet")
    cells = cell_columns.frame()
    cells.write_parquet(out / "truth_cells.parquet")
    total = time.perf_counter() - t0
    count, t_gen = cell_columns.reports, reports.seconds
    return {
        "reports": count,
        "cells": cells.height,
        "generate_seconds": round(t_gen, 3),
        "total_seconds": round(total, 3),
        "reports_per_second_generate": round(count / t_gen, 1) if t_gen else None,
        "out_dir": str(out),
    }


class _TimedIterator:
    """Wraps an iterator and adds up the time spent inside it (the generator's own run time)."""

    def __init__(self, it: Iterator[SyntheticReport]):
        self.it = it
        self.seconds = 0.0

    def __iter__(self) -> _TimedIterator:
        return self

    def __next__(self) -> SyntheticReport:
        t0 = time.perf_counter()
        try:
            return next(self.it)
        finally:
            self.seconds += time.perf_counter() - t0


class _CellColumns:
    """The columns of truth_cells, turned into a DataFrame every ``chunk`` reports (Python lists of
    millions of cells cost far more memory than Arrow columns)."""

    def __init__(self, chunk: int):
        self.schema = _cell_schema()
        self.chunk = chunk
        self.reports = 0
        self.frames: list = []
        self.cols: dict[str, list] = {k: [] for k in self.schema}
        self.keys_by_version = {  # (table codes, row codes, column codes) of the slots
            v: ([k[0] for k in keys], [k[1] for k in keys], [k[2] for k in keys]) for v, keys in CELL_KEYS.items()
        }

    def add(self, rep: SyntheticReport) -> None:
        import polars as pl

        cols = self.cols
        ts, rs, cs = self.keys_by_version[rep.truth.template_version]
        cols["report_index"].extend([rep.truth.report_index] * len(ts))
        cols["table_code"].extend(ts)
        cols["row_code"].extend(rs)
        cols["column_code"].extend(cs)
        cols["value"].extend(rep._values)
        cols["value_kind"].extend(rep._kinds)
        cols["raw"].extend(rep._raws)
        cols["expected_flag"].extend(rep._flags)
        self.reports += 1
        if self.reports % self.chunk == 0:
            self.frames.append(pl.DataFrame(cols, schema=self.schema))
            self.cols = {k: [] for k in self.schema}

    def frame(self):
        import polars as pl

        if self.cols["report_index"] or not self.frames:
            self.frames.append(pl.DataFrame(self.cols, schema=self.schema))
        return pl.concat(self.frames, rechunk=False)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.synthetic", description=_CLI_DESCRIPTION)
    ap.add_argument("--n", type=int, required=True, help="number of reports")
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--error-rate", type=float, default=0.02)
    ap.add_argument("--deviation-scale", type=float, default=1.0)
    ap.add_argument("--layouts", nargs="*", choices=TABLE_LAYOUTS, default=None)
    ap.add_argument("--encodings", nargs="*", choices=ENCODINGS, default=None)
    ap.add_argument("--cold", action="store_true", help="real narrative lengths, no table line shared (see generate)")
    a = ap.parse_args(argv)
    summary = write_corpus(
        a.out,
        a.n,
        a.seed,
        a.error_rate,
        deviation_scale=a.deviation_scale,
        layouts=a.layouts,
        encodings=a.encodings,
        cold=a.cold,
    )
    for k, v in summary.items():
        print(f"{k}: {v}")
    return 0
