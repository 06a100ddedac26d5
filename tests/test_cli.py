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


def test_agencies_list_add_alias_merge_review(tmp_path, capsys):
    """`metrics agencies`: a border post added from a report is reviewed, named again, and a duplicate merged."""
    from metrics.cli import main
    from metrics.ingest import ingest_bytes
    from metrics.access import Actor
    from metrics.store import Store

    db = str(tmp_path / "registry.sqlite")
    store = Store(db)
    text = "Ngày 3/5/2024, Đồn Biên phòng Na Mèo (BĐBP tỉnh Thanh Hóa) bắt giữ 12 đối tượng."
    ingest_bytes(store, Actor("an@example.org", True, "editor"), text.encode(), "post.txt", published="2024-05-04",
                 language="vi", accept=True)
    assert main(["agencies", "list", "--unreviewed", "--format", "json", "--db", db]) == 0
    (added,) = json.loads(capsys.readouterr().out)
    assert (added["agency_id"], added["parent_id"]) == ("vn-bdbp-thanhhoa-post-na-meo", "vn-bdbp-thanhhoa")

    assert main(["agencies", "add", "vn-bdbp-thanhhoa-post-na-meo-2", "--name-vi", "Đồn Biên phòng cửa khẩu Na Mèo",
                 "--kind", "border post", "--level", "post", "--parent", "vn-bdbp-thanhhoa", "--db", db]) == 0
    assert main(["agencies", "alias", "vn-bdbp-thanhhoa-post-na-meo-2", "Đồn BP Na Mèo", "--db", db]) == 0
    assert main(["agencies", "merge", "vn-bdbp-thanhhoa-post-na-meo", "vn-bdbp-thanhhoa-post-na-meo-2",
                 "--reason", "the same post", "--db", db]) == 0
    assert "1 figures" in capsys.readouterr().out
    registry = Store(db).registry()
    assert "vn-bdbp-thanhhoa-post-na-meo" not in registry
    assert registry.resolve("Đồn Biên phòng Na Mèo") == registry.resolve("Đồn BP Na Mèo") == "vn-bdbp-thanhhoa-post-na-meo-2"
    figures = Store(db).bundle().figures
    assert "vn-bdbp-thanhhoa-post-na-meo-2" in set(figures["agency_id"])
    actions = Store(db).audit_frame("agency")["action"].tolist()
    assert actions[-4:] == ["agency.add", "agency.alias", "agency.merge", "agency.alias"]

    assert main(["agencies", "merge", "vn-nowhere", "vn-bdbp", "--db", db]) == 2
    assert capsys.readouterr().err.strip() == "error: no agency 'vn-nowhere' in the registry"


def test_a_filter_on_todays_province_can_include_its_predecessors(tmp_path):
    """Quảng Ngãi's Border Guard since 2025 took over Kon Tum's: with --with-predecessors a Kon Tum 2024 tally
    counts for it, and the command says which units it added."""
    import shutil

    bundle = tmp_path / "bundle"
    shutil.copytree(ROOT / "data", bundle)
    text = "Năm 2024, BĐBP tỉnh Kon Tum bắt giữ 9 vụ."
    (bundle / "sources" / "kt.txt").write_text(text, encoding="utf-8")
    import hashlib

    with open(bundle / "sources.csv", "a", encoding="utf-8") as handle:
        handle.write(f"kt,Kon Tum 2024,Báo thử,2025-01-05,day,2025-01-05,vi,,sources/kt.txt,"
                     f"{hashlib.sha256(text.encode()).hexdigest()},\n")
    figures = pd.read_csv(bundle / "figures.csv", dtype=str, keep_default_na=False)
    row = {column: "" for column in figures.columns}
    row.update(figure_id="kt-01", source_id="kt", quote="9 vụ", quote_start=str(text.index("9 vụ")),
               quote_end=str(text.index("9 vụ") + 4), agency_id="vn-bdbp-kontum", metric="cases", category="all_crime",
               value="9", unit="vụ", qualifier="exact", period_start="2024-01-01", period_end="2024-12-31",
               period_text="Năm 2024")
    pd.concat([figures, pd.DataFrame([row])]).to_csv(bundle / "figures.csv", index=False, lineterminator="\n")
    plain = run("summary", "--agency", "vn-bdbp-quangngai", "--format", "json", "--bundle", str(bundle))
    assert json.loads(plain.stdout) == []
    merged = run("summary", "--agency", "vn-bdbp-quangngai", "--with-predecessors", "--format", "json",
                 "--bundle", str(bundle))
    assert [(r["agency_id"], r["value"]) for r in json.loads(merged.stdout)] == [("vn-bdbp-kontum", 9.0)]
    assert "including predecessors: vn-bdbp-kontum" in merged.stderr


# Two outlets report Quảng Trị's half year with different case counts, a third restates the first in English.
CONFLICTING_REPORTS = [
    ("Trong 6 tháng đầu năm 2024, BĐBP tỉnh Quảng Trị đã bắt giữ 40 vụ, 52 đối tượng.", "vi"),
    ("6 tháng đầu năm 2024, Bộ đội Biên phòng tỉnh Quảng Trị bắt giữ 42 vụ, 52 đối tượng vi phạm pháp luật.", "vi"),
    ("In the first six months of 2024, the Quang Tri Border Guard arrested 40 cases involving 52 people.", "en"),
]


@pytest.fixture
def conflicting_store(tmp_path):
    from metrics.access import Actor
    from metrics.ingest import ingest_bytes
    from metrics.store import Store

    path = tmp_path / "conflicts.sqlite"
    store = Store(path)
    for number, (text, language) in enumerate(CONFLICTING_REPORTS):
        result = ingest_bytes(store, Actor("an@example.org", True, "test editor"), text.encode("utf-8"),
                              f"report-{number}.txt", published="2024-07-05", language=language, accept=True,
                              publisher=f"outlet {number}")
        assert result.outcome == "stored", result.line()
    return str(path)


def test_summary_counts_every_outlet_and_names_the_conflict(conflicting_store, capsys):
    from metrics.cli import main

    assert main(["summary", "--db", conflicting_store, "--agency", "vn-bdbp-quangtri", "--from", "2024-01-01",
                 "--to", "2024-12-31"]) == 0
    out, err = capsys.readouterr()
    frame = pd.read_csv(io.StringIO(out)).set_index("metric")
    assert (frame.loc["cases", "value"], frame.loc["cases", "n_sources"], frame.loc["cases", "n_conflicts"]) == (40, 2, 1)
    # 52 persons from all three outlets, counted once
    assert (frame.loc["persons_arrested", "value"], frame.loc["persons_arrested", "n_sources"]) == (52, 3)
    assert "1 conflicting figure(s) left out" in err and "metrics conflicts" in err


def test_conflicts_lists_both_figures_side_by_side_with_their_quotes(conflicting_store, capsys):
    from metrics.cli import main

    assert main(["conflicts", "--db", conflicting_store, "--format", "json"]) == 0
    (conflict,) = json.loads(capsys.readouterr().out)
    assert (conflict["agency_id"], conflict["metric"], conflict["period_start"], conflict["period_end"]) == (
        "vn-bdbp-quangtri", "cases", "2024-01-01", "2024-06-30")
    assert {(conflict["value"], conflict["quote"]), (conflict["other_value"], conflict["other_quote"])} == {
        (40, "40 vụ"), (42, "42 vụ")}
    assert conflict["source_id"] != conflict["other_source_id"]
    assert {conflict["source_publisher"], conflict["other_source_publisher"]} <= {"outlet 0", "outlet 1", "outlet 2"}


def test_figures_say_how_many_outlets_report_each_figure(conflicting_store, capsys):
    from metrics.cli import main

    assert main(["figures", "--db", conflicting_store, "--agency", "vn-bdbp-quangtri", "--include-left-out"]) == 0
    frame = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype={"also_reported_by": str})
    counted = frame[frame["status"] == "included"].set_index("metric")
    assert counted.loc["persons_arrested", "n_sources"] == 3
    assert len(counted.loc["persons_arrested", "also_reported_by"].split(";")) == 2
    assert counted.loc["cases", "n_conflicts"] == 1
    assert frame.loc[frame["status"] == "left_out", "n_sources"].isna().all()
