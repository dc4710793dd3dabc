"""Events as flat CSV rows, one per event (records.FLAT_COLUMNS)."""

from __future__ import annotations

import csv
from typing import IO, Iterable

from newsevents.records import FLAT_COLUMNS as CSV_COLUMNS
from newsevents.records import StoredEvent
from newsevents.records import flat_row as csv_row

__all__ = ["CSV_COLUMNS", "csv_row", "write_csv"]


def write_csv(events: Iterable[StoredEvent], out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    count = 0
    for stored in events:
        writer.writerow(csv_row(stored))
        count += 1
    return count
