"""The figures of the Hongqi story (DOMAIN.md) that the demo's incidents reproduce exactly."""
import datetime as dt

LOCAL = dt.timezone(dt.timedelta(hours=8))
FIRST_DAY = dt.date(2023, 1, 1)
LAST_DAY = dt.date(2025, 3, 31)
DATA_END = dt.datetime(2025, 3, 31, 23, 59, 59, tzinfo=LOCAL)

#: 12345 hotline complaints (source hotline_12345, kind complaint) per (year, quarter).
#: 2023: 2,880; 2024: 1,382 (down 52.0 %); Q1 2024: 459; Q1 2025: 353 (106 fewer, -23.09 %).
HOTLINE_COMPLAINTS = {
    (2023, 1): 980, (2023, 2): 560, (2023, 3): 520, (2023, 4): 820,
    (2024, 1): 459, (2024, 2): 255, (2024, 3): 240, (2024, 4): 428,
    (2025, 1): 353,
}
#: Disputes (kind dispute) found per quarter; all 43 of Q1 2025 are resolved.
DISPUTES = {
    (2023, 1): 51, (2023, 2): 44, (2023, 3): 47, (2023, 4): 55,
    (2024, 1): 49, (2024, 2): 38, (2024, 3): 41, (2024, 4): 46,
    (2025, 1): 43,
}
#: Grid patrol reports (kind report) and walk-in requests (kind request) per quarter.
REPORTS_PER_QUARTER = 60
REQUESTS_PER_QUARTER = 30

#: Harbin's heating season runs from 20 October to 20 April.
HEATING_START = (10, 20)
HEATING_END = (4, 20)

SPRING_FESTIVAL_2025 = dt.date(2025, 1, 29)


def in_heating_season(day: dt.date) -> bool:
    """True from 20 October to 20 April inclusive."""
    md = (day.month, day.day)
    return md >= HEATING_START or md <= HEATING_END


def quarter_days(year: int, quarter: int) -> list[dt.date]:
    """Every day of a quarter."""
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1)
    return [start + dt.timedelta(days=k) for k in range((end - start).days)]
