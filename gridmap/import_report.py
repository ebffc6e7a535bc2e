"""The readable text of ``gridmap import``."""
from __future__ import annotations

from layers.messages import add_messages, msg

add_messages({
    "imp_summary": {
        "zh": "{path}（{fmt}{enc}）：读入 {rows} 行；按坐标定位 {coords}，按地址匹配 {addr}；导入 {ok}，失败 {failed}，重复 {dups}",
        "en": "{path} ({fmt}{enc}): {rows} rows in; placed by coordinates {coords}, by address {addr}; "
              "imported {ok}, failed {failed}, duplicates {dups}",
    },
    "imp_mapping": {"zh": "字段对应：{pairs}", "en": "Fields: {pairs}"},
    "imp_other": {"zh": "{count} 行的类别无法识别，记为“其他”", "en": "{count} rows had an unrecognised category, recorded as other"},
    "imp_warnings": {"zh": "已导入但有警告的行：{count}", "en": "Imported with a warning: {count} row(s)"},
    "imp_row": {"zh": "  第 {row} 行 [{column}] {value!r}：{reason}", "en": "  row {row} [{column}] {value!r}: {reason}"},
})
MAX_LISTED = 20


def print_import(result) -> None:
    enc = f", {result.info['encoding']}" if result.info.get("encoding") else ""
    print(msg("imp_summary", path=result.path.name, fmt=result.info["format"], enc=enc, rows=result.rows_in,
              coords=result.by_coordinates, addr=result.by_address, ok=result.imported, failed=len(result.failed),
              dups=len(result.duplicates)))
    print(msg("imp_mapping", pairs=", ".join(f"{k}←{v}" for k, v in result.mapping.items())))
    if result.category_other:
        print(msg("imp_other", count=result.category_other))
    for f in (result.failed + result.duplicates)[:MAX_LISTED]:
        print(msg("imp_row", row=f.row, column=f.column, value=f.value, reason=f.reason))
    extra = len(result.failed) + len(result.duplicates) - MAX_LISTED
    if extra > 0:
        print(f"  … (+{extra})")
    warnings = getattr(result, "warnings", [])
    if warnings:
        print(msg("imp_warnings", count=len(warnings)))
        for f in warnings[:MAX_LISTED]:
            print(msg("imp_row", row=f.row, column=f.column, value=f.value, reason=f.reason))
        if len(warnings) > MAX_LISTED:
            print(f"  … (+{len(warnings) - MAX_LISTED})")
