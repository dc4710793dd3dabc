"""The `newsevents` command against the contract of docs/interfaces.md."""

from __future__ import annotations

import argparse
import contextlib
import csv
import gzip
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import GARBLED, SAMPLES, SEED, needs_shared
from newsevents import cli
from newsevents.ontology import PLOVER_TYPES
from newsevents.sources import read_sources
from newsevents.store import Store

ALEPPO = "Russian warplanes bombed rebel positions in Aleppo on Tuesday, killing 12 civilians."
KENYA = SAMPLES / "01-kenya-somalia-border-talks.txt"
UKRAINE = SAMPLES / "02-ukraine-shelling-kharkiv.txt"

ARTICLE_KEYS = {
    "source",
    "title",
    "text",
    "published",
    "published_from",
    "dateline",
    "agency",
    "authors",
    "language",
    "page_tags",
    "error",
}


def jsonl(*records: dict) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


# -- extract ---------------------------------------------------------------------------------------


@needs_shared
def test_extract_prints_the_seed_as_the_contract_shows(run_cli):
    result = run_cli("extract", SEED, "--format", "jsonl")
    assert result.status == 0
    [article] = result.jsonl()
    assert ARTICLE_KEYS <= article.keys()
    assert {"place", "date"} <= article["dateline"].keys()
    assert article["title"] == "No joint work with Russia till Aleppo assault ends, says US"
    assert article["text"].startswith("The United States threatened on Wednesday")
    assert (article["published"], article["published_from"]) == ("2016-09-28", "dateline")
    assert (article["dateline"]["place"], article["dateline"]["date"]) == ("WASHINGTON", "2016-09-28")
    assert (article["agency"], article["authors"], article["language"]) == ("Reuters", [], "en")
    assert article["page_tags"] == ["US", "Russia", "Operation", "Aleppo", "assault"]
    assert article["error"] is None


def test_extract_gives_a_line_with_an_error_for_an_unreadable_document(run_cli, tmp_path):
    shutil.copy(KENYA, tmp_path / "good.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run_cli("extract", tmp_path)
    assert result.status == 3
    lines = {Path(line["source"]).name: line for line in result.jsonl()}
    assert ARTICLE_KEYS <= lines["empty.txt"].keys()
    assert "empty" in lines["empty.txt"]["error"]
    assert lines["good.txt"]["error"] is None


def test_extract_of_a_missing_path_is_an_error(run_cli, tmp_path):
    result = run_cli("extract", tmp_path / "missing.txt")
    assert result.status == 1
    assert "missing.txt" in result.stderr and result.stdout == ""


def test_extract_reads_standard_input(run_cli):
    result = run_cli("extract", "-", input=KENYA.read_text(encoding="utf-8"))
    [article] = result.jsonl()
    assert article["title"].startswith("Kenya and Somalia agree")


# -- code ------------------------------------------------------------------------------------------

ACTOR_KEYS = {"text", "code", "country", "sector"}
LOCATION_KEYS = {"name", "country", "lat", "lon", "geonameid", "precision"}
EVENT_KEYS = {
    "doc_id",
    "sentence_index",
    "evidence",
    "evidence_span",
    "date",
    "date_precision",
    "source",
    "target",
    "plover",
    "cameo",
    "goldstein",
    "quad_class",
    "location",
    "negated",
    "hypothetical",
    "historical",
    "confidence",
}


def is_country(value) -> bool:
    return value is None or value in ("IGO", "NGO", "MNC") or re.fullmatch(r"[A-Z]{3}", value) is not None


def check_event(event: dict, text: str) -> None:
    """Every field of the documented `code` example, with its type."""
    assert EVENT_KEYS <= event.keys()
    assert isinstance(event["sentence_index"], int)
    span = event["evidence_span"]
    assert isinstance(span, list) and len(span) == 2 and all(isinstance(i, int) for i in span)
    assert text[span[0] : span[1]] == event["evidence"]
    assert event["date"] is None or re.fullmatch(r"\d{4}-\d\d-\d\d", event["date"])
    for role in ("source", "target"):
        actor = event[role]
        assert actor is None or (ACTOR_KEYS <= actor.keys() and is_country(actor["country"])), actor
    assert event["found_by"] in ("rules", "model", "both")
    assert {"type", "mode", "context"} <= event["plover"].keys()
    assert event["plover"]["type"] in PLOVER_TYPES
    assert isinstance(event["plover"]["context"], list)
    assert {"code", "label"} <= event["cameo"].keys()
    assert re.fullmatch(r"\d{2,4}", event["cameo"]["code"])
    assert isinstance(event["goldstein"], (int, float)) and -10 <= event["goldstein"] <= 10
    assert event["quad_class"] in (1, 2, 3, 4)
    location = event["location"]
    assert location is None or (LOCATION_KEYS <= location.keys() and is_country(location["country"])), location
    assert all(isinstance(event[flag], bool) for flag in ("negated", "hypothetical", "historical"))
    assert isinstance(event["confidence"], (int, float)) and 0 <= event["confidence"] <= 1


@pytest.fixture(scope="module")
def coded_output(run_cli):
    documents = [
        {"id": "aleppo", "text": ALEPPO, "date": "2016-09-28"},
        {"id": "kenya", "text": KENYA.read_text(encoding="utf-8"), "date": "2023-03-03", "title": "Kenya and Somalia"},
        {"id": "ukraine", "text": UKRAINE.read_text(encoding="utf-8")},
    ]
    return documents, run_cli("code", input=jsonl(*documents))


def test_code_prints_events_in_the_contract_shape(coded_output):
    documents, result = coded_output
    assert result.status == 0
    events = result.jsonl()
    assert {e["doc_id"] for e in events} == {"aleppo", "kenya", "ukraine"}
    texts = {d["id"]: d["text"] for d in documents}
    for event in events:
        check_event(event, texts[event["doc_id"]])


def test_code_dates_and_places_the_aleppo_attack(coded_output):
    _, result = coded_output
    [attack, *_] = [e for e in result.jsonl() if e["doc_id"] == "aleppo" and e["plover"]["type"] == "ASSAULT"]
    assert attack["date"] == "2016-09-27"
    assert (attack["location"]["name"], attack["location"]["geonameid"]) == ("Aleppo", 170063)
    assert attack["source"]["country"] == "RUS"


def test_code_reports_bad_lines_and_codes_the_good_ones(run_cli):
    result = run_cli(
        "code",
        input=jsonl({"id": "one", "text": ALEPPO, "date": "2016-09-28"})
        + "this is not JSON\n"
        + jsonl({"id": "three", "text": ALEPPO, "date": "2016-09-28"}),
    )
    assert result.status == 3
    assert "line 2" in result.stderr
    assert {e["doc_id"] for e in result.jsonl()} == {"one", "three"}


@pytest.mark.parametrize(
    "line, words",
    [
        (json.dumps({"id": "x"}), "text"),
        (json.dumps({"id": "x", "text": ALEPPO, "date": "last week"}), "date"),
        (json.dumps(["a", "list"]), "object"),
    ],
)
def test_code_explains_each_unusable_line(run_cli, line, words):
    result = run_cli("code", input=line + "\n")
    assert result.status == 3
    assert "line 1" in result.stderr and words in result.stderr
    assert "Traceback" not in result.stderr


def test_code_prints_nothing_for_a_text_without_events(run_cli):
    result = run_cli(
        "code", input=jsonl({"id": "calm", "text": "The weather was mild and sunny.", "date": "2020-01-01"})
    )
    assert (result.status, result.stdout) == (0, "")


# -- geoparse --------------------------------------------------------------------------------------


def test_geoparse_prints_places_with_offsets(run_cli):
    texts = {"d1": "Russian jets bombed Aleppo on Tuesday.", "d2": "Talks were held in Geneva and Nairobi."}
    result = run_cli("geoparse", input=jsonl(*({"id": k, "text": v} for k, v in texts.items())))
    assert result.status == 0
    lines = result.jsonl()
    assert [line["id"] for line in lines] == ["d1", "d2"]
    for line in lines:
        assert line["places"]
        for place in line["places"]:
            assert texts[line["id"]][place["start"] : place["end"]] == place["text"]
    russian, aleppo = lines[0]["places"]
    assert (aleppo["geonameid"], aleppo["country"], aleppo["feature"], aleppo["role"]) == (
        170063,
        "SYR",
        "city",
        "place",
    )
    assert (russian["text"], russian["country"], russian["feature"], russian["role"]) == (
        "Russian",
        "RUS",
        "country",
        "adjective",
    )
    assert {p["name"] for p in lines[1]["places"]} == {"Geneva", "Nairobi"}


# -- ingest, events, errors ------------------------------------------------------------------------

SAMPLE_COUNT = len(list(read_sources([str(SAMPLES)])))


@pytest.fixture(scope="module")
def ingested(run_cli, tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('cli')}/events.db"
    return url, run_cli("ingest", SAMPLES, "--db", url, "--quiet")


def events_count(url: str) -> int:
    with Store.open(url) as store:
        return store.counts()["events"]


def test_ingest_stores_every_sample(ingested):
    url, result = ingested
    assert result.status == 0
    assert f"read {SAMPLE_COUNT} documents: {SAMPLE_COUNT} stored" in result.stdout
    assert events_count(url) > 0
    assert f"; {events_count(url)} events" in result.stdout


def test_ingest_twice_stores_nothing_new(ingested, run_cli):
    url, _ = ingested
    before = events_count(url)
    again = run_cli("ingest", SAMPLES, "--db", url, "--quiet")
    assert again.status == 0
    assert f"0 stored, {SAMPLE_COUNT} duplicates" in again.stdout
    assert events_count(url) == before


@pytest.fixture(scope="module")
def mixed(run_cli, tmp_path_factory):
    folder = tmp_path_factory.mktemp("mixed")
    (folder / "junk.bin").write_bytes(bytes(range(256)) * 16)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "garbled.txt").write_bytes(GARBLED)
    (folder / "truncated.txt.gz").write_bytes(gzip.compress(UKRAINE.read_bytes())[:300])
    shutil.copy(KENYA, folder / "good1.txt")
    shutil.copy(UKRAINE, folder / "good2.txt")
    url = f"sqlite:///{tmp_path_factory.mktemp('mixed-db')}/events.db"
    return folder, url, run_cli("ingest", folder, "--db", url, "--quiet")


BAD_FILES = {"junk.bin": "binary", "empty.txt": "empty", "garbled.txt": "UTF-8", "truncated.txt.gz": "cannot read file"}


def test_ingest_of_a_mixed_folder_exits_3_and_counts_the_failures(mixed):
    _, url, result = mixed
    assert result.status == 3
    assert "2 stored" in result.stdout and "4 failed" in result.stdout
    assert f"newsevents errors --db {url}" in result.stdout


def test_errors_lists_each_bad_file_with_its_reason(mixed, run_cli):
    _, url, _ = mixed
    result = run_cli("errors", "--db", url, "--format", "jsonl")
    assert result.status == 0
    reasons = {Path(e["source"]).name: e["reason"] for e in result.jsonl()}
    assert reasons.keys() == BAD_FILES.keys()
    for name, words in BAD_FILES.items():
        assert words in reasons[name]


def test_errors_table_shows_whole_reasons_when_piped(mixed, run_cli):
    _, url, _ = mixed
    result = run_cli("errors", "--db", url)
    with Store.open(url) as store:
        errors = store.errors()
    assert len(errors) == len(BAD_FILES)
    for error in errors:
        assert error["source"] in result.stdout and error["reason"] in result.stdout


def test_events_jsonl_rows_carry_the_store_fields(ingested, run_cli):
    url, _ = ingested
    result = run_cli("events", "--db", url, "--format", "jsonl")
    assert result.status == 0
    rows = result.jsonl()
    assert len(rows) == events_count(url)
    for row in rows:
        assert {"event_id", "num_mentions", "num_sources", "num_articles", "article_ids"} <= row.keys()
        assert EVENT_KEYS <= row.keys()
        assert row["num_mentions"] >= 1 and row["article_ids"]


def test_events_csv_has_a_row_per_event(ingested, run_cli):
    url, _ = ingested
    result = run_cli("events", "--db", url, "--format", "csv")
    assert result.status == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == events_count(url)
    assert {"event_id", "date", "plover_type", "cameo_code", "evidence"} <= rows[0].keys()


def test_events_table_has_a_header_and_a_line_per_event(ingested, run_cli):
    url, _ = ingested
    result = run_cli("events", "--db", url, "--format", "table", "--limit", "5")
    assert result.status == 0
    header, *lines = result.stdout.splitlines()
    assert header.split()[:3] == ["ID", "DATE", "SOURCE"]
    assert len(lines) == 5
    assert "5 events" in result.stderr


def test_events_filters_match_the_python_api(ingested, run_cli):
    url, _ = ingested
    result = run_cli("events", "--db", url, "--format", "jsonl", "--type", "assault", "--since", "2020")
    with Store.open(url) as store:
        expected = [s.event_id for s in store.events(type="ASSAULT", since="2020")]
    assert expected
    assert [row["event_id"] for row in result.jsonl()] == expected
    assert {row["plover"]["type"] for row in result.jsonl()} == {"ASSAULT"}


@pytest.mark.parametrize(
    "option, value, words",
    [
        ("--type", "BOMB", "PLOVER event type"),
        ("--since", "yesterday", "since"),
        ("--country", "Russia", "ISO"),
        ("--limit", "0", "limit"),
    ],
)
def test_events_bad_filter_is_a_clear_error(ingested, run_cli, option, value, words):
    url, _ = ingested
    result = run_cli("events", "--db", url, option, value)
    assert result.status != 0
    assert words in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_events_on_an_unreachable_postgresql_server_is_a_clear_error_without_the_password(run_cli):
    result = run_cli("events", "--db", "postgresql://user:s3cret@127.0.0.1:1/events")
    assert result.status == 1
    assert "cannot open PostgreSQL store" in result.stderr and "s3cret" not in result.stderr
    assert "Traceback" not in result.stderr


def test_events_and_export_on_postgresql(run_cli, postgres_url, tmp_path):
    from newsevents.store import Store

    with Store.open(postgres_url) as store:
        store.analyze()  # the server is reachable and the schema is in place
    result = run_cli("events", "--db", postgres_url, "--format", "jsonl", "--limit", "5")
    assert result.status == 0, result.stderr
    out = tmp_path / "events.csv"
    result = run_cli("export", "--db", postgres_url, "--format", "csv", "--out", str(out))
    assert result.status == 0 and out.exists()


# -- help and the installed command ----------------------------------------------------------------


def command_paths(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command the parser takes, as the words that name it: (), ("ingest",), ("bench", "coding"), ..."""
    paths = [path]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                paths += command_paths(sub, path + (name,))
    return paths


COMMANDS = command_paths(cli.build_parser())


def test_the_commands_come_from_the_parser():
    assert {("export",), ("geo",), ("geo", "train"), ("bench", "coding")} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda path: " ".join(path) or "newsevents")
def test_help(run_cli, command):
    result = run_cli(*command, "--help")
    assert result.status == 0
    assert result.stdout.startswith(" ".join(("usage: newsevents", *command)))
    if command:  # listed, with a line of help, in the help of the command above it
        above = run_cli(*command[:-1], "--help").stdout
        assert re.search(rf"^ +{re.escape(command[-1])}(?: +|\n +)\S", above, re.M), (
            f"{command[-1]!r} missing from help"
        )


def test_unknown_command_is_a_usage_error(run_cli):
    assert run_cli("frobnicate").status == 2


def test_installed_console_script_runs():
    script = Path(sys.executable).parent / "newsevents"
    done = subprocess.run([str(script), "extract", str(KENYA)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    [line] = done.stdout.splitlines()
    assert json.loads(line)["dateline"]["place"] == "NAIROBI"


def test_json_output_follows_a_redirected_stdout():
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        status = cli.main(["extract", str(KENYA)])
    assert status == 0
    assert json.loads(buffer.getvalue())["dateline"]["place"] == "NAIROBI"
