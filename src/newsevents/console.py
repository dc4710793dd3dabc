"""What the command line shows on a terminal: tables, the progress bar, errors and exit statuses."""

from __future__ import annotations

import shutil
import sys
from typing import Sequence, TextIO

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3


def _fail(message: str, status: int = EXIT_ERROR) -> int:
    print(f"newsevents: error: {message}", file=sys.stderr)
    return status


def print_table(rows: list[list[str]], headers: list[str], out: TextIO) -> None:
    """Rows in aligned columns under their headers."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    if out.isatty():
        # On a terminal the last column (the evidence, the reason) takes what room is left.
        fixed = sum(widths[:-1]) + 2 * (len(widths) - 1)
        widths[-1] = max(20, min(widths[-1], shutil.get_terminal_size().columns - fixed))

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c[:w].ljust(w) for c, w in zip(cells, widths)).rstrip()

    out.write(line(headers) + "\n")
    for row in rows:
        out.write(line(row) + "\n")


class Progress:
    """A progress bar on a terminal (tqdm): documents, articles/s, failures, time left."""

    def __init__(self, enabled: bool, total: int | None):
        self.bar = None
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit=" doc", file=sys.stderr, dynamic_ncols=True, smoothing=0.1)

    def update(self, summary) -> None:
        if self.bar is None:
            return
        self.bar.update(summary.read - self.bar.n)
        self.bar.set_postfix(stored=summary.stored, failed=summary.failed, events=summary.events, refresh=False)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
