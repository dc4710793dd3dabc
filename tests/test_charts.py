"""The server-drawn SVG charts: the world map on the bundled outline and an actor's timeline."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from markupsafe import Markup

from newsevents.web.charts import WORLD, MapPoint, timeline, world_map

SVG = "{http://www.w3.org/2000/svg}"
ALEPPO = MapPoint(lat=36.20124, lon=37.16117, quad_class=4, label="Aleppo: 6 events", href="/places/170063", count=6)
CSS = Path(__file__).resolve().parents[1] / "src" / "newsevents" / "web" / "static" / "charts.css"
SERIES = {
    "RUS": [(date(2016, 9, 26), -6.2, 4), (date(2016, 10, 3), -3.0, 1), (date(2016, 10, 17), 1.0, 2)],
    "FRA": [(date(2016, 10, 3), 4.0, 1)],
}


def parse(markup: Markup | str) -> ET.Element:
    return ET.fromstring(str(markup))


def countries() -> list[dict]:
    return json.loads(WORLD.read_text(encoding="utf-8"))["countries"]


def bounds(name: str) -> tuple[float, float, float, float]:
    country = next(c for c in countries() if c["name"] == name)
    points = [p for ring in country["rings"] for p in ring]
    return min(p[0] for p in points), min(p[1] for p in points), max(p[0] for p in points), max(p[1] for p in points)


def view_box(svg: ET.Element) -> list[float]:
    return [float(v) for v in svg.get("viewBox").split()]


def test_the_world_outline_has_the_countries_of_the_news():
    data = json.loads(WORLD.read_text(encoding="utf-8"))
    names = {c["name"] for c in data["countries"]}
    assert len(names) >= 170
    assert {"Syria", "Russia", "United States of America", "Ukraine", "Chile", "Antarctica"} <= names
    assert "Natural Earth" in data["source"]
    assert next(c["id"] for c in data["countries"] if c["name"] == "Syria") == "760"  # ISO 3166-1 numeric
    assert WORLD.stat().st_size < 160_000


def test_the_outline_is_cut_at_the_antimeridian():
    """No ring jumps across the map (Russia's Chukotka and Fiji straddle 180 degrees in the source)."""
    for country in countries():
        for ring in country["rings"]:
            assert len(ring) >= 4 and ring[0] == ring[-1]
            assert all(-180 <= lon <= 180 and -90 <= lat <= 90 for lon, lat in ring)
            for (lon0, lat0), (lon1, lat1) in zip(ring, ring[1:]):
                # only Antarctica's closing edge along the south pole may run the map's whole width
                assert abs(lon1 - lon0) < 90 or lat0 == lat1 == -90, (country["name"], lon0, lon1)
    russia = bounds("Russia")
    assert russia[0] == -180 and russia[2] == 180  # both sides of the antimeridian, drawn apart


def test_the_map_is_well_formed_and_labelled():
    markup = world_map([ALEPPO])
    assert isinstance(markup, Markup) and isinstance(timeline(SERIES), Markup)
    svg = parse(markup)
    assert svg.tag == f"{SVG}svg" and svg.get("width") == "100%" and svg.get("role") == "img"
    assert "1 place" in svg.get("aria-label")
    assert svg.get("viewBox") == "0.000 0.000 360.000 180.000"  # one unit a degree
    lands = svg.findall(f".//{SVG}path[@class='land']")
    assert len(lands) == len(countries())
    assert "Syria" in {p.find(f"{SVG}title").text for p in lands}
    assert svg.findall(f".//{SVG}path[@class='graticule']")
    assert "style=" not in str(world_map([ALEPPO])) and "<script" not in str(world_map([ALEPPO]))


def test_a_point_lands_where_its_coordinates_say_inside_its_country():
    svg = parse(world_map([ALEPPO]))
    circle = svg.find(f".//{SVG}a/{SVG}circle")
    cx, cy = float(circle.get("cx")), float(circle.get("cy"))
    assert cx == pytest.approx(37.16117 + 180, abs=0.01) and cy == pytest.approx(90 - 36.20124, abs=0.01)
    min_lon, min_lat, max_lon, max_lat = bounds("Syria")
    assert min_lon + 180 <= cx <= max_lon + 180 and 90 - max_lat <= cy <= 90 - min_lat
    assert circle.get("class") == "point q4"
    assert float(circle.get("data-lat")) == pytest.approx(36.20124)
    assert float(circle.get("data-lon")) == pytest.approx(37.16117)
    assert svg.find(f".//{SVG}a").get("href") == "/places/170063"
    assert circle.find(f"{SVG}title").text == "Aleppo: 6 events"
    # Syria's outline, drawn as a path, passes around the point
    syria = next(p for p in svg.findall(f".//{SVG}path[@class='land']") if p.find(f"{SVG}title").text == "Syria")
    xs, ys = path_points(syria.get("d"))
    assert min(xs) < float(circle.get("cx")) < max(xs) and min(ys) < float(circle.get("cy")) < max(ys)


def path_points(d: str) -> tuple[list[float], list[float]]:
    """Absolute points of a path made of M (absolute), l (relative) and z commands."""
    xs, ys = [], []
    for ring in re.findall(r"M([^z]*)z", d):
        start, _, rest = ring.partition("l")
        numbers = [float(n) for n in re.findall(r"-?\d*\.?\d+", start)]
        x, y = numbers
        xs.append(x), ys.append(y)
        steps = [float(n) for n in re.findall(r"-?\d*\.?\d+", rest)]
        for dx, dy in zip(steps[::2], steps[1::2]):
            x, y = x + dx, y + dy
            xs.append(x), ys.append(y)
    return xs, ys


def test_labels_and_links_are_escaped():
    hostile = MapPoint(lat=1, lon=2, quad_class=1, label='<script>alert("x")</script>', href='/places/1" onclick="x')
    markup = str(world_map([hostile]))
    assert "<script>" not in markup and 'onclick="x' not in markup
    svg = parse(markup)
    assert svg.find(f".//{SVG}circle/{SVG}title").text == '<script>alert("x")</script>'
    assert svg.find(f".//{SVG}a").get("href") == '/places/1" onclick="x'  # one attribute, quote and all
    chart = str(timeline({'<b>RUS</b> "x"': [(date(2016, 9, 26), -6.2, 4)]}))
    assert "<b>" not in chart and "&lt;b&gt;RUS&lt;/b&gt;" in chart
    assert parse(chart).find(f".//{SVG}text[@class='legend']").text == '<b>RUS</b> "x"'


def test_a_link_that_is_not_http_is_dropped_but_the_point_stays():
    sneaky = MapPoint(lat=1, lon=2, quad_class=2, label="x", href="javascript:alert(1)")
    svg = parse(world_map([sneaky]))
    assert svg.find(f".//{SVG}a") is None and len(svg.findall(f".//{SVG}circle")) == 1
    assert "javascript" not in str(world_map([sneaky]))


def test_a_bounding_box_zooms_and_keeps_circles_their_size_on_screen():
    world = parse(world_map([ALEPPO]))
    zoomed = parse(world_map([ALEPPO], bbox=(25.16, 28.2, 49.16, 44.2)))
    assert view_box(world) == [0, 0, 360, 180]
    assert view_box(zoomed) == pytest.approx([205.16, 45.8, 24, 16])
    r_world = float(world.find(f".//{SVG}circle").get("r"))
    r_zoomed = float(zoomed.find(f".//{SVG}circle").get("r"))
    assert r_zoomed / r_world == pytest.approx(24 / 360, rel=1e-2)
    # clamped to the world
    assert view_box(parse(world_map([], bbox=(-200, -100, 200, 100)))) == [0, 0, 360, 180]
    # cut at 180 degrees, then widened to be as wide as tall and slid back inside the world
    assert view_box(parse(world_map([], bbox=(170, 0, 200, 20)))) == [340, 70, 20, 20]
    # a tall box is widened (never taller than wide), a tiny one grown to a sensible zoom
    tall = view_box(parse(world_map([], bbox=(-75, -56, -66, -17))))
    assert tall[2] == pytest.approx(tall[3]) and tall[3] == pytest.approx(39)
    tiny = view_box(parse(world_map([], bbox=(37.1, 36.1, 37.2, 36.2))))
    assert tiny[2] >= 2 and tiny[3] >= 2


def test_points_outside_a_zoomed_view_are_left_out():
    paris = MapPoint(lat=48.85, lon=2.35, quad_class=1, label="Paris", href="/places/2988507")
    svg = parse(world_map([ALEPPO, paris], bbox=(25, 28, 49, 44)))
    titles = [t.text for t in svg.findall(f".//{SVG}circle/{SVG}title")]
    assert titles == ["Aleppo: 6 events"]


def test_points_off_the_globe_are_left_out_and_bigger_counts_drawn_first():
    points = [
        MapPoint(lat=95, lon=0, quad_class=1, label="x", href="/a"),
        MapPoint(lat=0, lon=181, quad_class=1, label="y", href="/b"),
        MapPoint(lat=float("nan"), lon=0, quad_class=1, label="z", href="/b"),
        MapPoint(lat=10, lon=10, quad_class=2, label="small", href="/c", count=1),
        MapPoint(lat=10, lon=10, quad_class=3, label="big", href="/d", count=40),
        MapPoint(lat=10, lon=10, quad_class=1, label="middle", href="/e", count=5),
    ]
    svg = parse(world_map(points))
    circles = svg.findall(f".//{SVG}circle")
    assert [c.find(f"{SVG}title").text for c in circles] == ["big", "middle", "small"]
    pixel = 360 / 960  # degrees: one pixel of the map at its default width
    radii = [float(c.get("r")) / pixel for c in circles]
    assert radii[0] > radii[1] > radii[2] == pytest.approx(3, abs=0.01)  # 3 pixels for one event
    assert radii[0] <= 12  # capped
    half_as_wide = parse(world_map(points, width=480)).find(f".//{SVG}circle")  # meant to be seen smaller
    assert float(half_as_wide.get("r")) == pytest.approx(2 * radii[0] * pixel, abs=0.01)
    assert "3 places" in svg.get("aria-label")
    assert [a.get("href") for a in svg.findall(f".//{SVG}a")] == ["/d", "/e", "/c"]  # all reachable


def test_the_timeline_draws_a_line_and_dots_per_partner_around_zero():
    svg = parse(timeline(SERIES, width=800, height=260))
    assert svg.get("viewBox") == "0 0 800 260" and svg.get("width") == "100%" and svg.get("role") == "img"
    groups = svg.findall(f"{SVG}g")
    assert [g.get("class") for g in groups] == ["series s0", "series s1"]
    assert [len(g.findall(f"{SVG}polyline")) for g in groups] == [1, 1]
    assert [len(g.findall(f"{SVG}circle")) for g in groups] == [3, 1]
    assert len(groups[0].find(f"{SVG}polyline").get("points").split()) == 3
    zero = svg.find(f".//{SVG}line[@class='zero']")
    top, plot_h = 10, 260 - 10 - 30
    assert float(zero.get("y1")) == top + plot_h / 2
    ticks = {t.text: float(t.get("y")) - 4 for t in svg.findall(f"{SVG}text[@class='axis y']")}
    assert ticks == {
        "+10": top,
        "+5": top + plot_h / 4,
        "0": top + plot_h / 2,
        "-5": top + 3 * plot_h / 4,
        "-10": top + plot_h,
    }
    dots = groups[0].findall(f"{SVG}circle")
    assert float(dots[0].get("cy")) > float(zero.get("y1"))  # conflict is below the zero line
    assert float(dots[2].get("cy")) < float(zero.get("y1"))  # cooperation above it
    assert [float(d.get("cx")) for d in dots] == sorted(float(d.get("cx")) for d in dots)
    assert dots[0].find(f"{SVG}title").text == "RUS, week of 2016-09-26: mean Goldstein -6.2 over 4 events"
    # the x axis is shared: FRA's week of 3 October sits under RUS's
    fra = groups[1].find(f"{SVG}circle")
    assert fra.get("cx") == dots[1].get("cx")
    assert fra.find(f"{SVG}title").text == "FRA, week of 2016-10-03: mean Goldstein +4.0 over 1 event"
    assert [t.text for t in svg.findall(f".//{SVG}text[@class='legend']")] == ["RUS", "FRA"]
    assert "style=" not in str(timeline(SERIES))


def test_timeline_colours_cycle_and_the_legend_fits():
    series = {f"P{i}": [(date(2016, 1, 4), float(i - 5), 1)] for i in range(11)}
    svg = parse(timeline(series, height=100))
    assert [g.get("class") for g in svg.findall(f"{SVG}g")][8:] == ["series s0", "series s1", "series s2"]
    height = view_box(svg)[3]
    assert all(float(t.get("y")) <= height for t in svg.findall(f".//{SVG}text[@class='legend']"))


def test_timeline_x_labels_follow_the_span():
    def labels(first: date, last: date) -> list[str]:
        svg = parse(timeline({"A": [(first, 1.0, 1), (last, 2.0, 1)]}))
        return [t.text for t in svg.findall(f"{SVG}text[@class='axis x']")]

    years = labels(date(2000, 1, 3), date(2016, 12, 26))
    assert 2 <= len(years) <= 9 and all(re.fullmatch(r"\d{4}", y) for y in years)
    months = labels(date(2016, 1, 4), date(2016, 12, 26))
    assert 2 <= len(months) <= 9 and "Jan" not in months and any(m.startswith("Mar") for m in months)
    weeks = labels(date(2016, 9, 5), date(2016, 9, 26))
    assert weeks[0] == "5 Sep 2016" and len(weeks) == 4


def test_a_single_week_and_no_weeks_still_draw():
    one = parse(timeline({"USA": [(date(2016, 9, 26), -3.3, 3)]}))
    assert len(one.findall(f".//{SVG}g/{SVG}circle")) == 1
    assert len(one.findall(f".//{SVG}polyline")) == 1
    dot = one.find(f".//{SVG}g/{SVG}circle")
    assert 40 < float(dot.get("cx")) < 800 - 150  # inside the plot, not on its edge
    for empty in (timeline({}), timeline({"RUS": []})):
        svg = parse(empty)
        assert "No events" in "".join(svg.itertext()) and svg.get("aria-label") == "No events"


def test_the_stylesheet_has_the_classes_the_charts_use():
    css = CSS.read_text(encoding="utf-8")
    for colour in ("--q1: #7fbf7b", "--q2: #1b7837", "--q3: #f1a340", "--q4: #d73027"):
        assert colour in css
    for rule in (".land", ".graticule", ".point.q1", ".point.q4", ".s0", ".s7", "text.axis", ".legend", ".zero"):
        assert rule in css
