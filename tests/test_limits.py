"""Bounds on template expressions: each attack is refused quickly with a Chinese message (issue 12, item 17)."""
from __future__ import annotations

import time

import pytest
from hypothesis import given, settings, strategies as st

from generator.render import limits
from generator.render.templating import make_env


@pytest.fixture(scope="module")
def env():
    return make_env([])


def render(env, src: str, **ctx) -> str:
    with limits.bounded():
        return env.from_string(src).render(**ctx)


ATTACKS = [
    "{{ 10**(10**10) }}", "{{ (2.0)**100000 }}", "{{ 'x'*10**10 }}", "{{ [1]*10**10 }}", "{{ 10**1000 * 10**1000 * 10**1000 * 10**1000 * 10**1000 }}",
    "{{ 'x'|center(10**10) }}", "{{ 'x'.center(10**10) }}", "{{ 'x'.zfill(10**9) }}", "{{ 'a'|indent(10**9) }}",
    "{{ '%0999999999d'|format(1) }}", "{{ '%0999999999d' % 1 }}", "{{ '%*d' % (10**9, 1) }}",
    "{{ '{:>999999999}'.format(1) }}", "{{ '{:{w}}'.format(1, w=10**9) }}", "{{ '{:.999999999f}'.format(1.0) }}",
    "{{ range(3)|batch(10**9, 'x')|list }}", "{{ range(3)|slice(10**9)|list }}", "{{ [1]|tojson(indent=10**9) }}",
    "{{ ('x'*1000000)|replace('x', 'y'*1000) }}", "{{ ('x'*1000000).replace('x', 'y'*1000) }}",
    "{% set ns = namespace(s='xx') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
    "{% set x = 'xxxx' %}" + "{% set x = x ~ x %}" * 48,
    "{% set x = 'xxxx' %}" + "{% set x = x + x %}" * 48,
    "{% set l = [1] %}{% for i in range(64) %}{{ l.extend(l) }}{% endfor %}",
    "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
    "{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}",
    "{% set l = [] %}{% for a in range(100000) %}{% for b in range(100000) %}{{ l.append(b) }}{% endfor %}{% endfor %}",
]


@pytest.mark.parametrize("src", ATTACKS)
def test_attacks_stop_quickly_in_chinese(env, src):
    started = time.monotonic()
    with pytest.raises(limits.LimitError) as info:
        render(env, src)
    assert time.monotonic() - started < limits.MAX_WALL_S + 2
    assert any("\u4e00" <= c <= "\u9fff" for c in str(info.value))


def test_lipsum_is_gone(env):
    from jinja2 import UndefinedError

    with pytest.raises(UndefinedError):
        render(env, "{{ lipsum(10**9) }}")


def test_ordinary_expressions_still_work(env):
    out = render(env, "{{ 3*4 }} {{ 'ab'*3 }} {{ '%05d' % 42 }} {{ '{:>5}'.format(1) }} {{ 2**10 }} {{ 'a'|center(5) }}"
                      "{% set ns = namespace(s='') %}{% for i in range(3) %}{% set ns.s = ns.s ~ i %}{% endfor %}{{ ns.s }}"
                      "{{ [1, 2]|join('、') }} {{ 'x'|replace('x', 'y') }} {{ '%.2f'|format(1.5) }}")
    assert out == "12 ababab 00042     1 1024   a  0121、2 y 1.50"


def test_the_watchdog_is_per_thread_and_clears(env):
    with limits.bounded():
        with limits.bounded():  # nested: the outer bound counts
            pass
    time.sleep(3 * limits._POLL_S)
    assert render(env, "{{ 1 + 1 }}") == "2"


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=-10**6, max_value=10**6), st.integers(min_value=0, max_value=10**4))
def test_power_and_product_are_exact_within_bounds(a, b):
    try:
        assert limits.power(a, b) == a ** b
    except limits.LimitError:
        assert b * max(1, abs(a)).bit_length() > limits.MAX_INT_BITS / 2
    assert limits.multiply(a, b) == a * b


def test_a_timeout_the_code_catches_is_raised_again(monkeypatch):
    """Code that swallows the first RenderTimeout (a broad except in a filter) is still stopped."""
    monkeypatch.setattr(limits, "MAX_CPU_S", 0.1)
    monkeypatch.setattr(limits, "MAX_WALL_S", 0.3)
    caught = []
    started = time.monotonic()
    with pytest.raises(limits.RenderTimeout):
        with limits.bounded():
            try:
                while True:
                    pass
            except limits.RenderTimeout:
                caught.append(time.monotonic())
            while True:  # carries on as if nothing happened
                pass
    assert len(caught) == 1 and time.monotonic() - started < 5
