"""metrics.export: CSV for Excel (BOM, formula cells neutralised), XLSX with an about sheet, ZIP with a README."""

import csv
import io
import zipfile
from datetime import date

import pandas as pd
import pytest
from openpyxl import load_workbook

from metrics.aggregate import Filters
from metrics.export import (about_rows, export_name, neutralise_cell, readme_text, to_csv_bytes, to_xlsx_bytes,
                            to_zip_bytes)


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
        ("+84 912", "'+84 912"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("852.004 lượt người", "852.004 lượt người"),
        ("", ""),
        (-5, -5),  # numbers are numbers, not formulas
        (3.5, 3.5),
    ],
)
def test_neutralise_cell(cell, expected):
    assert neutralise_cell(cell) == expected


@pytest.fixture
def frame():
    return pd.DataFrame(
        {
            "quote": ["30.602 buổi/852.004 lượt người", "=1+1", "-2 vụ"],
            "value": [852004.0, -1.5, 2.0],
            "period_start": pd.to_datetime(["2023-01-01", None, "2024-05-02"]),
        }
    )


def test_csv_has_a_bom_by_default_and_keeps_vietnamese(frame):
    data = to_csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data[3:].decode("utf-8")
    assert "852.004 lượt người" in text


def test_csv_without_bom(frame):
    data = to_csv_bytes(frame, bom=False)
    assert not data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8").startswith("quote,")


def test_csv_neutralises_formula_text_but_not_numbers(frame):
    rows = list(csv.reader(io.StringIO(to_csv_bytes(frame, bom=False).decode("utf-8"))))
    assert rows[0] == ["quote", "value", "period_start"]
    assert rows[2][0] == "'=1+1"
    assert rows[3][0] == "'-2 vụ"
    assert rows[2][1] == "-1.5"
    assert rows[1][2] == "2023-01-01" and rows[2][2] == ""


def test_xlsx_keeps_formula_text_as_text_and_describes_itself(frame):
    about = [("filters", "from 2024-01-01"), ("source 003", "Báo Biên phòng")]
    workbook = load_workbook(io.BytesIO(to_xlsx_bytes(frame, about, sheet="summary")))
    assert workbook.sheetnames == ["summary", "about"]
    sheet = workbook["summary"]
    cell = sheet["A3"]
    assert cell.value == "=1+1" and cell.data_type == "s"
    assert sheet["B2"].value == 852004
    about_sheet = workbook["about"]
    assert [c.value for c in about_sheet[3]] == ["source 003", "Báo Biên phòng"]


def test_zip_holds_the_csv_and_a_readme(frame):
    csv_bytes = to_csv_bytes(frame)
    archive = zipfile.ZipFile(io.BytesIO(to_zip_bytes("table.csv", csv_bytes, readme_text([("filters", "tất cả")]))))
    assert sorted(archive.namelist()) == ["README.txt", "table.csv"]
    assert archive.read("table.csv") == csv_bytes
    assert "filters: tất cả" in archive.read("README.txt").decode("utf-8")


def test_about_rows_cite_sources_conversions_and_rates(bundle):
    filters = Filters(date_from=date(2024, 1, 1), countries=("VN",))
    rates = bundle.exchange_rates[(bundle.exchange_rates["currency"] == "VND") & (bundle.exchange_rates["year"] == 2024)]
    rows = dict(about_rows(filters, "summary", bundle.sources.head(2), bundle.conversions, "350 g per brick", rates))
    assert "countries: VN" in rows["filters"]
    assert "grams_per_brick" in " ".join(rows)
    assert "World Bank" in rows["exchange rate: VND 2024"]
    assert any(key.startswith("source ") for key in rows)


@pytest.mark.parametrize(
    "filters, expected",
    [
        (Filters(), "border-metrics_summary_all-periods.csv"),
        (Filters(date_from=date(2024, 1, 1), date_to=date(2024, 12, 31), countries=("VN",)),
         "border-metrics_summary_2024-01-01_2024-12-31_VN.csv"),
        (Filters(agencies=("vn-bdbp", "la-pgd"), outside_rule="prorate", date_to=date(2025, 1, 1)),
         "border-metrics_summary_start_2025-01-01_vn-bdbp+la-pgd_prorated.csv"),
    ],
)
def test_export_name_says_what_is_in_the_file(filters, expected):
    assert export_name(filters, "summary", "csv") == expected
