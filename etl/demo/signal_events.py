"""Synthetic vroegsignalen, cases and contact attempts for 36 months.

Calibrated to public facts: over 600 signals a month in Groningen; partner shares of health
insurers 41 %, landlords 20 %, energy 20 %, water 18 % (Divosa, H1 2024); about 11 % of
addresses with several signals in one month; about 1 in 5 signals reaches the resident and
1 in 3 of those accept help. Rates follow each buurt's (synthetic) debt share, so the
northern wijken stand out. Seasonality, an energy-price shock, one missing partner delivery
and one local rise are planted so every view of the dashboard has something to show.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

MONTHLY_SIGNALS = 640
SEASON = {1: 1.18, 2: 1.06, 3: 1.02, 4: 1.00, 5: 0.98, 6: 0.95, 7: 0.88, 8: 0.90,
          9: 1.00, 10: 1.03, 11: 1.00, 12: 0.93}
PARTNER_SHARES = {
    "Zorg": 0.40, "CAK Zorgverzekeringen": 0.01, "Huur": 0.20, "Energie": 0.20,
    "Water": 0.18, "Hypotheek": 0.005, "Overige": 0.005,
}
AMOUNT_MEDIAN = {"Zorg": 280, "CAK Zorgverzekeringen": 650, "Huur": 950, "Energie": 380,
                 "Water": 140, "Hypotheek": 2600, "Overige": 300}
MULTIPLICITY = ([1, 2, 3], [0.89, 0.09, 0.02])
REPEAT_SHARE = 0.30  # households in arrears often get a signal again within three months
#: Planted events, by position in the series (0 = first month).
ENERGY_SHOCK_MONTHS = range(13, 18)
MISSING_WATER_MONTH = 29
LOCAL_RISE_BUURT = "BU00140700"  # Corpus den Hoorn: a rise in the last month
LOCAL_RISE_FACTOR = 2.6
NPLV_TREND = -0.10  # the NPLV gap narrows by 10 % over the series (the programme's aim)

SURNAMES = ("de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen",
            "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos",
            "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "Dijkstra", "Kramer",
            "Postma", "Hoekstra", "Smits", "Wiersma", "Veenstra", "Zijlstra", "Çelik", "Özdemir")
STREETS = ("Esdoornstraat", "Kastanjelaan", "Merelstraat", "Populierenweg", "Tulpstraat",
           "Zonnebloemlaan", "Reigerstraat", "Eikenlaan", "Wilgenweg", "Lijsterbesstraat")


@dataclass
class DemoEvents:
    """Signals (with fake personal data, as partners would deliver them), cases, contacts."""

    signals: pd.DataFrame
    cases: pd.DataFrame
    contacts: pd.DataFrame


def _bsn(rng: np.random.Generator, n: int) -> np.ndarray:
    """Fake BSNs that pass the 11-test, so they look exactly like the real thing."""
    out = []
    weights = np.array([9, 8, 7, 6, 5, 4, 3, 2])
    while len(out) < n:
        digits = rng.integers(0, 10, size=(n, 8))
        digits[:, 0] = rng.integers(1, 7, size=n)
        check = (digits @ weights) % 11
        ok = check < 10
        out.extend("".join(map(str, d)) + str(c) for d, c in zip(digits[ok], check[ok],
                                                                    strict=True))
    return np.array(out[:n])


def generate_events(
    rng: np.random.Generator,
    buurten: pd.DataFrame,
    addresses: pd.DataFrame,
    months: pd.DatetimeIndex,
) -> DemoEvents:
    """Draw signals month by month, then group each household-month into a case.

    Parameters
    ----------
    rng
        Seeded generator.
    buurten
        Demo population (``buurt_code``, ``households_2024``, ``problematic_debt_pct``,
        ``is_nplv``).
    addresses
        Synthetic addresses (``address_id``, ``buurt_code``, ``pc6``, ``huisnummer``).
    months
        First days of the months to generate.

    Returns
    -------
    DemoEvents
        Frames ready to be written as deliveries.
    """
    hh = buurten["households_2024"].to_numpy(dtype=float)
    risk = buurten["problematic_debt_pct"].to_numpy(dtype=float) ** 1.2
    risk = risk / np.average(risk, weights=hh)
    nplv = buurten["is_nplv"].to_numpy()
    codes = buurten["buurt_code"].to_numpy()
    by_buurt = {code: part["address_id"].to_numpy()
                for code, part in addresses.groupby("buurt_code")}
    recent: dict[str, list[np.ndarray]] = {code: [] for code in codes}
    partners = np.array(list(PARTNER_SHARES))
    frames = []
    n_months = len(months)
    for t, month in enumerate(months):
        season = SEASON[month.month] * (1 + 0.06 * t / max(n_months - 1, 1))
        shock = t in ENERGY_SHOCK_MONTHS
        mean = MONTHLY_SIGNALS * season * (1.2 if shock else 1.0)
        weight = hh * risk * np.where(nplv, 1 + NPLV_TREND * t / max(n_months - 1, 1), 1.0)
        if t == n_months - 1:
            weight = np.where(codes == LOCAL_RISE_BUURT, weight * LOCAL_RISE_FACTOR, weight)
        per_buurt = rng.multinomial(rng.poisson(mean / 1.13), weight / weight.sum())
        share = np.array([PARTNER_SHARES[p] for p in partners])
        if shock:
            share = np.where(partners == "Energie", share * 2.2, share)
        if t == MISSING_WATER_MONTH:
            share = np.where(partners == "Water", 0.0, share)
        share = share / share.sum()
        picked, picked_buurt = [], []
        for code, k in zip(codes, per_buurt, strict=True):
            if k == 0:
                recent[code] = [*recent[code], np.array([], dtype=int)][-3:]
                continue
            pool = np.concatenate(recent[code]) if recent[code] else np.array([], dtype=int)
            repeats = min(int(rng.binomial(k, REPEAT_SHARE)), len(pool))
            chosen = np.concatenate([rng.choice(pool, repeats) if repeats else
                                     np.array([], dtype=int),
                                     rng.choice(by_buurt[code], k - repeats)]).astype(int)
            picked.append(chosen)
            picked_buurt.append(np.full(k, code, dtype=object))
            recent[code] = [*recent[code], chosen][-3:]
        household = np.concatenate(picked)
        household_buurt = np.concatenate(picked_buurt)
        multiplicity = rng.choice(MULTIPLICITY[0], size=len(household), p=MULTIPLICITY[1])
        partner_rows = [rng.choice(partners, size=int(k), replace=False, p=share)
                        if k > 1 else rng.choice(partners, size=1, p=share)
                        for k in multiplicity]
        repeat = np.repeat(np.arange(len(household)), multiplicity)
        frames.append(pd.DataFrame({
            "t": t, "month": month, "address_id": household[repeat],
            "buurt_code": household_buurt[repeat], "partner": np.concatenate(partner_rows),
            "day": rng.integers(1, month.days_in_month + 1, size=len(repeat)),
        }))
    signals = pd.concat(frames, ignore_index=True)
    return _dress_signals(rng, signals, addresses, n_months)


def _dress_signals(rng: np.random.Generator, signals: pd.DataFrame, addresses: pd.DataFrame,
                   n_months: int) -> DemoEvents:
    n = len(signals)
    signals = signals.merge(addresses[["address_id", "pc6", "huisnummer"]], on="address_id")
    signals = signals.sort_values(["t", "day", "address_id", "partner"]).reset_index(drop=True)
    signals["signaaldatum"] = signals["month"] + pd.to_timedelta(signals["day"] - 1, unit="D")
    signals["ontstaansdatum"] = signals["signaaldatum"] - pd.to_timedelta(
        rng.integers(20, 120, size=n), unit="D")
    median = signals["partner"].map(AMOUNT_MEDIAN).to_numpy(dtype=float)
    shock = signals["t"].isin(ENERGY_SHOCK_MONTHS) & (signals["partner"] == "Energie")
    median = np.where(shock, median * 1.6, median)
    signals["bedrag"] = np.maximum(np.round(median * rng.lognormal(0, 0.5, n)), 25).astype(int)
    signals["signal_id"] = [f"DEMO-{m:%Y%m}-{i:05d}" for i, m in
                            zip(signals.groupby("t").cumcount() + 1, signals["month"],
                                strict=True)]
    signals["is_crisis"] = rng.random(n) < 0.02
    signals["is_warme_overdracht"] = rng.random(n) < 0.03
    signals["status"] = rng.choice(
        ["Nog niet opgepakt", "Niet opgepakt: herhaalde melding", "Niet opgepakt: andere reden"],
        size=n, p=[0.85, 0.10, 0.05])
    people = signals["address_id"].to_numpy()
    unique_people = np.unique(people)
    bsn = dict(zip(unique_people, _bsn(rng, len(unique_people)), strict=True))
    signals["bsn"] = [bsn[p] for p in people]
    signals["achternaam"] = np.array(SURNAMES)[people % len(SURNAMES)]
    signals["voorletters"] = np.array(list("ABCDEFGHJKLMNPRSTW"))[people % 18] + "."
    signals["geboortedatum"] = (pd.Timestamp("1940-01-01") + pd.to_timedelta(
        (people * 7919) % (65 * 365), unit="D")).strftime("%Y-%m-%d")
    signals["straat"] = np.array(STREETS)[people % len(STREETS)]
    signals["plaats"] = "Groningen"
    cases, contacts = _cases_for(rng, signals, n_months)
    return DemoEvents(signals=signals, cases=cases, contacts=contacts)


def _cases_for(rng: np.random.Generator, signals: pd.DataFrame,
               n_months: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One case per household and month; contact attempts and a result per case."""
    grouped = signals.groupby(["t", "address_id"], sort=True)
    cases = grouped.agg(signal_ids=("signal_id", list), first=("signaaldatum", "min"),
                        month=("month", "first")).reset_index()
    m = len(cases)
    recent = cases["t"] >= n_months - 2
    contacted = rng.random(m) < np.where(recent, 0.5, 0.8)
    reached = contacted & (rng.random(m) < 0.28)
    result = np.where(
        reached,
        rng.choice(["(Budget)advies en/of quick fix", "Vervolghulp en/of verwijzing financieel",
                    "Inwoner heeft zelf al betaald/betalingsregeling getroffen",
                    "Inwoner hoeft geen hulp vanuit vroegsignalering",
                    "Inwoner al bekend bij schuldhulpverlening"],
                   size=m, p=[0.18, 0.15, 0.25, 0.27, 0.15]),
        rng.choice(["Definitief geen contact kunnen krijgen", "Geen reactie na eerder contact",
                    "Niet opgepakt: herhaalde melding"], size=m, p=[0.55, 0.2, 0.25]),
    ).astype(object)
    result[recent & (rng.random(m) < 0.4)] = None
    cases["resultaat"] = result
    cases["matchingsdatum"] = cases["first"] + pd.to_timedelta(rng.integers(1, 5, m), unit="D")
    cases["datum_opgepakt"] = cases["matchingsdatum"] + pd.to_timedelta(
        rng.integers(0, 6, m), unit="D")
    cases["case_index"] = np.arange(m)
    attempts = np.where(contacted, rng.integers(1, 4, m), 0)
    owner = np.repeat(np.arange(m), attempts)
    nth = np.arange(len(owner)) - np.repeat(np.cumsum(attempts) - attempts, attempts)
    kinds = ["Brief", "Telefoon", "Huisbezoek", "Mail", "SMS/Whatsapp"]
    contacts = pd.DataFrame({
        "case_index": owner,
        "soort": rng.choice(kinds, size=len(owner), p=[0.35, 0.3, 0.2, 0.1, 0.05]),
        "bereikt": reached[owner] & (nth == attempts[owner] - 1),
        "datum": cases["datum_opgepakt"].to_numpy()[owner] + pd.to_timedelta(3 * nth, unit="D"),
        "dagdeel": rng.choice(["Ochtend", "Middag", "Avond"], size=len(owner)),
    })
    return cases, contacts
