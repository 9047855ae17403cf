"""Chinese constants every stage shares: which document roles keep their spaces, which are not spoken.

One table, so that compose, check, `check --fix`, the importer and the length estimate agree: a
speaker line printed as 县委书记　王明 is never "fixed" to 县委书记王明 by one stage and kept by another.
"""
from __future__ import annotations

__all__ = ["SPACED_ROLES", "UNSPOKEN_ROLES", "SPACED_KEYS", "ROLE_KEYS", "CJK", "SENTENCE_END", "GAP_NEXT",
           "GAP_PREV", "is_word_gap"]

# roles whose full-width space is layout (office　name, a signature block), never a slip
SPACED_ROLES = frozenset({"title", "speaker", "signature"})

# roles a speaker does not read out: they do not count towards the spoken length
UNSPOKEN_ROLES = frozenset({"title", "subtitle", "speaker", "date-line", "source", "signature", "sign-date",
                            "outline-summary"})

# the outline key each front-matter role is written under
ROLE_KEYS = {"title": "title", "subtitle": "subtitle", "speaker": "speaker", "date-line": "date", "salutation": "salutation",
             "addressee": "addressee", "signature": "signature", "sign-date": "sign_date", "source": "source",
             "outline-summary": "outline_text"}

# outline keys whose text becomes a spaced role
SPACED_KEYS = frozenset(k for r, k in ROLE_KEYS.items() if r in SPACED_ROLES)

# CJK ideographs (the BMP blocks; enough for the documents gaozi reads and writes), as a regex class body
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

# what ends a sentence
SENTENCE_END = "。！？!?"

# A space between two Chinese characters where a word is missing (加强 和党风廉政建设): a function word
# stands right after the space with nothing it could join before it, or right before it with nothing after.
# Such a space is a gap to fill, never a stray space to delete.
GAP_NEXT = frozenset("和与及并或等")  # 加强 和…, 有关 等…
GAP_PREV = frozenset("的和与及对把被将向")  # 加强党的 建设, 对 进行


def is_word_gap(text: str, start: int, end: int) -> bool:
    """text[start:end] is a run of spaces between Chinese characters that stands for a missing word."""
    if start <= 0 or end >= len(text) or end - start > 3:
        return False
    before, after = text[start - 1], text[end]
    if not (_is_ideo(before) and _is_ideo(after)):
        return False
    return after in GAP_NEXT or before in GAP_PREV


def _is_ideo(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"
