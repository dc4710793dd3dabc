"""Build src/newsevents/web/world.json, the world outline the map pages draw (offline).

Source: Natural Earth's 1:110m Admin 0 countries (version 4.1.0; public domain) as the npm
package world-atlas 2.0.2 publishes them in TopoJSON (countries-110m.json; the package is ISC
licensed). Rerun from the project's root with either of

    python scripts/make_world.py                      # fetches world-atlas with `npm pack` into a temp dir
    python scripts/make_world.py countries-110m.json  # a copy you already have (from `npm pack world-atlas@2.0.2`)

It needs only the standard library (and npm, for the first form); it is a dev tool, not a
runtime dependency. What it does:

* decodes the TopoJSON arcs (delta-encoded, quantized, with the topology's transform) into rings
  of [lon, lat];
* cuts the rings that cross the antimeridian (Russia's Chukotka, Fiji) at +-180 degrees and
  closes Antarctica along the south pole, so that each ring is a plain polygon in the
  equirectangular plane (a map drawing lon/lat straight would otherwise get stripes across it);
* rounds to 0.1 degree and drops repeated points, which keeps the file near 140 KB.

Output: {"source": ..., "countries": [{"id": ISO 3166-1 numeric or null, "name": ..., "rings":
[[[lon, lat], ...], ...]}]} with every ring closed (its last point repeats its first).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "newsevents" / "web" / "world.json"
PACKAGE = "world-atlas@2.0.2"
MEMBER = "package/countries-110m.json"
SOURCE = "Natural Earth 1:110m admin 0 countries v4.1.0 (public domain), via world-atlas 2.0.2 (ISC)"
DIGITS = 1  # decimals kept: 0.1 degree is finer than the 1:110m data and than a screen's pixels

Point = tuple[float, float]


def fetch() -> dict:
    """countries-110m.json out of the world-atlas npm package, fetched with `npm pack`."""
    with tempfile.TemporaryDirectory() as tmp:
        name = (
            subprocess.run(["npm", "pack", "--silent", PACKAGE], cwd=tmp, check=True, capture_output=True, text=True)
            .stdout.strip()
            .splitlines()[-1]
        )
        with tarfile.open(Path(tmp) / name) as tar:
            member = tar.extractfile(MEMBER)
            if member is None:
                sys.exit(f"{name} has no {MEMBER}")
            return json.load(member)


def decode_arcs(topology: dict) -> list[list[Point]]:
    """The topology's arcs as absolute [lon, lat] points (undoing the delta encoding and quantization)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def stitch(indexes: list[int], arcs: list[list[Point]]) -> list[Point]:
    """A ring from its arcs (a negative index ~i is arc i reversed); each arc starts where the last ended."""
    points: list[Point] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def unwrap(ring: list[Point]) -> list[Point]:
    """The ring with no jump of more than 180 degrees of longitude between neighbours (lon may leave
    -180..180). A ring around a pole, whose longitude then winds a whole turn, is closed over the pole."""
    out = [ring[0]]
    for lon, lat in ring[1:]:
        previous = out[-1][0]
        lon += 360 * round((previous - lon) / 360)
        out.append((lon, lat))
    turn = out[-1][0] - out[0][0]
    if abs(turn) > 180:  # around a pole: go along the map's top or bottom edge back to the start
        pole = -90.0 if sum(lat for _, lat in out) < 0 else 90.0
        out[-1:] = [(out[-1][0], out[-1][1]), (out[-1][0], pole), (out[0][0], pole), out[0]]
    return out


def clip(ring: list[Point], lo: float, hi: float) -> list[Point]:
    """Sutherland-Hodgman: the part of the ring with lo <= lon <= hi."""

    def cut(points: list[Point], inside, edge: float) -> list[Point]:
        out: list[Point] = []
        for i, current in enumerate(points):
            previous = points[i - 1]
            if inside(current) != inside(previous):
                (x0, y0), (x1, y1) = previous, current
                out.append((edge, y0 + (y1 - y0) * (edge - x0) / (x1 - x0)))
            if inside(current):
                out.append(current)
        return out

    points = ring[:-1] if ring[0] == ring[-1] else ring
    points = cut(points, lambda p: p[0] >= lo, lo)
    return cut(points, lambda p: p[0] <= hi, hi) if points else []


def area(ring: list[Point]) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]))) / 2


def rings_of(points: list[Point]) -> list[list[list[float]]]:
    """One source ring as closed, rounded rings that stay inside -180..180 degrees of longitude."""
    ring = unwrap(points)
    low, high = min(lon for lon, _ in ring), max(lon for lon, _ in ring)
    out = []
    for shift in (-360, 0, 360):
        if high + shift < -180 or low + shift > 180:
            continue
        part = clip([(lon + shift, lat) for lon, lat in ring], -180.0, 180.0)
        rounded: list[list[float]] = []
        for lon, lat in part:
            point = [round(lon, DIGITS), round(lat, DIGITS)]
            if not rounded or rounded[-1] != point:
                rounded.append(point)
        while len(rounded) > 1 and rounded[-1] == rounded[0]:
            rounded.pop()
        if len(rounded) >= 3 and area([(x, y) for x, y in rounded]) > 0.005:
            out.append(rounded + [rounded[0]])
    return out


def build(topology: dict) -> dict:
    arcs = decode_arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = {"Polygon": [geometry.get("arcs", [])], "MultiPolygon": geometry.get("arcs", [])}.get(
            geometry["type"], []
        )
        rings = [r for polygon in polygons for indexes in polygon for r in rings_of(stitch(indexes, arcs))]
        if rings:
            countries.append({"id": geometry.get("id"), "name": geometry["properties"]["name"], "rings": rings})
    return {"source": SOURCE, "countries": countries}


def main(argv: list[str]) -> None:
    if len(argv) > 1 or (argv and argv[0].startswith("-")):
        sys.exit(__doc__)
    topology = json.loads(Path(argv[0]).read_text(encoding="utf-8")) if argv else fetch()
    data = build(topology)
    OUT.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(data['countries'])} countries, {OUT.stat().st_size:,} bytes -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1:])
