"""The notebooks run top to bottom on the bundled corpus (their code cells are executed in order)."""
import json
import os
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs(path, monkeypatch):
    monkeypatch.chdir(path.parent)
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    namespace: dict = {}
    for cell in cells:
        if cell["cell_type"] == "code":
            source = "".join(cell["source"])
            exec(compile(source, f"{path.name}", "exec"), namespace)   # noqa: S102 - our own notebook
    assert "frames" in namespace and len(namespace["frames"]["documents"]) > 10
    assert os.getcwd() == str(path.parent)
