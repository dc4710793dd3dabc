"""Writing to the store: articles with their events, idempotently, each report of an event
merged into the event other articles reported already (see store.merge), near-duplicate
copies of a story as more reports of its events, and the documents that failed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timezone

from newsevents.records import Article, CodedArticle, Failure
from newsevents.store.article_rows import (
    _ARTICLE_COLUMNS,
    _EVENT_COLUMNS,
    _EVIDENCE_COLUMNS,
    _INSERT_ARTICLE,
    _article_row,
    _article_rows,
    _ArticleRows,
)
from newsevents.store.backend import Backend
from newsevents.store.errors import ArticlesRefused, StoreError
from newsevents.store.merge import _Candidate, _merge_target


class Writing(Backend):
    """The writes of SQLStore (the backend supplies the statements they run, `_q`, `_qmany`,
    `_matching`, `_insert_rows`, and its transactions and ids)."""

    events_added = 0  # new events stored by the last add_many

    def has_article(self, article_id: str) -> bool:
        return self._q("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def add(self, coded: CodedArticle, fingerprint: bytes | None = None) -> bool:
        """Store an article with its events, in one transaction; False if it was already stored.

        `fingerprint` is the article's MinHash signature, kept to find later copies of it.
        """
        return self.add_many([(coded, fingerprint)])[0]

    def add_many(self, items: Sequence[tuple[CodedArticle, bytes | None]]) -> list[bool]:
        """Store articles, each with its events and MinHash fingerprint (or None), in one
        transaction: for each, True if it is newly stored, False if it was stored already (or
        earlier in `items`). Reports merge exactly as if the articles were added one by one, in order.

        An article holding a value the store refuses (a NUL character) is left out and the others
        are stored; then ArticlesRefused (a StoreError) is raised, naming the articles refused
        (its `refused`, by position in `items`) and carrying the answer for the others (`added`).

        Afterwards `events_added` is how many new events the call stored: the other reports of
        its articles merged into events stored before (or earlier in `items`).
        """
        now = now_iso()
        self.events_added = 0
        checked: list[_ArticleRows | None] = []
        refused: dict[int, str] = {}
        for position, (coded, fingerprint) in enumerate(items):
            try:
                checked.append(_article_rows(coded, fingerprint, now))
            except StoreError as exc:
                refused[position] = str(exc)
                checked.append(None)
        added: dict[int, bool] = {}  # by position in `items`
        if len(refused) < len(items):
            with self._write_tx():
                stored = {
                    row[0]
                    for row in self._matching(
                        "WITH k(id) AS (VALUES {keys}) SELECT a.id FROM k JOIN articles a ON a.id = k.id",
                        [(rows.coded.article.id,) for rows in checked if rows is not None],
                    )
                }
                new = []
                for position, rows in enumerate(checked):
                    if rows is not None:
                        added[position] = rows.coded.article.id not in stored
                        if added[position]:
                            stored.add(rows.coded.article.id)
                            new.append(rows)
                if new:
                    self.events_added = self._write(new)
        if refused:
            raise ArticlesRefused(
                "; ".join(f"{items[p][0].article.source}: {reason}" for p, reason in refused.items()),
                refused,
                [added.get(position) for position in range(len(items))],
            )
        return [added[position] for position in range(len(items))]

    def _write(self, batch: list[_ArticleRows]) -> int:
        """Write new articles with their tags, places, actors, toponyms and events (in _write_tx);
        returns how many events are new."""
        # New articles (the batch's ids were looked up in this transaction): they, their tags and
        # their toponyms (each without repeats) conflict with no stored row.
        self._insert_rows("articles", _ARTICLE_COLUMNS, [rows.article for rows in batch])
        self._insert_rows("article_tags", ("article_id", "tag", "kind"), [tag for rows in batch for tag in rows.tags])
        self._index_articles([rows.coded.article for rows in batch])
        # A place or actor is stored as the first article naming it has it, as when the articles
        # are added one by one; actors are numbered in that order too.
        places: dict[int, tuple] = {}
        actors: dict[tuple[str, str], tuple] = {}
        for rows in batch:
            for geonameid, place in rows.places.items():
                places.setdefault(geonameid, place)
            for key in sorted(rows.actors):
                actors.setdefault(key, rows.actors[key])
        self._qmany(
            """INSERT INTO places (geonameid, name, country, lat, lon, feature) VALUES (?,?,?,?,?,?)
                       ON CONFLICT DO NOTHING""",
            [places[geonameid] for geonameid in sorted(places)],
        )
        coordinates = {
            geonameid: (lat, lon)
            for geonameid, lat, lon in self._matching(
                "WITH k(geonameid) AS (VALUES {keys}) SELECT p.geonameid, p.lat, p.lon FROM k"
                " JOIN places p ON p.geonameid = k.geonameid",
                [(geonameid,) for geonameid in places],
            )
        }
        actor_ids = self._actor_ids(actors)
        self._insert_rows(
            "toponyms",
            ("article_id", "start", '"end"', "text", "geonameid"),
            [toponym for rows in batch for toponym in rows.toponyms],
        )
        return self._write_events(batch, actor_ids, coordinates)

    def _actor_ids(self, actors: dict[tuple[str, str], tuple]) -> dict[tuple[str, str], int]:
        """The ids of actors by their keys, storing those that are new (in the order given)."""
        select = (
            "WITH k(code, name) AS (VALUES {keys}) SELECT a.code, a.name, a.id FROM k"
            " JOIN actors a ON a.code = k.code AND a.name = k.name"
        )
        ids = {(code, name): actor_id for code, name, actor_id in self._matching(select, list(actors))}
        new = [key for key in actors if key not in ids]
        if new:
            self._qmany(
                "INSERT INTO actors (code, country, sector, name, kind) VALUES (?,?,?,?,?) ON CONFLICT DO NOTHING",
                [actors[key] for key in new],
            )
            ids.update({(code, name): actor_id for code, name, actor_id in self._matching(select, new)})
        return ids

    def _write_events(
        self, batch: list[_ArticleRows], actor_ids: dict[tuple[str, str], int], coordinates: dict[int, tuple]
    ) -> int:
        """Each report of the batch becomes a new event or another report of one (see
        _merge_target): merges are settled in memory, in order, then every row is written at once.
        Returns how many events are new."""
        merging = self._stored_candidates(batch)
        created: list[_Candidate] = []
        reports: list[tuple[_Candidate, int | None, tuple, str]] = []  # event, speaker id, evidence columns, sentence
        dyads: dict[tuple[str, str], list[float]] = defaultdict(list)

        def actor_id(key: tuple[str, str] | None) -> int | None:
            return None if key is None else actor_ids.get(key)

        for rows in batch:
            article_id = rows.coded.article.id
            for event, source, target, speaker, days, event_columns, evidence_columns in rows.events:
                codes = (source[0] if source else "", target[0] if target else "")
                # Only a dated report with an actor code merges.
                merge_days = days if source or target else None
                found = (
                    _merge_target(merging, article_id, event, merge_days, *codes) if merge_days is not None else None
                )
                if found is None:
                    place = event.location.geonameid if event.location else None
                    lat, lon = coordinates.get(place, (None, None)) if place is not None else (None, None)
                    found = _Candidate(len(created), True, event.cameo_code, lat, lon)
                    found.articles.add(article_id)
                    found.confidence = event.confidence
                    found.columns = (actor_id(source), actor_id(target), event_columns)
                    created.append(found)
                    if merge_days is not None:
                        merging[(merge_days[1], *codes, int(event.negated), int(event.hypothetical))].append(found)
                    dyads[codes].append(event.goldstein)
                else:  # its confidence is raised to this report's
                    found.articles.add(article_id)
                    found.confidence = max(found.confidence, event.confidence)
                found.reports += 1
                reports.append((found, actor_id(speaker), evidence_columns, event.evidence))
        for candidate, event_id in zip(created, self._new_ids("events", len(created))):
            candidate.id = event_id
        self._insert_rows(
            "events", _EVENT_COLUMNS, [(e.id, *e.columns[:2], e.reports, e.confidence, *e.columns[2]) for e in created]
        )
        evidence_ids = self._new_ids("evidence", len(reports))
        self._insert_rows(
            "evidence",
            _EVIDENCE_COLUMNS,
            [
                (evidence_id, e.id, speaker, *columns)
                for evidence_id, (e, speaker, columns, _) in zip(evidence_ids, reports)
            ],
        )
        self._index_evidence([(evidence_id, report[3]) for evidence_id, report in zip(evidence_ids, reports)])
        # In the order of their ids: concurrent writers of these rows wait instead of deadlocking.
        stored = sorted(
            (e for candidates in merging.values() for e in candidates if not e.new and e.reports), key=lambda e: e.id
        )
        self._qmany(
            """UPDATE events SET reports = reports + ?, confidence = CASE WHEN confidence < ? THEN ? ELSE confidence END
                       WHERE id = ?""",
            [(e.reports, e.confidence, e.confidence, e.id) for e in stored],
        )
        self._count_dyads(dyads)
        return len(created)

    def _stored_candidates(self, batch: list[_ArticleRows]) -> defaultdict[tuple, list[_Candidate]]:
        """The stored events the batch's reports may merge into, by date, actor codes and modality:
        those with the actor codes of a report, dated within a day of it, of its CAMEO base code."""
        keys = set()
        for rows in batch:
            for e in rows.events:
                if e.days is not None and (e.source or e.target):
                    base = e.event.cameo_code[:3]
                    codes = (e.source[0] if e.source else "", e.target[0] if e.target else "")
                    keys.add((*e.days, base, base + "\uffff", *codes))
        stored = self._matching(
            f"""WITH k(before, day, after, low, high, source, target) AS (VALUES {{keys}})
               SELECT e.id, e.date, coalesce(sa.code, ''), coalesce(ta.code, ''), e.negated, e.hypothetical,
                      e.cameo_code, p.lat, p.lon
               FROM {self._CANDIDATE_EVENTS}
               LEFT JOIN actors sa ON sa.id = e.source_actor_id LEFT JOIN actors ta ON ta.id = e.target_actor_id
               LEFT JOIN places p ON p.geonameid = e.geonameid
               WHERE coalesce(sa.code, '') = k.source AND coalesce(ta.code, '') = k.target""",
            sorted(keys),
        )
        merging: defaultdict[tuple, list[_Candidate]] = defaultdict(list)
        for event_id, *key, cameo_code, lat, lon in {row[0]: row for row in stored}.values():
            merging[tuple(key)].append(_Candidate(event_id, False, cameo_code, lat, lon))
        return merging

    def _count_dyads(self, added: dict[tuple[str, str], list[float]]) -> None:
        """Count new events per pair of actor codes, summing their Goldstein scores in the order
        the events were made (the very sums of adding them one by one)."""
        stored = {
            (source, target): (events, goldstein)
            for source, target, events, goldstein in self._matching(
                "WITH k(source, target) AS (VALUES {keys}) SELECT d.source_code, d.target_code, d.events, d.goldstein"
                " FROM k JOIN dyads d ON d.source_code = k.source AND d.target_code = k.target",
                list(added),
            )
        }
        rows = []
        for pair in sorted(added):
            events, goldstein = stored.get(pair, (0, 0.0))
            for score in added[pair]:
                goldstein += score
            rows.append((*pair, events + len(added[pair]), goldstein))
        self._qmany(
            """INSERT INTO dyads (source_code, target_code, events, goldstein) VALUES (?, ?, ?, ?)
                       ON CONFLICT (source_code, target_code) DO UPDATE SET events = excluded.events,
                       goldstein = excluded.goldstein""",
            rows,
        )

    def add_near_duplicate(self, article: Article, original_id: str, fingerprint: bytes | None = None) -> int:
        """Store a further copy of a stored story, uncoded, as more reports of its events.

        Each event of the original gains a report from this copy wherever the copy has the
        evidence sentence word for word; returns how many reports were added.
        """
        with self._write_tx():
            if not self._q(_INSERT_ARTICLE, _article_row(article, False, fingerprint, now_iso(), original_id)).rowcount:
                return 0
            self._index_articles([article])
            self._q(
                "INSERT INTO article_tags (article_id, tag, kind) SELECT ?, tag, kind FROM article_tags"
                " WHERE article_id = ? ORDER BY id ON CONFLICT DO NOTHING",
                (article.id, original_id),
            )
            reports = self._q(
                """SELECT v.event_id, v.speaker_actor_id, v.sentence_index, v.start, v."end", v.trigger_start,
                          v.trigger_end, v.rule, v.source_start, v.source_end, v.target_start, v.target_end,
                          v.location_start, v.location_end, a.text
                   FROM evidence v JOIN articles a ON a.id = v.article_id WHERE v.article_id = ? ORDER BY v.id""",
                (original_id,),
            ).fetchall()
            copied = []
            for event_id, speaker, sentence, start, end, trigger_start, trigger_end, rule, *spans, text in reports:
                at = article.text.find(text[start:end])
                if at >= 0:

                    def shift(value, start=start, at=at):
                        return None if value is None else value - start + at

                    copied.append(
                        (
                            event_id,
                            speaker,
                            article.id,
                            sentence,
                            at,
                            at + end - start,
                            shift(trigger_start),
                            shift(trigger_end),
                            rule,
                            *map(shift, spans),
                        )
                    )
            evidence_ids = self._new_ids("evidence", len(copied))
            self._insert_rows("evidence", _EVIDENCE_COLUMNS, [(i, *row) for i, row in zip(evidence_ids, copied)])
            self._index_evidence([(i, article.text[row[4] : row[5]]) for i, row in zip(evidence_ids, copied)])
            self._qmany("UPDATE events SET reports = reports + 1 WHERE id = ?", [(row[0],) for row in copied])
        return len(copied)

    def fingerprints(self, limit: int) -> list[tuple[str, bytes, str | None]]:
        """The MinHash signatures of the most recently ingested first copies of stories, with
        their publication dates: (id, signature, YYYY-MM-DD or None)."""
        rows = self._q(
            """SELECT id, minhash, published FROM articles WHERE minhash IS NOT NULL AND duplicate_of IS NULL
               ORDER BY ingested_at DESC, id DESC LIMIT ?""",
            (limit,),
        )
        return [(key, data, published[:10] if published else None) for key, data, published in rows.fetchall()]

    def add_failure(self, failure: Failure) -> None:
        now = now_iso()
        with self._tx():
            self._q(
                """INSERT INTO ingest_errors (source, stage, reason, first_seen, last_seen) VALUES (?,?,?,?,?)
                   ON CONFLICT (source, reason) DO UPDATE
                   SET last_seen = excluded.last_seen, count = ingest_errors.count + 1""",
                (failure.source, failure.stage, failure.reason, now, now),
            )

    def clear_failure(self, source: str) -> None:
        """Forget earlier failures of a source that has now been read."""
        with self._tx():
            self._q("DELETE FROM ingest_errors WHERE source = ?", (source,))


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
