"""make mutate's own parts: the known bugs still apply to today's code (a rewrite would otherwise
turn them into "not applicable" silently), the SQL runner finds mutants in every file, and the
Python sample covers every module."""

from __future__ import annotations

import pytest

from bench import mutate


@pytest.mark.parametrize("mutant", mutate.KNOWN, ids=lambda m: m.name)
def test_every_known_bug_still_applies(mutant):
    code = mutate._code(mutant.path, (mutate.ROOT / mutant.path).read_text(encoding="utf-8"))
    assert code.count(mutant.old) > mutant.nth, f"{mutant.name}: {mutant.old!r} no longer in {mutant.path}"
    assert mutant.old != mutant.new


def test_sql_mutants_cover_every_file_and_apply():
    mutants = mutate.sql_mutants()
    assert {m.path for m in mutants} == set(mutate.SQL_FILES)
    for m in mutants[::25]:
        code = mutate._code(m.path, (mutate.ROOT / m.path).read_text(encoding="utf-8"))
        assert code.count(m.old) > m.nth, m.name


def test_python_sample_is_stratified_by_module():
    names = [f"pipeline.a.x_f__mutmut_{k}" for k in range(90)] + [f"pipeline.b.x_g__mutmut_{k}" for k in range(10)]
    picked = mutate.sample_python(names, 20, seed=1, least=5)
    assert len(picked) == len(set(picked))
    by_module = {n.split(".x_")[0] for n in picked}
    assert by_module == {"pipeline.a", "pipeline.b"}
    assert sum(n.startswith("pipeline.a") for n in picked) == 18  # in proportion: 90 % of 20
    assert sum(n.startswith("pipeline.b") for n in picked) == 5  # at least 5 from every module
    assert picked != sorted(picked)  # shuffled: a budget running out cuts every module alike
