"""Duplicates: the same article stored once; a lightly edited copy stored as further reports."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import numpy as np
import pytest

from conftest import SAMPLES
from newsevents.extract import extract
from newsevents.extract.fingerprint import NUM_PERM, THRESHOLD, NearDuplicateIndex, from_bytes, minhash, to_bytes
from newsevents.records import Article, RawDocument
from newsevents.sources import read_sources
from newsevents.store import Store

STORY = SAMPLES / "05-iran-sanctions-threat.txt"
OTHER_STORY = SAMPLES / "14-israel-gaza-airstrikes.txt"
KENYA = SAMPLES / "01-kenya-somalia-border-talks.txt"


def edited_copy(text: str) -> str:
    """The story as another site runs it: a new headline, a few words changed, the last paragraph dropped."""
    paragraphs = text.split("\n\n")
    paragraphs[0] = "Washington gives Tehran 60 days to stop enriching uranium or face sanctions"
    paragraphs[3] = paragraphs[3].replace("did not say", "declined to say").replace("drawn up", "prepared")
    paragraphs[5] = paragraphs[5].replace("called on Iran to return", "urged Iran to go back")
    oil_prices = next(i for i, p in enumerate(paragraphs) if p.startswith("Oil prices"))
    del paragraphs[oil_prices]
    return "\n\n".join(paragraphs)


COPY = edited_copy(STORY.read_text(encoding="utf-8"))


def read_article(path: Path) -> Article:
    [raw] = read_sources([str(path)])
    article = extract(raw)
    assert isinstance(article, Article), article
    return article


def read_article_text(text: str) -> str:
    article = extract(RawDocument("copy.txt", text.encode("utf-8"), media_type="text/plain"))
    assert isinstance(article, Article), article
    return article.text


def summary(result) -> str:
    assert result.status == 0, result.stdout + result.stderr
    return result.stdout.splitlines()[0]


# -- exact duplicates --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def exact(run_cli, tmp_path_factory):
    folder = tmp_path_factory.mktemp("exact")
    text = KENYA.read_text(encoding="utf-8")
    shutil.copy(KENYA, folder / "a.txt")
    shutil.copy(KENYA, folder / "b.txt")
    (folder / "c-spaced.txt").write_text("\n\n  " + text.replace(". ", ".   ").replace("\n\n", "\n\n\n") + "\n\n")
    url = f"sqlite:///{tmp_path_factory.mktemp('exact-db')}/events.db"
    return url, run_cli("ingest", folder, "--db", url, "--quiet")


def test_same_article_in_three_files_is_stored_once(exact):
    url, result = exact
    assert summary(result).startswith("read 3 documents: 1 stored, 2 duplicates, 0 near-duplicates")
    with Store.open(url) as store:
        [row] = store.db.execute("SELECT source, duplicate_of FROM articles").fetchall()
    assert (Path(row[0]).name, row[1]) == ("a.txt", None)


# -- near-duplicates, in one run and in two --------------------------------------------------------


@pytest.fixture(scope="module")
def one_run(run_cli, tmp_path_factory):
    """The story, its copy and a different story, ingested together."""
    folder = tmp_path_factory.mktemp("one-run")
    shutil.copy(STORY, folder / "a-original.txt")
    (folder / "b-copy.txt").write_text(COPY, encoding="utf-8")
    shutil.copy(OTHER_STORY, folder / "c-other.txt")
    url = f"sqlite:///{tmp_path_factory.mktemp('one-run-db')}/events.db"
    return url, [run_cli("ingest", folder, "--db", url, "--quiet")]


@pytest.fixture(scope="module")
def two_runs(run_cli, tmp_path_factory):
    """The story ingested, then its copy in a later run, then the copy once more."""
    folder = tmp_path_factory.mktemp("two-runs")
    (folder / "first").mkdir()
    (folder / "later").mkdir()
    shutil.copy(STORY, folder / "first" / "original.txt")
    (folder / "later" / "copy.txt").write_text(COPY, encoding="utf-8")
    url = f"sqlite:///{folder}/events.db"
    runs = [run_cli("ingest", folder / name, "--db", url, "--quiet") for name in ("first", "later", "later")]
    return url, runs


@pytest.fixture(scope="module")
def story_events(two_runs) -> int:
    """How many events the story alone gives (the first of the two runs stored only it)."""
    return int(re.search(r"; (\d+) events$", summary(two_runs[1][0])).group(1))


@pytest.fixture(params=["one-run", "two-runs"])
def ingested(request, one_run, two_runs):
    return {"one-run": one_run, "two-runs": two_runs}[request.param]


def rows(url: str) -> dict[str, tuple]:
    """Stored articles by file name: (id, duplicate_of, coded)."""
    with Store.open(url) as store:
        found = store.db.execute("SELECT source, id, duplicate_of, coded FROM articles").fetchall()
    return {Path(source).name: (id_, duplicate_of, coded) for source, id_, duplicate_of, coded in found}


def original_and_copy(url: str) -> tuple[tuple, tuple]:
    stored = rows(url)
    original = next(v for k, v in stored.items() if "original" in k)
    copy = next(v for k, v in stored.items() if "copy" in k)
    return original, copy


def test_copy_is_stored_pointing_at_the_first_copy(ingested):
    url, _ = ingested
    (original_id, original_of, _), (copy_id, copy_of, copy_coded) = original_and_copy(url)
    assert original_of is None
    assert copy_id != original_id
    assert (copy_of, copy_coded) == (original_id, 0)


def test_copy_adds_no_events(ingested, story_events):
    url, _ = ingested
    (original_id, _, _), (copy_id, _, _) = original_and_copy(url)
    with Store.open(url) as store:
        first_reports = [s.event.doc_id for s in store.events()]
    assert copy_id not in first_reports
    assert first_reports.count(original_id) == story_events > 0


def test_events_gain_a_report_where_the_copy_kept_their_sentence(ingested):
    url, _ = ingested
    (original_id, _, _), (copy_id, _, _) = original_and_copy(url)
    copy_text = read_article_text(COPY)
    with Store.open(url) as store:
        events = [s for s in store.events() if s.event.doc_id == original_id]
    kept = [s for s in events if s.event.evidence in copy_text]
    changed = [s for s in events if s.event.evidence not in copy_text]
    assert kept and changed, "the copy must keep some evidence sentences and change others"
    for stored in kept:
        assert (stored.num_mentions, stored.num_articles, stored.article_ids) == (2, 2, (original_id, copy_id))
    for stored in changed:
        assert (stored.num_mentions, stored.num_articles) == (1, 1)


def test_different_story_is_not_a_near_duplicate(one_run):
    url, _ = one_run
    (_, duplicate_of, coded) = rows(url)["c-other.txt"]
    assert (duplicate_of, coded) == (None, 1)


def test_summary_counts_the_near_duplicate_in_one_run(one_run):
    _, [result] = one_run
    assert summary(result).startswith("read 3 documents: 2 stored, 0 duplicates, 1 near-duplicates")


def test_summary_counts_the_near_duplicate_in_a_later_run(two_runs):
    _, [first, later, _] = two_runs
    assert summary(first).startswith("read 1 documents: 1 stored, 0 duplicates, 0 near-duplicates")
    assert summary(later).startswith("read 1 documents: 0 stored, 0 duplicates, 1 near-duplicates")
    assert summary(later).endswith("; 0 events")


def test_the_copy_read_again_is_a_duplicate_and_adds_no_report(two_runs):
    url, [_, _, again] = two_runs
    assert summary(again).startswith("read 1 documents: 0 stored, 1 duplicates, 0 near-duplicates")
    with Store.open(url) as store:
        assert max(s.num_mentions for s in store.events()) == 2


def test_a_copy_twice_in_one_run_is_one_near_duplicate_and_one_duplicate(run_cli, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(STORY, folder / "a-original.txt")
    (folder / "b-copy.txt").write_text(COPY, encoding="utf-8")
    (folder / "c-copy-again.txt").write_text(COPY, encoding="utf-8")
    result = run_cli("ingest", folder, "--db", f"sqlite:///{tmp_path}/events.db", "--quiet")
    assert summary(result).startswith("read 3 documents: 1 stored, 1 duplicates, 1 near-duplicates")


# -- fingerprints ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    return {"story": read_article(STORY).text, "copy": read_article_text(COPY), "other": read_article(OTHER_STORY).text}


def test_identical_texts_have_jaccard_one(texts):
    assert minhash(texts["story"]).jaccard(minhash(texts["story"])) == 1.0


def test_case_and_punctuation_do_not_change_the_fingerprint():
    assert (
        minhash("The minister said: talks will resume.").jaccard(minhash("the Minister said talks WILL resume")) == 1.0
    )


def test_edited_copy_is_above_the_threshold(texts):
    assert minhash(texts["story"]).jaccard(minhash(texts["copy"])) >= THRESHOLD


def test_unrelated_story_is_below_the_threshold(texts):
    assert minhash(texts["story"]).jaccard(minhash(texts["other"])) < THRESHOLD


def test_index_finds_the_first_copy_and_nothing_for_another_story(texts):
    index = NearDuplicateIndex()
    index.add("story", minhash(texts["story"]))
    assert index.find(minhash(texts["copy"])) == "story"
    assert index.find(minhash(texts["other"])) is None


def test_signature_round_trips_through_bytes(texts):
    signature = minhash(texts["story"])
    data = to_bytes(signature)
    assert len(data) == NUM_PERM * 4
    restored = from_bytes(data)
    assert np.array_equal(restored.hashvalues, signature.hashvalues)
    assert restored.jaccard(signature) == 1.0
    assert restored.jaccard(minhash(texts["copy"])) == signature.jaccard(minhash(texts["copy"]))


def test_of_equally_similar_stories_the_first_added_is_the_original():
    text = (
        "Rescue teams searched the rubble of collapsed buildings in the port city for a second day on Friday "
        "after the earthquake, officials said, as aid convoys reached the worst-hit districts."
    )
    index = NearDuplicateIndex()
    keys = [f"copy-{n:02d}" for n in range(30)]  # the LSH answers a set: its order follows the keys' hashes
    for key in keys:
        index.add(key, minhash(text))
    assert index.find(minhash(text)) == keys[0]


def test_the_original_is_the_earliest_published_then_the_first_added(texts):
    index = NearDuplicateIndex()
    index.add("later", minhash(texts["story"]), "2016-09-29")
    index.add("undated", minhash(texts["story"]))
    index.add("earlier-copy", minhash(texts["copy"]), "2016-09-28")  # less alike, published first
    assert index.find(minhash(texts["story"])) == "earlier-copy"
    index = NearDuplicateIndex()
    index.add("undated", minhash(texts["story"]))
    index.add("dated", minhash(texts["story"]), "2020-01-01")
    assert index.find(minhash(texts["story"])) == "dated"  # a date known beats none
