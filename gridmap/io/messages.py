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
    "view_too_slow": {
        "zh": "这是一个视图，{seconds} 秒内未能数完其行（递归或过慢的视图），未读取",
        "en": "a view that did not finish counting its rows within {seconds} s (recursive or very slow); not read",
    },
    "save_conflict": {
        "zh": "{path}：另一程序在本项目打开后修改或删除了 {count} 行（{rows}），未保存任何内容；请选择保留我的修改或采用对方的版本",
        "en": "{path}: another program changed or deleted {count} row(s) since this project was opened ({rows}); "
              "nothing was saved — choose to keep your changes or take theirs",
    },
    "file_locked": {
        "zh": "{path} 正被另一程序写入，等待 {seconds} 秒后仍未释放；未保存任何内容，请稍后再试",
        "en": "{path} is being written by another program and was still locked after {seconds} s; nothing was saved, "
              "try again later",
    },
    "no_folder": {"zh": "目标文件夹不存在：{path}", "en": "The target folder does not exist: {path}"},
})
