"""Great-circle distance, shared by the geoparser, the store's "near" filter and the benches."""

from __future__ import annotations

import math
from typing import overload

EARTH_RADIUS_KM = 6371.0


@overload
def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float: ...
@overload
def km(lat1: float | None, lon1: float | None, lat2: float | None, lon2: float | None) -> float | None: ...
def km(lat1, lon1, lat2, lon2):
    """The great-circle distance in km between two points; None when a coordinate is missing."""
    if None in (lat1, lon1, lat2, lon2):
        return None
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return EARTH_RADIUS_KM * 2 * math.asin(min(1.0, math.sqrt(a)))
