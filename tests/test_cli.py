"""CLI and report-v1 contract: every output validates against the JSON Schema; failures are error objects."""
import json
from pathlib import Path

import jsonschema
import pytest
from conftest import CORPORA

from analyzer.cli import main

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "docs" / "report-v1.schema.json").read_text("utf-8"))


def validate(obj):
    jsonschema.validate(obj, SCHEMA)


@pytest.fixture()
def files(tmp_path):
    good = tmp_path / "report.txt"
    good.write_text((CORPORA / "dev" / "wjw" / "wjw-01-dangwei.txt").read_text(encoding="utf-8"), encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    return good, empty, binary


def test_json_output_validates(files, capsys):
    good, _, _ = files
    assert main(["analyze", str(good), "--json"]) == 0
    obj = json.loads(capsys.readouterr().out)
    validate(obj)
    assert obj["status"] == "ok" and obj["schema"] == "analyzer/report-v1"
    for f in obj["figures"]:
        assert obj["text"][f["start"]:f["end"]] == f["text"]
    for p in obj["problems"] + obj["measures"]:
        assert obj["text"][p["start"]:p["end"]] == p["text"]


def test_jsonl_with_failures_keeps_every_file(files, capsys):
    good, empty, binary = files
    code = main(["analyze", str(good), str(empty), str(binary), str(good.parent / "missing.docx"), "--jsonl"])
    assert code == 1
    rows = [json.loads(l) for l in capsys.readouterr().out.splitlines()]
    assert len(rows) == 4
    for row in rows:
        validate(row)
    assert [r["status"] for r in rows] == ["ok", "error", "error", "error"]
    codes = [r["error"]["code"] for r in rows[1:]]
    assert codes == ["empty_document", "unsupported_format", "file_not_found"]
    for r in rows[1:]:
        assert " / " in r["error"]["message"]          # Chinese / English


def test_readable_outline(files, capsys):
    good, _, _ = files
    assert main(["analyze", str(good)]) == 0
    out = capsys.readouterr().out
    assert "[工作情况] 一、基本情况" in out
    assert "[存在问题] 三、存在的问题" in out
    assert "[整改措施] 四、下一步整改措施" in out
    assert "[落款]" in out
