"""Reading documents from where users keep them: files, folders, globs, standard input,
gzip-compressed files and JSONL exports of news APIs and crawlers.

Sources yield `RawDocument`s lazily, one at a time, so a folder of a million files is read
in bounded memory; a document that cannot be read yields a `Failure` and reading goes on.
"""

from __future__ import annotations

import glob
import gzip
import io
import json
import os
import zlib
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from newsevents.records import Failure, RawDocument

# Larger documents are refused: no news page is this big, and parsing one would not be bounded.
MAX_DOCUMENT_BYTES = 16 * 1024 * 1024

MEDIA_TYPES = {
    ".html": "text/html", ".htm": "text/html", ".xhtml": "text/html", ".shtml": "text/html",
    ".txt": "text/plain", ".text": "text/plain",
}
JSONL_SUFFIXES = (".jsonl", ".ndjson")
JSONL_FIELDS = ("id", "url", "title", "date", "text", "html")


class SourceError(ValueError):
    """A source argument names nothing that can be read."""


def _read_limited(stream: BinaryIO, limit: int = MAX_DOCUMENT_BYTES) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"document larger than the {limit // (1024 * 1024)} MB limit")
    return data


def _open_bytes(path: Path) -> bytes:
    with open(path, "rb") as raw:
        if path.suffix == ".gz":
            with gzip.GzipFile(fileobj=raw) as stream:
                return _read_limited(stream)
        return _read_limited(raw)


def _base_suffix(path: Path) -> str:
    name = path.name.lower()
    name = name[:-3] if name.endswith(".gz") else name
    return os.path.splitext(name)[1]


def _jsonl_documents(source: str, stream: Iterable[bytes]) -> Iterator[RawDocument | Failure]:
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue
        where = f"{source}#L{number}"
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            yield Failure(where, f"invalid JSON on line {number}: {exc}", stage="read")
            continue
        if not isinstance(record, dict):
            yield Failure(where, f"line {number} is not a JSON object", stage="read")
            continue
        fields = {k: str(record[k]) for k in JSONL_FIELDS if record.get(k) not in (None, "")}
        if not (fields.get("text") or fields.get("html")):
            reason = "has a url but no text or html (fetching pages is not supported yet)" if fields.get("url") else "has no text or html field"
            yield Failure(where, f"line {number} {reason}", stage="read")
            continue
        yield RawDocument(source=where, content=b"", media_type="application/json", url=fields.get("url"), fields=fields)


def read_file(path: Path) -> Iterator[RawDocument | Failure]:
    """The documents in one file: one for a page, one per line for JSONL."""
    source = str(path)
    suffix = _base_suffix(path)
    try:
        if suffix in JSONL_SUFFIXES:
            opener = gzip.open if path.suffix == ".gz" else open
            with opener(path, "rb") as stream:
                yield from _jsonl_documents(source, stream)
            return
        data = _open_bytes(path)
    except (OSError, EOFError, zlib.error, ValueError) as exc:
        yield Failure(source, f"cannot read file: {exc}", stage="read")
        return
    yield RawDocument(source=source, content=data, media_type=MEDIA_TYPES.get(suffix))


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root, name)


def read_stdin(stream: BinaryIO) -> Iterator[RawDocument | Failure]:
    data = stream.read()
    lines = [line for line in data.splitlines() if line.strip()]
    if lines and all(line.lstrip().startswith(b"{") for line in lines):
        yield from _jsonl_documents("<stdin>", lines)
    else:
        yield RawDocument(source="<stdin>", content=data)


def read_sources(specs: Iterable[str], stdin: BinaryIO | None = None) -> Iterator[RawDocument | Failure]:
    """Every document named by the source arguments, in order; bad ones as Failures.

    Raises SourceError for an argument that names nothing at all (a typo in a path), before
    anything is read, so a batch never runs half-configured.
    """
    plans: list[tuple[str, object]] = []
    for spec in specs:
        if spec == "-":
            plans.append(("stdin", None))
        elif spec.startswith(("http://", "https://")):
            plans.append(("url", spec))
        elif Path(spec).is_dir():
            plans.append(("dir", Path(spec)))
        elif Path(spec).exists():
            plans.append(("file", Path(spec)))
        elif any(c in spec for c in "*?["):
            matches = sorted(glob.glob(spec, recursive=True))
            if not matches:
                raise SourceError(f"no files match {spec!r}")
            plans.extend(("dir" if Path(m).is_dir() else "file", Path(m)) for m in matches)
        else:
            raise SourceError(f"no such file or folder: {spec!r}")
    for kind, value in plans:
        if kind == "stdin":
            yield from read_stdin(stdin or io.BytesIO(b""))
        elif kind == "url":
            yield Failure(str(value), "reading URLs is not supported yet; save the page and ingest the file", stage="read")
        elif kind == "dir":
            for path in _walk(value):
                yield from read_file(path)
        else:
            yield from read_file(value)
