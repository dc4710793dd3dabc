"""Bad input: every unreadable document is a recorded failure with its reason, and the batch goes on."""

from __future__ import annotations

import gzip
import io
import shutil
import sys
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from conftest import GARBLED, SAMPLES
from newsevents import cli
from newsevents.store import Store

GOOD = {
    "good1.txt": SAMPLES / "01-kenya-somalia-border-talks.txt",
    "good2.txt": SAMPLES / "03-chile-student-protests.txt",
}
STORY = "The ministers met in Nairobi on Friday and agreed to reopen the border to trade, officials said. "

# A story in Latin-1 without a declared charset; its accented letters are the same in cp1250.
LATIN1_STORY = """Swiss and German ministers agree on Rhine freight plan

ZÜRICH, May 6 (Reuters) - The transport ministers of Switzerland and Germany agreed in Zürich on Monday \
to expand rail freight along the Rhine, a deal that officials in Zürich and Düsseldorf said would take \
thousands of lorries off the roads each year.

The ministers, meeting at the Hôtel Baur au Lac, said work on the new line would begin next year and \
that the café owners and traders of the old town had been consulted. Germany's minister, Jürgen Müller, \
said the plan was "a great step for Europe."

French officials from Sélestat and Besançon were also present at the signing, the ministers' joint statement said.
"""
# Another, with letters (à, ñ) that cp1250 reads as other letters (ŕ, ń).
LATIN1_SPANISH_STORY = """Spain and France agree on new Pyrenees crossing

MADRID, May 6 (Reuters) - The foreign ministers of Spain and France agreed on Monday to open a new road \
crossing in the Pyrenees, the Spanish foreign ministry said after talks in Madrid between José Manuel \
Albares and his French counterpart.

The crossing near the village of Canfranc will be paid for by both governments, and the Catalan town of \
Puigcerdà will receive a new bus station, officials said. "This is a day for the people of the valleys," \
said the mayor of Jaca, Juan Manuel Ramón, whose town lies close to the route.

Residents of Béziers and Perpignan welcomed the news, and the project was backed by the Año Nuevo \
association of cross-border traders.
"""


# A UTF-8 story with a paragraph pasted from a Latin-1 file.
MIXED_STORY_UTF8 = """Brazil and Switzerland sign trade accord

SÃO PAULO, May 6 (Reuters) - Brazil and Switzerland signed a trade accord in São Paulo on Monday, \
officials in São Paulo and Zürich said, ending two years of talks over tariffs on coffee and machinery.

"""
MIXED_STORY_LATIN1 = """The Swiss economy minister, speaking in Zürich, said the accord would help \
exporters in Genève and Basel, and that São Paulo's coffee traders had asked for it.
"""


def truncated_warc_gz(path: Path) -> None:
    """Two HTML responses, the second cut short."""
    whole = io.BytesIO()
    writer = WARCWriter(whole, gzip=True)
    for n, sample in enumerate(("02-ukraine-shelling-kharkiv.txt", "04-un-aid-sudan.txt")):
        body = b"<html><body><p>" + (SAMPLES / sample).read_bytes().replace(b"\n\n", b"</p><p>") + b"</p></body></html>"
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                f"https://news.example.org/{n}", "response", payload=io.BytesIO(body), http_headers=http
            )
        )
    data = whole.getvalue()
    path.write_bytes(data[: len(data) - 200])


def write_huge_html(path: Path, size: int) -> None:
    paragraph = b"<p>" + STORY.encode() * 20 + b"</p>\n"
    with open(path, "wb") as out:
        out.write(b"<html><body>")
        for _ in range(size // len(paragraph) + 1):
            out.write(paragraph)
        out.write(b"</body></html>")


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bad-input")
    write_huge_html(folder / "huge.html", 50 * 1024 * 1024)
    (folder / "deep.html").write_text(
        "<html><body>" + "<div>" * 10_000 + "<p>" + STORY * 3 + "</p>" + "</div>" * 10_000 + "</body></html>"
    )
    (folder / "deeper.html").write_text(
        "<html><body>"
        + "<blockquote>" * 1_000
        + "<p>"
        + STORY * 3
        + "</p>"
        + "</blockquote>" * 1_000
        + "</body></html>"
    )
    (folder / "mixed.txt").write_bytes(MIXED_STORY_UTF8.encode("utf-8") + MIXED_STORY_LATIN1.encode("latin-1"))
    (folder / "nav.html").write_text(
        "<html><head><title>Home</title></head><body><nav><ul>"
        + "".join(f"<li><a href='/s{i}'>Section {i}</a></li>" for i in range(30))
        + "</ul></nav></body></html>"
    )
    (folder / "junk.bin").write_bytes(bytes(range(256)) * 16)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "garbled.txt").write_bytes(GARBLED)
    (folder / "truncated.txt.gz").write_bytes(gzip.compress(GOOD["good1.txt"].read_bytes())[:300])
    truncated_warc_gz(folder / "truncated.warc.gz")
    (folder / "feed.rss").write_text("<html><body><p>Our feed has moved.</p></body></html>")
    (folder / "latin1.txt").write_bytes(LATIN1_STORY.encode("latin-1"))
    (folder / "latin1-spanish.txt").write_bytes(LATIN1_SPANISH_STORY.encode("latin-1"))
    for name, sample in GOOD.items():
        shutil.copy(sample, folder / name)
    return folder


@pytest.fixture(scope="module")
def ingested(folder, run_cli, tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('bad-input-db')}/events.db"
    return url, run_cli("ingest", folder, "--db", url, "--quiet")


@pytest.fixture(scope="module")
def errors(ingested, run_cli) -> dict[str, str]:
    """`newsevents errors`: reasons by file name."""
    url, _ = ingested
    result = run_cli("errors", "--db", url, "--format", "jsonl")
    assert result.status == 0
    return {Path(e["source"].split("#")[0]).name: e["reason"] for e in result.jsonl()}


@pytest.fixture(scope="module")
def stored(ingested) -> dict[str, str]:
    """Stored article texts by file name."""
    url, _ = ingested
    with Store.open(url) as store:
        return {Path(source).name: text for source, text in store.db.execute("SELECT source, text FROM articles")}


def test_ingest_finishes_and_says_some_documents_failed(ingested, errors):
    url, result = ingested
    assert result.status == 3
    assert f"{len(errors)} failed;" in result.stdout
    assert f"newsevents errors --db {url}" in result.stdout
    assert "Traceback" not in result.stderr


def test_good_articles_are_stored(stored):
    assert {"good1.txt", "good2.txt", "latin1.txt"} <= stored.keys()
    assert stored["good1.txt"].startswith("Kenya and Somalia")


def test_text_nested_deeper_than_the_parser_goes_is_read(stored):
    assert stored["deep.html"].startswith("The ministers met in Nairobi")


def test_a_latin1_paragraph_in_a_utf8_file_is_read_without_mojibake(errors, stored):
    assert "mixed.txt" not in errors
    text = stored["mixed.txt"]
    assert text.count("São Paulo") == 3 and text.count("Zürich") == 2 and "Genève" in text
    assert "Ã" not in text and "Ă" not in text


@pytest.mark.parametrize(
    "name, words",
    [
        ("huge.html", "16 MB limit"),
        ("deeper.html", "deeper than lxml's limit of 255"),
        ("nav.html", "no article"),
        ("junk.bin", "binary"),
        ("empty.txt", "empty"),
        ("garbled.txt", "UTF-8"),
        ("truncated.txt.gz", "cannot read file"),
        ("truncated.warc.gz", "truncated or corrupt WARC"),
        ("feed.rss", "not a feed"),
    ],
)
def test_bad_document_is_a_recorded_failure_with_its_reason(errors, stored, name, words):
    assert name in errors, f"{name} is not listed by `newsevents errors`"
    assert words in errors[name]
    assert name not in stored


def test_latin1_article_is_not_a_failure(errors):
    assert "latin1.txt" not in errors


def test_latin1_article_keeps_its_accented_letters(stored):
    text = stored["latin1.txt"]
    for word in ("Zürich", "Düsseldorf", "Hôtel", "café", "Müller", "Sélestat", "Besançon"):
        assert word in text


def test_latin1_article_with_a_grave_and_a_tilde_keeps_them(stored):
    text = stored["latin1-spanish.txt"]
    assert "Puigcerdà" in text and "Año Nuevo" in text


def test_dateline_with_an_accented_capital_is_read(ingested):
    url, _ = ingested
    with Store.open(url) as store:
        [place] = store.db.execute("SELECT dateline_place FROM articles WHERE source LIKE '%latin1.txt'").fetchone()
    assert place == "ZÜRICH"


def test_ingest_of_the_current_folder_does_not_read_the_store(run_cli, tmp_path, monkeypatch):
    shutil.copy(GOOD["good1.txt"], tmp_path / "story.txt")
    monkeypatch.chdir(tmp_path)
    result = run_cli("ingest", ".", "--quiet")
    assert result.stdout.startswith("read 1 documents: 1 stored")
    assert result.status == 0


# -- the progress bar ----------------------------------------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def ingest_with_stderr(stderr: io.StringIO, folder: Path, *options: str) -> tuple[str, str]:
    """`newsevents ingest` with `stderr` as the standard error it sees: (stdout, stderr)."""
    stdout = io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b""), encoding="utf-8"))
        mp.setattr(sys, "stdout", stdout)
        mp.setattr(sys, "stderr", stderr)
        status = cli.main(["ingest", str(folder), "--db", f"sqlite:///{folder.parent}/events.db", *options])
    assert status == 0
    return stdout.getvalue(), stderr.getvalue()


@pytest.fixture
def one_story(tmp_path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(GOOD["good1.txt"], folder / "story.txt")
    return folder


def test_terminal_gets_a_progress_bar(one_story):
    _, stderr = ingest_with_stderr(Terminal(), one_story)
    assert "1/1" in stderr and "doc" in stderr


def test_quiet_prints_only_the_summary(one_story):
    stdout, stderr = ingest_with_stderr(Terminal(), one_story, "--quiet")
    assert stderr == ""
    [line] = stdout.splitlines()
    assert line.startswith("read 1 documents: 1 stored")


def test_stderr_that_is_not_a_terminal_gets_no_progress_bar(one_story):
    stdout, stderr = ingest_with_stderr(io.StringIO(), one_story)
    assert stderr == ""
    assert stdout.startswith("read 1 documents: 1 stored")
