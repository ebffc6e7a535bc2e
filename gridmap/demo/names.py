"""Names used by the demo: real street names of Hongqi Subdistrict, fictional people and compounds.

Street names are facts (they appear on any map of Harbin); the geometry drawn under them is
fictional. People's names and phone numbers are made up from common characters.
"""
from __future__ import annotations

import numpy as np

STREET_NAME = "红旗街道"
COUNTY_CODE = "230110"       # 香坊区, GB/T 2260
STREET_CODE = "230110004"    # county + a 3-digit street number (fictional)

#: Lattice line index -> (road name, OSM-style class). Vertical lines run north-south.
NS_ROADS = {
    0: ("三辅街", "tertiary"), 1: ("三辅二道街", "residential"), 2: ("香电街", "secondary"),
    3: ("香茗街", "residential"), 4: ("农电街", "tertiary"), 5: ("香通街", "residential"),
    6: ("红旗大街", "primary"), 7: ("红民街", "residential"), 8: ("六顺街", "secondary"),
    9: ("民吉街", "residential"), 10: ("顺水街", "tertiary"), 11: ("升永街", "residential"),
    12: ("新地街", "residential"),
}
#: Horizontal lines run east-west.
EW_ROADS = {
    0: ("南直路", "secondary"), 1: ("公滨路", "trunk"), 2: ("高新路", "residential"),
    3: ("汉水路", "tertiary"), 4: ("乐山路", "residential"), 5: ("珠江路", "primary"),
    6: ("锦山路", "residential"), 7: ("湘江路", "secondary"), 8: ("玉山路", "residential"),
    9: ("赣水路", "tertiary"), 10: ("千山路", "residential"), 11: ("嵩山路", "secondary"),
    12: ("苍山路", "residential"), 13: ("华山路", "tertiary"), 14: ("赤水路", "residential"),
}
ROAD_RANK = {"trunk": 0, "primary": 1, "secondary": 2, "tertiary": 3, "residential": 4}

#: Community letter -> (name, 3-digit community number).
COMMUNITIES = {
    "A": ("香电社区", "001"), "B": ("公滨社区", "002"), "C": ("汉水社区", "003"),
    "D": ("珠江社区", "004"), "E": ("红旗社区", "005"), "F": ("湘江社区", "006"),
    "G": ("嵩山社区", "007"),
}

_COMPOUND_PREFIXES = [
    "电表厂", "轴承厂", "量具厂", "锅炉厂", "车辆厂", "农垦", "香电", "红旗", "珠江", "汉水",
    "湘江", "嵩山", "六顺", "顺水", "民吉", "新地", "香茗", "农电", "电机厂", "亚麻厂",
    "松花江", "学府", "阳光", "和平", "福顺", "兴华", "长青", "建北", "香安", "红民",
]
_COMPOUND_SUFFIXES = ["小区", "家属区", "家园", "花园", "公寓", "新村", "嘉园", "小区"]

_SURNAMES = list("王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
_GIVEN = list("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红鹏辉建国建华志强海燕丹凤亮波宁欣悦晨阳雪梅淑珍凤兰宏伟立新春燕丽娟晓东国庆永胜")


def compound_names(rng: np.random.Generator, count: int) -> list[str]:
    """``count`` distinct fictional compound names (e.g. 轴承厂家属区)."""
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        name = rng.choice(_COMPOUND_PREFIXES) + rng.choice(_COMPOUND_SUFFIXES)
        if name not in seen:
            seen.add(name)
            names.append(str(name))
    return names


def person_names(rng: np.random.Generator, count: int) -> list[str]:
    """``count`` distinct fictional two- or three-character Chinese names."""
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        given = "".join(rng.choice(_GIVEN, size=int(rng.integers(1, 3))))
        name = str(rng.choice(_SURNAMES)) + given
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def phone_numbers(rng: np.random.Generator, count: int) -> list[str]:
    """``count`` distinct fictional mobile numbers (11 digits, 13x/15x/18x)."""
    prefixes = ["138", "139", "137", "135", "151", "158", "186", "187", "189", "133"]
    numbers: list[str] = []
    seen: set[str] = set()
    while len(numbers) < count:
        number = str(rng.choice(prefixes)) + "".join(str(d) for d in rng.integers(0, 10, size=8))
        if number not in seen:
            seen.add(number)
            numbers.append(number)
    return numbers
