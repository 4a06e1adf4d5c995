"""Batch review of a folder: analyse every file (optionally in local processes), run the cross-document checks,
and write the reviewer outputs (Excel, HTML, JSON Lines, Parquet).

Memory stays nearly flat in the number of files: each report is spooled to disk as soon as it arrives and only
compact records stay in memory (meta, figures and text for the cross-document and copied-passage checks, table
rows for the outputs). The Python
API keeps the full reports as well unless ``keep_reports=False`` (the CLI passes False).
"""
from __future__ import annotations

import logging
import os
import time
from collections import defaultdict, deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

import pandas as pd

from . import similarity
from .cache import analyze_cached
from .crossdoc import Roster, attach, batch_findings
from .errors import AnalyzerError
from .export import frames as frames_mod
from .files import iter_files
from .model import Finding, Report
from .pipeline import error_report
from .report import finding_dict, to_dict
from .settings import Settings

log = logging.getLogger(__name__)

Progress = Callable[[int, int, Report], None]
OUTPUT_NAMES = ("review.xlsx", "review.html", "reports.jsonl", "findings.jsonl", "parquet")


@dataclass
class ReviewResult:
    """What a batch review produced. ``reports`` is empty when the run was told not to keep them."""

    files: list[str]
    reports: list[Report]
    batch_findings: list[Finding]
    frames: dict[str, pd.DataFrame]
    missing_units: list[str] = field(default_factory=list)
    outputs: dict[str, Path] = field(default_factory=dict)
    elapsed: float = 0.0

    @property
    def failed(self) -> int:
        d = self.frames["documents"]
        return int((d["status"] != "ok").sum())

    def severity_counts(self) -> dict[str, int]:
        """Every finding of the batch once (within-report plus batch-level), by severity."""
        s = self.frames["findings"]["severity"].value_counts()
        return {k: int(s.get(k, 0)) for k in ("error", "warning", "info")}

    def kind_counts(self) -> dict[str, int]:
        return {str(k): int(v) for k, v in self.frames["findings"]["kind"].value_counts().items()}


# ---------------------------------------------------------------- inputs

def default_corpus() -> Path:
    """The bundled demo corpus: ``corpora/`` beside the package in a source checkout."""
    import analyzer
    return Path(analyzer.__file__).resolve().parents[1] / "corpora"


def resolve_inputs(paths_or_dir: str | os.PathLike | Iterable[str | os.PathLike],
                   exclude: Path | None = None) -> list[str]:
    """Input files in a stable order: a folder is scanned recursively (see ``files.iter_files``)."""
    items = [paths_or_dir] if isinstance(paths_or_dir, (str, os.PathLike)) else list(paths_or_dir)
    out: list[str] = []
    for item in items:
        p = Path(item)
        if p.is_dir():
            for f in iter_files(p):
                if exclude is None or exclude.resolve() not in f.resolve().parents:
                    out.append(str(f))
        else:
            out.append(str(p))   # a missing file still gets its error row
    return out


# ---------------------------------------------------------------- running

def _work(path: str, settings: Settings, cache: str | None = None) -> Report:
    return analyze_cached(path, settings, cache)


def _internal(path: str, detail: str) -> Report:
    return error_report(path, AnalyzerError("internal_error", detail))


def _isolated(path: str, settings: Settings, cache: str | None = None) -> Report:
    """Re-run one file alone after a worker died, so that only the file that kills a worker gets the error row."""
    try:
        with ProcessPoolExecutor(max_workers=1) as pool:
            return pool.submit(_work, path, settings, cache).result()
    except BrokenProcessPool:
        return _internal(path, "worker process crashed / 分析进程意外退出")
    except Exception as exc:
        return _internal(path, f"{type(exc).__name__}: {exc}")


def iter_reports(paths: Sequence[str], jobs: int = 1, settings: Settings | None = None,
                 cache: str | os.PathLike | None = None) -> Iterator[Report]:
    """One Report per path, in input order; never raises for a bad file or a crashed worker. With ``cache`` (a
    folder), unchanged files reuse their earlier analysis (see ``analyzer.cache``)."""
    cache = str(cache) if cache is not None else None
    settings = Settings.resolve(settings)
    if jobs <= 1:
        for p in paths:
            try:
                yield _work(p, settings, cache)
            except Exception as exc:  # analyze never raises; this guards against a bug in a replacement worker
                yield _internal(p, f"{type(exc).__name__}: {exc}")
        return
    # A bounded window of submitted files keeps results streaming in order without holding the whole batch.
    window = jobs * 4
    todo = deque(paths)
    pending: deque[tuple[str, Future]] = deque()
    pool = ProcessPoolExecutor(max_workers=jobs)
    try:
        while todo or pending:
            while todo and len(pending) < window:
                p = todo.popleft()
                pending.append((p, pool.submit(_work, p, settings, cache)))
            p, fut = pending.popleft()
            try:
                yield fut.result()
            except BrokenProcessPool:
                # The pool is dead for every file in flight: this file is re-run alone (so only a file that kills
                # a worker itself gets the error row); the others go to a fresh pool unless already finished.
                pool.shutdown(wait=False, cancel_futures=True)
                yield _isolated(p, settings, cache)
                pool = ProcessPoolExecutor(max_workers=jobs)
                pending = deque((q, f if _succeeded(f) else pool.submit(_work, q, settings, cache)) for q, f in pending)
            except Exception as exc:
                yield _internal(p, f"{type(exc).__name__}: {exc}")
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _work_chunk(paths: Sequence[str], settings: Settings, cache: str | None) -> list[Report]:
    """A Dask task: a chunk of files, so the per-task overhead is paid once per chunk, not per file."""
    out = []
    for p in paths:
        try:
            out.append(_work(p, settings, cache))
        except Exception as exc:
            out.append(_internal(p, f"{type(exc).__name__}: {exc}"))
    return out


def iter_reports_dask(paths: Sequence[str], settings: Settings | None = None, cache: str | os.PathLike | None = None,
                      scheduler: str | None = None, workers: int = 2, chunk: int = 50) -> Iterator[Report]:
    """Like ``iter_reports`` on a Dask cluster: ``scheduler`` is a ``tcp://`` address (the files must be readable
    at the same paths on the workers), or None for a local cluster of ``workers`` processes. Results come back
    in input order; a chunk whose worker died gives error rows for its files."""
    from dask.distributed import (  # optional dependency: pip install 'analyzer[dask]'
        Client,
        LocalCluster,
    )
    settings = Settings.resolve(settings)
    cache = str(cache) if cache is not None else None
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        chunks = [list(paths[i:i + chunk]) for i in range(0, len(paths), chunk)]
        futures = [client.submit(_work_chunk, c, settings, cache, pure=False) for c in chunks]
        for c, fut in zip(chunks, futures):
            try:
                yield from fut.result()
            except Exception as exc:   # KilledWorker, lost connection …: every file of the chunk gets a row
                yield from (_internal(p, f"{type(exc).__name__}: {exc}") for p in c)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _succeeded(fut: Future) -> bool:
    return fut.done() and not fut.cancelled() and fut.exception() is None


def compact(report: Report) -> Report:
    """What the cross-document checks need of a report: meta, figures and the text (copied passages and other
    units' names are searched in it); outline, items and per-report findings are dropped."""
    return replace(report, paragraphs=(), outline=(), sections=(), problems=(), measures=(), findings=())


def _unique(findings: Iterable[Finding]) -> list[Finding]:
    seen: set[str] = set()
    return [f for f in findings if not (f.id in seen or seen.add(f.id))]


# ---------------------------------------------------------------- the API

def review(paths_or_dir: str | os.PathLike | Iterable[str | os.PathLike] | None = None,
           out: str | os.PathLike | None = None, roster: str | os.PathLike | Roster | None = None,
           jobs: int = 1, settings: Settings | dict | None = None, progress: Progress | None = None,
           keep_reports: bool = True, cache: str | os.PathLike | None = None, engine: str = "local",
           scheduler: str | None = None) -> ReviewResult:
    """Review a folder (or a list of files): every file ends in exactly one row, analysed or error.

    ``cache`` names a folder where analyses are kept, so a re-run reuses those of unchanged files.
    ``engine="dask"`` analyses the files on a Dask cluster (``scheduler`` address, or a local cluster of ``jobs``
    processes); the cross-document checks and outputs then run here on the collected records.

    With ``out`` the outputs are written there atomically: review.xlsx, review.html, reports.jsonl,
    findings.jsonl and parquet/*.parquet. ``paths_or_dir=None`` reviews the bundled demo corpus.
    """
    t0 = time.monotonic()
    if paths_or_dir is None:
        # the demo batch is the corpus's reports: its README and item files are not submissions
        paths_or_dir = [default_corpus() / split for split in ("dev", "test")]
    out_dir = Path(out) if out is not None else None
    files = resolve_inputs(paths_or_dir, exclude=out_dir)
    settings = Settings.resolve(settings)
    roster_obj = Roster.load(roster) if isinstance(roster, (str, os.PathLike)) else roster

    builder = frames_mod.FrameBuilder()
    records: list[Report] = []
    kept: list[Report] = []
    spool = None
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        import tempfile
        fd, spool = tempfile.mkstemp(dir=out_dir, prefix=".reports.", suffix=".spool")
        spool_fh = os.fdopen(fd, "w", encoding="utf-8")
    try:
        from .export.jsonl import dumps
        if engine == "dask":
            stream = iter_reports_dask(files, settings, cache, scheduler=scheduler, workers=jobs)
        elif engine == "local":
            stream = iter_reports(files, jobs, settings, cache)
        else:
            raise ValueError(f"unknown engine {engine!r} (local or dask)")
        for i, report in enumerate(stream, 1):
            builder.add(report)
            records.append(compact(report))
            if spool is not None:
                spool_fh.write(dumps(to_dict(report)) + "\n")
            if keep_reports:
                kept.append(report)
            if progress:
                progress(i, len(files), report)
        if spool is not None:
            spool_fh.close()

        analysed = [r for r in records if r.ok]
        near = similarity.analyse(analysed)
        found = _unique(batch_findings(records, roster_obj, near))
        builder.set_originality(similarity.originality(analysed, near))
        attached = {r.file: r.findings for r in attach(records, found) if r.findings}
        for file, fs in attached.items():
            builder.count_attached(file, fs)
        primary: dict[str, list[Finding]] = defaultdict(list)
        for f in found:
            primary[frames_mod.primary_file(f, next(iter(frames_mod.finding_files(f)), ""))].append(f)
        units = {r.file: r.meta.unit for r in records}

        def add_batch(file: str, text: str) -> None:
            for f in primary.pop(file, []):
                own = next((a for a in attached.get(file, ()) if a.id == f.id), f)
                span = own.spans[0] if own.spans else (None, None)
                builder.add_finding(f, file, units.get(file), frames_mod.sentence_at(text, *span), batch=True)

        if keep_reports:
            kept = attach(kept, found)
        result = ReviewResult(files=files, reports=kept, batch_findings=found, frames={},
                              missing_units=roster_obj.missing(records) if roster_obj else [])
        if out_dir is None:
            by_file = {r.file: r for r in kept}
            for file in list(primary):
                add_batch(file, by_file[file].text if file in by_file else "")
            result.frames = builder.build()
        else:
            from .export import jsonl
            reports_path = out_dir / "reports.jsonl"

            def with_batch(obj: dict[str, Any]) -> dict[str, Any]:
                extra = attached.get(obj["file"], ())
                if extra:
                    obj["findings"] = list(obj.get("findings") or []) + [finding_dict(f) for f in extra]
                add_batch(obj["file"], obj.get("text") or "")
                return obj

            jsonl.rewrite(spool, reports_path, with_batch)
            for file in list(primary):   # a batch finding naming a file outside the batch
                add_batch(file, "")
            result.frames = builder.build()
            result.elapsed = time.monotonic() - t0
            result.outputs = write_outputs(result, out_dir, reports_path)
    finally:
        if spool is not None:
            if not spool_fh.closed:
                spool_fh.close()
            Path(spool).unlink(missing_ok=True)
    result.elapsed = time.monotonic() - t0
    return result


def write_outputs(result: ReviewResult, out_dir: Path, reports_path: Path) -> dict[str, Path]:
    """Every output format from the frames (and, for the HTML report views, the streamed reports.jsonl)."""
    from .export import excel, html, jsonl, parquet
    outputs = {"reports.jsonl": reports_path}
    jsonl.write_lines(out_dir / "findings.jsonl", findings_objects(result.frames["findings"]))
    outputs["findings.jsonl"] = out_dir / "findings.jsonl"
    outputs["parquet"] = parquet.write(result.frames, out_dir / "parquet")
    outputs["review.xlsx"] = excel.write(result.frames, out_dir / "review.xlsx", result.missing_units)
    outputs["review.html"] = html.write(result, out_dir / "review.html", reports_path)
    return outputs


def findings_objects(df: pd.DataFrame) -> Iterator[dict[str, Any]]:
    """findings.jsonl rows: the finding object of report-v1 plus the file (and all files) it belongs to."""
    import json
    for row in df.to_dict("records"):
        clean = {k: (None if v is pd.NA or (isinstance(v, float) and v != v) else v) for k, v in row.items()}
        yield {"file": clean["file"], "files": (clean["files"] or clean["file"]).split(";"), "unit": clean["unit"],
               "id": clean["id"], "rule": clean["rule"], "kind": clean["kind"], "severity": clean["severity"],
               "message": clean["message"], "concepts": (clean["concepts"] or "").split(";") if clean["concepts"] else [],
               "spans": json.loads(clean["spans"]), "values": json.loads(clean["values"]),
               "sentence": clean["sentence"], "batch": bool(clean["batch"]),
               **({"category": clean["category"]} if clean["category"] else {}),
               **({"text": clean["text"]} if clean["text"] else {})}


def check(paths_or_dir: str | os.PathLike | Iterable[str | os.PathLike], roster: str | os.PathLike | Roster | None = None,
          jobs: int = 1, settings: Settings | dict | None = None) -> tuple[list[Report], list[Finding]]:
    """The cross-document checks of a folder (parent vs branch, year over year, copied passages, other units'
    names): returns the reports, with batch findings attached, and the batch findings once each."""
    files = resolve_inputs(paths_or_dir)
    reports = list(iter_reports(files, jobs, Settings.resolve(settings)))
    roster_obj = Roster.load(roster) if isinstance(roster, (str, os.PathLike)) else roster
    found = batch_findings(reports, roster_obj)
    return attach(reports, found), found

