"""WARC archives: HTML responses as documents with their URI and crawl date, the rest skipped."""

from __future__ import annotations

import io
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsevents.extract import extract
from newsevents.records import Article, Failure, RawDocument, Skipped
from newsevents.sources import read_sources

ARTICLE_URL = "https://news.example.org/world/geneva-talks"
SECOND_URL = "https://news.example.org/world/chile-farmers"
# The dateline has no year: the crawl date gives it one.
PARAGRAPHS = [
    "GENEVA, May 14 (Reuters) - Delegations from Armenia and Azerbaijan met in Geneva on Tuesday for a new round "
    "of talks on a peace treaty, the Swiss foreign ministry said, after months of deadlock over the border "
    "between the two countries.",
    "The foreign ministers of both countries held three hours of talks mediated by Swiss diplomats and agreed to "
    "meet again next month, according to a joint statement released after the meeting.",
    "Officials said the two sides had narrowed their differences on the demarcation of the frontier but that "
    "disputes remained over transport routes and the return of detainees held since the last fighting.",
]
TITLE = "Armenia and Azerbaijan resume peace talks in Geneva"
# Another story, without a dateline: only the crawl dates it.
SECOND_PARAGRAPHS = [
    "Farmers in southern Chile blocked roads for a third day to protest against rising fuel prices, police said, "
    "as the government offered to meet union leaders in the capital.",
    "The agriculture minister said subsidies would be reviewed before the harvest and urged the protesters to "
    "clear the highways so that supplies could reach the markets.",
]
SECOND_TITLE = "Chilean farmers block roads over fuel prices"


def page(title: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head><body>"
        f"<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{title}</h1>{body}</article></body></html>"
    ).encode("utf-8")


ARTICLE = page(TITLE, PARAGRAPHS)
SECOND = page(SECOND_TITLE, SECOND_PARAGRAPHS)
CRAWLED = datetime(2024, 5, 14, 10, 20, 30, tzinfo=timezone.utc)
SECOND_CRAWLED = datetime(2024, 5, 15, 8, 0, tzinfo=timezone.utc)


def write_warc(path: Path, *, gzip: bool) -> list[int]:
    """A request, the article, an image, a 404 page and a second article; returns each record's offset."""
    offsets = []
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gzip)

        def record(uri, kind, payload=None, http=None, crawled=CRAWLED):
            offsets.append(out.tell())
            writer.write_record(
                writer.create_warc_record(
                    uri,
                    kind,
                    payload=io.BytesIO(payload) if payload is not None else None,
                    http_headers=http,
                    warc_headers_dict={"WARC-Date": crawled.strftime("%Y-%m-%dT%H:%M:%SZ")},
                )
            )

        def response(uri, body, content_type="text/html; charset=utf-8", status="200 OK", crawled=CRAWLED):
            http = StatusAndHeaders(
                status, [("Content-Type", content_type), ("Content-Length", str(len(body)))], protocol="HTTP/1.1"
            )
            record(uri, "response", body, http, crawled)

        record(
            ARTICLE_URL,
            "request",
            http=StatusAndHeaders(
                "GET /world/geneva-talks HTTP/1.1", [("Host", "news.example.org")], is_http_request=True
            ),
        )
        response(ARTICLE_URL, ARTICLE)
        response("https://news.example.org/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(300), content_type="image/png")
        response(
            "https://news.example.org/gone", b"<html><body><p>Page not found</p></body></html>", status="404 Not Found"
        )
        response(SECOND_URL, SECOND, crawled=SECOND_CRAWLED)
        offsets.append(out.tell())
    return offsets


@pytest.fixture(scope="module", params=["crawl.warc.gz", "crawl.warc"])
def archive(request, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("warc") / request.param
    write_warc(path, gzip=path.suffix == ".gz")
    return path


@pytest.fixture(scope="module")
def records(archive) -> list:
    return list(read_sources([str(archive)]))


def documents(records) -> list[RawDocument]:
    return [r for r in records if isinstance(r, RawDocument)]


# -- records ---------------------------------------------------------------------------------------


def test_html_responses_become_documents_with_their_target_uri(records):
    assert [d.url for d in documents(records)] == [ARTICLE_URL, SECOND_URL]


def test_documents_carry_the_warc_date_as_fetched(records):
    assert [d.fetched for d in documents(records)] == [CRAWLED, SECOND_CRAWLED]


def test_document_content_is_the_http_payload(records):
    first, second = documents(records)
    assert (first.content, second.content) == (ARTICLE, SECOND)
    assert first.media_type == "text/html"


def test_document_source_names_the_archive_record_and_uri(records, archive):
    first, _ = documents(records)
    assert first.source == f"{archive}#2:{ARTICLE_URL}"


def test_other_records_are_skipped_with_their_reason(records):
    skipped = [r for r in records if isinstance(r, Skipped)]
    assert [s.reason for s in skipped] == ["request record", "not HTML (image/png)", "HTTP status 404"]
    assert skipped[1].source.endswith("#3:https://news.example.org/logo.png")


def test_nothing_in_a_good_archive_fails(records):
    assert not [r for r in records if isinstance(r, Failure)]
    assert len(records) == 5


def test_archived_article_extracts_with_its_url_and_crawl_date(records):
    article = extract(documents(records)[0])
    assert isinstance(article, Article), article
    assert (article.title, article.url, article.fetched) == (TITLE, ARTICLE_URL, CRAWLED)
    assert article.text.startswith("Delegations from Armenia and Azerbaijan")


def test_crawl_date_gives_a_yearless_dateline_its_year(records):
    article = extract(documents(records)[0])
    assert article.dateline.place == "GENEVA"
    assert (article.published, article.published_from) == (date(2024, 5, 14), "dateline")


def test_undated_archived_article_is_dated_by_its_crawl(records):
    article = extract(documents(records)[1])
    assert (article.published, article.published_from) == (date(2024, 5, 15), "crawl")


def test_a_warc_is_recognised_by_its_content_whatever_its_name(tmp_path):
    path = tmp_path / "crawl-0001.dat"
    write_warc(path, gzip=False)
    assert [d.url for d in documents(read_sources([str(path)]))] == [ARTICLE_URL, SECOND_URL]


# -- damage ----------------------------------------------------------------------------------------


def truncated(tmp_path: Path, name: str) -> list:
    """The archive cut in the middle of its second HTML response (the fifth record)."""
    whole = tmp_path / ("whole-" + name)
    offsets = write_warc(whole, gzip=name.endswith(".gz"))
    cut = (offsets[4] + offsets[5]) // 2
    path = tmp_path / name
    path.write_bytes(whole.read_bytes()[:cut])
    return list(read_sources([str(path)]))


# gzip.GzipFile raises EOFError on the read that meets the cut, losing what that read had
# decompressed; warcio takes an EOFError while reading a record's headers for the clean end of
# the archive. A small archive is one read: nothing comes out, and no failure either.


def test_truncated_warc_gz_still_yields_the_first_article(tmp_path):
    assert [d.url for d in documents(truncated(tmp_path, "cut.warc.gz"))] == [ARTICLE_URL]


def test_truncated_warc_gz_ends_with_one_failure_saying_so(tmp_path):
    results = truncated(tmp_path, "cut.warc.gz")
    failures = [r for r in results if isinstance(r, Failure)]
    assert failures == results[-1:]
    assert "truncated or corrupt WARC" in failures[0].reason


def test_truncated_plain_warc_ends_with_a_failure_not_a_cut_document(tmp_path):
    results = truncated(tmp_path, "cut.warc")
    assert [d.url for d in documents(results)] == [ARTICLE_URL]
    assert isinstance(results[-1], Failure) and "truncated or corrupt WARC" in results[-1].reason


# -- ingest ----------------------------------------------------------------------------------------


def test_ingest_of_a_warc_counts_the_skipped_records(run_cli, tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, gzip=True)
    result = run_cli("ingest", path, "--db", f"sqlite:///{tmp_path}/events.db", "--quiet")
    assert result.status == 0, result.stdout + result.stderr
    [summary] = result.stdout.splitlines()
    assert summary.startswith("read 2 documents: 2 stored")
    assert summary.endswith("; 3 records skipped (not articles)")


@pytest.mark.parametrize("gzip", [False, True])
def test_a_response_record_without_a_target_uri_fails_alone(tmp_path, gzip):
    """warcio stops at such a record (it reads the URI's scheme before the HTTP headers): the
    record is reported with its number, and the articles around it are read."""
    from newsevents.sources import Part, read_part, split_sources

    path = tmp_path / ("a.warc.gz" if gzip else "a.warc")
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gzip)
        for uri, payload in ((ARTICLE_URL, ARTICLE), (None, SECOND), (SECOND_URL, SECOND)):
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                uri or ARTICLE_URL, "response", payload=io.BytesIO(payload), http_headers=http
            )
            if uri is None:
                record.rec_headers.remove_header("WARC-Target-URI")
            writer.write_record(record)
    items = list(read_sources([str(path)]))
    assert [type(i).__name__ for i in items] == ["RawDocument", "Failure", "RawDocument"]
    assert items[1].source == f"{path}#2" and "record 2 has no WARC-Target-URI" in items[1].reason
    assert [i.url for i in items if isinstance(i, RawDocument)] == [ARTICLE_URL, SECOND_URL]
    parts = [p for p in split_sources([str(path)], records=1) if isinstance(p, Part)]  # as Dask workers read it
    assert [type(i).__name__ for p in parts for i in read_part(p)] == ["RawDocument", "Failure", "RawDocument"]


def test_a_warc_gz_cut_inside_a_long_record_never_gives_the_cut_record(tmp_path):
    """A long story cut in its gzip member decompresses in part: it is not a whole record, so it is
    reported with the damage, and the count of whole records before it is right."""
    from newsevents.sources import Part, read_part, split_sources

    long_story = page(SECOND_TITLE, SECOND_PARAGRAPHS * 150)  # about 50,000 characters
    whole, path = tmp_path / "whole.warc.gz", tmp_path / "cut.warc.gz"
    offsets = []
    with open(whole, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for uri, payload in ((ARTICLE_URL, ARTICLE), (SECOND_URL, long_story)):
            offsets.append(out.tell())
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(uri, "response", payload=io.BytesIO(payload), http_headers=http)
            )
        end = out.tell()
    path.write_bytes(whole.read_bytes()[: offsets[1] + (end - offsets[1]) * 3 // 4])
    for results in (
        list(read_sources([str(path)])),
        [i for p in split_sources([str(path)], records=1) for i in (read_part(p) if isinstance(p, Part) else [p])],
    ):
        assert [d.url for d in documents(results)] == [ARTICLE_URL]
        [failure] = [r for r in results if isinstance(r, Failure)]
        assert failure.source == f"{path}#2" and "truncated or corrupt WARC after 1 records" in failure.reason
