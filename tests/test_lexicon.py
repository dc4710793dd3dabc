"""The coder's knowledge as data: the lexicon's tables, their checked loader, the prefilter built
from them, and users' own tables (--lexicon)."""

from __future__ import annotations

import pytest

from newsevents.coding.lexicon import TableError, default_lexicon, load_lexicon, using
from newsevents.coding.prefilter import forms, may_hold_event
from newsevents.pipeline import Pipeline

TRIGGERS_HEADER = "word\tpos\tcode\ttarget_preps\tflags\n"


def user_table(tmp_path, text: str, name: str = "mine.tsv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


# -- the loader's checks name the file and the line -------------------------------------------------


def test_a_word_given_twice_in_one_file_is_an_error_naming_both_lines(tmp_path):
    path = user_table(tmp_path, TRIGGERS_HEADER + "excoriate\tverb\t111\t\t\n# a comment\nexcoriate\tverb\t111\t\t\n")
    with pytest.raises(TableError, match=r"mine\.tsv:4: duplicate entry .*first given at line 2"):
        load_lexicon((path,))


def test_two_entries_that_conflict_are_an_error(tmp_path):
    path = user_table(tmp_path, TRIGGERS_HEADER + "excoriate\tverb\t111\t\t\nexcoriate\tverb\t112\t\t\n")
    with pytest.raises(TableError, match=r"mine\.tsv:3: conflicting entry"):
        load_lexicon((path,))


def test_a_code_that_is_not_cameo_is_an_error_with_its_line(tmp_path):
    path = user_table(tmp_path, TRIGGERS_HEADER + "excoriate\tverb\t111\t\t\nbedazzle\tverb\t999\t\t\n")
    with pytest.raises(TableError, match=r"mine\.tsv:3: '999' is not a CAMEO event code"):
        load_lexicon((path,))


def test_a_value_outside_its_column_s_choices_is_an_error(tmp_path):
    path = user_table(tmp_path, TRIGGERS_HEADER + "excoriate\tadverb\t111\t\t\n")
    with pytest.raises(TableError, match=r"mine\.tsv:2: 'adverb' is not an allowed pos"):
        load_lexicon((path,))


def test_an_unknown_word_class_is_an_error(tmp_path):
    path = user_table(
        tmp_path, "verbs\tparticle\tobjects\theld\tcode\ttarget_preps\tnote\nhalt\t\t@NO_SUCH_CLASS\t\t161\twith\t\n"
    )
    with pytest.raises(TableError, match=r"mine\.tsv:2: no word class @NO_SUCH_CLASS"):
        load_lexicon((path,))


def test_a_file_of_no_lexicon_table_says_which_columns_it_could_have(tmp_path):
    path = user_table(tmp_path, "lemma\tmeaning\nfoo\tbar\n")
    with pytest.raises(TableError, match=r"mine\.tsv: the header .* is not that of a lexicon table.*triggers\.tsv"):
        load_lexicon((path,))


def test_a_line_with_more_fields_than_columns_is_an_error(tmp_path):
    path = user_table(tmp_path, TRIGGERS_HEADER + "excoriate\tverb\t111\t\t\textra\n")
    with pytest.raises(TableError, match=r"mine\.tsv:2: 6 fields where the header has 5 columns"):
        load_lexicon((path,))


def test_the_cli_refuses_a_bad_lexicon_before_reading_anything(tmp_path, run_cli):
    path = user_table(tmp_path, TRIGGERS_HEADER + "excoriate\tverb\t999\t\t\n")
    result = run_cli("code", "--lexicon", path, input='{"id": "a", "text": "Iran excoriated Israel."}\n')
    assert result.status == 1 and "mine.tsv:2" in result.stderr


# -- the prefilter is built from the tables: it can never drift from the rules ------------------------


def test_every_trigger_word_of_the_tables_passes_the_prefilter():
    lex = default_lexicon()
    for word in [*lex.verbs, *lex.nouns, *lex.asking_verbs, *lex.lemma_repairs]:
        assert all(may_hold_event(f"The officials {form} the others.", lex) for form in forms(word, lex.irregular)), (
            word
        )
    for name, role in lex.class_roles.items():
        if role == "trigger":
            for word in lex.classes[name]:
                assert may_hold_event(f"They said {word} yesterday.", lex), (name, word)


def test_every_verb_and_object_of_the_object_table_passes_the_prefilter():
    lex = default_lexicon()
    for rule in lex.object_rules:
        verbs = sorted(rule.verbs) if rule.verbs is not None else []
        objects = sorted(rule.objects) if rule.objects is not None else sorted(rule.held_any)
        for verb in verbs:
            for obj in objects:
                if obj != verb:
                    assert may_hold_event(f"Officials {verb} the {obj} today.", lex), (rule.where, verb, obj)


def test_every_phrasal_verb_passes_the_prefilter():
    lex = default_lexicon()
    for verb, particle in lex.particles:
        assert may_hold_event(f"Troops {verb} the convoy {particle} near the town.", lex), (verb, particle)


@pytest.mark.parametrize(
    "text, code",
    [
        ("Protesters hurled bottles at police.", "145"),
        ("Sudan disbursed the loan to Chad.", "071"),
        ("Ethiopia championed its decision.", "052"),
    ],
)
def test_rules_once_lost_to_a_drifted_prefilter_now_reach_the_pipeline(pipeline, text, code):
    """These were coded by the coder called directly and dropped by the pipeline, whose
    prefilter kept a copy of the lexicon's words that had drifted."""
    rules = Pipeline(coder="rules")
    assert code in {e.cameo_code for e in rules.code_text(text, date="2024-05-01")}


# -- users' own tables ----------------------------------------------------------------------------


def test_a_user_trigger_is_coded_and_reaches_the_prefilter(tmp_path):
    path = user_table(tmp_path, TRIGGERS_HEADER + "excoriate\tverb\t111\tfor\t\n")
    text = "Iran excoriated Israel for its remarks."
    assert not may_hold_event(text, default_lexicon())
    rules = Pipeline(coder="rules", lexicon_files=(path,))
    [event] = [e for e in rules.code_text(text, date="2024-05-01") if e.plover_type == "ACCUSE"]
    assert (event.source.code, event.target.code, event.cameo_code) == ("IRN", "ISR", "111")


def test_a_user_entry_overrides_the_builtin_one(tmp_path):
    path = user_table(tmp_path, TRIGGERS_HEADER + "slam\tverb\t112\t\t\n")
    assert default_lexicon().verbs["slam"].code == "111"
    assert load_lexicon((path,)).verbs["slam"].code == "112"


def test_user_words_join_a_class_and_the_object_table_uses_them(tmp_path):
    path = user_table(tmp_path, "class\trole\twords\tnote\nSANCTIONS\tobject\tlevies\tmine too\n")
    lex = load_lexicon((path,))
    assert "levies" in lex.classes["SANCTIONS"] and "embargo" in lex.classes["SANCTIONS"]
    assert lex.object_sense("impose", ["levies"]).code == "163"
    assert default_lexicon().object_sense("impose", ["levies"]) is None


def test_the_active_lexicon_is_the_one_chosen_for_the_block(tmp_path):
    from newsevents.coding.lexicon import active

    mine = load_lexicon((user_table(tmp_path, TRIGGERS_HEADER + "excoriate\tverb\t111\t\t\n"),))
    with using(mine):
        assert "excoriate" in active().verbs
    assert "excoriate" not in active().verbs
