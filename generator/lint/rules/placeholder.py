"""Rule `placeholder`: x/xx/××/**/___/20xx/某某/某市/【待补充】 left in a draft, but not their look-alikes."""
from __future__ import annotations

ID = "placeholder"
LEVEL = "error"
SUMMARY = "未替换的占位符（x、xx、××、**、___、20xx、某某、某市、【待补充】……）"

import re

from generator.lint.para import CJK, Hit, quote

_LATIN = "A-Za-z\u00c0-\u024f\u1e00-\u1eff"  # letters, accented ones included (pinyin xù, lǜ)
_IS_LATIN = re.compile(f"[{_LATIN}]")
_DIGIT = "0-9０-９"

# a run of x (or ×) with the digits glued to it: 20xx, 201x, 3x3, X5, ××
_XRUN = re.compile(f"[{_DIGIT}]*(?:[xXｘＸ]+|×+)[{_DIGIT}]*")
# after a single x: 光 (x光), 射线, 轴, 型 are real words, not blanks
_X_WORDS = ("光", "射线", "线", "轴", "型")
_STARS = re.compile(r"\*+")
_UNDERSCORES = re.compile(r"[_＿]+")
_BLANK_BOXES = re.compile(r"○{2,}|□{2,}")
# 某某 and 某 + a unit of government: what a template leaves for the user to fill in
_UNITS = ("乡镇", "街道", "社区", "单位", "部门", "公司", "企业", "学校", "医院", "同志", "领导", "书记",
          "市", "县", "区", "镇", "乡", "村", "局", "省", "州", "委", "办", "厅")
_MOU = re.compile("某{2,}(?:" + "|".join(_UNITS) + ")?|某(?:" + "|".join(_UNITS) + ")")
# 某 + unit char that is really the first character of a longer word: 某市场主体, 某区域, 某局部
_NOT_UNIT = ("市场", "区域", "区间", "局部", "局面", "县域", "村民", "办法",
             "办理", "委托", "委员", "镇定", "乡村", "同志们", "厅堂")
# 张某某, 王某某: the standard way to anonymise a person in a case report, not a blank (characters
# that are mostly function words — 和, 向, 于, 全, 应 — are left out: 和某某 is "and so-and-so")
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴"
    "莫孔汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪"
    "梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简"
    "车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂佟臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛"
    "仲虞敖巩明佘池查麻苑迟邝"
)
_TODO = re.compile(r"【\s*(?:待|请|此处|TODO|TBD|xx|XX|××|\?|？)[^】\n]{0,30}】|【\s*】"
                   r"|[〔\[［]\s*(?:待|TODO|TBD)[^〕\]］\n]{0,30}[〕\]］]"
                   r"|[（(]\s*(?:待补充|待定|待核实|待填|待确认|待更新|待完善|TODO|TBD)[^）)\n]{0,20}[）)]")
# 原 + the start of an office after 某 + unit: the former holder of a post in a case report (某县原副县长),
# not 某市原计划… (原 = "originally")
_FORMER = re.compile("原(?:党|副|书记|主任|局长|县长|镇长|乡长|村|支部|总|董事|经理|院长|校长|所长|站长|科长|处长|厅长|会计|出纳|驻)")
_CLAUSE = re.compile(r"[^，。；：！？,;:!?]{0,24}")


def _case(text: str, e: int) -> bool:
    """The clause after 某 + unit (ending at e) is about a case: a former office-holder (某村原党支部书记,
    某镇财政所原所长) or a named case (某局违规发放津补贴案)."""
    clause = _CLAUSE.match(text, e).group()
    return _FORMER.search(clause) is not None or (clause.endswith("案") and not clause.endswith(_NOT_CASE))


_NOT_CASE = ("方案", "预案", "草案", "提案", "议案", "档案", "备案", "图案", "答案", "教案", "文案", "法案", "立案", "结案")


_PUNCT = set("，。、；：？！“”‘’（）《》【】…—·,.;:?!\"'()[]<>{}-")


def _flanks(text: str, i: int, j: int) -> tuple[str, str]:
    return (text[i - 1] if i > 0 else ""), (text[j] if j < len(text) else "")


def _latin_near(text: str, i: int, j: int) -> bool:
    """A Latin letter right next to the run, or one space away (iPhone X, X Window)."""
    for k, step in ((i - 1, -1), (j, 1)):
        if 0 <= k < len(text) and text[k] == " ":
            k += step
        if 0 <= k < len(text) and _IS_LATIN.match(text[k]):
            return True
    return False


def _x_hits(text: str) -> list[tuple[int, int]]:
    out = []
    for m in _XRUN.finditer(text):
        tok = m.group()
        core = re.search(r"[xXｘＸ×]+", tok)
        lead, trail = tok[: core.start()], tok[core.end():]
        s, e = m.start() + core.start(), m.start() + core.end()
        before, after = _flanks(text, m.start(), m.end())
        if core.group()[0] != "×" and _latin_near(text, m.start(), m.end()):
            continue  # part of a word, pinyin (xù), a product name (iPhone X)
        if core.group()[0] == "×" and (before.isdigit() or after.isdigit()):
            continue  # 3 × 4 written with spaces is caught below by the digits glued on
        if lead and trail:
            continue  # 3x3, 2×4: dimensions
        if trail:
            continue  # X5, x2: model numbers and multipliers
        if lead:
            if len(tok) == 4 and lead[0] in "12１２":
                out.append((m.start(), e))  # 20xx, 201x, 20××: a year left blank
            continue  # 3x, 10×: "times"
        if core.group() in ("x", "X", "ｘ", "Ｘ") and before and before in "+＋":
            continue  # “1+X”证书, “1+X”政策体系: a scheme's name, not a blank (1+xx still is one)
        if core.group() in ("x", "X", "ｘ", "Ｘ") and text.startswith(_X_WORDS, e):
            continue  # x光, X射线, x轴, X型 (but xx型 is a blank for a model name)
        # "a × b" with spaces, between numbers: multiplication
        if core.group()[0] == "×" and _SPACED_DIGIT.match(text, e) and _digit_before(text, s):
            continue
        out.append((s, e))
    return out


_SPACED_DIGIT = re.compile(r"\s*\d")


def _digit_before(text: str, s: int) -> bool:
    """A digit before text[s], spaces between allowed (no copy of the text before s)."""
    k = s - 1
    while k >= 0 and text[k].isspace():
        k -= 1
    return k >= 0 and text[k].isdigit()


def _is_punct(ch: str) -> bool:
    return ch in _PUNCT or (bool(ch) and not ch.isalnum() and not ch.isspace() and ch not in "*_")


_CJK_PUNCT = set("，。、；：？！“”‘’（）《》【】…—·「」『』")


def _flank_punct(ch: str) -> bool:
    """Punctuation for the flanking rules, CJK-friendly: Chinese punctuation counts as a letter, so that
    `影响。**某某属性。**我们` is bold text (CommonMark proper would leave both `**` unpaired)."""
    return _is_punct(ch) and ch not in _CJK_PUNCT


def _bold_pairs(text: str, runs: list[re.Match]) -> set[int]:
    """Start offsets of `**` runs that are Markdown bold markers (CommonMark flanking rules, paired)."""
    paired: set[int] = set()
    opener = None
    for m in runs:
        if len(m.group()) != 2:
            continue
        s, e = m.span()
        before, after = _flanks(text, s, e)
        ws_b, ws_a = (not before or before.isspace()), (not after or after.isspace())
        can_close = not ws_b and (not _flank_punct(before) or ws_a or _flank_punct(after))
        can_open = not ws_a and (not _flank_punct(after) or ws_b or _flank_punct(before))
        # **同志 is a blank for a person's name: never the start or the end of bold text
        if text.startswith("同志", e):
            can_open = can_close = False
        if opener is not None and can_close and s > opener:
            paired.update((opener, s))
            opener = None
        elif can_open:
            opener = s
    return paired


def _star_hits(text: str) -> list[tuple[int, int]]:
    runs = list(_STARS.finditer(text))
    if not runs:
        return []
    if not text.replace("*", "").strip():
        return []  # *** alone on a line: a Markdown rule, not a blank
    bold = _bold_pairs(text, runs)
    out = []
    for m in runs:
        s, e = m.span()
        if s in bold:
            continue
        before, after = _flanks(text, s, e)
        if before.isalnum() and after.isalnum() and not (re.match(f"[{CJK}]", before) or re.match(f"[{CJK}]", after)):
            continue  # 3*4, a*b
        if s == 0 and after == " ":
            continue  # "* item": a Markdown bullet
        out.append((s, e))
    return out


def _underscore_hits(text: str) -> list[tuple[int, int]]:
    out = []
    for m in _UNDERSCORES.finditer(text):
        before, after = _flanks(text, *m.span())
        if re.match(r"[A-Za-z0-9]", before or " ") and re.match(r"[A-Za-z0-9]", after or " "):
            continue  # snake_case, file_name.txt
        out.append(m.span())
    return out


def _mou_hits(text: str) -> list[tuple[int, int]]:
    out = []
    for m in _MOU.finditer(text):
        s, e = m.span()
        tok = m.group()
        before = text[s - 1] if s > 0 else ""
        if tok.startswith("某某"):
            if before in _SURNAMES and not tok.strip("某"):
                continue  # 王某某: an anonymised name, not a blank
        elif text.startswith(_NOT_UNIT, s + 1):
            continue  # 某市场主体, 某区域: 某 + a longer word
        elif before in _SURNAMES and tok[1:] in ("同志", "领导", "书记"):
            continue  # 张某同志: an anonymised person
        elif _case(text, e):
            continue  # 某村原党支部书记, 某镇财政所原所长贪污案: an anonymised case (warning-education speech)
        out.append((s, e))
    return out


def check(ctx) -> list[Hit]:
    hits: list[Hit] = []
    for pi, p in enumerate(ctx.paras):
        if p.role == "junk":
            continue
        t = p.text
        found: list[tuple[int, int]] = []
        if any(c in t for c in "xXｘＸ×"):
            found += _x_hits(t)
        if "*" in t:
            found += _star_hits(t)
        if "_" in t or "＿" in t:
            found += _underscore_hits(t)
        if "某" in t:
            found += _mou_hits(t)
        if "○" in t or "□" in t:
            found += [m.span() for m in _BLANK_BOXES.finditer(t)]
        if "【" in t or "[" in t or "〔" in t or "［" in t or "待" in t or "TODO" in t or "TBD" in t:
            found += [m.span() for m in _TODO.finditer(t)]
        seen = set()
        for s, e in sorted(found):
            if s in seen:
                continue
            seen.add(s)
            tok = t[s:e]
            hits.append(Hit("placeholder", f"占位符“{quote(tok)}”尚未替换，请填写实际内容", tok, pi, s))
    return hits
