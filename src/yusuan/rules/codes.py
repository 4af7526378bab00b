"""科目编码 (codes): printed codes and names against the reference data of the document's budget
year (:mod:`yusuan.reference`), and against each other inside the document.

A finding never rests on an unconfirmed row beyond ``info``: the shipped reference is
incomplete, so a code missing from it is a warning only where the reference is known to be
complete (an imported official list, or the 30 function 类 of a year the shipped data lists).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import NamedTuple

from yusuan.errors import YusuanError
from yusuan.extract.codes import scheme_of
from yusuan.model import CodeScheme, Row, Table
from yusuan.reference import CodeReference, ReferenceRow, load_reference, normalize_name
from yusuan.rules.context import CheckContext
from yusuan.rules.findings import Location, Severity
from yusuan.rules.registry import Issue, rule

FAMILY = "codes"
_CHECKED = (CodeScheme.FUNCTION, CodeScheme.DEPT_ECONOMIC, CodeScheme.GOV_ECONOMIC)
_SCHEME_NAMES = {
    CodeScheme.FUNCTION: "支出功能分类",
    CodeScheme.DEPT_ECONOMIC: "部门预算支出经济分类",
    CodeScheme.GOV_ECONOMIC: "政府预算支出经济分类",
}


class _Printed(NamedTuple):
    """One code printed in a table, with the name beside it (``second``: the 政府预算经济分类
    code printed beside a 部门预算经济分类 one on the same row)."""

    scheme: CodeScheme
    code: str
    name: str
    table: Table
    row: Row
    second: bool = False

    @property
    def key(self) -> str:
        return normalize_name(self.name)

    def place(self, ctx: CheckContext) -> Location:
        place = ctx.cell(self.table, self.row)
        return replace(place, row_code=self.code, row_name=self.name or None) if self.second else place


@rule("CODE001", family=FAMILY, severity=Severity.WARNING, title="科目编码不在本年度科目表中")
def unknown_code(ctx: CheckContext) -> Iterator[Issue]:
    """表中印出的科目编码应是预算年度《政府收支分类科目》中存在的编码。

    编码不存在，常见原因是沿用了已撤销或调整的上年科目、录入错误，或把其他分类的编码填入了
    本列。只有在参考数据确知完整时才报警告：用户导入了财政部当年的科目表（yusuan codes
    import），或编码所属的“类”不在当年 30 个支出功能分类“类”之中。内置参考数据只收录实际
    文件中见过的科目，其中没有的编码只作提示（info），请导入官方科目表后复查。

    例：2025 年文件印有“2189901 …”，而 218 不是支出功能分类的“类”（201—234 中没有 218）。
    """
    reference, problem = _reference(ctx)
    if problem:
        yield problem
    unlisted: list[list[_Printed]] = []
    for code, printed in _printed_by_code(ctx).items():
        if code in reference:
            continue
        reason = _absence(reference, printed[0].scheme, code)
        if reason:
            yield Issue(
                message=f"科目 {code} {printed[0].name}：{reason}请核对编码。",
                locations=_places(ctx, printed),
                data=(("code", code), ("year", str(reference.year or ""))),
            )
        else:
            unlisted.append(printed)
    if unlisted:
        yield _unlisted(ctx, reference, unlisted)


@rule("CODE002", family=FAMILY, severity=Severity.WARNING, title="科目名称与参考科目表不一致")
def name_differs_from_reference(ctx: CheckContext) -> Iterator[Issue]:
    """表中科目编码旁印出的名称应与预算年度科目表中该编码的名称一致。

    名称不一致，常见原因是编码与名称错配（编码串行）、沿用了已更名科目的旧名称，或自行
    简写。比较时忽略空格、全角/半角括号、“（类）”等层级标记，因此“维修（护）费”与
    “维修(护)费”视为相同。参考名称已确认或见于实际文件时报警告；参考名称未经核实（或该编码
    只见于其他年度的文件）时只作提示（info）。

    例：某单位将 30202 印作“咨询费”，而部门预算支出经济分类中 30202 为“印刷费”（“咨询费”
    的编码为 30203）。
    """
    reference, _ = _reference(ctx)
    for code, names in _printed_names(ctx).items():
        candidates = reference.candidates(code)
        if not candidates:
            continue
        for variant in names.values():
            if variant[0].key and not reference.knows_name(code, variant[0].name):
                yield _mismatch(ctx, reference, candidates[0], variant)


@rule("CODE003", family=FAMILY, severity=Severity.WARNING, title="同一科目编码在文件中名称不一致")
def same_code_two_names(ctx: CheckContext) -> Iterator[Issue]:
    """同一文件中，同一科目编码在各表（及同一表各处）应使用同一名称。

    不论参考数据如何，一个编码在同一文件里印出两个不同名称，至少有一处是错的（编码或名称
    填错，或从不同年度的模板复制）。比较时忽略空格、全角/半角括号和“（类）”等层级标记。
    下级科目缺少上级科目行属于 TREE003，不在此重复报告。

    例：《支出总表》印“30213 维修（护）费”，《基本支出表》印“30213 维修费”。
    """
    for code, names in _printed_names(ctx).items():
        variants = [v for v in names.values() if v[0].key]
        if len(variants) < 2:
            continue
        listed = "、".join(f"“{v[0].name}”（{_where(v[0].place(ctx))}）" for v in variants)
        yield Issue(
            message=f"科目 {code} 在本文件中印有 {len(variants)} 个不同名称：{listed}。同一编码应使用同一名称。",
            locations=_places(ctx, (p for v in variants for p in v)),
            data=(("code", code), ("names", "、".join(v[0].name for v in variants))),
        )


# --- reading the document ------------------------------------------------------------------
def _printed_by_code(ctx: CheckContext) -> dict[str, list[_Printed]]:
    """The printed codes grouped by code, read once per check (the three rules read the same)."""
    return ctx.memo("printed codes", lambda: _by_code(_printed(ctx)))


def _printed_names(ctx: CheckContext) -> dict[str, dict[str, list[_Printed]]]:
    """The printings of each code grouped by name (as compared), once per check."""
    return ctx.memo(
        "printed names", lambda: {code: _by_name(printed) for code, printed in _printed_by_code(ctx).items()}
    )


def _printed(ctx: CheckContext) -> list[_Printed]:
    """Every classification code printed in a table (the 政府预算经济分类 beside a 部门预算
    经济分类 on the same row included)."""
    found: list[_Printed] = []
    for table in ctx.tables():
        for row in table.rows:
            if row.code and row.scheme in _CHECKED and row.scheme is not None:
                found.append(_Printed(row.scheme, row.code, row.name.strip(), table, row))
            second = scheme_of(row.code2) if row.code2 else None
            if row.code2 and second in _CHECKED and second is not None:
                found.append(_Printed(second, row.code2, (row.name2 or "").strip(), table, row, second=True))
    return found


def _by_code(printed: Iterable[_Printed]) -> dict[str, list[_Printed]]:
    groups: dict[str, list[_Printed]] = defaultdict(list)
    for p in printed:
        groups[p.code].append(p)
    return groups


def _by_name(printed: Iterable[_Printed]) -> dict[str, list[_Printed]]:
    groups: dict[str, list[_Printed]] = defaultdict(list)
    for p in printed:
        groups[p.key].append(p)
    return groups


def _places(ctx: CheckContext, printed: Iterable[_Printed]) -> tuple[Location, ...]:
    return tuple(p.place(ctx) for p in printed)


def _where(place: Location) -> str:
    title = f"《{place.table_title}》" if place.table_title else ""
    return f"{title}第 {place.line} 行" if place.line else title


# --- the reference -------------------------------------------------------------------------
def _reference(ctx: CheckContext) -> tuple[CodeReference, Issue | None]:
    """The reference of the document's year; the shipped data alone (and an issue saying why)
    when the user's imported list cannot be read. Looked up once per check."""
    return ctx.memo("code reference", lambda: _load_reference(ctx))


def _load_reference(ctx: CheckContext) -> tuple[CodeReference, Issue | None]:
    year = ctx.disclosure.year
    try:
        return load_reference(year), None
    except YusuanError as exc:
        problem = Issue(
            message=f"已导入的科目表无法读取，本次只用内置参考数据检查：{exc}",
            locations=(Location(line=1, text=ctx.disclosure.source),),
        )
        return load_reference(year, imported=False), problem


def _absence(reference: CodeReference, scheme: CodeScheme, code: str) -> str | None:
    """Why a code missing from the reference does not exist, when the reference can tell."""
    year = reference.year
    if reference.is_official(scheme):
        return f"导入的财政部 {year} 年《政府收支分类科目》{_SCHEME_NAMES[scheme]}中没有这一编码。"
    if reference.is_complete(scheme, 1) and code[:3] not in reference:
        count = sum(1 for r in reference.rows(scheme) if r.level == 1)
        return f"其所属的“类” {code[:3]} 不是 {year} 年{_SCHEME_NAMES[scheme]}的“类”（共 {count} 类）。"
    return None


def _unlisted(ctx: CheckContext, reference: CodeReference, unlisted: list[list[_Printed]]) -> Issue:
    codes = "、".join(f"{p[0].code} {p[0].name}".strip() for p in unlisted)
    year = f" {reference.year} 年" if reference.year else ""
    return Issue(
        message=(
            f"{len(unlisted)} 个科目编码不在内置参考数据{year}的科目中：{codes}。内置数据只收录实际文件中"
            "见过的科目，不能据此断定编码有误；导入财政部当年《政府收支分类科目》（yusuan codes import）后可确认。"
        ),
        locations=_places(ctx, (p for group in unlisted for p in group)),
        severity=Severity.INFO,
        data=tuple(("code", group[0].code) for group in unlisted),
    )


def _mismatch(
    ctx: CheckContext, reference: CodeReference, expected: ReferenceRow, printed: list[_Printed]
) -> Issue:
    first = printed[0]
    year = f"{reference.year} 年" if reference.year else ""
    elsewhere = [c for c in reference.codes_named(first.scheme, first.name) if c != first.code]
    hint = f"（参考科目中“{first.name}”的编码为 {'、'.join(elsewhere)}）" if elsewhere else ""
    return Issue(
        message=(
            f"科目 {first.code} 印作“{first.name}”，而{year}{_SCHEME_NAMES[first.scheme]}中 {first.code} 为"
            f"“{expected.name}”{hint}。参考依据：{_basis(expected)}。"
        ),
        locations=_places(ctx, printed),
        severity=None if expected.trusted else Severity.INFO,
        data=(
            ("code", first.code),
            ("reference_name", expected.name),
            ("status", expected.status.value),
            ("source", expected.source),
        ),
    )


def _basis(row: ReferenceRow) -> str:
    if row.official:
        return f"导入的财政部科目表 {row.source}"
    shown = "、".join(s.split(":")[0] for s in row.sources[:2])
    more = f"等 {len(row.sources)} 处" if len(row.sources) > 2 else ""
    note = f"，{row.note}" if row.note else ""
    return f"{row.status.label}（{shown}{more}{note}）"
