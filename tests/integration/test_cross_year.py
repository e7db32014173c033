"""Cross-year identities X1/X2 run in SQL at load, over every body with consecutive years."""

from __future__ import annotations

from tests.conftest import sample_bytes
from tests.helpers import make_raw, materialize, query, settings_for


def test_cross_year_checks_in_the_warehouse(tmp_path):
    raw = make_raw(tmp_path)
    base = sample_bytes("004").decode("utf-8")
    nxt = base.replace("2023 年政府", "2024 年政府").replace(
        "二、上年结转政府信息公开申请数量\t\t0\t0", "二、上年结转政府信息公开申请数量\t\t1\t0"
    )
    nxt = nxt.replace(
        "二、上年结转政府信息公开申请数量\t\t1\t0\t0\t0\t0\t0\t0",
        "二、上年结转政府信息公开申请数量\t\t1\t0\t0\t0\t0\t0\t1",
    )
    (raw / "004-2024.txt").write_text(nxt, "utf-8")
    settings = settings_for(tmp_path, raw)
    materialize(settings)
    rows = dict(
        query(
            settings,
            "SELECT c.check_code, c.status FROM check_results c JOIN reports r USING (report_id) "
            "WHERE r.source_file = '004-2024.txt' AND c.check_code LIKE 'X%'",
        )
    )
    assert rows["X1.natural_person"] == "fail" and rows["X1.total"] == "fail"  # 1 carried in, 0 carried forward
    assert rows["X1.commercial_enterprise"] == "pass"
    assert rows["X2.normative_documents"] == "fail"  # in_force 1 ≠ 1 + 1 − 0
    assert rows["X2.regulations"] == "pass"
    assert query(settings, "SELECT DISTINCT severity FROM check_results WHERE check_code LIKE 'X%'") == [("warning",)]
    assert query(settings, "SELECT count(*) FROM flagged_reports") == [(1,)]  # the 2024 report's own A1 fails
