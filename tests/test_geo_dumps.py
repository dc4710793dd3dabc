"""GeoNames dump files (cities500.txt, SY.zip, allCountries.txt...) read into gazetteer entries."""

from __future__ import annotations

import gzip
import zipfile

import pytest

from newsevents.geo.dumps import load_dump, read_dump
from newsevents.geo.gazetteer import Entry, Gazetteer


def row(geonameid, name, asciiname, alternates, lat, lon, fclass, code, cc, admin1="", population="", columns=19):
    fields = [
        str(geonameid),
        name,
        asciiname,
        ",".join(alternates),
        str(lat),
        str(lon),
        fclass,
        code,
        cc,
        "",
        admin1,
        "",
        "",
        "",
        str(population),
        "",
        "350",
        "Asia/Damascus",
        "2023-06-12",
    ]
    return "\t".join(fields[:columns])


ALEPPO = row(
    170063,
    "Aleppo",
    "Aleppo",
    [
        "ALP",
        "OSAP",
        "Alep",
        "Aleppo",
        "Beroea",
        "Halab 1",
        "https://en.wikipedia.org/wiki/Aleppo",
        "حلب",
        "Алеппо",
        "Alepo",
        "ALEPPO",
        "aleppo",
        "H",
    ],
    36.20124,
    37.16117,
    "P",
    "PPLA",
    "SY",
    "09",
    1602264,
)
DAMASCUS = row(
    170654, "Damascus", "Damascus", ["Dimashq", "Damas"], 33.5102, 36.29128, "P", "PPLC", "SY", "13", 2584771
)
SYRIA = row(163843, "Syria", "Syria", ["Syrian Arab Republic", "Syrie"], 35.0, 38.0, "A", "PCLI", "SY", "00", 22933531)
ALEPPO_GOVERNORATE = row(
    170062,
    "Aleppo Governorate",
    "Aleppo Governorate",
    ["Halab Governorate"],
    36.25,
    37.5,
    "A",
    "ADM1",
    "SY",
    "09",
    4868000,
)
OLD_TOWN = row(12213600, "Al-Jdayde", "Al-Jdayde", [], 36.2042, 37.1555, "P", "PPLX", "SY", "09")
HISTORIC = row(7911100, "Qadesh", "Qadesh", [], 34.5589, 36.5197, "P", "PPLH", "SY", "11")
ABANDONED = row(7911101, "Umm al-Jimal", "Umm al-Jimal", [], 35.1, 38.2, "P", "PPLQ", "SY", "14")
FORMER_PROVINCE = row(7911102, "Latakia Sanjak", "Latakia Sanjak", [], 35.5, 35.8, "A", "ADM1H", "SY", "")
AIRPORT = row(
    6300490,
    "Aleppo International Airport",
    "Aleppo International Airport",
    ["ALP"],
    36.18067,
    37.22436,
    "S",
    "AIRP",
    "SY",
    "09",
)
SEA = row(363196, "Mediterranean Sea", "Mediterranean Sea", ["Mare Nostrum"], 35.0, 20.0, "H", "SEA", "")
ISLAND = row(146304, "Arwad", "Arwad", ["Arados"], 34.85611, 35.85833, "T", "ISL", "SY", "14")
REGION = row(8378479, "Middle East", "Middle East", ["Near East"], 29.0, 41.0, "L", "RGN", "")
CONTINENT = row(6255147, "Asia", "Asia", ["Asie"], 29.84064, 89.29688, "L", "CONT", "", "00", 3812366000)
DISTRICT = row(170061, "Jebel Saman District", "Jebel Saman District", [], 36.2, 37.15, "A", "ADM2", "SY", "09")
ROWS = [
    ALEPPO,
    DAMASCUS,
    SYRIA,
    ALEPPO_GOVERNORATE,
    OLD_TOWN,
    HISTORIC,
    ABANDONED,
    FORMER_PROVINCE,
    AIRPORT,
    SEA,
    ISLAND,
    REGION,
    CONTINENT,
    DISTRICT,
]


def dump(tmp_path, rows, name="SY.txt", ending="\n"):
    path = tmp_path / name
    path.write_text("".join(r + ending for r in rows), encoding="utf-8")
    return path


def read(path, **options):
    return {entry.geonameid: (entry, names) for entry, names in read_dump(path, **options)}


def test_rows_become_entries_with_iso3_countries(tmp_path):
    places = read(dump(tmp_path, ROWS))
    assert places[170063][0] == Entry(
        geonameid=170063,
        name="Aleppo",
        country="SYR",
        lat=36.20124,
        lon=37.16117,
        population=1602264,
        feature="city",
        admin1="09",
        capital=False,
    )
    assert places[170654][0].capital
    assert places[163843][0] == Entry(
        geonameid=163843,
        name="Syria",
        country="SYR",
        lat=35.0,
        lon=38.0,
        population=22933531,
        feature="country",
    )


def test_feature_classes_and_codes_map_to_kinds_of_place(tmp_path):
    places = read(dump(tmp_path, ROWS), feature_classes="PALHTS")
    assert {i: entry.feature for i, (entry, _) in places.items()} == {
        170063: "city",
        170654: "city",
        12213600: "city",
        163843: "country",
        170062: "region",
        170061: "district",
        6300490: "spot",
        363196: "water",
        146304: "landform",
        8378479: "area",
        6255147: "continent",
    }


def test_places_that_no_longer_exist_are_skipped(tmp_path):
    places = read(dump(tmp_path, ROWS), feature_classes="PALHTS")
    assert not places.keys() & {7911100, 7911101, 7911102}


def test_neighbourhoods_are_kept(tmp_path):
    assert read(dump(tmp_path, [OLD_TOWN]))[12213600][0].name == "Al-Jdayde"


def test_spots_are_read_only_on_request(tmp_path):
    path = dump(tmp_path, ROWS)
    assert 6300490 not in read(path)
    assert 6300490 in read(path, feature_classes="PS")


def test_feature_classes_select_what_is_read(tmp_path):
    assert set(read(dump(tmp_path, ROWS), feature_classes="P")) == {170063, 170654, 12213600}


def test_unknown_feature_class_is_refused(tmp_path):
    with pytest.raises(ValueError, match="'X'"):
        read_dump(dump(tmp_path, ROWS), feature_classes="PX")


def test_min_population_drops_small_towns_but_not_regions_or_seas(tmp_path):
    places = read(dump(tmp_path, ROWS), min_population=2_000_000)
    assert set(places) == {170654, 163843, 170062, 170061, 363196, 146304, 8378479, 6255147}


def test_names_are_latin_script_and_not_codes_or_links(tmp_path):
    _, names = read(dump(tmp_path, [ALEPPO]))[170063]
    assert names == ["Aleppo", "Alep", "Beroea", "Alepo"]


def test_zipped_dump_reads_like_the_text_file(tmp_path):
    text = dump(tmp_path, ROWS)
    path = tmp_path / "SY.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.write(text, "SY.txt")
        archive.writestr("readme.txt", "GeoNames country dump for SY\n")
    assert read(path) == read(text)


def test_zip_without_a_single_dump_is_refused(tmp_path):
    path = tmp_path / "two.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("SY.txt", ALEPPO + "\n")
        archive.writestr("LB.txt", ALEPPO + "\n")
    with pytest.raises(ValueError, match="one GeoNames .txt"):
        list(read_dump(path))


def test_gzipped_dump_reads_like_the_text_file(tmp_path):
    text = dump(tmp_path, ROWS)
    path = tmp_path / "SY.txt.gz"
    path.write_bytes(gzip.compress(text.read_bytes()))
    assert read(path) == read(text)


def test_windows_line_endings_and_a_trailing_empty_line_are_fine(tmp_path):
    path = dump(tmp_path, [ALEPPO, DAMASCUS, ""], ending="\r\n")
    assert set(read(path)) == {170063, 170654}


def test_wrong_column_count_names_file_and_line(tmp_path):
    path = dump(tmp_path, [ALEPPO, DAMASCUS, row(170064, "Short", "Short", [], 1, 2, "P", "PPL", "SY", columns=18)])
    with pytest.raises(ValueError, match=r"line 3: 18 tab-separated columns") as caught:
        list(read_dump(path))
    assert str(path) in str(caught.value)


def test_unparsable_number_names_file_and_line(tmp_path):
    path = dump(tmp_path, [ALEPPO, row(170654, "Damascus", "Damascus", [], "33,51", 36.29, "P", "PPLC", "SY")])
    with pytest.raises(ValueError, match=r"SY\.txt, line 2: not a number"):
        list(read_dump(path))


def test_error_in_a_zip_names_the_archive_member(tmp_path):
    path = tmp_path / "SY.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("SY.txt", ALEPPO + "\nnot a geonames line\n")
    with pytest.raises(ValueError, match=r"SY\.zip \(SY\.txt\), line 2"):
        list(read_dump(path))


def test_rows_before_a_bad_line_are_yielded_first(tmp_path):
    places = read_dump(dump(tmp_path, [ALEPPO, "broken"]))
    assert next(places)[0].name == "Aleppo"
    with pytest.raises(ValueError, match="line 2"):
        next(places)


def test_missing_file_names_the_path(tmp_path):
    path = tmp_path / "cities500.txt"
    with pytest.raises(FileNotFoundError, match="cities500.txt"):
        read_dump(path)


BASE_ALEPPO = Entry(170063, "Aleppo", "SYR", 36.2, 37.16, 1000, "city")
PARIS = Entry(2988507, "Paris", "FRA", 48.85341, 2.3488, 2138551, "city", "11", capital=True)


def base():
    return Gazetteer(
        {170063: BASE_ALEPPO, 2988507: PARIS}, {"aleppo": (170063,), "halab": (170063,), "paris": (2988507,)}
    )


def test_load_dump_replaces_entries_and_keeps_their_old_names(tmp_path):
    g = load_dump(dump(tmp_path, [ALEPPO, DAMASCUS]), base())
    [aleppo] = g.lookup("Halab")
    assert aleppo.population == 1602264
    assert g.lookup("Alep") == [aleppo]
    assert g.lookup("Paris") == [PARIS]
    assert g.lookup("Damascus")[0].capital


def test_load_dump_leaves_the_base_gazetteer_alone(tmp_path):
    original = base()
    load_dump(dump(tmp_path, [ALEPPO, DAMASCUS]), original)
    assert original.entries[170063] == BASE_ALEPPO
    assert "damascus" not in original.names and "alep" not in original.names


def test_load_dump_merges_places_sharing_a_name(tmp_path):
    homs_gazetteer = Gazetteer(
        {169577: Entry(169577, "Homs", "SYR", 34.72682, 36.72339, 775404, "city")}, {"homs": (169577,)}
    )
    libya_homs = row(
        2219905, "Al Khums", "Al Khums", ["Homs", "Khoms"], 32.64861, 14.26191, "P", "PPLA", "LY", "30", 201943
    )
    g = load_dump(dump(tmp_path, [libya_homs], name="LY.txt"), homs_gazetteer)
    assert [(e.geonameid, e.country) for e in g.lookup("Homs")] == [(169577, "SYR"), (2219905, "LBY")]


def test_loaded_names_are_found_regardless_of_case_and_accents(tmp_path):
    bogota = row(
        3688689, "Bogotá", "Bogota", ["Santafé de Bogotá"], 4.60971, -74.08175, "P", "PPLC", "CO", "34", 7674366
    )
    g = load_dump(dump(tmp_path, [ALEPPO, bogota], name="cities500.txt"), Gazetteer({}, {}))
    assert [e.geonameid for e in g.lookup("aleppo")] == [170063]
    assert [e.geonameid for e in g.lookup("BOGOTA")] == [3688689]
    assert [e.geonameid for e in g.lookup("santafe de bogota")] == [3688689]
