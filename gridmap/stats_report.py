"""The readable text of ``gridmap stats``."""
from __future__ import annotations

from layers.messages import add_messages, msg

add_messages({
    "stats_head": {"zh": "季度      投诉(12345)  同比        纠纷  已化解  办结率   办结中位天数",
                   "en": "quarter   complaints   YoY         disputes resolved rate   median days"},
    "stats_years": {"zh": "年度      投诉(12345)  同比        纠纷", "en": "year      complaints   YoY         disputes"},
})


def _pct(value) -> str:
    return "" if value is None else f"{value * 100:+.2f} %".replace("+-", "−").replace("-", "−")


def print_stats(stats: dict) -> None:
    print(msg("stats_head"))
    for key, q in stats["quarters"].items():
        yoy = stats["yoy"].get(key, {}).get("complaints")
        rate = "" if q["resolution_rate"] is None else f"{q['resolution_rate'] * 100:.1f} %"
        days = "" if q["median_days_to_resolve"] is None else f"{q['median_days_to_resolve']:.1f}"
        print(f"{key:<10}{q['complaints']:>8}     {_pct(yoy):<12}{q['disputes']:>5}{q['disputes_resolved']:>8}"
              f"  {rate:>7}  {days:>6}")
    print()
    print(msg("stats_years"))
    for key, y in stats["years"].items():
        yoy = stats["yoy"].get(key, {}).get("complaints")
        print(f"{key:<10}{y['complaints']:>8}     {_pct(yoy):<12}{y['disputes']:>5}")
