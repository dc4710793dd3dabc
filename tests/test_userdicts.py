"""Users' actor dictionaries: PETRARCH actors and agents, and CSV."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import SHARED, needs_shared
from newsevents.actors.userdicts import (
    UserActor,
    UserAgent,
    actors_on,
    read_csv_actors,
    read_petrarch_actors,
    read_petrarch_agents,
    regular_plural,
)

VALIDATION = SHARED / "data" / "events" / "petrarch2_unittest"


def write(tmp_path, text: str, name: str = "dict.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- PETRARCH actors -----------------------------------------------------------------------------


def test_an_entry_is_a_phrase_and_a_code_with_underscores_read_as_spaces(tmp_path):
    found = read_petrarch_actors(write(tmp_path, "PRESIDENT_GEORGE_W._BUSH [USAGOV]\nARNOR_  [ARN]\n"))
    assert found.entries == (UserActor(("PRESIDENT GEORGE W. BUSH",), "USAGOV"), UserActor(("ARNOR",), "ARN"))
    assert found.skipped == ()


def test_synonyms_belong_to_the_entry_before_them(tmp_path):
    found = read_petrarch_actors(write(tmp_path, "DENMARK  [DNK]\n+DANISH \n+ZEALAND\n\nGONDOR [GON]\n+MINAS_TIRITH\n"))
    assert [(a.names, a.code) for a in found.entries] == [
        (("DENMARK", "DANISH", "ZEALAND"), "DNK"),
        (("GONDOR", "MINAS TIRITH"), "GON"),
    ]


def test_comments_of_every_kind_are_ignored(tmp_path):
    text = (
        "<!-- PETRARCH VALIDATION SUITE ACTOR DICTIONARY -->\n"
        "<!--\n# a block over\n# several lines [NOT]\n# -->\n"
        "ATHENS  [GRC] #JW   10/17/91\n"
        "MOSCOW [RUS] ; the old TABARI comment\n"
        "#NASGUL  [###]\n"
        "<! -- a sloppy opener -->\n"
        "LIMA <!-- inline --> [PER]\n"
    )
    found = read_petrarch_actors(write(tmp_path, text))
    assert [(a.names[0], a.code) for a in found.entries] == [("ATHENS", "GRC"), ("MOSCOW", "RUS"), ("LIMA", "PER")]
    assert found.skipped == ()


def test_lower_case_codes_are_upper_cased(tmp_path):
    assert read_petrarch_actors(write(tmp_path, "PALESTINIAN [pse]\n")).entries[0].code == "PSE"


def test_date_restricted_codes_on_the_entry_line_and_on_following_lines(tmp_path):
    text = (
        "BARACK_OBAMA [USAGOV >20090120]\n"
        "SOMEONE [USAELI 19990101-20011231]\n"
        "OLD_NAME [ABC <19950101]\n"
        "GOLLUM  # pas 27 Apr 03\n"
        "+SMEAGOL\n"
        "\t[HOB < 950601]\n"
        "\t[HOBGOV 19950601 - 19990815]\n"
        "\n"
        "\t[hobreb > 990816]\n"
    )
    entries = read_petrarch_actors(write(tmp_path, text)).entries
    assert entries[:3] == (
        UserActor(("BARACK OBAMA",), "USAGOV", date(2009, 1, 20), None),
        UserActor(("SOMEONE",), "USAELI", date(1999, 1, 1), date(2001, 12, 31)),
        UserActor(("OLD NAME",), "ABC", None, date(1995, 1, 1)),
    )
    # Six-digit dates: years up to 30 are in the 2000s, as in KEDS and TABARI.
    assert entries[3:] == (
        UserActor(("GOLLUM", "SMEAGOL"), "HOB", None, date(1995, 6, 1)),
        UserActor(("GOLLUM", "SMEAGOL"), "HOBGOV", date(1995, 6, 1), date(1999, 8, 15)),
        UserActor(("GOLLUM", "SMEAGOL"), "HOBREB", date(1999, 8, 16), None),
    )


def test_a_code_may_come_on_the_line_after_the_phrase(tmp_path):
    text = "ENT  \n\t[ENT]\nINTERNATIONAL_CRIMINAL_POLICE_ORGANIZATION_\t\n+INTERPOL\n\t[IGOCOPITP]\t# Interpol\n"
    entries = read_petrarch_actors(write(tmp_path, text)).entries
    assert entries == (
        UserActor(("ENT",), "ENT"),
        UserActor(("INTERNATIONAL CRIMINAL POLICE ORGANIZATION", "INTERPOL"), "IGOCOPITP"),
    )


def test_several_codes_in_one_bracket_give_one_entry_each(tmp_path):
    entries = read_petrarch_actors(write(tmp_path, "THE_SHIRE  [FRO/BIL/SAM]\n")).entries
    assert [a.code for a in entries] == ["FRO", "BIL", "SAM"]
    assert {a.names for a in entries} == {("THE SHIRE",)}


def test_a_later_undated_code_replaces_the_default(tmp_path):
    entries = read_petrarch_actors(write(tmp_path, "ZIMBABWE [XXX]\n\t[RHO <790606]\n\t[ZBW]\n")).entries
    assert entries == (UserActor(("ZIMBABWE",), "RHO", None, date(1979, 6, 6)), UserActor(("ZIMBABWE",), "ZBW"))


def test_malformed_lines_are_skipped_and_reported_the_rest_read(tmp_path):
    text = (
        "+ORPHAN_SYNONYM\n"  # a synonym before any entry
        "GOOD [GON]\n"
        "\t[950601-990815]\n"  # a period without a code
        "\t[HOB 20100931-20101010]\n"  # 31 September
        "\t[HOB 20120101-20100101]\n"  # ends before it starts
        "NO_CODE_EVER\n"
        "BROKEN [ABC\n"
        "ALSO_GOOD [ROH]\n"
    )
    found = read_petrarch_actors(write(tmp_path, text))
    assert [(a.names[0], a.code) for a in found.entries] == [("GOOD", "GON"), ("ALSO GOOD", "ROH")]
    assert len(found.skipped) == 6
    assert any(":1:" in s and "synonym" in s for s in found.skipped)
    assert any("NO CODE EVER" in s for s in found.skipped)


def test_an_unreadable_file_still_gives_what_it_can(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("S\xc3O_TOM\xc9 [STP]\nBOGOT\xc1 [COL]\n".encode("latin-1"))
    assert [a.code for a in read_petrarch_actors(path).entries] == ["STP", "COL"]


# -- choosing the codes in force on a day ---------------------------------------------------------

SAM = (
    UserActor(("SAM GAMGEE",), "HOB"),
    UserActor(("SAM GAMGEE",), "HOBCIV", None, date(2008, 1, 20)),
    UserActor(("SAM GAMGEE",), "ORCHOB", date(2010, 1, 9), date(2010, 1, 12)),
    UserActor(("SAM GAMGEE",), "HOBMIL", date(2008, 1, 20), date(2012, 11, 9)),
)


@pytest.mark.parametrize(
    "day, code",
    [
        (date(2000, 1, 1), "HOBCIV"),
        (date(2010, 1, 10), "ORCHOB"),  # the first period that holds the day wins
        (date(2011, 1, 1), "HOBMIL"),
        (date(2020, 1, 1), "HOB"),  # no period holds it: the default
        (None, "HOB"),
    ],
)
def test_the_first_period_holding_the_day_wins_else_the_default(day, code):
    assert [a.code for a in actors_on(SAM, day)] == [code]


def test_an_actor_without_a_default_is_absent_outside_its_periods_and_open_ended_when_undated():
    ussr = (UserActor(("USSR",), "USR", None, date(1991, 12, 26)),)
    assert actors_on(ussr, date(1995, 1, 1)) == []
    gollum = (
        UserActor(("GOLLUM",), "HOB", None, date(1995, 6, 1)),
        UserActor(("GOLLUM",), "HOBREB", date(1999, 8, 16)),
    )
    assert [a.code for a in actors_on(gollum, None)] == ["HOBREB"]


def test_all_codes_of_one_period_are_kept():
    lorien = (UserActor(("LORIEN",), "ELR"), UserActor(("LORIEN",), "GAL"))
    assert [a.code for a in actors_on(lorien, date(2000, 1, 1))] == ["ELR", "GAL"]


# -- PETRARCH agents -----------------------------------------------------------------------------


def test_agents_get_regular_plurals_none_with_empty_braces_or_the_one_given(tmp_path):
    text = (
        "AMBASSADOR [~GOV] # LRP 02 Jun 2004\n"
        "POLICE {} [ ~COP]\n"
        "ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]\n"
        "FOREIGN_MINISTER [~govfrm]\n"
    )
    assert read_petrarch_agents(write(tmp_path, text)).entries == (
        UserAgent(("AMBASSADOR", "AMBASSADORS"), "GOV"),
        UserAgent(("POLICE",), "COP"),
        UserAgent(("ATTORNEY GENERAL", "ATTORNEYS GENERAL"), "GOV"),
        UserAgent(("FOREIGN MINISTER", "FOREIGN MINISTERS"), "GOVFRM"),
    )


@pytest.mark.parametrize(
    "singular, plural",
    [
        ("AUTHORITY", "AUTHORITIES"),
        ("ATTORNEY", "ATTORNEYS"),
        ("PRESS", "PRESSES"),
        ("SECURITY SERVICE", "SECURITY SERVICES"),
        ("church", "churches"),
        ("official", "officials"),
    ],
)
def test_regular_plurals(singular, plural):
    assert regular_plural(singular) == plural


def test_substitution_sets_expand_without_plurals_wherever_they_are_defined(tmp_path):
    text = (
        "CONGRESS!PERSON! [~LEG]\n"
        "!PERSON! = MAN, MEN, WOMAN\n"
        "!MINST! = MINISTER, MINISTRY\n"
        "!MINST!_OF_SILLY_WALKS [~GOV]\n"
    )
    assert read_petrarch_agents(write(tmp_path, text)).entries == (
        UserAgent(("CONGRESSMAN", "CONGRESSMEN", "CONGRESSWOMAN"), "LEG"),
        UserAgent(("MINISTER OF SILLY WALKS", "MINISTRY OF SILLY WALKS"), "GOV"),
    )


def test_a_code_before_the_tilde_goes_before_the_country(tmp_path):
    agent = read_petrarch_agents(write(tmp_path, "HUMAN_RIGHTS_BODY  [NGO~] # BNL\n")).entries[0]
    assert (agent.code, agent.prefix) == ("NGO", True)


def test_bad_agent_lines_are_skipped_and_reported(tmp_path):
    text = "NO_CODE_HERE\nUNKNOWN!SET! [~GOV]\nBROKEN {PLURAL [~GOV]\nEMPTY []\nGOOD [~MIL]\n"
    found = read_petrarch_agents(write(tmp_path, text))
    assert found.entries == (UserAgent(("GOOD", "GOODS"), "MIL"),)
    assert len(found.skipped) == 4


# -- CSV -----------------------------------------------------------------------------------------


def test_csv_actors_with_open_and_closed_periods(tmp_path):
    text = "name,code,from,to\nJohn Kerry,usagov,2013-02-01,2017-01-20\nGondor,GON,,\nOld Guard,XYZ,,1990-01-01\n"
    assert read_csv_actors(write(tmp_path, text, "actors.csv")).entries == (
        UserActor(("John Kerry",), "USAGOV", date(2013, 2, 1), date(2017, 1, 20)),
        UserActor(("Gondor",), "GON"),
        UserActor(("Old Guard",), "XYZ", None, date(1990, 1, 1)),
    )


def test_csv_dates_are_optional_columns(tmp_path):
    found = read_csv_actors(write(tmp_path, "Name,Code\nRohan,ROH\n", "actors.csv"))
    assert found.entries == (UserActor(("Rohan",), "ROH"),)


def test_csv_rows_with_a_bad_date_or_no_code_are_skipped(tmp_path):
    text = "name,code,from,to\nA,AAA,2020-13-01,\nB,,,\nC,CCC,2020-01-02,2020-01-01\nD,DDD,,\n"
    found = read_csv_actors(write(tmp_path, text, "actors.csv"))
    assert [a.code for a in found.entries] == ["DDD"]
    assert len(found.skipped) == 3


def test_csv_without_the_needed_columns_reads_nothing_and_says_why(tmp_path):
    found = read_csv_actors(write(tmp_path, "who,what\nA,B\n", "actors.csv"))
    assert found.entries == () and "name and code" in found.skipped[0]


# -- the PETRARCH validation dictionaries ---------------------------------------------------------


@needs_shared
def test_the_petrarch_validation_actors_parse_whole():
    found = read_petrarch_actors(VALIDATION / "PETR.Validate.actors.txt")
    assert 120 <= len(found.entries) <= 200
    assert len(found.skipped) <= 2
    by_name = {}
    for actor in found.entries:
        by_name.setdefault(actor.names[0], []).append(actor)
    assert [a.code for a in by_name["GOLLUM"]] == ["HOB", "HOBGOV", "HOBREB"]
    assert "SMEAGOL" in by_name["GOLLUM"][0].names
    assert [a.code for a in by_name["THE SHIRE"]] == ["FRO", "BIL", "SAM"]
    assert [a.code for a in actors_on(by_name["SAM GAMGEE"], date(2010, 1, 10))] == ["ORCHOB"]


@needs_shared
def test_the_petrarch_validation_agents_parse_whole():
    found = read_petrarch_agents(VALIDATION / "PETR.Validate.agents.txt")
    assert 80 <= len(found.entries) <= 100
    assert len(found.skipped) <= 2
    names = {name: agent for agent in found.entries for name in agent.names}
    assert names["FOREIGN MINISTERS"].code == "GOVFRM"
    assert names["CONGRESSWOMEN"].code == "LEG"
    assert names["HUMAN RIGHTS BODY"].prefix
