"""newsevents: turn news into dated, coded, geolocated political event data.

    >>> import newsevents
    >>> events = newsevents.code("Russian warplanes bombed Aleppo on Tuesday.", date="2016-09-28")
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["code", "__version__"]


def code(text: str, date=None, title: str | None = None, *, doc_id: str = "doc"):
    """Code the events of one text, as `newsevents code` does; returns a list of Event records."""
    from newsevents.pipeline import code_text

    return code_text(text, date=date, title=title, doc_id=doc_id)
