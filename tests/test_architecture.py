"""The domain package stays free of the UI."""

import ast
from pathlib import Path

import pytest

METRICS = Path(__file__).resolve().parent.parent / "metrics"


@pytest.mark.parametrize("module", sorted(METRICS.rglob("*.py")), ids=lambda p: p.name)
def test_metrics_module_does_not_import_streamlit(module):
    tree = ast.parse(module.read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert "streamlit" not in imported
