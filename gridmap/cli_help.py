"""``gridmap --help`` in the user's language, with every argument described.

The parser is written in English; ``localize`` fills in the help of arguments that have none and,
for Chinese, replaces every text with its translation below (an untranslated text stays English,
and a test requires none to be missing)."""
from __future__ import annotations

import argparse

#: Help of arguments that have none of their own, by destination name.
PLAIN = {
    "project": "the project (.gpkg)", "file": "the file to read", "layer": "the project layer",
    "output": "where to write", "facility_id": "the facility's id, e.g. F-PUMP-001",
    "json": "print JSON instead of text", "landscape": "landscape pages", "paper": "paper size",
    "split": "one file, one per community or one per cell", "command": "what to do (without one: the desktop app)",
}

ZH = {
    "GridMap 网格地图 — grid-based community governance GIS.": "GridMap 网格地图——网格化社会治理地理信息系统。",
    "gridmap [PROJECT.gpkg] opens the desktop app (with the project, if given).":
        "gridmap [项目.gpkg] 打开桌面程序（给出项目时打开该项目）。",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "the project (.gpkg)": "项目文件（.gpkg）", "the file to read": "要读取的文件", "the project layer": "项目图层",
    "where to write": "写入位置", "facility_id": "设施编号", "the facility's id, e.g. F-PUMP-001": "设施编号，例如 F-PUMP-001",
    "print JSON instead of text": "输出 JSON 而非文字", "landscape pages": "横向页面", "paper size": "纸张大小",
    "one file, one per community or one per cell": "一个文件、每个社区一个或每个网格一个",
    "what to do (without one: the desktop app)": "要执行的命令（不写则打开桌面程序）",
    "language of messages (default: from the locale)": "提示信息的语言（默认按系统语言）",
    "language of messages and output (default: from the locale)": "提示信息和输出的语言（默认按系统语言）",
    "write the demo project (红旗街道) to a GeoPackage": "写出演示项目（红旗街道）GeoPackage",
    "where to write the .gpkg": "写入的 .gpkg 路径",
    "generator seed (default: the shipped demo's)": "生成器随机种子（默认与随附演示项目相同）",
    "print a project's layers, feature counts, CRS and extent": "列出项目的图层、要素数、坐标系和范围",
    "check coverage: every building and square metre in one patrolled cell": "覆盖检查：每栋楼、每平方米都属于一个有人巡查的网格",
    "print JSON (summary and findings with WKT)": "输出 JSON（汇总及带 WKT 的问题清单）",
    "activity window back from the newest record": "活动统计窗口（从最新记录往前的天数）",
    "report only gaps at least this large": "只报告不小于此面积的空白区",
    "allowed households per cell, e.g. 200-500": "每个网格允许的户数范围，例如 200-500",
    "thinner than this is noise, not a gap": "比此更窄的视为误差而非空白",
    "open longer than this is overdue": "超过此天数未办结即为超期",
    "layer of intentional holes (lake, railway) that are not gaps": "有意留空的图层（湖泊、铁路），不算空白",
    "incident statistics: quarters, years, year-on-year change": "事件统计：季度、年度及同比变化",
    "first day (YYYY-MM-DD)": "起始日（YYYY-MM-DD）", "last day (YYYY-MM-DD)": "截止日（YYYY-MM-DD）",
    "import incidents from CSV/Excel/GeoJSON/Open311 JSON or XML into a project":
        "从 CSV/Excel/GeoJSON/Open311 JSON 或 XML 导入事件",
    "auto, utf-8, gbk, gb18030 …": "auto、utf-8、gbk、gb18030 等",
    "wgs84, gcj02, bd09 or EPSG:n of the coordinates": "坐标的坐标系：wgs84、gcj02、bd09 或 EPSG:n",
    "contract column = file field, e.g. reported_at=受理时间 (repeatable)": "标准字段=文件列，例如 reported_at=受理时间（可重复）",
    "a saved mapping (JSON)": "已保存的字段对应（JSON）", "save the mapping used (JSON)": "保存本次字段对应（JSON）",
    "write the rows that failed to this CSV": "把失败的行写入此 CSV",
    "report only; do not change the project": "只报告，不修改项目",
    "export incidents as Open311 GeoReport v2 (JSON, or XML for a .xml file)":
        "导出事件为 Open311 GeoReport v2（JSON；.xml 文件为 XML）",
    "who depends on a facility; with --outage-since, what an outage touches":
        "谁依赖某设施；加 --outage-since 时分析停用影响",
    "outage start (ISO time, e.g. 2025-01-14T08:00)": "停用开始时间（ISO 格式，例如 2025-01-14T08:00）",
    "related incidents within this many metres": "此距离（米）内的相关事件",
    "related incidents up to this many days after": "此后若干天内的相关事件",
    "also write the one-page PDF briefing": "同时写出一页 PDF 简报",
    "give every case without a department the first routing rule that fits (department, level, deadline)":
        "按派单规则为尚无责任部门的事件派单（责任部门、处置层级、办理时限）",
    "the routing rules (CSV in UTF-8 or GBK, or XLSX); default: the rules kept in the project (Incidents → Routing "
    "rules)": "派单规则表（UTF-8 或 GBK 编码的 CSV，或 XLSX）；默认用项目中保存的规则（事件 → 派单规则）",
    "only cases reported by this time (default: all)": "只派此时间之前受理的事件（默认全部）",
    "per responsible department and level: open, overdue, late, resolved, median hours":
        "按责任部门和处置层级统计：未办结、超期、逾期办结、办结、中位用时",
    "the time the figures are taken at (default: the newest record)": "统计截至时间（默认为最新记录的时间）",
    "the one-page case sheet of a case for its coordination meeting (PDF, no personal data)":
        "为协调会写出某案件的一页案件协调单（PDF，不含个人信息）",
    "the case's incident id, e.g. I20250120-0003": "案件的事件编号，例如 I20250120-0003",
    "hot spots per cell: Gi* of a window, or with --emerging new, growing, fading and chronic ones over time":
        "按网格的热点：时间窗内的 Gi*；加 --emerging 时分析随时间新出现、加剧、减弱和持续的热点",
    "the space-time analysis over the steps of the window": "按时间窗内各时间步做时空分析（新兴热点）",
    "time step of --emerging (default: month)": "--emerging 的时间步（默认：月）",
    "only these incident categories (codes or labels)": "只分析这些诉求类别（代码或中文名）",
    "only these incident kinds (codes or labels)": "只分析这些事件类型（代码或中文名）",
    "only these incident sources (codes or labels)": "只分析这些来源（代码或中文名）",
    "neighbours: cells sharing a border or corner, or centroids within a distance":
        "邻接方式：共边或共角的网格（queen），或中心点在一定距离内（distance）",
    "print patrol maps: one page per grid cell (PDF)": "打印巡查图册：每个网格一页（PDF）",
    "grid codes, comma-separated (default: all)": "网格编码，逗号分隔（默认全部）",
    "only the cells of this community code": "只含此社区编码的网格",
    "incidents of the last N days": "最近 N 天的事件",
    "export an offline web map (one self-contained HTML file)": "导出离线网页地图（单个自包含 HTML 文件）",
    "first day of incidents (YYYY-MM-DD)": "事件起始日（YYYY-MM-DD）", "last day of incidents (YYYY-MM-DD)": "事件截止日（YYYY-MM-DD）",
    "comma-separated: boundary,roads,communities,grid_cells,buildings,facilities,incidents,heatmap,hotspots,emerging,rates "
    "(default: all)": "逗号分隔：boundary,roads,communities,grid_cells,buildings,facilities,incidents,heatmap,"
                      "hotspots,emerging,rates（默认全部）",
    "an intranet tile URL, e.g. http://tiles.local/{z}/{x}/{y}.png": "内网瓦片地址，例如 http://tiles.local/{z}/{x}/{y}.png",
    "above this, incidents go as counts + heatmap": "事件多于此数时以计数和热力图输出",
    "render the main window offscreen with a project, to a PNG": "离屏渲染主窗口（含项目）为 PNG",
    "window size, e.g. 1600x1000": "窗口大小，例如 1600x1000",
    "start a project from a boundary file": "由街道边界文件新建项目",
    "the new .gpkg": "新的 .gpkg 文件", "the street's boundary (any vector file)": "街道边界（任意矢量文件）",
    "the street's name (default: from the file)": "街道名称（默认取自文件）",
    "the street's code (default: from the file)": "街道编码（默认取自文件）",
    "CRS of a boundary file that names none, e.g. EPSG:4549": "边界文件未声明坐标系时指定，例如 EPSG:4549",
    "overwrite an existing file": "覆盖已有文件",
    "load a file into a project layer (cells, buildings, roads …)": "把文件载入项目图层（网格、楼栋、道路等）",
    "the project layer: grid_cells, buildings, facilities, roads …": "项目图层：grid_cells、buildings、facilities、roads 等",
    "the layer of a file that has several": "文件含多个图层时要读的图层",
    "contract field = column of the file, e.g. worker=网格员 (repeatable)": "标准字段=文件列，例如 worker=网格员（可重复）",
    "text encoding of a Shapefile or CSV (gbk, utf-8 …)": "Shapefile 或 CSV 的文字编码（gbk、utf-8 等）",
    "CRS of a file that names none (EPSG:n; wgs84/gcj02/bd09 for tables)":
        "文件未声明坐标系时指定（EPSG:n；表格可用 wgs84/gcj02/bd09）",
    "replace the layer if the project has it": "项目已有该图层时替换",
    "write one layer as GeoPackage, Shapefile, GeoJSON, FlatGeobuf, KML, CSV or XLSX":
        "把一个图层导出为 GeoPackage、Shapefile、GeoJSON、FlatGeobuf、KML、CSV 或 XLSX",
    "OUT.gpkg|shp|geojson|fgb|kml|csv|xlsx": "输出文件：.gpkg|.shp|.geojson|.fgb|.kml|.csv|.xlsx",
    "text encoding of a Shapefile or CSV: utf-8 or gbk": "Shapefile 或 CSV 的文字编码：utf-8 或 gbk",
    "also write the columns marked sensitive (phones, reporters …)": "同时写出敏感列（电话、反映人等）",
    "import OpenStreetMap buildings, named roads and facilities inside the boundary":
        "导入边界内的 OpenStreetMap 楼栋、道路和设施",
    "an .osm.pbf (or .osm) file covering the street": "覆盖本街道的 .osm.pbf（或 .osm）文件",
    "living area per household in m² for the households estimate (default 90)": "估算户数用的每户居住面积（平方米，默认 90）",
    "floors of a residential building OSM gives none for (default 6)": "OSM 无层数的住宅按此层数估算（默认 6）",
    "replace buildings/roads/facilities the project has": "替换项目已有的楼栋、道路、设施",
    "update attributes of existing features from a CSV/XLSX table (all or nothing)":
        "按 CSV/XLSX 表更新已有要素的属性（全部成功才生效）",
    "the project layer, e.g. grid_cells": "项目图层，例如 grid_cells",
    "the table (CSV or XLSX; UTF-8 or GBK; Chinese headers recognised)": "表格（CSV 或 XLSX；UTF-8 或 GBK；识别中文表头）",
    "the column matching rows to features, e.g. grid_code or 网格编码": "用于对应要素的关键列，例如 grid_code 或 网格编码",
    "contract field = column of the file, e.g. worker=网格员 (repeatable)": "标准字段=文件列，例如 worker=网格员（可重复）",
    "text encoding of a CSV: auto, utf-8, gbk …": "CSV 的文字编码：auto、utf-8、gbk 等",
    "draft grid cells from the boundary, communities, roads and buildings": "按边界、社区、道路和楼栋生成网格划分草案",
    "households per cell, MIN-MAX (default 200-500)": "每个网格的户数范围，最少-最多（默认 200-500）",
    "only this community code (repeatable)": "只规划此社区编码（可重复）",
    "keep the cells within the range; plan the uncovered area and the out-of-range cells":
        "保留户数合规的网格；只规划未覆盖的范围和户数不合规的网格",
    "write the draft to a new project file": "把草案写入新的项目文件",
    "what to do with the database": "对数据库的操作",
    "a project in PostgreSQL/PostGIS: init, push, pull, grant, watch": "PostgreSQL/PostGIS 数据库中的项目：建立、推送、拉取、授权、监听",
    "give a database user a role in the project, maybe for one street only": "授予数据库用户在项目中的角色，可限定为某一街道",
    "the database user (created when missing; its password is set by the DBA)": "数据库用户（不存在时创建；密码由数据库管理员设置）",
    "viewer: reads, no phones; operator: also incidents; planner: also cells and buildings":
        "viewer：只读且看不到电话；operator：另可处理事件；planner：另可编辑网格和楼栋",
    "9-digit street code: the user sees and changes only that street": "9 位街道编码：该用户只能查看和修改该街道",
    "print one JSON line per change anyone makes (layer, id, user, time)": "每有人修改一处就输出一行 JSON（图层、编号、用户、时间）",
    "stop after this many seconds (default: never)": "在这么多秒后停止（默认不停止）",
    "set up a project in the database (PostGIS, tables, history)": "在数据库中建立项目（PostGIS、数据表、历史记录）",
    "postgresql://USER@HOST:PORT/DB?project=NAME (password from PGPASSWORD or ~/.pgpass)":
        "postgresql://用户@主机:端口/数据库?project=项目名（密码取自 PGPASSWORD 或 ~/.pgpass）",
    "put a GeoPackage project into the database (all or nothing)": "把 GeoPackage 项目推送到数据库（全部成功才生效）",
    "take a snapshot of the database project as a GeoPackage": "把数据库项目拉取为 GeoPackage 快照",
    "each building to the cell holding most of its footprint, each incident and patrol to its cell, households from "
    "the buildings": "把每栋楼归入占其面积最多的网格、每条事件和巡查归入所在网格，并按楼栋汇总网格户数",
}

_GROUP_TITLES = {"positional arguments": "位置参数", "options": "选项"}

#: argparse's own texts (usage line and errors), as Python 3.11 writes them.
ARGPARSE_ZH = {
    "usage: ": "用法：",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项 %(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值：%(value)r",
    "expected one argument": "需要一个值", "expected at most one argument": "最多一个值",
    "expected at least one argument": "至少需要一个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是 %(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "需要参数 %s 之一",
    "ignored explicit argument %r": "忽略了多余的值 %r",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "未知命令 %(parser_name)r（可选：%(choices)s）",
}


def _argparse_language(language: str) -> None:
    """argparse looks up its texts through its module's ``_`` when it writes them."""
    import gettext
    argparse._ = (lambda text: ARGPARSE_ZH.get(text, text)) if language == "zh" else gettext.gettext


def localize(parser: argparse.ArgumentParser, language: str) -> argparse.ArgumentParser:
    """Describe every argument of ``parser`` (and its subcommands), in ``language``; argparse's own
    usage line and error messages follow (process-wide: the CLI has one language at a time)."""
    _argparse_language(language)
    def text(value):
        return ZH.get(value, value) if language == "zh" and value else value

    def walk(p: argparse.ArgumentParser) -> None:
        p.description, p.epilog = text(p.description), text(p.epilog)
        for group in p._action_groups:
            group.title = _GROUP_TITLES.get(group.title, group.title) if language == "zh" else group.title
        for action in p._actions:
            if action.help is None:
                action.help = PLAIN.get(action.dest, action.dest)
            if action.help != argparse.SUPPRESS:
                action.help = text(action.help)
            for choice in getattr(action, "_choices_actions", []):
                choice.help = text(choice.help)
            if isinstance(getattr(action, "choices", None), dict):
                for sub in action.choices.values():
                    walk(sub)
    walk(parser)
    return parser
