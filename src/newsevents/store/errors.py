"""What the store refuses, and why: the errors every room of the store raises."""

from __future__ import annotations

from collections.abc import Sequence


class StoreError(ValueError):
    """A store that cannot be opened, or a query it cannot answer; the message says why."""


class ArticlesRefused(StoreError):
    """Articles `add_many` left out, as they hold a value the store refuses; it stored the others.

    `refused` maps each one's position in the batch to the reason; `added` is what add_many
    would have returned, with None for the articles refused."""

    def __init__(self, message: str, refused: dict[int, str], added: list[bool | None]):
        super().__init__(message)
        self.refused = refused
        self.added = added


def check_text(params: Sequence) -> None:
    """PostgreSQL text cannot hold NUL: refused on both backends, with the same message."""
    if any(type(p) is str and "\x00" in p for p in params):
        raise StoreError("a value with a NUL character (\\x00) cannot be stored or searched")
