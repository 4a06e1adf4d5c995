"""Exception hierarchy with stable error codes and bilingual messages.

Every failure a user can meet ends up as an error row whose ``code`` never changes between versions and whose
message says in Chinese and English what happened and what to do.
"""
from __future__ import annotations

# code -> (Chinese, English). Codes are a contract: add, never rename.
MESSAGES: dict[str, tuple[str, str]] = {
    "file_not_found": ("找不到文件", "file not found"),
    "unreadable": ("无法读取文件（权限或设备错误）", "file could not be read (permission or I/O error)"),
    "empty_document": ("文件为空或没有可识别的文字", "the file is empty or has no recognisable text"),
    "unsupported_format": ("不支持的文件格式（支持 .docx .pdf .doc .wps .txt）",
                           "unsupported file format (supported: .docx .pdf .doc .wps .txt)"),
    "too_large": ("文件过大，超过处理上限", "the file is larger than the configured limit"),
    "wrong_encoding": ("无法识别文本编码（非 UTF-8/UTF-16/GB18030）",
                       "text encoding not recognised (not UTF-8, UTF-16 or GB18030)"),
    "corrupt_file": ("文件已损坏或格式不完整", "the file is corrupt or truncated"),
    "docx_encrypted": ("Word 文档已加密，请去除密码后重新提交", "the Word document is password-protected"),
    "pdf_encrypted": ("PDF 文件已加密，请去除密码后重新提交", "the PDF is password-protected"),
    "pdf_no_text_layer": ("PDF 为扫描件、没有文字层，需要先进行文字识别（OCR）",
                          "the PDF is scanned and has no text layer; OCR is needed"),
    "converter_missing": ("处理 .doc/.wps 需要 LibreOffice，但本机未安装",
                          "LibreOffice is needed for .doc/.wps files but is not installed"),
    "conversion_failed": ("LibreOffice 转换失败或超时", "LibreOffice conversion failed or timed out"),
    "internal_error": ("分析过程中出现内部错误，请将此文件反馈给开发者",
                       "internal error while analysing this file; please report it"),
}

# Warnings attached to documents that were still analysed.
WARNINGS: dict[str, tuple[str, str]] = {
    "ocr_needed": ("部分页面没有可用的文字层（扫描件或字体无映射），这些页面的内容未能读取",
                   "some pages have no usable text layer (scanned, or fonts without mapping); their text is missing"),
    "traditional_script": ("原文为繁体字，已转换为简体后分析", "the text was in traditional characters and was converted"),
    "encoding_fallback": ("文本编码为 GB18030", "the text was decoded as GB18030"),
    "conversion_used": ("已通过 LibreOffice 转换后读取", "read after conversion by LibreOffice"),
}


def message(code: str, detail: str | None = None) -> str:
    zh, en = MESSAGES.get(code) or WARNINGS.get(code) or MESSAGES["internal_error"]
    text = f"{zh} / {en}"
    return f"{text} ({detail})" if detail else text


class AnalyzerError(Exception):
    """Base of every error the analyzer raises on purpose; ``code`` is stable."""

    code = "internal_error"

    def __init__(self, code: str | None = None, detail: str | None = None):
        self.code = code or self.code
        self.detail = detail
        super().__init__(message(self.code, detail))

    @property
    def message(self) -> str:
        return message(self.code, self.detail)


class IngestError(AnalyzerError, OSError):
    """A file could not be turned into text."""


class ResourceError(AnalyzerError, ValueError):
    """A bundled data file is missing or malformed."""

    code = "resource_error"


class ModelNotFittedError(AnalyzerError, ValueError):
    code = "model_not_fitted"
