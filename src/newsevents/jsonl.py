"""Reading our JSONL files (gold, labelled sentences, story texts): one JSON object a line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator


def records(path: str | Path) -> Iterator[tuple[int, str, dict]]:
    """(line number, "PATH:LINE", record) of each non-blank line of a JSONL file, read line by
    line; a line that is not a JSON object is an error that names it."""
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                record = json.loads(line)
            except ValueError as exc:
                raise ValueError(f"{where}: not JSON ({exc})") from None
            if not isinstance(record, dict):
                raise ValueError(f"{where}: expected a JSON object")
            yield number, where, record
