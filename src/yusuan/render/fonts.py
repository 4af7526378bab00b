"""The Chinese font the PDF writer typesets with, found on the user's machine.

A PDF of a disclosure must carry its Chinese font (subset-embedded by Typst, see
:mod:`yusuan.render.pdf`): a PDF that relies on the reader's fonts shows empty boxes on a
machine without them. yusuan ships no font (a CJK font is 10–30 MB); it uses one installed on
the machine, looked for in this order:

1. ``YUSUAN_CJK_FONT``: a font file (``.ttf``, ``.otf``, ``.ttc``) or a folder of them; set
   but unusable is an error, not a reason to look elsewhere (the user asked for that font);
2. fontconfig (``fc-list :lang=zh-cn``, where fontconfig is installed: Linux, BSD);
3. the places where common systems keep a Song-style (宋体) or other Chinese font: Debian's
   and Ubuntu's ``fonts-noto-cjk``, Fedora's and Arch's Noto CJK packages, Windows' SimSun,
   macOS' Songti and PingFang.

Song (serif) faces come first, since printed disclosures are set in 宋体; a sans face (黑体)
is taken when no Song face is there. The face is named by the family Typst itself reads from
the file, so the name always matches what the typesetter loads.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from yusuan.errors import YusuanError

ENV = "YUSUAN_CJK_FONT"

MISSING = (
    "未找到中文字体，无法生成PDF。请安装中文字体后重试：Debian/Ubuntu 运行 sudo apt install fonts-noto-cjk，"
    "Fedora 运行 sudo dnf install google-noto-serif-cjk-fonts；Windows、macOS 自带的宋体"
    "（SimSun、宋体-简）可直接使用；也可用环境变量 YUSUAN_CJK_FONT 指定字体文件（.ttf/.otf/.ttc）。"
)
TYPST_MISSING = "生成PDF需要安装可选组件：pip install 'yusuan[render]'（缺少 typst）。"

# Families in order of preference: Song (宋体) faces first, then sans (黑体) faces.
PREFERRED = (
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "Source Han Serif CN",
    "SimSun",
    "NSimSun",
    "Songti SC",
    "STSong",
    "FangSong",
    "AR PL UMing CN",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Microsoft YaHei",
    "PingFang SC",
    "Heiti SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
)

KNOWN_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",  # Debian, Ubuntu: fonts-noto-cjk
    "/usr/share/fonts/google-noto-serif-cjk-fonts/NotoSerifCJK-Regular.ttc",  # Fedora
    "/usr/share/fonts/noto-cjk/NotoSerifCJK-Regular.ttc",  # Arch: noto-fonts-cjk
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-sans-cjk-fonts/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "C:/Windows/Fonts/simsun.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "/System/Library/Fonts/Supplemental/Songti.ttc",
    "/Library/Fonts/Songti.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)

_FONT_SUFFIXES = frozenset({".ttf", ".otf", ".ttc", ".otc"})


class FontMissing(YusuanError):
    """No usable Chinese font: the PDF cannot be typeset."""


@dataclass(frozen=True, slots=True)
class CjkFont:
    """A font face to typeset with: its family as Typst names it, and where it is."""

    family: str
    path: Path  # the font file
    folder: Path  # the folder handed to Typst (bold faces of the family are found beside it)


def find_cjk_font() -> CjkFont:
    """The Chinese font to use (see the module docstring); :class:`FontMissing` when none is."""
    return _find(os.environ.get(ENV, "").strip())


@cache
def _find(configured: str) -> CjkFont:
    if configured:
        return _configured_font(Path(configured).expanduser())
    for path in [*_fontconfig_files(), *(Path(p) for p in KNOWN_FILES)]:
        font = _best(_faces(path))
        if font is not None:
            return font
    raise FontMissing(MISSING)


def _configured_font(path: Path) -> CjkFont:
    if not path.exists():
        raise FontMissing(
            f"环境变量 {ENV} 指定的字体不存在：{path}。请改为存在的字体文件（.ttf/.otf/.ttc）或删除该变量。"
        )
    if path.is_dir():
        fonts = [f for f in sorted(path.iterdir()) if f.suffix.lower() in _FONT_SUFFIXES]
        found = _best([face for f in fonts for face in _faces(f)])
    else:
        found = _best(_faces(path))
    if found is None:
        raise FontMissing(
            f"环境变量 {ENV} 指定的 {path} 中没有可用的中文字体。请指定中文字体文件（.ttf/.otf/.ttc），如宋体或思源宋体。"
        )
    return found


def _fontconfig_files() -> list[Path]:
    """Files of fonts that fontconfig says cover Simplified Chinese, best families first."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    try:
        listing = subprocess.run(
            [fc_list, "-f", "%{file}\t%{family}\t%{weight}\n", ":lang=zh-cn:outline=true"],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    ranked: list[tuple[int, int, str]] = []
    for line in listing.splitlines():
        parts = line.split("\t")
        if len(parts) != 3 or Path(parts[0]).suffix.lower() not in _FONT_SUFFIXES:
            continue
        families = parts[1].split(",")
        weight = int(parts[2]) if parts[2].isdigit() else 80
        ranked.append((min(_rank(f) for f in families), abs(weight - 80), parts[0]))
    ranked.sort()
    return list(dict.fromkeys(Path(file) for _, _, file in ranked))


def _rank(family: str) -> int:
    return PREFERRED.index(family) if family in PREFERRED else len(PREFERRED)


def _faces(path: Path) -> list[CjkFont]:
    """The faces Typst reads from one font file (empty when it is not a font it can use)."""
    try:
        import typst
    except ImportError:
        raise YusuanError(TYPST_MISSING) from None
    if not path.is_file() or path.suffix.lower() not in _FONT_SUFFIXES:
        return []  # before handing its folder to Typst, which searches it through
    folder = path.parent
    target = os.path.realpath(path)
    fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=[str(folder)])
    return [
        CjkFont(info.family, path, folder)
        for info in fonts.fonts()
        if info.path is not None and os.path.realpath(info.path) == target and info.weight <= 500
    ]


def _best(faces: list[CjkFont]) -> CjkFont | None:
    """The preferred face: a known family first, then a Simplified-Chinese one (a collection's
    SC face before its JP or KR face), then any."""
    ranked = sorted(faces, key=lambda f: (_rank(f.family), not _simplified(f.family), f.family))
    return ranked[0] if ranked else None


def _simplified(family: str) -> bool:
    words = family.replace("-", " ").split()
    return any(w in {"SC", "CN", "GB", "Hans"} for w in words) or any(
        "\u4e00" <= ch <= "\u9fff" for ch in family
    )
