"""Scaling and end-to-end figures; prints to stdout (run: python bench/bench_scale.py [--quick]).

1. Outline → .docx in-process for a 3,600-character speech, against python-docx building the same paragraphs
   with named styles (the anchor, measured in the same run). Target: ours at least 12× faster.
2. Scaling of render (outline → .docx), import (text → outline) and check (text → findings) from 1k to 1M
   characters: the exponent b of time ≈ a·size^b, fitted by least squares on log–log. Target: b ≤ 1.1.
   Inputs are made here from the shipped examples (original text), so nothing is read from the network.
"""
from __future__ import annotations

import io
import math
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from timing import median_ms  # noqa: E402
from generator import api  # noqa: E402
from generator.io.yamlload import load  # noqa: E402

PYDOCX_STYLES = {"title": "Title", "heading1": "Heading 1", "heading2": "Heading 2", "heading3": "Heading 3",
                 "heading4": "Heading 4"}




def speech_3600() -> str:
    """A speech of about 3,600 characters: two shipped examples' sections under one title (YAML text)."""
    import yaml

    a = yaml.safe_load((ROOT / "outlines" / "speech-supervision.yaml").read_text(encoding="utf-8"))
    b = yaml.safe_load((ROOT / "outlines" / "speech-deploy-audit.yaml").read_text(encoding="utf-8"))
    sa, sb = a["sections"], b["sections"]
    items = (sa["items"] if isinstance(sa, dict) else sa) + (sb["items"] if isinstance(sb, dict) else sb)
    a["sections"] = {"style": "一、", "items": items}
    a.pop("target_minutes", None)
    return yaml.safe_dump(a, allow_unicode=True, sort_keys=False)


def python_docx(doc) -> bytes:
    import docx

    d = docx.Document()
    for b in doc.paragraphs():
        p = d.add_paragraph(style=PYDOCX_STYLES.get(b.role, "Normal"))
        for s in b.spans:
            r = p.add_run(s.text)
            r.bold = s.role == "lead"
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def fit(points) -> float:
    xs = [math.log(s) for s, _ in points]
    ys = [math.log(t) for _, t in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def scaled_outline(n_paras: int) -> str:
    """An outline whose body has n paragraphs of ~100 characters, with run-in point lists among them."""
    para = ("抓整改要从具体问题改起，从群众反映最强烈的事情改起，每一项都要明确责任人、完成时限和验收标准，"
            "做到问题不查清不放过、整改不到位不放过、群众不满意不放过。")
    lines = ["kind: speech", "meeting: 全县整改推进会议", "title: 在全县整改推进会议上的讲话", "sections:"]
    per = max(1, min(50, n_paras))
    for s in range(max(1, n_paras // per)):
        lines.append(f"  - heading: 第{s + 1}部分的标题")
        lines.append("    body:")
        for i in range(per):
            if i % 10 == 9 and per >= 10:
                lines.append("      - points:")
                lines.append(f"          - 把第{i}项任务落实到位。{para}")
                lines.append(f"          - 把第{i + 1}项任务落实到位。{para}")
            else:
                lines.append(f"      - {para}")
    return "\n".join(lines) + "\n"


def scale(label: str, sizes, make, run) -> tuple[float, list]:
    pts = []
    for n in sizes:
        x = make(n)
        chars = len(x) if isinstance(x, str) else n
        t0 = time.perf_counter()
        run(x)
        pts.append((chars, time.perf_counter() - t0))
    b = fit(pts)
    cells = "  ".join(f"{c:>9,}字 {t * 1000:8.1f} ms" for c, t in pts)
    print(f"{label:<8} exponent {b:4.2f}  {'ok' if b <= 1.1 else 'NOT MET (target ≤ 1.1)'}   {cells}")
    return b, pts


def main() -> None:
    quick = "--quick" in sys.argv
    text = speech_3600()
    doc = api.build(text, name="bench.yaml")
    chars, _ = api.length(doc)
    ours = median_ms(lambda: api.write(api.build(text, name="bench.yaml"), "docx"), 15 if quick else 41)
    try:
        anchor = median_ms(lambda: python_docx(doc), 5 if quick else 15)
    except ImportError:
        anchor = float("nan")
    print(f"outline → .docx, {chars} 字 speech: ours {ours:.2f} ms; python-docx (same paragraphs, named styles, "
          f"no compose) {anchor:.2f} ms → {anchor / ours:.1f}× (target ≥ 12×)")

    from generator.importer.core import import_text
    try:
        from generator.lint.check import check_text
    except ImportError:  # pragma: no cover - the linter's entry moved
        from generator.api import check_text  # type: ignore

    body = api.write(api.build(str(ROOT / "outlines" / "speech-supervision.yaml")), "txt").decode("utf-8")
    unit = body.split("\n", 3)[-1]
    sizes = [1_000, 10_000, 100_000] + ([] if quick else [1_000_000])
    print(f"scaling from {sizes[0]:,} to {sizes[-1]:,} characters (time ≈ a·size^b):")
    scale("render", [s // 100 for s in sizes],
          lambda n: scaled_outline(max(1, n)),
          lambda src: api.write(api.build(src, name="scale.yaml"), "docx"))
    scale("import", sizes, lambda n: (unit * (n // len(unit) + 1))[:n].rsplit("\n", 1)[0] + "\n",
          lambda s: import_text(s, name="scale.txt"))
    scale("check", sizes, lambda n: (unit * (n // len(unit) + 1))[:n].rsplit("\n", 1)[0] + "\n",
          lambda s: check_text(s, file="scale.txt"))
    one = unit.replace("\n", "")
    scale("check¶", sizes, lambda n: (one * (n // len(one) + 1))[:n] + "。\n",
          lambda s: check_text(s, file="one-paragraph.txt"))


if __name__ == "__main__":
    main()
