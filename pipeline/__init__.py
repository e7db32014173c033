"""The domain core: raw report files → validated long-form frames → the DuckDB warehouse.

Layers, each a sub-package that imports only the ones below it (``make lint`` checks this)::

    run        plan → parse → validate and check → load and publish (the steps Dagster calls)
    report     the HTML comparison page, from the warehouse
    warehouse  DuckDB: snapshots, loading, atomic publishing; the only loader of sql/
    validate   pandera schemas, arithmetic identities, report status
    parse      bytes → text → sections, metadata, tables → ParsedReport → frames
    reference  the agency gazetteer
    ---------- shared by all: vocabulary (template codes), model (types, enums),
               catalogue (every table's columns), normalize (text folding)

Nothing here imports Dagster (``assets/`` is the thin wiring) or the dev tooling (``bench/``).
Where a change goes: docs/architecture.md.
"""
