"""The quality gate: the coder and the extractor on the gold kept in the repository, against
the floors in tests/quality_floors.toml (tests/test_quality_gate.py fails below a floor).

    python tests/quality_gate.py            the figures beside their floors (exit 1 below one)
    python tests/quality_gate.py --raise    raise the floors to this run's figures less the tolerance
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tomllib
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLOORS = Path(__file__).with_name("quality_floors.toml")
TOLERANCE = 0.01  # a floor sits this far below the figure it was set from
# Each gate: the data set in the repository, and its figures as paths into the bench's result.
GATES = {
    "coding": (
        "samples/coding-gold.jsonl",
        {
            "type_f1": ("figures", "type", "f1"),
            "triple_f1": ("figures", "triple", "f1"),
            "source_country_accuracy": ("figures", "source_country_accuracy"),
            "target_country_accuracy": ("figures", "target_country_accuracy"),
        },
    ),
    "extraction": (
        "samples/pages",
        {
            "body_word_f1": ("newsevents", "body_word_f1"),
            "title_exact": ("newsevents", "title_exact"),
            "date": ("newsevents", "date"),
        },
    ),
}
FIGURES = [(gate, name) for gate, (_, figures) in GATES.items() for name in figures]

HEADER = """\
# Quality floors: the lowest figure the coder and the extractor may reach on the gold kept in
# the repository. tests/test_quality_gate.py measures them (newsevents bench coding on
# samples/coding-gold.jsonl, newsevents bench extract on samples/pages) and fails when one
# falls below its floor: a change that lowers a figure fails unless the floor moves on purpose.
#
# See the figures beside the floors:  .venv/bin/python tests/quality_gate.py
# Raise the floors after a gain:      .venv/bin/python tests/quality_gate.py --raise
#   (each floor becomes the figure measured less the tolerance, never lower than it was, and
#   set_on and commit are rewritten; commit the file with the change that earned it).
# Lower a floor only by editing it here, and say in the commit which change cost what and why.
"""


def measure(pipeline=None) -> dict[str, dict[str, float]]:
    """This run's figures, by gate and name."""
    from newsevents.bench import coding, extraction

    results = {
        "coding": coding.run(str(ROOT / GATES["coding"][0]), pipeline=pipeline),
        "extraction": extraction.run(str(ROOT / GATES["extraction"][0])),
    }
    figures: dict[str, dict[str, float]] = {}
    for gate, (_, paths) in GATES.items():
        for name, path in paths.items():
            value = results[gate]
            for key in path:
                value = value[key]
            figures.setdefault(gate, {})[name] = value
    return figures


def read_floors(path: Path = FLOORS) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()

    head = git("rev-parse", "HEAD")
    return head + (" + uncommitted changes" if git("status", "--porcelain", "--", "src", "samples") else "")


def raised(floors: dict, figures: dict[str, dict[str, float]]) -> dict:
    """The floors raised to `figures` less the tolerance (a floor never goes down here)."""
    new = {"set_on": date.today().isoformat(), "commit": _commit(), "tolerance": TOLERANCE}
    for gate, name in FIGURES:
        old = floors.get(gate, {}).get(name, 0.0)
        new.setdefault(gate, {})[name] = max(old, round(figures[gate][name] - TOLERANCE, 3))
    return new


def write_floors(floors: dict, figures: dict[str, dict[str, float]], path: Path = FLOORS) -> None:
    lines = [
        HEADER,
        f'set_on = "{floors["set_on"]}"',
        f'commit = "{floors["commit"]}"',
        f"tolerance = {floors['tolerance']}",
    ]
    for gate, (data, paths) in GATES.items():
        lines += ["", f"[{gate}]  # {data}"]
        lines += [f"{name} = {floors[gate][name]:.3f}  # measured {figures[gate][name]:.3f}" for name in paths]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--raise",
        dest="raise_floors",
        action="store_true",
        help="rewrite tests/quality_floors.toml with floors raised to this run",
    )
    args = parser.parse_args(argv)
    floors, figures = read_floors(), measure()
    below = 0
    for gate, name in FIGURES:
        floor, figure = floors[gate][name], figures[gate][name]
        below += figure < floor
        print(f"{gate:<11} {name:<24} {figure:.3f}  floor {floor:.3f}{'  BELOW' if figure < floor else ''}")
    if args.raise_floors:
        write_floors(raised(floors, figures), figures)
        print(f"floors written to {FLOORS}")
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
