"""`newsevents export`: GDELT 2.0 rows, CSV, JSONL, Parquet, iCalendar and GeoJSON files of the
stored events, filtered as `newsevents events` filters them."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from datetime import date, datetime, timezone
from pathlib import Path

import icalendar
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import SAMPLES
from newsevents import export
from newsevents.export import GDELT_COLUMNS, write_ics, write_parquet
from newsevents.export.parquet import ROW_GROUP
from newsevents.store import Store

ALEPPO = """Russian jets pound Aleppo as US threatens to end Syria talks

BEIRUT, Sept 28, 2016 (Reuters) - Russian warplanes bombed rebel positions in Aleppo on Tuesday, killing \
12 civilians, residents said.

The United States threatened on Wednesday to halt its diplomacy with Russia on Syria, saying Moscow was \
responsible for the assault on Aleppo.
"""
# No date anywhere and no place: such events have no line in a calendar and no point on a map.
UNDATED = """Convoy attacked

Gunmen attacked an aid convoy on the main road, killing two drivers, officials said.

The government accused the opposition of backing the gunmen.
"""
SAMPLE_FILES = ["05-iran-sanctions-threat.txt", "13-nigeria-kidnapping.txt", "18-venezuela-guyana-dispute.html"]
FORMATS = ("gdelt", "csv", "jsonl", "parquet", "ics", "geojson")


@pytest.fixture(scope="module")
def url(run_cli, tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("articles")
    (folder / "aleppo.txt").write_text(ALEPPO, encoding="utf-8")
    (folder / "undated.txt").write_text(UNDATED, encoding="utf-8")
    for name in SAMPLE_FILES:
        (folder / name).write_bytes((SAMPLES / name).read_bytes())
    url = f"sqlite:///{tmp_path_factory.mktemp('store')}/events.db"
    assert run_cli("ingest", folder, "--db", url, "--quiet").status == 0
    return url


@pytest.fixture(scope="module")
def stored(url) -> list:
    with Store.open(url) as store:
        return store.events()


@pytest.fixture(scope="module")
def files(run_cli, url, tmp_path_factory) -> dict:
    """Every format exported once: format -> (path, CLI result)."""
    folder = tmp_path_factory.mktemp("exports")
    results = {}
    for fmt in FORMATS:
        path = folder / f"events.{fmt}"
        results[fmt] = path, run_cli("export", "--db", url, "--format", fmt, "--out", path)
    return results


@pytest.fixture(scope="module")
def aleppo_attack(stored):
    [attack] = [
        s for s in stored if s.event.plover_type == "ASSAULT" and s.event.location and s.event.location.name == "Aleppo"
    ]
    return attack


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_writes_the_file_and_says_how_many_events(files, fmt):
    path, result = files[fmt]
    assert result.status == 0, result.stderr
    assert path.stat().st_size > 0
    assert f"events written to {path}" in result.stderr
    assert result.stdout == ""
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


def test_the_samples_hold_what_the_exports_are_tested_on(stored):
    assert any(s.event.date is None for s in stored)
    assert any(s.event.location is None for s in stored)
    assert any(s.event.hypothetical for s in stored)


# -- GDELT -----------------------------------------------------------------------------------------


def test_gdelt_columns_are_the_61_of_the_gdelt_2_event_table():
    assert len(GDELT_COLUMNS) == len(set(GDELT_COLUMNS)) == 61
    positions = {
        0: "GLOBALEVENTID",
        1: "SQLDATE",
        4: "FractionDate",
        5: "Actor1Code",
        15: "Actor2Code",
        25: "IsRootEvent",
        26: "EventCode",
        30: "GoldsteinScale",
        34: "AvgTone",
        35: "Actor1Geo_Type",
        39: "Actor1Geo_ADM2Code",
        43: "Actor2Geo_Type",
        51: "ActionGeo_Type",
        58: "ActionGeo_FeatureID",
        59: "DATEADDED",
        60: "SOURCEURL",
    }
    assert {i: GDELT_COLUMNS[i] for i in positions} == positions


def gdelt_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert all(len(row) == 61 for row in rows)
    return [dict(zip(GDELT_COLUMNS, row)) for row in rows]


def test_gdelt_has_a_row_of_61_fields_per_event_it_can_state(files, stored):
    path, result = files["gdelt"]
    rows = gdelt_rows(path)
    stated = [s.event_id for s in stored if not (s.event.negated or s.event.hypothetical)]
    assert [int(r["GLOBALEVENTID"]) for r in rows] == stated
    assert f"{len(stored) - len(stated)} left out (negated or hypothetical)" in result.stderr


def test_gdelt_row_of_the_aleppo_attack(files, aleppo_attack):
    [row] = [r for r in gdelt_rows(files["gdelt"][0]) if r["GLOBALEVENTID"] == str(aleppo_attack.event_id)]
    e = aleppo_attack.event
    assert (row["SQLDATE"], row["MonthYear"], row["Year"]) == ("20160927", "201609", "2016")
    assert row["FractionDate"] == "2016.7425"  # day 271 of the (leap) year / 365
    assert (row["Actor1Code"], row["Actor1CountryCode"], row["Actor1Type1Code"]) == (e.source.code, "RUS", "MIL")
    assert row["Actor2Code"] == e.target.code
    assert (row["EventCode"], row["EventBaseCode"], row["EventRootCode"]) == (e.cameo_code, e.cameo_code[:3], "19")
    assert row["QuadClass"] == "4" and float(row["GoldsteinScale"]) == e.goldstein
    assert row["NumMentions"] == str(aleppo_attack.num_mentions) and row["IsRootEvent"] == "1"
    assert row["AvgTone"] == "" and row["SOURCEURL"] == "" and row["Actor1KnownGroupCode"] == ""
    assert row["ActionGeo_Type"] == "4"  # a city outside the United States
    assert row["ActionGeo_FullName"] == "Aleppo, Syria"
    assert row["ActionGeo_CountryCode"] == "SY"  # FIPS 10-4, as GDELT writes it
    assert abs(float(row["ActionGeo_Lat"]) - 36.2) < 0.1 and abs(float(row["ActionGeo_Long"]) - 37.16) < 0.1
    assert row["ActionGeo_FeatureID"] == "170063"
    assert row["Actor1Geo_Type"] == row["Actor2Geo_Type"] == row["Actor1Geo_Lat"] == ""
    assert len(row["DATEADDED"]) == 14 and row["DATEADDED"].isdigit()


def test_gdelt_leaves_the_date_of_an_undated_event_empty(files, stored):
    undated = {str(s.event_id) for s in stored if s.event.date is None}
    rows = [r for r in gdelt_rows(files["gdelt"][0]) if r["GLOBALEVENTID"] in undated]
    assert rows
    for row in rows:
        assert row["SQLDATE"] == row["MonthYear"] == row["Year"] == row["FractionDate"] == ""
        assert row["ActionGeo_Type"] == row["ActionGeo_FullName"] == row["ActionGeo_Lat"] == ""


# -- CSV, JSONL -------------------------------------------------------------------------------------


def test_csv_export_is_the_events_csv(files, run_cli, url):
    listed = run_cli("events", "--db", url, "--format", "csv")
    assert files["csv"][0].read_bytes().decode("utf-8") == listed.stdout


def test_jsonl_export_to_standard_output_is_the_events_jsonl(run_cli, url):
    result = run_cli("export", "--db", url, "--format", "jsonl", "--out", "-")
    assert result.status == 0
    assert result.jsonl() == run_cli("events", "--db", url, "--format", "jsonl").jsonl()
    assert "events written to standard output" in result.stderr


def test_export_filters_as_events_does(run_cli, url, tmp_path):
    path = tmp_path / "attacks.jsonl"
    result = run_cli("export", "--db", url, "--format", "jsonl", "--out", path, "--type", "assault", "--near", "Aleppo")
    assert result.status == 0
    with Store.open(url) as store:
        expected = [s.event_id for s in store.events(type="ASSAULT", near="Aleppo")]
    assert expected
    assert [json.loads(line)["event_id"] for line in path.read_text(encoding="utf-8").splitlines()] == expected
    assert f"{len(expected)} events written to {path}" in result.stderr


# -- Parquet ---------------------------------------------------------------------------------------


def test_parquet_reads_back_as_the_stored_events(files, stored):
    table = pq.read_table(files["parquet"][0])
    assert table.schema.field("date").type == pa.date32()
    assert table.schema.field("goldstein").type == pa.float64()
    assert table.schema.field("negated").type == pa.bool_()
    assert table.schema.field("article_ids").type == pa.list_(pa.string())
    rows = table.to_pylist()
    assert len(rows) == len(stored)
    for row, s in zip(rows, stored):
        e = s.event
        assert (row["event_id"], row["date"], row["plover_type"], row["cameo_code"]) == (
            s.event_id,
            e.date,
            e.plover_type,
            e.cameo_code,
        )
        assert row["goldstein"] == e.goldstein and row["hypothetical"] is e.hypothetical
        assert row["source_code"] == (e.source.code if e.source else None)
        assert row["lat"] == (e.location.lat if e.location else None)
        assert row["article_ids"] == list(s.article_ids)
        assert row["evidence"] == e.evidence


def test_parquet_is_written_in_row_groups(aleppo_attack, tmp_path):
    count = 2 * ROW_GROUP + 1
    events = (dataclasses.replace(aleppo_attack, event_id=i) for i in range(count))
    assert write_parquet(events, str(tmp_path / "many.parquet")) == count
    parquet = pq.ParquetFile(tmp_path / "many.parquet")
    assert parquet.metadata.num_rows == count
    assert parquet.num_row_groups == 3


def test_parquet_refuses_standard_output(run_cli, url):
    result = run_cli("export", "--db", url, "--format", "parquet", "--out", "-")
    assert result.status == 2
    assert "binary" in result.stderr and result.stdout == ""


# -- GeoJSON ---------------------------------------------------------------------------------------


def test_geojson_is_a_feature_collection_of_the_placed_events(files, stored):
    path, result = files["geojson"]
    collection = json.loads(path.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    placed = [s.event_id for s in stored if s.event.location and s.event.location.lat is not None]
    assert [f["properties"]["event_id"] for f in collection["features"]] == placed
    for feature in collection["features"]:
        assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
    assert f"{len(stored) - len(placed)} left out (without coordinates)" in result.stderr


def test_geojson_puts_the_aleppo_attack_in_aleppo(files, aleppo_attack):
    collection = json.loads(files["geojson"][0].read_text(encoding="utf-8"))
    [feature] = [f for f in collection["features"] if f["id"] == aleppo_attack.event_id]
    lon, lat = feature["geometry"]["coordinates"]  # GeoJSON's order: longitude first
    assert abs(lat - 36.2) < 0.1 and abs(lon - 37.16) < 0.1
    props = feature["properties"]
    assert props["plover_type"] == "ASSAULT" and props["location_name"] == "Aleppo"
    assert props["geonameid"] == 170063 and "Aleppo" in props["evidence"]


# -- iCalendar -------------------------------------------------------------------------------------


def test_ics_parses_back_with_a_vevent_per_dated_event(files, stored):
    path, result = files["ics"]
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    vevents = calendar.walk("VEVENT")
    dated = [s for s in stored if s.event.date is not None]
    assert dated
    assert [str(v["UID"]) for v in vevents] == [f"event-{s.event_id}@newsevents" for s in dated]
    assert [v["DTSTART"].dt for v in vevents] == [s.event.date for s in dated]
    assert f"{len(stored) - len(dated)} left out (without a date)" in result.stderr


def test_ics_says_who_did_what_to_whom(files, stored, aleppo_attack):
    vevents = {str(v["UID"]): v for v in icalendar.Calendar.from_ical(files["ics"][0].read_bytes()).walk("VEVENT")}
    summaries = {
        s.event_id: str(vevents[f"event-{s.event_id}@newsevents"]["SUMMARY"])
        for s in stored
        if s.event.date is not None
    }
    threats = [s for s in stored if s.event.plover_type == "THREATEN" and s.event.date is not None]
    assert threats
    for s in threats:
        assert (" threatens " if s.event.target else " issues a threat") in summaries[s.event_id]
    assert "United States threatens Russia" in summaries.values()
    attack = vevents[f"event-{aleppo_attack.event_id}@newsevents"]
    assert " attacks " in str(attack["SUMMARY"])
    assert str(attack["LOCATION"]) == "Aleppo" and attack["CATEGORIES"].cats == ["ASSAULT"]
    assert (attack["GEO"].latitude, attack["GEO"].longitude) == pytest.approx((36.2, 37.16), abs=0.1)
    assert "Russian warplanes bombed rebel positions in Aleppo" in str(attack["DESCRIPTION"])
    assert f"CAMEO {aleppo_attack.event.cameo_code}: " in str(attack["DESCRIPTION"])


def test_ics_lines_are_crlf_and_folded_at_75_octets(files):
    data = files["ics"][0].read_bytes()
    assert data.endswith(b"END:VCALENDAR\r\n")
    lines = data.split(b"\r\n")
    assert b"\n" not in b"".join(lines)
    assert max(len(line) for line in lines) <= 75


def test_ics_escapes_and_folds_any_text(aleppo_attack):
    evidence = (
        'Ayrault said: "war crimes; complicity, and worse" \\ in Aleppo —\nthe city\'s '
        + "bombardement a été terrible, très grave; " * 6
    )
    event = dataclasses.replace(aleppo_attack.event, evidence=evidence)
    out = io.StringIO(newline="")
    stamp = datetime(2016, 9, 29, 12, 0, tzinfo=timezone.utc)
    assert write_ics([dataclasses.replace(aleppo_attack, event=event)], out, stamp=stamp) == 1
    data = out.getvalue().encode("utf-8")
    assert max(len(line) for line in data.split(b"\r\n")) <= 75
    unfolded = out.getvalue().replace("\r\n ", "")
    assert 'war crimes\\; complicity\\, and worse" \\\\ in Aleppo —\\nthe city' in unfolded
    [vevent] = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert str(vevent["DESCRIPTION"]).startswith(evidence + "\n\nCAMEO")
    assert vevent["DTSTAMP"].dt == stamp and vevent["DTSTART"].dt == date(2016, 9, 27)


# -- failures --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "option, value, words",
    [
        ("--type", "BOMB", "PLOVER event type"),
        ("--since", "yesterday", "since"),
        ("--country", "Russia", "ISO"),
        ("--cameo", "bomb", "CAMEO"),
        ("--limit", "0", "limit"),
    ],
)
def test_export_with_a_bad_filter_is_a_clear_error(run_cli, url, tmp_path, option, value, words):
    path = tmp_path / "events.geojson"
    result = run_cli("export", "--db", url, "--format", "geojson", "--out", path, option, value)
    assert result.status == 1
    assert words in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_failed_export_leaves_the_previous_file_untouched(run_cli, url, tmp_path, monkeypatch):
    path = tmp_path / "events.geojson"
    path.write_text("the previous export", encoding="utf-8")

    def failing(events, out):
        out.write('{"type": "FeatureCollection", "features": [')
        raise OSError("No space left on device")

    monkeypatch.setitem(export.WRITERS, "geojson", failing)
    result = run_cli("export", "--db", url, "--format", "geojson", "--out", path)
    assert result.status == 1 and "No space left on device" in result.stderr
    assert path.read_text(encoding="utf-8") == "the previous export"
    assert list(tmp_path.iterdir()) == [path]


def test_export_needs_a_format_and_a_file(run_cli, url):
    assert run_cli("export", "--db", url, "--out", "-").status == 2
    assert run_cli("export", "--db", url, "--format", "csv").status == 2
    assert run_cli("export", "--db", url, "--format", "xml", "--out", "-").status == 2


def test_export_into_a_missing_folder_is_a_clear_error(run_cli, url, tmp_path):
    result = run_cli("export", "--db", url, "--format", "csv", "--out", tmp_path / "missing" / "events.csv")
    assert result.status == 1
    assert "does not exist" in result.stderr and "Traceback" not in result.stderr
