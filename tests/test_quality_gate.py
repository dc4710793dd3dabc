"""The quality gate: coding and extraction figures on the gold in the repository stay at or above
the floors in tests/quality_floors.toml (raised on purpose with `tests/quality_gate.py --raise`)."""

from __future__ import annotations

import pytest

from quality_gate import FIGURES, TOLERANCE, measure, raised, read_floors


@pytest.fixture(scope="module")
def figures(pipeline) -> dict[str, dict[str, float]]:
    return measure(pipeline=pipeline)


@pytest.mark.parametrize("gate, name", FIGURES, ids=[f"{gate}-{name}" for gate, name in FIGURES])
def test_figure_is_at_or_above_its_floor(figures, gate, name):
    floor = read_floors()[gate][name]
    assert figures[gate][name] >= floor, (
        f"{gate} {name} fell to {figures[gate][name]:.3f}, below its floor {floor:.3f} (tests/quality_floors.toml)"
    )


def test_floors_say_when_and_where_they_were_set():
    floors = read_floors()
    assert floors["set_on"] and floors["commit"] and floors["tolerance"] == TOLERANCE
    assert all(0.0 < floors[gate][name] <= 1.0 for gate, name in FIGURES)


def test_raising_moves_floors_up_to_the_figures_less_the_tolerance_and_never_down():
    floors = {
        "coding": {name: 0.5 for gate, name in FIGURES if gate == "coding"},
        "extraction": {name: 0.99 for gate, name in FIGURES if gate == "extraction"},
    }
    figures = {gate: {name: 0.9 for g, name in FIGURES if g == gate} for gate in floors}
    new = raised(floors, figures)
    assert all(new["coding"][name] == 0.89 for name in floors["coding"])
    assert all(new["extraction"][name] == 0.99 for name in floors["extraction"])
