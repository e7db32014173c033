"""The input stage: a file's bytes → the report text the label-driven reader takes.

Reports are published as plain text, as web pages and as PDF (or Word) files. Each format is
read by its own module into the same text: narrative as lines, and every table row the source
marks up (an HTML ``<tr>``, a ruled PDF table row, a Word table row) as one markdown row with
every cell in its place (:func:`table_row`) — so blank cells stay where they were and never need
guessing, which is the ambiguity a copy of the rendered page brings.

What belongs here: telling the formats apart and the shape of the text they produce. Reading
one format belongs to its module (``html``, ``pdf``, ``docx``); reading tables out of text to
:mod:`pipeline.parse.layout` and the table readers.
"""

from __future__ import annotations

import re
import zipfile
from io import BytesIO

from pipeline.model import INPUT_FORMATS  # noqa: F401  (the formats told apart here)

_HTML_HEAD = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|meta|table|div|p)[\s>/]", re.IGNORECASE)


class InputRejected(Exception):
    """A file in a known format that holds no readable report; ``str(exc)`` is the reason
    recorded in ``reports.status_reason`` (e.g. "scanned PDF: no text layer (needs OCR)")."""


def input_format(data: bytes, source_file: str) -> str:
    """text | html | pdf | docx, from the bytes first (a .txt saved from a browser is HTML) and
    the file name second."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04") and _is_docx(data):
        return "docx"
    name = source_file.rpartition("/")[2]  # (not PurePosixPath: this runs for every file)
    suffix = name[name.rfind(".") :].lower() if name.rfind(".") > 0 else ""
    if suffix in (".html", ".htm", ".shtml", ".xhtml") or (head[:1] == b"<" and _HTML_HEAD.search(head[:1024])):
        return "html"
    return "text"


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(BytesIO(data)) as z:
            return "word/document.xml" in z.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def table_row(cells: list[str]) -> str:
    """One table row as the text readers take it: a markdown row whose every cell sits in its
    place (``| 行政许可 |  | 3 | 0 |``). A cell's text is one line; a pipe inside it would split
    it, so it becomes a slash."""
    return "| " + " | ".join(_one_line(c) for c in cells) + " |"


def _one_line(cell: str) -> str:
    return " ".join(cell.split()).replace("|", "/").replace("｜", "/")


def read_input(fmt: str, data: bytes) -> tuple[str, str | None]:
    """(text, encoding) of a file that is not plain text; raises InputRejected. (The readers are
    imported when a file of their format first comes: most runs see only text.)"""
    if fmt == "html":
        from pipeline.parse.html import html_to_text

        return html_to_text(data)
    if fmt == "pdf":
        from pipeline.parse.pdf import pdf_to_text

        return pdf_to_text(data), None
    if fmt == "docx":
        from pipeline.parse.docx import docx_to_text

        return docx_to_text(data), None
    raise ValueError(f"not an input format read here: {fmt}")
