"""Writing an export: every format's writer by name, what each leaves out, and a file written
whole or not at all."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Callable, Iterable, TextIO

from newsevents.export.csv import write_csv
from newsevents.export.gdelt import write_gdelt
from newsevents.export.geojson import write_geojson
from newsevents.export.ics import write_ics
from newsevents.export.json import stored_event_dict
from newsevents.export.parquet import write_parquet

FORMATS = ("gdelt", "csv", "jsonl", "parquet", "ics", "geojson")
# The events a format has no way to state, as the summary names them.
LEAVES_OUT = {"gdelt": "negated or hypothetical", "geojson": "without coordinates", "ics": "without a date"}


def write_jsonl(events: Iterable, out: TextIO) -> int:
    count = 0
    for stored in events:
        out.write(json.dumps(stored_event_dict(stored), ensure_ascii=False) + "\n")
        count += 1
    return count


# A writer writes the events to `out` (text, or bytes for parquet) and says how many it wrote.
Writer = Callable[[Iterable[Any], Any], int]

WRITERS: dict[str, Writer] = {
    "gdelt": write_gdelt,
    "csv": write_csv,
    "jsonl": write_jsonl,
    "parquet": write_parquet,
    "ics": write_ics,
    "geojson": write_geojson,
}


class Counted:
    """The events as they are read, counted (the writers say how many they wrote)."""

    def __init__(self, events: Iterable):
        self.events, self.count = events, 0

    def __iter__(self):
        for event in self.events:
            self.count += 1
            yield event


def write_whole(path: str, write, *, binary: bool) -> int:
    """`write(file)` into a temporary file beside `path`, renamed to `path` once it is complete:
    an export that fails leaves no half-written file behind."""

    def opened(where: Path):
        return open(where, "wb") if binary else open(where, "w", encoding="utf-8", newline="")

    target = Path(path)
    if target.exists() and not target.is_file():  # a device or a named pipe (/dev/null): write to it
        with opened(target) as f:
            return write(f)
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with opened(temp) as f:
            written = write(f)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return written
