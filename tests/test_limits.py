"""What one document may cost (newsevents.limits): a document over a limit costs itself a
failure with the reason, or is coded in part with a note, and the documents beside it are kept."""

from __future__ import annotations

import gzip
import io
import json
import threading
import time
import tracemalloc
import zlib
from pathlib import Path

import pytest

from conftest import SAMPLES
from newsevents import nlp
from newsevents.limits import DocumentTimeout, check_time, limits, time_limit
from newsevents.records import Failure, RawDocument
from newsevents.scale import tasks
from newsevents.sources import read_file, read_stdin
from newsevents.store import Store

GOOD_TEXT = (SAMPLES / "01-kenya-somalia-border-talks.txt").read_text()
SENTENCE = "The ministers met in Nairobi on Friday and agreed to reopen the border to trade, officials said. "


def jsonl_line(**fields) -> bytes:
    return json.dumps(fields).encode() + b"\n"


def write_gzip_bomb(path: Path, line_bytes: int, after: bytes) -> None:
    """A .jsonl.gz whose first line expands to `line_bytes` bytes, then the `after` lines."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    with open(path, "wb") as out:
        out.write(packer.compress(b'{"id": "bomb", "text": "'))
        for _ in range(line_bytes // 2**20):
            out.write(packer.compress(b"a" * 2**20))
        out.write(packer.compress(b'"}\n' + after))
        out.write(packer.flush())


# -- the settings --------------------------------------------------------------------------------------


def test_limits_have_defaults_and_environment_overrides(monkeypatch):
    assert limits().document_bytes == 16 * 2**20
    monkeypatch.setenv("NEWSEVENTS_MAX_DOCUMENT_BYTES", "1_000_000")
    monkeypatch.setenv("NEWSEVENTS_MAX_DOCUMENT_SECONDS", "2.5")
    assert limits().document_bytes == 1_000_000 and limits().document_seconds == 2.5


@pytest.mark.parametrize("value", ["lots", "0", "-5"])
def test_a_bad_limit_in_the_environment_is_named(monkeypatch, value):
    monkeypatch.setenv("NEWSEVENTS_MAX_PARAGRAPH_CHARS", value)
    with pytest.raises(ValueError, match="NEWSEVENTS_MAX_PARAGRAPH_CHARS must be a positive whole number"):
        limits()


# -- bytes: JSONL lines ---------------------------------------------------------------------------------


def test_a_jsonl_line_over_the_limit_fails_alone(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSEVENTS_MAX_DOCUMENT_BYTES", "4096")
    path = tmp_path / "export.jsonl"
    path.write_bytes(jsonl_line(id="long", text=SENTENCE * 100) + jsonl_line(id="good", text=GOOD_TEXT))
    long, good = read_file(path)
    assert isinstance(long, Failure) and long.source.endswith("#L1")
    assert "longer than the 4 KB limit" in long.reason
    assert isinstance(good, RawDocument) and good.source.endswith("#L2") and good.fields["id"] == "good"


def test_a_gzip_jsonl_line_that_expands_past_the_limit_is_never_held_whole(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSEVENTS_MAX_DOCUMENT_BYTES", str(2**20))
    path = tmp_path / "bomb.jsonl.gz"
    write_gzip_bomb(path, 64 * 2**20, jsonl_line(id="good", text=GOOD_TEXT))
    tracemalloc.start()
    try:
        bomb, good = read_file(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(bomb, Failure) and "longer than the 1 MB limit" in bomb.reason
    assert isinstance(good, RawDocument) and good.fields["text"] == GOOD_TEXT
    assert peak < 8 * 2**20  # the 64 MB line was read through, not held


def test_a_long_first_line_on_standard_input_is_refused(monkeypatch):
    monkeypatch.setenv("NEWSEVENTS_MAX_DOCUMENT_BYTES", "4096")
    [failure] = read_stdin(io.BytesIO(jsonl_line(id="long", text=SENTENCE * 100)))
    assert isinstance(failure, Failure) and "4 KB limit" in failure.reason


def test_long_jsonl_lines_on_standard_input_fail_alone(monkeypatch):
    monkeypatch.setenv("NEWSEVENTS_MAX_DOCUMENT_BYTES", "8192")
    data = (
        jsonl_line(id="good", text=GOOD_TEXT[:2000])
        + jsonl_line(id="long", text=SENTENCE * 200)
        + jsonl_line(id="good2", text=GOOD_TEXT[:2000])
    )
    good, long, good2 = read_stdin(io.BytesIO(data))
    assert isinstance(long, Failure) and long.source == "<stdin>#L2"
    assert good.fields["id"] == "good" and good2.fields["id"] == "good2"


# -- characters: what reaches the parser -------------------------------------------------------------------


def test_a_long_paragraph_reaches_the_parser_in_pieces_at_sentence_ends():
    text = "Headline\n\n" + SENTENCE * 600  # one paragraph of ~58,000 characters
    pieces = nlp.paragraphs(text)
    assert len(pieces) > 10
    for offset, piece in pieces[1:]:
        assert len(piece) <= limits().paragraph_chars
        assert text[offset : offset + len(piece)] == piece
        assert piece.endswith("said.")


def test_a_paragraph_without_sentence_ends_is_cut_between_words():
    text = "word " * 3000
    pieces = nlp.paragraphs(text)
    assert all(len(p) <= limits().paragraph_chars and text[o : o + len(p)] == p for o, p in pieces)
    assert all(not p.startswith(" ") and not p.endswith("wor") for _, p in pieces)


def test_an_article_longer_than_the_limit_is_coded_in_part_with_a_note(pipeline, monkeypatch):
    monkeypatch.setenv("NEWSEVENTS_MAX_DOCUMENT_CHARS", "3000")
    long = tasks.extract_items([RawDocument("long.txt", (GOOD_TEXT + "\n\n").encode() * 5, "text/plain")])[0][0]
    [coded] = pipeline.code_articles([long])
    assert coded.error.startswith("coded in part: only its first ")
    assert coded.events and all(e.evidence_span[1] <= 3000 for e in coded.events)


# -- time -------------------------------------------------------------------------------------------------


def test_time_limit_interrupts_the_main_thread():
    started = time.monotonic()
    with pytest.raises(DocumentTimeout, match="gave up after 0.2 s"):
        with time_limit(0.2):
            time.sleep(60)
    assert time.monotonic() - started < 2


def test_time_limit_is_checked_between_pieces_of_work_in_other_threads():
    caught = []

    def work():
        try:
            with time_limit(0.1):
                for _ in range(100):
                    time.sleep(0.05)
                    check_time()
        except DocumentTimeout as exc:
            caught.append(exc)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(10)
    assert caught


@pytest.fixture
def slow_story(tmp_path, monkeypatch):
    """A folder of a good story and one that takes a minute in the stage given to `slow`."""
    folder = tmp_path / "stories"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_TEXT)
    (folder / "slow.txt").write_text((SAMPLES / "03-chile-student-protests.txt").read_text())
    monkeypatch.setenv("NEWSEVENTS_MAX_DOCUMENT_SECONDS", "2")  # the pipeline is built before the clock starts
    return folder


def stored_and_errors(run_cli, folder: Path) -> tuple[set[str], dict[str, str], str]:
    url = f"sqlite:///{folder.parent}/events.db"
    result = run_cli("ingest", folder, "--db", url, "--workers", "1", "--quiet")
    with Store.open(url) as store:
        stored = {Path(s).name for (s,) in store.db.execute("SELECT source FROM articles")}
        errors = {Path(e["source"]).name: e["reason"] for e in store.errors()}
    return stored, errors, result.stdout


def test_a_document_slow_to_extract_fails_and_the_batch_goes_on(slow_story, run_cli, monkeypatch):
    extract = tasks.extract
    monkeypatch.setattr(
        tasks, "extract", lambda raw: time.sleep(60) if raw.source.endswith("slow.txt") else extract(raw)
    )
    stored, errors, summary = stored_and_errors(run_cli, slow_story)
    assert stored == {"good.txt"}
    assert "gave up after 2 s" in errors["slow.txt"] and "NEWSEVENTS_MAX_DOCUMENT_SECONDS" in errors["slow.txt"]
    assert "1 stored" in summary


def test_a_document_slow_to_code_is_kept_uncoded_and_the_others_are_coded(slow_story, run_cli, monkeypatch):
    code = tasks.Pipeline.code_articles

    def slow_code(self, articles):
        if any(a.source.endswith("slow.txt") for a in articles):
            time.sleep(60)
        return code(self, articles)

    monkeypatch.setattr(tasks.Pipeline, "code_articles", slow_code)
    stored, errors, _ = stored_and_errors(run_cli, slow_story)
    assert stored == {"good.txt", "slow.txt"}
    assert errors.keys() == {"slow.txt"} and errors["slow.txt"].startswith("not coded: gave up after 2 s")


# -- gzip bombs whatever their container ---------------------------------------------------------------------


def test_a_gzip_text_past_the_limit_fails(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSEVENTS_MAX_DOCUMENT_BYTES", str(2**20))
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"a" * (4 * 2**20)))
    [failure] = read_file(path)
    assert isinstance(failure, Failure) and "larger than the 1 MB limit" in failure.reason
