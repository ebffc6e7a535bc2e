"""Messages of the command line, in Chinese and English (see layers.messages)."""
from layers.messages import add_messages

add_messages({
    "cli_error": {"zh": "gridmap：错误：{text}", "en": "gridmap: error: {text}"},
    "cli_internal": {
        "zh": "gridmap：内部错误：{text}（设置 GRIDMAP_DEBUG=1 可查看详情）",
        "en": "gridmap: internal error: {text} (set GRIDMAP_DEBUG=1 for details)",
    },
    "demo_written": {"zh": "演示项目已写入 {path}", "en": "Demo project written to {path}"},
    "info_project": {"zh": "项目", "en": "Project"},
    "info_title": {"zh": "标题", "en": "Title"},
    "info_storage_crs": {"zh": "存储坐标系", "en": "Storage CRS"},
    "info_metric_crs": {"zh": "度量坐标系", "en": "Metric CRS"},
    "info_extent": {"zh": "范围", "en": "Extent"},
    "info_layers": {"zh": "图层", "en": "Layers"},
    "info_features": {"zh": "要素", "en": "features"},
    "info_table": {"zh": "表", "en": "table"},
    "info_problems": {"zh": "问题", "en": "Problems"},
    "bad_households": {"zh": "户数范围应形如 200-500，得到 {value}", "en": "households must look like 200-500, got {value}"},
    "check_header": {"zh": "覆盖检查：{path}（截至 {as_of}，窗口 {days:g} 天）",
                     "en": "Coverage check: {path} (as of {as_of}, window {days:g} days)"},
    "check_ok": {"zh": "覆盖完整：没有发现问题。", "en": "Coverage OK: no findings."},
    "check_total": {"zh": "共 {count} 项问题，用时 {seconds:.2f} 秒", "en": "{count} finding(s) in {seconds:.2f} s"},
    "bad_date": {"zh": "{option} 应为日期（如 2025-01-01），得到 {value}",
                 "en": "{option} must be a date such as 2025-01-01, got {value}"},
    "no_folder_out": {"zh": "输出文件夹不存在：{path}", "en": "the output folder does not exist: {path}"},
    "no_layer": {"zh": "{path}：项目中没有图层 {layer}", "en": "{path}: the project has no {layer} layer"},
    "no_facility": {"zh": "{path}：没有编号为 {facility} 的设施", "en": "{path}: no facility with id {facility}"},
    "no_incidents": {"zh": "{path}：项目中没有事件图层", "en": "{path}: the project has no incidents layer"},
    "bad_map": {"zh": "--map 应形如 列=字段，得到 {value}", "en": "--map must look like COLUMN=FIELD, got {value}"},
    "open311_written": {"zh": "已导出 {count} 条事件到 {path}（Open311 GeoReport v2）",
                        "en": "{count} incidents written to {path} (Open311 GeoReport v2)"},
    "no_display": {
        "zh": "没有可用的显示器（未设置 DISPLAY/WAYLAND_DISPLAY）：请在桌面环境中运行，或使用 gridmap screenshot",
        "en": "No display available (DISPLAY/WAYLAND_DISPLAY unset): run on a desktop, or use gridmap screenshot",
    },
})
