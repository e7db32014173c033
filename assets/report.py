"""The comparison report: a self-contained HTML page rendered from the warehouse (group `comparison`)."""

from pathlib import Path

import dagster as dg

from assets.ingestion import COMPARISON_VIEWS
from assets.resources import ReportsConfig
from pipeline import report_html
from pipeline.warehouse import snapshot_connection


@dg.asset(
    group_name="comparison",
    deps=list(COMPARISON_VIEWS),
    kinds={"html"},
    description="Self-contained HTML report (inline SVG charts, opens offline) comparing agencies and years.",
)
def comparison_report(reports_config: ReportsConfig) -> dg.MaterializeResult:
    out = Path(reports_config.warehouse).parent / "reports" / "comparison.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    with snapshot_connection(reports_config.warehouse_path) as con:
        page = report_html.render(con)
    tmp = out.with_suffix(".tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(out)
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(out.resolve())),
            "open": dg.MetadataValue.url(out.resolve().as_uri()),
            "size_kb": round(len(page.encode("utf-8")) / 1024, 1),
        }
    )
