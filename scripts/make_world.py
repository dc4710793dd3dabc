"""Build src/newsevents/web/world.json, the world outline the map pages draw (offline).

The source is Natural Earth's 1:110m admin-0 countries (public domain) as the npm package
world-atlas publishes them in TopoJSON (ISC licence):

    npm pack world-atlas@2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/make_world.py package/countries-110m.json

The TopoJSON arcs are decoded (delta-encoded, quantized) into rings of [lon, lat] rounded to
0.1 degree; consecutive equal points are dropped. Rerun it to change the detail.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "newsevents" / "web" / "world.json"


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
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


def ring(indexes: list[int], arcs: list) -> list[list[float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])  # each arc starts where the last ended
    out: list[list[float]] = []
    for lon, lat in points:
        point = [round(lon, 1), round(lat, 1)]
        if not out or out[-1] != point:
            out.append(point)
    return out


def main(path: str) -> None:
    topology = json.loads(Path(path).read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = {"Polygon": [geometry.get("arcs", [])], "MultiPolygon": geometry.get("arcs", [])}.get(geometry["type"], [])
        rings = [r for polygon in polygons for r in (ring(indexes, arcs) for indexes in polygon) if len(r) >= 3]
        if rings:
            countries.append({"id": geometry.get("id"), "name": geometry["properties"]["name"], "rings": rings})
    data = {"source": "Natural Earth 1:110m admin 0 countries (public domain), via world-atlas 2 (ISC)",
            "countries": countries}
    OUT.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(countries)} countries, {OUT.stat().st_size:,} bytes -> {OUT}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
