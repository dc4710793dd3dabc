"""The store's schema, versioned, for SQLite and for PostgreSQL.

SQLite: MIGRATIONS[N] brings a database from version N-1 to version N; a new file runs them all.
PostgreSQL: a new database gets PG_SCHEMA, the whole schema of version PG_BASE_VERSION, at once
(no PostgreSQL store is older); PG_MIGRATIONS[N] brings one from version N-1 to version N.
A change of schema raises SCHEMA_VERSION and adds both MIGRATIONS[N] and PG_MIGRATIONS[N].
"""

from __future__ import annotations

SCHEMA_VERSION = 8

MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        url TEXT,
        title TEXT,
        text TEXT NOT NULL,
        published TEXT,
        published_from TEXT,
        published_precision TEXT,
        dateline_text TEXT,
        dateline_place TEXT,
        dateline_date TEXT,
        agency TEXT,
        authors TEXT NOT NULL DEFAULT '[]',
        language TEXT,
        coded INTEGER NOT NULL DEFAULT 1,
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX articles_published ON articles (published);

    CREATE TABLE article_tags (
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        kind TEXT NOT NULL,
        PRIMARY KEY (article_id, tag, kind)
    );
    CREATE INDEX article_tags_tag ON article_tags (tag);

    CREATE TABLE actors (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL,
        country TEXT,
        sector TEXT,
        name TEXT NOT NULL,
        kind TEXT,
        UNIQUE (code, name)
    );
    CREATE INDEX actors_code ON actors (code);
    CREATE INDEX actors_country ON actors (country);

    CREATE TABLE places (
        geonameid INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        country TEXT,
        lat REAL,
        lon REAL,
        feature TEXT
    );
    CREATE INDEX places_name ON places (name COLLATE NOCASE);

    CREATE TABLE toponyms (
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        geonameid INTEGER REFERENCES places (geonameid),
        PRIMARY KEY (article_id, start)
    );

    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        date TEXT,
        date_precision TEXT,
        source_actor_id INTEGER REFERENCES actors (id),
        target_actor_id INTEGER REFERENCES actors (id),
        cameo_code TEXT NOT NULL,
        plover_type TEXT NOT NULL,
        plover_mode TEXT,
        plover_context TEXT NOT NULL DEFAULT '[]',
        goldstein REAL NOT NULL,
        quad_class INTEGER NOT NULL,
        geonameid INTEGER REFERENCES places (geonameid),
        negated INTEGER NOT NULL DEFAULT 0,
        hypothetical INTEGER NOT NULL DEFAULT 0,
        historical INTEGER NOT NULL DEFAULT 0,
        confidence REAL NOT NULL
    );
    CREATE INDEX events_date ON events (date);
    CREATE INDEX events_type ON events (plover_type, date);
    CREATE INDEX events_cameo ON events (cameo_code);
    CREATE INDEX events_source ON events (source_actor_id);
    CREATE INDEX events_target ON events (target_actor_id);

    -- Every report of an event: the sentence (character offsets into the article's stored
    -- text) and the spans of its trigger, source and target.
    CREATE TABLE evidence (
        id INTEGER PRIMARY KEY,
        event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        sentence_index INTEGER NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        trigger_start INTEGER NOT NULL,
        trigger_end INTEGER NOT NULL,
        rule TEXT NOT NULL,
        source_start INTEGER,
        source_end INTEGER,
        target_start INTEGER,
        target_end INTEGER,
        location_start INTEGER,
        location_end INTEGER,
        speaker_actor_id INTEGER REFERENCES actors (id)
    );
    CREATE INDEX evidence_event ON evidence (event_id);
    CREATE INDEX evidence_article ON evidence (article_id);

    CREATE TABLE ingest_errors (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        stage TEXT NOT NULL,
        reason TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        count INTEGER NOT NULL DEFAULT 1,
        UNIQUE (source, reason)
    );
    """,
    2: """
    -- Near-duplicates: a further copy of a story is stored and linked to the first copy,
    -- whose events it reports again; it is not coded twice.
    ALTER TABLE articles ADD COLUMN duplicate_of TEXT REFERENCES articles (id);
    ALTER TABLE articles ADD COLUMN minhash BLOB;
    ALTER TABLE articles ADD COLUMN published_at TEXT;
    ALTER TABLE articles ADD COLUMN fetched_at TEXT;
    CREATE INDEX articles_duplicate_of ON articles (duplicate_of);
    """,
    3: """
    -- PLOVER's future mode, and whether an event is one of those of a coordinated actor.
    ALTER TABLE events ADD COLUMN future INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE events ADD COLUMN compound INTEGER NOT NULL DEFAULT 0;
    """,
    4: """
    -- Reports of one event from different articles are merged into one row (see
    -- store.sql.SQLStore._merge_target): this index finds the candidates.
    CREATE INDEX events_date_cameo ON events (date, cameo_code);
    CREATE INDEX events_place ON events (geonameid);
    -- Full-text search over the evidence sentences and over whole articles.
    CREATE VIRTUAL TABLE evidence_fts USING fts5 (sentence, tokenize = 'unicode61 remove_diacritics 2');
    CREATE VIRTUAL TABLE articles_fts USING fts5 (title, text, tokenize = 'unicode61 remove_diacritics 2');
    INSERT INTO evidence_fts (rowid, sentence)
        SELECT v.id, substr(a.text, v.start + 1, v."end" - v.start)
        FROM evidence v JOIN articles a ON a.id = v.article_id;
    INSERT INTO articles_fts (rowid, title, text) SELECT rowid, coalesce(title, ''), text FROM articles;
    -- Tags of an article: its page's own (kind 'page') and those we give it: main actors
    -- ('actor'), places ('place'), event types ('event') and key terms ('term').
    CREATE INDEX article_tags_tag_nocase ON article_tags (tag COLLATE NOCASE);
    """,
    5: """
    -- Case-insensitive matches are written lower(x) = ?, SQL that PostgreSQL runs too: these
    -- indexes serve them.
    DROP INDEX places_name;
    CREATE INDEX places_name_lower ON places (lower(name));
    -- Tags keep the order they were given in (the page's own first) in a column of their own,
    -- as PostgreSQL has no rowid.
    CREATE TABLE article_tags_v5 (
        id INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        kind TEXT NOT NULL,
        UNIQUE (article_id, tag, kind)
    );
    INSERT INTO article_tags_v5 (id, article_id, tag, kind) SELECT rowid, article_id, tag, kind FROM article_tags;
    DROP TABLE article_tags;
    ALTER TABLE article_tags_v5 RENAME TO article_tags;
    CREATE INDEX article_tags_tag_lower ON article_tags (lower(tag));
    """,
    6: """
    -- How many reports each event has (its evidence rows), kept as they are added, so that lists
    -- sort by it ("most reported first") from an index.
    ALTER TABLE events ADD COLUMN reports INTEGER NOT NULL DEFAULT 0;
    UPDATE events SET reports = (SELECT count(*) FROM evidence v WHERE v.event_id = events.id);
    CREATE INDEX events_reports ON events (reports, date);
    -- The calendar counts a period's events per day (or month, or year, as precise as they are
    -- dated) and quad class from this index alone.
    CREATE INDEX events_date_quad ON events (date, quad_class, date_precision);
    -- Events per pair of actor codes ('' for no actor) with their summed Goldstein scores, kept
    -- as events are added: actor lists and their partners without reading every event.
    CREATE TABLE dyads (
        source_code TEXT NOT NULL,
        target_code TEXT NOT NULL,
        events INTEGER NOT NULL,
        goldstein REAL NOT NULL,
        PRIMARY KEY (source_code, target_code)
    );
    INSERT INTO dyads (source_code, target_code, events, goldstein)
        SELECT coalesce(sa.code, ''), coalesce(ta.code, ''), count(*), sum(e.goldstein) FROM events e
        LEFT JOIN actors sa ON sa.id = e.source_actor_id LEFT JOIN actors ta ON ta.id = e.target_actor_id
        GROUP BY coalesce(sa.code, ''), coalesce(ta.code, '');
    CREATE INDEX dyads_target ON dyads (target_code);
    """,
}

PG_BASE_VERSION = 5

# Text columns compare byte by byte (COLLATE "C"), as SQLite's do: the same order, the same date
# and code ranges, and lower() folding only A-Z, as SQLite's lower() does, whatever the locale
# of the database. Dates stay ISO text, booleans 0/1 integers, so that one SQL runs on both.
PG_SCHEMA = """
CREATE TABLE schema_version (version INTEGER NOT NULL);

CREATE TABLE articles (
    id TEXT COLLATE "C" PRIMARY KEY,
    source TEXT COLLATE "C" NOT NULL,
    url TEXT COLLATE "C",
    title TEXT COLLATE "C",
    text TEXT COLLATE "C" NOT NULL,
    published TEXT COLLATE "C",
    published_from TEXT COLLATE "C",
    published_precision TEXT COLLATE "C",
    dateline_text TEXT COLLATE "C",
    dateline_place TEXT COLLATE "C",
    dateline_date TEXT COLLATE "C",
    agency TEXT COLLATE "C",
    authors TEXT COLLATE "C" NOT NULL DEFAULT '[]',
    language TEXT COLLATE "C",
    coded INTEGER NOT NULL DEFAULT 1,
    ingested_at TEXT COLLATE "C" NOT NULL,
    duplicate_of TEXT COLLATE "C" REFERENCES articles (id),
    minhash BYTEA,
    published_at TEXT COLLATE "C",
    fetched_at TEXT COLLATE "C"
);
CREATE INDEX articles_published ON articles (published);
CREATE INDEX articles_duplicate_of ON articles (duplicate_of);
-- Full-text search over whole articles (SQLite: the FTS5 table articles_fts).
CREATE INDEX articles_fts ON articles USING gin (to_tsvector('simple', coalesce(title, '') || ' ' || text));

CREATE TABLE article_tags (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    tag TEXT COLLATE "C" NOT NULL,
    kind TEXT COLLATE "C" NOT NULL,
    UNIQUE (article_id, tag, kind)
);
CREATE INDEX article_tags_tag_lower ON article_tags (lower(tag));

CREATE TABLE actors (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    code TEXT COLLATE "C" NOT NULL,
    country TEXT COLLATE "C",
    sector TEXT COLLATE "C",
    name TEXT COLLATE "C" NOT NULL,
    kind TEXT COLLATE "C",
    UNIQUE (code, name)
);
CREATE INDEX actors_code ON actors (code);
CREATE INDEX actors_country ON actors (country);

CREATE TABLE places (
    geonameid BIGINT PRIMARY KEY,
    name TEXT COLLATE "C" NOT NULL,
    country TEXT COLLATE "C",
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    feature TEXT COLLATE "C"
);
CREATE INDEX places_name_lower ON places (lower(name));

CREATE TABLE toponyms (
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT COLLATE "C" NOT NULL,
    geonameid BIGINT REFERENCES places (geonameid),
    PRIMARY KEY (article_id, start)
);

CREATE TABLE events (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    date TEXT COLLATE "C",
    date_precision TEXT COLLATE "C",
    source_actor_id BIGINT REFERENCES actors (id),
    target_actor_id BIGINT REFERENCES actors (id),
    cameo_code TEXT COLLATE "C" NOT NULL,
    plover_type TEXT COLLATE "C" NOT NULL,
    plover_mode TEXT COLLATE "C",
    plover_context TEXT COLLATE "C" NOT NULL DEFAULT '[]',
    goldstein DOUBLE PRECISION NOT NULL,
    quad_class INTEGER NOT NULL,
    geonameid BIGINT REFERENCES places (geonameid),
    negated INTEGER NOT NULL DEFAULT 0,
    hypothetical INTEGER NOT NULL DEFAULT 0,
    historical INTEGER NOT NULL DEFAULT 0,
    confidence DOUBLE PRECISION NOT NULL,
    future INTEGER NOT NULL DEFAULT 0,
    compound INTEGER NOT NULL DEFAULT 0
);
-- Pages of events are read in (date, id) order, undated first, from these indexes (SQLite's
-- indexes hold the id, its rowid, already).
CREATE INDEX events_date ON events (date NULLS FIRST, id);
CREATE INDEX events_type ON events (plover_type, date NULLS FIRST, id);
CREATE INDEX events_cameo ON events (cameo_code);
CREATE INDEX events_source ON events (source_actor_id);
CREATE INDEX events_target ON events (target_actor_id);
CREATE INDEX events_date_cameo ON events (date, cameo_code);
CREATE INDEX events_place ON events (geonameid);

CREATE TABLE evidence (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    sentence_index INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    trigger_start INTEGER NOT NULL,
    trigger_end INTEGER NOT NULL,
    rule TEXT COLLATE "C" NOT NULL,
    source_start INTEGER,
    source_end INTEGER,
    target_start INTEGER,
    target_end INTEGER,
    location_start INTEGER,
    location_end INTEGER,
    speaker_actor_id BIGINT REFERENCES actors (id)
);
CREATE INDEX evidence_event ON evidence (event_id);
CREATE INDEX evidence_article ON evidence (article_id);

-- The evidence sentences, for full-text search (SQLite: the FTS5 table evidence_fts).
CREATE TABLE evidence_text (
    evidence_id BIGINT PRIMARY KEY REFERENCES evidence (id) ON DELETE CASCADE,
    sentence TEXT COLLATE "C" NOT NULL
);
CREATE INDEX evidence_text_fts ON evidence_text USING gin (to_tsvector('simple', sentence));

CREATE TABLE ingest_errors (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    source TEXT COLLATE "C" NOT NULL,
    stage TEXT COLLATE "C" NOT NULL,
    reason TEXT COLLATE "C" NOT NULL,
    first_seen TEXT COLLATE "C" NOT NULL,
    last_seen TEXT COLLATE "C" NOT NULL,
    count INTEGER NOT NULL DEFAULT 1,
    UNIQUE (source, reason)
);

-- Great-circle distance in km (SQLite: the Python function distance.km); NULL if any is NULL.
CREATE FUNCTION km(lat1 DOUBLE PRECISION, lon1 DOUBLE PRECISION, lat2 DOUBLE PRECISION, lon2 DOUBLE PRECISION)
RETURNS DOUBLE PRECISION LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT 6371.0 * 2 * asin(least(1.0, sqrt(
        sin(radians(lat2 - lat1) / 2) ^ 2
        + cos(radians(lat1)) * cos(radians(lat2)) * sin(radians(lon2 - lon1) / 2) ^ 2)))
$$;
"""

MIGRATIONS[7] = """
    -- What found each event: the coder's rules, its learned layer, or both. Events coded
    -- before the learned layer existed were found by the rules.
    ALTER TABLE events ADD COLUMN found_by TEXT NOT NULL DEFAULT 'rules';
    """

MIGRATIONS[8] = """
    -- What `newsevents watch` polls (feeds, sitemaps, folders) and what each source answered, so
    -- that a restart neither fetches again nor misses anything. A sitemap listed in a sitemap
    -- index is a row of its own, under its index (parent). The validators (etag,
    -- last_modified) are those of the last answer whose items were all ingested.
    CREATE TABLE watched_sources (
        source TEXT NOT NULL PRIMARY KEY,
        kind TEXT,
        parent TEXT,
        last_poll TEXT,
        status INTEGER,
        result TEXT,
        etag TEXT,
        last_modified TEXT,
        failures INTEGER NOT NULL DEFAULT 0,
        next_poll TEXT,
        articles INTEGER NOT NULL DEFAULT 0,
        last_articles INTEGER NOT NULL DEFAULT 0
    );
    -- The items a watched source listed and what became of them: a feed item's link, a
    -- sitemap's <loc>, a file's path, modification time and size. An item is written here only
    -- after its article is stored; result is ingested, duplicate, failed, or retry (its page
    -- could not be fetched: tried again while attempts are left).
    CREATE TABLE watched_items (
        source TEXT NOT NULL REFERENCES watched_sources (source) ON DELETE CASCADE,
        item TEXT NOT NULL,
        result TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 1,
        ingested_at TEXT NOT NULL,
        PRIMARY KEY (source, item)
    );
    """

# The same SQL runs on both, with PostgreSQL's text compared byte by byte as in PG_SCHEMA.
PG_MIGRATIONS: dict[int, str] = {
    6: MIGRATIONS[6].replace("_code TEXT NOT NULL", '_code TEXT COLLATE "C" NOT NULL'),
    7: MIGRATIONS[7].replace("found_by TEXT", 'found_by TEXT COLLATE "C"'),
    8: MIGRATIONS[8].replace(" TEXT", ' TEXT COLLATE "C"'),
}
