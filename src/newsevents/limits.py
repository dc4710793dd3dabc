"""What one document may cost, stated once: every source, stage and worker reads these.

Hostile or broken input (a gzip bomb, a JSONL line of a gigabyte, a page that is one
paragraph of megabytes) must cost one document a failure with its reason, never the batch
its memory or its time. Each limit is a setting with a default, overridden by an environment
variable (read when the limit is asked for, so a worker process sees its parent's):

    NEWSEVENTS_MAX_DOCUMENT_BYTES    bytes of one document after decompression (a file, a
                                     JSONL line, a WARC record, a feed, a downloaded page)
    NEWSEVENTS_MAX_PARAGRAPH_CHARS   characters the parser is given at once: a longer
                                     paragraph is cut at sentence ends into pieces this long
    NEWSEVENTS_MAX_DOCUMENT_CHARS    characters of an article that are parsed and coded; the
                                     rest is stored but not coded, and the article is listed
                                     with the reason
    NEWSEVENTS_MAX_DOCUMENT_SECONDS  seconds a document may take in each stage (extraction,
                                     coding) before it is given up as failed with the reason
"""

from __future__ import annotations

import os
import signal
import threading
import time
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import Iterator, TypeVar

__all__ = ["Limits", "limits", "DocumentTimeout", "time_limit", "check_time", "size_text"]


@dataclass(frozen=True)
class Limits:
    # No news page is this big, and parsing one that big would not be bounded.
    document_bytes: int = 16 * 2**20
    # The coder's cost per sentence grows with the length of the piece parsed around it: a
    # 100,000-character stretch took 6.9 s in pieces of 20,000, 3.9 s in pieces of 5,000,
    # 3.5 s in pieces of 2,000. Real paragraphs are under 5,000 and are parsed whole.
    paragraph_chars: int = 5_000
    # A long-form feature is ~60,000 characters; beyond 100,000 a text is a transcript, a dump
    # or an attack, and coding it all would take minutes (~40 s a megabyte). An 8 MB paragraph
    # beside a good story: ingest's peak (2 workers, all processes) 1.30 GB with 100,000, 1.50
    # GB with 200,000.
    document_chars: int = 100_000
    # Coding 100,000 characters of dense political prose takes ~5 s on one core.
    document_seconds: float = 120.0


_ENV = {
    "document_bytes": "NEWSEVENTS_MAX_DOCUMENT_BYTES",
    "paragraph_chars": "NEWSEVENTS_MAX_PARAGRAPH_CHARS",
    "document_chars": "NEWSEVENTS_MAX_DOCUMENT_CHARS",
    "document_seconds": "NEWSEVENTS_MAX_DOCUMENT_SECONDS",
}


def limits() -> Limits:
    """The limits in force: the defaults, as the environment overrides them."""
    default = Limits()
    return replace(default, **{name: _setting(name, getattr(default, name)) for name in _ENV})


_Number = TypeVar("_Number", int, float)


def _setting(name: str, default: _Number) -> _Number:
    """A limit as its environment variable sets it, else `default`, whose type it takes;
    ValueError when the variable does not hold a positive number."""
    value = os.environ.get(_ENV[name], "").strip()
    if not value:
        return default
    kind = type(default)
    try:
        number = kind(value.replace("_", ""))
    except ValueError:
        number = kind(0)
    if number <= 0:
        raise ValueError(
            f"{_ENV[name]} must be a positive {'number' if kind is float else 'whole number'}, not {value!r}"
        )
    return number


def size_text(n: int) -> str:
    """Bytes as a person says them: "16 MB", "512 KB", "300 bytes"."""
    for unit, size in (("GB", 2**30), ("MB", 2**20), ("KB", 2**10)):
        if n >= size:
            return f"{n / size:.3g} {unit}"
    return f"{n} bytes"


class DocumentTimeout(BaseException):
    """A document took longer than it may (NEWSEVENTS_MAX_DOCUMENT_SECONDS). Not an Exception:
    a stage's `except Exception` (the coder's guard against its own bugs) must let it through."""

    def __init__(self, seconds: float):
        super().__init__(f"gave up after {seconds:g} s, the time a document may take (NEWSEVENTS_MAX_DOCUMENT_SECONDS)")
        self.seconds = seconds


_deadline: ContextVar[tuple[float, float] | None] = ContextVar("deadline", default=None)


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise DocumentTimeout inside the block once `seconds` have passed.

    In a process's main thread (a local worker, the command line) a timer signal interrupts
    whatever Python code runs, a runaway regular expression included; in other threads (a
    Dask worker's, the web server's) the stages call `check_time` between pieces of work.
    """
    token = _deadline.set((time.monotonic() + seconds, seconds))
    timed = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    if timed:

        def expire(signum, frame):
            raise DocumentTimeout(seconds)

        previous = signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        if timed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        _deadline.reset(token)


def check_time() -> None:
    """Raise DocumentTimeout if the `time_limit` around this call has run out."""
    deadline = _deadline.get()
    if deadline is not None and time.monotonic() > deadline[0]:
        raise DocumentTimeout(deadline[1])
