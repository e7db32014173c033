"""A batch of files parses with Python's cyclic garbage collector paused
(:func:`pipeline.parse.report.collector_paused`, used by the parse step): safe only while the
parser makes no reference cycles, which refcounting cannot free. These tests parse every text
layout and deviation class, and the HTML, PDF and Word inputs (whose libraries may make cycles:
the young generation is collected after each such file), and assert nothing is left for the
collector."""

from __future__ import annotations

import gc

from bench.synthetic import generate
from bench.synthetic.html_page import html_items
from pipeline.parse.inputs import input_format
from pipeline.parse.report import collector_paused, parse_file
from tests.conftest import sample_bytes, shared_path
from tests.unit.test_docx_input import SAMPLE, _as_docx


def _cyclic_garbage(items: list[tuple[str, bytes]]) -> int:
    """Objects only the cyclic collector could free, left by parsing `items` as one paused batch."""
    gc.collect()
    with collector_paused():
        assert not gc.isenabled()
        reports = [r for name, data in items for r in parse_file(data, name)]
        left = gc.collect()  # (before the pause ends: the first collection after it would free them)
    assert gc.isenabled()
    assert reports
    return left


def test_text_reports_leave_no_cyclic_garbage():
    # every layout, deviation class and injected error of the synthetic corpus, and the samples;
    # some tables here have blanks only the identities settle (the reading that closure cycles hid in)
    items = [(it.source_file, it.data) for it in generate(400, 11)]
    items += [(it.source_file, it.data) for it in generate(400, 12, cold=True)]
    items += [(f"{s}.txt", sample_bytes(s)) for s in ("000", "001", "002", "003", "004")]
    # (text only: after a file of another format the young generation is collected, cycles too)
    items = [(name, data) for name, data in items if input_format(data, name) == "text"]
    assert _cyclic_garbage(items) == 0


def test_html_pdf_and_word_inputs_leave_no_cyclic_garbage():
    pages = [(it.source_file, it.data) for it in html_items(generate(20, 3, layouts=("tab",)), 3)]
    pdfs = [(f"{n}.pdf", shared_path("corpus", "originals", f"{n}.pdf").read_bytes()) for n in ("huaian-hongze-2023",)]
    text = sample_bytes(SAMPLE).decode("utf-8-sig")
    items = pages + pdfs + [("000.docx", _as_docx(text, merge_groups=True))]
    for name, data in items[:1] + items[-2:]:
        parse_file(data, name)  # (the readers' first import leaves a few cycles of its own, once)
    assert _cyclic_garbage(items) == 0


def test_the_pause_nests_and_gives_the_collector_back():
    assert gc.isenabled()
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # (the inner pause does not end the outer one)
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # (a caller that paused it keeps it paused)
    finally:
        gc.enable()
