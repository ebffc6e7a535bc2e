"""gridmap --help in the user's language, with every argument of every command described."""
import argparse
import re

from layers.messages import set_language


def every_help(parser):
    for action in parser._actions:
        yield parser.prog, action
        for choice in getattr(action, "_choices_actions", []):
            yield parser.prog, choice
        if isinstance(getattr(action, "choices", None), dict):
            for sub in action.choices.values():
                yield from every_help(sub)


def test_every_argument_is_described_in_chinese_and_english():
    from gridmap.cli import _parser
    for language in ("en", "zh"):
        set_language(language)
        parser = _parser()
        for prog, action in every_help(parser):
            if action.help == argparse.SUPPRESS:
                continue
            assert action.help, f"{prog}: {action.dest} has no help"
            if language == "zh":
                # a translated text holds Chinese; untranslated English would have none
                assert re.search(r"[\u4e00-\u9fff]", action.help), f"{prog} {action.dest}: {action.help!r}"
    set_language("en")


def test_help_in_chinese_from_the_command_line():
    from tests.test_cli import run
    done = run("load", "--help", env_lang="zh_CN.UTF-8")
    assert done.returncode == 0
    assert "标准字段=文件列" in done.stdout and "项目已有该图层时替换" in done.stdout
    assert done.stdout.startswith("用法：gridmap load") and "usage:" not in done.stdout


def test_argparse_errors_follow_the_language():
    from tests.test_cli import run
    zh = run("atlas", "x.gpkg", "-o", "y.pdf", "--paper", "B5", env_lang="zh_CN.UTF-8")
    assert zh.returncode == 2
    assert "gridmap atlas：错误：参数 --paper：无效的选项 'B5'（可选：'A4', 'A3'）" in zh.stderr
    assert "用法：" in zh.stderr and "error" not in zh.stderr
    missing = run("load", env_lang="zh_CN.UTF-8")
    assert "缺少必需的参数：project, layer, file" in missing.stderr
    en = run("--lang", "en", "atlas", env_lang="zh_CN.UTF-8")
    assert "the following arguments are required: project, -o/--output" in en.stderr and "用法" not in en.stderr
