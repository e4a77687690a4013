"""Turn published counts into rates per 1,000 households, or say why there is no rate.

One place decides when a number may be shown: a suppressed count stays suppressed, and a
rate needs at least the published minimum of households in its denominator.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

STATUS_OK = "ok"
STATUS_SUPPRESSED = "onderdrukt"
STATUS_TOO_FEW = "te weinig huishoudens"
STATUS_NO_DATA = "geen gegevens"


def rate_per_thousand(count: pd.Series, households: pd.Series,
                      min_households: int) -> tuple[pd.Series, pd.Series]:
    """Rate per 1,000 households and a status per row.

    Parameters
    ----------
    count
        Published counts (NULL when suppressed).
    households
        CBS households (the denominator).
    min_households
        Below this the rate is not shown.

    Returns
    -------
    tuple of pandas.Series
        ``Float64`` rates (NA unless status is ok) and the status text.
    """
    count = count.astype("Float64")
    households = households.astype("Float64")
    enough = (households >= min_households).fillna(False).to_numpy(dtype=bool)
    suppressed = count.isna().to_numpy(dtype=bool)
    status = pd.Series(np.select([suppressed, ~enough], [STATUS_SUPPRESSED, STATUS_TOO_FEW],
                                 STATUS_OK), index=count.index)
    rate = (count / households * 1000).where(status == STATUS_OK)
    return rate.astype("Float64"), status


def share_status(value: pd.Series, households: pd.Series,
                 min_households: int) -> pd.Series:
    """Status of a published CBS percentage: ok, too few households, or missing."""
    enough = (households.astype("Float64") >= min_households).fillna(False)
    missing = value.isna()
    return pd.Series(np.where(~missing, STATUS_OK,
                              np.where(enough, STATUS_NO_DATA, STATUS_TOO_FEW)),
                     index=value.index)


def reach_percentage(reached: pd.Series, signals: pd.Series, complete: pd.Series
                     ) -> tuple[pd.Series, pd.Series]:
    """Reached residents as % of signals; no value without case data or when suppressed."""
    reached = reached.astype("Float64")
    signals = signals.astype("Float64")
    status = pd.Series(np.select(
        [~complete.fillna(False).to_numpy(dtype=bool),
         (reached.isna() | signals.isna()).to_numpy(dtype=bool)],
        [STATUS_NO_DATA, STATUS_SUPPRESSED], STATUS_OK), index=reached.index)
    value = (reached / signals * 100).where(status == STATUS_OK)
    return value.astype("Float64"), status
