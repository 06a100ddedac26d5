"""The optimised select + summary equal a plain, obviously-correct reference on random data.

The reference below is written for reading, not speed: one figure at a time, the overlap
clusters as connected components of "these two windows share a day", the summary as a dict
of lists. Hypothesis draws small frames dense in overlaps, and synthetic bundles.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from functools import cache

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metrics.aggregate import OVERLAP_KEYS, Filters, select
from metrics.summary import SUMMARY_BY, summary
from metrics.bundle import DEFAULT_BUNDLE, load_bundle
from metrics.categories import default_categories
from metrics.figures import figures_from_bundle
from metrics.synth import generate

EPOCH = date(1970, 1, 1)
# An open start is the earliest day the project represents, an open end the latest.
OPEN_START, OPEN_END = -(2**30), 2**30


def _day(value) -> int | None:
    return None if pd.isna(value) else (value.date() - EPOCH).days


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


CATEGORIES = default_categories()


def reference_select(figures: pd.DataFrame, filters: Filters, registry):
    """(included rows as dicts with share/prorated, left-out rows as (figure_id, reason, kept_figure_id), nested
    rows as dicts with inside_figure_id)."""
    wanted = set()
    for agency in filters.agencies:
        wanted |= registry.descendants(agency) if registry is not None and agency in registry else {agency}
    wider_categories = {outer for inner in filters.categories for outer in CATEGORIES.ancestors(inner)}
    wider_categories -= set(filters.categories)
    lo = (filters.date_from - EPOCH).days if filters.date_from else None
    hi = (filters.date_to - EPOCH).days if filters.date_to else None

    kept, left_out = [], []
    for position, row in enumerate(figures.to_dict("records")):
        row["_position"] = position
        if filters.countries and row["country"] not in filters.countries:
            continue
        if filters.agencies and row["agency_id"] not in wanted:
            continue
        if filters.metrics and row["metric"] not in filters.metrics:
            continue
        wider = bool(filters.categories) and row["category"] in wider_categories
        if filters.categories and row["category"] not in filters.categories and not wider:
            continue
        start, end = _day(row["period_start"]), _day(row["period_end"])
        row = dict(row, share=1.0, prorated=False, wider=wider)
        if lo is not None or hi is not None:
            touches = (lo is None or end is None or end >= lo) and (hi is None or start is None or start <= hi)
            if not touches:
                continue
            inside = (lo is None or (start is not None and start >= lo)) and (
                hi is None or (end is not None and end <= hi)
            )
            if not inside:
                if filters.outside_rule == "prorate" and start is not None and end is not None:
                    days_in = min(end, hi if hi is not None else end) - max(start, lo if lo is not None else start) + 1
                    row.update(share=days_in / max(end - start + 1, 1), prorated=True)
                else:
                    if not wider:
                        reason = (
                            "reporting window has no start, so it cannot be placed in the period"
                            if start is None
                            else "reporting window sticks out of the period"
                        )
                        left_out.append((row["figure_id"], reason, ""))
                    continue
        kept.append(row)

    counted = []
    for row in kept:
        restated = row.get("restates_figure_id")
        restates = not _missing(restated) and restated != ""
        if row["wider"]:
            if not restates:
                left_out.append((row["figure_id"], f"a tally of a wider category ({row['category']}), which may hold "
                                 "the chosen categories' cases: not comparable, not added", ""))
        elif restates:
            left_out.append((row["figure_id"], f"restates figure {restated}", restated))
        else:
            counted.append(row)

    # Overlap: windows of the same key that share a day are linked; each connected group keeps its widest.
    def window(row):
        start, end = _day(row["period_start"]), _day(row["period_end"])
        return (OPEN_START if start is None else start), (OPEN_END if end is None else end)

    cluster_of = list(range(len(counted)))
    conflict_pairs = []

    def find(i):
        while cluster_of[i] != i:
            i = cluster_of[i]
        return i

    for i, a in enumerate(counted):
        for j in range(i):
            b = counted[j]
            same_key = all(str(a[k]) == str(b[k]) for k in OVERLAP_KEYS)
            (sa, ea), (sb, eb) = window(a), window(b)
            if same_key and sa <= eb and sb <= ea:
                cluster_of[find(i)] = find(j)
    members: dict[int, list[int]] = {}
    for i in range(len(counted)):
        members.setdefault(find(i), []).append(i)
    winner_of = {}
    for rows in members.values():
        best = min(rows, key=lambda i: (-(window(counted[i])[1] - window(counted[i])[0]), counted[i]["figure_id"]))
        for i in rows:
            winner_of[i] = best
    winners = []
    # Sources: each standing figure's own document, then the documents reporting it again, with their copies.
    def publications(row):
        return int(row.get("source_publications", 1))

    again = {i: {} for i in range(len(counted))}
    conflicts = {i: 0 for i in range(len(counted))}
    for i, row in enumerate(counted):
        if winner_of[i] == i:
            winners.append(row)
        else:
            kept = counted[winner_of[i]]
            kept_id = kept["figure_id"]
            same_window = window(row) == window(kept)
            same_value = abs(row["value_norm"] - kept["value_norm"]) <= 1e-9 * abs(kept["value_norm"])
            if same_window and same_value and row["source_id"] != kept["source_id"]:
                reason = f"the same figure reported by another source, figure {kept_id}: counted once"
                again[winner_of[i]][row["source_id"]] = publications(row)
            elif same_window and not same_value:
                conflicts[winner_of[i]] += 1
                conflict_pairs.append((kept_id, row["figure_id"]))
                reason = (f"conflicts with figure {kept_id}: same unit, window, metric and category, another value; "
                          "not summed")
            else:
                reason = (f"reporting window overlaps that of figure {kept_id} "
                          "(same agency, counterpart, metric and category): not summed")
            left_out.append((row["figure_id"], reason, kept_id))
    for i, row in enumerate(counted):
        if winner_of[i] == i:
            others = sorted(again[i])
            row.update(n_sources=publications(row) + sum(again[i].values()), also_reported_by=";".join(others),
                       also_reported_publications=";".join(str(again[i][s]) for s in others),
                       n_conflicts=conflicts[i], _sources={row["source_id"]: publications(row), **again[i]})

    # Nesting: a figure inside another winner (a parent unit's, a wider category's) is not added.
    def ancestors(agency):
        if "agency_ancestors" in figures.columns:
            chains = figures.loc[figures["agency_id"].astype(str) == agency, "agency_ancestors"].astype(str)
            return [a for a in chains.iloc[0].split(";") if a] if len(chains) else []
        return registry.ancestors(agency) if registry is not None and agency in registry else []

    def relation(outer, inner):
        """(relation code, closeness) when ``outer`` holds ``inner``, else None."""
        if any(str(outer[k]) != str(inner[k]) for k in ("counterpart_id", "metric", "unit_norm")):
            return None
        (so, eo), (si, ei) = window(outer), window(inner)
        if not (so <= ei and si <= eo):
            return None
        a_out, a_in, c_out, c_in = str(outer["agency_id"]), str(inner["agency_id"]), str(outer["category"]), str(inner["category"])
        chain = ancestors(a_in)
        if a_out == a_in:
            if c_out == c_in or c_out not in CATEGORIES.ancestors(c_in):
                return None
            code, level = 2, 0
        elif a_out in chain:
            level = 1 + chain.index(a_out)
            if c_out == c_in:
                code = 1
            elif c_out in CATEGORIES.ancestors(c_in):
                code = 3
            elif c_in in CATEGORIES.ancestors(c_out):
                code = 4
            else:
                return None
        else:
            return None
        return code, (code == 4, level, -CATEGORIES.depth(c_out), c_out, -eo, so, str(outer["figure_id"]))

    reasons = {1: "a sub-unit's figure inside the parent's tally, figure {kept}: not added",
               2: "a narrower category inside the same unit's tally, figure {kept}: not added",
               3: "a sub-unit's figure of a narrower category inside the parent's tally, figure {kept}: not added",
               4: "possibly the same cases as the parent's tally of a narrower category, figure {kept}: not added"}
    included, nested = [], []
    for row in winners:
        is_part = not _missing(row.get("part_of_figure_id")) and row.get("part_of_figure_id", "") != ""
        holders = [] if is_part else [
            (found[1], found[0], other) for other in winners if other is not row
            and not (not _missing(other.get("part_of_figure_id")) and other.get("part_of_figure_id", "") != "")
            and (found := relation(other, row)) is not None]
        if not holders:
            included.append(row)
            continue
        _closeness, code, holder = min(holders, key=lambda h: h[0])
        nested.append(dict(row, inside_figure_id=holder["figure_id"]))
        left_out.append((row["figure_id"], reasons[code].format(kept=holder["figure_id"]), holder["figure_id"]))
    return included, left_out, nested, sorted(conflict_pairs)


def reference_summary(included: list[dict], by=None, nested: list[dict] = ()) -> list[tuple]:
    """Included and nested figures, each holding back what the figures directly inside it report."""
    by = list(by or SUMMARY_BY)
    if "unit_norm" not in by:
        by.append("unit_norm")
    rows = []
    for row in sorted([*included, *nested], key=lambda r: r["_position"]):
        inside = [n for n in nested if n["inside_figure_id"] == row["figure_id"]]

        def held(column):
            return sum(n[column] * n["share"] for n in inside if not _missing(n[column]))

        rows.append(dict(row, value_inside=held("value_norm"), kg_inside=held("estimated_kg"),
                         usd_inside=held("usd_equivalent")))
    groups: dict[tuple, list[dict]] = {}
    for row in rows:
        if any(_missing(row[k]) for k in by):
            continue
        groups.setdefault(tuple(str(row[k]) for k in by), []).append(row)
    out = []
    for key in sorted(groups):
        rows = groups[key]

        def total(column, min_count, inside):
            values = [r[column] * r["share"] - r[inside] for r in rows if not _missing(r[column])]
            return sum(values) if len(values) >= min_count else None

        starts = [r["period_start"] for r in rows if not pd.isna(r["period_start"])]
        ends = [r["period_end"] for r in rows if not pd.isna(r["period_end"])]
        sources = {}
        for r in rows:
            if not _missing(r["source_id"]):
                sources.update(r["_sources"])
        out.append((
            *key,
            total("value_norm", 0, "value_inside"),
            sum(r["value_inside"] for r in rows),
            total("estimated_kg", 1, "kg_inside"),
            total("usd_equivalent", 1, "usd_inside"),
            len(rows),
            sum(sources.values()),
            sum(r["n_conflicts"] for r in rows),
            any(not _missing(r["estimated_kg"]) or r["prorated"] or not _missing(r["usd_equivalent"]) for r in rows),
            min(starts) if starts else None,
            max(ends) if ends else None,
            ";".join(str(r["figure_id"]) for r in rows),
        ))
    return out


def _close(a, b) -> bool:
    if _missing(a) or a is pd.NaT or (isinstance(a, float) and math.isnan(a)):
        return _missing(b) or b is pd.NaT or (isinstance(b, float) and math.isnan(b)) or pd.isna(b)
    if isinstance(a, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    return a == b


def assert_matches_reference(figures, filters, registry, by=None):
    selection = select(figures, filters, registry)
    included, left_out, nested, conflict_pairs = reference_select(figures, filters, registry)
    assert selection.included["figure_id"].tolist() == [r["figure_id"] for r in included]
    for column in ("n_sources", "also_reported_by", "also_reported_publications", "n_conflicts"):
        assert selection.included[column].tolist() == [r[column] for r in included], column
        by_id = {r["figure_id"]: r[column] for r in nested}
        assert [by_id[f] for f in selection.nested["figure_id"]] == selection.nested[column].tolist(), column
    assert selection.n_conflicts == len(conflict_pairs)
    assert list(zip(selection.conflicts["figure_id"], selection.conflicts["other_figure_id"])) == conflict_pairs
    assert np.allclose(selection.included["share"].to_numpy(), [r["share"] for r in included])
    assert selection.included["prorated"].tolist() == [r["prorated"] for r in included]
    assert selection.n_left_out == len(left_out)  # counted before the list is built
    got_out = sorted(zip(selection.left_out.get("figure_id", []), selection.left_out.get("reason", []),
                         selection.left_out.get("kept_figure_id", [])))
    assert got_out == sorted(left_out)

    assert sorted(zip(selection.nested["figure_id"], selection.nested["inside_figure_id"])) == sorted(
        (r["figure_id"], r["inside_figure_id"]) for r in nested)
    table = summary(selection, by)
    expected = reference_summary(included, by, nested)
    assert len(table) == len(expected)
    for got, want in zip(table.itertuples(index=False), expected):
        got = tuple(None if (not isinstance(v, str) and pd.isna(v)) else v for v in got)
        assert all(_close(w, g) for w, g in zip(want, got)), (got, want)


@cache
def seed_bundle():
    return load_bundle(DEFAULT_BUNDLE)


@cache
def synthetic(rows: int, seed: int):
    bundle = generate(rows, seed, base=seed_bundle())
    return figures_from_bundle(bundle), bundle.registry


DAYS = st.integers(min_value=0, max_value=120)
BASE_DAY = date(2023, 1, 1)


@st.composite
def dense_figures(draw):
    """Few keys and short windows in a four-month span, so overlaps chain often."""
    n = draw(st.integers(min_value=0, max_value=40))
    copies = {source: draw(st.integers(1, 3)) for source in ("s1", "s2", "s3")}  # each document and its copies
    rows = []
    for i in range(n):
        if rows and draw(st.integers(0, 3)) == 0:  # the same figure again, another outlet or another value
            again = dict(draw(st.sampled_from(rows)), figure_id=f"f{draw(st.integers(0, 10**6)):07d}-{i}",
                         source_id=draw(st.sampled_from(["s1", "s2", "s3"])), restates_figure_id="")
            if draw(st.booleans()):
                again["value_norm"] = draw(st.floats(min_value=0, max_value=1e6, allow_nan=False))
            rows.append(again)
            continue
        start = draw(st.one_of(st.none(), DAYS)) if draw(st.integers(0, 9)) == 0 else draw(DAYS)
        length = draw(st.integers(min_value=0, max_value=60))
        end_day = (start or 0) + length
        unit = draw(st.sampled_from(["case", "kg", "VND", None]))
        rows.append({
            "figure_id": f"f{draw(st.integers(0, 10**6)):07d}-{i}",
            "source_id": draw(st.sampled_from(["s1", "s2", "s3"])),
            # nested on both axes: a command and its provinces, offences and drugs at several depths
            "agency_id": draw(st.sampled_from(["vn-bdbp", "vn-bdbp-quangtri", "vn-bdbp-nghean", "vn-nghean-police",
                                               "vn-mps", "la-pgd"])),
            "counterpart_id": draw(st.sampled_from(["", "la-pgd"])),
            "metric": draw(st.sampled_from(["cases", "drug_seized"])),
            "category": draw(st.sampled_from(["all_crime", "drug_trafficking", "human_trafficking", "drugs", "heroin",
                                              "synthetic_drugs", "crystal_meth", "cannabis+opium"])),
            "unit_norm": unit,
            "value_norm": draw(st.floats(min_value=0, max_value=1e6, allow_nan=False)),
            "estimated_kg": draw(st.one_of(st.none(), st.floats(min_value=0, max_value=1e3))),
            "usd_equivalent": draw(st.one_of(st.none(), st.floats(min_value=0, max_value=1e5))),
            "period_start": None if start is None else pd.Timestamp(BASE_DAY + timedelta(days=start)),
            "period_end": pd.Timestamp(BASE_DAY + timedelta(days=end_day)),
            "restates_figure_id": "f0000000-0" if draw(st.integers(0, 14)) == 0 else "",
        })
    frame = pd.DataFrame(rows, columns=["figure_id", "source_id", "agency_id", "counterpart_id", "metric",
                                        "category", "unit_norm", "value_norm", "estimated_kg", "usd_equivalent",
                                        "period_start", "period_end", "restates_figure_id"])
    frame = frame.drop_duplicates("figure_id")
    frame["source_publications"] = frame["source_id"].map(copies).astype("int32")
    frame["period_start"] = pd.to_datetime(frame["period_start"])
    frame["period_end"] = pd.to_datetime(frame["period_end"])
    frame["estimated_kg"] = frame["estimated_kg"].astype("float64")
    frame["usd_equivalent"] = frame["usd_equivalent"].astype("float64")
    frame["country"] = frame["agency_id"].str[:2].str.upper()
    registry = seed_bundle().registry
    frame["agency_ancestors"] = frame["agency_id"].map(lambda a: ";".join(registry.ancestors(a)))
    return frame


@st.composite
def filters(draw, agencies=("vn-bdbp", "vn-mps", "la-mps", "vn-mond", "la-pgd")):
    day = st.one_of(st.none(), st.integers(0, 150).map(lambda d: BASE_DAY + timedelta(days=d)))
    date_from, date_to = draw(day), draw(day)
    if date_from and date_to and date_from > date_to:
        date_from, date_to = date_to, date_from
    return Filters(
        date_from=date_from,
        date_to=date_to,
        countries=tuple(draw(st.lists(st.sampled_from(["VN", "LA"]), max_size=1))),
        agencies=tuple(draw(st.lists(st.sampled_from(agencies), max_size=2, unique=True))),
        metrics=tuple(draw(st.lists(st.sampled_from(["cases", "drug_seized"]), max_size=1))),
        categories=tuple(draw(st.lists(st.sampled_from(["drug_trafficking", "heroin", "drugs", "synthetic_drugs"]),
                                       max_size=2, unique=True))) if draw(st.integers(0, 3)) == 0 else (),
        outside_rule=draw(st.sampled_from(["exclude", "prorate"])),
    )


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frame=dense_figures(), chosen=filters(agencies=("vn-bdbp", "vn-bdbp-quangtri", "vn-mps", "la-mps", "vn-mond", "la-pgd")), by=st.sampled_from([None, ["metric"], ["agency_id", "category"]]))
def test_dense_overlaps_match_reference(frame, chosen, by):
    assert_matches_reference(frame, chosen, seed_bundle().registry, by)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frame=dense_figures(), chosen=filters(), whole_period=st.booleans())
def test_dense_overlaps_match_reference_on_an_indexed_frame(frame, chosen, whole_period):
    """The precomputed overlap answer (snapshot.compact) serves filters without a period; with one, select computes."""
    from metrics.snapshot import compact

    if whole_period:  # agencies and categories: the precomputed nesting, restricted to the rows kept
        chosen = Filters(countries=chosen.countries, agencies=chosen.agencies, metrics=chosen.metrics,
                         categories=chosen.categories, outside_rule=chosen.outside_rule)
    assert_matches_reference(compact(frame), chosen, seed_bundle().registry)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frame=dense_figures(), chosen=filters(), keep_every=st.integers(2, 4))
def test_a_subset_of_an_indexed_frame_is_not_served_the_whole_frames_answer(frame, chosen, keep_every):
    """Rows taken out of a compacted frame change which window is widest: select must compute again."""
    from metrics.snapshot import compact

    subset = compact(frame).iloc[::keep_every]
    chosen = Filters(countries=chosen.countries, agencies=chosen.agencies, metrics=chosen.metrics)
    assert_matches_reference(subset, chosen, seed_bundle().registry)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 5), chosen=filters(agencies=("vn-bdbp", "la-pgd", "vn-bdbp-nghean", "la-mps")),
       shift_years=st.integers(-8, 2))
def test_synthetic_bundles_match_reference(seed, chosen, shift_years):
    figures, registry = synthetic(250, seed)
    # Move the random period over the synthetic years (2015-2025).
    def moved(d):
        return None if d is None else d.replace(year=d.year + shift_years)
    chosen = Filters(moved(chosen.date_from), moved(chosen.date_to), chosen.countries, chosen.agencies,
                     chosen.metrics, chosen.categories, chosen.outside_rule)
    assert_matches_reference(figures, chosen, registry)


@pytest.mark.parametrize("filters_", [Filters(), Filters(date_from=date(2023, 1, 1), date_to=date(2025, 12, 31))])
def test_seed_bundle_matches_reference(filters_):
    bundle = seed_bundle()
    assert_matches_reference(figures_from_bundle(bundle), filters_, bundle.registry)


def test_open_start_window_is_the_widest_of_its_cluster():
    frame = pd.DataFrame({
        "figure_id": ["b", "a"], "source_id": ["s", "s"], "agency_id": ["x", "x"], "counterpart_id": ["", ""],
        "metric": ["cases", "cases"], "category": ["c", "c"], "unit_norm": ["case", "case"],
        "value_norm": [1.0, 2.0], "estimated_kg": [np.nan, np.nan], "usd_equivalent": [np.nan, np.nan],
        "country": ["VN", "VN"], "restates_figure_id": ["", ""],
        "period_start": pd.to_datetime([None, "2020-01-01"]), "period_end": pd.to_datetime(["2020-06-30"] * 2),
    })
    selection = select(frame, Filters())
    assert selection.included["figure_id"].tolist() == ["b"]
    assert selection.left_out["kept_figure_id"].tolist() == ["b"]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 5), chosen=filters(agencies=("vn-bdbp", "la-pgd", "vn-bdbp-nghean", "la-mps")),
       by=st.sampled_from([None, ["metric"]]))
def test_snapshot_frames_match_reference(seed, chosen, by):
    """The app's snapshot frame (categorical keys, precomputed overlap order) selects as the reference does."""
    from metrics.snapshot import compact

    figures, registry = synthetic(250, seed)
    assert_matches_reference(compact(figures), chosen, registry, by)
    assert_matches_reference(compact(figures), Filters(), registry, by)


def test_a_filter_that_drops_a_precomputed_container_asks_again():
    """Agency filter on Quảng Trị, no period: the national 500 its 40 lay inside is filtered away, so the 40
    stands, and the province's 22 drug cases now lie inside the 40 (asked again, not read from the index)."""
    from metrics.snapshot import compact

    rows = [("n-500", "s1", "vn-bdbp", "all_crime", 500.0), ("p-40", "s2", "vn-bdbp-quangtri", "all_crime", 40.0),
            ("p-22", "s3", "vn-bdbp-quangtri", "drug_trafficking", 22.0)]
    frame = pd.DataFrame(rows, columns=["figure_id", "source_id", "agency_id", "category", "value_norm"]).assign(
        counterpart_id="", metric="cases", unit_norm="case", estimated_kg=np.nan, usd_equivalent=np.nan,
        period_start=pd.Timestamp("2024-01-01"), period_end=pd.Timestamp("2024-06-30"), restates_figure_id="",
        country="VN")
    registry = seed_bundle().registry
    frame["agency_ancestors"] = frame["agency_id"].map(lambda a: ";".join(registry.ancestors(a)))
    indexed = compact(frame)
    assert dict(zip(indexed["figure_id"], indexed["nest_container_rank"] >= 0)) == {"n-500": False, "p-40": True,
                                                                                   "p-22": True}
    selection = select(indexed, Filters(agencies=("vn-bdbp-quangtri",)), registry)
    assert selection.included["figure_id"].tolist() == ["p-40"]
    assert dict(zip(selection.nested["figure_id"], selection.nested["inside_figure_id"])) == {"p-22": "p-40"}
    assert_matches_reference(indexed, Filters(agencies=("vn-bdbp-quangtri",)), registry)
