"""Events and articles in the shapes users read: JSON objects (the `interfaces.md`
contract) and flat CSV rows."""

from newsevents.export.json import (
    article_dict, event_dict, failure_dict, place_dict, stored_event_dict,
)
from newsevents.export.csv import CSV_COLUMNS, csv_row, write_csv

__all__ = [
    "article_dict", "event_dict", "failure_dict", "place_dict", "stored_event_dict",
    "CSV_COLUMNS", "csv_row", "write_csv",
]
