"""The view state (language and filters) and its URL query string form. Plain Python: no Streamlit here.

Keys: ``from``, ``to`` (YYYY-MM-DD), ``country``, ``agency``, ``metric``, ``category`` (each may
repeat), ``rule`` (``prorate``; leaving out is the default), ``predecessors`` (``1``: the chosen
units' predecessors too), ``lang`` (``en``; Vietnamese is the default). A default value is left out of the URL, so the plain address is the default view.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from metrics.aggregate import Filters
from metrics.i18n import language_of, t

__all__ = ["ViewState", "QUERY_KEYS", "parse_query", "to_query", "full_query", "period_presets", "preset_of"]

QUERY_KEYS = ("from", "to", "country", "agency", "metric", "category", "rule", "predecessors", "lang")
_LIST_KEYS = {"country": "countries", "agency": "agencies", "metric": "metrics", "category": "categories"}


@dataclass(frozen=True)
class ViewState:
    lang: str = "vi"
    date_from: date | None = None
    date_to: date | None = None
    countries: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    metrics: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    rule: str = "exclude"
    with_predecessors: bool = False
    problems: tuple[str, ...] = field(default=(), compare=False)

    @property
    def filters(self) -> Filters:
        return Filters(
            date_from=self.date_from,
            date_to=self.date_to,
            countries=self.countries,
            agencies=self.agencies,
            metrics=self.metrics,
            categories=self.categories,
            outside_rule=self.rule,
            with_predecessors=self.with_predecessors and bool(self.agencies),
        )


def _date(text: str, key: str, problems: list[str], language: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        problems.append(f"{key}: " + t("bad_date", language, value=text))
        return None


def parse_query(params: dict[str, list[str]], allowed: dict[str, set[str]] | None = None) -> ViewState:
    """The view a query string asks for. Values that make no sense are dropped and named in ``problems``.

    ``params`` maps each key to all its values (Streamlit's ``query_params.get_all``);
    ``allowed`` maps list keys (country, agency, metric, category) to the values the data knows.
    """
    problems: list[str] = []
    language = language_of((params.get("lang") or [""])[-1])
    date_from = _date((params.get("from") or [""])[-1], "from", problems, language)
    date_to = _date((params.get("to") or [""])[-1], "to", problems, language)
    if date_from and date_to and date_from > date_to:
        date_from, date_to = date_to, date_from
        problems.append(t("swapped_dates", language))
    lists: dict[str, tuple[str, ...]] = {}
    for key, attribute in _LIST_KEYS.items():
        values: list[str] = []
        for value in params.get(key) or []:
            for part in str(value).split(","):
                part = part.strip()
                if key == "country":
                    part = part.upper()
                if not part or part in values:
                    continue
                if allowed is not None and key in allowed and part not in allowed[key]:
                    problems.append(t("unknown_value", language, name=key, value=part))
                    continue
                values.append(part)
        lists[attribute] = tuple(values)
    rule = "prorate" if (params.get("rule") or [""])[-1] == "prorate" else "exclude"
    with_predecessors = (params.get("predecessors") or [""])[-1] == "1"
    return ViewState(language, date_from, date_to, rule=rule, with_predecessors=with_predecessors,
                     problems=tuple(problems), **lists)


def to_query(state: ViewState) -> dict[str, list[str]]:
    """The query string for a view: only what differs from the default."""
    query: dict[str, list[str]] = {}
    if state.date_from:
        query["from"] = [state.date_from.isoformat()]
    if state.date_to:
        query["to"] = [state.date_to.isoformat()]
    for key, attribute in _LIST_KEYS.items():
        values = getattr(state, attribute)
        if values:
            query[key] = list(values)
    if state.rule == "prorate":
        query["rule"] = ["prorate"]
    if state.with_predecessors and state.agencies:
        query["predecessors"] = ["1"]
    if state.lang == "en":
        query["lang"] = ["en"]
    return query


def full_query(state: ViewState, current: dict[str, list[str]]) -> dict[str, list[str]]:
    """The whole query string that shows ``state``: its filter keys from ``state``, every other key (a page's
    own, such as ``g_brick``) as in ``current``, in ``current``'s order; filter keys it lacks come last."""
    wanted = to_query(state)
    query = {key: (wanted[key] if key in QUERY_KEYS else values)
             for key, values in current.items() if key not in QUERY_KEYS or key in wanted}
    return query | {key: values for key, values in wanted.items() if key not in query}


def period_presets(years: list[int], today: date, language: str) -> list[tuple[str, str, date | None, date | None]]:
    """(key, label, from, to) for each period preset: all, each year in the data, last 12 months, year to date."""
    presets = [("all", t("period_all", language), None, None)]
    for year in sorted(years, reverse=True):
        presets.append((str(year), t("period_year", language, year=year), date(year, 1, 1), date(year, 12, 31)))
    presets.append(("last12", t("period_last12", language), today - timedelta(days=365) + timedelta(days=1), today))
    presets.append(("ytd", t("period_ytd", language), date(today.year, 1, 1), today))
    return presets


def preset_of(state: ViewState, presets) -> str:
    """The preset whose dates the state has, or ``custom``."""
    for key, _label, start, end in presets:
        if (state.date_from, state.date_to) == (start, end):
            return key
    return "custom"


def with_period(state: ViewState, start: date | None, end: date | None) -> ViewState:
    return replace(state, date_from=start, date_to=end)
