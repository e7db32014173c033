"""Word (.docx) reports: paragraphs and tables in document order, read from the file's own XML.

A merged cell (a horizontal span, or a vertical merge continued from the row above) appears once,
in the row where it starts; every other cell keeps its place, blank or not, as one markdown row
(:func:`pipeline.parse.inputs.table_row`).

What belongs here: reading a .docx into report text. Nothing about what the text says.
"""

from __future__ import annotations

import zipfile
from io import BytesIO

from lxml import etree

from pipeline.parse.inputs import InputRejected, table_row

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_to_text(data: bytes) -> str:
    """The report text of a .docx; raises InputRejected when it holds none."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as z:
            xml = z.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError, OSError, EOFError) as exc:
        raise InputRejected(f"broken Word file: {type(exc).__name__}") from exc
    try:
        root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))
    except etree.XMLSyntaxError as exc:
        raise InputRejected(f"broken Word file: {exc}") from exc
    body = root.find(f"{_W}body")
    lines = [] if body is None else _block_lines(body)
    text = "\n".join(lines)
    if len("".join(text.split())) < 20:
        raise InputRejected("Word file with no text")
    return text


def _block_lines(parent) -> list[str]:
    lines: list[str] = []
    for child in parent:
        if child.tag == f"{_W}p":
            line = _text(child)
            if line:
                lines.append(line)
        elif child.tag == f"{_W}tbl":
            lines += _table_lines(child)
        elif child.tag == f"{_W}sdt":  # a content control wraps paragraphs and tables
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                lines += _block_lines(content)
    return lines


def _table_lines(tbl) -> list[str]:
    lines = []
    for tr in tbl.findall(f"{_W}tr"):
        cells = []
        for tc in tr.findall(f"{_W}tc"):
            props = tc.find(f"{_W}tcPr")
            merge = None if props is None else props.find(f"{_W}vMerge")
            if merge is not None and merge.get(f"{_W}val", "continue") == "continue":
                continue  # covered by the cell above: it appears once, where it starts
            cells.append("".join(_text(p) for p in tc.iter(f"{_W}p")))
        if cells:
            lines.append(table_row(cells))
    return lines


def _text(element) -> str:
    """The visible text of a paragraph: its runs' text, tabs as spaces."""
    parts = []
    for node in element.iter(f"{_W}t", f"{_W}tab"):
        parts.append(node.text or "" if node.tag == f"{_W}t" else " ")
    return " ".join("".join(parts).split())
