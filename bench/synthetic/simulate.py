"""Yearly numbers of one body: applications, review / litigation and active disclosure.

The numbers are simulated year after year per body, so that the cross-year identities hold:
carried_in(t) = carried_forward(t-1) per column, and in_force(t) = in_force(t-1) + issued(t) -
repealed(t). Every within-report identity of spec §5 holds by construction. The body's running
state (applications carried forward, documents in force, items) lives on ``Body`` and is updated
here; the result of a year is a ``YearNumbers`` holding both template versions' numbers.
"""

from __future__ import annotations

import math
import random

from bench.synthetic.bodies import Body

_REVIEW_CW = (0.5, 0.65, 0.9, 1.0)  # upheld, corrected, other, pending (cumulative)
_ITEM_CHANGES = (0, 0, 0, 0, 0, 0, 1, 2, -1, 3, -2, 5, -8)  # yearly change of the number of items
_RANGES = [range(n) for n in range(0, 32)]


# ====================================================================== random counts
def _poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0.0:
        return 0
    if lam > 40.0:
        return max(0, int(rng.gauss(lam, math.sqrt(lam)) + 0.5))
    L = math.exp(-lam)
    k, p = 0, rng.random()
    while p > L:
        k += 1
        p *= rng.random()
    return k


def _count(rng: random.Random, mean: float) -> int:
    """A count with a heavy tail for large means (decisions per year)."""
    if mean <= 0.0:
        return 0
    if mean < 30.0:
        return _poisson(rng, mean)
    return int(mean * rng.lognormvariate(0.0, 0.4) + 0.5)


def _split(rng: random.Random, total: int, cw: list, n: int) -> list[int]:
    """total split into n non-negative ints with (cumulative) weights cw; sums exactly to total."""
    counts = [0] * n
    if total <= 0:
        return counts
    if total <= 3000:
        for p in rng.choices(_RANGES[n], cum_weights=cw, k=total):
            counts[p] += 1
        return counts
    s = cw[-1]
    acc = 0
    for i in range(1, n):
        w = (cw[i] - cw[i - 1]) / s
        x = int(total * w * (0.85 + 0.3 * rng.random()))
        counts[i] = x
        acc += x
    if acc > total:  # the first category's weight is tiny: scale the others down
        f = total / acc
        acc = 0
        for i in range(1, n):
            counts[i] = int(counts[i] * f)
            acc += counts[i]
    counts[0] = total - acc
    return counts


def _amount(rng: random.Random, mean: float) -> tuple[float, str]:
    """A money amount in 万元 with 2–6 decimals: (value, raw text)."""
    d = rng.choice((2, 2, 3, 4, 4, 4, 5, 6))
    x = mean * rng.lognormvariate(0.0, 0.8)
    raw = f"{x:.{d}f}"
    if raw.endswith("0") and rng.random() < 0.3:  # some publishers drop trailing zeros
        raw = raw.rstrip("0").rstrip(".")
    return float(raw), raw


# ====================================================================== one year
class YearNumbers:
    __slots__ = ("ad", "ad_raw", "apps", "n_new", "review", "year")

    def __init__(self, year, apps, review, ad, ad_raw, n_new):
        self.year = year
        self.apps = apps  # 25 rows (2021 order) × 7 values
        self.review = review  # 3 × 5
        self.ad = ad  # (row, col) → value, both template versions
        self.ad_raw = ad_raw  # (row, col) → raw text when not a plain number
        self.n_new = n_new


def simulate_year(rng: random.Random, b: Body, year: int) -> YearNumbers:
    """The numbers of ``b`` for ``year``; advances the body's running state."""
    apps, n, n_all = _simulate_applications(rng, b, year)
    review = _simulate_review(rng, b, n_all)
    ad: dict = {}
    ad_raw: dict = {}
    _simulate_documents(rng, b, ad)
    _simulate_items_and_decisions(rng, b, ad, ad_raw)
    _simulate_fees_and_procurement(rng, b, ad, ad_raw)
    return YearNumbers(year, apps, review, ad, ad_raw, n)


def _simulate_applications(rng: random.Random, b: Body, year: int) -> tuple[list[list[int]], int, int]:
    """(25 rows × 7 values in 2021 order, new applications, new + carried in)."""
    r = rng.random
    carried_in = b.carried
    if r() < b.zero_prob:
        n = 0
    else:
        n = max(1, int(b.app_mean * (1.0 + 0.05 * (year - 2019)) * rng.lognormvariate(0.0, 0.35) + 0.5))
    new = _split(rng, n, b.col_cw, 6)
    avail = [new[i] + carried_in[i] for i in range(6)]
    cf = [0] * 6
    if (n or sum(carried_in)) and r() < b.cf_prob:
        for i in range(6):
            if avail[i]:
                x = int(avail[i] * r() * 0.12 + (0.7 if r() < 0.4 else 0.0))
                cf[i] = min(x, avail[i])
    res = [avail[i] - cf[i] for i in range(6)]
    leaves = [[0] * 7 for _ in range(21)]
    for i in range(6):
        if res[i]:
            for j, c in enumerate(_split(rng, res[i], b.leaf_cw, 21)):
                if c:
                    leaves[j][i] = c
    for row in leaves:
        row[6] = row[0] + row[1] + row[2] + row[3] + row[4] + row[5]

    def tot(x):
        return [*x, sum(x)]

    apps = [tot(new), tot(carried_in), *leaves, tot(res), tot(cf)]
    b.carried = cf
    return apps, n, n + sum(carried_in)


def _simulate_review(rng: random.Random, b: Body, n_all: int) -> list[list[int]]:
    """Review, litigation direct, litigation after review: 4 results + total each."""
    review = []
    for k, rate in ((0, b.review_rate), (1, b.lit_rate), (2, b.lit_rate * 0.5)):
        lam = n_all * rate + (b.review_base if k == 0 else b.review_base * 0.4)
        t = _poisson(rng, lam) if lam > 0.02 else (1 if rng.random() < lam else 0)
        parts = _split(rng, t, _REVIEW_CW, 4)
        review.append([*parts, t])
    return review


def _simulate_documents(rng: random.Random, b: Body, ad: dict) -> None:
    """Regulations and normative documents: issued, repealed, in force, published (both templates)."""
    r = rng.random
    for rc, rate in (("regulations", b.reg_rate), ("normative_documents", b.nd_rate)):
        issued = _poisson(rng, rate)
        prev = b.reg_in_force if rc == "regulations" else b.nd_in_force
        if prev + issued and r() < 0.04:  # a clean-up: many repealed at once
            repealed = int((prev + issued) * 0.3 * r())
        else:
            repealed = min(prev + issued, _poisson(rng, rate * 0.3))
        in_force = prev + issued - repealed
        published = issued - (1 if issued and r() < 0.1 else 0)
        if rc == "regulations":
            b.reg_in_force = in_force
            b.reg_pub_total += published
            pub_total = b.reg_pub_total
        else:
            b.nd_in_force = in_force
            b.nd_pub_total += published
            pub_total = b.nd_pub_total
        ad[(rc, "issued")] = issued
        ad[(rc, "repealed")] = repealed
        ad[(rc, "in_force")] = in_force
        ad[(rc, "created")] = issued
        ad[(rc, "published")] = published
        ad[(rc, "published_total")] = pub_total


def _simulate_items_and_decisions(rng: random.Random, b: Body, ad: dict, ad_raw: dict) -> None:
    """Licensing, other services, penalty, coercion: decisions; and the items of those and fees."""
    dec = {
        "licensing": _count(rng, b.lic_mean),
        "other_services": _count(rng, b.other_mean),
        "penalty": _count(rng, b.pen_mean),
        "coercion": _count(rng, b.coer_mean),
    }
    for k, rc in enumerate(("licensing", "other_services", "penalty", "coercion", "fees")):
        prior = b.items[k]
        ch = rng.choice(_ITEM_CHANGES) if prior or rng.random() < 0.1 else 0
        if prior + ch < 0:
            ch = -prior
        b.items[k] = prior + ch
        ad[(rc, "items_prior_year")] = prior
        ad[(rc, "items_change")] = ch
        ad_raw[(rc, "items_change")] = f"+{ch}" if ch > 0 else str(ch)
        if rc != "fees":
            ad[(rc, "decisions")] = dec[rc]


def _simulate_fees_and_procurement(rng: random.Random, b: Body, ad: dict, ad_raw: dict) -> None:
    r = rng.random
    if r() < b.fee_prob:
        v, raw = _amount(rng, b.fee_mean)
        ad[("fees", "amount_10k_yuan")] = v
        ad_raw[("fees", "amount_10k_yuan")] = raw
    else:
        ad[("fees", "amount_10k_yuan")] = 0
    if r() < b.proc_prob:
        ad[("procurement", "procurement_items")] = 1 + _poisson(rng, 4.0)
        v, raw = _amount(rng, b.fee_mean * 0.5)
        ad[("procurement", "procurement_amount")] = v
        ad_raw[("procurement", "procurement_amount")] = raw
    else:
        ad[("procurement", "procurement_items")] = 0
        ad[("procurement", "procurement_amount")] = 0
