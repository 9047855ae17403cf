"""Rule `traditional-char`: traditional characters in simplified text, decided by OpenCC's phrase-aware t2s."""
from __future__ import annotations

ID = "traditional-char"
LEVEL = "error"
SUMMARY = "简体文本中的繁体字"

import re

from generator.lint.para import Hit

_CJK_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_converter = None
_missing = False


def _t2s():
    """OpenCC's t2s converter, built once; None when the opencc package is not installed."""
    global _converter, _missing
    if _converter is None and not _missing:
        try:
            import opencc

            _converter = opencc.OpenCC("t2s")
        except Exception:  # ImportError, or a broken install without its dictionaries
            _missing = True
    return _converter


# simplified words that t2s still changes: place names with 乾 (乾县 and 乾陵 in Shaanxi, 乾安县 in Jilin)
_KEEP = ("乾县", "乾安", "乾陵", "乾州")


def _kept(t: str, i: int) -> bool:
    """Is t[i] inside one of the _KEEP words?"""
    return any(t.startswith(w, j) for w in _KEEP for j in range(max(0, i - len(w) + 1), i + 1)
               if t[i] in w)


def check(ctx) -> list[Hit]:
    paras = ctx.paras
    conv = _t2s()
    if conv is None:
        return [Hit("traditional-char", "未安装 opencc，无法检查繁体字（请运行 pip install opencc）", "",
                    None, 0, line=1, column=1)]
    hits: list[Hit] = []
    idx = [pi for pi, p in enumerate(paras) if p.role != "junk" and _CJK_RUN.search(p.text)]
    texts = [paras[pi].text.replace("\n", "") for pi in idx]
    cjk_total = sum(len(_CJK_RUN.findall(t)) for t in texts)
    # whole paragraphs, because t2s reads phrases: 乾坤 and 著名 stay, 乾淨 and 著作權 change;
    # one call for the whole text (a newline ends every phrase), per paragraph if lengths shift
    converted = conv.convert("\n".join(texts)).split("\n")
    if len(converted) != len(texts):
        converted = [conv.convert(t) for t in texts]
    for pi, t, out in zip(idx, texts, converted):
        if out == t:
            continue
        if len(out) != len(t):
            out = conv.convert(t)
            if len(out) != len(t):
                out = "".join(conv.convert(c) if _CJK_RUN.match(c) else c for c in t)
        for i, (a, b) in enumerate(zip(t, out)):
            if a != b and _CJK_RUN.match(a) and not _kept(t, i):
                hits.append(Hit("traditional-char", f"繁体字“{a}”，简体应为“{b}”", a, pi, i))
    if len(hits) >= 20 and len(hits) * 5 >= cjk_total:
        first = hits[0]
        first.message = f"全文似为繁体字（共{len(hits)}处），请整体转换为简体后再检查"
        return [first]
    return hits
