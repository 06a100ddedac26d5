"""The same figure from several outlets and conflicting figures: counted, listed side by side, shown on the pages.

Three outlets report Quảng Trị's first half of 2024: two give 40 cases, one 42 (a conflict); all three
give 52 persons (the same figure, counted once, from three sources).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from metrics.access import Actor
from metrics.aggregate import Filters, select
from metrics.summary import summary
from metrics.figures import figures_from_bundle
from metrics.headlines import headline_tiles
from metrics.i18n import t
from metrics.ingest import ingest_bytes
from metrics.restatements import CONFLICT_COLUMNS, SourceCounter
from metrics.store import Store

APP = str(Path(__file__).resolve().parent.parent / "app.py")
EDITOR = Actor("an@example.org", True, "test editor")
REPORTS = [
    ("Trong 6 tháng đầu năm 2024, BĐBP tỉnh Quảng Trị đã bắt giữ 40 vụ, 52 đối tượng.", "vi"),
    ("6 tháng đầu năm 2024, Bộ đội Biên phòng tỉnh Quảng Trị bắt giữ 42 vụ, 52 đối tượng vi phạm pháp luật.", "vi"),
    ("In the first six months of 2024, the Quang Tri Border Guard arrested 40 cases involving 52 people.", "en"),
]
HALF_YEAR = Filters(date_from=date(2024, 1, 1), date_to=date(2024, 6, 30), agencies=("vn-bdbp-quangtri",))


def fill(store: Store) -> list[str]:
    ids = []
    for number, (text, language) in enumerate(REPORTS):
        result = ingest_bytes(store, EDITOR, text.encode("utf-8"), f"report-{number}.txt", published="2024-07-05",
                              language=language, accept=True, publisher=f"outlet {number}")
        assert result.outcome == "stored", result.line()
        ids.append(result.source_id)
    return ids


@pytest.fixture
def store(tmp_path):
    store = Store(tmp_path / "store.sqlite")
    fill(store)
    return store


def test_the_same_figure_stands_once_with_every_outlet_that_reports_it(store):
    bundle = store.bundle()
    selection = select(figures_from_bundle(bundle), HALF_YEAR, bundle.registry)
    persons = selection.included.set_index("metric").loc["persons_arrested"]
    assert (persons["value_norm"], persons["n_sources"]) == (52, 3)
    assert len(persons["also_reported_by"].split(";")) == 2
    tiles = headline_tiles(selection.included).set_index("metric")
    assert (tiles.loc["persons_arrested", "n_figures"], tiles.loc["persons_arrested", "n_sources"]) == (1, 3)
    assert selection.n_sources == 3


def test_a_conflict_is_listed_side_by_side_and_marked_on_the_total(store):
    bundle = store.bundle()
    selection = select(figures_from_bundle(bundle), HALF_YEAR, bundle.registry)
    assert selection.n_conflicts == 1
    (conflict,) = selection.conflicts.to_dict("records")
    assert list(selection.conflicts.columns) == CONFLICT_COLUMNS
    assert sorted([conflict["quote"], conflict["other_quote"]]) == ["40 vụ", "42 vụ"]
    assert conflict["source_publisher"] != conflict["other_source_publisher"]
    cases = summary(selection).set_index("metric").loc["cases"]
    assert (cases["value"], cases["n_conflicts"], cases["n_sources"]) == (40, 1, 2)  # 40 from the VI and EN outlets


@pytest.mark.parametrize("rows, expected", [
    # (source, its publications, also reported by, their publications) -> publications reporting the rows
    ([("a", 1, "", "")], 1),
    ([("a", 2, "", "")], 2),  # a document and one syndicated copy
    ([("a", 1, "b;c", "1;3")], 5),
    ([("a", 1, "b", "1"), ("b", 1, "", "")], 2),  # b counted once though it reports one figure and stands for another
    ([("a", 1, "", ""), ("a", 1, "", "")], 1),
])
def test_source_counter_counts_each_document_once_with_its_copies(rows, expected):
    frame = pd.DataFrame(rows, columns=["source_id", "source_publications", "also_reported_by",
                                        "also_reported_publications"])
    frame["n_sources"] = [own + sum(int(c) for c in counts.split(";") if c) for _s, own, _ids, counts in rows]
    counter = SourceCounter(frame)
    assert counter.total() == expected
    assert counter.by_group(np.zeros(len(frame), dtype=np.int64), 1).tolist() == [expected]


@pytest.fixture
def app_store(tmp_path, monkeypatch):
    path = tmp_path / "store.sqlite"
    fill(Store(path))
    monkeypatch.setenv("BORDER_METRICS_DB", str(path))
    st.cache_resource.clear()
    st.cache_data.clear()
    yield path
    st.cache_resource.clear()
    st.cache_data.clear()


def test_overview_counts_three_sources_and_lists_the_conflict_with_both_quotes(app_store):
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in {"agency": "vn-bdbp-quangtri", "from": "2024-01-01", "to": "2024-06-30", "lang": "en"}.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    caption_lines = [line for c in at.caption for line in c.value.split("  \n")]  # a tile's lines share one caption
    assert t("tile_sources", "en", n=1, m=3) in caption_lines  # 52 persons: one figure, three outlets
    label = t("conflicts", "en", n=1)
    (box,) = [e for e in at.expander if e.label == label]
    at.session_state["left_out_conflicts_open"] = True  # open it, as a click does
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    tables = [d.value for d in at.dataframe if t("col_other_quote", "en") in d.value.columns]
    (table,) = tables
    assert sorted([table[t("col_counted_quote", "en")].iloc[0], table[t("col_other_quote", "en")].iloc[0]]) == [
        "40 vụ", "42 vụ"]


def test_agencies_roles_table_counts_every_outlet(store):
    from metrics.roles import agency_roles

    bundle = store.bundle()
    selection = select(figures_from_bundle(bundle), HALF_YEAR, bundle.registry)
    roles = agency_roles(selection.included, bundle.registry).set_index(["agency_id", "metric"])
    assert roles.loc[("vn-bdbp-quangtri", "persons_arrested"), "n_sources"] == 3
    assert roles.loc[("vn-bdbp-quangtri", "cases"), "n_sources"] == 2
