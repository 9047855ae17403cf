"""The rules of `gaozi check`: ids, default levels and one-line descriptions (the engine is generator.check)."""
from __future__ import annotations

# id → (default level, what it finds); ids are part of the user interface: never rename one
RULES: dict[str, tuple[str, str]] = {
    "placeholder": ("error", "未替换的占位符（x、xx、××、**、___、20xx、某某、某市、【待补充】……）"),
    "count-mismatch": ("error", "宣布的条数（我讲三点意见）与后面实际列出的项数不符"),
    "enum-sequence": ("error", "序号跳号、重复、倒退或混用（一要、二要、四要；一是、二要）"),
    "heading-order": ("error", "标题层级颠倒或跳级（（1）直接放在一、之下）"),
    "punct-width": ("warning", "中文里的半角标点、直引号、省略号、破折号和多余空格（--fix 可自动改正）"),
    "punct-pair": ("error", "引号、书名号、括号不配对"),
    "traditional-char": ("error", "简体文本中的繁体字"),
    "repeat": ("warning", "重复的段落、句子，或连写两遍的词语"),
    "date-format": ("error", "日期补零（03月08日）或日期不存在（2月30日、13月）"),
    "length": ("warning", "讲话时长偏离目标超过15%"),
    "junk": ("warning", "网页残留内容（预览已结束、请点击联系、推荐阅读列表）"),
    "broken-line": ("warning", "句子中间的硬换行（从 PDF 复制）"),
    "consistency": ("error", "一套文稿之间、文稿与事实文件和台账之间不一致：问题个数和类别、承诺的时限、截至日期、"
                             "超期未完成、“全部整改到位”与长期坚持、报告的结束语、“X代表X”"),
}
LEVELS = ("error", "warning", "info")
