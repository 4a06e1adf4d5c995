"""Legacy .doc/.wps: convert to .docx with headless LibreOffice, then read it as a .docx.

LibreOffice renders Word auto-numbering into numbering.xml faithfully, so the .docx path keeps "一、"
markers. Every call gets its own throw-away profile (-env:UserInstallation) so parallel workers do not
collide, and a timeout bounds hung conversions.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..errors import IngestError, message
from ..model import Block, Notice
from .docx import read_docx

TIMEOUT_S = 60


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(data: bytes, fmt: str, *, timeout: float = TIMEOUT_S) -> bytes:
    """Return the .docx bytes LibreOffice makes from ``data`` (a .doc or .wps file)."""
    exe = find_soffice()
    if exe is None:
        raise IngestError("converter_missing")
    with tempfile.TemporaryDirectory(prefix="analyzer-lo-") as tmp:
        src = Path(tmp, f"input.{fmt}")
        src.write_bytes(data)
        out = Path(tmp, "out")
        cmd = [exe, f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}", "--headless", "--invisible",
               "--norestore", "--nolockcheck", "--nodefault", "--nologo",
               "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(src)]
        # HOME points into the temp dir too: LibreOffice must not touch the user's real profile.
        env = dict(os.environ, HOME=tmp)
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env=env, start_new_session=True)
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            # soffice forks helpers; kill the whole session we started, by its id.
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.communicate()
            raise IngestError("conversion_failed", f"timeout after {timeout:g} s") from exc
        result = out / "input.docx"
        if proc.returncode != 0 or not result.is_file():
            detail = err.decode("utf-8", "replace").strip()[-300:] or f"exit code {proc.returncode}"
            raise IngestError("conversion_failed", detail)
        return result.read_bytes()


def read_legacy(data: bytes, fmt: str, timeout: float = TIMEOUT_S) -> tuple[list[Block], list[Notice]]:
    """Blocks of a .doc/.wps file; adds the ``conversion_used`` notice."""
    blocks, notices = read_docx(convert_to_docx(data, fmt, timeout=timeout))
    return blocks, [*notices, Notice("conversion_used", message("conversion_used"))]
