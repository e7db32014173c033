"""Accuracy harness: parse a synthetic corpus and compare every cell with its ground truth.

Reports, per corpus and per deviation class:
- cell accuracy — cells read exactly as printed (value and kind), plus cells that are unreadable
  by design and were stored as ``missing`` (flagged, as they must be);
- reports fully right — every cell right and agency/year/template right;
- **silent errors** — a wrong or missing value in a report that is *not* flagged. The one number
  that must be zero.
- check recall / false flags — every injected arithmetic error caught, no clean report flagged.

Run: ``python -m bench.accuracy --n 3000 --seed 11`` (``make accuracy``); ``--list-flagged PATH`` writes
why each report without an error in its truth was flagged; ``--format html`` measures every report as
its web page (tab-layout reports only, :mod:`bench.synthetic.html_page`), ``--format pdf`` as its PDF
(:mod:`bench.synthetic.pdf_page`; the scans among them are counted apart: each must be rejected as a
scan, and has no cells to read).

What belongs here: comparison with truth and its summary. Generation lives in
:mod:`bench.synthetic`.
"""

from __future__ import annotations

import argparse
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from pipeline.parse.frames import parse_reports
from pipeline.validate.status import assess

SCANNED = "scanned PDF: no text layer (needs OCR)"


@dataclass
class Accuracy:
    reports: int = 0
    cells: int = 0
    cells_right: int = 0
    cells_unread: int = 0  # stored as missing in a flagged report: honest, but not read
    cells_wrong: int = 0  # read, and read wrong — must be zero
    reports_right: int = 0
    silent_errors: int = 0  # wrong/missing cells in reports whose status is ok
    silent_reports: list[str] = field(default_factory=list)
    flagged: int = 0
    injected: int = 0
    injected_caught: int = 0  # the broken identity itself fails
    injected_flagged: int = 0  # the report is flagged (identity failing, or its inputs unread)
    clean: int = 0
    clean_flagged: int = 0
    false_flags: list[str] = field(default_factory=list)
    metadata_wrong: Counter = field(default_factory=Counter)
    by_class: dict[str, list[int]] = field(
        default_factory=lambda: defaultdict(lambda: [0, 0, 0])
    )  # cells, right, reports
    wrong_examples: list[str] = field(default_factory=list)
    # flagged reports whose truth has no identity failure and no cell unreadable by design: why
    # each is flagged (first error issue: code, layout, table) → source files with the message
    flagged_clean: dict[tuple, list[str]] = field(default_factory=lambda: defaultdict(list))
    # the agency dimension, per report: region right / wrong (must be zero) / unresolved, level wrong
    region_right: int = 0
    region_wrong: int = 0
    region_unresolved: int = 0
    level_wrong: int = 0
    region_wrong_examples: list[str] = field(default_factory=list)
    # scanned PDFs (--format pdf): rejected with the scan reason, of all scans; their cells are not counted
    scans: int = 0
    scans_rejected: int = 0
    # key stability: per true body, the keys its reports got (None: unresolved)
    body_keys: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))

    def key_stability(self) -> dict[str, int]:
        """Bodies with ≥ 2 reports: one key in all of them, several keys, some reports unresolved."""
        multi = [c for c in self.body_keys.values() if sum(c.values()) >= 2]
        keys = [{k for k in c if k is not None} for c in multi]
        return {
            "bodies": len(multi),
            "one_key": sum(len(k) == 1 and None not in c for k, c in zip(keys, multi)),
            "several_keys": sum(len(k) > 1 for k in keys),
            "partly_unresolved": sum(len(k) == 1 and None in c for k, c in zip(keys, multi)),
            "never_resolved": sum(not k for k in keys),
        }

    @property
    def cell_accuracy(self) -> float:
        return self.cells_right / self.cells if self.cells else 1.0

    def class_accuracy(self, name: str) -> float:
        cells, right, _ = self.by_class[name]
        return right / cells if cells else 1.0


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)


def measure(corpus: Iterable, batch_size: int = 500) -> Accuracy:
    acc = Accuracy()
    batch: list = []
    for item in corpus:
        batch.append(item)
        if len(batch) >= batch_size:
            _measure_batch(batch, acc)
            batch = []
    if batch:
        _measure_batch(batch, acc)
    return acc


def _measure_batch(batch: list, acc: Accuracy) -> None:
    parsed, frames = parse_reports((item.source_file, item.data) for item in batch)
    results, statuses = assess(frames)
    status = dict(zip(*statuses.select("source_file", "status")))
    reason = dict(zip(*statuses.select("source_file", "status_reason")))
    failing = results.filter((results["status"] == "fail") & (results["severity"] == "error"))
    failed_by_report: dict[str, set[str]] = defaultdict(set)
    for rid, code in zip(failing["report_id"], failing["check_code"]):
        failed_by_report[rid].add(code)

    for item, report in zip(batch, parsed):
        truth = item.truth
        st = status.get(item.source_file, "rejected")
        if "pdf_scan" in truth.deviations:
            acc.scans += 1
            acc.scans_rejected += st == "rejected" and SCANNED in (reason.get(item.source_file) or "")
            continue
        acc.reports += 1
        acc.flagged += st != "ok"
        got = {(t, r, c): (v, k) for t, r, c, v, k, _raw, _line in report.cells}
        right_all = True
        wrong_here = 0
        n_cells = 0
        n_right = 0
        for cell in item.cells:
            key = (cell.table_code, cell.row_code, cell.column_code)
            value, kind = got.get(key, (None, "absent"))
            if cell.expected_flag:
                ok = kind == "missing" and st != "ok"
            else:
                ok = kind == cell.value_kind and _same(value, cell.value)
            n_cells += 1
            n_right += ok
            if not ok and kind in ("missing", "absent") and st != "ok":
                acc.cells_unread += 1
            elif not ok:
                acc.cells_wrong += 1
            if not ok:
                right_all = False
                wrong_here += 1
                if len(acc.wrong_examples) < 20:
                    acc.wrong_examples.append(
                        f"{item.source_file} {key}: got {value!r}/{kind}, "
                        f"truth {cell.value!r}/{cell.value_kind} raw={cell.raw!r}"
                    )
        acc.cells += n_cells
        acc.cells_right += n_right
        for name in truth.deviations or ("none",):
            entry = acc.by_class[name]
            entry[0] += n_cells
            entry[1] += n_right
            entry[2] += 1
        _measure_agency(acc, item, report)
        meta_ok = True
        for attr in ("agency", "year", "template_version"):
            if getattr(report, attr) != getattr(truth, attr):
                acc.metadata_wrong[attr] += 1
                meta_ok = False
        acc.reports_right += right_all and meta_ok
        if st == "ok" and (wrong_here or not meta_ok):
            acc.silent_errors += wrong_here + (not meta_ok)
            acc.silent_reports.append(item.source_file)

        if truth.errors:
            acc.injected += 1
            caught = st != "ok" and any(
                any(code == b or code.startswith(b + ".") for code in failed_by_report[report.report_id])
                for e in truth.errors
                for b in e.broken
            )
            acc.injected_caught += caught
            acc.injected_flagged += st != "ok"
        elif not any(c.expected_flag for c in item.cells):
            acc.clean += 1
            if st != "ok" and not report.issues:
                acc.clean_flagged += 1
                acc.false_flags.append(item.source_file)
            errors = [i for i in report.issues if i.severity == "error"]
            if st != "ok" and errors:
                first = errors[0]
                layout = truth.table_layouts.get(first.table_code, "-") if first.table_code else "-"
                acc.flagged_clean[(str(first.code), layout, first.table_code or "-")].append(
                    f"{item.source_file} line {first.line}: {first.message}"
                )


def same_region(code: str, truth) -> bool:
    """The resolved code is the body's region: its own code — or, for a development zone (whose
    truth is a statistical function-zone code, xxxx7x, not a 行政区划代码), a division of the
    zone's host city."""
    if truth.level == "zone" and truth.division_code[4] == "7":
        return code[:4] == truth.division_code[:4]
    return code == truth.division_code


def _measure_agency(acc: Accuracy, item, report) -> None:
    body, truth = report.body, item.truth
    if body is None:
        return
    acc.body_keys[truth.body_key][body.agency_key] += 1
    if body.level != truth.level:
        acc.level_wrong += 1
    if body.division_code is None:
        acc.region_unresolved += 1
    elif same_region(body.division_code, truth):
        acc.region_right += 1
    else:
        acc.region_wrong += 1
        if len(acc.region_wrong_examples) < 10:
            acc.region_wrong_examples.append(
                f"{item.source_file}: {report.agency} → {body.division_code} {body.region_note}, "
                f"truth {truth.division_code}"
            )


def render(acc: Accuracy) -> str:
    lines = [
        f"reports                 {acc.reports}",
        f"cells                   {acc.cells}",
        f"cell accuracy           {acc.cell_accuracy:.4%}",
        f"cells unread (flagged)  {acc.cells_unread}",
        f"CELLS READ WRONG        {acc.cells_wrong}",
        f"reports fully right     {acc.reports_right} ({acc.reports_right / max(acc.reports, 1):.2%})",
        f"SILENT ERRORS           {acc.silent_errors} (in {len(acc.silent_reports)} reports)",
        f"flagged reports         {acc.flagged}",
        f"injected errors caught  {acc.injected_caught}/{acc.injected} by the failing identity; "
        f"{acc.injected_flagged}/{acc.injected} reports flagged",
        f"clean reports flagged   {acc.clean_flagged}/{acc.clean} (by checks alone)",
        f"metadata wrong          {dict(acc.metadata_wrong)}",
        f"agency region           right {acc.region_right}, WRONG {acc.region_wrong}, unresolved "
        f"{acc.region_unresolved} ({acc.region_unresolved / max(acc.reports, 1):.1%}); level wrong {acc.level_wrong}",
        "key stability (parse)   " + ", ".join(f"{k} {v}" for k, v in acc.key_stability().items()),
    ]
    if acc.scans:
        lines.append(
            f"scanned PDFs rejected  {acc.scans_rejected}/{acc.scans} with the scan reason (not in the counts above)"
        )
    lines += [
        "",
        f"{'deviation class':28s} {'reports':>8s} {'cells':>8s} {'accuracy':>9s}",
    ]
    for name in sorted(acc.by_class):
        cells, right, reports = acc.by_class[name]
        lines.append(f"{name:28s} {reports:8d} {cells:8d} {right / cells if cells else 1:9.4%}")
    if acc.flagged_clean:
        total = sum(len(v) for v in acc.flagged_clean.values())
        lines += ["", f"flagged without an identity failure or a cell unreadable by design in the truth: {total}",
                  f"  {'first error issue':18s} {'layout':14s} {'table':18s} reports"]  # fmt: skip
        for (code, layout, table), files in sorted(acc.flagged_clean.items(), key=lambda kv: -len(kv[1])):
            lines.append(f"  {code:18s} {layout:14s} {table:18s} {len(files):7d}   e.g. {files[0]}")
    if acc.region_wrong_examples:
        lines += ["", "regions resolved wrong:"] + acc.region_wrong_examples
    if acc.wrong_examples:
        lines += ["", "first differences:"] + acc.wrong_examples[:10]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    from bench.synthetic import generate

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--error-rate", type=float, default=0.05)
    ap.add_argument(
        "--list-flagged", metavar="PATH", help="write every report flagged without an error in its truth, and why"
    )
    ap.add_argument(
        "--format",
        choices=("text", "html", "pdf"),
        default="text",
        help="html / pdf: each report as its web page / its PDF (tab layout)",
    )
    args = ap.parse_args(argv)
    tab = args.format in ("html", "pdf")
    corpus = generate(args.n, args.seed, error_rate=args.error_rate, layouts=["tab"] if tab else None)
    if args.format == "html":
        from bench.synthetic.html_page import html_items

        corpus = html_items(corpus, args.seed)
    elif args.format == "pdf":
        from bench.synthetic.pdf_page import pdf_items

        corpus = pdf_items(corpus, args.seed)
    acc = measure(corpus)
    print(render(acc))
    if args.list_flagged:
        with open(args.list_flagged, "w", encoding="utf-8") as out:
            for key, files in sorted(acc.flagged_clean.items()):
                out.writelines(f"{' '.join(key)}\t{f}\n" for f in files)


if __name__ == "__main__":
    main()
