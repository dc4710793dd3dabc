"""The one loader of the project's knowledge tables: tab-separated files a domain expert edits.

Lexicons, role words, who's-who, countries and places are TSV files under the package (and
users add their own). Every one is read here, and checked: a header with the columns the
table needs, the same number of fields on every line, required values present, allowed
values only, and no key given twice in one file (the same entry twice, or two entries that
conflict). An error names the file and the line, so a typo in a 2,000-line table is found at
once instead of silently changing what the coder does.

Lines starting with `#` are comments; blank lines are skipped. Values are stripped.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Callable, Iterable, Sequence


class TableError(ValueError):
    """A table that cannot be read as it stands; the message names the file and line."""


@dataclass(frozen=True)
class Row:
    """One line of a table: its values by column, and where it came from ("file:line")."""

    values: dict[str, str]
    where: str

    def __getitem__(self, column: str) -> str:
        return self.values[column]

    def get(self, column: str, default: str = "") -> str:
        return self.values.get(column) or default


def package_text(name: str, package: str = "newsevents") -> tuple[str, str]:
    """The text of a table shipped in a package's `data/` folder, and a name for messages."""
    return resources.files(package).joinpath(f"data/{name}").read_text(encoding="utf-8"), f"{package}/data/{name}"


def file_text(path: str | Path) -> tuple[str, str]:
    try:
        return Path(path).read_text(encoding="utf-8"), str(path)
    except UnicodeDecodeError as exc:
        raise TableError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise TableError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def parse_rows(
    text: str,
    where: str,
    *,
    required: Sequence[str] = (),
    optional: Sequence[str] = (),
    nonempty: Sequence[str] = (),
    allowed: dict[str, Iterable[str]] | None = None,
    key: Callable[[Row], object] | None = None,
) -> list[Row]:
    """The checked rows of a table's text (see the module's docstring).

    `required` columns must be in the header (others are allowed only when `optional` lists
    them, or when neither is given); `nonempty` ones must have a value on every line;
    `allowed` maps a column to its possible values (an empty value passes unless the column
    is `nonempty`); `key` gives the identity of a row, and a second row with the same key in
    the file is an error.
    """
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip() and not line.startswith("#")]
    if not lines:
        raise TableError(f"{where}: no header line (the first line that is not a comment names the columns)")
    columns = _columns(*lines[0], where, required, optional)
    allowed_sets = {c: set(v) for c, v in (allowed or {}).items()}
    rows: list[Row] = []
    seen: dict[object, Row] = {}
    for number, line in lines[1:]:
        row = _row(line, columns, f"{where}:{number}")
        _check_values(row, nonempty, allowed_sets)
        if key is not None:
            identity = key(row)
            if identity in seen:
                first = seen[identity]
                same = first.values == row.values
                raise TableError(
                    f"{row.where}: {'duplicate' if same else 'conflicting'} entry for {identity!r}, "
                    f"first given at line {first.where.rsplit(':', 1)[1]}"
                )
            seen[identity] = row
        rows.append(row)
    return rows


def _columns(number: int, header: str, where: str, required: Sequence[str], optional: Sequence[str]) -> list[str]:
    """The columns the header line names, checked against the ones the table needs."""
    columns = [c.strip() for c in header.split("\t")]
    missing = [c for c in required if c not in columns]
    if missing:
        raise TableError(
            f"{where}:{number}: the header lacks the column(s) {', '.join(missing)} "
            f"(found {', '.join(columns)}; columns are separated by tabs)"
        )
    if required or optional:
        unknown = [c for c in columns if c not in required and c not in optional]
        if unknown:
            raise TableError(
                f"{where}:{number}: unknown column(s) {', '.join(unknown)} "
                f"(expected {', '.join([*required, *optional])})"
            )
    if len(set(columns)) != len(columns):
        raise TableError(f"{where}:{number}: a column is named twice")
    return columns


def _row(line: str, columns: list[str], at: str) -> Row:
    """One line's values by column (empty trailing fields may be left out)."""
    fields = [f.strip() for f in line.rstrip("\r\n").split("\t")]
    while len(fields) > len(columns) and fields[-1] == "":
        fields.pop()
    if len(fields) > len(columns):
        raise TableError(f"{at}: {len(fields)} fields where the header has {len(columns)} columns")
    return Row(dict(zip(columns, fields + [""] * (len(columns) - len(fields)))), at)


def _check_values(row: Row, nonempty: Sequence[str], allowed: dict[str, set[str]]) -> None:
    for column in nonempty:
        if not row.values.get(column):
            raise TableError(f"{row.where}: no value in column {column!r}")
    for column, choices in allowed.items():
        value = row.values.get(column, "")
        if value and value not in choices:
            raise TableError(f"{row.where}: {value!r} is not an allowed {column} (one of {', '.join(sorted(choices))})")


def read_rows(name: str, package: str = "newsevents", **checks) -> list[Row]:
    """The checked rows of a table shipped in a package's `data/` folder."""
    text, where = package_text(name, package)
    return parse_rows(text, where, **checks)


def read_file_rows(path: str | Path, **checks) -> list[Row]:
    """The checked rows of a user's table file."""
    text, where = file_text(path)
    return parse_rows(text, where, **checks)


def split_values(value: str, sep: str = "|") -> tuple[str, ...]:
    """A field holding several values ("Kremlin|the Kremlin")."""
    return tuple(v.strip() for v in (value or "").split(sep) if v.strip())
