"""`newsevents bench store`: the event store at scale, on a database of synthetic events.

It fills a fresh store (`--db URL`, SQLite by default, PostgreSQL with a `postgresql://`
URL) with `--events N` synthetic events (1,000,000 by default) through `Store.add_many`, the
bulk load behind `Store.add`, `--batch` articles (500 by default) in each transaction:
articles of ten one-sentence reports each, between 40 countries' actors
with the sectors news uses, CAMEO codes drawn from the whole codebook, dates over five
years, places among 60 cities. A fixed seed makes every run the same data. The event
sentences are built from words, so full-text search has something to find ("incendiary"
occurs in about one sentence in two hundred).

It then times, each as the median of `--repeat` runs after one warm-up: the calendar's
counts for a month; a filtered page of 50 events (an actor and a type, then a date range
and a country); a full-text search page; an actor query (the 20 most active actors with
their dyads); and exports of `--export-events` events to CSV and JSONL (streamed to a null
sink). Goals: calendar month counts and filtered event pages under 100 ms at 1M events.
"""

from __future__ import annotations

import io
import random
import statistics
import time
from datetime import date, timedelta
from itertools import islice

from newsevents.ontology import cameo_table
from newsevents.records import Actor, Article, CodedArticle, Event, Place, Trigger

COUNTRIES = [
    "USA",
    "RUS",
    "CHN",
    "GBR",
    "FRA",
    "DEU",
    "SYR",
    "TUR",
    "IRN",
    "ISR",
    "PSE",
    "UKR",
    "IND",
    "PAK",
    "AFG",
    "IRQ",
    "SAU",
    "EGY",
    "LBY",
    "NGA",
    "ETH",
    "SDN",
    "SSD",
    "COD",
    "KEN",
    "SOM",
    "YEM",
    "LBN",
    "JOR",
    "JPN",
    "KOR",
    "PRK",
    "BRA",
    "VEN",
    "COL",
    "MEX",
    "CUB",
    "POL",
    "BLR",
    "GEO",
]
SECTORS = ["", "GOV", "MIL", "REB", "OPP", "CVL", "POL", "BUS", "MED", "JUD"]
CITIES = [
    (170063, "Aleppo", "SYR", 36.20124, 37.16117),
    (170654, "Damascus", "SYR", 33.5102, 36.29128),
    (703448, "Kyiv", "UKR", 50.45466, 30.5238),
    (706483, "Kharkiv", "UKR", 49.98081, 36.25272),
    (524901, "Moscow", "RUS", 55.75222, 37.61556),
    (4140963, "Washington", "USA", 38.89511, -77.03637),
    (2643743, "London", "GBR", 51.50853, -0.12574),
    (2988507, "Paris", "FRA", 48.85341, 2.3488),
    (2950159, "Berlin", "DEU", 52.52437, 13.41053),
    (1816670, "Beijing", "CHN", 39.9075, 116.39723),
    (323786, "Ankara", "TUR", 39.91987, 32.85427),
    (112931, "Tehran", "IRN", 35.69439, 51.42151),
    (281184, "Jerusalem", "ISR", 31.76904, 35.21633),
    (281133, "Gaza", "PSE", 31.50161, 34.46672),
    (98182, "Baghdad", "IRQ", 33.34058, 44.40088),
    (108410, "Riyadh", "SAU", 24.68773, 46.72185),
    (360630, "Cairo", "EGY", 30.06263, 31.24967),
    (2210247, "Tripoli", "LBY", 32.88743, 13.18733),
    (2352778, "Abuja", "NGA", 9.05785, 7.49508),
    (344979, "Addis Ababa", "ETH", 9.02497, 38.74689),
    (379252, "Khartoum", "SDN", 15.55177, 32.53241),
    (373303, "Juba", "SSD", 4.85165, 31.58247),
    (2314302, "Kinshasa", "COD", -4.32758, 15.31357),
    (184745, "Nairobi", "KEN", -1.28333, 36.81667),
    (53654, "Mogadishu", "SOM", 2.03711, 45.34375),
    (71137, "Sanaa", "YEM", 15.35472, 44.20667),
    (276781, "Beirut", "LBN", 33.89332, 35.50157),
    (250441, "Amman", "JOR", 31.95522, 35.94503),
    (1850147, "Tokyo", "JPN", 35.6895, 139.69171),
    (1835848, "Seoul", "KOR", 37.566, 126.9784),
    (1871859, "Pyongyang", "PRK", 39.03385, 125.75432),
    (3469058, "Brasilia", "BRA", -15.77972, -47.92972),
    (3646738, "Caracas", "VEN", 10.48801, -66.87919),
    (3688689, "Bogota", "COL", 4.60971, -74.08175),
    (3530597, "Mexico City", "MEX", 19.42847, -99.12766),
    (3553478, "Havana", "CUB", 23.13302, -82.38304),
    (756135, "Warsaw", "POL", 52.22977, 21.01178),
    (625144, "Minsk", "BLR", 53.9, 27.56667),
    (611717, "Tbilisi", "GEO", 41.69411, 44.83368),
    (1176615, "Islamabad", "PAK", 33.72148, 73.04329),
    (1138958, "Kabul", "AFG", 34.52813, 69.17233),
    (1261481, "New Delhi", "IND", 28.63576, 77.22445),
    (2660646, "Geneva", "CHE", 46.20222, 6.14569),
    (2761369, "Vienna", "AUT", 48.20849, 16.37208),
    (5128581, "New York City", "USA", 40.71427, -74.00597),
    (1172451, "Lahore", "PAK", 31.558, 74.35071),
    (99072, "Mosul", "IRQ", 36.335, 43.11889),
    (163345, "Idlib", "SYR", 35.93062, 36.63393),
    (698740, "Odesa", "UKR", 46.47747, 30.73262),
    (709717, "Donetsk", "UKR", 48.023, 37.80224),
    (293397, "Tel Aviv", "ISR", 32.08088, 34.78057),
    (2332459, "Lagos", "NGA", 6.45407, 3.39467),
    (1275339, "Mumbai", "IND", 19.07283, 72.88261),
    (1796236, "Shanghai", "CHN", 31.22222, 121.45806),
    (745044, "Istanbul", "TUR", 41.01384, 28.94966),
    (418863, "Isfahan", "IRN", 32.65246, 51.67462),
    (292223, "Dubai", "ARE", 25.07725, 55.30927),
    (3871336, "Santiago", "CHL", -33.45694, -70.64827),
    (3435910, "Buenos Aires", "ARG", -34.61315, -58.37723),
    (2147714, "Sydney", "AUS", -33.86785, 151.20732),
]
WORDS = (
    "troops forces officials ministers talks border villages convoy aid shelling ceasefire sanctions "
    "protesters police rebels airstrikes negotiations embassy delegation summit refugees drones "
    "artillery curfew blockade elections parliament court hostages militants pipeline harbour"
).split()
START = date(2015, 1, 1)
DAYS = 5 * 365
EVENTS_PER_ARTICLE = 10


def synthetic_articles(n_events: int, seed: int = 2016):
    """CodedArticles holding `n_events` events in all (the same for the same seed)."""
    rng = random.Random(seed)
    codes = [(c, c.plover_type) for c in cameo_table().values() if c.plover_type]  # every event has a type
    made = 0
    number = 0
    while made < n_events:
        number += 1
        day = START + timedelta(days=rng.randrange(DAYS))
        sentences, events, places, offset = [], [], [], 0
        for index in range(min(EVENTS_PER_ARTICLE, n_events - made)):
            code, plover_type = rng.choice(codes)
            src, tgt = rng.sample(COUNTRIES, 2)
            s_sector, t_sector = rng.choice(SECTORS), rng.choice(SECTORS)
            city = rng.choice(CITIES)
            words = " ".join(rng.choice(WORDS) for _ in range(6))
            if rng.random() < 0.005:
                words += " incendiary"
            sentence = f"{src}{s_sector} {code.name.lower()} {tgt}{t_sector} in {city[1]} over {words}."
            start, end = offset, offset + len(sentence)
            source = Actor(
                text=f"{src}{s_sector}",
                start=start,
                end=start + 3 + len(s_sector),
                code=src + s_sector,
                country=src,
                sector=s_sector or None,
                name=f"{src}{s_sector}",
                kind="country",
            )
            t_at = sentence.index(f" {tgt}{t_sector} ") + 1
            target = Actor(
                text=f"{tgt}{t_sector}",
                start=start + t_at,
                end=start + t_at + 3 + len(t_sector),
                code=tgt + t_sector,
                country=tgt,
                sector=t_sector or None,
                name=f"{tgt}{t_sector}",
                kind="country",
            )
            c_at = sentence.index(f" in {city[1]} ") + 4
            place = Place(
                text=city[1],
                start=start + c_at,
                end=start + c_at + len(city[1]),
                geonameid=city[0],
                name=city[1],
                country=city[2],
                lat=city[3],
                lon=city[4],
                feature="city",
            )
            t0 = len(src + s_sector) + 1
            events.append(
                Event(
                    doc_id="",
                    sentence_index=index,
                    evidence=sentence,
                    evidence_span=(start, end),
                    trigger=Trigger(
                        sentence[t0 : t0 + len(code.name)], start + t0, start + t0 + len(code.name), "synthetic"
                    ),
                    cameo_code=code.code,
                    cameo_label=code.name,
                    plover_type=plover_type,
                    plover_mode=code.plover_mode,
                    plover_context=code.plover_context,
                    goldstein=code.goldstein,
                    quad_class=code.quad_class,
                    source=source,
                    target=target,
                    date=day - timedelta(days=rng.randrange(3)),
                    date_precision="day",
                    location=place,
                    confidence=round(rng.uniform(0.4, 0.95), 2),
                )
            )
            sentences.append(sentence)
            places.append(place)
            offset = end + 1
        made += len(events)
        article = Article(
            source=f"synthetic/{seed}/{number}",
            url=f"https://news{number % 50}.example/{number}",
            text=" ".join(sentences),
            title=f"Synthetic report {number}",
            published=day,
            published_from="input",
            published_precision="day",
            agency=f"Agency {number % 50}",
        )
        yield CodedArticle(article=article, events=tuple(events), places=tuple(places))


def _time(call, repeat: int) -> float:
    call()  # warm-up
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        runs.append(time.perf_counter() - started)
    return round(statistics.median(runs) * 1000, 1)


def _queries(store, repeat: int) -> dict:
    return {
        "calendar_month_ms": _time(lambda: store.calendar(since="2016-09", until="2016-09"), repeat),
        "calendar_month_filtered_ms": _time(
            lambda: store.calendar(since="2016-09", until="2016-09", actor="RUS", type="ASSAULT"), repeat
        ),
        "events_page_actor_type_ms": _time(lambda: store.events(actor="RUS", type="ASSAULT", limit=50), repeat),
        "events_page_dates_country_ms": _time(
            lambda: store.events(since="2017-03-01", until="2017-03-31", country="SYR", limit=50), repeat
        ),
        "events_page_deep_ms": _time(lambda: store.events(type="THREATEN", limit=50, offset=5000), repeat),
        "search_page_ms": _time(lambda: store.events(search="incendiary", limit=50), repeat),
        "actors_ms": _time(lambda: store.actors(limit=20), repeat),
    }


def run(
    url: str,
    *,
    events: int = 1_000_000,
    repeat: int = 5,
    export_events: int = 100_000,
    checkpoints: tuple[int, ...] = (),
    on_checkpoint=None,
    batch: int = 500,
) -> dict:
    """Fill, `batch` articles to a transaction, then time. At each of `checkpoints` (event counts
    below `events`) the queries are timed on the store as filled so far (at the end of the batch
    that reaches it) and passed to `on_checkpoint`, for a curve of latency against size (and a
    figure even from a run stopped early)."""
    import json

    from newsevents.export import stored_event_dict, write_csv
    from newsevents.store import Store

    store = Store.open(url)
    try:
        if store.counts()["events"]:
            raise ValueError(f"the store at {url} is not empty: the benchmark needs a fresh database")
        pending = sorted(c for c in checkpoints if 0 < c < events)
        inserted, insert_seconds = 0, 0.0
        articles = synthetic_articles(events)
        while chunk := list(islice(articles, batch)):
            started = time.perf_counter()
            store.add_many([(coded, None) for coded in chunk])
            insert_seconds += time.perf_counter() - started
            inserted += sum(len(coded.events) for coded in chunk)
            if pending and inserted >= pending[0]:
                while pending and inserted >= pending[0]:
                    pending.pop(0)
                store.analyze()
                if on_checkpoint is not None:
                    on_checkpoint(
                        {
                            "events_inserted": inserted,
                            "insert_events_per_s": round(inserted / insert_seconds),
                            **_queries(store, repeat),
                        }
                    )
        store.analyze()  # as a database administrator would after a bulk load
        counts = store.counts()
        timings = _queries(store, repeat)
        exports = {}
        for name, write in (
            ("csv", lambda evs, out: write_csv(evs, out)),
            ("jsonl", lambda evs, out: sum(out.write(json.dumps(stored_event_dict(e)) + "\n") > 0 for e in evs)),
        ):
            started = time.perf_counter()
            written = write(store.iter_events(limit=export_events), _Null())
            exports[f"export_{name}_events_per_s"] = round(written / (time.perf_counter() - started))
        return {
            "benchmark": "store",
            "url": _redact(url),
            "events_inserted": events,
            "events_stored": counts["events"],
            "articles": counts["articles"],
            "insert_events_per_s": round(events / insert_seconds),
            "insert_seconds": round(insert_seconds, 1),
            **timings,
            **exports,
            "goals_ms": {"calendar_month": 100, "events_page": 100},
        }
    finally:
        store.close()


class _Null(io.TextIOBase):
    """A text sink that counts nothing and keeps nothing (exports are timed, not stored)."""

    def __init__(self, _unused=None):
        super().__init__()

    def write(self, text: str) -> int:
        return len(text)


def _redact(url: str) -> str:
    """The URL without a password."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        credentials, host = rest.rsplit("@", 1)
        return f"{scheme}://{credentials.split(':')[0]}@{host}"
    return url


def describe(result: dict) -> str:
    lines = [
        f"store benchmark on {result['url']}: {result['events_inserted']:,} synthetic events inserted "
        f"({result['events_stored']:,} after merging reports) in {result['articles']:,} articles",
        f"  insert: {result['insert_events_per_s']:,} events/s ({result['insert_seconds']} s)",
        f"  calendar month counts: {result['calendar_month_ms']} ms (filtered by actor and type: "
        f"{result['calendar_month_filtered_ms']} ms)",
        f"  events page (actor + type): {result['events_page_actor_type_ms']} ms; (dates + country): "
        f"{result['events_page_dates_country_ms']} ms; (type, 100th page): {result['events_page_deep_ms']} ms",
        f"  full-text search page: {result['search_page_ms']} ms; top actors with dyads: {result['actors_ms']} ms",
        f"  export: CSV {result['export_csv_events_per_s']:,} events/s, "
        f"JSONL {result['export_jsonl_events_per_s']:,} events/s",
    ]
    return "\n".join(lines)
