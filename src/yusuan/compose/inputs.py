"""What ``yusuan render`` accepts: a filled template, a budget-input JSON, or a disclosure JSON.

:func:`load_disclosure` tells them apart by content (an xlsx workbook with the template's sheets;
JSON whose ``schema`` is ``yusuan.budget-input/…`` or ``yusuan.disclosure/…``) and returns the
disclosure to render: derived from the input, or, for a disclosure JSON, as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from yusuan.compose.derive import derive
from yusuan.compose.model import BudgetInput
from yusuan.errors import UnreadableInput
from yusuan.model import Disclosure

__all__ = ["InputKind", "Loaded", "load_disclosure"]

_MAX_BYTES = 50 * 1024 * 1024


class InputKind(StrEnum):
    TEMPLATE = "录入模板"
    BUDGET_JSON = "预算录入 JSON"
    DISCLOSURE_JSON = "公开文件 JSON"


@dataclass(frozen=True)
class Loaded:
    disclosure: Disclosure
    kind: InputKind
    budget: BudgetInput | None  # the entered data, when the input was not a finished disclosure


def load_disclosure(path: Path) -> Loaded:
    source = str(path)
    if not path.is_file():
        raise UnreadableInput("文件不存在，请检查路径。", source=source)
    try:
        if path.stat().st_size > _MAX_BYTES:
            raise UnreadableInput("文件过大（超过 50 MB），不像是录入模板或 JSON 数据。", source=source)
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableInput(f"无法读取文件（{exc.strerror or exc}），请检查权限。", source=source) from None
    if data.startswith(b"PK"):
        from yusuan.compose.reader import read_template_bytes

        budget = read_template_bytes(data, source=source)
        return Loaded(derive(budget, source=source), InputKind.TEMPLATE, budget)
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{") and b'"yusuan.budget-input/' in head:
        from yusuan.compose import jsonform
        from yusuan.compose.derive import ComposeError

        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UnreadableInput("JSON 文件不是 UTF-8 编码：请另存为 UTF-8。", source=source) from None
        try:
            budget = jsonform.loads(text)
        except ComposeError as exc:
            raise UnreadableInput(exc.message, source=source) from None
        return Loaded(derive(budget, source=source), InputKind.BUDGET_JSON, budget)
    if head.startswith(b"{") and b'"yusuan.disclosure/' in head:
        from yusuan.api import parse_bytes

        return Loaded(parse_bytes(data, source), InputKind.DISCLOSURE_JSON, None)
    raise UnreadableInput(
        "不能作为生成的输入：请给出填好的录入模板（yusuan template 生成的 .xlsx）、预算录入 JSON"
        "（schema 为 yusuan.budget-input/1）或 yusuan 的公开文件 JSON（parse --json、demo-data 的输出）。",
        source=source,
    )
