"""Events and articles in the shapes users read: JSON objects (the `interfaces.md`
contract), flat CSV rows, and the files of `newsevents export` (GDELT 2.0 rows, Parquet,
GeoJSON, iCalendar). Each writer streams: `write_X(events, out)` returns how many it wrote."""

from newsevents.export.csv import CSV_COLUMNS, csv_row, write_csv
from newsevents.export.files import FORMATS, LEAVES_OUT, WRITERS, Counted, write_jsonl, write_whole
from newsevents.export.gdelt import GDELT_COLUMNS, gdelt_row, write_gdelt
from newsevents.export.geojson import geojson_feature, write_geojson
from newsevents.export.ics import write_ics
from newsevents.export.json import (
    article_dict,
    event_dict,
    failure_dict,
    place_dict,
    stored_event_dict,
)
from newsevents.export.parquet import parquet_schema, write_parquet

__all__ = [
    "article_dict",
    "event_dict",
    "failure_dict",
    "place_dict",
    "stored_event_dict",
    "CSV_COLUMNS",
    "csv_row",
    "write_csv",
    "GDELT_COLUMNS",
    "gdelt_row",
    "write_gdelt",
    "geojson_feature",
    "write_geojson",
    "write_ics",
    "parquet_schema",
    "write_parquet",
    "FORMATS",
    "LEAVES_OUT",
    "WRITERS",
    "Counted",
    "write_jsonl",
    "write_whole",
]
