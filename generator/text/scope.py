"""Words that follow from what a unit is and what the inspection was: 全镇 for a town, 全局 for a bureau,
巡察组 for a 巡察 and 审计组 for an 审计. Templates reach them as filters (unit_type, scope_word, family,
team_word, found_word); a writer's own `type:` in the facts always wins over the guess from the name."""
from __future__ import annotations

# Party bodies named after the place or office they lead: 石桥镇党委 is a 镇, 县教育局党组 a 局.
_ORG_SUFFIXES = ("党工委", "党委", "党组", "党总支", "党支部", "总支", "支部", "领导班子", "班子")
# Suffix → type, longest first where one ends another (街道 before 道, 卫生院 before 院).
_TYPE_SUFFIXES = (
    ("街道办事处", "街道"), ("街道", "街道"), ("社区", "社区"), ("村委会", "村"), ("村", "村"), ("镇", "镇"), ("乡", "乡"),
    ("卫生院", "医院"), ("医院", "医院"), ("中心", "中心"), ("中学", "学校"), ("小学", "学校"), ("学校", "学校"),
    ("学院", "学校"), ("幼儿园", "学校"), ("公司", "公司"), ("集团", "公司"), ("局", "局"), ("委员会", "委"), ("委", "委"),
    ("办公室", "办"), ("办", "办"), ("站", "站"), ("所", "所"), ("院", "院"), ("县", "县"), ("区", "区"), ("市", "市"),
)
TYPES = ("镇", "乡", "街道", "村", "社区", "局", "委", "办", "中心", "站", "所", "公司", "学校", "医院", "院", "县", "区", "市")
_SCOPE = {"镇": "全镇", "乡": "全乡", "街道": "全街道", "村": "全村", "社区": "全社区", "局": "全局", "委": "全委",
          "办": "全办", "中心": "全中心", "站": "全站", "所": "全所", "公司": "全公司", "学校": "全校", "医院": "全院",
          "院": "全院", "县": "全县", "区": "全区", "市": "全市"}
# Families decide which passages fit: 集体资金 and 支部 are words of the 基层; 全系统 of a 部门.
_FAMILY = {"镇": "基层", "乡": "基层", "街道": "基层", "村": "基层", "社区": "基层", "县": "基层", "区": "基层",
           "市": "基层", "局": "部门", "委": "部门", "办": "部门", "中心": "部门", "站": "部门", "所": "部门",
           "公司": "单位", "学校": "单位", "医院": "单位", "院": "单位"}
FAMILIES = ("基层", "部门", "单位")
INSPECTIONS = ("巡视", "巡察", "审计", "督导", "督查", "检查")
# What the team is called and what it found, per inspection type.
_TEAM = {"巡视": "巡视组", "巡察": "巡察组", "审计": "审计组", "督导": "督导组", "督查": "督查组", "检查": "检查组"}
_FOUND = {"巡视": "巡视发现", "巡察": "巡察发现", "审计": "审计查出", "督导": "督导发现", "督查": "督查发现",
          "检查": "检查发现"}


def unit_type(name: str, given: str | None = None) -> str:
    """The type of a unit: `given` when it is one we know, else guessed from the end of its name
    ("" when the name says nothing)."""
    if given:
        return str(given).strip()
    n = (name or "").strip()
    for suf in _ORG_SUFFIXES:
        if n.endswith(suf) and len(n) > len(suf):
            n = n[: -len(suf)]
            break
    for suf, t in _TYPE_SUFFIXES:
        if n.endswith(suf):
            return t
    return ""


def scope_word(kind: str) -> str:
    """全镇、全乡、全局、全院 … for a unit type; 全单位 when the type is unknown."""
    return _SCOPE.get(kind, "全单位")


def family(kind: str) -> str:
    """基层 (镇乡街道村社区), 部门 (局委办…) or 单位 (公司学校医院); 部门 when unknown."""
    return _FAMILY.get(kind, "部门")


def inspection_word(kind: str | None) -> str:
    k = (kind or "").strip()
    return k if k in INSPECTIONS else "巡察"


def team_word(kind: str | None) -> str:
    return _TEAM[inspection_word(kind)]


def found_word(kind: str | None) -> str:
    return _FOUND[inspection_word(kind)]
