"""Write a WARC archive of news pages for measuring ingest at scale (memory of the workers over
a long run, throughput on many short stories), from the Reuters-21578 stories in ../shared.

    python scripts/make_bench_warc.py --out /tmp/reuters-10k.warc.gz --records 10000

Each story becomes an HTML response record, as a crawl of a news site stores it: the story
in an <article>, inside page chrome (a menu of section links, a list of other headlines, a
footer), with the record's target URI and crawl date. Reuters-21578 is for research use only,
so the archive is written outside the repository and never shipped.
"""

from __future__ import annotations

import argparse
import gzip
import html
import io
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsevents.bench.extraction import reuters_stories  # noqa: E402

SECTIONS = ["World", "Business", "Markets", "Politics", "Energy", "Commodities", "Technology", "Opinion"]


def page(title: str, body: str, others: list[str]) -> bytes:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n") if p.strip())
    menu = "".join(f"<li><a href='/{s.lower()}'>{s}</a></li>" for s in SECTIONS)
    more = "".join(f"<li><a href='/story/{n}'>{html.escape(t)}</a></li>" for n, t in enumerate(others))
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)} | Wire Archive</title>"
        f"</head><body><header><nav><ul>{menu}</ul></nav></header><main><article><h1>{html.escape(title)}</h1>"
        f"{paragraphs}</article><aside><h2>More stories</h2><ul>{more}</ul></aside></main>"
        f"<footer><p>Wire Archive. All times GMT.</p><p><a href='/terms'>Terms</a> <a href='/privacy'>Privacy</a>"
        f"</p></footer></body></html>"
    ).encode("utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, help="the WARC file to write (.warc.gz)")
    parser.add_argument("--records", type=int, default=10_000, help="HTML response records (default 10,000)")
    parser.add_argument(
        "--reuters",
        default=str(ROOT.parent / "shared" / "data" / "newswire" / "reuters21578"),
        help="the Reuters-21578 folder (reut2-NNN.sgm.gz)",
    )
    args = parser.parse_args()
    stories = []
    for path in sorted(Path(args.reuters).glob("reut2-*.sgm.gz")):
        stories.extend(reuters_stories(gzip.open(path, "rt", encoding="latin-1").read()))
    stories = [s for s in stories if len(s.text.split()) >= 40]
    if not stories:
        parser.error(f"no Reuters-21578 stories in {args.reuters}")
    crawled = datetime(1987, 3, 1, tzinfo=timezone.utc)
    with open(args.out, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for number in range(args.records):
            story = stories[number % len(stories)]
            title, _, body = story.text.partition("\n\n")
            if number >= len(stories):  # another pass: another site's copy, its own words at the end
                body += f"\nThis copy was filed for the archive's edition {number // len(stories) + 1}."
            others = [stories[(number + k) % len(stories)].text.partition("\n\n")[0] for k in range(1, 9)]
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            when = (crawled + timedelta(minutes=7 * number)).strftime("%Y-%m-%dT%H:%M:%SZ")
            writer.write_record(
                writer.create_warc_record(
                    f"https://wire.example.org/story/{story.id}-{number}",
                    "response",
                    payload=io.BytesIO(page(title or story.place, body, others)),
                    http_headers=http,
                    warc_headers_dict={"WARC-Date": when},
                )
            )
    print(f"wrote {args.out}: {args.records} records from {len(stories)} stories", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
