"""WARC and WARC.gz archives (warcio), as Common Crawl's CC-NEWS publishes them.

Every HTML response record becomes a document with its target URI and crawl date; other
records (requests, metadata, images, PDFs) are skipped and counted. A truncated or corrupt
archive keeps the complete records read before the damage and reports the damage as a
failure: warcio itself ends quietly at a cut, so the archive is checked (a gzip archive's
compressed stream read to its end; a plain archive's last record against its declared length).
"""

from __future__ import annotations

import re
import zlib
from datetime import datetime
from typing import TYPE_CHECKING, BinaryIO, Callable, Iterator

from newsevents.limits import size_text
from newsevents.records import Failure, RawDocument, Skipped

if TYPE_CHECKING:
    from warcio.recordloader import ArcWarcRecord

HTML_TYPES = ("text/html", "application/xhtml+xml")
_CONTENT_LENGTH = re.compile(rb"\r\nContent-Length:\s*(\d+)", re.I)


def looks_like_warc(data: bytes) -> bool:
    if data[:2] == b"\x1f\x8b":  # gzip: look at the start of what it holds
        try:
            data = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[:4096], 16)
        except zlib.error:
            return False
    return data.startswith(b"WARC/")


def _crawl_date(value: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None
    except ValueError:
        return None


def _gzip_damage(stream: BinaryIO) -> tuple[str, int] | None:
    """Why a gzip archive cannot be read to its end, if it cannot, and where the member that
    cannot be read starts (a WARC.gz holds a record to a member: that record and any after it
    are not whole). Read in chunks, its output thrown away a megabyte at a time."""
    start = fed = 0  # where the member being read starts; bytes read so far
    member = zlib.decompressobj(16 + zlib.MAX_WBITS)
    begun = False  # whether the member being read has had any input
    try:
        while chunk := stream.read(1 << 20):
            fed += len(chunk)
            data = chunk
            while data:
                begun = True
                member.decompress(data, 1 << 20)
                if member.eof:
                    data = member.unused_data
                    start = fed - len(data)
                    member, begun = zlib.decompressobj(16 + zlib.MAX_WBITS), False
                else:
                    data = member.unconsumed_tail
    except zlib.error as exc:
        return f"damaged gzip data: {exc}", start
    if begun:
        return "Compressed file ended before the end-of-stream marker was reached", start
    return None


def _record_is_cut(stream: BinaryIO, offset: int, size: int) -> bool:
    """Whether the plain-WARC record at `offset` ends beyond the end of the archive."""
    stream.seek(offset)
    head = stream.read(64 * 1024)
    end_of_headers = head.find(b"\r\n\r\n")
    declared = _CONTENT_LENGTH.search(head[: end_of_headers + 2]) if end_of_headers > 0 else None
    return declared is not None and offset + end_of_headers + 4 + int(declared.group(1)) > size


def _archive(stream: BinaryIO):
    """warcio's ArchiveIterator over a stream, except that a response record without a
    WARC-Target-URI comes out with no HTTP headers instead of stopping the iteration (warcio
    looks at the URI's scheme before reading them)."""
    from warcio.archiveiterator import ArchiveIterator

    records = ArchiveIterator(stream)
    read_headers = records.loader.load_http_headers

    def load_http_headers(rec_type, uri, body, length):
        return None if uri is None else read_headers(rec_type, uri, body, length)

    records.loader.load_http_headers = load_http_headers
    return records


def _survey(opener: Callable[[], BinaryIO], check_gzip: bool) -> tuple[bool, int, str | None, int | None]:
    """Whether the archive is gzip-compressed, its size, and (when `check_gzip` and it is)
    why and from where it cannot be read to its end, if it cannot."""
    with opener() as probe:
        compressed = probe.read(2) == b"\x1f\x8b"
        size = probe.seek(0, 2)
        probe.seek(0)
        damage, damaged_at = (_gzip_damage(probe) if compressed and check_gzip else None) or (None, None)
    return compressed, size, damage, damaged_at


def _response_item(
    record: ArcWarcRecord, where: str, uri: str, payload: bytes, max_bytes: int
) -> RawDocument | Failure | Skipped:
    """A response record with HTTP headers, as a document if it is an HTML page that was had."""
    content_type = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    status = record.http_headers.get_statuscode()
    if content_type not in HTML_TYPES:
        return Skipped(where, f"not HTML ({content_type or 'no content type'})")
    if status and not status.startswith("2"):
        return Skipped(where, f"HTTP status {status}")
    if len(payload) > max_bytes:
        return Failure(where, f"document larger than the {size_text(max_bytes)} limit", stage="read")
    return RawDocument(
        source=where,
        content=payload,
        media_type="text/html",
        url=uri or None,
        fetched=_crawl_date(record.rec_headers.get_header("WARC-Date")),
    )


def warc_records(
    source: str, opener: Callable[[], BinaryIO], max_bytes: int, *, span: tuple[int, int, int] | None = None
) -> Iterator[RawDocument | Failure | Skipped]:
    """The documents of a WARC archive (plain or gzip); `opener` gives a fresh binary stream
    of it each time it is called (the archive is checked apart from its reading).

    `span` = (offset, first record's number, count) reads only those records, as one of the
    ranges `warc_ranges` found (which has checked the archive: damage is its to report)."""
    from warcio.exceptions import ArchiveLoadFailed

    offset, first, count = span or (0, 1, None)
    compressed, size, damage, damaged_at = _survey(opener, check_gzip=span is None)
    number = first - 1
    with opener() as stream, opener() as checker:
        stream.seek(offset)
        try:
            records = _archive(stream)
            for record in records:
                if count is not None and number - first + 1 >= count:
                    break
                number += 1
                uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                where = f"{source}#{number}:{uri}" if uri else f"{source}#{number}"
                if record.rec_type == "response" and not uri:
                    yield Failure(
                        where, f"WARC response record {number} has no WARC-Target-URI: not read", stage="read"
                    )
                    continue
                wanted = record.rec_type == "response" and record.http_headers is not None
                payload = record.content_stream().read(max_bytes + 1) if wanted else b""
                # (warcio knows a record's offset only once the record has been read)
                if not compressed and _record_is_cut(checker, records.get_record_offset(), size):
                    damage = f"record {number} is cut short"
                    number -= 1
                    break
                if damaged_at is not None and records.get_record_offset() >= damaged_at:
                    number -= 1  # in the gzip member that is cut or damaged: not whole
                    break
                if wanted:
                    yield _response_item(record, where, uri, payload, max_bytes)
                else:
                    yield Skipped(where, f"{record.rec_type} record")
        except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error) as exc:
            damage = damage or str(exc)
    if damage and span is None:
        yield Failure(
            f"{source}#{number + 1}", f"truncated or corrupt WARC after {number} records: {damage}", stage="read"
        )


def warc_ranges(source: str, opener: Callable[[], BinaryIO], per: int) -> Iterator[tuple[int, int, int] | Failure]:
    """A WARC archive cut into ranges of `per` records, (offset, first record's number,
    count), for workers to read apart (`warc_records(..., span=...)`); then the archive's
    damage, if any, as `warc_records` reports it. Only the records' headers are kept."""
    from warcio.exceptions import ArchiveLoadFailed

    compressed, size, damage, damaged_at = _survey(opener, check_gzip=True)
    number, start = 0, None
    with opener() as stream, opener() as checker:
        try:
            records = _archive(stream)
            for _ in records:
                offset = records.get_record_offset()
                if not compressed and _record_is_cut(checker, offset, size):
                    damage = f"record {number + 1} is cut short"
                    break
                if damaged_at is not None and offset >= damaged_at:
                    break  # the record of the member that is cut or damaged
                number += 1
                if start is None:
                    start = (offset, number)
                if number - start[1] + 1 == per:
                    yield (*start, per)
                    start = None
        except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error) as exc:
            damage = damage or str(exc)
    if start is not None:
        yield (*start, number - start[1] + 1)
    if damage:
        yield Failure(
            f"{source}#{number + 1}", f"truncated or corrupt WARC after {number} records: {damage}", stage="read"
        )
