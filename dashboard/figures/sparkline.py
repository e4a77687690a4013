"""Text sparklines: a year of monthly counts in one grid cell, drawn as block characters.

Built on the server as plain text, so the table needs no chart library, no script and no
download from elsewhere, and the cell still sorts and exports like any other text. Bars
start at zero (a small count looks small); a month that may not be shown is a gap, never a
low bar.
"""

from __future__ import annotations

from collections.abc import Sequence

BARS = "▁▂▃▄▅▆▇█"
GAP = "·"


def sparkline_text(values: Sequence[int | float | None]) -> str:
    """One block character per month, scaled from 0 to the highest month; gaps as '·'.

    Parameters
    ----------
    values
        Monthly counts, oldest first; None where suppressed or not published.

    Returns
    -------
    str
        As many characters as months.
    """
    known = [v for v in values if v is not None]
    top = max(known, default=0)
    steps = len(BARS) - 1
    return "".join(
        GAP if v is None else BARS[0] if top <= 0 else BARS[round(max(v, 0) / top * steps)]
        for v in values
    )
