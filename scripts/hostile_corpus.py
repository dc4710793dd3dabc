"""Write a corpus of hostile input: every broken, huge or malicious case newsevents must survive.

    python scripts/hostile_corpus.py DIR [--small]

Each case is a folder of its own holding the hostile document and a good article beside it
(`good.txt`, a short story written for this), so that a run over DIR shows both that the case
is refused with its reason and that nothing beside it is lost. `CASES` names each case with the
words its reason must contain (checked by tests/test_hostile.py). `--small` writes the large
cases smaller, quicker to make and read: they cross the limits of a run given
NEWSEVENTS_MAX_DOCUMENT_BYTES=4194304, NEWSEVENTS_MAX_DOCUMENT_SECONDS=6 and
NEWSEVENTS_MAX_DOCUMENT_CHARS=20000 (the test's), where the full-size cases cross the defaults
(16 MB, 120 s, 100,000 characters).
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import socket
import sys
import zlib
from pathlib import Path

GOOD = """Flood talks

NAIROBI, March 3 (Reuters) - Kenyan and Ugandan officials met in Nairobi on Tuesday to agree on
how to share warnings of floods along the rivers the two countries share, the foreign ministry said.

The two governments signed a memorandum that sets up a joint monitoring centre in Kisumu.
-Reuters
"""

# case -> words its failure reason must contain (None: the case is skipped with a reason, or
# read without a failure, and only the good article beside it is checked)
CASES: dict[str, str | None] = {
    "warc-no-uri": "has no WARC-Target-URI",
    "warc-bad-length": "cut short",
    "warc-gz-cut": "truncated or corrupt WARC",
    "fifo": None,  # skipped, never opened: a reader would wait for ever
    "device": None,
    "mixed-encoding": None,  # read, each part in its own encoding
    "jsonl-long-line": "longer than",
    "jsonl-gz-bomb-line": "longer than",
    "long-paragraph": "coded in part",
    "binary": "binary content",
    "truncated-gzip": "ended before",
    "huge-html": "gave up after",  # under the size limit, over the time limit
    "deep-nesting": None,  # read: the nesting is flattened
    "invalid-utf8": "invalid UTF-8",
    "empty": "empty document",
    "broken-jsonl": "invalid JSON",
    "big-feed": None,  # 10,000 items (2,000 small), each read (and failing for want of text)
    "billion-laughs": "damaged feed",
    "gzip-bomb-txt": "larger than",
    "gzip-bomb-html": "larger than",
    "symlink-loop": "symbolic links",
    "dangling-symlink": "No such file",
    "private-url": "private address",
}


def _warc_record(headers: dict[str, str], body: bytes) -> bytes:
    head = "WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    return head.encode() + b"\r\n" + body + b"\r\n\r\n"


def _http_page(title: str, text: str) -> bytes:
    html = (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        + "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
        + "</article></body></html>"
    )
    body = html.encode()
    return b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n\r\n" % len(body) + body


def _bomb(size: int, head: bytes = b"", tail: bytes = b"") -> bytes:
    """gzip of `head`, `size` bytes of one repeated letter, then `tail`: a few KB to a MB."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b"a" * (1 << 20)
    out = io.BytesIO()
    out.write(compressor.compress(head))
    for _ in range(size >> 20):
        out.write(compressor.compress(chunk))
    out.write(compressor.compress(tail))
    out.write(compressor.flush())
    return out.getvalue()


def write(folder: Path, small: bool = False) -> dict[str, Path]:
    """Write every case under `folder`; returns each case's folder."""
    big = 1 if small else 8  # MB: a paragraph is this, a JSONL line 8 times this
    made = {}
    for name in CASES:
        case = folder / name
        case.mkdir(parents=True, exist_ok=True)
        (case / "good.txt").write_text(GOOD.replace("Tuesday", f"Tuesday ({name})"), encoding="utf-8")
        made[name] = case
    page = _http_page("Talks resume", "Delegates from both sides met in Geneva on Monday.\n\n" * 20)

    (made["warc-no-uri"] / "a.warc").write_bytes(
        _warc_record({"WARC-Type": "response", "Content-Length": "10"}, b"0123456789")
        + _warc_record(
            {
                "WARC-Type": "response",
                "WARC-Target-URI": "https://example.org/a",
                "Content-Type": "application/http; msgtype=response",
                "Content-Length": str(len(page)),
            },
            page,
        )
    )
    (made["warc-bad-length"] / "a.warc").write_bytes(
        _warc_record(
            {
                "WARC-Type": "response",
                "WARC-Target-URI": "https://example.org/b",
                "Content-Type": "application/http; msgtype=response",
                "Content-Length": "99999999",
            },
            page,
        )
    )
    whole = gzip.compress(
        _warc_record(
            {
                "WARC-Type": "response",
                "WARC-Target-URI": "https://example.org/c",
                "Content-Type": "application/http; msgtype=response",
                "Content-Length": str(len(page)),
            },
            page,
        )
    )
    (made["warc-gz-cut"] / "a.warc.gz").write_bytes(whole[: len(whole) // 2])
    os.mkfifo(made["fifo"] / "pipe.txt")
    try:
        os.symlink("/dev/zero", made["device"] / "zero.txt")
    except FileExistsError:
        pass
    mixed = (
        (
            "Floods in São Paulo\n\nFloods hit São Paulo on Monday after three days of rain, the city's mayor "
            "said, and rescue teams searched the hardest-hit districts for people missing.\n\n"
        ).encode("utf-8")
        + (
            "Swiss officials in Zürich offered help on Tuesday, and a team of engineers left for Brazil with "
            "pumps and boats.\n\n"
        ).encode("latin-1")
        + (
            "Aid also reached Bogotá on Wednesday, where the Colombian government said it would send helicopters.\n"
        ).encode("utf-8")
    )
    (made["mixed-encoding"] / "mixed.txt").write_bytes(mixed)
    line = json.dumps({"id": "long", "text": "word " * ((big * 8 << 20) // 5)})
    (made["jsonl-long-line"] / "long.jsonl").write_text(
        line + "\n" + json.dumps({"id": "fine", "title": "Pact", "text": GOOD}) + "\n", encoding="utf-8"
    )
    (made["jsonl-gz-bomb-line"] / "bomb.jsonl.gz").write_bytes(
        _bomb(
            (64 if small else 1024) << 20,
            head=b'{"id": "bomb", "text": "',
            tail=b'"}\n' + json.dumps({"id": "after", "text": GOOD}).encode() + b"\n",
        )
    )
    (made["long-paragraph"] / "long.txt").write_text(
        "One paragraph\n\n" + "Troops shelled the town on Monday and residents fled. " * ((big << 20) // 54),
        encoding="utf-8",
    )
    (made["binary"] / "junk.bin").write_bytes(bytes(range(256)) * 64)
    (made["truncated-gzip"] / "cut.txt.gz").write_bytes(gzip.compress(GOOD.encode() * 50)[:200])
    (made["huge-html"] / "huge.html").write_text(
        "<html><body>"
        + "<div><p>filler text of a page</p></div>" * (((3 if small else 15) << 20) // 38)
        + "</body></html>",
        encoding="utf-8",
    )
    depth = 20_000 if small else 100_000  # lxml stops at 255
    (made["deep-nesting"] / "deep.html").write_text(
        "<html><body>" + "<div>" * depth + "<h1>Troops withdraw</h1><p>Troops withdrew from the border town "
        "on Friday after a week of talks between the two governments, officials said.</p><p>The withdrawal "
        "was the first since the ceasefire was signed in March, and residents began to return.</p>"
        + "</div>" * depth
        + "</body></html>",
        encoding="utf-8",
    )
    (made["invalid-utf8"] / "bad.txt").write_bytes(
        b"Talks fail\n\nThe minister said \xff\xfe\xfa\x81\x8d\x8f\x90\x9d the talks \x80\x81\x8d failed on Monday "
        b"after a week of meetings in the capital, and both delegations went home.\n\n\x81\x8d\x8f\x90\x9d\xff\xfe "
        b"Officials said new talks were not planned.\n"
    )
    (made["empty"] / "empty.txt").write_bytes(b"")
    (made["broken-jsonl"] / "broken.jsonl").write_text('{"id": "x", "text": "unterminated\n', encoding="utf-8")
    items = "".join(
        f"<item><title>Item {n}</title><link>https://example.org/{n}</link>"
        f"<description>Short note {n}.</description></item>"
        for n in range(2_000 if small else 10_000)
    )
    (made["big-feed"] / "feed.rss").write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>{items}</channel></rss>', encoding="utf-8"
    )
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">' for n in range(1, 10))
        + ']><rss version="2.0"><channel><title>&lol9;</title><item><title>x</title><description>&lol9;</description>'
        "</item></channel></rss>"
    )
    (made["billion-laughs"] / "laughs.rss").write_text(laughs, encoding="utf-8")
    bomb = _bomb(64 << 20 if small else 1 << 30)
    (made["gzip-bomb-txt"] / "bomb.txt.gz").write_bytes(bomb)
    (made["gzip-bomb-html"] / "bomb.html.gz").write_bytes(bomb)
    loop = made["symlink-loop"]
    for a, b in (("a", "b"), ("b", "a")):
        if not (loop / a).is_symlink():
            os.symlink(loop / b, loop / a)
    if not (made["dangling-symlink"] / "gone.txt").is_symlink():
        os.symlink(made["dangling-symlink"] / "deleted.txt", made["dangling-symlink"] / "gone.txt")
    (made["private-url"] / "urls.jsonl").write_text(
        json.dumps({"url": "http://127.0.0.1:9/secret"})
        + "\n"
        + json.dumps({"url": "http://169.254.169.254/latest/meta-data/"})
        + "\n",
        encoding="utf-8",
    )
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(made["fifo"] / "socket.txt"))
    except OSError:
        pass
    finally:
        sock.close()
    return made


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--small", action="store_true", help="the large cases smaller (still over every limit)")
    args = parser.parse_args()
    made = write(Path(args.folder), small=args.small)
    print(f"wrote {len(made)} cases under {args.folder}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
