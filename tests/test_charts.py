"""The server-drawn SVG charts: the world map on the bundled outline and an actor's timeline."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import date

from newsevents.web.charts import WORLD, MapPoint, timeline, world_map

SVG = "{http://www.w3.org/2000/svg}"
ALEPPO = MapPoint(lat=36.20124, lon=37.16117, quad_class=4, label="Aleppo: 6 events", href="/places/170063", count=6)


def parse(markup) -> ET.Element:
    return ET.fromstring(str(markup))


def test_the_world_outline_has_the_countries_of_the_news():
    data = json.loads(WORLD.read_text(encoding="utf-8"))
    names = {c["name"] for c in data["countries"]}
    assert len(names) >= 170
    assert {"Syria", "Russia", "United States of America", "Ukraine", "Chile"} <= names
    assert "Natural Earth" in data["source"]


def _bounds(name: str) -> tuple[float, float, float, float]:
    country = next(c for c in json.loads(WORLD.read_text(encoding="utf-8"))["countries"] if c["name"] == name)
    points = [p for ring in country["rings"] for p in ring]
    return min(p[0] for p in points), min(p[1] for p in points), max(p[0] for p in points), max(p[1] for p in points)


def test_a_point_lands_where_its_coordinates_say_inside_its_country():
    svg = parse(world_map([ALEPPO]))
    circle = svg.find(f".//{SVG}a/{SVG}circle")
    cx, cy = float(circle.get("cx")), float(circle.get("cy"))
    assert (cx, cy) == (round(37.16117 + 180, 3), round(90 - 36.20124, 3))
    min_lon, min_lat, max_lon, max_lat = _bounds("Syria")
    assert min_lon + 180 <= cx <= max_lon + 180 and 90 - max_lat <= cy <= 90 - min_lat
    assert circle.get("class") == "point q4"
    assert svg.find(f".//{SVG}a").get("href") == "/places/170063"
    assert len(svg.findall(f".//{SVG}path[@class='land']")) >= 170


def test_labels_and_links_are_escaped():
    hostile = MapPoint(lat=1, lon=2, quad_class=1, label='<script>alert("x")</script>', href='/places/1" onclick="x')
    markup = str(world_map([hostile]))
    assert "<script>" not in markup and 'onclick="x' not in markup
    assert parse(markup).find(f".//{SVG}circle/{SVG}title").text == '<script>alert("x")</script>'
    chart = str(timeline({"<b>RUS</b>": [(date(2016, 9, 26), -6.2, 4)]}))
    assert "<b>" not in chart and "&lt;b&gt;RUS&lt;/b&gt;" in chart


def test_a_bounding_box_zooms_and_keeps_circles_their_size_on_screen():
    world = parse(world_map([ALEPPO]))
    zoomed = parse(world_map([ALEPPO], bbox=(25.16, 28.2, 49.16, 44.2)))
    assert world.get("viewBox") == "0.000 0.000 360.000 180.000"
    assert zoomed.get("viewBox") == "205.160 45.800 24.000 16.000"
    r_world = float(world.find(f".//{SVG}circle").get("r"))
    r_zoomed = float(zoomed.find(f".//{SVG}circle").get("r"))
    assert abs(r_zoomed / r_world - 24 / 360) < 1e-3
    clamped = parse(world_map([], bbox=(-200, -100, 200, 100)))
    assert clamped.get("viewBox") == "0.000 0.000 360.000 180.000"


def test_points_off_the_globe_are_left_out_and_bigger_counts_drawn_first():
    points = [MapPoint(lat=95, lon=0, quad_class=1, label="x", href="/a"),
              MapPoint(lat=0, lon=181, quad_class=1, label="y", href="/b"),
              MapPoint(lat=10, lon=10, quad_class=2, label="small", href="/c", count=1),
              MapPoint(lat=11, lon=11, quad_class=3, label="big", href="/d", count=40)]
    circles = parse(world_map(points)).findall(f".//{SVG}circle")
    assert [c.find(f"{SVG}title").text for c in circles] == ["big", "small"]
    assert float(circles[0].get("r")) > float(circles[1].get("r"))


def test_the_timeline_draws_a_line_and_dots_per_partner_around_zero():
    series = {"RUS": [(date(2016, 9, 26), -6.2, 4), (date(2016, 10, 3), -3.0, 1), (date(2016, 10, 17), 1.0, 2)],
              "FRA": [(date(2016, 10, 3), 4.0, 1)]}
    svg = parse(timeline(series, width=800, height=260))
    lines = svg.findall(f".//{SVG}polyline")
    assert len(lines) == 2
    assert [len(g.findall(f"{SVG}circle")) for g in svg.findall(f"{SVG}g")] == [3, 1]
    zero = svg.find(f".//{SVG}line[@class='zero']")
    top, plot_h = 10, 260 - 10 - 30
    assert float(zero.get("y1")) == top + plot_h / 2
    first_dot = svg.find(f".//{SVG}g/{SVG}circle")
    assert float(first_dot.get("cy")) > float(zero.get("y1"))  # conflict is below the zero line
    assert "mean Goldstein -6.2 over 4 events" in first_dot.find(f"{SVG}title").text
    assert {t.text for t in svg.findall(f".//{SVG}text[@class='legend']")} == {"RUS", "FRA"}


def test_a_single_week_and_no_weeks_still_draw():
    one = parse(timeline({"USA": [(date(2016, 9, 26), -3.3, 3)]}))
    assert len(one.findall(f".//{SVG}g/{SVG}circle")) == 1
    empty = parse(timeline({}))
    assert "No events" in "".join(empty.itertext())
