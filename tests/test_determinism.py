"""Two clean runs of the same input give the same store, byte for byte apart from timestamps:
in worker processes as in one, with near-duplicates whose original is decided the same way."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from conftest import SAMPLES
from newsevents.ingesting import ingest
from newsevents.store import Store

# Columns that say when something happened to the store, not what it holds.
CLOCK_COLUMNS = {"ingested_at", "fetched_at", "first_seen", "last_seen"}


def _corpus(folder: Path) -> Path:
    """The sample articles, and edited copies of some of them (near-duplicates of their story,
    each equally like the original), some dated before it."""
    folder.mkdir()
    articles = sorted(SAMPLES.glob("*.txt"))
    for path in articles:
        (folder / path.name).write_bytes(path.read_bytes())
    for path in articles[:4]:
        text = path.read_text(encoding="utf-8")
        paragraphs = text.split("\n\n")
        (folder / f"copy-a-{path.name}").write_text("\n\n".join(paragraphs[:-1]) + "\n", encoding="utf-8")
        (folder / f"copy-b-{path.name}").write_text(
            "\n\n".join(paragraphs[:-2] + paragraphs[-1:]) + "\n", encoding="utf-8"
        )
    return folder


def _dump(path: Path) -> list[tuple]:
    """Every row of every table, in a fixed order, without the clock's columns."""
    db = sqlite3.connect(path)
    rows = []
    tables = [
        name
        for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE '%_data' AND name NOT LIKE '%_idx' AND name NOT LIKE '%_docsize' "
            "AND name NOT LIKE '%_config' AND name NOT LIKE '%_content' ORDER BY name"
        )
    ]
    for table in tables:
        columns = [c[1] for c in db.execute(f"PRAGMA table_info({table})") if c[1] not in CLOCK_COLUMNS]
        if not columns:
            continue
        select = ", ".join(f'"{c}"' for c in columns)
        rows.append((table, tuple(columns)))
        rows.extend((table, *row) for row in db.execute(f"SELECT {select} FROM {table} ORDER BY {select}"))
    db.close()
    return rows


@pytest.mark.parametrize("workers", [1, 2])
def test_two_clean_runs_give_the_same_store(tmp_path, workers):
    corpus = _corpus(tmp_path / "in")
    dumps, summaries = [], []
    for run in ("first", "second"):
        db = tmp_path / f"{run}.db"
        with Store.open(f"sqlite:///{db}") as store:
            summary = ingest([str(corpus)], store, workers=workers)
        summaries.append((summary.read, summary.stored, summary.near_duplicates, summary.events))
        dumps.append(_dump(db))
    assert summaries[0] == summaries[1] and summaries[0][2] >= 3
    assert len(dumps[0]) > 200
    assert dumps[0] == dumps[1]
