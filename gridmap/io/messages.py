"""Messages of gridmap.io in Chinese and English (see layers.messages)."""
from layers.messages import add_messages

add_messages({
    "no_such_file": {"zh": "文件不存在：{path}", "en": "No such file: {path}"},
    "is_directory": {"zh": "这是一个文件夹，不是文件：{path}", "en": "This is a folder, not a file: {path}"},
    "not_gpkg": {
        "zh": "{path}：无法作为 GeoPackage 读取（{reason}）",
        "en": "{path}: cannot be read as a GeoPackage ({reason})",
    },
    "unreadable_layer": {
        "zh": "{path}：图层 {layer} 无法读取（{reason}）",
        "en": "{path}: layer {layer} cannot be read ({reason})",
    },
    "no_layers": {"zh": "{path}：文件中没有任何图层", "en": "{path}: the file holds no layers"},
    "write_failed": {
        "zh": "保存 {path} 失败（{reason}）；原文件未改动",
        "en": "Saving {path} failed ({reason}); the previous file is unchanged",
    },
    "no_folder": {"zh": "目标文件夹不存在：{path}", "en": "The target folder does not exist: {path}"},
})
