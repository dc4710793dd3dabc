"""Reading documents from where users keep them: files, folders, globs, standard input,
gzip-compressed files, JSONL exports of news APIs and crawlers, RSS/Atom/JSON feeds, WARC
archives and URLs.

Sources yield documents lazily, one at a time, so a folder of a million files or a WARC of a
hundred thousand pages is read in bounded memory. What cannot be read yields a `Failure` with
its reason and reading goes on; what is not an article (a WARC request record) yields a
`Skipped`.
"""

from __future__ import annotations

import glob
import gzip
import io
import itertools
import json
import os
import stat
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Callable, Iterable, Iterator, Literal, Mapping

from newsevents.limits import limits, size_text
from newsevents.records import FEED_ITEM, Failure, RawDocument, Skipped
from newsevents.sources.feeds import feed_items, looks_like_feed
from newsevents.sources.warc import looks_like_warc, warc_ranges, warc_records

if TYPE_CHECKING:
    from newsevents.sources.web import Fetcher

__all__ = ["read_sources", "split_sources", "read_part", "Part", "SourceError"]

MEDIA_TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".xhtml": "text/html",
    ".shtml": "text/html",
    ".txt": "text/plain",
    ".text": "text/plain",
}
JSONL_SUFFIXES = (".jsonl", ".ndjson")
FEED_SUFFIXES = (".rss", ".atom", ".rdf")
WARC_SUFFIXES = (".warc", ".arc")
SQLITE_MAGIC = b"SQLite format 3\x00"
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")
JSONL_FIELDS = ("id", "url", "title", "date", "text", "html")

Item = RawDocument | Failure | Skipped
Stream = BinaryIO | gzip.GzipFile  # a file, standard input, or either gzip-compressed
# What a source argument names, with the argument itself: "-", a URL, a folder's or a file's path.
Plan = tuple[Literal["stdin", "url", "dir", "file"], str]


class SourceError(ValueError):
    """A source argument names nothing that can be read."""


def _read_limited(stream: Stream, start: bytes = b"") -> bytes:
    """The rest of a stream after `start` (what was read of it already), both together;
    ValueError if they are longer than a document may be."""
    limit = limits().document_bytes
    data = start + stream.read(max(limit + 1 - len(start), 0))
    if len(data) > limit:
        raise ValueError(f"document larger than the {size_text(limit)} limit")
    return data


def _lines(stream: Stream) -> Iterator[bytes | None]:
    """The lines of a stream, each no longer than a document may be; None for a longer one,
    which is read on to its end a megabyte at a time and never held whole."""
    limit = limits().document_bytes
    while line := stream.readline(limit + 1):
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield None
        else:
            yield line


def _base_suffix(path: Path) -> str:
    name = path.name.lower()
    name = name[:-3] if name.endswith(".gz") else name
    return os.path.splitext(name)[1]


def _jsonl_documents(source: str, lines: Iterable[bytes | None]) -> Iterator[Item]:
    for number, line in enumerate(lines, 1):
        where = f"{source}#L{number}"
        if line is None:
            yield Failure(
                where,
                f"line {number} is longer than the {size_text(limits().document_bytes)} limit for a document: not read",
                stage="read",
            )
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            yield Failure(where, f"invalid JSON on line {number}: {exc}", stage="read")
            continue
        if not isinstance(record, dict):
            yield Failure(where, f"line {number} is not a JSON object", stage="read")
            continue
        fields = {k: str(record[k]) for k in JSONL_FIELDS if record.get(k) not in (None, "")}
        if fields.get("text") or fields.get("html"):
            yield RawDocument(
                source=where, content=b"", media_type="application/json", url=fields.get("url"), fields=fields
            )
        elif fields.get("url"):
            yield RawDocument(source=where, content=b"", media_type="text/uri-list", url=fields["url"], fields=fields)
        else:
            yield Failure(where, f"line {number} has no text, html or url field", stage="read")


def _is_sqlite(side_file: Path) -> bool:
    """Whether a "-wal"/"-shm"/"-journal" file belongs to an SQLite database beside it."""
    database = side_file.with_name(side_file.name.rsplit("-", 1)[0])
    try:
        with open(database, "rb") as f:
            return f.read(16) == SQLITE_MAGIC
    except OSError:
        return False


def _open(path: Path) -> gzip.GzipFile | io.BufferedReader:
    raw = open(path, "rb")
    return gzip.GzipFile(fileobj=raw) if path.suffix.lower() == ".gz" else raw


def _expand(
    source: str,
    data: bytes,
    media_type: str | None = None,
    url: str | None = None,
    fetched: datetime | None = None,
    fields: Mapping[str, str] | None = None,
) -> Iterator[Item]:
    """One read document: a feed's items, a WARC's records, or the document itself."""
    if looks_like_warc(data):
        yield from warc_records(source, lambda: io.BytesIO(data), limits().document_bytes)
    elif looks_like_feed(data) and media_type != "text/html":
        for _, item in feed_items(source, data):
            yield item
    else:
        yield RawDocument(
            source=source, content=data, media_type=media_type, url=url, fetched=fetched, fields=fields or {}
        )


def _opener(path: Path) -> Callable[[], BinaryIO]:
    """What gives a fresh binary stream of a file each time it is called."""
    return lambda: open(path, "rb")


def _warc_by(suffix: str, head: bytes) -> bool:
    """Whether a file whose name ends in `suffix` and whose (decompressed) content starts with
    `head` is read as a WARC archive."""
    return suffix not in JSONL_SUFFIXES and (suffix in WARC_SUFFIXES or head.startswith(b"WARC/"))


def _is_warc(path: Path) -> bool:
    """Whether a file is a WARC archive, as `read_file` decides it."""
    if _special_file(path):
        return False
    try:
        with _open(path) as stream:
            head = stream.read(5)
    except (OSError, EOFError, zlib.error):
        head = b""
    return _warc_by(_base_suffix(path), head)


def read_file(path: Path) -> Iterator[Item]:
    """The documents in one file: one for a page, one per line for JSONL, one per item for a
    feed, one per HTML response for a WARC."""
    source = str(path)
    suffix = _base_suffix(path)
    special = _special_file(path)
    if special:  # opening a FIFO would wait for a writer forever, a device would never end
        yield Skipped(source, f"{special}, not a file: not read")
        return
    try:
        with _open(path) as stream:
            if suffix in JSONL_SUFFIXES:
                yield from _jsonl_documents(source, _lines(stream))
                return
            head = stream.peek(16)[:16]
            if head.startswith(SQLITE_MAGIC) or (path.name.endswith(SQLITE_SIDE_FILES) and _is_sqlite(path)):
                yield Skipped(source, "an SQLite database (a newsevents store?), not a document")
                return
            warc = _warc_by(suffix, head)
            if not warc:
                data = _read_limited(stream)
        if warc:  # warcio reads gzip members itself, and must see a cut
            yield from warc_records(source, _opener(path), limits().document_bytes)
            return
    except (OSError, EOFError, zlib.error, ValueError) as exc:
        yield Failure(source, f"cannot read file: {exc}", stage="read")
        return
    if suffix in FEED_SUFFIXES and not looks_like_feed(data):
        yield Failure(source, "not a feed: no RSS, Atom or JSON Feed document in the file", stage="read")
        return
    yield from _expand(source, data, MEDIA_TYPES.get(suffix))


def _special_file(path: Path) -> str | None:
    """What a path that is not a regular file is (a FIFO, a socket, a device), else None."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None  # reading it will say why
    for test, name in (
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ):
        if test(mode):
            return name
    return None


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root, name)


def read_stdin(stream: BinaryIO) -> Iterator[Item]:
    """Standard input: JSONL (one object per line), or a single document or feed."""
    lines = _lines(stream)
    first = next(lines, b"")
    try:
        complete_object = first is not None and isinstance(json.loads(first), dict)
    except (json.JSONDecodeError, UnicodeDecodeError):
        complete_object = False
    if complete_object:
        yield from _jsonl_documents("<stdin>", itertools.chain([first], lines))
        return
    if first is None:
        yield Failure("<stdin>", f"document larger than the {size_text(limits().document_bytes)} limit", stage="read")
        return
    try:
        data = _read_limited(stream, first)
    except ValueError as exc:
        yield Failure("<stdin>", str(exc), stage="read")
        return
    yield from _expand("<stdin>", data)


def _plan(specs: Iterable[str]) -> list[Plan]:
    plans: list[Plan] = []
    for spec in specs:
        if spec == "-":
            plans.append(("stdin", spec))
        elif spec.startswith(("http://", "https://")):
            plans.append(("url", spec))
        elif Path(spec).is_dir():
            plans.append(("dir", spec))
        elif Path(spec).exists():
            plans.append(("file", spec))
        elif any(c in spec for c in "*?["):
            matches = sorted(glob.glob(spec, recursive=True))
            if not matches:
                raise SourceError(f"no files match {spec!r}")
            plans.extend(("dir" if Path(m).is_dir() else "file", m) for m in matches)
        else:
            raise SourceError(f"no such file or folder: {spec!r}")
    return plans


def count_files(specs: Iterable[str]) -> int | None:
    """How many files the sources name, when they are only files, folders and globs."""
    try:
        plans = _plan(specs)
    except SourceError:
        return None
    if any(kind in ("stdin", "url") for kind, _ in plans):
        return None
    return sum(sum(1 for _ in _walk(Path(value))) if kind == "dir" else 1 for kind, value in plans)


class _Resolver:
    """Fetches what only names a URL: JSONL lines with a url, feed items when following.
    A fetched feed is followed one level further; no deeper."""

    def __init__(self, fetcher: Fetcher | None, *, follow: bool, allow_private_urls: bool) -> None:
        self.fetcher = fetcher
        self.own_fetcher: Fetcher | None = None  # made here when needed, so closed here
        self.follow = follow
        self.allow_private_urls = allow_private_urls

    def _web(self) -> Fetcher:
        if self.fetcher is None:
            from newsevents.sources.web import Fetcher

            self.fetcher = self.own_fetcher = Fetcher(
                max_bytes=limits().document_bytes, allow_private_urls=self.allow_private_urls
            )
        return self.fetcher

    def _page_to_fetch(self, item: Item) -> tuple[str, dict[str, str]] | None:
        """The URL of the page an item only names, with the item's fields that travel to the
        page: the page's own title wins; its date only if it states none (the item's date is
        then the publisher's word for it)."""
        if not isinstance(item, RawDocument) or not item.url:
            return None
        if item.media_type == "text/uri-list" or (self.follow and item.media_type == FEED_ITEM):
            return item.url, ({"feed_date": item.fields["date"]} if item.fields.get("date") else {})
        return None

    def resolve(self, items: Iterable[Item], depth: int = 0) -> Iterator[Item]:
        waiting: list[tuple[str, dict[str, str]]] = []
        for item in items:
            page = self._page_to_fetch(item)
            if page is None:
                yield item
                continue
            waiting.append(page)
            if len(waiting) >= 32:
                yield from self._fetch(waiting, depth)
                waiting = []
        yield from self._fetch(waiting, depth)

    def _fetch(self, pages: list[tuple[str, dict[str, str]]], depth: int) -> Iterator[Item]:
        if not pages:
            return
        for fetched in self._web().fetch_all([url for url, _ in pages], [fields for _, fields in pages]):
            if isinstance(fetched, Failure):
                yield fetched
                continue
            expanded = _expand(
                fetched.source, fetched.content, fetched.media_type, fetched.url, fetched.fetched, fetched.fields
            )
            yield from (self.resolve(expanded, depth + 1) if depth < 1 else expanded)

    def close(self) -> None:
        if self.own_fetcher is not None:
            self.own_fetcher.close()


def _read_plan(kind: str, value: str, stdin: BinaryIO | None) -> Iterator[Item]:
    """The documents of standard input, a URL or a file (a folder is read file by file)."""
    if kind == "stdin":
        return read_stdin(stdin or io.BytesIO(b""))
    if kind == "url":
        return iter([RawDocument(source=value, content=b"", media_type="text/uri-list", url=value)])
    return read_file(Path(value))


def read_sources(
    specs: Iterable[str],
    stdin: BinaryIO | None = None,
    *,
    follow: bool = False,
    fetcher: Fetcher | None = None,
    allow_private_urls: bool = False,
) -> Iterator[Item]:
    """Every document named by the source arguments, in order; bad ones as Failures.

    URLs (given directly, in JSONL exports, or as feed links with `follow`) are fetched with
    `fetcher` (a `newsevents.sources.web.Fetcher`; one is made when needed, refusing private
    addresses unless `allow_private_urls`). Raises
    SourceError for an argument that names nothing at all (a typo in a path), before anything
    is read, so a batch never runs half-configured.
    """
    plans = _plan(specs)
    resolver = _Resolver(fetcher, follow=follow, allow_private_urls=allow_private_urls)
    try:
        for kind, value in plans:
            if kind == "dir":
                for path in _walk(Path(value)):
                    yield from resolver.resolve(read_file(path))
            else:
                yield from resolver.resolve(_read_plan(kind, value, stdin))
    finally:
        resolver.close()


@dataclass(frozen=True)
class Part:
    """A piece of the sources that a worker reads by itself: one file, or a range of a WARC
    archive's records (`span` = offset, first record's number, count)."""

    path: str
    span: tuple[int, int, int] | None = None

    @property
    def size(self) -> int:
        """Roughly how many documents it holds (a file: one)."""
        return self.span[2] if self.span else 1


def split_sources(
    specs: Iterable[str],
    stdin: BinaryIO | None = None,
    *,
    follow: bool = False,
    records: int = 32,
    allow_private_urls: bool = False,
) -> Iterator[Part | Item]:
    """The sources as `read_sources` reads them, in the same order, but as Parts for workers
    to read where they can (files, and WARC archives cut into ranges of `records` records,
    found by reading the archive's record headers only) and as documents where only this
    process can read them (standard input, URLs). `read_part` reads a Part."""
    plans = _plan(specs)
    for kind, value in plans:
        if kind in ("stdin", "url"):
            yield from read_sources([value], stdin, follow=follow, allow_private_urls=allow_private_urls)
            continue
        for path in _walk(Path(value)) if kind == "dir" else [Path(value)]:
            if _is_warc(path):
                for piece in warc_ranges(str(path), _opener(path), records):
                    yield piece if isinstance(piece, Failure) else Part(str(path), piece)
            else:
                yield Part(str(path))


def read_part(part: Part, *, follow: bool = False, allow_private_urls: bool = False) -> Iterator[Item]:
    """The documents of a Part of the sources, as `read_sources` gives them."""
    path = Path(part.path)
    if part.span is None:
        if not path.exists():  # gone since the sources were split
            yield Failure(part.path, "cannot read file: no such file", stage="read")
            return
        yield from read_sources([part.path], follow=follow, allow_private_urls=allow_private_urls)
        return
    try:
        yield from warc_records(part.path, _opener(path), limits().document_bytes, span=part.span)
    except OSError as exc:
        yield Failure(f"{part.path}#{part.span[1]}", f"cannot read file: {exc}", stage="read")
