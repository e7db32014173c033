"""The parser's memo tables stay within their bound, and remembering never changes what is read."""

from __future__ import annotations

import pytest

from bench.synthetic import generate
from pipeline import memo
from pipeline.parse.report import parse_report


def _read(items):
    reports = [parse_report(it.data, it.source_file) for it in items]
    return [
        (
            r.cells,
            [(str(i.code), i.message, i.line, i.table_code, i.row_code) for i in r.issues],
            r.sections,
            r.facts,
            r.agency,
            r.year,
            r.template_version,
            r.layouts,
            r.body,
        )
        for r in reports
    ]


@pytest.mark.parametrize("limit", [0, 40])
def test_memo_tables_are_bounded_and_transparent(monkeypatch, limit):
    items = list(generate(150, seed=77))
    memo.clear()
    unbounded = _read(items)
    assert max(memo.sizes()) > 40
    monkeypatch.setattr(memo, "LIMIT", limit)
    memo.clear()
    bounded = _read(items)
    assert max(memo.sizes()) <= limit
    assert bounded == unbounded  # a full (or no) table only costs time, never changes a value
    memo.clear()


def test_a_row_label_once_matched_is_remembered_not_matched_again(monkeypatch):
    from pipeline.parse import labels

    calls = []

    def counted(table, label):
        calls.append((table, label))
        return "granted"

    memo.clear()
    monkeypatch.setattr(labels, "_match_row", counted)
    assert [labels.match_row("applications", "（一）予以公开") for _ in range(3)] == ["granted"] * 3
    assert calls == [("applications", "（一）予以公开")]
    memo.clear()
