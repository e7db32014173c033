"""The narrative text of one report and its assembly into a document: publication date, title,
front matter (breadcrumbs, publication line, page cruft), the six sections with the three tables
in sections 2–4, the numbers the text states about the tables (claims, spec §6.11, N1), signature,
and the pdftotext-like hard wrap. Stock phrases live in ``phrases``.
"""

from __future__ import annotations

import random

from bench.synthetic import phrases
from bench.synthetic.bodies import Body
from bench.synthetic.dice import Dice
from bench.synthetic.geometry import APP_ROWS, APP_START, REVIEW_START
from bench.synthetic.tables import HALFWIDTH_PUNCTUATION
from bench.synthetic.truth import NarrativeClaim


def write_document(
    dice: Dice,
    b: Body,
    year: int,
    version: str,
    agency: str,
    tables: list[str],
    vals: list,
    values: list,
    devs: set[str],
    pdf_like: bool,
    narrative_bytes: int = 0,
) -> tuple[str, str | None, list[NarrativeClaim], bool]:
    """(text, ISO publication date if one is printed, claims, whether a claim disagrees with a table).

    ``vals``: the report's numbers in slot order; ``values``: its truth values (None when blank).
    ``narrative_bytes``: grow the narrative with work paragraphs until the text has about this
    many UTF-8 bytes (0: the stock paragraphs only)."""
    rng = dice.rng
    month, day = _publication_date(rng, b)
    pub_iso = f"{year + 1}-{month:02d}-{day:02d}"
    title = f"{agency}{year}年政府信息公开工作年度报告"
    title_lines = _title_lines(dice, agency, year, title, pdf_like, devs)
    out, printed_date = _front_matter(dice, b, agency, year, version, title, title_lines, pub_iso, devs)
    opening, fmt, scope2, halfwidth = _overview_opening(dice, b, agency, year, devs)
    out += opening
    claim_lines, claims, mismatch = _application_claims(dice, version, vals, values, year, scope2)
    out += claim_lines
    closing = _overview_closing(rng, halfwidth)
    sections = _table_sections(dice, tables, halfwidth, fmt, devs)
    if narrative_bytes:
        size = sum(len(x.encode()) + 1 for x in (*out, *closing, *sections)) + 300
        closing, sections = _grown(rng, closing, sections, narrative_bytes - size)
    out += closing
    out += sections
    out.append("六、其他需要报告的事项")
    out.append(rng.choice(phrases.OTHER).format(y=year, a=agency, fee=rng.randint(10, 5000)))
    if dice.deviate(0.3):
        out += ["", agency, f"{year + 1}年{month}月{day}日"]
        printed_date = True
        devs.add("signature_date")
    if dice.deviate(0.05):
        out += ["", rng.choice(phrases.CRUFT_PAGE)]
        devs.add("page_cruft")
    text = "\n".join(out) + "\n"
    if pdf_like and dice.deviate(0.7):
        text = _hard_wrap(rng, text)
        devs.add("hard_wrapped_narrative")
    return text, (pub_iso if printed_date else None), claims, mismatch


def _publication_date(rng: random.Random, b: Body) -> tuple[int, int]:
    """(month, day) of publication in the year after the report year; governments publish later."""
    if b.kind == "government" and b.level != "township":
        month = rng.choice((1, 2, 3, 3))
    else:
        month = 1 if rng.random() < 0.8 else 2
    if rng.random() < 0.05:
        month = rng.randint(4, 12)
    day = rng.randint(1, 28)
    return month, day


def _subheading(s: str, halfwidth: bool) -> str:
    return s.translate(HALFWIDTH_PUNCTUATION) if halfwidth else s


# ====================================================================== title and front matter
def _title_lines(dice: Dice, agency: str, y: int, title: str, pdf_like: bool, devs: set[str]) -> list[str]:
    rng = dice.rng
    tstyle = rng.random()
    if dice.deviate(0.10):
        if tstyle < 0.6:
            title_lines = [agency, f"{y}年政府信息公开工作年度报告"]
        else:
            title_lines = [f"{agency}{y}年", "政府信息公开工作年度报告"]
        devs.add("title_split")
    elif dice.deviate(0.12):
        if tstyle < 0.5:
            title_lines = [f"{agency} {y} 年政府信息公开工作年度报告"]
        else:
            title_lines = [f"{agency} {y} 年政府信息公开工作 年度报告"]
        devs.add("title_spaces")
    elif dice.deviate(0.05):
        title_lines = [rng.choice((f"{agency}{y}年度政府信息公开工作年度报告", f"{agency}{y}年政府信息公开年度报告"))]
        devs.add("title_variant")
    else:
        title_lines = [title]
    if pdf_like:
        title_lines = [" " * rng.randint(4, 14) + t for t in title_lines]
    return title_lines


def _front_matter(
    dice: Dice,
    b: Body,
    agency: str,
    y: int,
    version: str,
    title: str,
    title_lines: list[str],
    pub_iso: str,
    devs: set[str],
) -> tuple[list[str], bool]:
    """(lines up to the first section, whether a publication date is printed)."""
    rng = dice.rng
    out: list[str] = []
    printed_date = False
    if dice.deviate(0.15):
        out.append(
            rng.choice(
                (
                    f"当前位置:首页 > 政府信息公开 > 政府信息公开年报 > {y}年度",
                    "您当前的位置：首页 > 政务公开 > 法定主动公开内容 > 政府信息公开年报",
                    f"首页 > 信息公开 > 年度报告 > {y}年",
                )
            )
        )
        devs.add("breadcrumbs")
    out.extend(title_lines)
    if dice.deviate(0.35):
        out.append(_publication_line(rng, b, agency, pub_iso))
        printed_date = True
        devs.add("publish_date_line")
        if dice.deviate(0.25):
            out.append(title)
            devs.add("repeated_title")
    if dice.deviate(0.05):
        out.append(rng.choice(phrases.CRUFT_PAGE))
        devs.add("page_cruft")
    out.append("")
    if rng.random() < 0.3:
        doc_no = "国办公开办函〔2021〕30号" if version == "2021" else "国办公开办函〔2019〕60号"
        out.append(
            f"根据《中华人民共和国政府信息公开条例》和《国务院办公厅政府信息与政务公开办公室关于印发<中华人民共和国政府信息公开工作年度报告格式>的通知》（{doc_no}）要求，"
            f"现发布{agency}{y}年政府信息公开工作年度报告。本报告统计数据从{y}年1月1日至12月31日。"
        )
        out.append("")
    return out, printed_date


def _publication_line(rng: random.Random, b: Body, agency: str, pub_iso: str) -> str:
    yy, mm, dd = pub_iso.split("-")
    # all three are built before the choice: the page-view count is drawn whichever is printed
    return rng.choice(
        (
            f"发布日期:{yy}年{mm}月{dd}日 来源:{agency}",
            f"发布时间：{pub_iso}",
            f"发布日期：{pub_iso} 来源：{b.printed[-1]}  浏览次数：{rng.randint(20, 900)}",
        )
    )


# ====================================================================== 一、总体情况
def _overview_opening(dice: Dice, b: Body, agency: str, y: int, devs: set[str]) -> tuple[list[str], dict, str, bool]:
    """(lines of 一、总体情况 up to （二）依申请公开, format fields, who the text says received the
    applications, whether sub-headings use half-width brackets)."""
    rng = dice.rng
    out: list[str] = []
    scope = (b.scope + "各级行政机关") if b.is_aggregate else rng.choice(("本机关", agency))
    scope2 = b.scope if b.is_aggregate else rng.choice(("我单位", "本机关", agency))
    fmt = dict(y=y, a=agency, s=scope)
    if dice.deviate(0.05):
        devs.add("heading_missing")
    else:
        out.append("一、总体情况")
    out.append(rng.choice(phrases.INTRO).format(**fmt))
    halfwidth = rng.random() < 0.5
    k1, k2, k3 = rng.randint(5, 300), rng.randint(0, 80), rng.randint(0, 20)
    heading = rng.choice(("（一）主动公开情况", "（一）主动公开政府信息情况", "（一）主动公开"))
    out.append(_subheading(heading, halfwidth))
    k = k1 + k2 + k3 + rng.randint(0, 50)
    out.append(rng.choice(phrases.ACTIVE).format(k=k, k1=k1, k2=k2, k3=k3, j=rng.randint(0, 12), y=y, s=scope))
    out.append(_subheading(rng.choice(("（二）依申请公开情况", "（二）依申请公开")), halfwidth))
    return out, fmt, scope2, halfwidth


def _overview_closing(rng: random.Random, halfwidth: bool) -> list[str]:
    """（三）to（五）of 一、总体情况."""
    return [
        _subheading("（三）政府信息管理情况", halfwidth),
        rng.choice(phrases.MGMT),
        _subheading(rng.choice(("（四）政府信息公开平台建设情况", "（四）平台建设情况")), halfwidth),
        rng.choice(phrases.PLATFORM),
        _subheading(rng.choice(("（五）监督保障情况", "（五）政府信息公开监督保障情况")), halfwidth),
        rng.choice(phrases.SUPERVISION).format(t=rng.randint(1, 6)),
        "",
    ]


# ====================================================================== claims (N1)
def _application_claims(
    dice: Dice, version: str, vals: list, values: list, y: int, scope2: str
) -> tuple[list[str], list[NarrativeClaim], bool]:
    """(sentences about applications, review and litigation, the claims they make, whether one
    claim was made to disagree with its table)."""
    rng = dice.rng
    a0 = APP_START[version]
    ri = {rc: a0 + 7 * i + 6 for i, rc in enumerate(APP_ROWS[version])}  # row totals
    r0 = REVIEW_START[version]
    claim_slots = {
        "new_received_total": [ri["new_received"]],
        "carried_in_total": [ri["carried_in"]],
        "results_total": [ri["results_total"]],
        "carried_forward_total": [ri["carried_forward"]],
        "review_total": [r0 + 4],
        "litigation_total": [r0 + 9, r0 + 14],
    }
    table = {c: sum(vals[i] for i in slots) for c, slots in claim_slots.items()}
    mismatch = dice.deviate(0.035)
    sentences, claims = _claim_sentences(rng, y, scope2, table, mismatch)
    if mismatch and claims:
        _falsify_one_claim(rng, claims)
    else:
        mismatch = False
    stated = {c: st for c, st, _ in claims}
    lines = [s.format(**stated) if "{" in s else s for s in sentences]
    out_claims = []
    for c, st, _ in claims:
        vs = [values[i] for i in claim_slots[c]]
        tv = None if any(v is None for v in vs) else float(sum(vs))  # the table as printed
        out_claims.append(NarrativeClaim(c, int(st), tv))
    return lines, out_claims, mismatch


def _claim_sentences(
    rng: random.Random, y: int, scope2: str, table: dict, mismatch: bool
) -> tuple[list[str], list[tuple[str, int, int]]]:
    """(sentences with {claim} fields, [(claim, stated, table value)])."""
    r = rng.random
    t_new, t_ci = table["new_received_total"], table["carried_in_total"]
    t_rev, t_lit = table["review_total"], table["litigation_total"]
    sentences = []
    claims: list[tuple[str, int, int]] = []
    if t_new == 0 and t_ci == 0:
        if r() < 0.7 and not mismatch:
            sentences.append(f"{y}年，{scope2}未收到政府信息公开申请。")
        else:  # a mismatch needs a number in the text (002: text 11, table 0)
            sentences.append(f"{y}年，{scope2}共收到政府信息公开申请{{new_received_total}}件。")
        claims.append(("new_received_total", 0, t_new))
    else:
        form = rng.randrange(3)
        if form == 0:
            sentences.append(
                f"{y}年，{scope2}共收到政府信息公开申请{{new_received_total}}件，上年结转{{carried_in_total}}件，均已按照法定时限和程序予以答复。"
            )
            named = ("new_received_total", "carried_in_total")
        elif form == 1:
            sentences.append(
                f"{y}年，{scope2}共受理政府信息公开申请{{new_received_total}}件，办结{{results_total}}件，结转下年度继续办理{{carried_forward_total}}件。"
            )
            named = ("new_received_total", "results_total", "carried_forward_total")
        else:
            sentences.append("全年共收到政府信息公开申请{new_received_total}件，均在法定期限内予以答复。")
            named = ("new_received_total",)
        claims += [(c, table[c], table[c]) for c in named]
    if t_rev or t_lit or r() < 0.5:
        if t_rev == 0 and t_lit == 0 and r() < 0.6:
            sentences.append("全年未发生因政府信息公开引起的行政复议、行政诉讼案件。")
        else:
            sentences.append("全年发生政府信息公开行政复议{review_total}件、行政诉讼{litigation_total}件。")
            claims += [("review_total", t_rev, t_rev), ("litigation_total", t_lit, t_lit)]
    return sentences, claims


def _falsify_one_claim(rng: random.Random, claims: list[tuple[str, int, int]]) -> None:
    """Change the stated number of one claim so that it disagrees with its table."""
    mi = rng.randrange(len(claims))
    c, st, tb = claims[mi]
    if st == 0:
        st = rng.randint(1, 12)
    else:
        st = max(0, st + rng.choice((-1, 1)) * rng.randint(1, max(1, int(st * 0.3) + 3)))
        if st == tb:
            st = tb + 1
    claims[mi] = (c, st, tb)


# ====================================================================== sections 2–6
def _table_sections(dice: Dice, tables: list[str], halfwidth: bool, fmt: dict, devs: set[str]) -> list[str]:
    """Sections 二 to 四 (one table each) and 五 (problems and improvements)."""
    rng = dice.rng
    h4 = phrases.H4[0]
    h5 = phrases.H5[0]
    if dice.deviate(0.15):
        h4 = rng.choice(phrases.H4)
        h5 = rng.choice(phrases.H5)
        if h4 != phrases.H4[0] or h5 != phrases.H5[0]:
            devs.add("heading_variant")
    if dice.deviate(0.06):
        h5 = h5[2:]
        devs.add("heading_unnumbered")
    out: list[str] = []
    for h, t in zip(("二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", h4), tables, strict=True):
        out += [h, "", t, ""]
    out.append(h5)
    if rng.random() < 0.4:
        out.append(_subheading("（一）存在的主要问题", halfwidth))
        out.append(rng.choice(phrases.PROBLEMS).format(**fmt))
        out.append(_subheading(rng.choice(("（二）改进情况", "（二）改进措施")), halfwidth))
    else:
        out.append(rng.choice(phrases.PROBLEMS).format(**fmt))
    out.append(rng.choice(phrases.IMPROVE))
    out.append("")
    return out


def _grown(rng: random.Random, closing: list[str], sections: list[str], extra: int) -> tuple[list[str], list[str]]:
    """About ``extra`` more bytes of work paragraphs: two thirds in 一、总体情况 (before its last
    blank line), one third in 五 (after its first paragraph)."""
    paragraphs = []
    while extra > 0:
        p = rng.choice(phrases.WORK).format(
            n=rng.randint(2, 60), m=rng.randint(3, 900), p=rng.randint(1, 400), q=rng.randint(1, 99)
        )
        paragraphs.append(p)
        extra -= len(p.encode()) + 1
    cut = len(paragraphs) * 2 // 3
    five = next((i for i in range(len(sections) - 1, -1, -1) if sections[i] == ""), len(sections))
    return closing[:-1] + paragraphs[:cut] + closing[-1:], sections[:five] + paragraphs[cut:] + sections[five:]


def _hard_wrap(rng: random.Random, text: str) -> str:
    """pdftotext-like narrative: long prose lines cut every ~30 characters, page numbers."""
    width = rng.randint(28, 34)
    out = []
    page = 1
    n = 0
    for line in text.split("\n"):
        if len(line) > width + 6 and "\t" not in line and "  " not in line and "|" not in line:
            first = True
            while line:
                out.append(("   " if first else "") + line[:width])
                line = line[width:]
                first = False
                n += 1
                if n % 38 == 0:
                    page += 1
                    out.append(" " * 40 + f"-{page - 1}-")
                    out.append("\f")
        else:
            out.append(line)
    return "\n".join(out)
