"""The tables' own arithmetic (report-format §6) evaluated per report at the finest grain, as polars frames.

Hard checks (severity ``error``; a failure flags the report):
- ``A1.<column>``  new_received + carried_in = results_total + carried_forward, per column
- ``A2.<column>``  results_total = Σ leaf rows, per column
- ``A3.<row>``     total = Σ applicant columns, per row
- ``B1.review`` ``B2.litigation_direct`` ``B3.litigation_after_review``  upheld+corrected+other+pending = total
- ``D1.<table>.<row>.<column>``  counts are integers ≥ 0, amounts ≥ 0 (only 2019 items_change may be negative)
Findings with severity ``warning`` (reported, never flag the report):
- ``blank_total.<table>.<row>``  a blank 总计 whose parts are non-zero (a publishing habit, report-format §6)
- ``N1.<fact>``    a number stated in the narrative disagrees with the table
Cross-year checks X1/X2 need other reports of the same body and run in SQL after loading.

Missing values: a cell we could not read (``missing``/``text``) makes an identity
``not_assessable``. Printed blanks and placeholders count as 0, and the result says so in ``note``;
an identity that would use a blank total with non-zero parts is ``not_assessable`` (blank_total
speaks for it). Printed values are never changed here.

What belongs here: per-report identities as frame transformations. No I/O. A report's status from
its issues and check results is :mod:`pipeline.validate.status`.
"""

from __future__ import annotations

import polars as pl

from pipeline.vocabulary import AMOUNT_COLUMNS, APPLICANT_CODES, SIGNED_COLUMNS

_EDGE_ROWS = ("new_received", "carried_in", "results_total", "carried_forward")
_TOL = 1e-6


def _prepared(cells: pl.DataFrame) -> pl.LazyFrame:
    """Cells with string codes, `v` = value with printed blanks as 0, and unread/blank flags."""
    return (
        cells.lazy()
        .select(
            "report_id",
            pl.col("table_code").cast(pl.String),
            pl.col("row_code").cast(pl.String),
            pl.col("column_code").cast(pl.String),
            "value",
            pl.col("value_kind").cast(pl.String).alias("kind"),
            "raw",
        )
        .with_columns(
            unread=pl.col("kind").is_in(["missing", "text"]),
            blank=pl.col("kind").is_in(["blank", "placeholder"]),
            v=pl.col("value").fill_null(0.0),
        )
    )


def _blank_totals(p: pl.LazyFrame) -> pl.LazyFrame:
    """Rows whose total is printed blank while a part is non-zero."""
    parts = (
        p.filter((pl.col("table_code") == "applications") & pl.col("column_code").is_in(APPLICANT_CODES))
        .group_by("report_id", "table_code", "row_code")
        .agg(parts=pl.col("v").sum(), any_part=(pl.col("v") != 0).any())
    )
    review_parts = (
        p.filter((pl.col("table_code") == "review_litigation") & (pl.col("column_code") != "total"))
        .group_by("report_id", "table_code", "row_code")
        .agg(parts=pl.col("v").sum(), any_part=(pl.col("v") != 0).any())
    )
    totals = p.filter(pl.col("column_code") == "total").select("report_id", "table_code", "row_code", "blank")
    return (
        pl.concat([parts, review_parts])
        .join(totals, on=["report_id", "table_code", "row_code"])
        .filter(pl.col("blank") & pl.col("any_part"))
        .select("report_id", "table_code", "row_code", "parts")
    )


def _identity(
    inputs: pl.LazyFrame,
    keys: list[str],
    left: pl.Expr,
    right: pl.Expr,
    code: pl.Expr,
    bt: pl.LazyFrame | None,
    cells: pl.Expr,
) -> pl.LazyFrame:
    """Aggregate an identity's input cells per `keys` into one check result each.

    `cells` describes the inputs from the keys (the same for every report), so no per-group
    string aggregation is needed; `bt` (blank totals) is None when the batch has none."""
    if bt is not None:
        inputs = inputs.join(
            bt.select("report_id", "table_code", "row_code", pl.lit(True).alias("in_blank_total")),
            on=["report_id", "table_code", "row_code"],
            how="left",
        ).with_columns(
            in_blank_total=pl.col("in_blank_total").fill_null(False)
            & (pl.col("column_code") == "total")
            & pl.col("blank")
        )
    else:
        inputs = inputs.with_columns(in_blank_total=pl.lit(False))
    agg = inputs.group_by(keys).agg(
        left_value=left,
        right_value=right,
        n_unread=pl.col("unread").sum(),
        n_blank=pl.col("blank").sum(),
        n_blank_total=pl.col("in_blank_total").sum(),
    )
    status = (
        pl.when(pl.col("n_unread") > 0)
        .then(pl.lit("not_assessable"))
        .when(pl.col("n_blank_total") > 0)
        .then(pl.lit("not_assessable"))
        .when((pl.col("left_value") - pl.col("right_value")).abs() <= _TOL)
        .then(pl.lit("pass"))
        .otherwise(pl.lit("fail"))
    )
    note = (
        pl.when(pl.col("n_unread") > 0)
        .then(pl.lit("an input cell could not be read"))
        .when(pl.col("n_blank_total") > 0)
        .then(pl.lit("uses a blank total with non-zero parts (see blank_total)"))
        .when(pl.col("n_blank") > 0)
        .then(pl.lit("blank/placeholder cells counted as 0"))
        .otherwise(pl.lit(None, pl.String))
    )
    return agg.with_columns(check_code=code, status=status, note=note, cells=cells)


_COL = pl.col("column_code")
_ROW = pl.col("row_code")
_APPLICANT_OR_TOTAL = _COL.is_in(APPLICANT_CODES) | (_COL == "total")


def _a1(apps: pl.LazyFrame, bt: pl.LazyFrame | None) -> pl.LazyFrame:
    """A1 per column: new_received + carried_in = results_total + carried_forward."""
    return _identity(
        apps.filter(_ROW.is_in(_EDGE_ROWS) & _APPLICANT_OR_TOTAL),
        ["report_id", "column_code"],
        pl.col("v").filter(_ROW.is_in(["new_received", "carried_in"])).sum(),
        pl.col("v").filter(_ROW.is_in(["results_total", "carried_forward"])).sum(),
        pl.concat_str([pl.lit("A1."), _COL]),
        bt,
        pl.concat_str(
            [
                pl.lit("new_received/"),
                _COL,
                pl.lit(" + carried_in/"),
                _COL,
                pl.lit(" = results_total/"),
                _COL,
                pl.lit(" + carried_forward/"),
                _COL,
            ]
        ),
    ).with_columns(table_code=pl.lit("applications"), row_code=pl.lit(None, pl.String))


def _a2(apps: pl.LazyFrame, bt: pl.LazyFrame | None) -> pl.LazyFrame:
    """A2 per column: results_total = Σ leaf rows."""
    leaf = ~_ROW.is_in(_EDGE_ROWS)
    return _identity(
        apps.filter((leaf | (_ROW == "results_total")) & _APPLICANT_OR_TOTAL),
        ["report_id", "column_code"],
        pl.col("v").filter(_ROW == "results_total").sum(),
        pl.col("v").filter(_ROW != "results_total").sum(),
        pl.concat_str([pl.lit("A2."), _COL]),
        bt,
        pl.concat_str([pl.lit("results_total/"), _COL, pl.lit(" = Σ leaf rows granted … other_*/"), _COL]),
    ).with_columns(table_code=pl.lit("applications"), row_code=pl.lit(None, pl.String))


def _a3(apps: pl.LazyFrame, bt: pl.LazyFrame | None) -> pl.LazyFrame:
    """A3 per row: total = Σ applicant columns."""
    return _identity(
        apps.filter(_APPLICANT_OR_TOTAL),
        ["report_id", "row_code"],
        pl.col("v").filter(_COL == "total").sum(),
        pl.col("v").filter(_COL != "total").sum(),
        pl.concat_str([pl.lit("A3."), _ROW]),
        bt,
        pl.concat_str([_ROW, pl.lit("/total = Σ "), _ROW, pl.lit("/natural_person … other_org")]),
    ).with_columns(table_code=pl.lit("applications"), column_code=pl.lit("total"))


def _b(p: pl.LazyFrame, bt: pl.LazyFrame | None) -> pl.LazyFrame:
    """B1–B3 per group of table 四: upheld + corrected + other + pending = total."""
    group_no = _ROW.replace_strict(
        {"review": "B1.", "litigation_direct": "B2.", "litigation_after_review": "B3."}, default="B?."
    )
    return _identity(
        p.filter(pl.col("table_code") == "review_litigation"),
        ["report_id", "row_code"],
        pl.col("v").filter(_COL != "total").sum(),
        pl.col("v").filter(_COL == "total").sum(),
        pl.concat_str([group_no, _ROW]),
        bt,
        pl.concat_str([_ROW, pl.lit("/upheld + corrected + other + pending = "), _ROW, pl.lit("/total")]),
    ).with_columns(table_code=pl.lit("review_litigation"), column_code=pl.lit("total"))


def _d1(p: pl.LazyFrame) -> pl.LazyFrame:
    """D1 per cell: counts are integers ≥ 0, amounts ≥ 0, only items_change may be negative."""
    signed = _COL.is_in(list(SIGNED_COLUMNS))
    amount = _COL.is_in(list(AMOUNT_COLUMNS))
    negative_raw = pl.col("raw").str.strip_chars().str.starts_with("-") & pl.col("raw").str.contains(r"\d")
    fractional = ~amount & (pl.col("value") != pl.col("value").round(0))
    return p.with_columns(
        check_code=pl.concat_str([pl.lit("D1."), "table_code", pl.lit("."), "row_code", pl.lit("."), "column_code"]),
        status=pl.when(negative_raw & ~signed)
        .then(pl.lit("fail"))
        .when(pl.col("kind") != "number")
        .then(pl.lit("not_assessable"))
        .when(~signed & (pl.col("value") < 0))
        .then(pl.lit("fail"))
        .when(fractional)
        .then(pl.lit("fail"))
        .otherwise(pl.lit("pass")),
        left_value=pl.col("value"),
        right_value=pl.lit(None, pl.Float64),
        cells=pl.concat_str(["row_code", "column_code"], separator="/"),
        note=pl.when(negative_raw & ~signed)
        .then(pl.lit("negative value printed"))
        .when((pl.col("kind") == "number") & fractional)
        .then(pl.lit("count is not an integer"))
        .otherwise(pl.lit(None, pl.String)),
    )


def _blank_total_findings(bt_frame: pl.DataFrame) -> pl.LazyFrame:
    """A blank 总计 over non-zero parts: a publishing habit, reported as a warning."""
    return bt_frame.lazy().with_columns(
        check_code=pl.concat_str([pl.lit("blank_total."), "table_code", pl.lit("."), "row_code"]),
        column_code=pl.lit("total"),
        status=pl.lit("fail"),
        left_value=pl.lit(None, pl.Float64),
        right_value=pl.col("parts"),
        cells=pl.concat_str([pl.col("row_code"), pl.lit("/total")]),
        note=pl.lit("总计 printed blank while its parts are non-zero"),
    )


def evaluate(cells: pl.DataFrame, facts: pl.DataFrame | None = None) -> pl.DataFrame:
    """Every per-report check result for the reports in `cells` (and their narrative facts)."""
    p = _prepared(cells).collect().lazy()  # materialised once: every identity reads it
    bt_frame = _blank_totals(p).collect()
    bt = bt_frame.lazy() if bt_frame.height else None
    apps = p.filter(pl.col("table_code") == "applications")
    errors = [_a1(apps, bt), _a2(apps, bt), _a3(apps, bt), _b(p, bt), _d1(p)]
    frames = [x.with_columns(severity=pl.lit("error")) for x in errors]
    frames.append(_blank_total_findings(bt_frame).with_columns(severity=pl.lit("warning")))
    if facts is not None and facts.height:
        frames.append(_narrative(p, facts.lazy()))
    return pl.concat([f.select(_output_columns()) for f in frames], how="vertical").collect()


def _output_columns() -> list[pl.Expr]:
    diff = pl.col("left_value") - pl.col("right_value")
    return [
        pl.col("report_id"),
        pl.col("check_code"),
        pl.col("table_code").cast(pl.String),
        pl.col("row_code").cast(pl.String),
        pl.col("column_code").cast(pl.String),
        pl.col("status"),
        pl.col("severity"),
        pl.col("left_value").cast(pl.Float64),
        pl.col("right_value").cast(pl.Float64),
        diff.alias("difference"),
        pl.col("cells"),
        pl.col("note"),
    ]


def _narrative(p: pl.LazyFrame, facts: pl.LazyFrame) -> pl.LazyFrame:
    """N1: the narrative's stated numbers against the table (soft: severity warning)."""
    totals = p.filter(pl.col("column_code") == "total").select(
        "report_id", key=pl.concat_str(["table_code", "row_code"], separator="."), value="value", unread="unread"
    )

    def cell(key: str, name: str) -> pl.LazyFrame:
        return totals.filter(pl.col("key") == key).select(
            "report_id", pl.col("value").alias(name), pl.col("unread").alias(name + "_unread")
        )

    t = (
        facts.select("report_id", "fact_code", "value", "evidence")
        .join(cell("applications.new_received", "new"), on="report_id", how="left")
        .join(cell("applications.carried_in", "carried"), on="report_id", how="left")
        .join(cell("review_litigation.review", "review"), on="report_id", how="left")
        .join(cell("review_litigation.litigation_direct", "lit_direct"), on="report_id", how="left")
        .join(cell("review_litigation.litigation_after_review", "lit_after"), on="report_id", how="left")
    )
    fc = pl.col("fact_code")
    table_value = (
        pl.when(fc == "applications_received")
        .then(pl.col("new"))
        .when(fc == "review_cases")
        .then(pl.col("review"))
        .otherwise(pl.col("lit_direct").fill_null(0) + pl.col("lit_after").fill_null(0))
    )
    # 受理 N 件 sometimes counts last year's carried-in applications too (沭阳县 2025: 713 + 36 = 749)
    alt_value = pl.when(fc == "applications_received").then(pl.col("new") + pl.col("carried")).otherwise(None)
    unread = (
        pl.when(fc == "applications_received")
        .then(pl.col("new_unread").fill_null(True))
        .when(fc == "review_cases")
        .then(pl.col("review_unread").fill_null(True))
        .otherwise(pl.col("lit_direct_unread").fill_null(True) | pl.col("lit_after_unread").fill_null(True))
    )
    matches_alt = (alt_value - pl.col("value")).abs() <= _TOL
    return t.with_columns(
        check_code=pl.concat_str([pl.lit("N1."), fc]),
        table_code=pl.when(fc == "applications_received")
        .then(pl.lit("applications"))
        .otherwise(pl.lit("review_litigation")),
        row_code=pl.when(fc == "applications_received")
        .then(pl.lit("new_received"))
        .when(fc == "review_cases")
        .then(pl.lit("review"))
        .otherwise(pl.lit("litigation_direct+litigation_after_review")),
        column_code=pl.lit("total"),
        left_value=pl.col("value"),
        right_value=pl.when(matches_alt.fill_null(False)).then(alt_value).otherwise(table_value),
        status=pl.when(unread)
        .then(pl.lit("not_assessable"))
        .when(((table_value - pl.col("value")).abs() <= _TOL) | matches_alt.fill_null(False))
        .then(pl.lit("pass"))
        .otherwise(pl.lit("fail")),
        severity=pl.lit("warning"),
        cells=pl.lit("narrative"),
        note=pl.concat_str([pl.lit("narrative: "), pl.col("evidence")]),
    )
