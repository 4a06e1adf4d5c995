"""Any bytes, whatever their name, end in one result: a report or an error row with a known code."""
from hypothesis import HealthCheck, given, settings, strategies as st

from analyzer.errors import MESSAGES
from analyzer.pipeline import analyze

PREFIXES = [b"", b"%PDF-1.4\n", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\xef\xbb\xbf", b"\xff\xfe",
            "一、基本情况\n".encode("gb18030"), "党员44名。".encode("utf-8")]
NAMES = ["a.txt", "a.pdf", "a.docx", "a.doc", "a.wps", "a", "a.jpg"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=400), name=st.sampled_from(NAMES))
def test_any_bytes_give_one_result(tmp_path, prefix, body, name):
    path = tmp_path / name
    path.write_bytes(prefix + body)
    report = analyze(path)
    assert report.status in ("ok", "error")
    if report.status == "error":
        assert report.error["code"] in MESSAGES and report.error["code"] != "internal_error", report.error
        assert " / " in report.error["message"]
    else:
        assert report.text.strip()
