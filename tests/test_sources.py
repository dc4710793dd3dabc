"""Sources: files, folders, globs, standard input, gzip and JSONL exports; bad documents as Failures."""

from __future__ import annotations

import gzip
import io
import json
import shutil
from pathlib import Path

import pytest

from conftest import GARBLED, SAMPLES
from newsevents.extract import extract
from newsevents.records import Article, Failure, RawDocument
from newsevents.sources import SourceError, read_sources

STORY = SAMPLES / "01-kenya-somalia-border-talks.txt"
OTHER_STORY = SAMPLES / "02-ukraine-shelling-kharkiv.txt"


def names(documents) -> list[str]:
    return [Path(d.source).name for d in documents]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "a" / "deeper").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    shutil.copy(STORY, tmp_path / "top.txt")
    shutil.copy(STORY, tmp_path / "a" / "middle.txt")
    shutil.copy(STORY, tmp_path / "a" / "deeper" / "bottom.html")
    shutil.copy(STORY, tmp_path / ".hidden.txt")
    shutil.copy(STORY, tmp_path / ".git" / "inside-hidden-folder.txt")
    return tmp_path


def test_folder_is_read_recursively(folder):
    assert sorted(names(read_sources([str(folder)]))) == ["bottom.html", "middle.txt", "top.txt"]


def test_hidden_files_and_folders_are_skipped(folder):
    found = names(read_sources([str(folder)]))
    assert ".hidden.txt" not in found and "inside-hidden-folder.txt" not in found


def test_media_type_follows_the_suffix(folder):
    types = {Path(d.source).name: d.media_type for d in read_sources([str(folder)])}
    assert types == {"top.txt": "text/plain", "middle.txt": "text/plain", "bottom.html": "text/html"}


def test_glob(folder):
    assert names(read_sources([str(folder / "*.txt")])) == ["top.txt"]


def test_recursive_glob(folder):
    assert sorted(names(read_sources([str(folder / "**" / "*.txt")]))) == ["middle.txt", "top.txt"]


def test_glob_matching_nothing_raises_source_error(tmp_path):
    with pytest.raises(SourceError, match="no files match"):
        list(read_sources([str(tmp_path / "*.nothing")]))


def test_missing_path_raises_source_error_before_anything_is_read(tmp_path):
    missing = str(tmp_path / "no-such-file.txt")
    documents = read_sources([str(STORY), missing])
    with pytest.raises(SourceError) as error:
        next(documents)
    assert missing in str(error.value)


def test_file_bytes_are_read_as_they_are():
    [doc] = read_sources([str(STORY)])
    assert doc.content == STORY.read_bytes()


def test_gzip_file_is_decompressed(tmp_path):
    path = tmp_path / "story.html.gz"
    path.write_bytes(gzip.compress(STORY.read_bytes()))
    [doc] = read_sources([str(path)])
    assert doc.content == STORY.read_bytes()
    assert doc.media_type == "text/html"


def test_stdin_plain_text_is_one_document():
    [doc] = read_sources(["-"], stdin=io.BytesIO(STORY.read_bytes()))
    assert (doc.source, doc.content) == ("<stdin>", STORY.read_bytes())


def test_stdin_jsonl_is_one_document_per_line():
    lines = [{"id": "a", "text": "First story.", "date": "2020-01-02"}, {"id": "b", "text": "Second story."}]
    data = "\n".join(json.dumps(r) for r in lines).encode()
    docs = list(read_sources(["-"], stdin=io.BytesIO(data)))
    assert [d.fields.get("text") for d in docs] == ["First story.", "Second story."]
    assert docs[0].fields["date"] == "2020-01-02"


# -- JSONL exports ----------------------------------------------------------------------------------

RECORDS = [
    {
        "id": "n1",
        "url": "https://example.org/2020/06/18/a",
        "title": "First",
        "date": "2020-06-18",
        "text": "First story.",
    },
    {"id": "n2", "title": "Second", "html": "<html><body><p>Second story.</p></body></html>"},
]


def write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_gives_one_document_per_line_with_its_fields(tmp_path):
    path = write_jsonl(tmp_path / "export.jsonl", [json.dumps(r) for r in RECORDS])
    first, second = read_sources([str(path)])
    assert (first.fields["title"], first.fields["date"], first.url) == ("First", "2020-06-18", RECORDS[0]["url"])
    assert (first.source, second.source) == (f"{path}#L1", f"{path}#L2")
    assert second.fields["html"] == RECORDS[1]["html"]


def test_jsonl_bad_line_is_a_failure_naming_its_line(tmp_path):
    path = write_jsonl(
        tmp_path / "export.jsonl", [json.dumps(RECORDS[0]), '{"id": "broken", "text": ', json.dumps(RECORDS[1])]
    )
    first, bad, third = read_sources([str(path)])
    assert isinstance(bad, Failure)
    assert bad.source == f"{path}#L2"
    assert "line 2" in bad.reason and "JSON" in bad.reason
    assert isinstance(first, RawDocument) and isinstance(third, RawDocument)


def test_jsonl_line_without_text_is_a_failure(tmp_path):
    path = write_jsonl(tmp_path / "export.jsonl", [json.dumps({"id": "x", "title": "No body"})])
    [bad] = read_sources([str(path)])
    assert isinstance(bad, Failure)
    assert "line 1" in bad.reason and "text" in bad.reason


def test_gzipped_jsonl_is_read_line_by_line(tmp_path):
    path = tmp_path / "export.jsonl.gz"
    path.write_bytes(gzip.compress("\n".join(json.dumps(r) for r in RECORDS).encode()))
    assert [d.fields["title"] for d in read_sources([str(path)])] == ["First", "Second"]


# -- a broken folder ----------------------------------------------------------------------------------


@pytest.fixture
def broken_folder(tmp_path: Path) -> Path:
    (tmp_path / "junk.bin").write_bytes(bytes(range(256)) * 16)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "garbled.txt").write_bytes(GARBLED)
    (tmp_path / "truncated.txt.gz").write_bytes(gzip.compress(OTHER_STORY.read_bytes())[:300])
    shutil.copy(STORY, tmp_path / "good1.txt")
    shutil.copy(OTHER_STORY, tmp_path / "good2.txt")
    return tmp_path


@pytest.fixture
def broken_results(broken_folder):
    return {
        Path(d.source).name: d if isinstance(d, Failure) else extract(d) for d in read_sources([str(broken_folder)])
    }


def test_broken_folder_still_yields_the_good_articles(broken_results):
    assert isinstance(broken_results["good1.txt"], Article)
    assert isinstance(broken_results["good2.txt"], Article)
    assert broken_results["good1.txt"].title.startswith("Kenya and Somalia agree")


@pytest.mark.parametrize(
    "name, words",
    [
        ("empty.txt", "empty"),
        ("junk.bin", "binary"),
        ("garbled.txt", "UTF-8"),
        ("truncated.txt.gz", "cannot read"),
    ],
)
def test_each_bad_file_fails_with_a_clear_reason(broken_results, name, words):
    failure = broken_results[name]
    assert isinstance(failure, Failure)
    assert words in failure.reason
    assert failure.source.endswith(name)


def test_truncated_gzip_reason_says_what_went_wrong(broken_results):
    assert "ended before" in broken_results["truncated.txt.gz"].reason


def test_declared_charset_is_honoured(tmp_path):
    html = (
        '<html><head><meta charset="iso-8859-1"><title>Caf\u00e9 talks</title></head><body>'
        + "".join(
            f"<p>Paragraph {i}: the caf\u00e9 owners met the minister on Monday to discuss the new rules for "
            f"trading hours in the old town, officials said.</p>"
            for i in range(3)
        )
        + "</body></html>"
    )
    path = tmp_path / "page.html"
    path.write_bytes(html.encode("latin-1"))
    [doc] = read_sources([str(path)])
    article = extract(doc)
    assert isinstance(article, Article), article
    assert "caf\u00e9 owners" in article.text


def test_a_legacy_encoded_article_is_read(tmp_path):
    story = (SAMPLES / "01-kenya-somalia-border-talks.txt").read_text(encoding="utf-8")
    text = story.replace("Kenya", "K\u00e9nya")  # a letter outside ASCII, in Latin-1
    path = tmp_path / "latin1.txt"
    path.write_bytes(text.encode("latin-1", errors="replace"))
    [doc] = read_sources([str(path)])
    article = extract(doc)
    assert isinstance(article, Article), article
    assert "K\u00e9nya" in article.text


def test_special_files_in_a_folder_are_skipped_never_opened(tmp_path):
    import os
    import socket

    from newsevents.records import Skipped
    from newsevents.sources import Part, read_part, split_sources

    shutil.copy(SAMPLES / "01-kenya-somalia-border-talks.txt", tmp_path / "story.txt")
    os.mkfifo(tmp_path / "pipe")  # opening it would wait for a writer forever
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind(str(tmp_path / "sock"))
        items = list(read_sources([str(tmp_path)]))
        from_parts = [i for p in split_sources([str(tmp_path)]) for i in (read_part(p) if isinstance(p, Part) else [p])]
    skipped = {Path(i.source).name: i.reason for i in items if isinstance(i, Skipped)}
    assert skipped == {"pipe": "a named pipe (FIFO), not a file: not read", "sock": "a socket, not a file: not read"}
    assert [Path(i.source).name for i in items if isinstance(i, RawDocument)] == ["story.txt"]
    assert [(type(i).__name__, i.source) for i in from_parts] == [(type(i).__name__, i.source) for i in items]
