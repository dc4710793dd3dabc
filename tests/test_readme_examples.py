"""The console examples of README.md and docs/*.md show what the commands really print.

Every ```console block is either run, command by command in one shell, from a scratch copy of
the repository's layout (its `samples/` and `training/` linked, `../shared` linked beside it, a
fresh `newsevents.db`), and its output compared with the one shown; or it is listed in SKIPPED
with the reason. "..." in a shown output stands for any text, and runs of white space compare
equal (the docs wrap long JSON lines). A block nobody classified fails, so a new example is
either checked or knowingly left out.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT, SHARED

DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
MARK = "@@newsevents-readme-example@@"

# First matching pattern (searched in each command of a block) wins.
SKIPPED: list[tuple[str, str]] = [
    (r"^newsevents (bench|train)\b", "a long bench or training run over ../shared data sets (minutes to an hour)"),
    (r"scripts/compare_event_models\.py", "trains five event models (an hour; the MiniLM ones need torch)"),
    (
        r"^newsevents watch .*127\.0\.0\.1:8001",
        "needs a feed and sitemap server on 127.0.0.1:8001, and prints poll times",
    ),
    (r"^curl |newsevents serve", "needs a running web server"),
    (r"^(scheduler|worker|client)\$", "needs a Dask cluster"),
    (
        r"scripts/(make_bench_warc|worker_memory)\.py",
        "ingests 10,000 Reuters stories to measure memory (minutes; needs ../shared)",
    ),
]


@dataclass(frozen=True)
class Example:
    document: str
    line: int
    commands: tuple[str, ...]
    outputs: tuple[str, ...]

    @property
    def name(self) -> str:
        return f"{self.document}:{self.line}"


def examples(path: Path) -> list[Example]:
    """The ```console blocks of a Markdown file, each cut into commands and their shown output."""
    found, lines = [], path.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        if lines[i].strip() != "```console":
            i += 1
            continue
        start, body = i + 1, []
        i += 1
        while lines[i].strip() != "```":
            body.append(lines[i])
            i += 1
        commands: list[str] = []
        outputs: list[list[str]] = []
        continued = False
        for text in body:
            if continued:
                commands[-1] += "\n" + text
            elif text.startswith("$ ") or re.match(r"^\w+\$ ", text):
                commands.append(text[2:] if text.startswith("$ ") else text)
                outputs.append([])
            elif outputs:
                outputs[-1].append(text)
            else:
                raise ValueError(f"{path.name}:{start}: a console block must start with a command ($ ...)")
            continued = text.endswith("\\")
        found.append(Example(str(path.relative_to(ROOT)), start, tuple(commands), tuple("\n".join(o) for o in outputs)))
    return found


ALL = [example for document in DOCUMENTS for example in examples(document)]


def skip_reason(example: Example) -> str | None:
    for pattern, reason in SKIPPED:
        if any(re.search(pattern, command) for command in example.commands):
            return reason
    return None


def pattern(shown: str) -> re.Pattern[str]:
    """`shown` as a regular expression: "..." is any text, white space any white space."""
    parts = [r"\s+".join(re.escape(word) for word in piece.split()) for piece in shown.split("...")]
    return re.compile(r"\s*" + ".*?".join(parts) + r"\s*", re.DOTALL)


def mixed_folder(where: Path) -> None:
    """The folder of the README's failing ingest: three good stories (one saved in Windows-1252)
    beside an empty file, a damaged feed, invalid UTF-8 and binary junk."""
    where.mkdir()
    articles = ROOT / "samples" / "articles"
    for name in ("05-iran-sanctions-threat.txt", "16-japan-korea-phone-call.txt"):
        (where / name).write_bytes((articles / name).read_bytes())
    (where / "windows-1252.txt").write_bytes(
        (articles / "07-ethiopia-ceasefire-agreement.txt")
        .read_text(encoding="utf-8")
        .replace("'", "\u2019")
        .encode("cp1252")
    )
    (where / "empty.txt").write_bytes(b"")
    (where / "feed.rss").write_text('<?xml version="1.0"?>\n<rss version="2.0"><channel><item>', encoding="utf-8")
    (where / "garbled.txt").write_bytes(
        b"The minister \xff\xfe\x80\x81\x90 said \xc3\x28 that talks \xa0\xa1\xfe\x8f resume " * 4
    )
    (where / "junk.bin").write_bytes(bytes(range(256)) * 8)


def scratch(tmp_path: Path) -> Path:
    """A working directory shaped like the repository, with ../shared beside it."""
    work = tmp_path / "newsevents"
    work.mkdir()
    for name in ("samples", "training", "scripts"):
        (work / name).symlink_to(ROOT / name)
    (tmp_path / "shared").symlink_to(SHARED)
    mixed_folder(work / "mixed")
    return work


def run(example: Example, work: Path) -> list[str]:
    """Each command's output (standard output and error, as a terminal shows them), run in one shell."""
    # The mark goes out after each command, keeping its exit status for a following `echo $?`.
    script = "\n".join(f"{command}\nstatus=$?; echo {MARK}; (exit $status)" for command in example.commands)
    # Unbuffered, so that standard output and error interleave as on a terminal.
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}", PYTHONUNBUFFERED="1")
    done = subprocess.run(
        ["bash", "-c", script],
        cwd=work,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=900,
        stdin=subprocess.DEVNULL,
    )
    return done.stdout.split(MARK + "\n")[: len(example.commands)]


@pytest.mark.parametrize("example", ALL, ids=lambda example: example.name)
def test_console_example_prints_what_the_docs_show(example: Example, tmp_path: Path) -> None:
    reason = skip_reason(example)
    if reason:
        pytest.skip(f"not run: {reason}")
    if any("../shared" in command for command in example.commands) and not SHARED.exists():
        pytest.skip("../shared is absent: the founding example lives there")
    outputs = run(example, scratch(tmp_path))
    for command, shown, printed in zip(example.commands, example.outputs, outputs, strict=True):
        assert pattern(shown).fullmatch(printed), (
            f"{example.name}: `{command}` printed\n{printed}\nbut the docs show\n{shown}"
        )


def test_the_readme_s_examples_are_found() -> None:
    """The parser sees the README's examples: a change of fence would silently check nothing."""
    readme = [example for example in ALL if example.document == "README.md"]
    assert any("newsevents extract" in command for example in readme for command in example.commands)
    assert any(skip_reason(example) is None for example in readme)


def anchor(heading: str) -> str:
    """GitHub's anchor of a Markdown heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


@pytest.mark.parametrize("document", [*DOCUMENTS, ROOT / "CONTRIBUTING.md"], ids=lambda path: path.name)
def test_links_between_the_docs_resolve(document: Path) -> None:
    """Every relative link and image of the docs names a file that exists, and a heading in it."""
    broken = []
    text = re.sub(r"```.*?```", "", document.read_text(encoding="utf-8"), flags=re.DOTALL)
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"^[a-z]+:", target):
            continue
        path, _, fragment = target.partition("#")
        linked = (document.parent / path).resolve() if path else document
        if not linked.exists():
            broken.append(target)
        elif fragment and linked.suffix == ".md":
            headings = re.findall(r"^#+ (.+)$", linked.read_text(encoding="utf-8"), flags=re.MULTILINE)
            if fragment not in {anchor(heading) for heading in headings}:
                broken.append(target)
    assert not broken, f"{document.name}: links that lead nowhere: {broken}"
