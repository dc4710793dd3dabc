"""Watching sources: poll feeds, sitemaps and folders, ingest what is new, sleep, and again.

Each round polls the sources that are due (`sources/watch.py`: conditional GETs with the fetcher
`ingest` uses), ingests their new items in one call of `newsevents.ingesting.ingest` (a feed item's
or a sitemap's page fetched with the item's date as a hint, as `ingest --follow` does for feeds;
a folder's new or changed files read) and then writes, in one transaction per source, what the
source answered and what became of each of its items. An item is written as seen only after its
article is stored, and a source's ETag and Last-Modified only once all its items are settled: a
watcher killed at any point loses nothing (what was not written is polled and ingested again)
and stores nothing twice (ingest keeps each article once, by its id).

A source that fails is polled again after a back-off that doubles with each failure in a row
(2, 4, 8... times the period, at most a day); the others go on. `stop()` (the command calls it on
SIGTERM and Ctrl-C) ends the run after the article being coded, with the state written.
"""

from __future__ import annotations

import io
import json
import re
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable, Sequence

from newsevents.ingesting import IngestSummary, ingest
from newsevents.limits import limits
from newsevents.sources import SourceError
from newsevents.sources.watch import Item, Poll, check_source, is_url, poll
from newsevents.sources.web import Fetcher, Validators

MAX_BACKOFF = timedelta(hours=24)
# An item whose page cannot be fetched (a timeout, a 503) is tried again in later polls, this
# many times in all, before it counts as failed; one that fails later (no article in the page)
# is not: the same page would fail the same way.
FETCH_ATTEMPTS = 3
# A source backing off is due in a round that starts up to this share of the period before its
# next poll: runs started by cron come a little early or late.
SLACK = 0.1
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(d|h|m|s)")
_UNITS = {"d": 86400, "h": 3600, "m": 60, "s": 1}


def parse_duration(text: str) -> float:
    """Seconds in a duration like 30s, 15m, 1h, 1h30m or 1d; raises ValueError."""
    value = text.strip().lower()
    parts = _DURATION.findall(value)
    if not parts or _DURATION.sub("", value).strip():
        raise ValueError(f"not a duration: {text!r} (write 30s, 15m, 1h or 1h30m)")
    seconds = sum(float(n) * _UNITS[unit] for n, unit in parts)
    if seconds <= 0:
        raise ValueError(f"a duration must be more than nothing, not {text!r}")
    return seconds


def format_duration(seconds: float) -> str:
    """30s, 15m, 2h, 1h30m."""
    seconds = round(seconds)
    out = ""
    for unit in ("d", "h", "m", "s"):
        count, seconds = divmod(seconds, _UNITS[unit])
        if count:
            out += f"{count}{unit}"
    return out or "0s"


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _iso(moment: datetime) -> str:
    """A moment as the store writes times: ISO 8601 in UTC, to the second."""
    return moment.isoformat(timespec="seconds")


def _clock(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


@dataclass
class SourceReport:
    """What one source gave in a round."""

    source: str
    kind: str | None = None
    status: int | None = None
    new: int = 0
    ingested: int = 0
    duplicates: int = 0
    failed: int = 0
    left: int = 0  # new items not settled: the watcher stopped first
    error: str | None = None
    failures: int = 0  # polls failed in a row
    next_poll: datetime | None = None  # when failing
    backoff: timedelta | None = None  # how long it waits after this failure
    waiting: bool = False  # not polled: backing off
    reasons: list[str] = field(default_factory=list)  # why items failed
    notes: list[str] = field(default_factory=list)

    def result(self) -> str:
        """What the poll found, as the output and the store's state say it."""
        if self.error:
            return self.error
        if self.status == 304 and not self.new:
            return "not modified"
        text = f"{_plural(self.new, 'new item')}"
        if self.new:
            text += f": {self.ingested} ingested, {_plural(self.duplicates, 'duplicate')}, {self.failed} failed"
        if self.left:
            text += f"; {self.left} left for the next round"
        return text

    def describe(self) -> str:
        name = f"{self.source} ({self.kind})" if self.kind else self.source
        if self.waiting:
            assert self.next_poll is not None  # what it waits for
            return (
                f"{name}: backing off after {_plural(self.failures, 'failure')} in a row: "
                f"next poll at {_clock(self.next_poll)}"
            )
        if self.error:
            assert self.backoff is not None and self.next_poll is not None  # set with the error
            return (
                f"{name}: error: {self.error}; {_plural(self.failures, 'failure')} in a row, next poll in "
                f"{format_duration(self.backoff.total_seconds())} (at {_clock(self.next_poll)})"
            )
        answer = {200: "200 OK", 304: "304 not modified"}.get(self.status, str(self.status)) if self.status else ""
        line = f"{name}: " + (
            answer if self.status == 304 and not self.new else (f"{answer}, " if answer else "") + self.result()
        )
        if self.reasons:
            shown = "; ".join(self.reasons[:3])
            more = f"; and {len(self.reasons) - 3} more (newsevents errors)" if len(self.reasons) > 3 else ""
            line += f" ({shown}{more})"
        if self.notes:
            line += " [" + "; ".join(self.notes) + "]"
        return line


@dataclass
class RoundReport:
    number: int
    started: datetime
    sources: list[SourceReport]
    events: int = 0
    stopped: bool = False  # stopped before the round was done

    @property
    def failed(self) -> bool:
        """Whether a source could not be read or an item failed."""
        return any(s.error or s.failed for s in self.sources)

    def lines(self) -> list[str]:
        polled = [s for s in self.sources if not s.waiting]
        counts = {
            name: sum(getattr(s, name) for s in self.sources) for name in ("new", "ingested", "duplicates", "failed")
        }
        summary = (
            f"round {self.number}: {_plural(len(polled), 'source')} polled "
            f"({sum(s.status == 304 and not s.error for s in polled)} not modified, "
            f"{sum(bool(s.error) for s in polled)} failed, "
            f"{sum(s.waiting for s in self.sources)} backing off); "
            f"{_plural(counts['new'], 'new item')}: {counts['ingested']} ingested, "
            f"{_plural(counts['duplicates'], 'duplicate')}, {counts['failed']} failed; "
            f"{_plural(self.events, 'event')}"
        )
        if self.stopped:
            summary += "; stopped before the round was done"
        return [s.describe() for s in self.sources] + [summary]


@dataclass
class WatchTotals:
    rounds: int = 0
    ingested: int = 0
    duplicates: int = 0
    failed: int = 0
    events: int = 0

    def describe(self) -> str:
        return (
            f"stopped after {_plural(self.rounds, 'round')}: {_plural(self.ingested, 'article')} ingested, "
            f"{_plural(self.duplicates, 'duplicate')}, {self.failed} failed; {_plural(self.events, 'event')}"
        )


class _Stop(Exception):
    """Raised through `ingest` to stop it after the article it is on."""


class Watcher:
    """Polls sources every `every` seconds and ingests what is new into `store`.

    `pipeline_options` are `ingest`'s (model, actor_files, gazetteer_files, lexicon_files,
    coder, coder_model); `report` gets each line of output; `allow_private_urls` lets feeds,
    sitemaps and their pages be fetched from private addresses (127.0.0.1, 10.x, ...)."""

    def __init__(
        self,
        sources: Sequence[str],
        store,
        *,
        every: float,
        report: Callable[[str], None] = print,
        allow_private_urls: bool = False,
        **pipeline_options,
    ):
        for source in sources:
            check_source(source)
        self.sources = list(dict.fromkeys(sources))
        self.store = store
        self.every = every
        self.report = report
        self.allow_private_urls = allow_private_urls
        self.options = pipeline_options
        self.stopping = threading.Event()
        self.totals = WatchTotals()
        store.watch_sources(self.sources)

    def stop(self) -> None:
        """Stop after the article being coded (callable from a signal handler)."""
        self.stopping.set()

    def run(self, *, once: bool = False) -> list[RoundReport]:
        """Rounds every `every` seconds until stop() (or one round, `once`); their reports."""
        reports = []
        start = time.monotonic()
        while not self.stopping.is_set():
            reports.append(self.run_round())
            if once:
                break
            # Rounds start on the period's beat; one that took longer is followed at once.
            self.stopping.wait(max(0.0, start + self.totals.rounds * self.every - time.monotonic()))
        return reports

    def run_round(self) -> RoundReport:
        """Poll the sources that are due, ingest what is new, write the state, report the round."""
        self.totals.rounds += 1
        started = _now()
        report = RoundReport(self.totals.rounds, started, [])
        states = {row["source"]: row for row in self.store.watched_sources()}
        polls: dict[str, Poll] = {}
        reports: dict[str, SourceReport] = {}
        with Fetcher(max_bytes=limits().document_bytes, allow_private_urls=self.allow_private_urls) as fetcher:
            for source in self.sources:
                if self.stopping.is_set():
                    break
                state = states.get(source, {})
                found = reports[source] = SourceReport(
                    source, kind=state.get("kind"), failures=state.get("failures") or 0
                )
                due = datetime.fromisoformat(state["next_poll"]) if state.get("next_poll") else None
                if found.failures and due and due > started + timedelta(seconds=SLACK * self.every):
                    found.waiting, found.next_poll = True, due
                    continue
                known = {
                    row["source"]: Validators(row["etag"], row["last_modified"])
                    for row in states.values()
                    if source in (row["source"], row["parent"])
                }
                try:
                    polls[source] = poll(source, fetcher, known)
                except Exception as exc:  # a bug on one source's answer must not stop the others
                    polls[source] = Poll(source, None, error=f"internal error while polling: {exc!r}")
        report.sources = list(reports.values())

        work: list[tuple[str, Item, int]] = []  # (source, item, attempts made at it)
        for source, polled in polls.items():
            unseen = self.store.unseen_items(source, [item.key for item in polled.items])
            work += [(source, item, unseen[item.key]) for item in polled.items if item.key in unseen]
            reports[source].new = len(unseen)
        summary, complete = IngestSummary(), False
        stored: list[str] = []
        if work and not self.stopping.is_set():
            summary, stored, complete = self._ingest([item for _, item, _ in work])
        report.events = summary.events

        results = self._results(work, summary, stored, complete)
        for source, polled in polls.items():
            self._record(reports[source], polled, results.get(source, []), started)
        report.stopped = len(reports) < len(self.sources) or any(s.left for s in report.sources)
        self.totals.ingested += sum(s.ingested for s in report.sources)
        self.totals.duplicates += sum(s.duplicates for s in report.sources)
        self.totals.failed += sum(s.failed for s in report.sources)
        self.totals.events += report.events
        for line in report.lines():
            self.report(line)
        return report

    def _ingest(self, items: list[Item]) -> tuple[IngestSummary, list[str], bool]:
        """Ingest items in one call (pages named as JSONL lines, as `ingest -` reads them: each
        fetched with its item's date as a hint): the summary, the ids of the articles it stored,
        and whether it ran to the end. One document at a time, so that each article stored is
        seen as it is (an article already in the store is not one of them) and a stop comes
        after the article being coded."""
        targets = list(dict.fromkeys(item.target for item in items))
        first: dict[str, Item] = {}
        for item in items:
            first.setdefault(item.target, item)
        lines = "".join(
            json.dumps(
                {k: v for k, v in (("url", t), ("date", first[t].date), ("title", first[t].title)) if v},
                ensure_ascii=False,
            )
            + "\n"
            for t in targets
            if is_url(t)
        )
        files = [t for t in targets if not is_url(t) and Path(t).exists()]  # not one gone since the poll
        latest, stored, seen = [IngestSummary()], [], [0, 0]  # ids and articles stored at the last call

        def progress(summary: IngestSummary) -> None:
            latest[0] = summary
            added = summary.stored + summary.near_duplicates
            if added > seen[1]:
                stored.extend(summary.article_ids[seen[0] :])
            seen[:] = [len(summary.article_ids), added]
            if self.stopping.is_set():
                raise _Stop

        try:
            summary = ingest(
                files + (["-"] if lines else []),
                self.store,
                workers=1,
                stdin=io.BytesIO(lines.encode("utf-8")),
                on_progress=progress,
                batch_size=1,
                allow_private_urls=self.allow_private_urls,
                **self.options,
            )
        except _Stop:
            return latest[0], stored, False
        except SourceError:  # a file gone in between: its items are polled again next round
            return latest[0], stored, False
        return summary, stored, True

    def _results(
        self, work: list[tuple[str, Item, int]], summary: IngestSummary, stored_ids: list[str], complete: bool
    ) -> dict[str, list[tuple[Item, str | None, list[str]]]]:
        """What became of each item, by source: (item, ingested|duplicate|failed|retry, or None when
        it is not known yet, reasons). An item's documents are those from its page or file (a
        feed file's items, a WARC's records: `file#...`); the first item to name a target has
        them, any other is a duplicate."""
        targets = {item.target for _, item, _ in work}

        def target_of(source: str) -> str | None:
            if source in targets:
                return source
            base = source.rsplit("#", 1)[0]
            return base if base in targets else None

        stored = Counter(target_of(s) for s in self.store.article_sources(stored_ids).values())
        failures = defaultdict(list)
        for failure in summary.failures:
            failures[target_of(failure.source)].append(failure)
        results: dict[str, list] = defaultdict(list)
        claimed = set()
        for source, item, attempts in work:
            own = item.target not in claimed
            claimed.add(item.target)
            failed = failures[item.target] if own else []
            reasons = [f"{f.source}: {f.reason}" for f in failed]
            outcome: str | None
            if own and stored[item.target]:
                outcome = "ingested"
            elif failed:
                fetching = all(f.stage == "read" for f in failed)
                outcome = "retry" if fetching and attempts + 1 < FETCH_ATTEMPTS else "failed"
            else:
                outcome = "duplicate" if complete else None
            results[source].append((item, outcome, reasons))
        return results

    def _record(self, found: SourceReport, polled: Poll, results: list, started: datetime) -> None:
        """Report a source's poll and write it to the store, with what became of its items."""
        found.kind = polled.kind or found.kind
        found.status = polled.status
        found.notes = list(polled.notes)
        if polled.error:
            found.error = polled.error
            found.failures += 1
            found.backoff = min(MAX_BACKOFF, timedelta(seconds=self.every * 2**found.failures))
            due = started + found.backoff
            found.next_poll = due + timedelta(
                microseconds=(10**6 - due.microsecond) % 10**6
            )  # to the second, not sooner
            self.store.record_poll(
                polled.source,
                kind=found.kind,
                last_poll=_iso(started),
                status=polled.status,
                result=polled.error,
                failures=found.failures,
                next_poll=_iso(found.next_poll),
                brought=0,
            )
            return
        found.failures = 0
        settled = defaultdict(lambda: True)  # by sitemap (None for the source itself): all its items settled?
        done = []
        for item, outcome, reasons in results:
            if outcome is None:
                found.left += 1
                settled[item.sitemap] = False
                continue
            done.append((item.key, outcome))
            found.ingested += outcome == "ingested"
            found.duplicates += outcome == "duplicate"
            found.failed += outcome in ("failed", "retry")
            found.reasons += reasons
            if outcome == "retry":  # fetched again next time: the source must be read again too
                settled[item.sitemap] = False
        whole = all(settled[key] for key in list(settled))
        self.store.record_poll(
            polled.source,
            items=done,
            brought=found.ingested,
            kind=found.kind,
            last_poll=_iso(started),
            status=polled.status,
            result=found.result(),
            failures=0,
            next_poll=None,
            **_validators(polled.validators if whole else None),
        )
        # A sitemap's validators only after the items it listed are written: one killed in between
        # is fetched whole again, not answered 304 with its items lost.
        for sitemap in polled.sitemaps:
            result = sitemap.error or ("not modified" if sitemap.status == 304 else _plural(len(sitemap.items), "item"))
            validators = sitemap.validators if settled[sitemap.source] and not sitemap.error else None
            self.store.record_poll(
                sitemap.source,
                parent=polled.source,
                kind="sitemap",
                last_poll=_iso(started),
                status=sitemap.status,
                result=result,
                **_validators(validators),
            )


def _validators(validators: Validators | None) -> dict:
    """The state columns of validators to keep (none: the old ones stay)."""
    if validators is None:
        return {}
    return {"etag": validators.etag, "last_modified": validators.last_modified}
