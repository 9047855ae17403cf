"""Word boundaries for the rules that must not read across words (repeat, set-phrase): jieba's segmentation,
loaded on first use; without jieba every candidate counts, as before it was used."""
from __future__ import annotations

import math

_segmenter = None


def cut(s: str) -> list[str]:
    """jieba's words of s ([] without jieba: the caller then takes every candidate)."""
    global _segmenter
    if _segmenter is None:
        try:
            import jieba  # deferred: loading its dictionary costs about half a second most checks never need

            jieba.setLogLevel(60)
            _segmenter = jieba.lcut
        except Exception:  # not installed, or a broken dictionary
            _segmenter = False
    return _segmenter(s, HMM=False) if _segmenter else []


def on_boundaries(text: str, cuts: tuple[int, ...], window: int = 12) -> bool:
    """Every offset in `cuts` (ascending) falls between two words of text, read with `window` characters of
    context either side: 真抓实干 in 我们将真抓实干 does, in 认真抓实干部作风 (认真|抓实|干部) it does not."""
    lo = max(0, cuts[0] - window)
    words = cut(text[lo:cuts[-1] + window])
    if not words:
        return True
    found, pos = {lo}, lo
    for w in words:
        pos += len(w)
        found.add(pos)
    return all(c in found for c in cuts)


_dictionary = None  # (word → frequency, log of the total) of jieba's dictionary, or False without jieba


def _freq():
    global _dictionary
    if _dictionary is None:
        cut("")  # loads jieba (or learns it is missing)
        if _segmenter:
            import jieba  # deferred with cut(): the dictionary is already loaded there

            jieba.dt.initialize()
            _dictionary = (jieba.dt.FREQ, math.log(jieba.dt.total))
        else:
            _dictionary = False
    return _dictionary


def stands_alone(text: str, start: int, end: int, window: int = 8) -> bool:
    """text[start:end] is read as the words it spells, not as the edges of its neighbours' words: the
    context is segmented as jieba would (most probable path through its dictionary) but without any word
    holding the whole phrase, so an idiom in the dictionary cannot swallow its neighbours. 真抓实干 in
    我们将真抓实干 stands alone; in 认真抓实干部作风 it is 认真|抓实|干部; 一刀切 in 一刀切开 is not one."""
    d = _freq()
    if not d:
        return True
    freq, log_total = d
    lo = max(0, start - window)
    s = text[lo:end + window]
    phrase = text[start:end]
    n = len(s)
    route = [(0.0, n)] * (n + 1)
    for i in range(n - 1, -1, -1):
        best = (route[i + 1][0] + math.log(freq.get(s[i]) or 1) - log_total, i + 1)
        k = i + 2
        while k <= n and s[i:k] in freq:
            w = s[i:k]
            if freq[w] and phrase not in w:
                best = max(best, (route[k][0] + math.log(freq[w]) - log_total, k))
            k += 1
        route[i] = best
    cuts, i = {0}, 0
    while i < n:
        i = route[i][1]
        cuts.add(i)
    return start - lo in cuts and end - lo in cuts
