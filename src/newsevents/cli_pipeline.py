"""The pipeline a command asks for, made from its arguments, and the JSON lines it reads."""

from __future__ import annotations

import json
import sys
from typing import Iterable

from newsevents.console import _fail


def _jsonl_input(stream: Iterable[str], required: tuple[str, ...]):
    """(line number, record or None, error or None) for each non-empty input line."""
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, None, f"invalid JSON: {exc}"
            continue
        if not isinstance(record, dict):
            yield number, None, "expected a JSON object"
            continue
        missing = [k for k in required if not isinstance(record.get(k), str)]
        if missing:
            yield number, None, f"missing or non-string field(s): {', '.join(missing)}"
            continue
        yield number, record, None


def _pipeline(args):
    """The pipeline with the model and the users' actor dictionaries asked for (None, with the
    reason printed, when a dictionary cannot be read)."""
    from newsevents.actors.userdicts import UserDictionaryError
    from newsevents.coding.model import ModelError
    from newsevents.geo.resolver import PlaceModelError
    from newsevents.pipeline import Pipeline
    from newsevents.tables import TableError

    try:
        pipeline = Pipeline(**_pipeline_options(args))
    except UserDictionaryError as exc:
        _fail(str(exc))
        return None
    except TableError as exc:
        _fail(f"--lexicon: {exc}")
        return None
    except ModelError as exc:
        _fail(f"--coder-model: {exc}")
        return None
    except PlaceModelError as exc:
        _fail(f"--place-model: {exc}")
        return None
    except (OSError, ValueError) as exc:
        _fail(f"--gazetteer: {exc}")
        return None
    _warn_skipped(pipeline.user_actors)
    return pipeline


def _pipeline_options(args) -> dict:
    """The Pipeline's options from the command line (what `code`, `ingest` and the benches share)."""
    return {
        "model": getattr(args, "model", None),
        "actor_files": tuple(getattr(args, "actors", None) or ()),
        "gazetteer_files": tuple(getattr(args, "gazetteer", None) or ()),
        "lexicon_files": tuple(getattr(args, "lexicon", None) or ()),
        "coder": getattr(args, "coder", None) or "default",
        "coder_model": getattr(args, "coder_model", None),
        "place_model": getattr(args, "place_model", None),
    }


def _check_coder_options(args) -> str | None:
    """What is wrong with --lexicon or --coder-model, found before anything is read."""
    from newsevents.coding.lexicon import load_lexicon
    from newsevents.coding.model import ModelError, load_model
    from newsevents.tables import TableError

    try:
        load_lexicon(tuple(args.lexicon or ()))
    except TableError as exc:
        return f"--lexicon: {exc}"
    try:
        if args.coder_model:
            load_model(args.coder_model)
    except ModelError as exc:
        return f"--coder-model: {exc}"
    return None


def _warn_skipped(user_actors) -> None:
    if user_actors is not None and user_actors.skipped:
        for line in user_actors.skipped[:20]:
            print(f"newsevents: skipped dictionary line {line}", file=sys.stderr)
        if len(user_actors.skipped) > 20:
            print(f"newsevents: ... and {len(user_actors.skipped) - 20} more skipped dictionary lines", file=sys.stderr)
