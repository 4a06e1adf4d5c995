"""The project's jieba segmenter with the party-building user dictionary (``resources/userdict.txt``).

jieba keeps global state and its tokenizer cannot be pickled, so each process builds its own tokenizer on
first use; nothing of it crosses a process boundary.
"""
from __future__ import annotations

import logging
from functools import cache

from .resources import read_text


@cache
def segmenter():
    """A ``jieba.Tokenizer`` with our user dictionary applied (built once per process)."""
    import jieba
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    for line in read_text("userdict.txt").splitlines():
        parts = line.split()
        if parts and not parts[0].startswith("#"):
            tok.add_word(parts[0], int(parts[1]) if len(parts) > 1 else None, parts[2] if len(parts) > 2 else None)
    return tok
