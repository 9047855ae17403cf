"""A meeting of many units for the tests and bench/bench_voices.py: facts with N units of every type
(towns, townships, streets, villages, bureaus, commissions, schools, hospitals, companies), each with
its own problems. All names are made up."""
from __future__ import annotations

import datetime
import random

_PLACES = "石桥 柳溪 城南 白马 青山 龙泉 枫林 桃源 金沙 双河 云岭 松坪 东湖 西岗 南屏 北塘 清水 杏林 梅岭 竹园 " \
          "黄土 红岩 新桥 古城 长坪 高峰 永安 太平 和平 兴隆".split()
_TYPES = [("镇党委", "镇", "镇党委书记"), ("乡党委", "乡", "乡党委书记"), ("街道党工委", "街道", "街道党工委书记"),
          ("村党支部", "村", "村党支部书记"), ("社区党委", "社区", "社区党委书记")]
_DEPTS = ["自然资源局", "教育局", "卫生健康局", "农业农村局", "交通运输局", "住房和城乡建设局", "水利局", "民政局",
          "财政局", "市场监督管理局", "发展和改革委员会", "人民政府办公室", "生态环境局", "应急管理局", "文化和旅游局"]
_OTHERS = [("第一中学党委", "学校", "校长"), ("人民医院党委", "医院", "院长"), ("城市投资发展有限公司党委", "公司", "董事长"),
           ("实验小学党支部", "学校", "校长"), ("中医院党委", "医院", "院长"), ("供水有限公司党支部", "公司", "总经理")]
_CATS = {
    "耕地保护": ["部分地块“非粮化”整治进度缓慢。", "违法占地问题查处不及时。", "高标准农田管护责任不落实。"],
    "专项资金管理": ["专项资金拨付滞后。", "结余资金未按规定清理。", "项目资金使用绩效不高。"],
    "工程项目管理": ["个别项目未批先建。", "工程变更审批手续不全。", "竣工决算编报不及时。"],
    "基层党组织建设": ["组织生活质量不高。", "党员教育管理不经常。", "发展党员程序不规范。"],
    "民生服务": ["群众诉求办理不及时。", "惠民补贴审核把关不严。", "便民服务事项公开不全面。"],
    "安全生产": ["隐患排查整治不彻底。", "应急演练流于形式。"],
    "作风建设": ["督查检查过多过频。", "文山会海问题反弹。"],
}


def meeting_facts(n: int, seed: int = 0) -> dict:
    """Facts of one inspection with n units of mixed types; each problem names two or three units."""
    rng = random.Random(seed)
    units = []
    for i in range(n):
        place = _PLACES[i % len(_PLACES)] + ("" if i < len(_PLACES) else str(i))
        r = i % 3
        if r == 0:
            suffix, kind, title = _TYPES[(i // 3) % len(_TYPES)]
            name, short, head_title = place + suffix, place + kind, place + title
        elif r == 1:
            dept = _DEPTS[(i // 3) % len(_DEPTS)]
            name, short, head_title = f"县{dept}党组", dept, f"县{dept}" + ("主任" if dept.endswith(("委员会", "办公室")) else "局长")
        else:
            suffix, kind, title = _OTHERS[(i // 3) % len(_OTHERS)]
            name, short, head_title = "县" + place + suffix, place + suffix.replace("党委", "").replace("党支部", ""), title
        units.append({"name": name, "short": short, "head": {"name": f"负责人{i + 1}", "title": head_title}})
    findings = []
    for cat, texts in _CATS.items():
        problems = []
        for t in texts:
            who = rng.sample([u["short"] for u in units], k=min(len(units), rng.choice((1, 2, 3, 4))))
            problems.append({"text": t, "units": who})
        findings.append({"category": cat, "problems": problems})
    return {
        "inspection": {"type": "巡察", "feedback_date": datetime.date(2025, 6, 10),
                       "deadline": datetime.date(2025, 9, 30)},
        "county": "清河县",
        "team": {"name": "清河县委第一巡察组", "short": "县委第一巡察组", "leader": {"name": "韩立明", "title": "组长"}},
        "target": {"name": "清河县"},
        "units": units,
        "findings": findings,
    }
