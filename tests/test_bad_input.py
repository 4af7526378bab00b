"""Bad input at the command line: a one-line Chinese error and exit code 2, or a result flagged
``partial`` — never a traceback. Other encodings of a sample parse to the same result."""

from __future__ import annotations

import codecs
import json
import random
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

# The ``run_cli`` fixture (conftest.py): args -> result with exit_code, stdout, stderr.
CliRunner = Callable[[Sequence[str]], Any]

NOVEL = """\
那年秋天，我回到了阔别多年的小城。车站前的梧桐树还在，只是比记忆里更高了些。
母亲站在巷口等我，头发已经白了大半。她说，这几年城里修了新路，河边开了好几家茶馆，
老邻居们大多搬去了儿女那里，只剩下几户人家，傍晚时还会搬出竹椅，在门口说说话。
我们沿着河慢慢往回走，她问我在外面过得好不好，我说都好，她便不再问了。
"""

NEWS = """\
本报讯 昨日，市图书馆举办“书香满城”读书分享会，来自各行各业的读者围绕经典名著展开交流。
活动现场还设置了古籍修复体验区和少儿绘本角，吸引了不少家长带着孩子参加。
图书馆负责人介绍，今年将继续推出系列阅读推广活动，让更多市民走进图书馆。
"""


def assert_one_chinese_error_line(stderr: str, *fragments: str) -> None:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("错误："), stderr
    assert "Traceback" not in stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def _write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


# ---------------------------------------------------------------------------------------------
# not a disclosure at all -> exit 2 with one Chinese line

_rng = random.Random(20250101)

BAD_INPUTS: dict[str, bytes] = {
    "empty.txt": b"",
    "blank.txt": b"  \n\r\n\t\n",
    "random.bin": _rng.randbytes(8192),
    "zeros.bin": bytes(4096),
    "picture.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + _rng.randbytes(4096),
    "archive.zip": b"PK\x03\x04\x14\x00\x06\x00" + _rng.randbytes(4096),
    "novel.txt": NOVEL.encode("utf-8"),
    "news-gbk.txt": NEWS.encode("gbk"),
    "english.txt": b"The quick brown fox jumps over the lazy dog. " * 40,
    "data.json": b'{"name": "example", "values": [1, 2, 3]}\n',
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_is_one_chinese_line(run_cli: CliRunner, tmp_path: Path, name: str) -> None:
    path = _write(tmp_path, name, BAD_INPUTS[name])
    for args in (["parse", path], ["parse", "--json", path]):
        result = run_cli(args)
        assert result.exit_code == 2, result.stdout[:500]
        assert result.stdout == ""
        assert_one_chinese_error_line(result.stderr, path)


def test_empty_file_says_it_is_empty(run_cli: CliRunner, tmp_path: Path) -> None:
    result = run_cli(["parse", _write(tmp_path, "empty.txt", b"")])
    assert_one_chinese_error_line(result.stderr, "为空")


def test_prose_says_it_is_not_a_disclosure(run_cli: CliRunner, tmp_path: Path) -> None:
    result = run_cli(["parse", _write(tmp_path, "novel.txt", NOVEL.encode("utf-8"))])
    assert_one_chinese_error_line(result.stderr, "预算")


def test_bad_files_among_good_ones(run_cli: CliRunner, tmp_path: Path, example_path: Path) -> None:
    empty = _write(tmp_path, "empty.txt", b"")
    garbage = _write(tmp_path, "random.bin", BAD_INPUTS["random.bin"])
    result = run_cli(["parse", "--json", empty, str(example_path), garbage])
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert [d["source"] for d in data] == [str(example_path)]
    errors = [line for line in result.stderr.splitlines() if line.startswith("错误：")]
    assert len(errors) == 2 and empty in errors[0] and garbage in errors[1]
    assert "Traceback" not in result.stderr


# ---------------------------------------------------------------------------------------------
# other encodings -> the same result as UTF-8


def _encodings() -> dict[str, Callable[[str], bytes]]:
    return {
        "utf-8-bom": lambda t: t.encode("utf-8-sig"),
        "gbk": lambda t: t.encode("gbk"),
        "gb18030": lambda t: t.encode("gb18030"),
        "utf-16-le-bom": lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
        "utf-16-be-bom": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
        "utf-16-le": lambda t: t.encode("utf-16-le"),
        "utf-16-be": lambda t: t.encode("utf-16-be"),
        "gbk-crlf": lambda t: t.replace("\n", "\r\n").encode("gbk"),
    }


def _json_without_source(result: Any) -> dict[str, Any]:
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    data.pop("source")
    return data


@pytest.mark.parametrize("encoding", sorted(_encodings()))
def test_other_encodings_parse_the_same(
    run_cli: CliRunner, tmp_path: Path, sample_path: Path, encoding: str
) -> None:
    text = sample_path.read_bytes().decode("utf-8")
    reference = _json_without_source(run_cli(["parse", "--json", str(sample_path)]))
    encoded = _write(tmp_path, f"{encoding}-{sample_path.name}", _encodings()[encoding](text))
    assert _json_without_source(run_cli(["parse", "--json", encoded])) == reference


# ---------------------------------------------------------------------------------------------
# a disclosure cut off half-way -> exit 2 with a clear message, or partial with what was skipped


def assert_cut_off_is_reported(result: Any, department: str | None) -> None:
    if result.exit_code == 2:
        assert_one_chinese_error_line(result.stderr)
        # A UTF-8 file cut inside a character is still UTF-8: blaming the encoding misleads.
        assert "编码" not in result.stderr, result.stderr
        return
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["partial"] is True, "a file cut off half-way must be flagged partial (or refused)"
    assert data["skipped"], "a partial result must say what was skipped"
    assert all(isinstance(s, str) and s.strip() for s in data["skipped"])
    assert data["department"] == department
    assert "不完整" in result.stderr  # the command tells on stderr, too


def test_cut_off_half_way_at_a_line(run_cli: CliRunner, tmp_path: Path, sample_path: Path) -> None:
    full = json.loads(run_cli(["parse", "--json", str(sample_path)]).stdout)
    lines = sample_path.read_bytes().splitlines(keepends=True)
    cut = _write(tmp_path, sample_path.name, b"".join(lines[: len(lines) // 2]))
    assert_cut_off_is_reported(run_cli(["parse", "--json", cut]), full["department"])


def test_cut_off_half_way_at_a_byte(run_cli: CliRunner, tmp_path: Path, sample_path: Path) -> None:
    full = json.loads(run_cli(["parse", "--json", str(sample_path)]).stdout)
    data = sample_path.read_bytes()
    cut = _write(tmp_path, sample_path.name, data[: len(data) // 2])
    assert_cut_off_is_reported(run_cli(["parse", "--json", cut]), full["department"])


def test_cut_off_summary_says_so(run_cli: CliRunner, tmp_path: Path, example_path: Path) -> None:
    lines = example_path.read_bytes().splitlines(keepends=True)
    cut = _write(tmp_path, "cut.txt", b"".join(lines[: len(lines) // 2]))
    result = run_cli(["parse", cut])
    if result.exit_code == 2:
        assert_one_chinese_error_line(result.stderr, cut)
    else:
        assert result.exit_code == 0
        assert "不完整" in result.stdout and "已跳过" in result.stdout
