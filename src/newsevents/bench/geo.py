"""`newsevents bench geo`: our geoparser against GeoWebNews (`GWN.xml`; its reader, offset
checks and gold countries are in `newsevents.bench.geowebnews`).

How it is scored, following the paper:

- Toponyms are the annotations of its eight toponym types: Literal ("fighting in Aleppo"),
  Literal_Modifier ("Aleppo residents"), Metonymic ("Moscow said"), Non_Literal_Modifier
  ("Syrian troops"), Mixed, Coercion (a non-place made a place: "2231 Royal"), and
  Embedded_Literal / Embedded_Non_Lit (a place inside another name: "the Louisiana
  Purchase", "the Syrian Observatory"). All of them but nine Coercions have coordinates;
  no other annotation has. The six other types are not places to find: Literal_Expression
  and Non_Lit_Expression ("the city", "residents"), Non_Toponym, Demonym, Homonym and
  Language. They are kept to show what our false positives are: the per-type table gives,
  for the toponym types, how many we found with the same span (exact) or an overlapping
  one (overlap); for the others, how many one of our places that is not exactly a gold
  toponym took, with their span or overlapping it. Our false positives of the overlap view
  are also counted by the annotation they fall on, if any.
- We geoparse `<text>` alone: titles are not annotated (one article's title is, with
  negative offsets), so parsing them would only add unscorable places.
- Spans, exact: an article's gold toponyms and our places as sets of (start, end); precision,
  recall and F1 are micro-averaged over articles. Overlap, the lenient view: each gold
  toponym is paired with at most one of our places that overlaps it (the exact one first,
  then the largest overlap), so a long span covering two toponyms counts once.
- Resolution is measured on the gold toponyms paired in the overlap view: a place found
  with a slightly different span ("Aleppo's") is still resolved or not. GeoNames id accuracy
  is over gold with an id; country accuracy over gold whose country is known (below);
  distances over gold with coordinates, in great-circle km, where a place we left
  unresolved counts the largest possible error, 20,039 km (Gritta's convention, so that
  leaving a name unresolved never beats a guess). We report accuracy within 161 km (100
  miles, the field's customary threshold), mean and median error, and the AUC of the error
  curve: the trapezoid area under the sorted ln(1 + km), divided by ln(20,039) x (n - 1);
  0 is perfect, 1 the worst. "End to end" is the share of all gold toponyms with
  coordinates that we both found and placed within 161 km.
- Gold countries: GWN gives none; they are found as `newsevents.bench.geowebnews` says.

Speed is geoparsing only (spaCy included), after a warm-up on the first article. The result
lists the worst resolutions by distance, and the names we missed, took wrongly, or cut at
other boundaries most often.
"""

from __future__ import annotations

import math
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Sequence

from newsevents.bench.coding.report import cell
from newsevents.bench.coding.scoring import Tally, mean_of, rounded
from newsevents.bench.geowebnews import (
    OTHER_TYPES,
    TOPONYM_TYPES,
    Annotation,
    GoldArticle,
    GoldCountries,
    read_geowebnews,
    with_countries,
)
from newsevents.distance import km
from newsevents.geo.training import heldout
from newsevents.pipeline import Pipeline
from newsevents.records import Place

UNANNOTATED = "(unannotated)"
MAX_KM = 20039.0  # half the Earth's circumference: the error of a place left unresolved
WITHIN_KM = 161.0
WORST = 20
SPLITS = ("heldout", "train", "all")


# -- scoring ---------------------------------------------------------------------------------------


def _overlap(a: Annotation, p: Place) -> int:
    return min(a.end, p.end) - max(a.start, p.start)


def pair_spans(gold: Sequence[Annotation], ours: Sequence[Place]) -> list[tuple[Annotation, Place]]:
    """Gold toponyms paired one to one with our places that overlap them: exact spans
    first, then the largest overlap, then in text order."""
    candidates = sorted(
        ((g, p) for g in gold for p in ours if _overlap(g, p) > 0),
        key=lambda gp: (gp[0].span != (gp[1].start, gp[1].end), -_overlap(*gp), gp[0].start, gp[1].start),
    )
    pairs, used_gold, used_ours = [], set(), set()
    for g, p in candidates:
        if id(g) not in used_gold and id(p) not in used_ours:
            pairs.append((g, p))
            used_gold.add(id(g))
            used_ours.add(id(p))
    return sorted(pairs, key=lambda gp: gp[0].start)


def log_error_auc(errors: Sequence[float]) -> float | None:
    """Area under the sorted ln(1 + km) curve over that of the largest error: 0 best, 1 worst."""
    if len(errors) < 2:
        return None
    points = [math.log1p(e) for e in sorted(errors)]
    area = sum((a + b) / 2 for a, b in zip(points, points[1:]))
    return area / (math.log(MAX_KM) * (len(points) - 1))


def _describe_gold(a: Annotation) -> str:
    where = ", ".join(str(v) for v in (a.geonameid, a.country) if v)
    return (
        f"{a.name or a.text} ({where}) {a.lat:.2f},{a.lon:.2f}"
        if where
        else f"{a.name or a.text} {a.lat:.2f},{a.lon:.2f}"
    )


def _describe_place(p: Place) -> str:
    if p.geonameid is None:
        return "unresolved"
    return f"{p.name} ({p.geonameid}, {p.country}, {p.feature}) {p.lat:.2f},{p.lon:.2f}"


def _top(counts: Counter[str], kinds: dict[str, Counter[str]], label: str) -> list[dict]:
    return [
        {"text": text, "count": n, label: kinds[text].most_common(1)[0][0]} for text, n in counts.most_common(WORST)
    ]


def _worst(resolutions: list[tuple[float, str, Annotation, Place]]) -> list[dict]:
    """The resolutions farther than 161 km, farthest first, the same mistake once with its count."""
    worst: dict[tuple[str, str, str], dict] = {}
    for error, doc, g, p in sorted(resolutions, key=lambda r: -r[0]):
        if error <= WITHIN_KM:
            break
        key = (g.text, _describe_gold(g), _describe_place(p))
        if key in worst:
            worst[key]["count"] += 1
        elif len(worst) < WORST:
            worst[key] = {
                "article": doc,
                "text": key[0],
                "gold": key[1],
                "ours": key[2],
                "km": round(error),
                "count": 1,
            }
    return list(worst.values())


def _count_types(
    per_type: dict[str, Counter[str]],
    article: GoldArticle,
    ours: list[Place],
    gold_spans: set[tuple[int, int]],
    our_spans: set[tuple[int, int]],
) -> None:
    """Add an article's annotations to the per-type table: for a toponym whether we found
    it; for the others whether one of our places that is not exactly a gold toponym took it
    ("Syrian" in "Syrian Observatory" is)."""
    for a in article.annotations:
        row = per_type.setdefault(a.type, Counter())
        row["gold"] += 1
        if a.toponym:
            row["exact"] += a.span in our_spans
            row["overlap"] += any(_overlap(a, p) > 0 for p in ours)
        else:
            row["exact"] += a.span in our_spans and a.span not in gold_spans
            row["overlap"] += any(_overlap(a, p) > 0 for p in ours if (p.start, p.end) not in gold_spans)


@dataclass
class _Mistakes:
    """Our false positives (by name, and by the annotation they fall on), the gold toponyms
    we missed (by name and type) and the other boundaries we cut."""

    hits: Counter[str] = field(default_factory=Counter)
    wrong: Counter[str] = field(default_factory=Counter)
    wrong_hits: dict[str, Counter[str]] = field(default_factory=dict)
    missed: Counter[str] = field(default_factory=Counter)
    missed_types: dict[str, Counter[str]] = field(default_factory=dict)
    cuts: Counter[str] = field(default_factory=Counter)

    def add(
        self, article: GoldArticle, gold: list[Annotation], ours: list[Place], pairs: list[tuple[Annotation, Place]]
    ) -> None:
        paired_gold, paired_ours = {id(g) for g, _ in pairs}, {id(p) for _, p in pairs}
        for p in ours:
            if id(p) not in paired_ours:
                on = [a for a in article.annotations if _overlap(a, p) > 0]
                hit = min(on, key=lambda a: (a.span != (p.start, p.end), a.start)).type if on else UNANNOTATED
                self.hits[hit] += 1
                self.wrong[p.text] += 1
                self.wrong_hits.setdefault(p.text, Counter())[hit] += 1
        for g in gold:
            if id(g) not in paired_gold:
                self.missed[g.text] += 1
                self.missed_types.setdefault(g.text, Counter())[g.type] += 1
        for g, p in pairs:
            if g.span != (p.start, p.end):
                self.cuts[f"{g.text} => {p.text}"] += 1


@dataclass
class _Resolution:
    """How the gold toponyms we found were resolved: GeoNames id, country and distance."""

    ids: list[bool] = field(default_factory=list)
    countries: list[bool] = field(default_factory=list)
    errors: list[float] = field(default_factory=list)
    resolutions: list[tuple[float, str, Annotation, Place]] = field(default_factory=list)  # those we placed
    unresolved: int = 0
    country_unscored: int = 0
    placed: int = 0  # within 161 km
    located: int = 0  # gold toponyms with coordinates, found or not

    def add(self, article: GoldArticle, gold: list[Annotation], pairs: list[tuple[Annotation, Place]]) -> None:
        for g, p in pairs:
            if g.geonameid is not None:
                self.ids.append(p.geonameid == g.geonameid)
            if g.lat is None or g.lon is None:
                continue
            if g.country:
                self.countries.append(p.country == g.country)
            else:
                self.country_unscored += 1
            error = km(g.lat, g.lon, p.lat, p.lon)
            if error is None:
                self.unresolved += 1
                error = MAX_KM
            else:
                self.resolutions.append((error, article.id, g, p))
            self.errors.append(error)
            self.placed += error <= WITHIN_KM
        self.located += sum(g.lat is not None and g.lon is not None for g in gold)

    def figures(self) -> dict:
        errors = self.errors
        return {
            "geonameid_accuracy": mean_of(self.ids),
            "geonameid_gold": len(self.ids),
            "country_accuracy": mean_of(self.countries),
            "country_gold": len(self.countries),
            "country_unscored": self.country_unscored,
            "accuracy_161km": mean_of([e <= WITHIN_KM for e in errors]),
            "mean_km": round(statistics.fmean(errors), 1) if errors else None,
            "median_km": round(statistics.median(errors), 1) if errors else None,
            "auc": rounded(log_error_auc(errors)),
            "distance_gold": len(errors),
            "unresolved": self.unresolved,
            "end_to_end_161km": mean_of([True] * self.placed + [False] * (self.located - self.placed)),
            "located_gold": self.located,
        }


def score(articles: Sequence[GoldArticle], predictions: Sequence[Sequence[Place]]) -> dict:
    """Span and resolution figures of our places (one list per article) against the gold."""
    exact, lenient = Tally(), Tally()
    per_type: dict[str, Counter[str]] = {t: Counter() for t in TOPONYM_TYPES + OTHER_TYPES}
    mistakes, resolution = _Mistakes(), _Resolution()
    for article, found in zip(articles, predictions):
        gold = article.toponyms
        spans: dict[tuple[int, int], Place] = {}
        for p in found:
            spans.setdefault((p.start, p.end), p)
        ours = list(spans.values())
        gold_spans, our_spans = {g.span for g in gold}, set(spans)
        exact.add(gold_spans, our_spans)
        pairs = pair_spans(gold, ours)
        lenient.tp += len(pairs)
        lenient.fn += len(gold) - len(pairs)
        lenient.fp += len(ours) - len(pairs)
        _count_types(per_type, article, ours, gold_spans, our_spans)
        mistakes.add(article, gold, ours, pairs)
        resolution.add(article, gold, pairs)

    return {
        "articles": len(articles),
        "gold_toponyms": sum(len(a.toponyms) for a in articles),
        "figures": {
            "span_exact": exact.figures(),
            "span_overlap": lenient.figures(),
            "paired": lenient.tp,
            **resolution.figures(),
        },
        "per_type": {
            t: {"toponym": t in TOPONYM_TYPES, "gold": row["gold"], "exact": row["exact"], "overlap": row["overlap"]}
            for t, row in per_type.items()
            if row["gold"]
        },
        "false_positives_on": dict(mistakes.hits.most_common()),
        "worst": _worst(resolution.resolutions),
        "missed": _top(mistakes.missed, mistakes.missed_types, "type"),
        "false_positives": _top(mistakes.wrong, mistakes.wrong_hits, "on"),
        "boundaries": [{"gold_ours": k, "count": n} for k, n in mistakes.cuts.most_common(WORST)],
    }


# -- the command -----------------------------------------------------------------------------------


def geoparse_articles(
    pipeline: Pipeline, articles: Sequence[GoldArticle]
) -> tuple[list[list[Place]], list[str], float]:
    """Our places for each article, the articles that failed (with why), and the seconds spent."""
    if articles:
        pipeline.geoparse_text(articles[0].text)  # warm-up: the first call pays for lazy loading
    predictions, failures = [], []
    started = time.perf_counter()
    for article in articles:
        try:
            predictions.append(pipeline.geoparse_text(article.text))
        except Exception as exc:  # a geoparser bug costs one article, not the run
            failures.append(f"file {article.id}: {exc!r}")
            predictions.append([])
    return predictions, failures, time.perf_counter() - started


def run(path: str, *, limit: int | None = None, pipeline: Pipeline | None = None, split: str = "all") -> dict:
    """Score our geoparser on GeoWebNews (the GWN.xml file at `path`); `split` keeps the
    articles the place model was not trained on ("heldout"), those it was ("train"), or all."""
    file = Path(path)
    if not file.is_file():
        raise ValueError(f"no such data set: {path!r} (expected GeoWebNews's GWN.xml)")
    if split not in SPLITS:
        raise ValueError(f"no such split: {split!r} (use {', '.join(SPLITS)})")
    gold = read_geowebnews(file.read_text(encoding="utf-8"))
    if split != "all":
        gold = replace(gold, articles=tuple(a for a in gold.articles if heldout(a.id) == (split == "heldout")))
    gold = replace(gold, articles=gold.articles[:limit])
    pipeline = pipeline or Pipeline()
    predictions, failures, seconds = geoparse_articles(pipeline, gold.articles)
    gold, sources = with_countries(gold, GoldCountries(pipeline.gazetteer))
    result = score(gold.articles, predictions)
    return {
        "benchmark": "geo",
        "dataset": "geowebnews",
        "path": path,
        "split": split,
        **result,
        "annotations": sum(len(a.annotations) for a in gold.articles),
        "offsets": {"repaired": list(gold.repaired), "set_aside": list(gold.set_aside)},
        "gold_countries": dict(sources.most_common()),
        "failures": failures,
        "seconds": round(seconds, 3),
        "documents_per_s": round(len(gold.articles) / seconds, 2) if seconds else None,
    }


# -- the summary -----------------------------------------------------------------------------------


def _share(n: int, total: int) -> str:
    return f"{n:>5} {n / total:6.3f}" if total else f"{n:>5}      -"


def describe(result: dict) -> str:
    """A compact summary: span and resolution figures, the per-type table, the worst misses."""
    f = result["figures"]
    offsets = result["offsets"]
    lines = [
        f"geoparsing on GeoWebNews ({result['path']}, {result.get('split', 'all')}): {result['articles']} articles, "
        f"{result['gold_toponyms']} gold toponyms of {result['annotations']} annotations; "
        f"offsets repaired {len(offsets['repaired'])}, set aside {len(offsets['set_aside'])}"
    ]
    for view in ("exact", "overlap"):
        v = f[f"span_{view}"]
        lines.append(
            f"  spans {view:8} P {cell(v['precision'])} R {cell(v['recall'])} F1 {cell(v['f1'])} "
            f"(gold {v['gold']}, ours {v['ours']})"
        )
    lines.append(
        f"resolution of the {f['paired']} gold toponyms we found (overlap): "
        f"GeoNames id {cell(f['geonameid_accuracy'])} "
        f"of {f['geonameid_gold']}, country {cell(f['country_accuracy'])} of {f['country_gold']} "
        f"({f['country_unscored']} without a known gold country)"
    )
    lines.append(
        f"  distance over {f['distance_gold']}: within 161 km {cell(f['accuracy_161km'])}, mean {f['mean_km']} km, "
        f"median {f['median_km']} km, AUC {cell(f['auc'])}; {f['unresolved']} left unresolved "
        f"(counted at {MAX_KM:,.0f} km)"
    )
    lines.append(
        f"end to end: {cell(f['end_to_end_161km'])} of the {f['located_gold']} gold toponyms with coordinates "
        f"found and placed within 161 km"
    )
    lines.append("gold countries from: " + ", ".join(f"{k} {n}" for k, n in result["gold_countries"].items()))
    lines.append("per annotation type (toponyms: found by us; the others: taken by our false positives):")
    lines.append(f"  {'type':22} {'gold':>5} {'exact':>12} {'overlap':>12}")
    separated = False
    for name, row in result["per_type"].items():
        if not row["toponym"] and not separated:
            lines.append("  -- not toponyms --")
            separated = True
        lines.append(
            f"  {name:22} {row['gold']:>5} {_share(row['exact'], row['gold'])} {_share(row['overlap'], row['gold'])}"
        )
    lines.append(
        "our false positives (overlap) fall on: "
        + ", ".join(f"{k} {n}" for k, n in result["false_positives_on"].items())
    )
    lines.append(
        f"speed: {result['documents_per_s']} documents/s ({result['seconds']} s geoparsing); "
        f"failures: {len(result['failures'])}"
    )
    if result["worst"]:
        lines.append("worst resolutions (name: gold => ours, km):")
        lines.extend(
            f"  {w['text']}: {w['gold']} => {w['ours']}, {w['km']} km" + (f" (x{w['count']})" if w["count"] > 1 else "")
            for w in result["worst"]
        )
    for key, label, kind in (
        ("missed", "missed most often", "type"),
        ("false_positives", "false positives most often", "on"),
    ):
        if result[key]:
            lines.append(f"{label}: " + "; ".join(f"{m['text']} {m['count']} ({m[kind]})" for m in result[key]))
    if result["boundaries"]:
        lines.append(
            "other boundaries most often (gold => ours): "
            + "; ".join(f"{b['gold_ours']} {b['count']}" for b in result["boundaries"][:10])
        )
    return "\n".join(lines)
