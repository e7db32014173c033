"""The newsroom workbook: one ``.xlsx`` sheet per headline view, written with xlsxwriter (BSD).

Each sheet: row 1 the English column names (as in the warehouse and the CSV), row 2 a Chinese
label where one exists, both frozen with the first column; widths from the longest value (a CJK
character counts twice); shares and rates as percentages. Written row by row
(``constant_memory``) so a 100k-row sheet does not sit in memory as cell objects.

Same rows, same bytes: the creation date is fixed and xlsxwriter stamps the zip entries with a
fixed date, so an unchanged warehouse gives an identical file.

What belongs here: the layout of the workbook. Which views become sheets: :mod:`pipeline.export.spec`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import xlsxwriter

MAX_ROWS = 1_048_576 - 2  # a sheet's rows, less the two header rows
_CREATED = datetime(2019, 1, 1, tzinfo=UTC)  # fixed (the 2019 template's year): bytes depend on rows only
_MAX_WIDTH, _MIN_WIDTH, _NUMBER_WIDTH, _LABEL_WIDTH = 50, 6, 14, 16
_PERCENT_WORDS = ("share", "rate", "_pct")


def write(path: Path, sheets: Sequence[tuple[str, pl.DataFrame]], labels: Mapping[str, str]) -> None:
    """Write `sheets` (name, rows in order) as one workbook at `path`."""
    book = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            "nan_inf_to_errors": True,
            # text is data: never turn "=…" into a formula, "http…" into a link or "007" into 7
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    book.set_properties(
        {"title": "Government information-disclosure annual reports: headline views", "created": _CREATED}
    )
    header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "bottom": 1})
    label = book.add_format(
        {
            "italic": True,
            "font_color": "#595959",
            "bg_color": "#F2F2F2",
            "bottom": 1,
            "text_wrap": True,
            "valign": "top",
        }
    )
    percent = book.add_format({"num_format": "0.0%"})
    for name, frame in sheets:
        sheet = book.add_worksheet(name[:31])  # Excel's limit for a sheet name
        cells = _as_cells(frame)
        formats = []
        for i, column in enumerate(cells.columns):
            numeric = cells.schema[column].is_numeric()
            formats.append(percent if numeric and any(w in column for w in _PERCENT_WORDS) else None)
            sheet.set_column(i, i, _width(cells[column], column, labels.get(column, ""), numeric), formats[i])
        sheet.write_row(0, 0, cells.columns, header)
        sheet.set_row(1, 30)  # two lines of label
        sheet.write_row(1, 0, [labels.get(c, "") for c in cells.columns], label)
        sheet.freeze_panes(2, 1)
        for r, row in enumerate(cells.iter_rows(), start=2):
            for c, value in enumerate(row):
                if value is not None:  # a cell's own format: Excel shows a cell without one as General
                    sheet.write(r, c, value, formats[c])
    book.close()


def _as_cells(frame: pl.DataFrame) -> pl.DataFrame:
    """Values a cell holds: lists joined by '; ' (as in the CSV), dates and other types as text."""
    out = []
    for name, dtype in frame.schema.items():
        col = pl.col(name)
        if isinstance(dtype, pl.List):
            out.append(col.list.eval(pl.element().cast(pl.String)).list.join("; "))
        elif not (dtype.is_numeric() or dtype == pl.Boolean or dtype == pl.String):
            out.append(col.cast(pl.String))
    return frame.with_columns(out)


def _width(values: pl.Series, name: str, label: str, numeric: bool) -> float:
    """Column width in characters: the widest of name, label and values (CJK counts double)."""
    text = values.cast(pl.String)
    # UTF-8 takes 3 bytes for a CJK character, 1 for ASCII: (bytes + chars) / 2 is the display width
    widest = ((text.str.len_bytes() + text.str.len_chars()) / 2).max() or 0
    if numeric:
        widest = min(widest, _NUMBER_WIDTH)
    shown = max(len(name), min(2 * len(label), _LABEL_WIDTH), widest)  # a longer label wraps
    return float(min(max(shown + 2, _MIN_WIDTH), _MAX_WIDTH))
