"""One parse pass as bench.parse_speed measures it, runnable against another checkout's code.

``python bench/parse_count.py CODE_DIR CORPUS MODE MEASURE WARM_UP`` parses with the ``pipeline``
package of CODE_DIR (a git worktree of an earlier commit): the harness's callgrind count of the
code before a change, on the same corpus by the same loop (``python -m bench.parse_speed
--against COMMIT``). Older code lacks some of today's names (the collector pause, the memo tables
a later version added): what it lacks, it did not do.

What belongs here: the measured loop only, importing ``pipeline`` late (after CODE_DIR is on the path).
"""

from __future__ import annotations

import sys
import time
from contextlib import nullcontext
from pathlib import Path

WARM_UP = 2000  # reports parsed before the clock starts (other files than the measured ones)


def read_corpus(root: Path) -> list[tuple[str, bytes]]:
    return [(p.relative_to(root).as_posix(), p.read_bytes()) for p in sorted(root.rglob("*.txt"))]


def line_tables() -> tuple[dict, ...]:
    """The memo tables keyed by a line, a block of lines or a row's cells (those the code has)."""
    import importlib

    found = []
    tables = {
        "pipeline.parse.layout": ("_LINE_CACHE", "_BLOCK_CACHE", "_UNBORDERED_CACHE"),
        "pipeline.parse.placing": ("_ROW_VALUES",),
        "pipeline.parse.tables": ("_ROW_VALUES",),  # (where older code kept it)
    }
    for module, names in tables.items():
        try:
            mod = importlib.import_module(module)
        except ImportError:
            continue
        found += [getattr(mod, name) for name in names if isinstance(getattr(mod, name, None), dict)]
    return tuple({id(t): t for t in found}.values())


def real_texts(shared: Path) -> list[tuple[str, bytes]]:
    """The real reports of the shared corpus that are text (corpus/text and the samples)."""
    files = sorted((shared / "corpus" / "text").glob("*.txt")) + sorted((shared / "samples").glob("*.txt"))
    return [(f.name, f.read_bytes()) for f in files]


def parse_pass(
    root: Path, mode: str, measure: int | None = None, warm_up: int = WARM_UP, shared: Path | None = None
) -> dict:
    """Reports/s in this process: warm up on the first `warm_up` files, then parse the next
    `measure` (all the rest by default) once each; `mode` new_lines empties the line tables before
    each report (their clearing is outside the clock); `mode` real parses the real texts of
    `shared` instead, `measure` parses in turn, the line tables emptied before each (text the
    parser was not written against). As the parse step runs: a batch with the cyclic collector
    paused, where the code has that."""
    from pipeline.parse import report

    paused = getattr(report, "collector_paused", nullcontext)
    items = read_corpus(root)
    warm, unseen = items[:warm_up], items[warm_up:]
    if mode == "real":
        texts = real_texts(shared)
        unseen = [texts[k % len(texts)] for k in range(measure if measure is not None else len(texts))]
    elif measure is not None:
        unseen = unseen[:measure]
    with paused():
        for name, data in warm:
            report.parse_report(data, name)
    clear = line_tables() if mode in ("new_lines", "real") else ()
    spent = 0.0
    with paused():
        for name, data in unseen:
            for table in clear:
                table.clear()
            t = time.perf_counter()
            report.parse_report(data, name)
            spent += time.perf_counter() - t
    return {"reports": len(unseen), "reports_per_s": round(len(unseen) / spent) if unseen else None}


if __name__ == "__main__":
    code_dir, corpus, mode, measure, warm_up, shared = sys.argv[1:7]
    sys.path.insert(0, code_dir)
    parse_pass(Path(corpus), mode, int(measure), int(warm_up), Path(shared))
