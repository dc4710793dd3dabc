"""Events as a Parquet table: the columns of the CSV export, typed (dates, numbers, booleans,
the article ids as a list), written in row groups so that any number of events fits in memory."""

from __future__ import annotations

from functools import lru_cache
from typing import IO, Iterable

from newsevents.export.csv import CSV_COLUMNS, csv_row
from newsevents.records import StoredEvent

# Events held in memory at a time: one Parquet row group.
ROW_GROUP = 10_000

FLAGS = ("negated", "hypothetical", "historical", "future", "compound")


@lru_cache(maxsize=1)
def parquet_schema():
    """The CSV columns with their types; a column not named here is a string."""
    import pyarrow as pa

    typed = {
        "event_id": pa.int64(),
        "date": pa.date32(),
        "goldstein": pa.float64(),
        "quad_class": pa.int8(),
        "lat": pa.float64(),
        "lon": pa.float64(),
        "geonameid": pa.int64(),
        "confidence": pa.float64(),
        **{flag: pa.bool_() for flag in FLAGS},
        "num_mentions": pa.int32(),
        "num_sources": pa.int32(),
        "num_articles": pa.int32(),
        "article_ids": pa.list_(pa.string()),
    }
    return pa.schema([(name, typed.get(name, pa.string())) for name in CSV_COLUMNS])


def parquet_row(stored: StoredEvent) -> dict:
    """The CSV row with typed values: None where the CSV has an empty cell."""
    row = {name: (None if value == "" else value) for name, value in csv_row(stored).items()}
    row["date"] = stored.event.date
    row["article_ids"] = list(stored.article_ids)
    for flag in FLAGS:
        row[flag] = bool(row[flag])
    return row


def write_parquet(events: Iterable[StoredEvent], out: str | IO[bytes]) -> int:
    """Write the events to a Parquet file (a path or a binary file); returns how many."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    count = 0
    columns: dict[str, list] = {name: [] for name in schema.names}
    with pq.ParquetWriter(out, schema) as writer:
        for stored in events:
            for name, value in parquet_row(stored).items():
                columns[name].append(value)
            count += 1
            if count % ROW_GROUP == 0:
                writer.write_table(pa.Table.from_pydict(columns, schema=schema))
                columns = {name: [] for name in schema.names}
        if count % ROW_GROUP:
            writer.write_table(pa.Table.from_pydict(columns, schema=schema))
    return count
