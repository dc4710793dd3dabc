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

    def place_before(self, at: int) -> Place | None:
        """Where the story is before offset `at`: the last resolved place it named, except that
        naming a country does not move it from a town or region of that country it named
        earlier (a story from Beledweyne that says "Somalia" is still in Beledweyne)."""
        before = [p for p in self.places if p.end <= at and p.geonameid is not None]
        if not before:
            return None
        last = before[-1]
        if last.feature == "country":
            inside = [p for p in before if p.feature != "country" and p.country == last.country]
            return inside[-1] if inside else last
        return last
