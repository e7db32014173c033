"""The comparison report: a self-contained HTML page rendered from the warehouse (group `comparison`)."""

from pathlib import Path

import dagster as dg

from assets.resources import WarehouseResource
from pipeline.catalogue import VIEWS
from pipeline.report import html


@dg.asset(
    group_name="comparison",
    deps=list(VIEWS),
    kinds={"html"},
    description="Self-contained HTML report (inline SVG charts, opens offline) comparing agencies and years, written "
    "to reports/comparison.html next to the warehouse.",
)
def comparison_report(warehouse: WarehouseResource) -> dg.MaterializeResult:
    out = Path(warehouse.path).parent / "reports" / "comparison.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    with warehouse.snapshot() as con:
        page = html.render(con)
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
