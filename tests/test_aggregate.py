"""The period rule, the overlap rule and summaries, on hand-made figures and on the seeds."""

from datetime import date

import pandas as pd
import pytest

from metrics.aggregate import Filters, per_month_rate, select
from metrics.summary import summary
from metrics.figures import figures_from_bundle


def make(rows):
    """Figures frame from (id, agency, counterpart, metric, category, value, unit_norm, start, end)."""
    frame = pd.DataFrame(
        rows,
        columns=["figure_id", "agency_id", "counterpart_id", "metric", "category", "value_norm", "unit_norm",
                 "period_start", "period_end"],
    )
    frame["period_start"] = pd.to_datetime(frame["period_start"])
    frame["period_end"] = pd.to_datetime(frame["period_end"])
    frame["window_days"] = (frame["period_end"] - frame["period_start"]).dt.days + 1
    frame["source_id"] = "s-" + frame["figure_id"]
    frame["country"] = "VN"
    frame["estimated_kg"] = float("nan")
    frame["usd_equivalent"] = float("nan")
    frame["restates_figure_id"] = ""
    return frame


def test_overlapping_windows_are_never_summed():
    frame = make([
        ("a", "vn-bdbp", "", "cases", "all_crime", 100, "case", "2024-01-01", "2024-12-31"),
        ("b", "vn-bdbp", "", "cases", "all_crime", 60, "case", "2024-01-01", "2024-06-30"),
    ])
    selection = select(frame, Filters())
    assert list(selection.included["figure_id"]) == ["a"]
    assert list(selection.left_out["figure_id"]) == ["b"]
    assert selection.left_out.iloc[0]["kept_figure_id"] == "a"
    assert "overlaps" in selection.left_out.iloc[0]["reason"]
    assert summary(selection)["value"].tolist() == [100]


def test_adjacent_windows_are_summed():
    frame = make([
        ("h1", "vn-bdbp", "", "cases", "all_crime", 40, "case", "2024-01-01", "2024-06-30"),
        ("h2", "vn-bdbp", "", "cases", "all_crime", 50, "case", "2024-07-01", "2024-12-31"),
    ])
    assert summary(select(frame, Filters()))["value"].tolist() == [90]


def test_a_chain_of_overlaps_counts_once():
    frame = make([
        ("a", "vn-bdbp", "", "cases", "all_crime", 10, "case", "2024-01-01", "2024-04-30"),
        ("b", "vn-bdbp", "", "cases", "all_crime", 30, "case", "2024-03-01", "2024-09-30"),
        ("c", "vn-bdbp", "", "cases", "all_crime", 20, "case", "2024-09-01", "2024-10-31"),
    ])
    selection = select(frame, Filters())
    assert list(selection.included["figure_id"]) == ["b"]
    assert sorted(selection.left_out["figure_id"]) == ["a", "c"]


@pytest.mark.parametrize(
    "other",
    [
        ("x", "vn-nghean-police", "", "cases", "all_crime", 5, "case", "2024-01-01", "2024-12-31"),
        ("x", "vn-bdbp", "la-pgd", "cases", "all_crime", 5, "case", "2024-01-01", "2024-12-31"),
        ("x", "vn-bdbp", "", "persons_arrested", "all_crime", 5, "person", "2024-01-01", "2024-12-31"),
        # a sibling category: one inside the other nests (the category tree tests below)
        ("x", "vn-bdbp", "", "cases", "smuggling", 5, "case", "2024-01-01", "2024-12-31"),
    ],
    ids=["other agency", "other counterpart", "other metric", "other category"],
)
def test_overlap_rule_applies_only_within_the_same_keys(other):
    frame = make([("a", "vn-bdbp", "", "cases", "drug_trafficking", 100, "case", "2024-01-01", "2024-12-31"), other])
    assert len(select(frame, Filters()).included) == 2


def test_units_never_mix_in_a_summary():
    frame = make([
        ("bricks", "vn-bdbp", "", "drug_seized", "heroin", 10, "brick", "2024-01-01", "2024-12-31"),
        ("grams", "vn-bdbp", "", "drug_seized", "heroin", 0.0967, "kg", "2024-01-01", "2024-12-31"),
    ])
    table = summary(select(frame, Filters()), by=["metric", "category"])
    assert sorted(zip(table["unit_norm"], table["value"])) == [("brick", 10), ("kg", 0.0967)]


def test_window_sticking_out_is_left_out_by_default_and_listed():
    frame = make([
        ("in", "vn-bdbp", "", "cases", "all_crime", 10, "case", "2024-02-01", "2024-02-29"),
        ("out", "vn-bdbp", "", "victims_rescued", "human_trafficking", 12, "victim", "2023-07-01", "2024-06-30"),
        ("far", "vn-bdbp", "", "cases", "all_crime", 99, "case", "2020-01-01", "2020-12-31"),
    ])
    selection = select(frame, Filters(date_from=date(2024, 1, 1), date_to=date(2024, 12, 31)))
    assert list(selection.included["figure_id"]) == ["in"]
    assert list(selection.left_out["figure_id"]) == ["out"]
    assert selection.left_out.iloc[0]["reason"] == "reporting window sticks out of the period"


def test_prorating_by_days_is_an_estimate():
    frame = make([("out", "vn-bdbp", "", "victims_rescued", "human_trafficking", 366, "victim", "2023-07-01", "2024-06-30")])
    selection = select(frame, Filters(date_from=date(2024, 1, 1), date_to=date(2024, 12, 31), outside_rule="prorate"))
    row = selection.included.iloc[0]
    assert row["share"] == pytest.approx(182 / 366)
    assert bool(row["prorated"])
    table = summary(selection)
    assert table["value"].iloc[0] == pytest.approx(182)
    assert bool(table["estimate"].iloc[0])


def test_open_window_cannot_be_placed_in_a_bounded_period():
    frame = make([("open", "vn-nghean-police", "", "facilities_built", "village_police_post", 21, "facility", None, "2023-07-05")])
    assert len(select(frame, Filters()).included) == 1
    selection = select(frame, Filters(date_from=date(2023, 1, 1), outside_rule="prorate"))
    assert selection.included.empty
    assert "no start" in selection.left_out.iloc[0]["reason"]


def test_restated_figures_are_counted_once():
    frame = make([
        ("packs", "vn-bdbp", "", "drug_seized", "synthetic_drugs", 4405, "package", "2024-01-01", "2024-01-01"),
        ("pills", "vn-bdbp", "", "drug_seized", "synthetic_drugs", 8_810_000, "tablet", "2024-01-01", "2024-01-01"),
    ])
    frame.loc[1, "restates_figure_id"] = "packs"
    selection = select(frame, Filters())
    assert list(selection.included["figure_id"]) == ["packs"]
    assert selection.left_out.iloc[0]["reason"] == "restates figure packs"


def test_agency_filter_includes_sub_units(seed_figures, bundle):
    la = select(seed_figures, Filters(agencies=("vn-mps",)), bundle.registry)
    assert set(la.included["agency_id"]) == {"vn-nghean-police"}
    # BĐBP's own results in seed 003; the 15 that Lao forces made on its advice are the Lao forces'.
    assert len(select(seed_figures, Filters(agencies=("vn-mond",)), bundle.registry).included) == 4


def test_country_metric_and_category_filters(seed_figures, bundle):
    # The Lao forces made the 24 arrests and these seizures on BĐBP's advice: their country's figures.
    selection = select(seed_figures, Filters(countries=("LA",), metrics=("drug_seized",), categories=("heroin",)), bundle.registry)
    assert sorted(selection.included["figure_id"]) == ["003-05", "003-06"]
    assert select(seed_figures, Filters(countries=("VN",), metrics=("drug_seized",)), bundle.registry).included.empty
    assert len(select(seed_figures, Filters(countries=("LA",)), bundle.registry).included) == 15


def test_seed_summary_keeps_credited_and_partner_roles_apart(seed_figures, bundle):
    table = summary(select(seed_figures, Filters(), bundle.registry)).set_index(["counterpart_id", "metric"])
    assert table.loc[("", "cases"), "value"] == 128
    assert table.loc[("vn-bdbp", "cases"), "value"] == 24  # the Lao forces' arrests, BĐBP the adviser
    assert table.loc[("la-pgd", "outreach_attendees"), "value"] == 852_004


def test_per_month_rate_normalises_window_length():
    frame = make([
        ("year", "vn-bdbp", "", "cases", "all_crime", 120, "case", "2023-01-01", "2023-12-31"),
        ("month", "vn-bdbp", "", "cases", "all_crime", 10, "case", "2024-01-01", "2024-01-31"),
    ])
    rates = per_month_rate(frame)
    assert rates.iloc[0] == pytest.approx(120 / (365 / (365.25 / 12)))
    assert rates.iloc[1] == pytest.approx(10 / (31 / (365.25 / 12)))


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"outside_rule": "sum"}, "outside_rule must be one of"),
        ({"date_from": date(2025, 1, 1), "date_to": date(2024, 1, 1)}, "starts (2025-01-01) after it ends"),
    ],
)
def test_bad_filters_are_refused_with_a_sentence(kwargs, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Filters(**kwargs)


def test_left_out_count_and_head_agree_with_the_built_list():
    frame = make([
        ("a", "vn-bdbp", "", "cases", "all_crime", 100, "case", "2024-01-01", "2024-12-31"),
        ("b", "vn-bdbp", "", "cases", "all_crime", 60, "case", "2024-01-01", "2024-06-30"),
        ("c", "vn-bdbp", "", "persons_arrested", "", 7, "person", "2023-06-01", "2024-03-31"),
        ("d", "vn-bdbp", "", "persons_arrested", "", 5, "person", "2024-02-01", "2024-02-29"),
    ])
    selection = select(frame, Filters(date_from=date(2024, 1, 1), date_to=date(2024, 12, 31)))
    persons = lambda f: f["metric"] == "persons_arrested"  # noqa: E731
    assert selection.left_out_count() == 2 == selection.n_left_out
    assert selection.left_out_count(persons) == 1
    assert selection.left_out_head(5, persons)["figure_id"].tolist() == ["c"]
    assert sorted(selection.left_out["figure_id"]) == ["b", "c"]
    assert selection.left_out_count() == 2  # the same once the list is built


def test_a_period_that_cuts_an_overlap_cluster_gives_the_rest_their_own_winner():
    """On a frame with its precomputed overlap index (as the app loads it), a cluster the period cuts is worked out again."""
    from metrics.snapshot import compact

    frame = compact(make([
        ("a", "vn-bdbp", "", "cases", "all_crime", 100, "case", "2024-01-01", "2024-12-31"),
        ("b", "vn-bdbp", "", "cases", "all_crime", 60, "case", "2024-03-01", "2024-04-30"),
        ("c", "vn-bdbp", "", "cases", "all_crime", 20, "case", "2024-04-15", "2024-05-31"),
    ]))
    whole_year = select(frame, Filters(date_from=date(2024, 1, 1), date_to=date(2024, 12, 31)))
    assert whole_year.included["figure_id"].tolist() == ["a"]
    assert whole_year.left_out.set_index("figure_id")["kept_figure_id"].to_dict() == {"b": "a", "c": "a"}
    spring = select(frame, Filters(date_from=date(2024, 2, 1), date_to=date(2024, 6, 30)))
    assert spring.included["figure_id"].tolist() == ["b"]
    assert spring.left_out.set_index("figure_id")["kept_figure_id"].to_dict() == {"a": "", "c": "b"}


def test_left_out_rows_carry_their_own_share():
    """Under pro-rating, a loser of the overlap rule is listed with the share it would have had."""
    frame = make([
        ("w", "vn-bdbp", "", "cases", "all_crime", 100, "case", "2023-07-01", "2024-06-30"),  # 182 of 366 days in 2024
        ("l", "vn-bdbp", "", "cases", "all_crime", 60, "case", "2023-10-01", "2024-03-31"),  # 91 of 183 days
        ("o", "vn-bdbp", "", "persons_arrested", "", 5, "person", None, "2024-02-29"),  # open start: left out
        ("r", "vn-bdbp", "", "persons_arrested", "", 9, "person", "2024-01-01", "2024-01-31"),
        ("x", "vn-bdbp", "", "persons_arrested", "", 9, "person", "2024-01-01", "2024-01-31"),
    ])
    frame.loc[frame["figure_id"] == "x", "restates_figure_id"] = "r"
    selection = select(frame, Filters(date_from=date(2024, 1, 1), date_to=date(2024, 12, 31), outside_rule="prorate"))
    left = selection.left_out.set_index("figure_id")
    assert sorted(left.index) == ["l", "o", "x"]
    assert left.loc["l", "share"] == pytest.approx(91 / 183) and bool(left.loc["l", "prorated"])
    assert left.loc["o", "share"] == 1.0 and not left.loc["o", "prorated"]
    assert left.loc["x", "share"] == 1.0 and left.loc["x", "kept_figure_id"] == "r"
    included = selection.included.set_index("figure_id")
    assert included.loc["w", "share"] == pytest.approx(182 / 366)
    assert selection.left_out_head(1, start=2)["figure_id"].tolist() == [selection.left_out["figure_id"].iloc[2]]


# --- Issues "Agencies as they really are" and "Categories nest like agencies": the reports of the
# issues, through the real extractor and ingest into a store, then totals.

from metrics.access import Actor  # noqa: E402
from metrics.headlines import headline_tiles  # noqa: E402
from metrics.ingest import ingest_bytes  # noqa: E402
from metrics.snapshot import compact  # noqa: E402
from metrics.store import Store  # noqa: E402

EDITOR = Actor("an@example.org", True, "test editor")
QUANG_TRI = "Trong 6 tháng đầu năm 2024, BĐBP tỉnh Quảng Trị đã bắt giữ 40 vụ, 52 đối tượng."
NGHE_AN = "Trong 6 tháng đầu năm 2024, BĐBP tỉnh Nghệ An đã bắt giữ 35 vụ, 41 đối tượng."
NATIONAL = "Trong 6 tháng đầu năm 2024, Bộ đội Biên phòng đã bắt giữ 500 vụ vi phạm pháp luật."
QUANG_TRI_EN = "In the first six months of 2024, the Quang Tri Border Guard arrested 40 cases involving 52 people."
BORDER_POST = "Ngày 3/5/2024, Đồn Biên phòng Na Mèo (BĐBP tỉnh Thanh Hóa) bắt giữ 12 đối tượng."
NATIONAL_DRUGS = "Năm 2024, Bộ đội Biên phòng đã phát hiện, bắt giữ 1.250 vụ, 1.840 đối tượng phạm tội về ma túy."
PROVINCE_ALL = "Trong 6 tháng đầu năm 2024, BĐBP tỉnh Quảng Trị đã bắt giữ 22 vụ, 31 đối tượng."
YEAR_2024 = Filters(date_from=date(2024, 1, 1), date_to=date(2024, 12, 31))


@pytest.fixture
def empty_store(tmp_path):
    return Store(tmp_path / "issue.sqlite")


def ingested(store, *reports, language="vi"):
    """Ingest each report (accepted) and return its figures as the app loads them (the store also holds the
    seeds), and the store's registry."""
    stored = []
    for number, (text, lang) in enumerate(reports):
        result = ingest_bytes(store, EDITOR, text.encode("utf-8"), f"report-{number}.txt", published="2024-12-31",
                              language=lang, accept=True, publisher=f"outlet {number}")
        assert result.outcome == "stored" and result.left_pending == 0, result.line()
        stored.append(result.source_id)
    bundle = store.bundle()
    figures = figures_from_bundle(bundle)
    return figures[figures["source_id"].isin(stored)].reset_index(drop=True), bundle.registry


def cases_by(selection, registry, top="vn-bdbp"):
    included = selection.included
    cases = included[(included["metric"] == "cases") & included["agency_id"].isin(registry.descendants(top))]
    return cases["value_norm"].sum()


def test_two_provincial_tallies_add_up_to_the_border_guard(empty_store):
    figures, registry = ingested(empty_store, (QUANG_TRI, "vi"), (NGHE_AN, "vi"))
    for frame in (figures, compact(figures)):
        selection = select(frame, YEAR_2024, registry)
        assert cases_by(selection, registry) == 75
        by_unit = selection.included[selection.included["metric"] == "cases"].set_index("agency_id")["value_norm"]
        assert by_unit.to_dict() == {"vn-bdbp-quangtri": 40, "vn-bdbp-nghean": 35}


def test_a_national_tally_holds_the_provinces_and_its_remainder(empty_store):
    figures, registry = ingested(empty_store, (QUANG_TRI, "vi"), (NGHE_AN, "vi"), (NATIONAL, "vi"),
                                 (QUANG_TRI_EN, "en"))
    for frame, filters in ((figures, YEAR_2024), (compact(figures), Filters())):
        selection = select(frame, filters, registry)
        assert cases_by(selection, registry) == 500
        nested = selection.nested[selection.nested["metric"] == "cases"]
        assert sorted(nested["value_norm"]) == [35, 40] and set(nested["inside_figure_id"]) == set(
            selection.included.loc[selection.included["metric"] == "cases", "figure_id"])
        cases = summary(selection)
        cases = cases[cases["metric"] == "cases"].set_index("agency_id")
        assert cases["value"].to_dict() == {"vn-bdbp": 425, "vn-bdbp-nghean": 35, "vn-bdbp-quangtri": 40}
        assert cases.loc["vn-bdbp", "value_inside"] == 75 and cases["value"].sum() == 500
        reasons = selection.left_out.set_index("quote")["reason"]
        assert "the same figure reported by another source" in reasons["40 cases"]
        assert reasons["40 vụ"].startswith("a sub-unit's figure inside the parent's tally")


def test_the_english_report_lands_on_the_quang_tri_command(empty_store):
    figures, _registry = ingested(empty_store, (QUANG_TRI_EN, "en"))
    assert set(figures["agency_id"]) == {"vn-bdbp-quangtri"}


def test_an_unregistered_border_post_is_stored_as_a_child_of_its_command(empty_store):
    figures, registry = ingested(empty_store, (BORDER_POST, "vi"))
    (post,) = set(figures["agency_id"])
    assert registry[post].parent_id == "vn-bdbp-thanhhoa" and registry[post].kind == "border post"
    assert registry[post].name_vi == "Đồn Biên phòng Na Mèo"
    assert registry[post].added_from_text and not registry[post].reviewed
    added = empty_store.audit_frame("agency", post)
    assert added["action"].tolist() == ["agency.add"]
    # A later report naming it finds it in the store's registry, not a second proposal.
    again, registry = ingested(empty_store, (BORDER_POST.replace("12", "7").replace("3/5", "9/6"), "vi"))
    assert set(again["agency_id"]) == {post}


def test_a_national_drug_tally_holds_a_provincial_all_offence_tally(empty_store):
    figures, registry = ingested(empty_store, (NATIONAL_DRUGS, "vi"), (PROVINCE_ALL, "vi"))
    for frame in (figures, compact(figures)):
        selection = select(frame, YEAR_2024, registry)
        assert headline_tiles(selection.included).set_index("metric").loc["cases", "value"] == 1250
        (inside,) = selection.nested.loc[selection.nested["metric"] == "cases", "value_norm"]
        assert inside == 22
        reasons = selection.left_out.set_index("quote")["reason"]
        assert reasons["22 vụ"].startswith("possibly the same cases as the parent's tally of a narrower category")
        drugs_only = select(frame, Filters(date_from=date(2024, 1, 1), date_to=date(2024, 12, 31),
                                           categories=("drug_trafficking",)), registry)
        assert headline_tiles(drugs_only.included).set_index("metric").loc["cases", "value"] == 1250
        not_comparable = drugs_only.left_out.set_index("quote")["reason"]
        assert "not comparable" in not_comparable["22 vụ"]


# --- Issue 10, "Sources": the same figure from several outlets counts once and says how many report it.

QUANG_TRI_OTHER_OUTLET = ("6 tháng đầu năm 2024, Bộ đội Biên phòng tỉnh Quảng Trị bắt giữ 40 vụ, "
                          "52 đối tượng vi phạm pháp luật.")
ARTICLE = ("Quảng Trị: Bộ đội Biên phòng tỉnh tổng kết công tác 6 tháng đầu năm. Trong 6 tháng đầu năm 2024, BĐBP "
           "tỉnh Quảng Trị đã bắt giữ 40 vụ, 52 đối tượng. Lực lượng chức năng đã phối hợp chặt chẽ với lực lượng "
           "bảo vệ biên giới Lào trong tuần tra song phương, trao đổi thông tin và tuyên truyền pháp luật cho nhân "
           "dân các bản dọc biên giới.")
ARTICLE_COPY = "Tin từ báo Biên phòng, đăng lại. " + ARTICLE + " Ý kiến bạn đọc: gửi về tòa soạn."


def quang_tri_cases(selection):
    table = summary(selection)
    return table[(table["metric"] == "cases") & (table["agency_id"] == "vn-bdbp-quangtri")].iloc[0]


def test_three_outlets_reporting_the_same_figure_count_once_from_three_sources(empty_store):
    figures, registry = ingested(empty_store, (QUANG_TRI, "vi"), (QUANG_TRI_OTHER_OUTLET, "vi"), (QUANG_TRI_EN, "en"))
    for frame in (figures, compact(figures)):
        for filters in (YEAR_2024, Filters()):
            selection = select(frame, filters, registry)
            row = quang_tri_cases(selection)
            assert (row["value"], row["n_figures"], row["n_sources"]) == (40, 1, 3)
            standing = selection.included.set_index("metric").loc["cases"]
            assert sorted([standing["source_id"], *standing["also_reported_by"].split(";")]) == sorted(set(figures["source_id"]))
            tile = headline_tiles(selection.included).set_index("metric").loc["cases"]
            assert (tile["value"], tile["n_figures"], tile["n_sources"]) == (40, 1, 3)


def test_a_syndicated_copy_counts_as_one_source_more(empty_store):
    figures, registry = ingested(empty_store, (ARTICLE, "vi"), (QUANG_TRI_EN, "en"))
    copied = ingest_bytes(empty_store, EDITOR, ARTICLE_COPY.encode("utf-8"), "copy.txt", published="2024-12-31",
                          language="vi", accept=True, publisher="outlet copy")
    assert copied.outcome == "copy"
    bundle = empty_store.bundle()
    figures = figures_from_bundle(bundle)
    figures = figures[figures["source_id"].isin(set(figures["source_id"]) - {"001", "002", "003", "004", "005"})]
    selection = select(figures.reset_index(drop=True), YEAR_2024, bundle.registry)
    row = quang_tri_cases(selection)
    # the article, its copy, and the English report of the same figure
    assert (row["value"], row["n_figures"], row["n_sources"]) == (40, 1, 3)
