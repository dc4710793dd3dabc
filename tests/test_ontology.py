"""The CAMEO and PLOVER tables: codes, Goldstein scores, quad classes and the CAMEO -> PLOVER map."""

from __future__ import annotations

import csv

import pytest

from conftest import SHARED, needs_shared
from newsevents.ontology import PLOVER_TYPES, cameo, cameo_table

REFERENCE = SHARED / "data" / "events" / "reference" / "cameo_codes.csv"


def quad_class_of_root(code: str) -> int:
    root = int(code[:2])
    return 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4


def test_sixteen_plover_types():
    assert len(set(PLOVER_TYPES)) == 16
    assert {"ASSAULT", "THREATEN", "AGREE", "PROTEST"} <= set(PLOVER_TYPES)


def test_table_covers_all_twenty_roots():
    assert {code[:2] for code in cameo_table()} == {f"{root:02d}" for root in range(1, 21)}


def test_goldstein_scores_are_on_the_scale():
    assert [c.code for c in cameo_table().values() if not -10 <= c.goldstein <= 10] == []


def test_quad_class_follows_the_root():
    assert [c.code for c in cameo_table().values() if c.quad_class != quad_class_of_root(c.code)] == []


def test_every_code_outside_01_maps_to_a_plover_type():
    assert [c.code for c in cameo_table().values() if c.root != "01" and c.plover_type not in PLOVER_TYPES] == []


def test_lookup_by_code():
    entry = cameo("1313")
    assert (entry.quad_class, entry.plover_type) == (3, "THREATEN")
    with pytest.raises(KeyError):
        cameo("999")


@needs_shared
def test_codes_and_goldstein_scores_match_the_reference_table():
    with open(REFERENCE, encoding="latin-1", newline="") as f:
        reference = {row["code"]: float(row["goldstein"]) for row in csv.DictReader(f)}
    assert {code: entry.goldstein for code, entry in cameo_table().items()} == reference


def test_actor_tables_use_only_known_sectors():
    from newsevents.actors.dictionary import ROLE_SECTORS, default_dictionary
    from newsevents.ontology import SECTORS

    assert set(ROLE_SECTORS.values()) <= set(SECTORS)
    used = {entry.sector for entry in default_dictionary().phrases.values() if entry.sector}
    assert used <= set(SECTORS), used - set(SECTORS)
