"""Vega-Lite specs for the year-on-year charts, and their PNG images rendered without a browser (vl-convert).

Plain specs (dicts), shared by the Trends page (drawn by the browser) and the briefing document
(rendered here to PNG). Numbers and dates follow the reader's language (d3 locales).
"""

from __future__ import annotations

import pandas as pd

__all__ = ["year_on_year_spec", "yearly_spec", "render_png", "D3_LOCALE"]

# d3-format locales (d3 ships none for Vietnamese: 1.234,5 is written out here).
D3_LOCALE = {"vi": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " ₫"]}, "en": "en-US"}
_PREVIOUS_COLOUR, _CURRENT_COLOUR = "#9db4cf", "#1f5f99"


def year_on_year_spec(rows: pd.DataFrame, previous_label: str, current_label: str, title: str = "",
                      columns: int = 3) -> dict | None:
    """Bars of the same period a year earlier beside the chosen period, one small chart per ``rows["label"]``
    (each with its own scale: cases and kilograms never share an axis). ``rows``: label, previous, current."""
    values = []
    for row in rows.itertuples(index=False):
        for period, value in ((previous_label, row.previous), (current_label, row.current)):
            if pd.notna(value):
                values.append({"label": row.label, "period": period, "value": float(value)})
    if not values:
        return None
    order = [previous_label, current_label]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": title or None,
        "data": {"values": values},
        "facet": {"field": "label", "type": "nominal", "title": None, "sort": list(dict.fromkeys(rows["label"]))},
        "columns": columns,
        "spec": {
            "width": 150, "height": 140,
            "layer": [
                {"mark": {"type": "bar"},
                 "encoding": {
                     "x": {"field": "period", "type": "nominal", "sort": order, "title": None, "axis": {"labelAngle": 0}},
                     "y": {"field": "value", "type": "quantitative", "title": None},
                     "color": {"field": "period", "type": "nominal", "sort": order, "legend": None,
                               "scale": {"domain": order, "range": [_PREVIOUS_COLOUR, _CURRENT_COLOUR]}},
                     "tooltip": [{"field": "period", "type": "nominal"}, {"field": "value", "type": "quantitative", "format": ",.6~r"}],
                 }},
                {"mark": {"type": "text", "dy": -6},
                 "encoding": {"x": {"field": "period", "type": "nominal", "sort": order},
                              "y": {"field": "value", "type": "quantitative"},
                              "text": {"field": "value", "type": "quantitative", "format": ",.6~r"}}},
            ],
        },
        "resolve": {"scale": {"y": "independent"}},
    }


def render_png(spec: dict, language: str = "vi", scale: float = 2.0) -> bytes:
    """The chart as PNG bytes, rendered by vl-convert (no browser), numbers in the language's format."""
    import vl_convert  # loaded only when a chart is rendered (the briefing), not when a page draws its spec

    return vl_convert.vegalite_to_png(vl_spec=spec, scale=scale, format_locale=D3_LOCALE.get(language, D3_LOCALE["vi"]))


def yearly_spec(years: pd.DataFrame, value_title: str, change_title: str, note_title: str) -> dict | None:
    """One bar per calendar year (``years``: year, current, percent, reason), the change against the year before
    in the tooltip where the comparison is fair and the reason where it is not."""
    values = [{"year": str(int(r.year)), "value": float(r.current),
               "change": "" if pd.isna(r.percent) else f"{r.percent:+.1f}%", "note": r.reason}
              for r in years.itertuples(index=False) if pd.notna(r.current)]
    if not values:
        return None
    return {
        "data": {"values": values},
        "mark": {"type": "bar", "color": _CURRENT_COLOUR},
        "encoding": {
            "x": {"field": "year", "type": "ordinal", "title": None, "axis": {"labelAngle": 0}},
            "y": {"field": "value", "type": "quantitative", "title": value_title},
            "tooltip": [{"field": "year", "type": "ordinal"},
                        {"field": "value", "type": "quantitative", "title": value_title, "format": ",.6~r"},
                        {"field": "change", "title": change_title}, {"field": "note", "title": note_title}],
        },
        "height": 220,
    }
