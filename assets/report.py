"""The HTML pages rendered from the warehouse (group `comparison`): the comparison page and a page
per body. Thin wiring: the pages are pipeline/report/'s business."""

from pathlib import Path

import dagster as dg

from assets.resources import WarehouseResource
from pipeline.catalogue import VIEWS
from pipeline.report import bodies, html


def _reports_dir(warehouse: WarehouseResource) -> Path:
    return Path(warehouse.path).parent / "reports"


@dg.asset(
    group_name="comparison",
    deps=list(VIEWS),
    kinds={"html"},
    description="Self-contained HTML report (inline SVG charts, opens offline; Chinese first, English in small "
    "type) comparing agencies and years, written to reports/comparison.html next to the warehouse.",
)
def comparison_report(warehouse: WarehouseResource) -> dg.MaterializeResult:
    out = _reports_dir(warehouse) / "comparison.html"
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


@dg.asset(
    group_name="comparison",
    deps=list(VIEWS),
    kinds={"html"},
    description=f"A page per body (its years side by side, checks, timeliness, completeness, narrative reuse) "
    f"under reports/bodies/, with an index of every body; at most {bodies.MAX_BODY_PAGES} pages (the busiest bodies).",
)
def body_pages(warehouse: WarehouseResource) -> dg.MaterializeResult:
    with warehouse.snapshot() as con:
        written = bodies.write_body_pages(con, _reports_dir(warehouse) / "bodies")
    return dg.MaterializeResult(
        metadata={
            "index": dg.MetadataValue.path(str(written.index.resolve())),
            "open": dg.MetadataValue.url(written.index.resolve().as_uri()),
            "pages": written.pages,
            "bodies": written.bodies,
            "stale_pages_removed": written.removed,
        }
    )
