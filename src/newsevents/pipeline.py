"""The pipeline: the stages composed, batch in, batch out.

    source -> RawDocument -> extract -> Article -> analyse -> code (actors, places, events)

The same composition serves the CLI, the HTTP ingest endpoint and, later, Dask workers.
A document that fails at any stage becomes a Failure with its reason; the batch goes on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from typing import Iterable, Iterator

from newsevents.actors import ActorDictionary, default_dictionary
from newsevents.actors.userdicts import UserActors
from newsevents.coding import code_article
from newsevents.coding.lexicon import load_lexicon, using
from newsevents.coding.model import load_model
from newsevents.coding.prefilter import worth_parsing
from newsevents.dates import parse_date
from newsevents.extract import extract
from newsevents.geo import geoparse_article
from newsevents.geo import load as load_gazetteer
from newsevents.geo.resolver import load_model as load_place_model
from newsevents.nlp import analyse, load
from newsevents.records import Article, CodedArticle, Event, Failure, Place, RawDocument, Skipped

# English is what the coder reads; articles in other languages are stored, not coded.
CODED_LANGUAGES = {"en"}
CODERS = ("default", "rules")
BATCH_SIZE = 32


@dataclass
class Pipeline:
    """The stages with their resources (spaCy model, actor dictionary, gazetteer), loaded once."""

    model: str | None = None
    dictionary: ActorDictionary = field(default_factory=default_dictionary)
    actor_files: tuple[str, ...] = ()  # analysts' dictionaries (--actors), over the built-in one
    gazetteer_files: tuple[str, ...] = ()  # GeoNames dumps (--gazetteer), over the built-in places
    lexicon_files: tuple[str, ...] = ()  # users' lexicon tables (--lexicon), over the built-in ones
    coder: str = "default"  # "default": rules and the learned layer; "rules": the rules alone
    coder_model: str | None = None  # a model file of `newsevents train` (--coder-model) instead of the shipped one
    place_model: str | None = None  # a place model of `newsevents geo train` (--place-model) instead of the shipped one

    def __post_init__(self) -> None:
        if self.coder not in CODERS:
            raise ValueError(f"no such coder: {self.coder!r} (use {', '.join(CODERS)})")
        self.user_actors = UserActors.load(self.actor_files, base=self.dictionary) if self.actor_files else None
        self.gazetteer = load_gazetteer(tuple(self.gazetteer_files))
        self.resolver = load_place_model(self.place_model)
        self.lexicon = load_lexicon(tuple(self.lexicon_files))
        self.event_model = None if self.coder == "rules" and self.coder_model is None else load_model(self.coder_model)
        self.nlp = load(self.model)

    def _select(self, sentences: list[str]) -> list[bool]:
        """Which sentences to parse: those the rules may code, and those the model finds an event likely in."""
        chosen = [worth_parsing(s, self.lexicon) for s in sentences]
        if self.event_model is not None and not all(chosen):
            rest = [i for i, ok in enumerate(chosen) if not ok]
            likely = self.event_model.probabilities([sentences[i] for i in rest]).max(axis=1)
            for i, p in zip(rest, likely.tolist()):
                chosen[i] = p >= self.event_model.thresholds["parse"]
        return chosen

    def _code(self, doc_id: str, analysed, article: Article) -> tuple[list[Event], list[Place]]:
        with using(self.lexicon):
            return code_article(
                doc_id,
                analysed,
                published=article.published,
                dateline=article.dateline,
                dictionary=self.dictionary_for(article.published),
                gazetteer=self.gazetteer,
                model=self.event_model,
                place_model=self.resolver,
            )

    def dictionary_for(self, day: date | None) -> ActorDictionary:
        """The actor dictionary for an article of this date (users' dated entries apply to their period)."""
        return self.user_actors.dictionary(day) if self.user_actors is not None else self.dictionary

    def code_articles(self, articles: list[Article]) -> list[CodedArticle]:
        """Code a batch of extracted articles (those not in English are passed through uncoded)."""
        wanted = [a for a in articles if a.language in CODED_LANGUAGES or a.language is None]
        analysed = dict(
            zip((id(a) for a in wanted), analyse([a.text for a in wanted], nlp=self.nlp, select=self._select))
        )
        results: list[CodedArticle] = []
        for article in articles:
            if id(article) not in analysed:
                results.append(CodedArticle(article, coded=False))
                continue
            try:
                events, places = self._code(article.id, analysed[id(article)], article)
            except Exception as exc:  # a coder bug must lose neither the batch nor the article
                results.append(CodedArticle(article, coded=False, error=f"internal error while coding: {exc!r}"))
                continue
            cut_at = analysed[id(article)].cut_at
            note = (
                None
                if cut_at is None
                else (
                    f"coded in part: only its first {cut_at:,} of {len(article.text):,} characters were "
                    f"parsed and coded (NEWSEVENTS_MAX_DOCUMENT_CHARS); the whole text is stored"
                )
            )
            results.append(CodedArticle(article, tuple(events), tuple(places), error=note))
        return results

    def process(
        self, documents: Iterable[RawDocument | Failure | Skipped], batch_size: int = BATCH_SIZE
    ) -> Iterator[CodedArticle | Failure | Skipped]:
        """Extract and code documents, in order, one result per document."""
        iterator = iter(documents)
        while batch := list(islice(iterator, batch_size)):
            extracted = [d if isinstance(d, (Failure, Skipped)) else extract(d) for d in batch]
            coded = iter(self.code_articles([a for a in extracted if isinstance(a, Article)]))
            for item in extracted:
                yield next(coded) if isinstance(item, Article) else item

    def code_text(
        self, text: str, *, date: date | str | None = None, title: str | None = None, doc_id: str = "doc"
    ) -> list[Event]:
        """Code a text as given (no extraction): offsets point into `text` itself."""
        article = text_article(text, date=date, title=title, source=doc_id)
        [analysed] = analyse([text], nlp=self.nlp, select=self._select)
        events, _ = self._code(doc_id, analysed, article)
        return events

    def geoparse_text(self, text: str) -> list[Place]:
        [analysed] = analyse([text], nlp=self.nlp)
        places, _ = geoparse_article(analysed, gazetteer=self.gazetteer, model=self.resolver)
        return places


def text_article(
    text: str, *, date: date | str | None = None, title: str | None = None, source: str = "<input>"
) -> Article:
    """An Article for a text given directly (the `code` command, the Python API)."""
    if isinstance(date, str):
        value = parse_date(date)
        if value is None:
            raise ValueError(f"not a date: {date!r} (use YYYY-MM-DD)")
        date = value.date
    return Article(
        source=source,
        text=text,
        title=title,
        published=date,
        published_from="input" if date else None,
        published_precision="day" if date else None,
    )


_default: Pipeline | None = None


def default_pipeline() -> Pipeline:
    global _default
    if _default is None:
        _default = Pipeline()
    return _default


def code_text(
    text: str, *, date: date | str | None = None, title: str | None = None, doc_id: str = "doc"
) -> list[Event]:
    return default_pipeline().code_text(text, date=date, title=title, doc_id=doc_id)
