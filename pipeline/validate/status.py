"""A report's status from its parse issues and hard check results.

- ``rejected``: the parser could not read the file as a report (the reason says why);
- ``flagged``: a parse issue (a value not read with certainty) or a failed hard identity;
- ``ok``: everything else. Warnings (blank totals, N1, X1/X2) never flag.

The one-line ``status_reason`` names parse issues before failed checks: an unread cell explains
a failing identity, not the other way round.

What belongs here: the status rule and the batch entry :func:`assess`.
"""

from __future__ import annotations

import polars as pl

from pipeline.model import CheckStatus, IssueSeverity, ParseStatus, ReportStatus, Severity
from pipeline.parse.frames import ParsedFrames
from pipeline.validate.identities import evaluate


def report_status(checks: pl.DataFrame, issues: pl.DataFrame, reports: pl.DataFrame) -> pl.DataFrame:
    """Per file: status (ok | flagged | rejected) and a one-line reason (issues before checks)."""
    failed = (
        checks.lazy()
        .filter((pl.col("status") == CheckStatus.FAIL.value) & (pl.col("severity") == Severity.ERROR.value))
        .group_by("report_id")
        .agg(n_fail=pl.len(), first_fail=pl.col("check_code").sort().first())
    )
    iss = (
        issues.lazy()
        .filter(pl.col("severity") == IssueSeverity.ERROR.value)  # info notes never flag
        .group_by("report_id")
        .agg(n_issues=pl.len(), first_issue=pl.col("message").first())
    )
    return (
        reports.lazy()
        .select("report_id", "source_file", "parse_status", "reject_reason")
        .join(failed, on="report_id", how="left")
        .join(iss, on="report_id", how="left")
        .with_columns(
            status=pl.when(pl.col("parse_status") == ParseStatus.REJECTED.value)
            .then(pl.lit(ReportStatus.REJECTED.value))
            .when(pl.col("n_issues").fill_null(0) + pl.col("n_fail").fill_null(0) > 0)
            .then(pl.lit(ReportStatus.FLAGGED.value))
            .otherwise(pl.lit(ReportStatus.OK.value)),
            status_reason=pl.when(pl.col("parse_status") == ParseStatus.REJECTED.value)
            .then(pl.col("reject_reason"))
            .when(pl.col("n_issues").fill_null(0) > 0)
            .then(
                pl.concat_str(
                    [pl.col("n_issues").cast(pl.String), pl.lit(" parse issue(s), first: "), pl.col("first_issue")]
                )
            )
            .when(pl.col("n_fail").fill_null(0) > 0)
            .then(
                pl.concat_str(
                    [pl.col("n_fail").cast(pl.String), pl.lit(" failed check(s), first: "), pl.col("first_fail")]
                )
            )
            .otherwise(pl.lit(None, pl.String)),
        )
        .select("report_id", "source_file", "status", "status_reason")
        .collect()
    )


def assess(frames: ParsedFrames) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Check results and per-file statuses of a batch of parsed frames."""
    results = evaluate(frames.cells, frames.narrative_facts)
    return results, report_status(results, frames.parse_issues, frames.reports)
