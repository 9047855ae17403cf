"""Jinja's syntax messages said in Chinese (generator/text/jinjasyntax.py)."""
import pytest
from jinja2 import Environment, TemplateSyntaxError

from generator.text import jinjasyntax

CASES = {
    "{{ a }": "多了一个“}”",
    "{{ a": "“{{”还没有用“}}”闭合",
    "{% if %}": "“{%”和“%}”之间缺少内容",
    "{{ }}": "“{{”和“}}”之间缺少内容",
    "{% if a %}x": "{% if %} 没有对应的 {% endif %}",
    "{% endfor %}": "多了一个 {% endfor %}",
    "{% foo %}": "不认识的标签“foo”",
    "{{ a b }}": "“b”处写法有误，这里应当是“}}”",
    "{% for x %}": "这里应当是“in”",
    "{{ a ! b }}": "不能出现字符“!”",
    "{# x": "注释“{#”没有用“#}”闭合",
    "{{ a ) }}": "多余的“)”",
    "{% %}": "缺少标签名",
}


def _message(src: str) -> str:
    with pytest.raises(TemplateSyntaxError) as info:
        Environment().parse(src)
    return info.value.message or ""


@pytest.mark.parametrize("src", sorted(CASES))
def test_each_syntax_error_is_said_in_chinese(src):
    said = jinjasyntax.chinese(_message(src))
    assert CASES[src] in said
    assert not any(w in said for w in ("expected", "unexpected", "Encountered", "token", "template"))


def test_an_unknown_message_keeps_a_chinese_frame_and_drops_the_english():
    said = jinjasyntax.chinese("some future message the table does not know")
    assert "写法有误" in said and "future" not in said
