"""yusuan's own JSON is an input too: a parsed or generated disclosure can be checked again."""

from __future__ import annotations

from pathlib import Path

import pytest

from _samples import parsed
from yusuan import jsonio
from yusuan.api import parse_path
from yusuan.errors import YusuanError
from yusuan.generate import generate_disclosure
from yusuan.rules import check


def test_parsed_json_reads_back_as_the_same_disclosure(tmp_path: Path) -> None:
    original = parsed("chengde")
    path = tmp_path / "chengde.json"
    path.write_text(jsonio.dumps(original), encoding="utf-8")
    assert parse_path(path) == original


def test_generated_json_checks_clean(tmp_path: Path) -> None:
    path = tmp_path / "demo.json"
    path.write_text(jsonio.dumps(generate_disclosure(7, lines=30)), encoding="utf-8")
    report = check(parse_path(path))
    assert report.summary["error"] == 0 and report.summary["warning"] == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"schema": "yusuan.disclosure/1", "source": "x"}', "JSON 文件格式不正确"),
        ('[{"schema": "yusuan.disclosure/1"}]', None),  # a list is not taken for one disclosure
    ],
)
def test_broken_or_list_json_is_a_clear_error(tmp_path: Path, text: str, message: str | None) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(YusuanError) as info:
        parse_path(path)
    if message:
        assert message in info.value.message
