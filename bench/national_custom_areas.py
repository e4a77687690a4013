"""Custom areas for a synthetic national run, shaped like Groningen's NPLV file.

The NPLV page, the custom map levels and the monthly review of ``nplv_wijken`` read custom
areas; without them their queries return nothing and a benchmark would time an empty
answer. This writes ``geodata/areas/nplv_groningen_noord.csv``'s shape (``nplv``: the focus
area and the rest of its gemeente; ``nplv_wijken``: the focus area's wijken) over the
synthetic buurten of one gemeente, for ``python -m etl areas``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

FOCUS_GEMEENTE = 14
FOCUS_WIJKEN = 3


def write_custom_areas(path: Path, codes: pd.DataFrame) -> Path:
    """Write the area file for ``codes`` (numeric ``buurt``/``wijk``/``gemeente``, as
    :func:`bench.national_data.area_codes` gives them); gemeente 14, or the first there is."""
    gemeente = FOCUS_GEMEENTE if (codes["gemeente"] == FOCUS_GEMEENTE).any() \
        else int(codes["gemeente"].min())
    buurten = codes[codes["gemeente"] == gemeente].sort_values("buurt")
    focus_wijken = np.sort(buurten["wijk"].unique())[:FOCUS_WIJKEN]
    in_focus = buurten["wijk"].isin(focus_wijken).to_numpy()
    buurt_code = "BU" + buurten["buurt"].astype(str).str.zfill(8)
    wijk_code = "WK" + buurten["wijk"].astype(str).str.zfill(6)
    nplv = pd.DataFrame({
        "division": "nplv",
        "area_code": np.where(in_focus, "nplv-noord", "nplv-rest"),
        "area_name": np.where(in_focus, "Noord (synthetisch)", "Rest van de gemeente"),
        "buurt_code": buurt_code,
    })
    wijken = pd.DataFrame({
        "division": "nplv_wijken",
        "area_code": "nplv-" + wijk_code[in_focus].str.lower(),
        "area_name": "Noord " + wijk_code[in_focus].str.slice(2),
        "buurt_code": buurt_code[in_focus],
    })
    table = pd.concat([nplv, wijken], ignore_index=True).assign(source="synthetisch")
    table.to_csv(path, index=False)
    return path
