"""Merging the reports of one event: the event, stored or new in the batch, that a report from
another article is another report of (see _merge_target)."""

from __future__ import annotations

import math

from newsevents.distance import km
from newsevents.records import Event, Place

# Reports of the same event from different articles are merged when their places are this close.
MERGE_KM = 50.0


class _Candidate:
    """An event the reports of a batch may merge into, stored before the batch or made by it
    (`new`; its `id` is then its place in the batch until it is stored), and what it gains."""

    __slots__ = ("id", "new", "cameo_code", "lat", "lon", "articles", "reports", "confidence", "columns")

    def __init__(self, id: int, new: bool, cameo_code: str, lat: float | None, lon: float | None):
        self.id, self.new, self.cameo_code, self.lat, self.lon = id, new, cameo_code, lat, lon
        self.articles: set[str] = set()  # the batch's articles reporting it
        self.reports = 0  # the batch's reports of it
        self.confidence = -math.inf  # the highest confidence of those reports
        self.columns: tuple = ()  # a new event's actor ids and other columns


def _merge_target(
    merging: dict[tuple, list[_Candidate]],
    article_id: str,
    event: Event,
    days: tuple[str, str, str],
    source: str,
    target: str,
) -> _Candidate | None:
    """The event this report is another report of, if any: one with the same source and target
    actor codes, the same CAMEO base code and modality, dated within a day (`days`; the same day
    first, then the lowest id), placed within MERGE_KM (or either place unknown), reported by
    another article. `merging` holds the candidates by date, codes, negated and hypothetical."""
    base, here, on = event.cameo_code[:3], event.location, days[1]
    best, rank = None, None
    for when in days:
        for candidate in merging.get((when, source, target, int(event.negated), int(event.hypothetical)), ()):
            if (
                candidate.cameo_code.startswith(base)
                and article_id not in candidate.articles
                and _near(here, candidate)
                and (rank is None or (when != on, candidate.new, candidate.id) < rank)
            ):
                best, rank = candidate, (when != on, candidate.new, candidate.id)
    return best


def _near(here: Place | None, candidate: _Candidate) -> bool:
    """Within MERGE_KM of each other, or either place (or a coordinate of it) unknown."""
    if here is None:
        return True
    distance = km(here.lat, here.lon, candidate.lat, candidate.lon)
    return distance is None or distance <= MERGE_KM
