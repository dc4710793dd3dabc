"""The event filters are defined once, by EventQuery's fields: the CLI's options, the HTTP API's
query parameters and the store's keyword arguments are the same filters, with the same help."""

from __future__ import annotations

import argparse
import re
from dataclasses import fields

import pytest
from fastapi.testclient import TestClient

from conftest import SAMPLES
from newsevents import cli
from newsevents.ingesting import ingest
from newsevents.store import EventQuery, Store
from newsevents.store.filters import FILTERS, NEAR_KM, SORT_HELP, SORTS
from newsevents.web import create_app

NAMES = [f.name for f in fields(EventQuery)]
# The routes that take the event filters, with the parameters of their own.
FILTERED_ROUTES = {
    "/api/v1/events": {"limit", "offset", "sort"},
    "/api/v1/calendar": {"precision"},
    "/api/v1/map": set(),
    "/events.{fmt}": {"fmt", "limit", "offset", "sort"},
    "/calendar.ics": set(),
}
OWN_OPTIONS = {"help", "db", "format", "out", "sort", "limit", "offset"}


def subparser(command: str) -> argparse.ArgumentParser:
    [sub] = [a for a in cli.build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return sub.choices[command]


@pytest.fixture(scope="module")
def openapi(tmp_path_factory):
    app = create_app(f"sqlite:///{tmp_path_factory.mktemp('query')}/events.db")
    with TestClient(app) as client:
        return client.get("/openapi.json").json()


@pytest.mark.parametrize("command", ["events", "export"])
def test_the_cli_options_are_event_querys_fields_with_their_help(command):
    options = {a.dest: a for a in subparser(command)._actions if a.dest not in OWN_OPTIONS}
    assert list(options) == NAMES
    for name, action in options.items():
        assert action.option_strings == ["--" + name.replace("_", "-")]
        assert action.help == FILTERS[name].help


@pytest.mark.parametrize("path, own", FILTERED_ROUTES.items())
def test_the_api_parameters_are_event_querys_fields_with_their_help_and_schema(openapi, path, own):
    parameters = {p["name"]: p for p in openapi["paths"][path]["get"]["parameters"] if p["name"] not in own}
    assert list(parameters) == NAMES
    for name, parameter in parameters.items():
        assert parameter["in"] == "query" and not parameter.get("required")
        assert parameter["description"] == FILTERS[name].help
        schema = parameter["schema"]
        assert [s.get("maxLength") for s in schema["anyOf"]] == [FILTERS[name].max_length, None]
        assert {k: schema.get(k) for k in FILTERS[name].schema} == FILTERS[name].schema


def test_the_cli_and_the_api_sort_alike(openapi):
    [sort] = [a for a in subparser("events")._actions if a.dest == "sort"]
    assert sort.choices == list(SORTS)
    [parameter] = [p for p in openapi["paths"]["/api/v1/events"]["get"]["parameters"] if p["name"] == "sort"]
    assert [s for s in SORTS if re.fullmatch(parameter["schema"]["pattern"], s)] == list(SORTS)
    assert not re.fullmatch(parameter["schema"]["pattern"], "id")
    assert parameter["description"] == SORT_HELP


def test_every_option_reaches_the_store(tmp_path):
    values = {name: f"value of {name}" for name in NAMES}
    args = subparser("events").parse_args([f"--{name.replace('_', '-')}={value}" for name, value in values.items()])
    assert cli._filters(args) == {**values, "sort": "date"}
    with Store.open(f"sqlite:///{tmp_path}/empty.db") as store:
        assert store.events(**{name: None for name in NAMES}) == []
        assert store.calendar(**{name: None for name in NAMES}) == []
        assert store.map_points(**{name: None for name in NAMES}) == []
        with pytest.raises(TypeError):
            store.events(colour="red")  # not a filter


@pytest.fixture(scope="module")
def url(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('near')}/events.db"
    with Store.open(url) as store:
        ingest([str(SAMPLES / "02-ukraine-shelling-kharkiv.txt")], store)
    return url


@pytest.mark.parametrize("near_km", [NEAR_KM, 25.0])
def test_the_distance_of_near_is_stated_from_near_km(url, openapi, monkeypatch, near_km):
    monkeypatch.setattr("newsevents.web.app.NEAR_KM", near_km)
    with Store.open(url) as store:
        [place] = store.places(limit=1)
    with TestClient(create_app(url)) as client:
        page = client.get(f"/places/{place['geonameid']}").text
    assert f"events within {near_km:g} km</a>" in page
    [near] = [a for a in subparser("events")._actions if a.dest == "near"]
    [parameter] = [p for p in openapi["paths"]["/api/v1/events"]["get"]["parameters"] if p["name"] == "near"]
    assert f"within {NEAR_KM:g} km" in near.help and f"within {NEAR_KM:g} km" in parameter["description"]
