"""The store's schema, versioned: each migration moves a database one version forward."""

from __future__ import annotations

SCHEMA_VERSION = 4

# Migration N brings a database from version N-1 to version N.
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
    -- store.sqlite.SQLiteStore._merge_target): this index finds the candidates.
    CREATE INDEX events_date_cameo ON events (date, cameo_code);
    CREATE INDEX events_place ON events (geonameid);
    -- Full-text search over the evidence sentences and over whole articles.
    CREATE VIRTUAL TABLE evidence_fts USING fts5 (sentence, tokenize = 'unicode61 remove_diacritics 2');
    CREATE VIRTUAL TABLE articles_fts USING fts5 (title, text, tokenize = 'unicode61 remove_diacritics 2');
    INSERT INTO evidence_fts (rowid, sentence)
        SELECT v.id, substr(a.text, v.start + 1, v."end" - v.start) FROM evidence v JOIN articles a ON a.id = v.article_id;
    INSERT INTO articles_fts (rowid, title, text) SELECT rowid, coalesce(title, ''), text FROM articles;
    -- Tags of an article: its page's own (kind 'page') and those we give it: main actors
    -- ('actor'), places ('place'), event types ('event') and key terms ('term').
    CREATE INDEX article_tags_tag_nocase ON article_tags (tag COLLATE NOCASE);
    """,
}
