"""The value cells of one report: the simulated numbers in slot order (see ``geometry``), injected
arithmetic errors, and the cell-level deviations of spec §6 (units in amounts, digits run together,
blank totals, zeros printed blank or as placeholders, thousands separators, full-width digits).

The result, ``PrintedCells``, holds for every slot the number, the truth value, the printed text,
its value kind and whether a correct parser is expected to flag it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from bench.synthetic.dice import Dice
from bench.synthetic.geometry import (
    AD_SLOTS,
    APP_ROWS,
    APP_START,
    CELL_KEYS,
    LEAF_ROWS,
    REVIEW_START,
    SLOT_OF,
    failing_identities,
)
from bench.synthetic.simulate import YearNumbers
from bench.synthetic.truth import SPEC_TABLES, ErrorCell, InjectedError
from pipeline import vocabulary as V

_FULLWIDTH_DIGITS = str.maketrans("0123456789.,+-", "０１２３４５６７８９．，＋－")
_PLACEHOLDERS = ("-", "—", "/", "无", "－", "——")
_SMALL_INT_TEXT = [str(i) for i in range(10000)]  # most cells are small counts: skip str() for them


@dataclass(slots=True)
class PrintedCells:
    """One report's cells in slot order."""

    vals: list  # the numbers as simulated, injected errors applied (int; float for amounts)
    values: list  # truth values: float, or None for a blank / placeholder cell
    printed: list[str]  # the cell text as printed
    kinds: list[str]  # model.ValueKind: number / blank / placeholder
    flags: list[bool]  # expected_flag: unreadable by design
    errors: list[InjectedError]
    blank_total_cells: list[str]  # "table_code/row_code/column_code", sorted
    run_row: tuple | None  # (row_code, slots, table_code) of the row printed with digits run together


def print_cells(dice: Dice, error_rate: float, year: YearNumbers, version: str, devs: set[str]) -> PrintedCells:
    """Lay out ``year``'s numbers for ``version``, maybe inject one error, and print the cells."""
    rng = dice.rng
    vals, raw_over, n_app_rows = _slot_values(year, version)
    if version == "2019":
        _unit_in_amount(dice, version, vals, raw_over, devs)
    protected: set[int] = set()  # slots that later deviations must leave alone
    errors: list[InjectedError] = []
    if rng.random() < error_rate:
        errors.append(inject_error(rng, version, vals, protected))
    nslots = len(vals)
    small = _SMALL_INT_TEXT
    printed = [small[v] if v.__class__ is int and 0 <= v < 10000 else str(v) for v in vals]
    for i, raw in raw_over.items():
        printed[i] = raw
    cells = PrintedCells(
        vals, [float(v) for v in vals], printed, ["number"] * nslots, [False] * nslots, errors, [], None
    )
    if dice.deviate(0.045):
        _run_digits_together(rng, version, cells, protected, devs)
    if dice.deviate(0.12):
        _blank_totals(rng, version, n_app_rows, cells, protected, devs)
    _zeros_as_blank_or_placeholder(dice, version, n_app_rows, cells, protected, devs)
    if dice.deviate(0.35):
        _thousands_separators(cells, raw_over, devs)
    if dice.deviate(0.03):
        fw = _FULLWIDTH_DIGITS
        for i in range(nslots):
            if cells.kinds[i] == "number":
                printed[i] = printed[i].translate(fw)
        devs.add("fullwidth_digits")
    return cells


def _slot_values(year: YearNumbers, version: str) -> tuple[list, dict[int, str], int]:
    """(numbers in slot order, slot → raw text where it is not the plain number, number of
    application rows). The 2019 template has one 其他处理 row for the 2021 template's three."""
    vals: list = [0] * len(CELL_KEYS[version])
    raw_over: dict[int, str] = {}
    a0 = APP_START[version]
    if version == "2021":
        app_rows = year.apps
    else:
        ap = year.apps
        oh = [ap[20][j] + ap[21][j] + ap[22][j] for j in range(7)]
        app_rows = [*ap[:20], oh, *ap[23:]]
    for i, row in enumerate(app_rows):
        vals[a0 + 7 * i : a0 + 7 * i + 7] = row
    r0 = REVIEW_START[version]
    for k in range(3):
        vals[r0 + 5 * k : r0 + 5 * k + 5] = year.review[k]
    for rc, cc, i in AD_SLOTS[version]:
        vals[i] = year.ad[(rc, cc)]
        raw = year.ad_raw.get((rc, cc))
        if raw is not None:
            raw_over[i] = raw
    return vals, raw_over, len(app_rows)


def _unit_in_amount(dice: Dice, version: str, vals: list, raw_over: dict[int, str], devs: set[str]) -> None:
    """2019 template: the procurement amount printed with 万元, or in 元 (then its value is rounded)."""
    i = SLOT_OF[version].get((V.ACTIVE_DISCLOSURE, "procurement", "procurement_amount"))
    if i is not None and vals[i] and dice.deviate(0.45):
        v = vals[i]
        if dice.rng.random() < 0.5:
            raw_over[i] = raw_over.get(i, str(v)) + "万元"
        else:
            yuan = round(v * 10000)
            raw_over[i] = f"{yuan}元"
            vals[i] = yuan / 10000
        devs.add("unit_in_amount_cell")


def _run_digits_together(
    rng: random.Random, version: str, cells: PrintedCells, protected: set[int], devs: set[str]
) -> None:
    """One data row's numbers printed without separator; its cells are flagged."""
    run_row = pick_run_row(rng, version, cells.vals, protected)
    cells.run_row = run_row
    if run_row is None:
        return
    devs.add("digits_run_together")
    joined = "".join(cells.printed[i] for i in run_row[1])
    for i in run_row[1]:
        cells.printed[i] = joined
        cells.flags[i] = True
        protected.add(i)


def pick_run_row(rng: random.Random, version: str, vals: list, protected: set[int]) -> tuple | None:
    """A data row with a non-zero value whose numbers will be printed run together."""
    a0 = APP_START[version]
    cands = []
    for ri, rc in enumerate(APP_ROWS[version]):
        idxs = tuple(range(a0 + 7 * ri, a0 + 7 * ri + 7))
        if any(vals[i] for i in idxs) and not any(i in protected for i in idxs):
            cands.append((rc, idxs, V.APPLICATIONS))
    r0 = REVIEW_START[version]
    idxs = tuple(range(r0, r0 + 15))
    if any(vals[i] for i in idxs) and not any(i in protected for i in idxs):
        cands.append((V.REVIEW_ROW_CODES[0], idxs, V.REVIEW_LITIGATION))
    by_row: dict = {}
    for rc, _, i in AD_SLOTS[version]:
        by_row.setdefault(rc, []).append(i)
    for rc, idxs in by_row.items():
        if (
            len(idxs) > 1
            and any(vals[i] for i in idxs)
            and not any(i in protected for i in idxs)
            and all(vals[i].__class__ is int and vals[i] >= 0 for i in idxs)
        ):
            cands.append((rc, tuple(idxs), V.ACTIVE_DISCLOSURE))
    if not cands:
        return None
    return rng.choice(cands)


def _blank_totals(
    rng: random.Random, version: str, n_app_rows: int, cells: PrintedCells, protected: set[int], devs: set[str]
) -> None:
    """One to three non-zero totals left blank while their parts are printed."""
    cand = _blank_total_candidates(version, n_app_rows, cells.vals, protected)
    if not cand:
        return
    keys = CELL_KEYS[version]
    for t in rng.sample(cand, min(len(cand), rng.choice((1, 1, 2, 3)))):
        cells.printed[t] = ""
        cells.kinds[t] = "blank"
        cells.values[t] = None
        protected.add(t)
        k3 = keys[t]
        cells.blank_total_cells.append(f"{k3[0]}/{k3[1]}/{k3[2]}")
    cells.blank_total_cells.sort()
    devs.add("blank_total")


def _blank_total_candidates(version: str, n_app_rows: int, vals: list, protected: set[int]) -> list[int]:
    """Non-zero row totals of applications and review / litigation whose row is untouched so far."""
    a0 = APP_START[version]
    r0 = REVIEW_START[version]
    cand = []
    for ri in range(n_app_rows):
        t = a0 + 7 * ri + 6
        if vals[t] and t not in protected and not any(a0 + 7 * ri + j in protected for j in range(7)):
            cand.append(t)
    for k in range(3):
        t = r0 + 5 * k + 4
        if vals[t] and t not in protected and not any(r0 + 5 * k + j in protected for j in range(5)):
            cand.append(t)
    return cand


def _zeros_as_blank_or_placeholder(
    dice: Dice, version: str, n_app_rows: int, cells: PrintedCells, protected: set[int], devs: set[str]
) -> None:
    """Zeros printed as empty cells and / or as a placeholder (- — / 无), in all or part of the tables."""
    rng = dice.rng
    for dev, prob in (("zero_as_blank", 0.08), ("zero_as_placeholder", 0.06)):
        if not dice.deviate(prob):
            continue
        slots = _zero_scope(rng, version, n_app_rows)
        sym = "" if dev == "zero_as_blank" else rng.choice(_PLACEHOLDERS)
        kind = "blank" if dev == "zero_as_blank" else "placeholder"
        hit = False
        for i in slots:
            if cells.vals[i] == 0 and i not in protected and cells.kinds[i] == "number":
                cells.printed[i] = sym
                cells.kinds[i] = kind
                cells.values[i] = None
                hit = True
        if hit:
            devs.add(dev)


def _zero_scope(rng: random.Random, version: str, n_app_rows: int) -> list[int] | range:
    """The slots a zero-printing habit applies to: all, the organisation columns, or one table."""
    keys = CELL_KEYS[version]
    scope = rng.choice(("all", "all", "org", "table"))
    if scope == "org":
        a0 = APP_START[version]
        return [a0 + 7 * ri + j for ri in range(n_app_rows) for j in range(1, 6)]
    if scope == "table":
        t = rng.choice(SPEC_TABLES)
        return [i for i, k in enumerate(keys) if k[0] == t]
    return range(len(keys))


def _thousands_separators(cells: PrintedCells, raw_over: dict[int, str], devs: set[str]) -> None:
    hit = False
    for i, v in enumerate(cells.vals):
        if v.__class__ is int and v >= 1000 and cells.kinds[i] == "number" and not cells.flags[i] and i not in raw_over:
            cells.printed[i] = f"{v:,}"
            hit = True
    if hit:
        devs.add("thousands_separator")


# ====================================================================== injected errors
def inject_error(rng: random.Random, version: str, vals: list, protected: set[int]) -> InjectedError:
    """Change one or two cells of ``vals`` so that one identity of spec §5 fails; protect them."""
    identity, changes = _error_changes(rng, version, vals)
    keys = CELL_KEYS[version]
    cells = []
    for s, d in changes:
        orig = vals[s]
        vals[s] = orig + d
        protected.add(s)
        k3 = keys[s]
        cells.append(ErrorCell(k3[0], k3[1], k3[2], float(orig), float(vals[s])))
    broken = tuple(failing_identities(version, vals))
    assert identity in broken, (identity, broken)
    return InjectedError(identity, broken, tuple(cells))


def _error_changes(rng: random.Random, version: str, vals: list) -> tuple[str, list[tuple[int, int]]]:
    """(identity aimed at, [(slot, delta)]) for one injected error."""
    a0 = APP_START[version]
    rows = APP_ROWS[version]
    ri = {rc: a0 + 7 * i for i, rc in enumerate(rows)}
    leaves = LEAF_ROWS[version]
    kind = rng.choices(("A1", "A2", "A3", "B"), weights=(3, 3, 2, 2))[0]
    changes: list[tuple[int, int]] = []

    def delta(i):
        d = rng.choice((1, 1, 1, 2, 3, 5, 10))
        if rng.random() < 0.5 and vals[i] - d >= 0:
            d = -d
        return d

    if kind in ("A1", "A2"):
        j = rng.choices(range(7), weights=(6, 2, 1, 1, 1, 1, 2))[0]
        if kind == "A1":
            rc = rng.choice(("new_received", "carried_in", "carried_forward"))
        else:
            rc = rng.choices(leaves, weights=[8, 3] + [1] * (len(leaves) - 2))[0]
        s = ri[rc] + j
        d = delta(s)
        changes.append((s, d))
        if j != 6 and rng.random() < 0.6:  # the row total follows: A3 of that row still holds
            changes.append((ri[rc] + 6, d))
        identity = f"{kind}.{V.APPLICATION_COLUMNS[j]}"
    elif kind == "A3":
        rc = rng.choice(rows)
        s = ri[rc] + 6
        changes.append((s, delta(s)))
        identity = f"A3.{rc}"
    else:
        k = rng.randrange(3)
        s = REVIEW_START[version] + 5 * k + 4
        if vals[s] and rng.random() < 0.3:
            changes.append((s, -vals[s]))  # total printed as 0 while parts are not (huaian-hongze-2023)
        else:
            changes.append((s, delta(s)))
        identity = f"B{k + 1}"
    return identity, changes
