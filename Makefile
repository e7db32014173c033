# Two commands on a fresh machine (Python 3.11, pip, make): `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# Settings (README): the Dagster resources read them when a run launches (dg.EnvVar).
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home
export REPORTS_RAW_DIR ?= data/raw
export REPORTS_WAREHOUSE ?= data/warehouse.duckdb
export REPORTS_STAGING ?= data/staging
export REPORTS_WORKERS ?= $(shell nproc 2>/dev/null || echo 1)
export REPORTS_MIN_APPLICATIONS ?= 10
export REPORTS_EXPORT_DIR ?= data/exports

.PHONY: install run export test lint dev bench bench-scale accuracy mutate clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

$(DAGSTER_HOME)/dagster.yaml:
	@mkdir -p $(DAGSTER_HOME)
	@cp dagster.yaml $(DAGSTER_HOME)/dagster.yaml

# Materialize every asset on the reports in $(REPORTS_RAW_DIR) into $(REPORTS_WAREHOUSE).
run: $(STAMP) $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/dagster job execute -m assets.definitions -j ingest_reports

# Parquet (by year), CSV (UTF-8 with BOM) and the newsroom workbook from the published warehouse
# into $(REPORTS_EXPORT_DIR); a second export of the same warehouse rewrites nothing.
export: $(STAMP) $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/dagster job execute -m assets.definitions -j export_data

test: $(STAMP)
	$(BIN)/python -m pytest -q

# Style (ruff) and the architecture's import contracts (import-linter, see pyproject.toml).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

# Dagster UI (webserver + daemon: schedules and sensors) on http://127.0.0.1:3000
dev: $(STAMP) $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/dagster dev -w workspace.yaml -h 127.0.0.1 -p 3000

bench: $(STAMP)
	$(BIN)/python -m bench.run

# 1 M reports (about 11 GB of corpus, built once under data/bench/, and 10 GB of warehouse): end
# to end, incremental runs, every comparison query; into bench/results.json (scale_1000k)
bench-scale: $(STAMP)
	$(BIN)/python -m bench.run --scale

accuracy: $(STAMP)
	$(BIN)/python -m bench.accuracy

# Mutation testing (about 30 min): known bugs, a sample of mutmut's mutants of pipeline/, SQL mutants.
mutate: $(STAMP)
	$(BIN)/python -m bench.mutate

clean:
	rm -rf $(VENV) $(DAGSTER_HOME) data/warehouse.duckdb* data/staging data/reports data/exports
