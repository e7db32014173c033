"""Building blocks of the pages: bilingual labels, inline-SVG charts, tables and notes.

Every reader-facing label is a :data:`Label` — Chinese first, English after it in a smaller,
lighter type (HTML ``<small>``, SVG ``<tspan>``). Every text that comes from the warehouse goes
through :func:`esc`; nothing here queries the warehouse.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

PALETTE = ("#2b6cb0", "#38a169", "#d69e2e", "#e53e3e", "#805ad5", "#718096", "#dd6b20")
INK, MUTED = "#2d3748", "#718096"

Label = tuple[str, str]  # (Chinese, English)

CSS = (
    "body{font-family:'Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif;margin:2em auto;"
    "max-width:820px;color:#1a202c}figure{margin:1.5em 0}figcaption{font-weight:600;margin-bottom:.4em}"
    "small{font-weight:normal;color:#718096;font-size:.72em}h2{border-bottom:1px solid #e2e8f0;margin-top:2em}"
    "table{border-collapse:collapse;font-size:12px;margin-bottom:.4em}"
    "td,th{border:1px solid #e2e8f0;padding:3px 6px;text-align:left;vertical-align:top}"
    "th small,td small{display:block}.num{text-align:right}"
    ".kpi{display:flex;flex-wrap:wrap;gap:1.5em}.kpi div{font-size:13px}.kpi b{display:block;font-size:22px}"
    ".note{font-size:12px;color:#4a5568;margin:.2em 0 1.5em}.note small{display:block;font-size:11px}"
)


def esc(x) -> str:
    return html.escape("" if x is None else str(x))


def num(x, digits: int = 0) -> str:
    if x is None:
        return "–"
    return f"{x:,.{digits}f}"


def fmt(v, percent: bool = False) -> str:
    """A table cell's text: – for unknown, shares as percentages, counts with separators."""
    if v is None:
        return "–"
    if percent:
        return f"{v:.1%}"
    if isinstance(v, bool):
        return "是" if v else "否"
    return f"{v:,.0f}" if isinstance(v, float | int) else str(v)


def bi(label: Label) -> str:
    """Chinese, then the English in small type (HTML)."""
    zh, en = label
    return f"{esc(zh)} <small>{esc(en)}</small>"


def heading(level: int, label: Label) -> str:
    return f"<h{level}>{bi(label)}</h{level}>"


def note(zh: str, en: str) -> str:
    """What a chart or table counts: the Chinese sentence, the English under it."""
    return f"<p class='note'>{esc(zh)}<small>{esc(en)}</small></p>"


def svg_label(x: float, y: float, label: Label, *, anchor: str = "start", size: int = 12, extra: str = "") -> str:
    """An SVG text: Chinese, then the English in a smaller, lighter tspan on the same line."""
    zh, en = label
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" fill="{INK}"{extra}>{esc(zh)}'
        f'<tspan font-size="{size - 3}" fill="{MUTED}"> {esc(en)}</tspan></text>'
    )


def _rect(x: float, y: float, w: float, h: float, color: str, tip: str) -> str:
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{color}">'
        f"<title>{esc(tip)}</title></rect>"
    )


def _text(x: float, y: float, text: str, *, anchor: str = "start", size: int = 12) -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" fill="{INK}">{esc(text)}</text>'


def _legend(names: Sequence[Label], width: int, left: int = 60) -> list[tuple[Label, int, int]]:
    """(label, x, row) of each legend entry: as wide as its text (CJK twice as wide, the English
    smaller), wrapped to another row rather than cut off at the chart's edge."""
    out, x, row = [], left, 0
    for zh, en in names:
        w = 16 + sum(13 if ord(ch) > 0x2E80 else 7 for ch in zh) + 5 * len(en) + 18
        if x > left and x + w > width:
            x, row = left, row + 1
        out.append(((zh, en), x, row))
        x += w
    return out


def _frame(title: Label, width: int, height: int) -> str:
    size = f'viewBox="0 0 {width} {height}" width="{width}" height="{height}"'
    return f'<svg {size} role="img" aria-label="{esc(" ".join(title))}">'


def _figure(title: Label, parts: list[str]) -> str:
    return f"<figure><figcaption>{bi(title)}</figcaption>{''.join(parts)}</figure>"


def bar_chart(
    title: Label,
    labels: Sequence[str | Label],
    series: dict[Label, Sequence[float | None]],
    *,
    unit: Label,
    stacked=False,
    percent=False,
    width=760,
    height=300,
) -> str:
    """Vertical bars (grouped or stacked) as an inline SVG figure; `unit` titles the y axis. A
    category label is a year (plain) or a code's Label."""

    def shown(v: float) -> str:
        return f"{v:.1%}" if percent else num(v)

    n = max(len(labels), 1)
    legend = _legend(list(series), width)
    left, bottom, top = 70, 40, 34 + 18 * (legend[-1][2] if legend else 0)
    plot_w, plot_h = width - left - 20, height - bottom - top
    values = [[v or 0.0 for v in vs] for vs in series.values()]
    peak = (
        max((sum(col) for col in zip(*values)), default=0)
        if stacked
        else max((max(vs, default=0) for vs in values), default=0)
    )
    peak = peak or 1.0
    slot = plot_w / n
    parts = [_frame(title, width, height)]
    mid = top + plot_h / 2
    parts.append(svg_label(16, mid, unit, anchor="middle", size=11, extra=f' transform="rotate(-90 16 {mid:.1f})"'))
    for k in range(5):  # grid and y labels
        y = top + plot_h - plot_h * k / 4
        val = peak * k / 4
        label = f"{val:.0%}" if percent else num(val, 0 if peak >= 8 else 1)
        parts.append(f'<line x1="{left}" x2="{width - 20}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e2e8f0"/>')
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="#4a5568">{label}</text>'
        )
    for i, category in enumerate(labels):
        label = category if isinstance(category, str) else " ".join(category)
        x0 = left + i * slot
        base = 0.0
        for s, ((zh, en), vs) in enumerate(zip(series, values)):
            v, color = vs[i], PALETTE[s % len(PALETTE)]
            tip = f"{zh} {en} {label}: {shown(v)}"
            if stacked:
                h = plot_h * v / peak
                y = top + plot_h - plot_h * (base + v) / peak
                parts.append(_rect(x0 + slot * 0.15, y, slot * 0.7, h, color, tip))
                base += v
            else:
                bw = slot * 0.8 / len(series)
                h = plot_h * v / peak
                parts.append(_rect(x0 + slot * 0.1 + s * bw, top + plot_h - h, bw, h, color, tip))
        if isinstance(category, str):
            parts.append(_text(x0 + slot / 2, height - bottom + 16, category, anchor="middle", size=11))
        else:
            parts.append(svg_label(x0 + slot / 2, height - bottom + 16, category, anchor="middle", size=11))
    for s, (name, x, row) in enumerate(legend):
        y = 6 + 18 * row
        parts.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{PALETTE[s % len(PALETTE)]}"/>')
        parts.append(svg_label(x + 16, y + 10, name))
    parts.append("</svg>")
    return _figure(title, parts)


def hbar_chart(title: Label, rows: Sequence[tuple[str, float]], *, width=760, bar=18) -> str:
    """Horizontal bars, one per labelled value (labels are names from the warehouse, as printed)."""
    peak = max((v or 0 for _, v in rows), default=0) or 1.0
    left, height = 260, 20 + len(rows) * (bar + 6)
    parts = [_frame(title, width, height)]
    for i, (label, v) in enumerate(rows):
        y = 10 + i * (bar + 6)
        w = (width - left - 80) * (v or 0) / peak
        parts.append(_text(left - 8, y + bar - 5, label, anchor="end"))
        parts.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar}" fill="{PALETTE[0]}"/>')
        parts.append(f'<text x="{left + w + 6:.1f}" y="{y + bar - 5}" font-size="12" fill="#4a5568">{num(v)}</text>')
    parts.append("</svg>")
    return _figure(title, parts)


def table(
    title: Label | None,
    header: Sequence[Label],
    rows: Sequence[Sequence],
    percent: Sequence[int] = (),
    *,
    raw: Sequence[int] = (),
) -> str:
    """A table with bilingual headers; the columns at the indexes `percent` hold shares (0–1),
    shown as percentages; those at `raw` hold HTML this package built (links), all else is escaped."""
    head = "".join(f"<th>{bi(h)}</th>" for h in header)

    def cell(k: int, v) -> str:
        if k in raw:
            return f"<td>{v}</td>"
        cls = " class='num'" if isinstance(v, int | float) and not isinstance(v, bool) else ""
        return f"<td{cls}>{esc(fmt(v, k in percent))}</td>"

    body = "".join("<tr>" + "".join(cell(k, v) for k, v in enumerate(r)) + "</tr>" for r in rows)
    caption = f"<h3>{bi(title)}</h3>" if title else ""
    return f"{caption}<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def page(title: Label, body: str) -> str:
    """A whole self-contained HTML document (inline CSS, no script)."""
    return (
        "<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'>"
        f"<title>{esc(title[0])} — {esc(title[1])}</title><style>{CSS}</style></head><body>{body}</body></html>"
    )
