"""Parsing: one report file's bytes → a :class:`~pipeline.model.ParsedReport`; a batch → frames.

In reading order:

- :mod:`~pipeline.parse.inputs`    which format a file is (text, HTML, PDF, Word) and the text shape
  every format is read into (table rows as markdown rows, each cell in its place);
- :mod:`~pipeline.parse.html`, :mod:`~pipeline.parse.pdf`, :mod:`~pipeline.parse.docx`  a web page,
  a PDF's text layer and ruled tables, a Word file → that text (or a rejection with its reason);
- :mod:`~pipeline.parse.decoding`  bytes → text (encodings, binary and empty files rejected);
- :mod:`~pipeline.parse.split`     a file holding many reports → one text per report;
- :mod:`~pipeline.parse.sections`  the sections 一…六 by their anchor phrases;
- :mod:`~pipeline.parse.metadata`  reporting body, year and publication date from the title;
- :mod:`~pipeline.parse.layout`    a table region's lines → rows of cells, in any layout;
- :mod:`~pipeline.parse.labels`    row labels → row codes, header words, template markers;
- :mod:`~pipeline.parse.text`      the cell value grammar and cruft lines;
- :mod:`~pipeline.parse.grid`      a table's export conventions, learned from its own rows, and the
  readings they allow of a row with blanks at its edges;
- :mod:`~pipeline.parse.placing`   placing a table's rows by label, deferring rows with blanks at
  their edges to the conventions, and the cells of a placed row;
- :mod:`~pipeline.parse.tables`    tables 二, 三, 四: their rows, and the identities that choose
  between readings only when exactly one satisfies them;
- :mod:`~pipeline.parse.narrative` numbers stated in the narrative (for the N1 check);
- :mod:`~pipeline.parse.report`    the report assembler (:func:`parse_file`: every report of a file);
- :mod:`~pipeline.parse.frames`    many reports → the catalogue's long-form polars frames.

What belongs here: everything that reads text. What does not: arithmetic checks
(``pipeline.validate``), storage (``pipeline.warehouse``), runs (``pipeline.run``). This package
never imports those; it may use the reference data (``pipeline.reference``).
"""
