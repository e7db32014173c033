"""The spare: the warehouse file published before the current one, kept with the staged input of
the run that published the current one — so a run starts from the spare (renamed, not copied)
and replays that input before its own. A run's cost then follows its change, not the warehouse.

Files beside the warehouse ``W`` (hidden, never opened by analysts)::

    .W.spare           the file published before W, as it was when W replaced it
    .W.spare.replay/   the staged input of the run that published W (its run directory, moved)
    .W.spare.json      the claim: the stat (inode, size, mtime) W and the spare had then, and the
                       replay's variables for ``load/apply_run.sql``

The spare is used only when W and the spare are both as the claim says (an analyst who wrote into
either changed its stat; a WAL beside it holds unsaved writes), it can be opened for writing (an
analyst still reading the superseded file holds it) and the input to replay was staged by this
run's build: otherwise the run copies W, as runs did before. The claim is removed before a run
touches anything and written again only after publishing, so a run killed at any point leaves
nothing the next run would trust.

Why it is exact: spare + replay + this run's input is, table by table, what W + this run's input
is — the load applies the same batches in the same order, and everything derived is brought up to
date from the tables alone (tests/integration/test_incremental_derived.py: runs in steps equal one
run from scratch).

What belongs here: the spare's files and the rules for trusting them; publishing itself is
:mod:`pipeline.warehouse.store`.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Mapping
from pathlib import Path

import duckdb

# A run's staged input is kept for replay up to this size (or a twentieth of the warehouse, if
# larger): replaying it costs the next run about what loading it cost this one. A larger run
# leaves a fresh copy of what it published as the spare instead, with nothing to replay.
KEEP_STAGED_BYTES = 256 << 20
KEEP_STAGED_SHARE = 0.05

Stat = list[int]  # [inode, size, mtime_ns] (a list: what JSON gives back)
_REPLAY = "{replay}"  # where the claim's replay variables say the replay directory is


def file_stat(path: Path) -> Stat | None:
    """What changes when anyone writes a file: inode, size, mtime (None: no such file or a WAL
    beside it, i.e. writes not yet in the file)."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    if Path(f"{path}.wal").exists():
        return None
    return [st.st_ino, st.st_size, st.st_mtime_ns]


class Spare:
    """The spare of one warehouse file."""

    def __init__(self, warehouse: Path) -> None:
        self.warehouse = warehouse
        self.path = warehouse.with_name(f".{warehouse.name}.spare")
        self.replay_dir = warehouse.with_name(f".{warehouse.name}.spare.replay")
        self.claim = warehouse.with_name(f".{warehouse.name}.spare.json")
        self.linking = warehouse.with_name(f".{warehouse.name}.spare.linking")

    # ------------------------------------------------------------------ before the run writes
    def take(self, candidate: Path, build: str) -> tuple[dict[str, str] | None, Stat | None] | None:
        """Move the spare to `candidate` when the claim holds: (the variables of the input to
        replay first or None, the stat of the published file the candidate will equal once the
        replay is applied). None when the run must copy the warehouse. The claim is gone either way.
        An input staged by another build (``build``: this run's, pipeline/run/build.py) is not
        replayed: its frames may not be what this code's load reads."""
        claim = self._read_claim()
        self.claim.unlink(missing_ok=True)
        if claim is None or claim["spare"] is None:
            return None
        if file_stat(self.warehouse) != claim["published"] or file_stat(self.path) != claim["spare"]:
            return None
        replay = claim["replay"]
        if replay is not None and (replay.get("build") != build or not self.replay_dir.is_dir()):
            return None
        os.replace(self.path, candidate)
        try:  # an analyst still reading the superseded file holds it: it cannot be written
            duckdb.connect(str(candidate)).close()
        except duckdb.Error:
            candidate.unlink(missing_ok=True)
            return None
        if replay is not None:  # (kept relative to the replay directory: the files may have moved together)
            replay = {k: v.replace(_REPLAY, str(self.replay_dir)) for k, v in replay.items()}
        return replay, claim["published"]

    def _read_claim(self) -> dict | None:
        try:
            return json.loads(self.claim.read_text("utf-8"))
        except (OSError, ValueError):
            return None

    def discard(self) -> None:
        """Remove the spare, its replay and its claim (a run copying the warehouse has no use for them)."""
        self.claim.unlink(missing_ok=True)
        for p in (self.path, self.linking, Path(f"{self.path}.wal")):
            p.unlink(missing_ok=True)
        shutil.rmtree(self.replay_dir, ignore_errors=True)

    # ------------------------------------------------------------------ around publishing
    def link_superseded(self, base: Stat | None) -> bool:
        """Before publishing: a second name for the file about to be superseded, when it is still
        what the candidate started from (`base`): the next spare, this run's input replayed on it.
        (A run killed before the claim is written leaves only a name the next run removes.)"""
        self.linking.unlink(missing_ok=True)
        if base is None or file_stat(self.warehouse) != base:
            return False
        os.link(self.warehouse, self.linking)
        return True

    def keep(self, linked: bool, run_dir: Path | None, staged: Mapping[str, str]) -> str:
        """After publishing: make the claim for the next run. The superseded file becomes the
        spare with this run's input to replay when that input is small; otherwise a copy of the
        published file is the spare, with nothing to replay. What was kept: 'replay' | 'copy'."""
        for p in (self.path, Path(f"{self.path}.wal")):
            p.unlink(missing_ok=True)
        shutil.rmtree(self.replay_dir, ignore_errors=True)
        published = file_stat(self.warehouse)
        if published is None:
            return "none"
        replay = None
        limit = max(KEEP_STAGED_BYTES, KEEP_STAGED_SHARE * published[1])
        small = run_dir is not None and run_dir.is_dir() and _size(run_dir) <= limit
        if linked and small:
            shutil.move(str(run_dir), self.replay_dir)
            os.replace(self.linking, self.path)
            replay = {k: v.replace(str(run_dir), _REPLAY, 1) for k, v in staged.items()}
            kept = "replay"
        else:
            self.linking.unlink(missing_ok=True)
            # the data is published already: this copy delays the run's end, not its readers
            shutil.copyfile(self.warehouse, self.path)
            if file_stat(self.warehouse) != published:  # written while copied: no spare
                self.path.unlink(missing_ok=True)
                return "none"
            kept = "copy"
        claim = {"published": published, "spare": file_stat(self.path), "replay": replay}
        tmp = self.claim.with_suffix(".tmp")
        tmp.write_text(json.dumps(claim), "utf-8")
        os.replace(tmp, self.claim)
        return kept


def _size(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
