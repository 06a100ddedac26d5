"""ui.state: the view state and its query-string form (plain Python, no Streamlit run needed)."""

from datetime import date

import pytest

from ui.state import ViewState, full_query, parse_query, period_presets, preset_of, to_query

ALLOWED = {"country": {"VN", "LA"}, "agency": {"vn-bdbp", "la-pgd"}, "metric": {"cases"}, "category": {"heroin"}}


def test_empty_query_is_the_default_view():
    state = parse_query({}, ALLOWED)
    assert state == ViewState()
    assert to_query(state) == {}


def test_round_trip_with_repeated_keys():
    query = {"from": ["2024-01-01"], "to": ["2024-12-31"], "country": ["VN", "LA"], "agency": ["vn-bdbp", "la-pgd"],
             "metric": ["cases"], "category": ["heroin"], "rule": ["prorate"], "lang": ["en"]}
    state = parse_query(query, ALLOWED)
    assert state.agencies == ("vn-bdbp", "la-pgd")
    assert state.filters.outside_rule == "prorate"
    assert to_query(state) == query


@pytest.mark.parametrize(
    "query, problem",
    [
        ({"from": ["2024-13-01"]}, "from"),
        ({"agency": ["nobody"]}, "agency=nobody"),
        ({"country": ["KH"]}, "country=KH"),
    ],
)
def test_bad_values_are_dropped_and_named(query, problem):
    state = parse_query(query, ALLOWED)
    assert state == ViewState()
    assert any(problem in p for p in state.problems)


def test_swapped_dates_are_put_in_order():
    state = parse_query({"from": ["2025-01-01"], "to": ["2024-01-01"]}, ALLOWED)
    assert (state.date_from, state.date_to) == (date(2024, 1, 1), date(2025, 1, 1))
    assert state.problems


def test_country_codes_are_upper_case_and_comma_lists_accepted():
    assert parse_query({"country": ["vn,la"]}, ALLOWED).countries == ("VN", "LA")


def test_presets():
    presets = period_presets([2023, 2024], date(2026, 11, 23), "vi")
    keys = [p[0] for p in presets]
    assert keys == ["all", "2024", "2023", "last12", "ytd"]
    assert preset_of(ViewState(date_from=date(2024, 1, 1), date_to=date(2024, 12, 31)), presets) == "2024"
    assert preset_of(ViewState(date_from=date(2024, 2, 1)), presets) == "custom"
    assert dict((k, (s, e)) for k, _l, s, e in presets)["ytd"] == (date(2026, 1, 1), date(2026, 11, 23))


@pytest.mark.parametrize(
    "current, state, expected",
    [
        # a pick on the Drugs page: the page's own key stays where it was, the filter takes the pick
        ({"lang": ["en"], "g_brick": ["700"], "category": ["heroin"]}, ViewState(lang="en", categories=("ketamine",)),
         {"lang": ["en"], "g_brick": ["700"], "category": ["ketamine"]}),
        # a filter taken off leaves the URL; a page's key stays
        ({"category": ["heroin"], "source": ["src-1"]}, ViewState(), {"source": ["src-1"]}),
        # a URL that lost its filters (a page switch) gets the session's back, after the page's keys
        ({"rate": ["month"]}, ViewState(metrics=("cases",), countries=("VN", "LA")),
         {"rate": ["month"], "country": ["VN", "LA"], "metric": ["cases"]}),
        # a URL that still shows an older view (sent before the browser had the last answer) is overwritten
        ({"lang": ["en"], "category": ["heroin"]}, ViewState(lang="en"), {"lang": ["en"]}),
        # the default view is the plain address
        ({}, ViewState(), {}),
    ],
)
def test_full_query_says_the_state_and_keeps_other_keys(current, state, expected):
    query = full_query(state, current)
    assert query == expected
    assert list(query) == list(expected)
