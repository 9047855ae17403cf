"""Unit types from names, scope words, inspection words."""
from __future__ import annotations

import pytest

from generator.text.scope import family, found_word, inspection_word, scope_word, team_word, unit_type


@pytest.mark.parametrize("name, want", [
    ("石桥镇党委", "镇"), ("柳溪乡党委", "乡"), ("城南街道党工委", "街道"), ("东坪村党支部", "村"),
    ("柳湾村党总支", "村"), ("幸福社区党委", "社区"), ("县自然资源局党组", "局"), ("县卫生健康局", "局"),
    ("县发展和改革委员会党组", "委"), ("县人民政府办公室", "办"), ("县第一中学党委", "学校"),
    ("县人民医院", "医院"), ("青山镇卫生院", "医院"), ("县城市投资发展有限公司党委", "公司"), ("某某", ""),
])
def test_unit_type_from_the_name(name, want):
    assert unit_type(name) == want


def test_a_written_type_wins():
    assert unit_type("石桥镇党委", "街道") == "街道"


@pytest.mark.parametrize("kind, scope, fam", [
    ("镇", "全镇", "基层"), ("乡", "全乡", "基层"), ("街道", "全街道", "基层"), ("村", "全村", "基层"),
    ("局", "全局", "部门"), ("委", "全委", "部门"), ("学校", "全校", "单位"), ("医院", "全院", "单位"),
    ("公司", "全公司", "单位"), ("", "全单位", "部门"),
])
def test_scope_words_and_families(kind, scope, fam):
    assert scope_word(kind) == scope and family(kind) == fam


def test_inspection_words():
    assert [team_word(t) for t in ("巡察", "审计", "督导", None, "乱写")] == ["巡察组", "审计组", "督导组", "巡察组", "巡察组"]
    assert found_word("审计") == "审计查出" and inspection_word("巡视") == "巡视"
