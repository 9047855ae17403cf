"""Jinja's syntax messages are English: say in Chinese what is wrong with the {{ }} / {% %} in a text.

One table for every place that parses a user's text (outline texts, fragments, templates). A message
the table does not know keeps a Chinese frame; the English original never reaches the user."""
from __future__ import annotations

import re

_TOKENS = {"end of print statement": "}}", "end of statement block": "%}", "end of template": "文字末尾",
           "name": "名字", "in": "in"}
_SYNTAX = (
    (r"^unexpected '\}'", "多了一个“}”，或“}}”少写了一个“}”（变量写作 {{ 名字 }}）"),
    (r"^unexpected end of template, expected '(?P<tok>[^']+)'", "文字结束了，“<open>”还没有用“<close>”闭合"),
    (r"^Unexpected end of template\. Jinja was looking for the following tags: .*?\. The innermost block "
     r"that needs to be closed is '(?P<block>\w+)'", "{% <block> %} 没有对应的 {% end<block> %}"),
    (r"^Encountered unknown tag 'end(?P<block>\w+)'", "多了一个 {% end<block> %}：前面没有与它配对的 {% <block> %}"),
    (r"^Encountered unknown tag '(?P<tag>[^']+)'", "不认识的标签“<tag>”（{% %} 里只能写 if、for、set 等）"),
    (r"^Expected an expression, got '(?P<tok>[^']+)'", "“<open>”和“<close>”之间缺少内容"),
    (r"^expected token '(?P<want>[^']+)', got '(?P<got>[^']+)'", "“<got>”处写法有误，这里应当是“<want>”"),
    (r"^unexpected char ['\"](?P<char>.)['\"] at \d+", "{{ }} 或 {% %} 里不能出现字符“<char>”（引号是否成对？）"),
    (r"^Missing end of comment tag", "注释“{#”没有用“#}”闭合"),
    (r"^unexpected '(?P<got>[^']+)'", "多余的“<got>”"),
    (r"^tag name expected", "“{%”后面缺少标签名（if、for、set 等）"),
)


def chinese(message: str) -> str:
    """A Chinese account of a Jinja syntax message; an unknown one keeps a Chinese frame."""
    for pattern, zh in _SYNTAX:
        m = re.match(pattern, message)
        if m is None:
            continue
        g = {k: _TOKENS.get(v, v) for k, v in m.groupdict().items()}
        if "tok" in g:
            g["close"] = g.pop("tok")
            g["open"] = {"}}": "{{", "%}": "{%"}.get(g["close"], "{{")
        for k, v in g.items():
            zh = zh.replace(f"<{k}>", v)
        return zh
    return "写法有误（请检查 {{ }} 和 {% %} 是否成对、里面的名字是否正确）"
