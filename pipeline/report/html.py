"""A self-contained HTML report comparing agencies and years, rendered from the warehouse.

No JavaScript, no CDN: charts are inline SVG written here, styles inline, so the file opens
offline in any browser. The numbers come from the comparison views (sql/views/comparison.sql),
the page's own queries (sql/report/) and the example analyses (sql/queries/), read through one
read-only connection.

What belongs here: turning query results into HTML. The queries themselves live in sql/.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date

import duckdb

from pipeline.warehouse.sql import fetch

PALETTE = ("#2b6cb0", "#38a169", "#d69e2e", "#e53e3e", "#805ad5", "#718096", "#dd6b20")


def _esc(x) -> str:
    return html.escape("" if x is None else str(x))


def _num(x, digits: int = 0) -> str:
    if x is None:
        return "–"
    return f"{x:,.{digits}f}"


def _rect(x: float, y: float, w: float, h: float, color: str, tip: str) -> str:
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{color}">'
        f"<title>{_esc(tip)}</title></rect>"
    )


def _text(x: float, y: float, text: str, *, anchor: str = "start", size: int = 12) -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" fill="#2d3748">{_esc(text)}</text>'


def _legend(names: list[str], width: int, left: int = 60) -> list[tuple[str, int, int]]:
    """(name, x, row) of each legend entry: as wide as its text (CJK twice as wide), wrapped to
    another row rather than cut off at the chart's edge."""
    out, x, row = [], left, 0
    for name in names:
        w = 16 + 7 * sum(2 if ord(ch) > 0x2E80 else 1 for ch in name) + 14
        if x > left and x + w > width:
            x, row = left, row + 1
        out.append((name, x, row))
        x += w
    return out


def bar_chart(
    title: str,
    labels: Sequence[str],
    series: dict[str, Sequence[float | None]],
    *,
    stacked=False,
    percent=False,
    width=720,
    height=300,
) -> str:
    """Vertical bars (grouped or stacked) as an inline SVG figure."""

    def shown(v: float) -> str:
        return f"{v:.1%}" if percent else _num(v)

    n = max(len(labels), 1)
    legend = _legend(list(series), width)
    left, bottom, top = 60, 40, 30 + 18 * (legend[-1][2] if legend else 0)
    plot_w, plot_h = width - left - 20, height - bottom - top
    values = [[v or 0.0 for v in vs] for vs in series.values()]
    peak = (
        max((sum(col) for col in zip(*values)), default=0)
        if stacked
        else max((max(vs, default=0) for vs in values), default=0)
    )
    peak = peak or 1.0
    slot = plot_w / n
    parts = [
        f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="{_esc(title)}">'
    ]
    for k in range(5):  # grid and y labels
        y = top + plot_h - plot_h * k / 4
        val = peak * k / 4
        label = f"{val:.0%}" if percent else _num(val, 0 if peak >= 8 else 1)
        parts.append(f'<line x1="{left}" x2="{width - 20}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e2e8f0"/>')
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="#4a5568">{label}</text>'
        )
    for i, label in enumerate(labels):
        x0 = left + i * slot
        base = 0.0
        for s, (name, vs) in enumerate(zip(series, values)):
            v = vs[i]
            color = PALETTE[s % len(PALETTE)]
            if stacked:
                h = plot_h * v / peak
                y = top + plot_h - plot_h * (base + v) / peak
                parts.append(_rect(x0 + slot * 0.15, y, slot * 0.7, h, color, f"{name} {label}: {shown(v)}"))
                base += v
            else:
                bw = slot * 0.8 / len(series)
                h = plot_h * v / peak
                x = x0 + slot * 0.1 + s * bw
                parts.append(_rect(x, top + plot_h - h, bw, h, color, f"{name} {label}: {shown(v)}"))
        parts.append(_text(x0 + slot / 2, height - bottom + 16, label, anchor="middle", size=11))
    for s, (name, x, row) in enumerate(legend):
        y = 6 + 18 * row
        parts.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{PALETTE[s % len(PALETTE)]}"/>')
        parts.append(f'<text x="{x + 16}" y="{y + 10}" font-size="12" fill="#2d3748">{_esc(name)}</text>')
    parts.append("</svg>")
    return f"<figure><figcaption>{_esc(title)}</figcaption>{''.join(parts)}</figure>"


def hbar_chart(title: str, rows: Sequence[tuple[str, float]], *, width=720, bar=18) -> str:
    """Horizontal bars, one per labelled value."""
    peak = max((v or 0 for _, v in rows), default=0) or 1.0
    left, height = 260, 20 + len(rows) * (bar + 6)
    parts = [
        f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="{_esc(title)}">'
    ]
    for i, (label, v) in enumerate(rows):
        y = 10 + i * (bar + 6)
        w = (width - left - 80) * (v or 0) / peak
        parts.append(_text(left - 8, y + bar - 5, label, anchor="end"))
        parts.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar}" fill="{PALETTE[0]}"/>')
        parts.append(f'<text x="{left + w + 6:.1f}" y="{y + bar - 5}" font-size="12" fill="#4a5568">{_num(v)}</text>')
    parts.append("</svg>")
    return f"<figure><figcaption>{_esc(title)}</figcaption>{''.join(parts)}</figure>"


def table(title: str, header: Sequence[str], rows: Sequence[Sequence], percent: Sequence[int] = ()) -> str:
    """A table; the columns at the indexes `percent` hold shares (0–1), shown as percentages."""
    head = "".join(f"<th>{_esc(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{_esc(_fmt(v, k in percent))}</td>" for k, v in enumerate(r)) + "</tr>" for r in rows
    )
    return f"<h3>{_esc(title)}</h3><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _fmt(v, percent: bool = False):
    if v is None:
        return "–"
    if percent:
        return f"{v:.1%}"
    return f"{v:,.0f}" if isinstance(v, float) else v


_OUTCOMES = (
    ("予以公开 granted", 6),
    ("部分公开 partial", 7),
    ("不予公开 withheld", 8),
    ("无法提供 unavailable", 9),
    ("不予处理 declined", 10),
    ("其他处理 other", 11),
)


def _note(text: str) -> str:
    return f"<p class='note'>{_esc(text)}</p>"


def _yearly_sections(con: duckdb.DuckDBPyConnection, no_year: int) -> tuple[list[str], int | None]:
    """Applications and outcome shares per year, each with what it includes and leaves out
    (`no_year`: readable reports whose year could not be read, in no per-year chart)."""
    years = fetch(con, "report/outcomes_by_year.sql")
    without_year = f" {_num(no_year)} readable reports without a year are in no per-year chart." if no_year else ""
    labels = [str(r[0]) for r in years]
    outcome = {name: [r[k] or 0.0 for r in years] for name, k in _OUTCOMES}
    included = "; ".join(
        f"{y}: {_num(n)} reports, applications known for {_num(a)}, {_num(left)} region-wide aggregates left out"
        for y, n, left, _, a, *_ in years
    )
    shares = "; ".join(
        f"{y}: {_num(o)} of {_num(n)} reports"
        + (f", {_num(zero)} handled nothing" if zero else "")
        + (f", {_num(n - o - zero)} left out" if n - o - zero else "")
        for y, n, _, _, _, o, *_, zero in years
    )
    sections = [
        bar_chart("Applications received per year (本年新收)", labels, {"applications received": [r[3] for r in years]})
        + _note(f"Every present report, with or without a resolved body. {included}.{without_year}"),
        bar_chart(
            "How applications were handled, share of 办理结果 per year", labels, outcome, stacked=True, percent=True
        )
        + _note(
            "Shares over the reports whose outcome rows add up to their （七）总计 (a report whose rows do not, "
            "or with an unread cell, is left out rather than stacked above 100 %; a report whose （七）总计 is 0 "
            f"has no shares): {shares}.{without_year}"
        ),
    ]
    return sections, max((r[0] for r in years), default=None)


def render(con: duckdb.DuckDBPyConnection) -> str:
    """The whole report as one HTML string."""
    counts = fetch(con, "report/headline_counts.sql")[0]
    sections, latest = _yearly_sections(con, counts[6])
    top = fetch(con, "report/top_bodies.sql", year=latest)
    levels = [r for r in fetch(con, "queries/correction_rates_by_level.sql") if r[0] == latest]
    status = fetch(con, "report/status_by_year.sql")
    withholders = fetch(con, "queries/process_info_withholding.sql")[:10]
    sections += [
        hbar_chart(f"Top 15 bodies by applications received in {latest}", [(n, v) for n, v in top])
        + _note(f"Bodies with a resolved region; {_num(counts[5])} readable reports have none and are not ranked."),
        bar_chart(
            f"Correction rates (结果纠正) by level of body, {latest}",
            [r[1] for r in levels],
            {"administrative review": [r[5] for r in levels], "litigation": [r[8] for r in levels]},
            percent=True,
        )
        + _note(
            "Rates over the reports whose review / litigation groups add up to their totals: "
            + "; ".join(f"{r[1]}: {_num(r[4])} and {_num(r[7])} of {_num(r[2])} reports" for r in levels)
            + "."
        ),
        bar_chart(
            "Reports per year: ok vs flagged (parse issue or failed 勾稽关系)",
            [str(r[0]) for r in status],
            {"ok": [r[1] for r in status], "flagged": [r[2] for r in status]},
            stacked=True,
        )
        + _note(
            f"Every present report with a year: {_num(sum(r[1] + r[2] for r in status))} of {_num(counts[0])}; "
            f"{_num(counts[3])} rejected files (not readable as a report) and {_num(counts[6])} reports without a "
            "year are not shown."
        ),
        table(
            "Bodies withholding most often as 过程性信息",
            (
                "agency",
                "name",
                "level",
                "province",
                "city",
                "withheld as process info",
                "handled",
                "share",
                "reports counted",
                "reports",
            ),
            withholders,
            percent=(7,),
        )
        + _note(
            "Over every year of a body, counting only its reports whose outcome rows add up to their （七）总计 "
            "(“reports counted” of its “reports”); bodies with at least 10 such applications, the ten highest shares."
        ),
    ]
    css = (
        "body{font-family:'Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif;margin:2em auto;"
        "max-width:780px;color:#1a202c}figure{margin:1.5em 0}figcaption{font-weight:600;margin-bottom:.4em}"
        "table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #e2e8f0;padding:3px 6px;text-align:left}"
        ".kpi{display:flex;gap:2em}.kpi div{font-size:13px}.kpi b{display:block;font-size:22px}"
        ".note{font-size:12px;color:#4a5568;margin:.2em 0 1.5em}"
    )
    kpis = "".join(
        f"<div><b>{_num(v)}</b>{_esc(k)}</div>"
        for k, v in zip(("reports", "ok", "flagged", "rejected", "bodies", "reports without a resolved body"), counts)
    )
    return (
        "<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'>"
        f"<title>政府信息公开工作年度报告 — comparison</title><style>{css}</style></head><body>"
        "<h1>政府信息公开工作年度报告: who reported, and how they compare</h1>"
        f"<p>Generated {date.today().isoformat()} from the warehouse. Values as printed; a metric is empty where a "
        "cell it needs could not be read; a 总计 printed blank is the sum of its parts when all are known.</p>"
        f"<div class='kpi'>{kpis}</div>{''.join(sections)}</body></html>"
    )
