"""What the coder knows of the article it is coding, shared by every sentence's rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from newsevents.actors import ArticleActors
from newsevents.records import Actor, Place


@dataclass
class ArticleContext:
    doc_id: str
    text: str
    published: date | None
    actors: ArticleActors
    places: list[Place]
    dateline_place: Place | None
    salience: list[Actor] = field(default_factory=list)
    mentions: list[Place] = field(default_factory=list)  # every place named, nationality words included

    def places_in(self, start: int, end: int) -> list[Place]:
        return [p for p in self.places if start <= p.start and p.end <= end]
