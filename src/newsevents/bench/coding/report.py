"""The summary `newsevents bench coding` prints before its JSON."""

from __future__ import annotations

from typing import Callable


def cell(value) -> str:
    return "-" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


def _type_table(per_type: dict) -> list[str]:
    lines = [f"  {'type':10} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5} {'ours':>5}"]
    for label, f in per_type.items():
        lines.append(
            f"  {label:10} {cell(f['precision']):>6} {cell(f['recall']):>6} {cell(f['f1']):>6} "
            f"{f['gold']:>5} {f['ours']:>5}"
        )
    return lines


def _reliability_lines(result: dict) -> list[str]:
    found = ", ".join(f"{k} {v}" for k, v in sorted(result.get("found_by", {}).items()))
    lines = [f"found by: {found or '-'}", "reliability (confidence bin: events, mean confidence, share right):"]
    lines += [
        f"  {r['bin']}: {r['events']:5} {r['mean_confidence']:.3f} {r['right']:.3f}" for r in result["reliability"]
    ]
    return lines


def _short(text: str, width: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _petrarch_lines(result: dict) -> list[str]:
    """PETRARCH unit tests: P/R/F1 of each view, per category, the no-event records and the kinds of miss."""
    aside = result["set_aside"]
    lines = [
        f"coding on PETRARCH unit tests ({result['path']}): {result['records']} records, "
        f"{result['codings']} gold codings; set aside {aside['error_tests']} error tests, "
        f"{aside['unimplemented_tests']} unimplemented, {aside['nonstandard_code_records']} with non-CAMEO codes"
    ]
    lines.append(f"  {'view':16} {'P':>6} {'R':>6} {'F1':>6}")
    for view, figures in result["figures"].items():
        lines.append(
            f"  {view:16} {cell(figures['precision']):>6} {cell(figures['recall']):>6} {cell(figures['f1']):>6}"
        )
    lines.append(
        "per category (records, dyad F1, type F1): "
        + "; ".join(
            f"{name} {v['records']} {cell(v['dyad_f1'])} {cell(v['plover_f1'])}"
            for name, v in result["per_category"].items()
        )
    )
    lines.append(
        f"no-event records left empty: {result['no_event_left_empty']} of {result['no_event_records']}; "
        f"misses: " + ", ".join(f"{k} {n}" for k, n in result["miss_kinds"].items())
    )
    return lines


def _cameo_lines(result: dict) -> list[str]:
    """CAMEO codebook examples: root, code and type accuracy, per root."""
    f = result["figures"]
    return [
        f"coding on CAMEO codebook examples ({result['path']}): {result['examples']} examples "
        f"({result['statements_left_out']} statements left out)",
        f"CAMEO root accuracy {cell(f['root_accuracy'])} (goal 0.80), code {cell(f['code_accuracy'])}, "
        f"PLOVER type {cell(f['plover_accuracy'])}, coded nothing {cell(f['coded_nothing'])}",
        "per root (accuracy/examples): "
        + " ".join(f"{root}:{cell(v['root_accuracy'])}/{v['examples']}" for root, v in result["per_root"].items()),
    ]


def _synthetic_lines(result: dict) -> list[str]:
    """Synthetic PLOVER stories: type accuracy and the top confusions."""
    f = result["figures"]
    return [
        f"coding on synthetic PLOVER stories ({result['path']}, {result['split']}): {result['stories']} stories",
        f"PLOVER type accuracy {cell(f['accuracy'])}, coded nothing {cell(f['coded_nothing'])}, "
        f"answer from the lead {cell(f['from_lead'])}",
        "top confusions (gold -> ours): "
        + "; ".join(f"{c['gold']}->{c['ours']} {c['stories']}" for c in result["confusions"][:8]),
    ]


def _stories_lines(result: dict) -> list[str]:
    """Our story gold: the three matching views, person mentions, event locations, reliability."""
    f = result["figures"]
    lines = [
        f"coding on gold stories ({result['path']}, {result['split']}): {result['stories']} stories, "
        f"{result['gold_events']} gold events"
    ]
    for view, label in (
        ("full", "same sentence, type, source and target country"),
        ("source", "same sentence, type and source country"),
        ("type", "same sentence and type"),
    ):
        v = f[view]
        lines.append(f"  {label:48} P {cell(v['precision'])} R {cell(v['recall'])} F1 {cell(v['f1'])}")
    persons = result["persons"]
    lines.append(
        f"person mentions resolved: country {cell(persons['country'])}, country and sector "
        f"{cell(persons['country_and_sector'])} of {persons['mentions']}"
    )
    where = result.get("locations") or {}
    if where.get("events"):
        lines.append(
            f"event locations (events of the right sentence and type whose gold place has coordinates): "
            f"within 161 km {cell(where['within_161km'])}, country {cell(where['country'])} "
            f"of {where['events']}"
        )
    lines += _reliability_lines(result)
    return lines


def _incidents_lines(result: dict) -> list[str]:
    """SATP incident reports: type accuracy per mode, and the answers given."""
    f = result["figures"]
    return [
        f"coding on incident reports ({result['path']}): {result['reports']} reports, all ASSAULT in PLOVER",
        f"PLOVER type accuracy {cell(f['accuracy'])}, coded nothing {cell(f['coded_nothing'])}; per mode: "
        + ", ".join(f"{m} {cell(v)}" for m, v in f["per_mode"].items()),
        "answers: " + ", ".join(f"{k} {v}" for k, v in result["answers"].items()),
    ]


def _wire_lines(result: dict) -> list[str]:
    """ConfliBERT wire sentences: quad class accuracy, actor spans, per quad class, reliability."""
    f = result["figures"]
    return [
        f"coding on human-coded wire sentences ({result['path']}, {result['split']}): {result['sentences']} sentences",
        f"quad class accuracy {cell(f['quad_accuracy'])}; over the events of the right quad class: source span "
        f"{cell(f['source_span'])} of {f['span_events']['source']}, target span {cell(f['target_span'])} "
        f"of {f['span_events']['target']}",
        "per quad class: "
        + ", ".join(f"{q}: {cell(v['accuracy'])} of {v['sentences']}" for q, v in result["per_quad"].items()),
    ] + _reliability_lines(result)


def _sentences_lines(result: dict) -> list[str]:
    """Our gold sentences: type and triple P/R/F1, agreement over the paired events, negation, reliability."""
    f = result["figures"]
    lines = [
        f"coding on gold sentences ({result['path']}): {result['sentences']} sentences, "
        f"{result['gold_events']} gold events"
    ]
    for view in ("type", "triple"):
        v = f[view]
        lines.append(f"  {view:8} P {cell(v['precision'])} R {cell(v['recall'])} F1 {cell(v['f1'])}")
    lines.append(
        f"over {f['paired_events']} events paired by type: source country {cell(f['source_country_accuracy'])}, "
        f"target country {cell(f['target_country_accuracy'])}, source sector {cell(f['source_sector_accuracy'])}, "
        f"target sector {cell(f['target_sector_accuracy'])}, CAMEO root {cell(f['cameo_root_accuracy'])}"
    )
    lines.append(f"negated gold events found negated: {cell(f['negated_found'])} of {f['negated_gold_events']}")
    lines += _reliability_lines(result)
    return lines


_HEADLINES: dict[str, Callable[[dict], list[str]]] = {
    "petrarch": _petrarch_lines,
    "cameo": _cameo_lines,
    "synthetic": _synthetic_lines,
    "stories": _stories_lines,
    "incidents": _incidents_lines,
    "wire": _wire_lines,
}


def _speed(result: dict) -> str:
    if "stories_per_s" not in result:
        return f"{result['sentences_per_s']} sentences/s"
    return f"{result['stories_per_s']} stories/s" + (
        f", {result['words_per_s']} words/s" if result.get("words_per_s") else ""
    )


def describe(result: dict) -> str:
    """A compact summary: headline figures, the per-type table, a few misses."""
    lines = _HEADLINES.get(result["dataset"], _sentences_lines)(result)
    lines.append("per PLOVER type:")
    lines.extend(_type_table(result["per_type"]))
    lines.append(f"speed: {_speed(result)} ({result['seconds']} s); failures: {result['failures']}")
    if result["worst"]:
        lines.append("worst misses (gold => ours):")
        for miss in result["worst"][:5]:
            gold = miss["gold"] if isinstance(miss["gold"], str) else "; ".join(miss["gold"])
            ours = miss["ours"] if isinstance(miss["ours"], str) else "; ".join(miss["ours"])
            lines.append(f"  {_short(miss['text'], 90)}\n    {_short(gold)} => {_short(ours)}")
    return "\n".join(lines)
