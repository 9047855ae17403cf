"""Split a long document title into balanced centred lines (trapezoid or diamond), breaking at word boundaries."""
from __future__ import annotations

import unicodedata

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


def _break_costs(text: str) -> dict[int, float]:
    """Allowed break positions (break before text[i]) and their cost."""
    costs: dict[int, float] = {}
    zai = text.find("在")
    edges: dict[int, float] = {}
    for word in WORDS:
        start = text.find(word)
        while start >= 0:
            end = start + len(word)
            for i in range(start + 1, end):
                edges[i] = INSIDE_WORD
            for i in (start, end):
                edges.setdefault(i, WORD_EDGE)
            start = text.find(word, start + 1)
    for i in range(1, len(text)):
        a, b = text[i - 1], text[i]
        if b in CLOSERS or a in OPENERS or (_ascii_word(a) and _ascii_word(b)):
            continue
        if a in BREAK_AFTER_PUNCT or b == " ":
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
