"""Split a long document title into balanced centred lines (trapezoid or diamond), breaking at word boundaries.

Word boundaries come from jieba (a well-kept Chinese segmenter: max-probability path over a word DAG plus
an HMM for words it does not know, such as place names) run over a small dictionary of the words titles
of this genre are made of (TITLE_WORDS below). jieba's own 350 000-word dictionary takes 1.5 s of CPU to
load in every process, and on these titles it does no better: it too reads 第二巡察|组 and 组向. On top of
the segments, single-character affixes stay with their word: 县|自然资源局, 第二巡察组, 栖云镇."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# A line may not start with these (closing punctuation) nor end with OPENERS.
CLOSERS = set("、，。；：！？）》」』】〕”’…—·,.;:!?)]%")
OPENERS = set("（《「『【〔“‘([")
BREAK_AFTER_PUNCT = set("，、；：。！？）》」』】〕”’ ")
# Function words after which a title reads naturally across a break (在…上 is handled apart).
GOOD_AFTER = {"的": 0.0, "暨": 0.0, "和": 0.5, "与": 0.5, "及": 0.5, "并": 1.0}
BAD_START = {"的": 4.0, "了": 4.0, "之": 3.0}  # a line starting with a particle looks broken
ARBITRARY = 8.0      # a break between two characters of no known boundary: maybe inside a word
WORD_EDGE = 4.0      # a break at the edge of a known word
INSIDE_WORD = 30.0   # a break inside a known word
# Words frequent in titles of speeches and reports. Without a segmenter, these tell word edges apart
# from the middle of a word; the list only needs the words that long titles are made of.
WORDS = tuple(sorted(set(
    "工作 会议 大会 讲话 报告 意见 通知 方案 办法 决定 实施 提纲 发言 汇报 情况 问题 整改 审计 巡视 巡察 督查 督导 "
    "反馈 落实 推进 部署 动员 警示 教育 专题 全面 深化 加强 改进 进一步 建设 机制 长效 制度 体系 能力 作风 "
    "党风 廉政 纪律 监督 检查 考核 评估 乡村 振兴 脱贫 攻坚 巩固 拓展 成果 城乡 环境 整治 经济 社会 发展 "
    "高质量 数字 网络 安全 生产 生态 文明 保护 治理 基层 组织 党建 全县 全市 全省 全区 全镇 全乡 县委 市委 "
    "省委 政府 人民 代表 常委会 年度 预算 执行 财政 收支 查出 本级 推动 开展 持续 坚决 扎实 视频 座谈会 "
    "推进会 工作会 现场会 总结 表彰 学习 贯彻 精神 主题 活动 营商 优化 服务 项目 重点 任务 目标 责任 "
    "领导 干部 同志 书记 县长 市长 部门 单位 企业 群众 民生 改革 创新 方法 核算".split())))
EXTRA_LINE = 5.0     # prefer the fewest lines that fit
MIN_CHARS = 3        # never a line of one or two characters
MAX_SEARCH_LINES = 4  # longer "titles" (no real title is) are split greedily


def width(s: str) -> float:
    """Display width in full-width characters: CJK and ambiguous 1, Latin letters and digits ½."""
    return sum(0.5 if unicodedata.east_asian_width(c) in ("N", "Na", "H") else 1.0 for c in s)


def _ascii_word(c: str) -> bool:
    return c.isascii() and not c.isspace()


# Words of titles in this genre, beyond WORDS: organs, units and the names of inspection teams.
# Each becomes an entry of the segmenter's dictionary (with a frequency that outweighs splitting it).
TITLE_WORDS = WORDS + tuple("""
巡察组 巡视组 督导组 审计组 检查组 督察组 工作组 调研组 考核组 党工委 镇党委 乡党委 县委 区委 市委 省委 党组 党委
党支部 党总支 委员会 街道 社区 村委会 居委会 人民政府 办公室 自然资源局 交通运输局 审计局 财政局 教育局 卫生健康委
农业农村局 住房和城乡建设局 生态环境局 水利局 民政局 人力资源和社会保障局 市场监督管理局 应急管理局 纪委监委
反馈 意见 巡察 巡视 审计 督导 督察 情况 整改 进展 落实 报告 方案 台账 表态 发言 讲话 会议 部署 推进 工作 问题
生态环境 环境保护 全镇 全区 全县 全市 反馈会 部署会 推进会 动员会 汇报会 专题会 关于 落实 第一 第二 第三 第四 第五
""".split())
# Single characters that belong to the word before them (suffixes) or after them (prefixes) in titles.
SUFFIXES = set("镇乡村组局委办所站队科处部厅院社")
PREFIXES = set("县市区省第")
_KNOWN = frozenset(TITLE_WORDS)
_TEAM = re.compile("第[一二三四五六七八九十]+[\u4e00-\u9fff]{2}组")  # 第二巡察组 as one name


@lru_cache(maxsize=1)
def _tokenizer():
    import io
    import logging

    import jieba  # imported on the first title that needs breaking: ~0.4 s, not paid by `gaozi --help`

    logging.getLogger("jieba").setLevel(logging.ERROR)
    tok = jieba.Tokenizer()
    # The prefix dictionary built straight from our words: no dictionary file, no cache file in /tmp.
    entries = "".join(f"{w} {1000 * len(w)}\n" for w in dict.fromkeys(TITLE_WORDS))
    tok.FREQ, tok.total = tok.gen_pfdict(io.BytesIO(entries.encode("utf-8")))
    tok.initialized = True
    return tok


@lru_cache(maxsize=256)
def segments(text: str) -> tuple[str, ...]:
    """The words of `text` as the title breaker sees them."""
    return tuple(_tokenizer().cut(text, HMM=True))


def _edges(text: str) -> dict[int, float]:
    """Break cost at every position from the segmentation: inside a word or a bound affix costs INSIDE_WORD."""
    edges: dict[int, float] = {}
    words = segments(text)
    pos = 0
    bounds = [0]
    for w in words:
        for i in range(pos + 1, pos + len(w)):
            edges[i] = INSIDE_WORD
        pos += len(w)
        bounds.append(pos)
    for k in range(1, len(words)):
        i, before, after = bounds[k], words[k - 1], words[k]
        bound = (len(after) == 1 and after in SUFFIXES and not before.isascii()) or (
            len(before) == 1 and before in PREFIXES and not after.isascii()) or (
            # 栖云|镇党委: a name the dictionary does not know, then the unit it names
            after[0] in SUFFIXES and before not in _KNOWN and not before.isascii())
        edges[i] = INSIDE_WORD if bound else WORD_EDGE
    for m in _TEAM.finditer(text):
        for i in range(m.start() + 1, m.end()):
            edges[i] = INSIDE_WORD
    return edges


def _break_costs(text: str) -> dict[int, float]:
    """Allowed break positions (break before text[i]) and their cost."""
    costs: dict[int, float] = {}
    zai = text.find("在")
    edges = _edges(text)
    for i in range(1, len(text)):
        a, b = text[i - 1], text[i]
        if b in CLOSERS or a in OPENERS or (_ascii_word(a) and _ascii_word(b)):
            continue
        if edges.get(i) == INSIDE_WORD and a not in BREAK_AFTER_PUNCT:
            cost = INSIDE_WORD
        elif a in BREAK_AFTER_PUNCT or b == " ":
            cost = 0.0
        elif text[max(0, i - 2):i] == "关于":
            cost = 0.0
        elif a == "上" and 0 <= zai < i - 1:  # 在……会议上 | 的讲话
            cost = 0.0
        elif a in GOOD_AFTER:
            cost = GOOD_AFTER[a]
        elif b == "在" or b == "关":  # before 在…上 / 关于
            cost = 1.0
        else:
            cost = edges.get(i, ARBITRARY)
        if b == "上" and 0 <= zai < i:  # 会议 | 上的讲话 tears 在……会议上 apart
            cost += BAD_START["的"]
        costs[i] = cost + BAD_START.get(b, 0.0)
    return costs


def _shape(ws: list[float]) -> float:
    """Penalty for shapes other than trapezoid (upper lines longer) or diamond (middle longest)."""
    n = len(ws)
    mean = sum(ws) / n
    balance = sum((w - mean) ** 2 for w in ws) / 6
    peak = max(range(n), key=lambda i: (ws[i], -i))
    if n > 1 and peak == n - 1:
        peak = 0  # the last line longest: an inverted trapezoid, judged as a failed trapezoid
    bad = sum(max(0.0, ws[i] - ws[i + 1]) for i in range(peak))          # must rise up to the peak
    bad += sum(max(0.0, ws[i + 1] - ws[i]) for i in range(peak, n - 1))  # and fall after it
    return balance + 1.5 * bad


def split_title(text: str, max_chars: float = 20) -> list[str]:
    """Split `text` into lines of at most `max_chars` full-width characters; explicit newlines are kept as given."""
    if "\n" in text:
        return text.split("\n")
    total = width(text)
    if total <= max_chars or len(text) < 2 * MIN_CHARS:
        return [text]
    costs = _break_costs(text)
    positions = sorted(costs)
    prefix = [0.0]
    for c in text:
        prefix.append(prefix[-1] + width(c))
    n_min = max(2, int(-(-total // max_chars)))
    if n_min > MAX_SEARCH_LINES:  # the search below is exponential in the number of lines
        return _greedy(text, costs, prefix, max_chars)
    best: tuple[float, list[int]] | None = None

    def search(start: int, left: int, cuts: list[int], cost: float, limit: float) -> None:
        nonlocal best
        if best is not None and cost >= best[0]:
            return
        if left == 1:
            if len(text) - start < MIN_CHARS or prefix[-1] - prefix[start] > limit:
                return
            bounds = [0, *cuts, len(text)]
            ws = [prefix[b] - prefix[a] for a, b in zip(bounds, bounds[1:])]
            over = sum(max(0.0, w - max_chars) for w in ws) * 100  # only when nothing fits
            total_cost = cost + _shape(ws) + over
            if best is None or total_cost < best[0]:
                best = (total_cost, list(cuts))
            return
        for p in positions:
            if p - start < MIN_CHARS:
                continue
            if prefix[p] - prefix[start] > limit:
                break
            if prefix[-1] - prefix[p] > limit * (left - 1):
                continue
            cuts.append(p)
            search(p, left - 1, cuts, cost + costs[p], limit)
            cuts.pop()

    for n in (n_min, n_min + 1):
        search(0, n, [], EXTRA_LINE * (n - n_min), max_chars)
    if best is None:  # nothing fits (an unbreakable Latin run?): allow over-long lines, fewest possible
        search(0, n_min, [], 0.0, total)
    if best is None:
        return [text]
    bounds = [0, *best[1], len(text)]
    return [text[a:b] for a, b in zip(bounds, bounds[1:])]


def _greedy(text: str, costs: dict[int, float], prefix: list[float], max_chars: float) -> list[str]:
    """Fill lines to between 70 % and 100 % of max_chars, at the cheapest break (furthest on a tie)."""
    cuts, start = [], 0
    while prefix[-1] - prefix[start] > max_chars:
        fits = [p for p in costs if p - start >= MIN_CHARS and prefix[p] - prefix[start] <= max_chars]
        if not fits:
            break
        good = [p for p in fits if prefix[p] - prefix[start] >= 0.7 * max_chars] or fits
        start = min(good, key=lambda p: (costs[p], -p))
        cuts.append(start)
    if cuts and len(text) - cuts[-1] < MIN_CHARS:  # a short last line: give it characters from above
        lo = (cuts[-2] if len(cuts) > 1 else 0) + MIN_CHARS
        earlier = [p for p in costs if lo <= p <= len(text) - MIN_CHARS]
        cuts[-1] = max(earlier, default=len(text) - MIN_CHARS)
    bounds = [0, *cuts, len(text)]
    return [text[a:b] for a, b in zip(bounds, bounds[1:])]
