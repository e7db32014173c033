"""Curated reference tables (installed as the package ``pipeline.reference.tables``), each row with
the public source it comes from; read by :mod:`pipeline.reference.agencies`.

- ``zones.csv`` — national-level new areas, comprehensive experimental zones, national
  development and high-tech zones: bodies that publish reports but are not divisions, with the
  division hosting each.
- ``historic_divisions.csv`` — divisions created, renamed, merged or abolished since 2018, with
  old and new codes.
- ``real_body_names.csv`` — real body names as printed in report titles, with the region and level
  they must resolve to (a test reads it).
"""
