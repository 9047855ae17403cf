"""Held-out damaged texts for `gaozi import` (issue 16): one family of damage at a time, scored.

The documents are the synthetic, originally written corpus of tests/test_importer.py (known structure),
and for the "writer B" families a second writer's corpus (tests/second_writer.py) that the importer was not
tuned on;
every damage below is written for this script (no sentence from the seeds or the web). Prints, per
family: paragraph F1, headings/points recognised, title and salutation found, junk lines removed and
junk glued into text, and for one-line texts the ceiling (below). Targets: F1 ≥ 0.98, headings/points ≥ 95%, title/salutation ≥ 90%, junk ≥ 90%
removed, none glued.

    python bench/heldout_import.py [--docs 24]
"""
from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from generator.importer.core import import_text  # noqa: E402
import second_writer  # noqa: E402
from test_importer import outline, paragraph_f1, recognised, render_outline, rendered  # noqa: E402

# Junk lines of every family in issue 16, written for this script.
JUNK = [
    "@page { size: 21cm 29.7cm; margin: 2cm }",
    "p.western { font-family: \"Times New Roman\"; font-size: 12pt }",
    "公文写作园 > 讲话稿 > 整改讲话",
    "范文中心 › 领导讲话 › 会议讲话",
    "晨光写作分享",
    "用户k2023上传",
    "【收藏】 作者: 佚名 来源: 网络 阅读 次 【 】",
    "【文章共6180字，仅供学习借鉴】",
    "时间：2023-04-11 09:26:13",
    "---此处隐藏2840字，下载后查看---",
    "写作之家|原创|范文|素材|",
    "文稿资料站 www.wengao-demo.cn 提供",
    "预览已结束，剩余内容请下载后阅读。",
    "如需完整版，请开通会员后下载。",
    "浏览次数：3821",
    "本文档下载后可任意编辑",
]


def junk_families(paras: list[str], rng: random.Random) -> tuple[str, list[str]]:
    """Junk lines between paragraphs (also right after a heading or title, where gluing happens)."""
    out, planted = [], []
    for i, p in enumerate(paras):
        out.append(p)
        if rng.random() < 0.35:
            j = rng.choice(JUNK)
            out.append(j)
            planted.append(j)
    if paras and rng.random() < 0.5:
        out[0] = out[0] + "（2549字）"
        planted.append("（2549字）")
    return "\n".join(out), planted


CATEGORY = ["领导讲话", "讲话稿", "会议讲话", "整改报告"]


def front_stray(paras: list[str], rng: random.Random, o: dict) -> tuple[str, list[str]]:
    """Front matter in another order or with one stray line: category label, repeated title, a bare
    name under the date line, an ISO date, leftover junk before the salutation."""
    body = list(paras)
    planted: list[str] = []
    title = o.get("title")
    if title and body and body[0] == title:
        r = rng.random()
        if r < 0.25:
            lab = rng.choice(CATEGORY)
            body.insert(0, lab)
            planted.append(lab)
        elif r < 0.5:
            body.insert(1, title)
        elif r < 0.75 and o.get("date") and o.get("speaker"):
            # date line first, then the bare name (how printed speeches give the speaker)
            sp = o["speaker"].split("　")[-1]
            i_sp = body.index(o["speaker"])
            body[i_sp] = sp
            i_d = next(k for k, x in enumerate(body) if x.startswith("（2025年"))
            body[i_sp], body[i_d] = body[i_d], body[i_sp]
        else:
            if o.get("date"):
                i_d = next(k for k, x in enumerate(body) if x.startswith("（2025年"))
                body[i_d] = str(o["date"])
            j = rng.choice(JUNK)
            sal = next((k for k, x in enumerate(body) if x == o.get("salutation")), None)
            if sal is not None:
                body.insert(sal, j)
                planted.append(j)
    return "\n".join(body), planted


STRAY = ["讲话稿", "领导讲话", "公文写作网", "范文大全", "2024-06-01", "时间：2023-04-11 09:26:13", "浏览次数：3821",
         "【收藏】 作者: 佚名 来源: 网络 阅读 次 【 】", "写作之家|原创|范文|素材|", "晨光写作分享", "本文共计3906字"]
TITLES = ["在全县巡察整改工作推进会议上的讲话", "在全镇审计反馈问题整改部署会上的讲话", "在全区督查反馈问题整改落实会议上的讲话"]
SPEAKERS = ["县委书记　王明", "王明", "县委副书记、县长　李华", "镇党委书记　赵强"]
STRESS_BODY = ["今天召开会议，主要是部署整改工作。下面，我讲两点意见。", "一、提高政治站位", "各单位要把整改责任扛在肩上，确保件件有着落。",
               "二、压实整改责任", "各乡镇要对照问题清单逐项销号。", "谢谢大家！"]


def front_stress(rng: random.Random) -> tuple[str, str, str]:
    """Title, speaker and date in any order with 0–2 stray site lines among them (and sometimes the title
    twice), then a salutation or none: (text, title, salutation)."""
    title = rng.choice(TITLES)
    head = [title]
    if rng.random() < 0.5:
        head.append(rng.choice(SPEAKERS))
    if rng.random() < 0.5:
        head.append(rng.choice(["（2025年3月18日）", "2025年3月18日"]))
    if rng.random() < 0.3:
        rng.shuffle(head)
    for _ in range(rng.choice([0, 1, 1, 2])):
        head.insert(rng.randrange(len(head) + 1), rng.choice(STRAY))
    if rng.random() < 0.15:
        head.insert(head.index(title) + 1, title)
    sal = rng.choice(["同志们：", "各位领导，同志们：", ""])
    return "\n".join(head + ([sal] if sal else []) + STRESS_BODY), title, sal


def run_front_stress(docs: int) -> dict:
    t = s = 0
    n = docs * 10
    for seed in range(n):
        src, title, sal = front_stress(random.Random(7000 + seed))
        r = import_text(src, name="x.txt")
        t += r.outline.get("title") == title
        s += (r.outline.get("salutation") or "") == sal
    return {"f1": float("nan"), "struct": float("nan"), "title": t / n, "salutation": s / n, "junk": None, "glued": 0,
            "ceiling": float("nan")}


def _w(ch: str) -> float:
    return 0.5 if ord(ch) < 0x2e80 else 1.0


def pdf_width(paras: list[str], rng: random.Random) -> str:
    """Wrap each paragraph at a measured width (CJK 1, ASCII ½): paragraph ends are short lines."""
    width = rng.randint(26, 36)
    lines: list[str] = []
    for p in paras:
        cur, w = "", 0.0
        for ch in p:
            if w + _w(ch) > width:
                lines.append(cur)
                cur, w = "", 0.0
            cur += ch
            w += _w(ch)
        if cur:
            lines.append(cur)
    return "\n".join(lines)


def pdf_pages(paras: list[str], rng: random.Random) -> tuple[str, list[str]]:
    """A PDF copy page by page: wrapped at a measured width, with a page number and the issuing office
    (the same running line on every page) after every 22 lines."""
    lines = pdf_width(paras, rng).split("\n")
    office = rng.choice(["中共某某县委办公室", "某某镇人民政府", "县委巡察工作领导小组办公室"])
    out, planted = [], []
    for i, ln in enumerate(lines):
        if i and i % 22 == 0:
            out += [f"— {i // 22} —", office]
            planted.append(office)
        out.append(ln)
    return "\n".join(out), planted


def glued_headings(paras: list[str], roles: list[str]) -> str:
    """Each heading glued to the paragraph after it (a heading ending in 。 then its body)."""
    out: list[str] = []
    glue = False
    for p, r in zip(paras, roles):
        if glue:
            out[-1] += p
            glue = False
            continue
        out.append(p)
        glue = r == "heading"
    return "\n".join(out)


def _front(o: dict, r) -> tuple[int, int, int, int]:
    t = int(bool(o.get("title")))
    s = int(bool(o.get("salutation")))
    return (t, int(t and r.outline.get("title") == o.get("title")),
            s, int(s and r.outline.get("salutation") == o.get("salutation")))


def ceiling(paras: list[str], roles: list[str]) -> float:
    """F1 when every structural break is found but a plain paragraph after a plain paragraph or a point is
    not (with no separator at all, nothing in the text shows where one plain paragraph ends)."""
    merged: list[str] = []
    prev = None
    for p, r in zip(paras, roles):
        if merged and r == "body" and prev in ("body", "lead"):
            merged[-1] += p
        else:
            merged.append(p)
        prev = r
    return paragraph_f1(paras, merged)


SEEDS = ROOT.parent / "shared" / "seeds"


def run_seeds() -> dict | None:
    """The five real documents (../shared/seeds), imported, rendered back, then joined into one line."""
    files = sorted(SEEDS.glob("0*.txt")) if SEEDS.is_dir() else []
    if not files:
        return None
    f1s, cs, hit, total = [], [], 0, 0
    for path in files:
        paras, roles = rendered(import_text(path.read_text(encoding="utf-8"), name=path.name))
        got, got_roles = rendered(import_text("".join(paras), name="x.txt"))
        f1s.append(paragraph_f1(paras, got))
        cs.append(ceiling(paras, roles))
        h, t = recognised(paras, roles, got, got_roles)
        hit, total = hit + h, total + t
    return {"f1": sum(f1s) / len(f1s), "struct": hit / total if total else 1.0, "title": 1.0, "salutation": 1.0,
            "junk": None, "glued": 0, "ceiling": sum(cs) / len(cs), "per_doc": f1s}


def run(family: str, docs: int) -> dict:
    f1s, cs, hit, total = [], [], 0, 0
    ft = fs = nt = ns = 0
    planted = removed = glued = 0
    for seed in range(docs):
        rng = random.Random(1000 + seed)
        o = second_writer.outline(rng) if family.startswith("writer B") else outline(rng, report=seed % 4 == 0)
        paras, roles = render_outline(o)
        junk: list[str] = []
        if family == "junk families":
            src, junk = junk_families(paras, rng)
        elif family == "front matter":
            src, junk = front_stray(paras, rng, o)
        elif family == "PDF by width":
            src = pdf_width(paras, rng)
        elif family == "PDF, page headers":
            src, junk = pdf_pages(paras, rng)
        elif family == "one line, no separators":
            src = "".join(paras)
        elif family == "glued headings":
            src = glued_headings(paras, roles)
        elif family == "writer B: one line":
            src = "".join(paras)
        elif family == "writer B: glued headings":
            src = second_writer.glued_both_ways(paras, roles, rng)
        else:
            src = "\n".join(paras)
        r = import_text(src, name="x.txt")
        got, got_roles = rendered(r)
        f1s.append(paragraph_f1(paras, got))
        cs.append(ceiling(paras, roles) if "one line" in family else 1.0)
        h, t = recognised(paras, roles, got, got_roles)
        hit, total = hit + h, total + t
        a, b, c, d = _front(o, r)
        nt, ft, ns, fs = nt + a, ft + b, ns + c, fs + d
        for j in junk:
            planted += 1
            inside = [g for g in got if j in g]
            if not inside:
                removed += 1
            elif any(g != j for g in inside):
                glued += 1
    return {"f1": sum(f1s) / len(f1s), "struct": hit / total if total else 1.0,
            "title": ft / nt if nt else 1.0, "salutation": fs / ns if ns else 1.0,
            "junk": removed / planted if planted else None, "glued": glued, "ceiling": sum(cs) / len(cs)}


FAMILIES = ["clean", "junk families", "front matter", "PDF by width", "PDF, page headers", "one line, no separators", "glued headings",
            "writer B: clean", "writer B: one line", "writer B: glued headings", "front matter, any order", "seeds: one line"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=24)
    ap.add_argument("--family", choices=FAMILIES, action="append")
    args = ap.parse_args()
    print(f"{'family':26} {'F1':>6} {'head/pt':>8} {'title':>6} {'salut':>6} {'junk':>6} {'glued':>5} {'ceiling':>8}")
    for fam in args.family or FAMILIES:
        if fam == "front matter, any order":
            m = run_front_stress(args.docs)
        elif fam == "seeds: one line":
            m = run_seeds()
            if m is None:
                print(f"{fam:26} (skipped: {SEEDS} is absent)")
                continue
        else:
            m = run(fam, args.docs)
        junk = "-" if m["junk"] is None else f"{m['junk']:.0%}"
        f1, struct, ceil = (("-" if v != v else f"{v:{spec}}") for v, spec in
                            ((m["f1"], ".3f"), (m["struct"], ".1%"), (m["ceiling"], ".3f")))
        print(f"{fam:26} {f1:>6} {struct:>8} {m['title']:6.0%} {m['salutation']:6.0%} {junk:>6} {m['glued']:5d}"
              f" {ceil:>8}", flush=True)
        if "per_doc" in m:
            print(" " * 27 + "per seed: " + " ".join(f"{x:.3f}" for x in m["per_doc"]))
    print("ceiling: F1 if every structural break were found but no break between two plain paragraphs (or a point\n"
          "and a plain paragraph after it), which nothing shows when a text has no separators at all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
