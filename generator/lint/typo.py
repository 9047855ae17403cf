"""The punctuation and spacing changes `check` reports (rule punct-width) and `--fix` applies: one function,
so that a fixed text never reports punct-width again."""
from __future__ import annotations

import re

from generator.text import typography
from generator.text import zh

__all__ = ["KIND_MSG", "line_changes"]

KIND_MSG = {
    "punct-width": "中文里用了半角标点“{old}”，应为“{new}”",
    "quote": "中文里用了直引号“{old}”，应为“{new}”",
    "ellipsis": "省略号“{old}”应写作“……”",
    "dash": "破折号“{old}”应写作“——”",
    "space": "汉字之间有多余的空格",
}

# typography.changes only ever rewrites these characters: a line without any has nothing to change
_TOUCHED = re.compile("[,:;!?()\"'.…\\- \u3000]")
# a name line (县委常委、纪委书记　王明) has no sentence punctuation; 、 lists offices, so it does not count
_SENTENCE = re.compile("[，。；：！？,.;:!?]")
MAX_NAME_LINE = 30
# the 版头's 发文字号 line with its 签发人 (栖委发〔2025〕12号　　签发人：李明远): the spaces are layout
_DOCNUMBER_LINE = re.compile(r"〔\d{4}〕\d+号[ \u3000]+签发人[：:]")
# a label and a list of names padded and parted with U+3000 (出席会议的县领导：林　涛　王　军　蒋丽萍),
# and the 公文's contact note (联系人：党政办　吴丽华，联系电话：…): the full-width spaces are layout
_CJK = f"[{zh.CJK}]"
_NAME_LIST = re.compile(f"^[^，。；！？,;!?：:]{{1,16}}[：:]\u3000*(?:{_CJK}{{1,4}}\u3000+){{2,}}{_CJK}{{1,4}}[ \u3000]*$")
_CONTACT_NOTE = re.compile(r"^[ \u3000]*[（(]?联系人[ \u3000]*[:：]")


def line_changes(line: str, spaced: bool | None = None) -> list[typography.Change]:
    """typography.changes for one line, minus the spaces that stand for a missing word (rule space-gap:
    `--fix` never deletes them).

    `spaced`: the line is a speaker, title or signature line (keeps its full-width space); None = guess:
    a short line without sentence punctuation (县委书记　王明, a signature) keeps it, that space is layout."""
    if not _TOUCHED.search(line):
        return []
    if spaced is None:
        spaced = (len(line.strip()) <= MAX_NAME_LINE and not _SENTENCE.search(line)) or bool(
            _DOCNUMBER_LINE.search(line) or _NAME_LIST.match(line.strip()) or _CONTACT_NOTE.match(line))
    cs = typography.changes(line, keep_fullwidth_space=spaced)
    if any(c.kind == "space" for c in cs):
        cs = [c for c in cs if not (c.kind == "space" and zh.is_word_gap(line, c.start, c.end))]
    return cs
