"""A small invented archive: two years (2024, 2025) of tallies from provincial Border Guard commands.

Written as a bundle on top of the seed bundle's tables (its agencies, rates and conversions), so
the agency registry, the normaliser and the overlap rule are the real ones. Every figure's quote
is a sentence of the kind provincial reports print; the test modules say what each one is for.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd

from metrics.bundle import load_bundle, read_table

# (id, Vietnamese name, English name, ISO 3166-2): provincial commands under the national Border Guard.
PROVINCES = [
    ("vn-test-bdbp-qt", "Bộ Chỉ huy BĐBP tỉnh Quảng Trị (thử)", "Quang Tri Border Guard (test)", "VN-25"),
    ("vn-test-bdbp-na", "Bộ Chỉ huy BĐBP tỉnh Nghệ An (thử)", "Nghe An Border Guard (test)", "VN-22"),
    ("vn-test-bdbp-ht", "Bộ Chỉ huy BĐBP tỉnh Hà Tĩnh (thử)", "Ha Tinh Border Guard (test)", "VN-23"),
    ("vn-test-bdbp-qb", "Bộ Chỉ huy BĐBP tỉnh Quảng Bình (thử)", "Quang Binh Border Guard (test)", "VN-24"),
    ("vn-test-bdbp-th", "Bộ Chỉ huy BĐBP tỉnh Thanh Hóa (thử)", "Thanh Hoa Border Guard (test)", "VN-21"),
]

# (agency, metric, value, written unit, category, start, end, period as written)
TALLIES = [
    # whole years, three provinces both years: a fair comparison of cases
    ("vn-test-bdbp-qt", "cases", 40, "vụ", "all_crime", "2024-01-01", "2024-12-31", "năm 2024"),
    ("vn-test-bdbp-na", "cases", 35, "vụ", "all_crime", "2024-01-01", "2024-12-31", "năm 2024"),
    ("vn-test-bdbp-ht", "cases", 25, "vụ", "all_crime", "2024-01-01", "2024-12-31", "năm 2024"),
    ("vn-test-bdbp-qt", "cases", 52, "vụ", "all_crime", "2025-01-01", "2025-12-31", "năm 2025"),
    ("vn-test-bdbp-na", "cases", 30, "vụ", "all_crime", "2025-01-01", "2025-12-31", "năm 2025"),
    ("vn-test-bdbp-ht", "cases", 28, "vụ", "all_crime", "2025-01-01", "2025-12-31", "năm 2025"),
    # first halves of both years, two provinces: fair for the half year
    ("vn-test-bdbp-qt", "cases", 18, "vụ", "all_crime", "2024-01-01", "2024-06-30", "6 tháng đầu năm 2024"),
    ("vn-test-bdbp-na", "cases", 16, "vụ", "all_crime", "2024-01-01", "2024-06-30", "6 tháng đầu năm 2024"),
    ("vn-test-bdbp-qt", "cases", 27, "vụ", "all_crime", "2025-01-01", "2025-06-30", "6 tháng đầu năm 2025"),
    ("vn-test-bdbp-na", "cases", 12, "vụ", "all_crime", "2025-01-01", "2025-06-30", "6 tháng đầu năm 2025"),
    # persons: a whole year against nine months
    ("vn-test-bdbp-qt", "persons_arrested", 60, "đối tượng", "all_crime", "2024-01-01", "2024-12-31", "năm 2024"),
    ("vn-test-bdbp-qt", "persons_arrested", 45, "đối tượng", "all_crime", "2025-01-01", "2025-09-30", "9 tháng đầu năm 2025"),
    # heroin: a year against a year to date to 30 June
    ("vn-test-bdbp-qt", "drug_seized", 12.5, "kg", "heroin", "2024-01-01", "2024-12-31", "năm 2024"),
    ("vn-test-bdbp-qt", "drug_seized", 9, "kg", "heroin", "2025-01-01", "2025-06-30", "từ đầu năm đến ngày 30/6/2025"),
    # February tallies: 29 days in 2024, 28 in 2025, the same month
    ("vn-test-bdbp-ht", "cases", 4, "vụ", "all_crime", "2024-02-01", "2024-02-29", "tháng 2/2024"),
    ("vn-test-bdbp-ht", "cases", 6, "vụ", "all_crime", "2025-02-01", "2025-02-28", "tháng 2/2025"),
    # victims: single rescues on separate days, no tally covering either year
    ("vn-test-bdbp-na", "victims_rescued", 3, "nạn nhân", "human_trafficking", "2024-03-02", "2024-03-02", "ngày 2/3/2024"),
    ("vn-test-bdbp-na", "victims_rescued", 2, "nạn nhân", "human_trafficking", "2025-05-14", "2025-05-14", "ngày 14/5/2025"),
    ("vn-test-bdbp-na", "victims_rescued", 1, "nạn nhân", "human_trafficking", "2025-08-09", "2025-08-09", "ngày 9/8/2025"),
]

# Two more provinces join in 2025: only in the archive ``with_newcomers`` builds.
NEWCOMERS = [
    ("vn-test-bdbp-qb", "cases", 21, "vụ", "all_crime", "2025-01-01", "2025-12-31", "năm 2025"),
    ("vn-test-bdbp-th", "cases", 19, "vụ", "all_crime", "2025-01-01", "2025-12-31", "năm 2025"),
]

UNIT_WORDS = {"cases": "vụ", "persons_arrested": "đối tượng", "drug_seized": "kg heroin", "victims_rescued": "nạn nhân"}


def _quote(agency_name: str, metric: str, value, unit: str, period_text: str) -> str:
    amount = f"{value:g}".replace(".", ",")
    verb = {"cases": "phát hiện, bắt giữ", "persons_arrested": "bắt giữ", "drug_seized": "thu giữ",
            "victims_rescued": "giải cứu"}[metric]
    return f"{period_text.capitalize()}, {agency_name} đã {verb} {amount} {UNIT_WORDS[metric] if unit != 'kg' else 'kg heroin'}"


def archive(with_newcomers: bool = False, events: list[dict] | None = None):
    """The seed bundle's reference tables with the invented reports in place of its own."""
    seed = load_bundle()
    agencies = seed.agencies
    new_agencies = pd.DataFrame([{column: "" for column in agencies.columns} for _ in PROVINCES])
    for row, (agency_id, vi, en, iso_code) in zip(new_agencies.index, PROVINCES):
        new_agencies.loc[row, ["agency_id", "country", "name_vi", "name_en", "kind", "parent_id", "aliases"]] = [
            agency_id, "VN", vi, en, "provincial border guard command", "vn-bdbp", vi]
        for column, value in (("level", "provincial"), ("iso_code", iso_code)):  # the registry's columns since issue 10
            if column in new_agencies.columns:
                new_agencies.loc[row, column] = value
    agencies = read_table(pd.concat([agencies.astype(str), new_agencies], ignore_index=True), "agencies")

    names = {agency_id: vi for agency_id, vi, _en, _iso in PROVINCES}
    tallies = TALLIES + (NEWCOMERS if with_newcomers else [])
    sources, figures = [], []
    for number, (agency_id, metric, value, unit, category, start, end, period_text) in enumerate(tallies, 1):
        source_id = f"t{number:03d}"
        quote = _quote(names[agency_id], metric, value, unit, period_text)
        published = (pd.Timestamp(end) + pd.Timedelta(days=5)).date().isoformat()
        sources.append({column: "" for column in seed.sources.columns} | {
            "source_id": source_id, "title": f"Báo cáo {period_text} của {names[agency_id]}", "publisher": "Báo thử",
            "published": published, "published_precision": "day", "reference_date": published, "language": "vi",
            "path": f"sources/{source_id}.txt", "sha256": "0" * 64})
        figures.append({column: "" for column in seed.figures.columns} | {
            "figure_id": f"{source_id}-01", "source_id": source_id, "quote": quote, "quote_start": 0,
            "quote_end": len(quote), "agency_id": agency_id, "metric": metric, "category": category,
            "value": value, "unit": unit, "qualifier": "exact", "period_start": start, "period_end": end,
            "period_text": period_text})
    event_frame = pd.DataFrame(events or [], columns=seed.events.columns).astype(object).fillna("")
    return replace(
        seed,
        agencies=agencies,
        sources=read_table(pd.DataFrame(sources), "sources"),
        figures=read_table(pd.DataFrame(figures), "figures"),
        events=read_table(event_frame, "events") if len(event_frame) else seed.events.iloc[0:0],
        root=None,
    )


def stated_store(database: Path):
    """Three reports ingested into a store of their own: the 2025 ones say "tăng 12 vụ so với cùng kỳ năm 2024"
    (40 then 52: it agrees) and "tăng 50% so với cùng kỳ" (no 2024 figure to check it against)."""
    from metrics.access import Actor
    from metrics.ingest import ingest_bytes
    from metrics.store import Store

    store, actor = Store(database), Actor("tester", True)
    for text, published in [
        ("Năm 2024, Bộ Chỉ huy BĐBP tỉnh Quảng Trị đã bắt giữ 40 vụ.", "2025-01-06"),
        ("Năm 2025, Bộ Chỉ huy BĐBP tỉnh Quảng Trị đã bắt giữ 52 vụ, tăng 12 vụ so với cùng kỳ năm 2024.", "2026-01-05"),
        ("Năm 2025, Bộ Chỉ huy BĐBP tỉnh Nghệ An đã bắt giữ 30 vụ, tăng 50% so với cùng kỳ.", "2026-01-07"),
    ]:
        ingest_bytes(store, actor, text.encode("utf-8"), "report.txt", published=published, accept=True)
    return store
