"""Narrative reuse at scale (``make bench``): :func:`pipeline.compare.reuse.narrative_reuse` over
100k reports, each measured in a fresh process so its peak RSS is its own.

Two inputs, because the synthetic generator's narrative is a phrase bank (after digits are masked
nearly every sentence is template text that the boilerplate rule drops, which flatters the speed):
1. ``unique``: sections of random sentences (3,000 common characters, 10–40 per sentence; 20 / 8 /
   3 sentences in 一 / 五 / 六), every sentence new unless copied: 30 % of a body's sections repeat
   its previous year with one sentence replaced, 2 % of overviews copy another body's of the same
   year with two replaced (planted: their recall is reported);
2. ``warehouse``: the narrative sections of the 100k-report bench warehouse (the cold corpus).

Run alone: ``python -m bench.reuse unique 100000`` or ``python -m bench.reuse warehouse <path>``.
"""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import numpy as np
import polars as pl
import psutil

from pipeline.compare.reuse import narrative_reuse, sentence_hashes
from pipeline.warehouse.reuse import hash_pending_sections, reuse_inputs, reuse_rules
from pipeline.warehouse.sql import fetch, run_script

TARGETS = {"reuse_wall_s": "<= 60", "reuse_peak_rss_mb": "<= 2048"}
SECTIONS = (("overview", 20), ("problems_improvements", 8), ("other_matters", 3))


def unique_text_sections(n_reports: int, seed: int = 0) -> tuple[pl.DataFrame, set[tuple[str, str]]]:
    """The ``unique`` input and its planted cross-body copies (report, the report copied)."""
    rng = np.random.default_rng(seed)

    def sentences(k: int) -> list[str]:
        lens = rng.integers(10, 40, size=k)
        text = rng.integers(0x4E00, 0x4E00 + 3000, size=int(lens.sum())).astype(np.uint32).tobytes().decode("utf-32-le")
        cuts = np.r_[0, np.cumsum(lens)]
        return [text[a:b] for a, b in itertools.pairwise(cuts)]

    rows: list[tuple] = []
    planted: set[tuple[str, str]] = set()
    last_overview: dict[int, tuple[str, list[str]]] = {}  # year → a recent overview of another body
    for body in range(n_reports // 4):
        previous: dict[str, list[str]] = {}
        for year in (2020, 2021, 2022, 2023):
            rid = f"{body}-{year}"
            for code, k in SECTIONS:
                r = rng.random()
                donor = last_overview.get(year)
                if code == "overview" and donor and r > 0.98:
                    text = donor[1][:-2] + sentences(2)
                    planted.add((rid, donor[0]))
                elif code in previous and r < 0.3:
                    text = previous[code][1:] + sentences(1)
                else:
                    text = sentences(k)
                previous[code] = text
                if code == "overview":
                    last_overview[year] = (rid, text)
                rows.append((rid, f"b{body}", year, code, "。".join(text) + "。"))
    frame = pl.DataFrame(rows, schema=["report_id", "body_key", "year", "section_code", "body"], orient="row")
    return frame, planted


def _measure(inputs: Callable[[], tuple[pl.DataFrame, pl.DataFrame]]) -> dict:
    """Wall time and peak RSS (sampled every 20 ms) of reading the inputs (``inputs()``: the
    sections and their sentence hashes) and one narrative reuse over them."""
    proc = psutil.Process()
    before = proc.memory_info().rss
    peak, done = [before], threading.Event()

    def watch() -> None:
        while not done.wait(0.02):
            peak[0] = max(peak[0], proc.memory_info().rss)

    watcher = threading.Thread(target=watch)
    watcher.start()
    t = time.perf_counter()
    out = narrative_reuse(*inputs())
    wall = time.perf_counter() - t
    done.set()
    watcher.join()
    counts = out.group_by("relation", "reused").len().sort("relation", "reused").rows()
    return {
        "wall_s": round(wall, 2),
        "peak_rss_mb": round(max(peak[0], proc.memory_info().rss) / 2**20),
        "rss_before_mb": round(before / 2**20),
        "rows": {f"{rel}{' reused' if reused else ''}": n for rel, reused, n in counts},
        "_out": out,
    }


def main(argv: list[str]) -> None:
    kind, arg = argv[0], argv[1]
    if kind == "unique":
        frame, planted = unique_text_sections(int(arg))
        result = {"sections": frame.height, "text_mb": round(frame["body"].str.len_bytes().sum() / 2**20)}
        result |= _measure(lambda: sentence_hashes(frame))
        found = result["_out"].filter(pl.col("relation") == "other_body").select("report_id", "other_report_id").rows()
        result["planted_copies"] = len(planted)
        result["planted_found"] = len(planted & set(map(tuple, found)))
    else:  # as a run from scratch reads it: every year's text hashed, on a copy of the warehouse
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "warehouse.duckdb"
            shutil.copyfile(arg, copy)
            con = duckdb.connect(str(copy))
            con.execute("DELETE FROM narrative_sentences")  # nothing hashed yet
            run_script(con, "load/session.sql")  # the memory limit a run's connection has
            years = [y for (y,) in fetch(con, "monitoring/report_years.sql")]
            result = {"sections": fetch(con, "monitoring/narrative_section_count.sql")[0][0]}
            run_script(con, "load/reuse_session.sql")  # as refresh_narrative_reuse does

            def from_scratch() -> tuple[pl.DataFrame, pl.DataFrame]:
                hash_pending_sections(con, years, reuse_rules(""))
                return reuse_inputs(con, years)

            result |= _measure(from_scratch)
            con.close()
    del result["_out"]
    print(json.dumps(result))


def measure_in_subprocess(kind: str, arg: str) -> dict:
    """One measurement in a fresh interpreter (its RSS is its own)."""
    out = subprocess.run(
        [sys.executable, "-m", "bench.reuse", kind, arg], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


if __name__ == "__main__":
    main(sys.argv[1:])
