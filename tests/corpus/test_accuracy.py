"""Parser accuracy on a synthetic corpus with ground truth (bench.synthetic + bench.accuracy)."""

from __future__ import annotations

import pytest

from bench.accuracy import measure
from bench.synthetic import generate

# Deviations that can make a cell's position ambiguous by design (an empty cell at a row's edge in
# a tab/pipe/space row, digits run together): we claim these are flagged, never read wrong.
FLAG_ONLY = {"zero_as_blank", "blank_total", "digits_run_together"}


@pytest.fixture(scope="module")
def corpus():
    return list(generate(600, seed=2024, error_rate=0.05))


def test_no_silent_errors_and_no_cell_read_wrong(corpus):
    acc = measure(corpus)
    assert acc.silent_errors == 0, acc.silent_reports[:5]
    assert acc.cells_wrong == 0, acc.wrong_examples[:5]
    assert not acc.metadata_wrong


def test_full_accuracy_on_claimed_deviation_classes(corpus):
    claimed = [r for r in corpus if not FLAG_ONLY & set(r.truth.deviations)]
    assert len(claimed) > 400
    acc = measure(claimed)
    assert acc.cell_accuracy == 1.0, acc.wrong_examples[:5]
    assert acc.reports_right == acc.reports
    classes = {d for r in claimed for d in r.truth.deviations}
    assert len(classes) >= 25  # layouts, label variants, encodings, cruft, 2019 template …
    assert {r.truth.encoding for r in claimed} == {"utf-8", "utf-8-sig", "gb18030", "utf-16"}
    assert {lay for r in claimed for lay in r.truth.table_layouts.values()} == {"tab", "pipe", "cell_per_line", "space"}


def test_injected_errors_all_flagged_and_clean_reports_never(corpus):
    acc = measure(corpus)
    assert acc.injected > 10
    assert acc.injected_flagged == acc.injected
    assert acc.clean > 400 and acc.clean_flagged == 0, acc.false_flags[:5]
