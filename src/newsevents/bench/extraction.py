"""`newsevents bench extract`: our extractor against plain trafilatura on public data sets.

Three data sets, recognised by their files (`run` takes the folder):

- aeb (scrapinghub/article-extraction-benchmark, `ground-truth.json`): body text;
- naeb (AndyTheFactory/article-extraction-dataset, `news_articles.json`): body, title, date
  and authors;
- reuters21578 (`reut2-*.sgm.gz`): datelines, agency sign-offs and dates of wire stories
  given as plain text. trafilatura does not read plain text, so it has no side here.

Method. Pages are read and decompressed first; only the extraction calls are timed, one
pass per extractor after one warm-up call. A page that cannot be read is left out of the
scores and counted as unreadable; a page an extractor fails on (or raises on) scores as
empty output.

- Body: words are the `\\w+` tokens of the lower-cased text. Word precision, recall and F1
  compare bags of words (multiset overlap); shingle precision, recall and F1 compare the
  sets of 4-word shingles (a text of 1 to 3 words is one shingle). Empty output, or no
  overlap, gives P = R = F1 = 0. Each figure is the mean over pages (macro average).
  Our body has its dateline and agency sign-off removed while the gold keeps them, which
  costs us a few words on wire copy. These are not the AEB paper's figures (case-sensitive
  shingle counts, F1 of the mean precision and mean recall, pages without output left out
  of precision), so compare our column with trafilatura's, not with the published table.
- Title (naeb): exact after collapsing whitespace; loose also ignores case and punctuation.
- Date (naeb): the published date equals the gold date (YYYY-MM-DD), over pages with one.
  A third column gives htmldate alone (`find_date(page, url=..., original_date=True)`), the
  date a page's first publication is most often read from.
- Authors (naeb): over pages whose gold names authors, the name sets are equal after
  splitting on ",", ";" and " and ", and ignoring case, spacing and punctuation
  ("RALPH D. RUSSO" is "Ralph D Russo").
- Reuters: a story is the TITLE line, a blank line, then the DATELINE text followed by the
  BODY with its hard-wrapped lines, as the wire sent it. The gold place is the dateline
  before its first comma or " - " ("SALVADOR"); ours is compared up to its first comma too,
  so "SAN JOSE, Calif." is right for "SAN JOSE". Bodies ending in "Reuter" should give the
  agency "Reuters". The gold date is `<DATE>`; the story itself carries no year, so the date
  figure mostly measures that, and `date_ignoring_year` shows what the dateline gave.
  `dateline_misses` lists the first stories we extracted with a wrong or missing place.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from statistics import fmean
from typing import Callable, Sequence

import htmldate
import trafilatura

from newsevents.bench.pages import GoldPage, WireStory, _aeb_pages, _naeb_pages, reuters_stories
from newsevents.extract import extract, rules
from newsevents.records import Article, Failure, RawDocument
from newsevents.sources import read_file

SHINGLE_WORDS = 4
WORST_PAGES = 10

# -- scorers ---------------------------------------------------------------------------------------

_WORD = re.compile(r"\w+")
_NAME_SEPARATORS = re.compile(r",|;|\s+and\s+", re.I)


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float


def words(text: str | None) -> list[str]:
    return _WORD.findall((text or "").lower())


def _score(common: int, output_size: int, gold_size: int) -> Score:
    if not common:
        return Score(0.0, 0.0, 0.0)
    precision, recall = common / output_size, common / gold_size
    return Score(precision, recall, 2 * precision * recall / (precision + recall))


def word_score(output: str | None, gold: str) -> Score:
    """Precision, recall and F1 of the output's bag of words against the gold's."""
    found, expected = Counter(words(output)), Counter(words(gold))
    return _score(sum((found & expected).values()), sum(found.values()), sum(expected.values()))


def shingles(text: str | None, n: int = SHINGLE_WORDS) -> set[tuple[str, ...]]:
    tokens = words(text)
    return {tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1))} if tokens else set()


def shingle_score(output: str | None, gold: str) -> Score:
    """Precision, recall and F1 of the output's set of 4-word shingles against the gold's."""
    found, expected = shingles(output), shingles(gold)
    return _score(len(found & expected), len(found), len(expected))


def same_title(output: str | None, gold: str, *, loose: bool = False) -> bool:
    """Equal after collapsing whitespace; `loose` also ignores case and punctuation."""
    if not output:
        return False
    return words(output) == words(gold) if loose else " ".join(output.split()) == " ".join(gold.split())


def author_names(text: str | None) -> frozenset[str]:
    """The names in an author string ("A, B and C", "A; B"), without case, spacing or punctuation."""
    names = (" ".join(words(part)) for part in _NAME_SEPARATORS.split(text or ""))
    return frozenset(name for name in names if name)


def same_date(output: str | None, gold: str) -> bool:
    if not output:
        return False
    return output[:10] == gold[:10]


# -- pages -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Output:
    """What one extractor gave for one page, in the terms of the gold."""

    body: str = ""
    title: str | None = None
    date: str | None = None
    authors: str = ""
    failure: str | None = None


def _ours(document: RawDocument) -> Article | Failure:
    try:
        return extract(document)
    except Exception as exc:  # a crash on one page is that page's failure, not the run's
        return Failure(document.source, f"{type(exc).__name__}: {exc}")


def _trafilatura(document: RawDocument):
    try:
        return trafilatura.bare_extraction(document.content, url=document.url, with_metadata=True)
    except Exception:  # as above: the page fails, the run goes on
        return None


def _htmldate(document: RawDocument) -> str | None:
    try:
        return htmldate.find_date(document.content, url=document.url, original_date=True)
    except Exception:  # as above
        return None


def _our_output(result: Article | Failure) -> Output:
    if isinstance(result, Failure):
        return Output(failure=result.reason)
    return Output(
        result.text, result.title, result.published.isoformat() if result.published else None, "; ".join(result.authors)
    )


def _trafilatura_output(result) -> Output:
    if result is None or not (result.text or "").strip():
        return Output(failure="no text")
    return Output(result.text, result.title, result.date, result.author or "")


def _timed(call: Callable, documents: Sequence[RawDocument]) -> tuple[list, float]:
    call(documents[0])  # warm-up: first calls pay for lazy loading that a long run does not
    started = time.perf_counter()
    results = [call(d) for d in documents]
    return results, time.perf_counter() - started


def _mean(values: list) -> float | None:
    return round(fmean(values), 3) if values else None


def _figures(outputs: list[Output], pages: list[GoldPage], seconds: float, metadata: bool) -> dict:
    word = [word_score(o.body, p.body) for o, p in zip(outputs, pages)]
    shingle = [shingle_score(o.body, p.body) for o, p in zip(outputs, pages)]
    figures = {
        f"body_{name}_{measure}": _mean([getattr(s, measure) for s in scores])
        for name, scores in (("word", word), ("shingle", shingle))
        for measure in ("precision", "recall", "f1")
    }
    if metadata:
        pairs = list(zip(outputs, pages))
        figures["title_exact"] = _mean([same_title(o.title, p.title) for o, p in pairs if p.title])
        figures["title_loose"] = _mean([same_title(o.title, p.title, loose=True) for o, p in pairs if p.title])
        figures["date"] = _mean([same_date(o.date, p.date) for o, p in pairs if p.date])
        figures["authors"] = _mean(
            [author_names(o.authors) == author_names(p.authors) for o, p in pairs if author_names(p.authors)]
        )
    figures["failures"] = sum(o.failure is not None for o in outputs)
    figures["seconds"] = round(seconds, 3)
    figures["pages_per_s"] = round(len(pages) / seconds, 3)
    return figures


def _page_benchmark(dataset: str, path: str, pages: list[GoldPage], unreadable: int, without: Sequence[str]) -> dict:
    documents = [p.document for p in pages]
    with rules.without(*without):
        ours, our_seconds = _timed(_ours, documents)
    theirs, their_seconds = _timed(_trafilatura, documents)
    ours, theirs = [_our_output(r) for r in ours], [_trafilatura_output(r) for r in theirs]
    metadata = dataset == "naeb"
    result: dict = {
        "benchmark": "extract",
        "dataset": dataset,
        "path": path,
        "pages": len(pages),
        "unreadable": unreadable,
        "without": list(without),
    }
    if metadata:
        result["dated"] = sum(bool(p.date) for p in pages)
        result["with_authors"] = sum(bool(author_names(p.authors)) for p in pages)
    result["newsevents"] = _figures(ours, pages, our_seconds, metadata)
    result["trafilatura"] = _figures(theirs, pages, their_seconds, metadata)
    if metadata:
        dates = [_htmldate(d) for d in documents]
        result["htmldate"] = {"date": _mean([same_date(found, p.date) for found, p in zip(dates, pages) if p.date])}
    result["speed_ratio"] = round(result["newsevents"]["pages_per_s"] / result["trafilatura"]["pages_per_s"], 3)
    scored = sorted(
        ((word_score(o.body, p.body).f1, word_score(t.body, p.body).f1, p, o) for o, t, p in zip(ours, theirs, pages)),
        key=lambda row: (row[0], row[2].id),
    )
    result["worst"] = [
        {"id": p.id, "url": p.document.url, "newsevents_f1": round(f1, 3), "trafilatura_f1": round(their_f1, 3)}
        | ({"failure": o.failure} if o.failure else {})
        for f1, their_f1, p, o in scored[:WORST_PAGES]
    ]
    return result


def _reuters(path: str, folder: Path, limit: int | None, without: Sequence[str]) -> dict:
    stories: list[tuple[str, WireStory]] = []
    unreadable = 0
    for file in sorted(folder.glob("reut2-*.sgm.gz")):
        if limit and len(stories) >= limit:
            break
        document = next(read_file(file))
        if not isinstance(document, RawDocument):
            unreadable += 1
            continue
        stories.extend((file.name, story) for story in reuters_stories(document.content.decode("latin-1")))
    stories = stories[:limit]
    if not stories:
        raise ValueError(f"no readable stories with a dateline and a body in {path!r}")
    documents = [
        RawDocument(source=f"{name}#{s.id}", content=s.text.encode("utf-8"), media_type="text/plain")
        for name, s in stories
    ]
    with rules.without(*without):
        results, seconds = _timed(_ours, documents)
    articles = [r if isinstance(r, Article) else None for r in results]

    def place(article: Article | None) -> str | None:
        found = article and article.dateline and article.dateline.place
        return " ".join(found.split(",")[0].split()) if found else None

    pairs = [(s, a) for (_, s), a in zip(stories, articles)]
    right_place = [(place(a) or "").lower() == s.place.lower() for s, a in pairs]
    dated = [(s.date, a) for s, a in pairs if s.date]
    return {
        "benchmark": "extract",
        "dataset": "reuters21578",
        "path": path,
        "pages": len(stories),
        "unreadable": unreadable,
        "without": list(without),
        "signed": sum(s.signed for s, _ in pairs),
        "dated": len(dated),
        "newsevents": {
            "dateline_place": _mean(right_place),
            "agency": _mean([bool(a and a.agency == "Reuters") for s, a in pairs if s.signed]),
            "date": _mean([bool(a and a.published == day) for day, a in dated]),
            "date_ignoring_year": _mean(
                [
                    bool(a and a.published and (a.published.month, a.published.day) == (day.month, day.day))
                    for day, a in dated
                ]
            ),
            "failures": sum(a is None for a in articles),
            "seconds": round(seconds, 3),
            "pages_per_s": round(len(stories) / seconds, 3),
        },
        "dateline_misses": [
            {"id": d.source, "gold": s.place, "newsevents": place(a)}
            for (s, a), d, right in zip(pairs, documents, right_place)
            if a and not right
        ][:WORST_PAGES],
    }


def run(path: str, *, limit: int | None = None, without: Sequence[str] = ()) -> dict:
    """Score our extractor (and plain trafilatura, on HTML) on the data set in the folder `path`,
    with the extraction rules named in `without` off."""
    rules.check(without)  # before the pages are read
    folder = Path(path)
    if not folder.is_dir():
        raise ValueError(f"no such data set folder: {path!r}")
    if (folder / "ground-truth.json").is_file():
        pages, unreadable = _aeb_pages(folder, limit)
        dataset = "aeb"
    elif (folder / "news_articles.json").is_file():
        pages, unreadable = _naeb_pages(folder, limit)
        dataset = "naeb"
    elif any(folder.glob("reut2-*.sgm.gz")):
        return _reuters(path, folder, limit, without)
    else:
        raise ValueError(
            f"{path!r} is not a known extraction data set: expected a folder with ground-truth.json (aeb), "
            f"news_articles.json (naeb) or reut2-*.sgm.gz files (Reuters-21578)"
        )
    if not pages:
        raise ValueError(f"no readable pages in {path!r} ({unreadable} unreadable)")
    return _page_benchmark(dataset, path, pages, unreadable, without)


_ROWS = (
    ("body_word_precision", "body words, precision"),
    ("body_word_recall", "body words, recall"),
    ("body_word_f1", "body words, F1"),
    ("body_shingle_precision", "body 4-grams, precision"),
    ("body_shingle_recall", "body 4-grams, recall"),
    ("body_shingle_f1", "body 4-grams, F1"),
    ("title_exact", "title exact"),
    ("title_loose", "title, any case and punctuation"),
    ("dateline_place", "dateline place"),
    ("agency", "agency Reuters"),
    ("date", "date"),
    ("date_ignoring_year", "date ignoring year"),
    ("authors", "authors"),
    ("failures", "failures"),
    ("pages_per_s", "pages/s"),
)


def _cell(value) -> str:
    return "-" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


def describe(result: dict) -> str:
    """A table of the figures, ours beside trafilatura's (and htmldate's date) where they have a side."""
    sides = [side for side in ("newsevents", "trafilatura", "htmldate") if side in result]
    counts = ", ".join(
        f"{result[k]} {label}"
        for k, label in (
            ("unreadable", "unreadable"),
            ("dated", "with a gold date"),
            ("with_authors", "with gold authors"),
            ("signed", "signed 'Reuter'"),
        )
        if k in result
    )
    off = f"; rules off: {', '.join(result['without'])}" if result.get("without") else ""
    lines = [
        f"extract on {result['dataset']} ({result['path']}): {result['pages']} pages; {counts}{off}",
        f"{'':32}" + "".join(f"{side:>13}" for side in sides),
    ]
    for key, label in _ROWS:
        if key in result["newsevents"]:
            lines.append(f"{label:32}" + "".join(f"{_cell(result[side].get(key)):>13}" for side in sides))
    if "speed_ratio" in result:
        lines.append(f"speed ratio (newsevents pages/s / trafilatura pages/s): {result['speed_ratio']}")
    if result.get("worst"):
        lines.append(
            "lowest body word F1 (newsevents vs trafilatura): "
            + "; ".join(
                f"{w['id'][:16]} {w['newsevents_f1']:.3f} vs {w['trafilatura_f1']:.3f}" for w in result["worst"]
            )
        )
    if result.get("dateline_misses"):
        lines.append(
            "dateline misses (gold -> ours): "
            + "; ".join(f"{m['gold']} -> {m['newsevents']}" for m in result["dateline_misses"])
        )
    return "\n".join(lines)
