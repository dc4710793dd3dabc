"""Build, check and show our gold coding of the VOA stories (docs/gold-guidelines.md).

    python scripts/voa_gold.py build AUTHORING.jsonl... --out samples/voa-gold.jsonl
    python scripts/voa_gold.py show samples/voa-gold.jsonl [--id 8011115]

An authoring file has one line per event, quoting the sentence and the mentions instead of
giving offsets:

    {"story": "8011115", "sentence": "<the sentence, exactly as in the story>",
     "source": {"text": "Iraqi special forces", "code": "IRQMIL", "country": "IRQ",
                "sector": "MIL", "person": false, "occurrence": 1},
     "target": null, "plover": "ASSAULT", "cameo": "195", "negated": false,
     "hypothetical": false, "historical": false, "date": "2025-03-13",
     "date_precision": "day", "place": {"text": "Anbar", "country": "IRQ"}, "note": "..."}

and a line `{"story": ID, "coded": true}` for every story coded in full (so a story with no
events is known to have none). `occurrence` (1-based, within the sentence) picks between
repeated mentions; a place is looked for in the sentence, else in the story before it, else
after it. `build` checks every quote, code and type and stops with the file and line of the
first problem; stories are split into train and heldout by a hash of their id.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from newsevents.bench.storygold import check_story_gold, read_stories  # noqa: E402
from newsevents.jsonl import records  # noqa: E402
from newsevents.ontology import cameo_table  # noqa: E402

STORIES = ROOT.parent / "shared" / "data" / "news" / "voa" / "voa_stories.jsonl"


class AuthoringError(ValueError):
    pass


def split_of(story_id: str) -> str:
    """A fixed half of the stories is held out: by a hash of the story's id."""
    return "heldout" if hashlib.sha256(story_id.encode()).digest()[0] % 2 else "train"


def _find_sentence(text: str, sentence: str) -> tuple[int, int]:
    at = text.find(sentence)
    if at >= 0:
        return at, at + len(sentence)
    # Tolerate differences of white space and of quote marks.
    pattern = re.escape(" ".join(sentence.split())).replace(r"\ ", r"\s+")
    pattern = re.sub(r"\\?['’‘]", "['’‘]", pattern)
    pattern = re.sub(r'\\?["“”]', '["“”]', pattern)
    m = re.search(pattern, text)
    if m is None:
        raise AuthoringError(f"sentence not found in the story: {sentence[:80]!r}")
    return m.start(), m.end()


def _find_in(text: str, quote: str, start: int, end: int, occurrence: int = 1) -> tuple[int, int] | None:
    at = start - 1
    for _ in range(occurrence):
        at = text.find(quote, at + 1, end)
        if at < 0:
            return None
    return at, at + len(quote)


def _actor(value, text: str, sentence: tuple[int, int]) -> dict | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise AuthoringError(f"an actor is an object or null, not {value!r}")
    span = None
    if value.get("text"):
        span = _find_in(text, value["text"], *sentence, int(value.get("occurrence") or 1))
        if span is None:
            raise AuthoringError(f"actor mention {value['text']!r} is not in the sentence")
    country = value.get("country")
    code = value.get("code")
    if code and not country and not code.startswith("IMG"):  # IMG: transnational militant groups have none
        country = code[:3]
    return {
        "span": list(span) if span else None,
        "code": code or None,
        "country": country or None,
        "sector": value.get("sector") or None,
        "person": bool(value.get("person")),
    }


def _place(value, text: str, sentence: tuple[int, int]) -> dict | None:
    if value is None:
        return None
    quote = value.get("text")
    span = None
    if quote:
        span = _find_in(text, quote, *sentence)
        if span is None:  # the nearest mention before the sentence, else the first after it
            before = text.rfind(quote, 0, sentence[0])
            after = text.find(quote, sentence[1])
            at = before if before >= 0 else after
            if at < 0:
                raise AuthoringError(f"place {quote!r} is not in the story")
            span = (at, at + len(quote))
    return {"span": list(span) if span else None, "country": value.get("country") or None}


def build(paths: list[str], stories_path: Path) -> list[dict]:
    stories = read_stories(stories_path)
    coded: dict[str, list[dict]] = {}
    for path in paths:
        for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                row = json.loads(line)
                story_id = str(row["story"])
                if story_id not in stories:
                    raise AuthoringError(f"no story {story_id!r} in {stories_path}")
                events = coded.setdefault(story_id, [])
                if row.get("coded") and "sentence" not in row:
                    continue
                text = stories[story_id]["text"]
                sentence = _find_sentence(text, row["sentence"])
                event = {
                    "sentence": list(sentence),
                    "source": _actor(row.get("source"), text, sentence),
                    "target": _actor(row.get("target"), text, sentence),
                    "plover": str(row["plover"]).upper(),
                    "cameo": str(row["cameo"]),
                    "negated": bool(row.get("negated")),
                    "hypothetical": bool(row.get("hypothetical")),
                    "historical": bool(row.get("historical")),
                    "date": row.get("date"),
                    "date_precision": row.get("date_precision") or ("day" if row.get("date") else None),
                    "place": _place(row.get("place"), text, sentence),
                }
                if row.get("note"):
                    event["note"] = row["note"]
                events.append(event)
            except (AuthoringError, KeyError, ValueError, TypeError) as exc:
                raise SystemExit(f"{where}: {exc}") from None
    gold = [
        {"id": story_id, "split": split_of(story_id), "events": sorted(events, key=lambda e: e["sentence"])}
        for story_id, events in sorted(coded.items())
    ]
    problems = check_story_gold(gold, stories)
    if problems:
        raise SystemExit("\n".join(problems[:40]) + (f"\n... {len(problems) - 40} more" if len(problems) > 40 else ""))
    return gold


def _quote(text: str, span) -> str:
    return text[span[0] : span[1]] if span else "-"


def _actor(text: str, actor: dict | None) -> str:
    if actor is None:
        return "-"
    return f"{_quote(text, actor['span'])!r}={actor['code']}" + ("*" if actor["person"] else "")


def show(path: str, stories_path: Path, only: str | None) -> None:
    stories = read_stories(stories_path)
    table = cameo_table()
    for _, _, row in records(path):
        if only and row["id"] != only:
            continue
        story = stories[row["id"]]
        print(f"== {row['id']} ({row['split']}) {story['published'][:10]} {story['title']}")
        for e in row["events"]:
            text = story["text"]
            flags = " ".join(f for f in ("negated", "hypothetical", "historical") if e[f])
            place = f" @ {_quote(text, e['place']['span'])} ({e['place']['country']})" if e.get("place") else ""
            print(f"  [{_quote(text, e['sentence'])[:100]}]")
            print(
                f"    {_actor(text, e['source'])} -> {_actor(text, e['target'])} {e['plover']} {e['cameo']} "
                f"({table[e['cameo']].name}) {e['date']}{place} {flags}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build")
    b.add_argument("authoring", nargs="+")
    b.add_argument("--out", required=True)
    b.add_argument("--stories", default=str(STORIES))
    s = sub.add_parser("show")
    s.add_argument("gold")
    s.add_argument("--id")
    s.add_argument("--stories", default=str(STORIES))
    args = parser.parse_args()
    if args.command == "build":
        gold = build(args.authoring, Path(args.stories))
        Path(args.out).write_text("".join(json.dumps(g, ensure_ascii=False) + "\n" for g in gold), encoding="utf-8")
        events = sum(len(g["events"]) for g in gold)
        held = [g for g in gold if g["split"] == "heldout"]
        print(
            f"{len(gold)} stories, {events} events; heldout {len(held)} stories, "
            f"{sum(len(g['events']) for g in held)} events -> {args.out}"
        )
    else:
        show(args.gold, Path(args.stories), args.id)


if __name__ == "__main__":
    main()
