"""``python -m pipeline.run``: one ingestion run without Dagster, configured by REPORTS_* variables."""

from __future__ import annotations

from pipeline.run.settings import Settings
from pipeline.run.steps import run_all


def main() -> None:
    settings = Settings.from_env()
    summary = run_all(settings)
    print(
        f"parsed {len(summary.plan.to_parse)} file(s), {summary.plan.unchanged} unchanged, "
        f"{len(summary.plan.missing)} missing; reports by status: {summary.loaded.status}; "
        f"warehouse: {settings.warehouse}"
    )


if __name__ == "__main__":
    main()
