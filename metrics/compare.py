"""A period beside the same period one year earlier ("so với cùng kỳ"), compared only where it is fair.

A comparison of one metric is fair when both periods are covered by the same reporting units
(so the same level: three provinces are never set against five, nor a national tally against
provincial ones) and, for each unit, by reporting windows that cover the same part of each
period (a tally to 30 June is never set against a full year's). Where it is not fair, the row
carries one sentence saying why and no difference or percentage: never a percentage computed
from incomparable coverage. Both values are still shown, each with its own coverage.

Windows are matched day by day after moving the earlier period's days one year on (29 February
becomes 28 February); a few days of difference are tolerated (``tolerance_days``), as reports
close their tallies on slightly different days ("đến 14/12", "đến ngày 15/12").
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import pandas as pd

from .agencies import AgencyRegistry
from .aggregate import Filters, Selection, select
from .formatting import format_date, format_number, format_window
from .headlines import HEADLINES
from .i18n import t, unit_label

__all__ = [
    "PeriodComparison",
    "Side",
    "compare_periods",
    "year_earlier",
    "period_bounds",
    "period_label",
    "province_of",
    "province_name",
    "tolerance_days",
    "COMPARISON_COLUMNS",
    "check_stated_changes",
    "stated_change_text",
    "year_by_year",
    "STATED_CHANGE_COLUMNS",
    "CHECK_COLUMNS",
]

COMPARISON_COLUMNS = [
    "agency_id", "province", "metric", "unit", "current", "previous", "difference", "percent", "fair", "reason",
    "estimate", "current_n_figures", "previous_n_figures", "current_n_sources", "previous_n_sources",
]
MAX_NAMES = 4  # reporting units named in a reason before "…"


def period_bounds(kind: str, year: int, number: int = 1) -> tuple[date, date]:
    """The first and last day of a year, half (1-2), quarter (1-4) or month (1-12) of ``year``."""
    months = {"year": (1, 12), "half": (6 * number - 5, 6 * number), "quarter": (3 * number - 2, 3 * number),
              "month": (number, number)}
    if kind not in months:
        raise ValueError(f"a period is a year, half, quarter or month, not '{kind}'")
    limits = {"year": 1, "half": 2, "quarter": 4, "month": 12}[kind]
    if not 1 <= number <= limits:
        raise ValueError(f"a {kind} is numbered 1 to {limits}, not {number}")
    first, last = months[kind]
    return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])


def _one_year_earlier(day: date) -> date:
    """The same day one year earlier; 29 February becomes 28 February, a month's last day stays its last."""
    if day.month == 2 and day.day >= 28 and day == date(day.year, 2, calendar.monthrange(day.year, 2)[1]):
        return date(day.year - 1, 2, calendar.monthrange(day.year - 1, 2)[1])
    return day.replace(year=day.year - 1)


def _one_year_later(day: date) -> date:
    if day.month == 2 and day.day >= 28 and day == date(day.year, 2, calendar.monthrange(day.year, 2)[1]):
        return date(day.year + 1, 2, calendar.monthrange(day.year + 1, 2)[1])
    return day.replace(year=day.year + 1)


def year_earlier(start: date, end: date) -> tuple[date, date]:
    """The same period one year earlier: 1/1/2025 – 30/6/2025 gives 1/1/2024 – 30/6/2024."""
    return _one_year_earlier(start), _one_year_earlier(end)


def tolerance_days(start: date, end: date) -> int:
    """Days of coverage two periods may differ by and still compare: 3, or 3% of a long period
    (and never more than a tenth of the days covered)."""
    return max(3, round(0.03 * ((end - start).days + 1)))


def period_label(start: date, end: date, language: str = "vi") -> str:
    """"2025", "6 tháng đầu năm 2025", "quý I/2025", "tháng 3/2025", or the dates of a custom range."""
    if start.year == end.year and start.day == 1 and end == date(end.year, end.month, calendar.monthrange(end.year, end.month)[1]):
        first, last, year = start.month, end.month, start.year
        if (first, last) == (1, 12):
            return str(year)
        if (first, last) in ((1, 6), (7, 12)):
            return t("period_half_" + ("1" if first == 1 else "2"), language, year=year)
        if last - first == 2 and first % 3 == 1:
            quarter = (first + 2) // 3
            return t("period_quarter", language, q=("I", "II", "III", "IV")[quarter - 1] if language == "vi" else quarter,
                     year=year)
        if first == last:
            return t("period_month", language, month=first if language == "vi" else calendar.month_name[first], year=year)
    return format_window(start, end, language)


@dataclass
class Side:
    """One period of a comparison: its dates, label and the selection of figures inside it."""

    start: date
    end: date
    label: str
    selection: Selection


@dataclass
class PeriodComparison:
    """The chosen period (``current``) beside the same period a year earlier (``previous``).

    ``headline`` has one row per headline metric and unit, ``by_agency`` one per reporting unit,
    metric and unit, ``by_province`` one per province (``province_of``), metric and unit; all in
    ``COMPARISON_COLUMNS`` (``agency_id`` empty outside ``by_agency``, ``province`` outside ``by_province``).
    """

    current: Side
    previous: Side
    headline: pd.DataFrame
    by_agency: pd.DataFrame
    by_province: pd.DataFrame
    language: str = "vi"
    notes: list[str] = field(default_factory=list)


_EPOCH = date(1970, 1, 1)
_NO_DAY = np.iinfo(np.int64).min


def _day(day: date) -> int:
    return (day - _EPOCH).days


def _days(column: pd.Series) -> np.ndarray:
    """Dates as day numbers; a missing date as _NO_DAY."""
    values = column.to_numpy(dtype="datetime64[D]")
    days = values.astype(np.int64)
    days[np.isnat(values)] = _NO_DAY
    return days


@dataclass
class _Rows:
    """One period's counted figures as arrays: all a comparison reads, without taking rows of the wide frame."""

    agency: np.ndarray
    metric: np.ndarray
    unit: np.ndarray
    value: np.ndarray
    usd: np.ndarray
    source: np.ndarray
    start: np.ndarray
    end: np.ndarray
    prorated: np.ndarray

    @classmethod
    def of(cls, included: pd.DataFrame) -> _Rows:
        """The figures a headline adds up, as ``headline_tiles`` does: a part of a counted total is left out."""
        if "in_counted_total" in included.columns:
            included = included[~included["in_counted_total"].to_numpy(dtype=bool)]
        share = included["share"].to_numpy(dtype="float64") if "share" in included.columns else 1.0
        text = lambda column: included[column].astype(str).to_numpy(dtype=object)  # noqa: E731
        return cls(text("agency_id"), text("metric"), text("unit_norm"),
                   included["value_norm"].to_numpy(dtype="float64") * share,
                   included["usd_equivalent"].to_numpy(dtype="float64") * share, text("source_id"),
                   _days(included["period_start"]), _days(included["period_end"]),
                   included["prorated"].to_numpy(dtype=bool) if "prorated" in included.columns
                   else np.zeros(len(included), dtype=bool))

    def __len__(self) -> int:
        return len(self.agency)

    def take(self, positions: np.ndarray) -> _Rows:
        return _Rows(*(getattr(self, name)[positions] for name in self.__dataclass_fields__))

    def of_pair(self, metric: str, unit: str) -> _Rows:
        """The rows of one headline; for USD, every currency's equivalent becomes the value."""
        if unit == "USD":
            rows = self.take(np.flatnonzero((self.metric == metric) & ~np.isnan(self.usd)))
            rows.value = rows.usd
            return rows
        return self.take(np.flatnonzero((self.metric == metric) & (self.unit == unit)))

    def by(self, keys: np.ndarray) -> dict[str, np.ndarray]:
        """Positions of the rows of each key, one sort for all of them."""
        codes, uniques = pd.factorize(keys)
        order = np.argsort(codes, kind="stable")
        bounds = np.searchsorted(codes[order], np.arange(len(uniques) + 1))
        return {str(key): order[bounds[i]:bounds[i + 1]] for i, key in enumerate(uniques)}


def _is_leap(years: np.ndarray) -> np.ndarray:
    return (years % 4 == 0) & ((years % 100 != 0) | (years % 400 == 0))


def _days_one_year_later(days: np.ndarray) -> np.ndarray:
    """Day numbers moved to the same date one year on; 29 February becomes 28 February."""
    if not len(days):
        return days
    year_start = days.astype("datetime64[D]").astype("datetime64[Y]")
    years = year_start.astype(np.int64) + 1970
    day_of_year = days - year_start.astype("datetime64[D]").astype(np.int64)  # 0 is 1 January; 59 is 29 February in a leap year
    leap_now, leap_next = _is_leap(years), _is_leap(years + 1)
    crosses_29_february = np.where(leap_now, day_of_year < 59, (day_of_year >= 59) & leap_next)
    return days + np.where(crosses_29_february, 366, 365)


def _coverage(rows: _Rows, start: date, end: date, shift_to: date | None = None) -> np.ndarray:
    """Which days of the period the rows' windows cover, as a boolean array over the days of the
    period that starts at ``shift_to`` (the current period) when the rows belong to the previous one."""
    origin = shift_to or start
    n_days = ((_one_year_later(end) if shift_to else end) - origin).days + 1
    valid = (rows.start != _NO_DAY) & (rows.end != _NO_DAY)
    first = np.maximum(rows.start[valid], _day(start))
    last = np.minimum(rows.end[valid], _day(end))
    first, last = first[first <= last], last[first <= last]
    if shift_to:
        first, last = _days_one_year_later(first), _days_one_year_later(last)
    first = np.clip(first - _day(origin), 0, n_days)
    last = np.clip(last - _day(origin) + 1, 0, n_days)
    edges = np.zeros(n_days + 1, dtype=np.int64)
    np.add.at(edges, first, 1)
    np.add.at(edges, last, -1)
    return np.cumsum(edges)[:n_days] > 0


def _runs(covered: np.ndarray) -> list[tuple[int, int]]:
    """The covered days as (first, last) index runs."""
    edges = np.diff(np.r_[0, covered.astype(np.int8), 0])
    return list(zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1))


def _describe_coverage(covered: np.ndarray, start: date, language: str) -> str:
    runs = _runs(covered)
    if not runs:
        return t("coverage_none", language)
    if len(runs) > 3:
        return t("coverage_days", language, n=int(covered.sum()), k=len(runs))
    return ", ".join(format_window(start + timedelta(days=int(a)), start + timedelta(days=int(b)), language) for a, b in runs)


def _units_noun(agency_ids: list[str], registry: AgencyRegistry | None, language: str) -> str:
    """"tỉnh"/"provinces" when every unit is provincial, and so on; "đơn vị"/"units" otherwise."""
    kinds = {f"{getattr(registry[a], 'level', '')} {registry[a].kind}" if registry is not None and a in registry else ""
             for a in agency_ids}
    for word, key in (("provinc", "units_provinces"), ("district", "units_districts"), ("post", "units_posts")):
        if kinds and all(word in kind for kind in kinds):
            return t(key, language)
    return t("units_any", language)


def _names(agency_ids: list[str], registry: AgencyRegistry | None, language: str) -> str:
    names = [registry[a].name(language) if registry is not None and a in registry else a for a in agency_ids]
    return ", ".join(names[:MAX_NAMES]) + (", …" if len(names) > MAX_NAMES else "")


def province_of(agency_id: str, registry: AgencyRegistry | None) -> str:
    """The province a unit reports for: the ISO 3166-2 code of the unit or its nearest ancestor that has one,
    else the id of the nearest provincial unit in its chain; "" for a national or unknown unit."""
    if registry is None or agency_id not in registry:
        return ""
    chain = [agency_id] + registry.ancestors(agency_id)
    for unit in chain:
        code = getattr(registry[unit], "iso_code", "")
        if code:
            return code
    for unit in chain:
        agency = registry[unit]
        if "provinc" in (getattr(agency, "level", "") or agency.kind):
            return unit
    return ""


def province_name(province: str, registry: AgencyRegistry | None, language: str) -> str:
    """A province key of ``province_of`` as a reader names it."""
    if registry is not None and province in registry:
        return registry[province].name(language)
    try:
        import pycountry

        subdivision = pycountry.subdivisions.get(code=province)
    except (ImportError, KeyError, LookupError):
        subdivision = None
    return subdivision.name if subdivision is not None else province or t("no_province", language)


def _agency_name(agency_id: str, registry: AgencyRegistry | None, language: str) -> str:
    return registry[agency_id].name(language) if registry is not None and agency_id in registry else agency_id


def _unfair_reason(current: _Rows, previous: _Rows, now: Side, before: Side,
                   registry: AgencyRegistry | None, language: str) -> str:
    """Why the two sets of figures do not compare, in one sentence; "" when they do."""
    if not len(current) or not len(previous):
        return t("compare_no_figures", language, period=before.label if not len(previous) else now.label)
    groups_now, groups_before = current.by(current.agency), previous.by(previous.agency)
    units_now, units_before = sorted(groups_now), sorted(groups_before)
    if units_now != units_before:
        added = [a for a in units_now if a not in groups_before]
        missing = [a for a in units_before if a not in groups_now]
        changes = ([t("units_added", language, names=_names(added, registry, language))] if added else []) + (
            [t("units_missing", language, names=_names(missing, registry, language))] if missing else [])
        return t("compare_units_differ", language,
                 before=before.label, n_before=len(units_before),
                 units_before=_units_noun(units_before, registry, language),
                 now=now.label, n_now=len(units_now), units_now=_units_noun(units_now, registry, language),
                 changes="; ".join(changes))
    tolerance = tolerance_days(now.start, now.end)
    for agency_id in units_now:
        rows_now, rows_before = current.take(groups_now[agency_id]), previous.take(groups_before[agency_id])
        covered_now = _coverage(rows_now, now.start, now.end)
        covered_before = _coverage(rows_before, before.start, before.end, shift_to=now.start)
        # A few days apart is the same window; single days of separate incidents are not.
        if int((covered_now != covered_before).sum()) <= min(tolerance, 0.1 * int((covered_now | covered_before).sum())):
            continue
        name = _agency_name(agency_id, registry, language)
        for side, covered, other in ((now, covered_now, covered_before), (before, covered_before, covered_now)):
            runs = _runs(covered)
            if len(runs) != 1 or covered.sum() >= other.sum():
                continue
            first, last = runs[0]
            shift = (lambda d: d) if side is now else _one_year_earlier
            if first <= tolerance and last < len(covered) - 1 - tolerance:
                return t("compare_only_to", language, period=side.label,
                         day=format_date(shift(now.start + timedelta(days=int(last))), language), agency=name)
            if first > tolerance and last >= len(covered) - 1 - tolerance:
                return t("compare_only_from", language, period=side.label,
                         day=format_date(shift(now.start + timedelta(days=int(first))), language), agency=name)
        return t("compare_windows_differ", language, agency=name,
                 before=before.label, cover_before=_describe_coverage(
                     _coverage(rows_before, before.start, before.end), before.start, language),
                 now=now.label, cover_now=_describe_coverage(covered_now, now.start, language))
    return ""


def _tile(rows: _Rows, unit: str) -> dict:
    """The total of one headline as the tiles add it, with its counts."""
    return {"value": float(rows.value.sum()) if len(rows) else np.nan, "n_figures": len(rows),
            "n_sources": len(set(rows.source)), "estimate": bool(rows.prorated.any() or (unit == "USD" and len(rows)))}


def _compare_rows(rows_now: _Rows, rows_before: _Rows, now: Side, before: Side, metric: str, unit: str,
                  registry: AgencyRegistry | None, language: str, agency_id: str = "", province: str = "") -> dict:
    tile_now, tile_before = _tile(rows_now, unit), _tile(rows_before, unit)
    value_now, value_before = tile_now["value"], tile_before["value"]
    reason = _unfair_reason(rows_now, rows_before, now, before, registry, language)
    fair = reason == ""
    difference = value_now - value_before if fair else np.nan
    percent = difference / value_before * 100 if fair and value_before else np.nan
    if fair and not value_before:
        reason = t("compare_zero_base", language)
    return {
        "agency_id": agency_id, "province": province, "metric": metric, "unit": unit, "current": value_now,
        "previous": value_before, "difference": difference, "percent": percent, "fair": fair, "reason": reason,
        "estimate": tile_now["estimate"] or tile_before["estimate"],
        "current_n_figures": tile_now["n_figures"], "previous_n_figures": tile_before["n_figures"],
        "current_n_sources": tile_now["n_sources"], "previous_n_sources": tile_before["n_sources"],
    }


def compare_periods(figures: pd.DataFrame, filters: Filters, registry: AgencyRegistry | None = None,
                    language: str = "vi", pairs: list[tuple[str, str]] | None = None,
                    detail: bool = True, select_with: Callable[[Filters], Selection] | None = None) -> PeriodComparison:
    """The filters' period beside the same period one year earlier, for every headline and reporting unit.

    The period is ``filters.date_from`` to ``filters.date_to``; both are needed (a comparison of
    "all time" with itself a year earlier means nothing). ``detail=False`` skips the per-agency and
    per-province rows (the Overview's tiles need only the headline). ``select_with`` selects the figures of
    a period (the app passes its cached, shared selection); ``metrics.aggregate.select`` by default.
    """
    if filters.date_from is None or filters.date_to is None:
        raise ValueError(t("compare_needs_period", language))
    start_before, end_before = year_earlier(filters.date_from, filters.date_to)
    earlier = Filters(**{**filters.__dict__, "date_from": start_before, "date_to": end_before})
    choose = select_with or (lambda chosen: select(figures, chosen, registry))
    now = Side(filters.date_from, filters.date_to, period_label(filters.date_from, filters.date_to, language),
               choose(filters))
    before = Side(start_before, end_before, period_label(start_before, end_before, language), choose(earlier))
    current, previous = _Rows.of(now.selection.included), _Rows.of(before.selection.included)
    provinces = {a: province_of(a, registry) for a in set(current.agency) | set(previous.agency)}
    headline_rows, agency_rows, province_rows = [], [], []
    for metric, unit in pairs or HEADLINES:
        rows_now, rows_before = current.of_pair(metric, unit), previous.of_pair(metric, unit)
        if not len(rows_now) and not len(rows_before):
            continue
        headline_rows.append(_compare_rows(rows_now, rows_before, now, before, metric, unit, registry, language))
        if not detail:
            continue
        empty = np.empty(0, dtype=np.int64)
        by_now, by_before = rows_now.by(rows_now.agency), rows_before.by(rows_before.agency)
        for agency_id in sorted(set(by_now) | set(by_before)):
            agency_rows.append(_compare_rows(rows_now.take(by_now.get(agency_id, empty)),
                                             rows_before.take(by_before.get(agency_id, empty)),
                                             now, before, metric, unit, registry, language, agency_id=agency_id))
        by_now = rows_now.by(np.array([provinces[a] for a in rows_now.agency], dtype=object))
        by_before = rows_before.by(np.array([provinces[a] for a in rows_before.agency], dtype=object))
        for province in sorted((set(by_now) | set(by_before)) - {""}):
            province_rows.append(_compare_rows(rows_now.take(by_now.get(province, empty)),
                                               rows_before.take(by_before.get(province, empty)),
                                               now, before, metric, unit, registry, language, province=province))
    notes = [t("compare_usd_note", language)] if any(row["unit"] == "USD" for row in headline_rows) else []
    return PeriodComparison(now, before, pd.DataFrame(headline_rows, columns=COMPARISON_COLUMNS),
                            pd.DataFrame(agency_rows, columns=COMPARISON_COLUMNS),
                            pd.DataFrame(province_rows, columns=COMPARISON_COLUMNS), language, notes)


STATED_CHANGE_COLUMNS = ["change_id", "source_id", "figure_id", "quote", "direction", "amount", "is_percent", "unit",
                         "base", "base_year", "base_text"]
CHECK_COLUMNS = ["change_id", "source_id", "figure_id", "agency_id", "metric", "unit_norm", "quote", "stated",
                 "current", "previous", "difference", "percent", "status", "note"]


def stated_change_text(direction: str, amount: float, is_percent: bool, unit_label: str, language: str) -> str:
    """A stated change as a signed amount: "+12 vụ", "−8,5%"."""
    sign = "−" if direction == "down" else "+"
    if is_percent:
        return f"{sign}{format_number(amount, language)}%"
    return f"{sign}{format_number(amount, language)} {unit_label}".strip()


def _agrees(change, difference: float, percent: float) -> bool:
    """Within the rounding a report uses: a point of percentage (5% of a large one), half a unit (1% of a large amount)."""
    stated = -change.amount if change.direction == "down" else change.amount
    if change.is_percent:
        return not np.isnan(percent) and abs(percent - stated) <= max(1.0, 0.05 * abs(stated))
    return abs(difference - stated) <= max(0.5, 0.01 * abs(stated))


def check_stated_changes(changes: pd.DataFrame, figures: pd.DataFrame, registry: AgencyRegistry | None = None,
                         language: str = "vi") -> pd.DataFrame:
    """Each change a report states (``STATED_CHANGE_COLUMNS``) beside the change the archive computes for
    the figure it qualifies, over the same window and the same window a year earlier, same agency,
    metric and category. ``status``: agrees, disagrees, or unchecked (``note`` says why)."""
    rows = []
    by_id = figures.set_index(figures["figure_id"].astype(str)) if len(figures) else figures
    for change in changes.itertuples():
        figure_id = str(change.figure_id or "")
        figure = by_id.loc[figure_id] if figure_id and figure_id in by_id.index else None
        if isinstance(figure, pd.DataFrame):
            figure = figure.iloc[0]
        row = {"change_id": change.change_id, "source_id": change.source_id, "figure_id": figure_id,
               "agency_id": "", "metric": "", "unit_norm": "", "quote": change.quote,
               "stated": stated_change_text(change.direction, change.amount, change.is_percent,
                                             "" if figure is None else unit_label(str(figure["unit_norm"]), language),
                                             language),
               "current": np.nan, "previous": np.nan, "difference": np.nan, "percent": np.nan,
               "status": "unchecked", "note": ""}
        rows.append(row)
        if figure is None:
            row["note"] = t("stated_no_figure", language)
            continue
        row.update(agency_id=str(figure["agency_id"]), metric=str(figure["metric"]), unit_norm=str(figure["unit_norm"]))
        start, end = figure["period_start"], figure["period_end"]
        if not change.base:
            row["note"] = t("stated_no_base", language)
            continue
        if pd.isna(start) or pd.isna(end):
            row["note"] = t("stated_no_window", language)
            continue
        start, end = pd.Timestamp(start).date(), pd.Timestamp(end).date()
        if change.base == "year" and year_earlier(start, end) != (date(int(change.base_year), 1, 1), date(int(change.base_year), 12, 31)):
            row["note"] = t("stated_other_base", language, base=change.base_text, period=period_label(start, end, language))
            continue
        filters = Filters(date_from=start, date_to=end, agencies=(row["agency_id"],), metrics=(row["metric"],),
                          categories=(str(figure["category"]),))
        computed = compare_periods(figures, filters, registry, language, pairs=[(row["metric"], row["unit_norm"])]).headline
        if computed.empty:
            row["note"] = t("stated_not_counted", language)
            continue
        result = computed.iloc[0]
        row.update(current=result["current"], previous=result["previous"], difference=result["difference"],
                   percent=result["percent"])
        if not result["fair"]:
            row["note"] = result["reason"]
            continue
        row["status"] = "agrees" if _agrees(change, result["difference"], result["percent"]) else "disagrees"
        computed_text = (f"{format_number(result['percent'], language, 1)}%" if change.is_percent
                         else f"{format_number(result['difference'], language)} {unit_label(row['unit_norm'], language)}")
        if row["status"] == "disagrees":
            row["note"] = t("stated_disagrees", language, stated=row["stated"], computed=computed_text,
                            previous=format_number(result["previous"], language))
    return pd.DataFrame(rows, columns=CHECK_COLUMNS)


YEARLY_COLUMNS = ["year", "current", "previous", "difference", "percent", "fair", "reason", "estimate"]


def year_by_year(figures: pd.DataFrame, filters: Filters, metric: str, unit: str, registry: AgencyRegistry | None = None,
                 language: str = "vi", select_with: Callable[[Filters], Selection] | None = None) -> pd.DataFrame:
    """Each calendar year the figures' windows touch beside the year before, for one metric and unit
    (the filters' other choices apply; their period does not)."""
    rows = figures[(figures["metric"].astype(str) == metric).to_numpy()]
    starts, ends = rows["period_start"].dropna(), rows["period_end"].dropna()
    if starts.empty or ends.empty:
        return pd.DataFrame(columns=YEARLY_COLUMNS)
    out = []
    for year in range(pd.Timestamp(starts.min()).year, pd.Timestamp(ends.max()).year + 1):
        chosen = Filters(**{**filters.__dict__, "date_from": date(year, 1, 1), "date_to": date(year, 12, 31)})
        headline = compare_periods(figures, chosen, registry, language, pairs=[(metric, unit)], detail=False,
                                   select_with=select_with).headline
        if len(headline):
            row = headline.iloc[0]
            out.append({"year": year, **{c: row[c] for c in YEARLY_COLUMNS if c != "year"}})
    return pd.DataFrame(out, columns=YEARLY_COLUMNS)
