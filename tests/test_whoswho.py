"""The dated who's-who: office-holders by name and day (people.tsv from Phoenix, officeholders.tsv
by hand), and the checks of its loader."""

from __future__ import annotations

from datetime import date

import pytest

from newsevents.actors.whoswho import WhosWho, default_whoswho, normal
from newsevents.tables import TableError

HEADER = "name\tshort\tcode\tfrom\tto\toffice\n"


@pytest.fixture(scope="module")
def who() -> WhosWho:
    return default_whoswho()


def code(who: WhosWho, name: str, day: str | None) -> str | None:
    entry = who.lookup(name, date.fromisoformat(day) if day else None)
    return entry.code if entry else None


def table(tmp_path, rows: str, name: str = "people.tsv"):
    path = tmp_path / name
    path.write_text("# a user's table\n" + HEADER + rows, encoding="utf-8")
    return path


# -- the shipped tables --------------------------------------------------------------------------


def test_kerry_is_the_us_government_in_2016_and_not_after_his_term(who):
    entry = who.lookup("Kerry", date(2016, 9, 28))
    assert (entry.code, entry.country, entry.sector, entry.kind) == ("USAGOV", "USA", "GOV", "person")
    assert entry.name == "John Kerry"
    assert code(who, "John Kerry", "2016-09-28") == "USAGOV"
    for day in ("2017-01-21", "2018-06-01", "2020-12-31"):  # a former Secretary of State
        assert code(who, "Kerry", day) == "USAELI"
    assert code(who, "Kerry", "2012-06-01") == "USALEG"  # a senator, from Phoenix


def test_lavrov_is_the_russian_government(who):
    assert code(who, "Lavrov", "2016-09-28") == "RUSGOV"
    assert code(who, "Sergei Lavrov", "2024-02-01") == "RUSGOV"
    assert code(who, "Sergey Lavrov", None) == "RUSGOV"


def test_trump_is_the_us_government_in_both_terms_only(who):
    assert code(who, "Trump", "2018-03-01") == "USAGOV"
    assert code(who, "Donald Trump", "2025-06-01") == "USAGOV"
    assert code(who, "Trump", "2022-06-01") == "USAELI"
    assert code(who, "Trump", None) == "USAGOV"


def test_zelenskyy_in_every_spelling(who):
    for name in ("Zelenskyy", "Zelensky", "Volodymyr Zelenskyy", "Volodymyr Zelensky", "Vladimir Zelensky"):
        assert code(who, name, "2025-03-01") == "UKRGOV", name
    assert code(who, "Zelensky", "2018-01-01") is None  # not yet in office


def test_putin_and_medvedev(who):
    assert code(who, "Putin", "2016-09-28") == "RUSGOV"
    assert code(who, "Vladimir Putin", "2005-01-01") == "RUSGOV"
    assert who.lookup("Medvedev", date(2010, 1, 1)).name == "Dmitry Medvedev"


def test_a_surname_alias_and_its_accented_form(who):
    assert code(who, "Erdogan", "2019-05-01") == "TURGOV"
    assert code(who, "Erdoğan", "2019-05-01") == "TURGOV"
    assert code(who, "recep tayyip erdoğan", "2019-05-01") == "TURGOV"
    assert code(who, "Hemedti", "2020-01-01") == "SDNGOV"  # deputy head of the Sovereignty Council
    assert code(who, "Hemedti", "2024-01-01") == "SDNREB"  # the RSF at war with the army


def test_curly_and_straight_apostrophes_match_alike(who):
    assert code(who, "Moshe Ya’alon", "2015-06-01") == code(who, "Moshe Ya'alon", "2015-06-01") == "ISRGOV"


def test_a_common_surname_alone_is_not_a_person(who):
    assert who.lookup("Kim", date(2016, 1, 1)) is None
    assert who.lookup("Khan", date(2020, 1, 1)) is None
    assert code(who, "Kim Jong Un", "2016-01-01") == "PRKGOV"
    assert code(who, "Kim Jong-un", "2016-01-01") == "PRKGOV"


def test_armed_group_leaders_take_their_group_code(who):
    assert code(who, "Yahya Sinwar", "2023-10-07") == "PSEREB"
    assert code(who, "Nasrallah", "2020-01-01") == "LBNREB"
    assert code(who, "Abu Bakr al-Baghdadi", "2015-01-01") == "IMGISI"
    assert code(who, "Prigozhin", "2023-06-24") == "IMGWAG"
    assert code(who, "Guterres", "2020-01-01") == "IGOUNO"


def test_syria_before_and_after_december_2024(who):
    assert code(who, "Assad", "2016-09-28") == "SYRGOV"
    assert code(who, "Assad", "2025-02-01") == "SYRELI"
    assert code(who, "Jolani", "2020-01-01") == "SYRREB"
    assert code(who, "Ahmed al-Sharaa", "2025-02-01") == "SYRGOV"


def test_phoenix_offices_are_not_held_forever(who):
    # Phoenix gives Berlusconi as prime minister from 2008 with no end.
    assert code(who, "Berlusconi", "2010-01-01") == "ITAGOV"
    assert code(who, "Berlusconi", "2018-01-01") == "ITAOPP"


def test_the_default_table_is_loaded_once(who):
    assert default_whoswho() is who
    assert len(who) > 15000


def test_names_are_normalised_for_matching():
    assert normal("  Ban Ki-moon ") == "ban ki moon"
    assert normal("Abdel Fattah el-Sisi") == "abdel fattah el sisi"
    assert normal("Łukasz Kamiński") == "lukasz kaminski"
    assert normal("O’Brien") == normal("O'Brien") == "obrien"


# -- users' tables and the loader's checks -------------------------------------------------------


def test_a_middle_name_or_initial_may_be_left_out_where_one_person_fits(tmp_path):
    who = WhosWho.load(
        [
            table(
                tmp_path,
                "Arwen Q. Undomiel\t\tNZLGOV\t2010-01-01\t\tQueen\n"
                "John A. Smith\t\tUSAGOV\t2010-01-01\t\t\n"
                "John B. Smith\t\tGBRGOV\t2010-01-01\t\t\n",
            )
        ]
    )
    assert code(who, "Arwen Undomiel", "2012-01-01") == "NZLGOV"
    assert code(who, "Arwen X. Undomiel", "2012-01-01") == "NZLGOV"  # a middle initial we do not know
    assert who.lookup("John Smith", date(2012, 1, 1)) is None  # two persons fit


def test_later_files_override_earlier_ones_from_their_first_day(tmp_path):
    first = table(tmp_path, "Jane Roe|J. Roe\tRoe\tFRAGOV\t2010-01-01\t\tMinister\n", "a.tsv")
    later = table(tmp_path, "J. Roe\t\tFRAELI\t2015-01-01\t\tFormer minister\n", "b.tsv")
    who = WhosWho.load([first, later])
    assert code(who, "Roe", "2012-01-01") == "FRAGOV"
    assert code(who, "Jane Roe", "2016-01-01") == "FRAELI"
    assert who.lookup("Roe", date(2016, 1, 1)).name == "J. Roe"
    assert code(who, "Roe", "2009-01-01") is None


def test_users_tables_go_over_the_shipped_ones(tmp_path):
    mine = table(tmp_path, "John Kerry\t\tUSAELI\t2013-02-01\t\tOverride\n")
    who = WhosWho.load([mine], base=default_whoswho())
    assert code(who, "Kerry", "2016-09-28") == "USAELI"
    assert code(who, "Kerry", "2010-01-01") == "USALEG"  # Phoenix's earlier periods stay
    assert code(who, "Lavrov", "2016-09-28") == "RUSGOV"


def test_an_organisation_code_is_a_person_of_that_body(tmp_path):
    who = WhosWho.load(
        [table(tmp_path, "Ann Example\t\tIGOUNO\t2001-01-01\t\t\nBob Example\t\tIMGISI\t2001-01-01\t\t\n")]
    )
    entry = who.lookup("Ann Example", None)
    assert (entry.code, entry.country, entry.sector) == ("IGOUNO", "IGO", None)
    entry = who.lookup("Bob Example", None)
    assert (entry.code, entry.country, entry.sector) == ("IMGISI", None, None)


def test_a_duplicate_entry_is_an_error_naming_the_file_and_line(tmp_path):
    path = table(
        tmp_path,
        "Jane Roe\t\tFRAGOV\t2010-01-01\t2011-01-01\t\nJane Roe|Janet Roe\t\tFRAGOV\t2010-01-01\t2011-01-01\t\n",
    )
    with pytest.raises(TableError, match=rf"{path}:4: .*entry for .*first given at line 3"):
        WhosWho.load([path])


def test_overlapping_periods_of_one_person_are_an_error_naming_both_lines(tmp_path):
    path = table(
        tmp_path,
        "Jane Roe\t\tFRAGOV\t2010-01-01\t2012-12-31\t\n"
        "Other Person\t\tFRAGOV\t2010-01-01\t\t\n"
        "Jane Roe\t\tFRAELI\t2012-06-01\t\t\n",
    )
    with pytest.raises(
        TableError,
        match=rf"{path}:5: the period 2012-06-01 to \.\.\. of Jane Roe overlaps "
        r"the one at line 3",
    ):
        WhosWho.load([path])
    open_ended = table(tmp_path, "Jane Roe\t\tFRAGOV\t2010-01-01\t\t\nJane Roe\t\tFRAELI\t2015-01-01\t\t\n", "b.tsv")
    with pytest.raises(TableError, match=rf"{open_ended}:4: .*overlaps the one at line 3"):
        WhosWho.load([open_ended])


def test_an_unknown_sector_or_country_is_an_error_naming_the_file_and_line(tmp_path):
    path = table(tmp_path, "Jane Roe\t\tFRAGOV\t2010-01-01\t\t\nJohn Doe\t\tUSAXYZ\t2010-01-01\t\t\n")
    with pytest.raises(TableError, match=rf"{path}:4: unknown sector 'XYZ' in code 'USAXYZ'"):
        WhosWho.load([path])
    path = table(tmp_path, "John Doe\t\tQQQGOV\t2010-01-01\t\t\n", "b.tsv")
    with pytest.raises(TableError, match=rf"{path}:3: unknown country 'QQQ'"):
        WhosWho.load([path])
    path = table(tmp_path, "John Doe\t\tUSAGOVLEG\t2010-01-01\t\t\n", "c.tsv")
    with pytest.raises(TableError, match=rf"{path}:3: code 'USAGOVLEG' has more than one sector"):
        WhosWho.load([path])


@pytest.mark.parametrize("value", ["2016-13-01", "2016-02-30", "20160101", "2016/01/01", "soon"])
def test_a_bad_date_is_an_error_naming_the_file_and_line(tmp_path, value):
    path = table(tmp_path, f"Jane Roe\t\tFRAGOV\t2010-01-01\t2011-01-01\t\nJohn Doe\t\tUSAGOV\t{value}\t\t\n")
    with pytest.raises(TableError, match=rf"{path}:4: bad date '{value}' in column 'from'"):
        WhosWho.load([path])


def test_a_period_that_ends_before_it_starts_is_an_error(tmp_path):
    path = table(tmp_path, "Jane Roe\t\tFRAGOV\t2012-01-01\t2011-01-01\t\n")
    with pytest.raises(TableError, match=rf"{path}:3: the period ends"):
        WhosWho.load([path])


def test_a_missing_column_is_an_error(tmp_path):
    path = tmp_path / "bad.tsv"
    path.write_text("name\tcode\tfrom\tto\nJane Roe\tFRAGOV\t\t\n", encoding="utf-8")
    with pytest.raises(TableError, match=rf"{path}:1: the header lacks the column\(s\) short"):
        WhosWho.load([path])
