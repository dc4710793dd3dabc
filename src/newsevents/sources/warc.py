"""WARC and WARC.gz archives (warcio), as Common Crawl's CC-NEWS publishes them.

Every HTML response record becomes a document with its target URI and crawl date; other
records (requests, metadata, images, PDFs) are skipped and counted. A truncated or corrupt
archive keeps the records read before the damage and reports the damage as a failure.
"""

from __future__ import annotations

from datetime import datetime
from typing import BinaryIO, Iterator

from newsevents.records import Failure, RawDocument, Skipped

HTML_TYPES = ("text/html", "application/xhtml+xml")


def looks_like_warc(data: bytes) -> bool:
    return data.startswith(b"WARC/")


def _crawl_date(value: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None
    except ValueError:
        return None


def warc_records(source: str, stream: BinaryIO, max_bytes: int) -> Iterator[RawDocument | Failure | Skipped]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    number = 0
    try:
        for record in ArchiveIterator(stream):
            number += 1
            uri = record.rec_headers.get_header("WARC-Target-URI") or ""
            where = f"{source}#{number}:{uri}" if uri else f"{source}#{number}"
            if record.rec_type != "response" or record.http_headers is None:
                yield Skipped(where, f"{record.rec_type} record")
                continue
            content_type = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
            status = record.http_headers.get_statuscode()
            if content_type not in HTML_TYPES:
                yield Skipped(where, f"not HTML ({content_type or 'no content type'})")
                continue
            if status and not status.startswith("2"):
                yield Skipped(where, f"HTTP status {status}")
                continue
            payload = record.content_stream().read(max_bytes + 1)
            if len(payload) > max_bytes:
                yield Failure(where, f"document larger than the {max_bytes // (1024 * 1024)} MB limit", stage="read")
                continue
            yield RawDocument(source=where, content=payload, media_type="text/html", url=uri or None,
                              fetched=_crawl_date(record.rec_headers.get_header("WARC-Date")))
    except (ArchiveLoadFailed, EOFError, OSError, ValueError) as exc:
        yield Failure(f"{source}#{number + 1}", f"truncated or corrupt WARC after {number} records: {exc}", stage="read")
