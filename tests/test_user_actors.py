"""Analysts' own actor dictionaries (--actors): loaded into the coder, dated entries by the
article's date, bad files refused with a clear message before anything is read."""

from __future__ import annotations

import json

import pytest

from newsevents.actors.userdicts import UserActors, UserDictionaryError
from newsevents.store import Store

TEXT = "King Elessar met the Saudi foreign minister in Riyadh on Monday."


@pytest.fixture
def csv_file(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text(
        "name,code,from,to\n"
        "Gondor,GON,,\n"
        "King Elessar,GONGOV,2016-01-01,2016-12-31\n"
        "King Elessar,GONELI,2017-01-01,\n"
        "Broken row,,,\n",
        encoding="utf-8",
    )
    return path


def test_dated_entries_apply_to_articles_of_their_period(pipeline, csv_file):
    from newsevents.pipeline import Pipeline

    mine = Pipeline(actor_files=(str(csv_file),))
    mine.nlp, mine.gazetteer = pipeline.nlp, pipeline.gazetteer  # share the loaded model
    [in_2016] = [e for e in mine.code_text(TEXT, date="2016-09-28") if e.plover_type == "CONSULT"][:1]
    [in_2018] = [e for e in mine.code_text(TEXT, date="2018-03-01") if e.plover_type == "CONSULT"][:1]
    assert (in_2016.source.code, in_2018.source.code) == ("GONGOV", "GONELI")
    assert in_2016.target.country == "SAU"
    assert mine.user_actors.skipped and "mine.csv:5" in mine.user_actors.skipped[0]


def test_without_a_dictionary_the_name_is_nobody(pipeline):
    assert all(e.source.code not in ("GONGOV", "GONELI") for e in pipeline.code_text(TEXT, date="2016-09-28"))


def test_petrarch_actor_and_agent_files_are_told_apart(tmp_path):
    actors = tmp_path / "actors.txt"
    actors.write_text("ELESSAR_TELCONTAR [GONGOV]\nMINAS_TIRITH [GON]\n", encoding="utf-8")
    agents = tmp_path / "agents.txt"
    agents.write_text("STEWARD [~GOV]\nRANGER [~MIL]\n", encoding="utf-8")
    loaded = UserActors.load([actors, agents])
    assert {a.code for a in loaded.actors} == {"GONGOV", "GON"} and {a.code for a in loaded.agents} == {"GOV", "MIL"}
    dictionary = loaded.dictionary(None)
    assert dictionary.lookup("Minas Tirith") is not None


@pytest.mark.parametrize(
    "content, reason", [(None, "no such dictionary file"), ("just words\n", "no actor or agent entries")]
)
def test_unreadable_dictionaries_are_refused(tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(UserDictionaryError, match=reason):
        UserActors.load([path])


def test_code_and_ingest_take_actors_files(run_cli, csv_file, tmp_path):
    result = run_cli(
        "code", "--actors", str(csv_file), input=json.dumps({"id": "1", "text": TEXT, "date": "2016-09-28"}) + "\n"
    )
    assert result.status == 0 and any(e["source"]["code"] == "GONGOV" for e in result.jsonl())
    article = tmp_path / "story.txt"
    article.write_text(
        "Gondor talks\n\nMINAS TIRITH (Reuters) - " + TEXT + " The two discussed trade and security.\n",
        encoding="utf-8",
    )
    db = f"sqlite:///{tmp_path / 'n.db'}"
    result = run_cli("ingest", str(article), "--db", db, "--quiet", "--actors", str(csv_file))
    assert result.status == 0, result.stderr
    store = Store.open(db)
    try:
        assert any(e.event.source.code.startswith("GON") for e in store.events())
    finally:
        store.close()


def test_missing_dictionary_fails_before_ingesting(run_cli, tmp_path):
    db = f"sqlite:///{tmp_path / 'n.db'}"
    result = run_cli("ingest", str(tmp_path), "--db", db, "--actors", str(tmp_path / "nope.csv"))
    assert result.status == 1 and "no such dictionary file" in result.stderr
