"""The Dask engine (a real local cluster of worker processes) gives the same reports as the local engine.

Worker processes start fresh (spawn), so this also shows that nothing the analysis needs is lost on the way
(the jieba user dictionary, the model and the lexicons are loaded in each worker)."""
import pytest
from conftest import CORPORA

from analyzer.batch import iter_reports, iter_reports_dask
from analyzer.report import to_dict

pytest.importorskip("dask.distributed")


@pytest.mark.slow
def test_dask_matches_local(tmp_path):
    files = [str(p) for p in sorted((CORPORA / "dev" / "lx").glob("*.txt"))] + [str(tmp_path / "missing.txt")]
    local = [to_dict(r) for r in iter_reports(files)]
    remote = [to_dict(r) for r in iter_reports_dask(files, workers=2, chunk=2)]
    assert remote == local
    assert remote[-1]["status"] == "error" and remote[-1]["error"]["code"] == "file_not_found"
