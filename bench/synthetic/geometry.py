"""Template geometry: the slot order of a report's cells, and the identities of spec §5 on it.

A report's numbers live in one flat list with one slot per template cell of its version
(``vocabulary.expected_cells``). Everything here is derived from ``pipeline.vocabulary`` once, at
import. The applications block (rows × 7 columns) and the review block (3 rows × 5 columns) are
contiguous in that list; the generator and the identity checks index them by offset, which
``_check_contiguous_blocks`` asserts.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline import vocabulary as V

CELL_KEYS = {v: tuple(V.expected_cells(v)) for v in V.TEMPLATE_VERSIONS}  # slot → (table, row, column)
SLOT_OF = {v: {k: i for i, k in enumerate(keys)} for v, keys in CELL_KEYS.items()}  # (table, row, column) → slot
APP_ROWS = {v: V.application_row_codes(v) for v in V.TEMPLATE_VERSIONS}
N_APP_COLUMNS = len(V.APPLICATION_COLUMNS)  # 7: six applicant columns, then the total
N_REVIEW_COLUMNS = len(V.REVIEW_COLUMN_CODES)  # 5: four results, then the total
APP_START = {
    v: SLOT_OF[v][(V.APPLICATIONS, APP_ROWS[v][0], V.APPLICATION_COLUMNS[0])] for v in V.TEMPLATE_VERSIONS
}  # first slot of the applications block
REVIEW_START = {
    v: SLOT_OF[v][(V.REVIEW_LITIGATION, V.REVIEW_ROW_CODES[0], V.REVIEW_COLUMN_CODES[0])] for v in V.TEMPLATE_VERSIONS
}  # first slot of the review / litigation block
AD_SLOTS = {
    v: tuple((k[1], k[2], i) for i, k in enumerate(CELL_KEYS[v]) if k[0] == V.ACTIVE_DISCLOSURE)
    for v in V.TEMPLATE_VERSIONS
}  # active-disclosure cells as (row, column, slot)
LEAF_ROWS = {v: V.leaf_rows(v) for v in V.TEMPLATE_VERSIONS}  # result rows that add up to results_total


def _check_contiguous_blocks() -> None:
    assert len(LEAF_ROWS["2021"]) == 21 and V.APPLICATION_COLUMNS[-1] == V.TOTAL
    assert N_REVIEW_COLUMNS == 5 and V.REVIEW_COLUMN_CODES[-1] == V.TOTAL
    for v in V.TEMPLATE_VERSIONS:
        for ri, r in enumerate(APP_ROWS[v]):
            for ci, c in enumerate(V.APPLICATION_COLUMNS):
                assert SLOT_OF[v][(V.APPLICATIONS, r, c)] == APP_START[v] + ri * N_APP_COLUMNS + ci
        for ri, r in enumerate(V.REVIEW_ROW_CODES):
            for ci, c in enumerate(V.REVIEW_COLUMN_CODES):
                assert SLOT_OF[v][(V.REVIEW_LITIGATION, r, c)] == REVIEW_START[v] + ri * N_REVIEW_COLUMNS + ci


_check_contiguous_blocks()


def failing_identities(version: str, vals: Sequence) -> list[str]:
    """Failed identities of spec §5 on a slot-ordered value list (None counts as 0)."""
    a0 = APP_START[version]
    rows = APP_ROWS[version]
    ri = {r: a0 + i * N_APP_COLUMNS for i, r in enumerate(rows)}
    nc = N_APP_COLUMNS

    def g(i):
        x = vals[i]
        return 0 if x is None else x

    out: list[str] = []
    nr, ci, rt, cf = ri["new_received"], ri["carried_in"], ri["results_total"], ri["carried_forward"]
    for j, c in enumerate(V.APPLICATION_COLUMNS):
        if abs(g(nr + j) + g(ci + j) - g(rt + j) - g(cf + j)) > 1e-9:
            out.append(f"A1.{c}")
    leaf_starts = [ri[r] for r in LEAF_ROWS[version]]
    for j, c in enumerate(V.APPLICATION_COLUMNS):
        if abs(g(rt + j) - sum(g(s + j) for s in leaf_starts)) > 1e-9:
            out.append(f"A2.{c}")
    for r in rows:
        s = ri[r]
        if abs(g(s + nc - 1) - sum(g(s + j) for j in range(nc - 1))) > 1e-9:
            out.append(f"A3.{r}")
    r0 = REVIEW_START[version]
    for k in range(3):
        s = r0 + 5 * k
        if abs(g(s + 4) - (g(s) + g(s + 1) + g(s + 2) + g(s + 3))) > 1e-9:
            out.append(f"B{k + 1}")
    return out
