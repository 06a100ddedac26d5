"""`metrics extract`: the candidates of a report on standard output, dates as ISO dates in both formats."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
REPORT = "Ngày 2/5/2024, BĐBP tỉnh Nghệ An bắt giữ 2 đối tượng, thu giữ 6 bánh heroin.\n"


def _extract(fmt: str) -> str:
    result = subprocess.run([sys.executable, "-m", "metrics", "extract", "-", "--published", "2024-05-03",
                             "--language", "vi", "--format", fmt],
                            cwd=ROOT, input=REPORT.encode(), capture_output=True)
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout.decode()


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_extract_writes_windows_as_iso_dates(fmt):
    output = _extract(fmt)
    rows = json.loads(output) if fmt == "json" else pd.read_csv(io.StringIO(output), dtype=str).to_dict("records")
    assert [(row["value"] if fmt == "json" else float(row["value"])) for row in rows] == [2, 6]
    assert {(row["period_start"], row["period_end"]) for row in rows} == {("2024-05-02", "2024-05-02")}
