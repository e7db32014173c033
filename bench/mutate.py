"""`make mutate`: do the tests fail when the product is wrong?

Three parts, each within a time budget that fits this machine (2 cores, about 30 minutes in all):

1. **Known bugs** — the deliberate bugs of the "tests that bite" issue (and the real ones found
   with them), each applied to a copy of the project; every one must make the tests fail.
2. **Python** — mutmut generates every mutant of ``pipeline/`` and maps each function to the
   tests that reach it; a seeded sample, stratified by module (every module gets at least a few),
   runs here, each mutant against those tests (fastest first, ``-x``; the suite minus
   ``@pytest.mark.slow``). A timeout (60 s + 4× the tests' recorded time) is reported apart.
3. **SQL** — our own runner over ``sql/views/comparison.sql``, ``sql/load/apply_run.sql`` and
   ``sql/load/cross_year_checks.sql``: swapped operators, flipped comparisons, changed aggregates,
   dropped filters, negations and literals; a seeded sample, each run against the SQL tests.

A copy of the project is a temporary directory holding pipeline/, assets/, tests/, bench/,
data/raw/ and pyproject.toml, with sql/ placed as ``pipeline/sql`` so the copy imports its own
(mutated) SQL, and data/reference/ as ``pipeline/reference/tables``. Results go to
``bench/mutation-results.json``; docs/testing.md records a run and the reason each survivor
survives.

Settings (environment): MUTATE_PY_SAMPLE (default 60: mutants in proportion, at least 3 per
module), MUTATE_SQL_SAMPLE (default 120), MUTATE_PY_MINUTES (budget of part 2, default 16),
MUTATE_SQL_MINUTES (default 8), MUTATE_SEED.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "mutation-results.json"
SHARED = os.environ.get("REPORTS_SHARED_DIR") or str(ROOT.parent / "shared")
PYTEST = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider"]
SQL_TESTS = [
    "tests/unit/test_comparison_rules.py",
    "tests/unit/test_cross_year_rules.py",
    "tests/unit/test_peer_rank.py",
    "tests/integration/test_cross_year.py",
    "tests/integration/test_comparison.py",
    "tests/integration/test_warehouse_e2e.py",
    "tests/integration/test_incremental_derived.py",
    "tests/unit/test_catalogue.py",
]


@dataclass(frozen=True)
class Mutant:
    name: str
    path: str  # relative to the project
    old: str
    new: str
    tests: tuple[str, ...] = ("tests/",)
    nth: int = 0  # which occurrence of `old`


# ------------------------------------------------------------------ copies of the project
def make_copy() -> Path:
    dest = Path(tempfile.mkdtemp(prefix="mutate-"))
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("pipeline", "assets", "tests", "bench"):
        shutil.copytree(ROOT / name, dest / name, ignore=ignore)
    shutil.copytree(ROOT / "sql", dest / "pipeline" / "sql", ignore=ignore)
    shutil.copytree(ROOT / "data" / "raw", dest / "data" / "raw")
    shutil.copytree(ROOT / "data" / "reference", dest / "pipeline" / "reference" / "tables", ignore=ignore)
    shutil.copy(ROOT / "pyproject.toml", dest / "pyproject.toml")
    return dest


def _source(copy: Path, path: str) -> Path:
    return copy / "pipeline" / path if path.startswith("sql/") else copy / path


def _code(path: str, text: str) -> str:
    """The text where mutants may apply: SQL comments blanked (same length, so offsets hold)."""
    return re.sub(r"--[^\n]*", lambda m: " " * len(m.group()), text) if path.endswith(".sql") else text


def run_mutant(copy: Path, mutant: Mutant, timeout_s: float = 600) -> str:
    """Apply one mutant to a copy, run its tests, restore; killed / survived / timeout."""
    target = _source(copy, mutant.path)
    original = target.read_text(encoding="utf-8")
    starts = [m.start() for m in re.finditer(re.escape(mutant.old), _code(mutant.path, original))]
    if len(starts) <= mutant.nth:
        return "not applicable"
    at = starts[mutant.nth]
    target.write_text(original[:at] + mutant.new + original[at + len(mutant.old) :], encoding="utf-8")
    env = dict(os.environ, REPORTS_SHARED_DIR=SHARED, PROPERTY_BATCHES="4", PYTHONDONTWRITEBYTECODE="1")
    try:
        proc = subprocess.run([*PYTEST, *mutant.tests], cwd=copy, env=env, capture_output=True, timeout=timeout_s)
        return {0: "survived", 5: "no tests"}.get(proc.returncode, "killed")
    except subprocess.TimeoutExpired:
        return "timeout"
    finally:
        target.write_text(original, encoding="utf-8")


# ------------------------------------------------------------------ 1. the known bugs
KNOWN = [
    Mutant("granted_share over applications_received", "sql/views/comparison.sql",
           "THEN share(granted, results_total) END", "THEN share(granted, applications_received) END", SQL_TESTS),
    Mutant("litigation_total without the after-review cases", "sql/views/comparison.sql",
           "sum(total) FILTER (WHERE row_code <> 'review')",
           "sum(total) FILTER (WHERE row_code = 'litigation_direct')", SQL_TESTS),
    Mutant("known() removed: NaN leaks where NULL belongs", "sql/views/comparison.sql",
           "CASE WHEN isnan(x) THEN NULL ELSE x END", "x", SQL_TESTS),
    Mutant("a blank 总计 counted as 0", "sql/views/comparison.sql",
           "CASE WHEN blank_total THEN parts ELSE printed_total END", "printed_total", SQL_TESTS),
    Mutant("peer ranks of provinces partitioned by province", "sql/views/comparison.sql",
           "CASE agency_level WHEN 'province' THEN '全国'", "CASE agency_level WHEN 'province' THEN province",
           SQL_TESTS),
    Mutant("orphan values given to a pending label however many or far", "pipeline/parse/placing.py",
           "if len(candidates) == 1 and first_line - pending[-1][1] <= PENDING_DISTANCE:", "if candidates:",
           ("tests/unit/test_parse_deviations.py",)),
    Mutant("N1 without the 新收 + 上年结转 alternative", "pipeline/validate/identities.py",
           'matches_alt = (alt_value - pl.col("value")).abs() <= _TOL', "matches_alt = pl.lit(False)",
           ("tests/unit/test_checks.py",)),
    Mutant("status reason names failed checks before parse issues", "pipeline/validate/status.py",
           '.when(pl.col("n_issues").fill_null(0) > 0)', '.when(pl.col("n_fail").fill_null(0) > 1e9)',
           ("tests/unit/test_checks.py",)),
    Mutant("an unresolved …区政府 given level city", "pipeline/reference/agencies.py",
           '"区": "county"', '"区": "city"', ("tests/unit/test_agencies.py",)),
    Mutant("the agency's text window cut by 75 %", "pipeline/reference/agencies.py",
           "fold(text[:1200])", "fold(text[:300])", ("tests/unit/test_agencies.py",)),
    Mutant("no fsync before publishing", "pipeline/warehouse/store.py",
           "    _fsync(candidate)\n", "", ("tests/unit/test_publish.py",)),
    Mutant("BOM-less UTF-16 byte orders swapped", "pipeline/parse/decoding.py",
           'return "utf-16-le"', 'return "utf-16-be"', ("tests/unit/test_parse_deviations.py",)),
    Mutant("memo tables unbounded", "pipeline/memo.py", "if len(table) < LIMIT:", "if True:",
           ("tests/unit/test_memo.py",)),
    Mutant("no writer lock", "pipeline/warehouse/lock.py", "fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)",
           "pass", ("tests/integration/test_concurrency.py::test_a_run_that_cannot_get_the_lock_says_who_holds_it",)),
]  # fmt: skip


def run_mutants(mutants: list[Mutant], workers: int = 2, minutes: float = 60) -> dict[str, str]:
    """Verdicts of the mutants, `workers` copies of the project each taking every n-th mutant,
    until the time budget runs out (the rest stay "not checked")."""
    copies = [make_copy() for _ in range(workers)]
    deadline = time.time() + minutes * 60
    verdicts: dict[str, str] = {}

    def work(k: int) -> None:
        for m in mutants[k::workers]:
            if time.time() > deadline:
                break
            verdicts[m.name] = run_mutant(copies[k], m, timeout_s=300)

    try:
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(work, range(workers)))
    finally:
        for c in copies:
            shutil.rmtree(c, ignore_errors=True)
    return verdicts


def known_bugs() -> list[dict]:
    verdicts = run_mutants(KNOWN)
    return [{"name": m.name, "file": m.path, "verdict": verdicts.get(m.name, "not checked")} for m in KNOWN]


# ------------------------------------------------------------------ 2. Python: mutmut, sampled
def _mutmut(*args: str, timeout_s: float | None = None) -> int:
    env = dict(os.environ, REPORTS_SHARED_DIR=SHARED, PROPERTY_BATCHES="4")
    mutmut = str(Path(sys.executable).parent / "mutmut")
    try:
        return subprocess.run([mutmut, *args], cwd=ROOT, env=env, capture_output=True, timeout=timeout_s).returncode
    except subprocess.TimeoutExpired:
        return -1


def _meta() -> dict[str, int | None]:
    codes: dict[str, int | None] = {}
    for meta in (ROOT / "mutants" / "pipeline").rglob("*.py.meta"):
        codes.update(json.loads(meta.read_text())["exit_code_by_key"])
    return codes


def sample_python(names: list[str], size: int, seed: int, least: int = 3) -> list[str]:
    """A stratified sample: every module in proportion to its mutants, at least `least` each —
    in a shuffled order, so that a budget running out cuts every module alike."""
    by_module = defaultdict(list)
    for n in sorted(names):
        by_module[n.rsplit(".x", 1)[0].split(".x_")[0].split(".xǁ")[0]].append(n)
    rng = random.Random(seed)
    picked = []
    for _module, group in sorted(by_module.items()):
        k = min(len(group), max(least, round(size * len(group) / len(names))))
        picked += rng.sample(group, k)
    rng.shuffle(picked)
    return picked


def python_mutants(size: int, seed: int, minutes: float, workers: int = 2) -> dict:
    """mutmut generates every mutant of pipeline/ (and records which tests reach each function);
    a stratified sample is run here, each mutant against the tests that reach its function,
    fastest first, stopping at the first failure (mutmut's own runner spent most of the budget
    on whole-suite runs and timeouts)."""
    shutil.rmtree(ROOT / "mutants", ignore_errors=True)
    t = time.time()
    _mutmut("run", "no-such-mutant")  # generates every mutant and maps tests to functions (stats)
    names = list(_meta())
    stats = json.loads((ROOT / "mutants" / "mutmut-stats.json").read_text(encoding="utf-8"))
    sample = sample_python(names, size, seed)
    deadline = t + minutes * 60
    verdicts: dict[str, str] = {}

    def work(k: int) -> None:
        for name in sample[k::workers]:
            if time.time() > deadline:
                break
            verdicts[name] = _run_python_mutant(name, stats)

    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(work, range(workers)))
    per_module: dict[str, Counter] = defaultdict(Counter)
    for n in sample:
        per_module[n.split(".x")[0]][verdicts.get(n, "not checked")] += 1
    return {
        "mutants_total": len(names),
        "sampled": len(sample),
        "seconds": round(time.time() - t),
        "per_module": {m: dict(c) for m, c in sorted(per_module.items())},
        "survivors": sorted(n for n, v in verdicts.items() if v == "survived"),
        "no_tests": sorted(n for n, v in verdicts.items() if v == "no tests"),
    }


# Each module's own tests, run beside the tests mutmut saw reach the function: a function that
# runs at import (the catalogue's column helpers, the memo tables' registration) is reached by no
# test in mutmut's records.
OWN_TESTS = {
    "pipeline.catalogue": ("tests/unit/test_catalogue.py",),
    "pipeline.memo": ("tests/unit/test_memo.py",),
    "pipeline.normalize": ("tests/unit/test_text_fold.py",),
    "pipeline.parse.decoding": ("tests/unit/test_parse_deviations.py",),
    "pipeline.parse.docx": ("tests/unit/test_docx_input.py",),
    "pipeline.parse.html": ("tests/unit/test_html_input.py",),
    "pipeline.parse.pdf": ("tests/unit/test_pdf_input.py",),
    "pipeline.parse.inputs": ("tests/unit/test_inputs.py",),
    "pipeline.parse.split": ("tests/unit/test_inputs.py",),
    "pipeline.parse": ("tests/unit/test_parse_samples.py", "tests/unit/test_grid_reading.py"),
    "pipeline.reference": ("tests/unit/test_agencies.py", "tests/unit/test_agency_names.py"),
    "pipeline.validate": ("tests/unit/test_checks.py",),
    "pipeline.report": ("tests/integration/test_comparison_page.py",),
    "pipeline.warehouse": ("tests/unit/test_publish.py",),
}


def _own_tests(function: str) -> tuple[str, ...]:
    module = function.split(".x", 1)[0]
    for prefix in sorted(OWN_TESTS, key=len, reverse=True):
        if module == prefix or module.startswith(prefix + "."):
            return OWN_TESTS[prefix]
    return ()


def _run_python_mutant(name: str, stats: dict) -> str:
    """killed / survived / timeout / no tests: the mutant (activated through mutmut's trampoline
    by MUTANT_UNDER_TEST) against the tests that reach its function and its module's own tests."""
    function = name.rsplit("__mutmut_", 1)[0]
    durations = stats["duration_by_test"]
    reached = set(stats["tests_by_mangled_function_name"].get(function, ())) | set(_own_tests(function))
    tests = sorted(reached, key=lambda t: durations.get(t, 1.0))
    if not tests:
        return "no tests"
    budget = 60 + 4 * sum(durations.get(t, 1.0) for t in tests)
    env = dict(os.environ, REPORTS_SHARED_DIR=SHARED, PROPERTY_BATCHES="4", MUTANT_UNDER_TEST=name,
               PYTHONDONTWRITEBYTECODE="1")  # fmt: skip
    try:
        proc = subprocess.run([*PYTEST, *tests], cwd=ROOT / "mutants", env=env, capture_output=True, timeout=budget)
    except subprocess.TimeoutExpired:
        return "timeout"
    return {0: "survived", 5: "no tests"}.get(proc.returncode, "killed")


# ------------------------------------------------------------------ 3. SQL: own runner
SQL_FILES = ("sql/views/comparison.sql", "sql/load/apply_run.sql", "sql/load/cross_year_checks.sql")
# (kind, pattern, replacement): each match of the pattern in a statement is one mutant
SQL_OPERATORS = [
    ("arithmetic", r"(?<=\s)\+(?=\s)", "-"),
    ("arithmetic", r"(?<=\s)-(?=\s)", "+"),
    ("arithmetic", r"(?<=\s)/(?=\s)", "*"),
    ("comparison", r"(?<=\s)>(?=\s)", ">="),
    ("comparison", r"(?<=\s)>=(?=\s)", ">"),
    ("comparison", r"(?<=\s)<=(?=\s)", "<"),
    ("comparison", r"(?<=\s)<>(?=\s)", "="),
    ("comparison", r"(?<=\s)=(?=\s)", "<>"),
    ("aggregate", r"\bsum\(", "max("),
    ("aggregate", r"\bcount\(\*\)", "count(DISTINCT report_id)"),
    ("aggregate", r"\bmin\(", "max("),
    ("aggregate", r"\bbool_or\(", "bool_and("),
    ("logic", r"\bAND\b", "OR"),
    ("logic", r"\bOR\b", "AND"),
    ("logic", r"\bNOT\s", ""),
    ("logic", r"\bIS NOT NULL\b", "IS NULL"),
    ("filter", r"FILTER \(WHERE [^()]*(?:\([^()]*\)[^()]*)*\)", ""),
    ("literal", r"'ok'", "'flagged'"),
    ("literal", r"'missing'", "'blank'"),
    ("literal", r"\b1e-6\b", "1"),
    ("coalesce", r"coalesce\(([^,()]+), (?:false|0|0\.0)\)", r"\1"),
]


def sql_mutants() -> list[Mutant]:
    out = []
    for path in SQL_FILES:
        code = _code(path, (ROOT / path).read_text(encoding="utf-8"))  # comments are not mutated
        for kind, pattern, replacement in SQL_OPERATORS:
            for m in re.finditer(pattern, code):
                old = m.group()
                new = m.expand(replacement) if "\\" in replacement else replacement
                out.append(Mutant(f"{path}:{code.count(chr(10), 0, m.start()) + 1} {kind} {old!r}→{new!r}", path,
                                  old, new, tuple(SQL_TESTS), nth=_occurrence(code, old, m.start())))  # fmt: skip
    return out


def _occurrence(text: str, old: str, at: int) -> int:
    return sum(1 for m in re.finditer(re.escape(old), text[:at]))


def sql_part(size: int, seed: int, minutes: float, workers: int = 2) -> dict:
    mutants = sql_mutants()
    rng = random.Random(seed)
    sample = sorted(rng.sample(mutants, min(size, len(mutants))), key=lambda m: m.name)
    t = time.time()
    verdicts = run_mutants(sample, workers, minutes)
    per_file: dict[str, Counter] = defaultdict(Counter)
    for m in sample:
        per_file[m.path][verdicts.get(m.name, "not checked")] += 1
    return {"mutants_total": len(mutants), "sampled": len(sample), "seconds": round(time.time() - t),
            "per_file": {f: dict(c) for f, c in sorted(per_file.items())},
            "survivors": sorted(n for n, v in verdicts.items() if v == "survived")}  # fmt: skip


# ------------------------------------------------------------------ report
def _score(counts: dict) -> str:
    killed = counts.get("killed", 0) + counts.get("timeout", 0)
    tested = killed + counts.get("survived", 0)
    return f"{killed}/{tested} killed ({100 * killed / tested:.0f} %)" if tested else "none tested"


def main() -> None:
    seed = int(os.environ.get("MUTATE_SEED", "18"))
    results = {"seed": seed}
    parts = set(sys.argv[1:]) or {"known", "python", "sql"}
    if "known" in parts:
        results["known"] = known_bugs()
        print("known bugs:")
        for k in results["known"]:
            print(f"  {k['verdict']:9s} {k['name']} ({k['file']})")
    if "python" in parts:
        results["python"] = python_mutants(int(os.environ.get("MUTATE_PY_SAMPLE", "60")), seed,
                                           float(os.environ.get("MUTATE_PY_MINUTES", "16")))  # fmt: skip
        py = results["python"]
        total = sum((Counter(c) for c in py["per_module"].values()), Counter())
        print(f"python: {py['sampled']} of {py['mutants_total']} mutants in {py['seconds']} s: {_score(total)}")
        for module, counts in py["per_module"].items():
            print(f"  {module:40s} {_score(counts):28s} {counts}")
    if "sql" in parts:
        results["sql"] = sql_part(int(os.environ.get("MUTATE_SQL_SAMPLE", "120")), seed,
                                  float(os.environ.get("MUTATE_SQL_MINUTES", "8")))  # fmt: skip
        sq = results["sql"]
        total = sum((Counter(c) for c in sq["per_file"].values()), Counter())
        print(f"sql: {sq['sampled']} of {sq['mutants_total']} mutants in {sq['seconds']} s: {_score(total)}")
        for path, counts in sq["per_file"].items():
            print(f"  {path:40s} {_score(counts):28s} {counts}")
    RESULTS.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written: {RESULTS.relative_to(ROOT)} (survivors listed there)")


if __name__ == "__main__":
    main()
