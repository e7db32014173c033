"""Dagster layer: thin wiring of the domain core in ``pipeline/`` into assets, checks and automation."""
