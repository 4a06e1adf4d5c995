"""The result cache: unchanged files reuse their analysis; a changed file, other settings or a corrupt entry
are analysed again; the cached report is the same as a fresh one."""
import shutil

from conftest import CORPORA

import analyzer.pipeline as pipeline
from analyzer.batch import iter_reports
from analyzer.report import to_dict
from analyzer.settings import Settings


def test_reuse_and_invalidation(tmp_path, monkeypatch):
    src = sorted((CORPORA / "dev" / "wjw").glob("*.txt"))[:3]
    files = []
    for p in src:
        shutil.copy(p, tmp_path / p.name)
        files.append(str(tmp_path / p.name))
    cache = tmp_path / "cache"
    calls = []
    real = pipeline.analyze
    monkeypatch.setattr(pipeline, "analyze", lambda path, settings=None: calls.append(path) or real(path, settings))

    first = list(iter_reports(files, cache=cache))
    assert len(calls) == 3
    second = list(iter_reports(files, cache=cache))
    assert len(calls) == 3                                   # all three from the cache
    assert [to_dict(a) for a in first] == [to_dict(b) for b in second]

    (tmp_path / src[0].name).write_text(src[0].read_text(encoding="utf-8") + "\n特此报告。", encoding="utf-8")
    list(iter_reports(files, cache=cache))
    assert calls[3:] == [files[0]]                           # only the changed file

    list(iter_reports(files, settings=Settings(classify=False), cache=cache))
    assert len(calls) == 7                                   # other settings: all again

    for entry in cache.glob("*.pkl"):
        entry.write_bytes(b"not a pickle")
    again = list(iter_reports(files, cache=cache))
    assert len(calls) == 10 and all(r.ok for r in again)     # corrupt entries: analysed again
