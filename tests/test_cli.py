"""The command line others depend on: exact names, columns, and one clear line on bad input."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
REQUIRED = ["figure_id", "source_id", "agency_id", "counterpart_id", "metric", "category", "value", "unit",
            "qualifier", "value_norm", "unit_norm", "estimated_kg", "usd_equivalent", "period_start",
            "period_end", "period_text", "quote"]


def run(*args):
    return subprocess.run([sys.executable, "-m", "metrics", *args], cwd=ROOT, capture_output=True, text=True)


def test_figures_csv_lists_the_19_figures_of_seed_003_and_no_noise():
    result = run("figures", "--format", "csv")
    assert result.returncode == 0, result.stderr
    frame = pd.read_csv(io.StringIO(result.stdout), dtype={"counterpart_id": str})
    assert list(frame.columns[: len(REQUIRED)]) == REQUIRED
    seed = frame[frame["source_id"] == "003_b927c23a097a318e"]
    assert len(seed) == 19
    assert set(seed["period_start"]) == {"2023-10-01", "2023-01-01"}
    assert set(seed["period_end"]) == {"2025-09-24"}
    usd = seed.dropna(subset=["usd_equivalent"]).set_index("unit_norm")["usd_equivalent"]
    assert usd["VND"] == pytest.approx(2992.49, abs=0.01)
    assert usd["LAK"] == pytest.approx(5347.83, abs=0.01)
    # Headline noise at the end of seeds 001 and 003 ("Khởi tố 15 đối tượng", "hơn 40 triệu đồng") is not data.
    assert not frame["quote"].str.contains("15 đối tượng|40 triệu|05 đối tượng").any()


def test_figures_json_filters_by_metric_and_period():
    result = run("figures", "--format", "json", "--metric", "drug_seized", "--from", "2023-01-01", "--to", "2025-12-31")
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    assert {r["category"] for r in records} == {"heroin", "synthetic_drugs", "opium_resin", "crystal_meth", "ketamine"}
    assert all(r["metric"] == "drug_seized" for r in records)


def test_summary_takes_the_same_filters():
    result = run("summary", "--country", "vn", "--agency", "vn-mond", "--metric", "outreach_attendees")
    assert result.returncode == 0, result.stderr
    frame = pd.read_csv(io.StringIO(result.stdout))
    assert frame["value"].tolist() == [852004]
    assert frame["n_sources"].tolist() == [1]


def test_period_that_cuts_windows_lists_them_as_left_out():
    result = run("figures", "--from", "2024-01-01", "--to", "2024-12-31", "--include-left-out")
    frame = pd.read_csv(io.StringIO(result.stdout))
    assert (frame["status"] == "left_out").sum() == 19
    assert set(frame["reason"].dropna()) == {"reporting window sticks out of the period"}


@pytest.mark.parametrize(
    "args, message",
    [
        (["figures", "--from", "24/09/2025"], "is not a date: write it as YYYY-MM-DD"),
        (["figures", "--metric", "arrests"], "invalid choice: 'arrests'"),
        (["figures", "--agency", "vn-nowhere"], "unknown agency id 'vn-nowhere'"),
        (["summary", "--from", "2025-01-01", "--to", "2024-01-01"], "starts (2025-01-01) after it ends"),
        (["figures", "--format", "xml"], "invalid choice: 'xml'"),
        (["nonsense"], "invalid choice: 'nonsense'"),
    ],
)
def test_bad_arguments_get_one_line_and_exit_2(args, message):
    result = run(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0]
    assert "Traceback" not in result.stderr
