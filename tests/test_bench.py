"""`newsevents bench throughput`: a human summary, then the figures as JSON on the last line."""

from __future__ import annotations

import json

from conftest import SAMPLES


def test_throughput_ends_with_its_figures_as_json(run_cli):
    result = run_cli("bench", "throughput", "--corpus", SAMPLES, "--limit", "4")
    assert result.status == 0
    *summary, last = result.stdout.strip().splitlines()
    assert summary, "a human summary comes before the figures"
    figures = json.loads(last)
    assert figures["articles"] == 4
    for value in (
        figures["words"],
        figures["pipeline"]["articles_per_s"],
        figures["spacy"]["articles_per_s"],
        figures["ratio"],
    ):
        assert isinstance(value, (int, float)) and value > 0


def test_throughput_on_a_missing_corpus_is_a_clear_error(run_cli, tmp_path):
    result = run_cli("bench", "throughput", "--corpus", tmp_path / "missing")
    assert result.status == 1
    assert "missing" in result.stderr and result.stdout == ""
