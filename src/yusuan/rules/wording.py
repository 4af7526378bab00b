"""文字规范 (wording): template residue, empty reasons, 部门 wording in a 单位 document, obsolete
class names."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from yusuan.extract.kinds import normalize_title
from yusuan.model import Scope
from yusuan.rules.context import CheckContext
from yusuan.rules.findings import Location, Severity
from yusuan.rules.prose import Passage, body, compact, passages
from yusuan.rules.registry import Issue, rule
from yusuan.rules.tables import clean

FAMILY = "wording"


# --- template residue ----------------------------------------------------------------------

# (pattern, what it is) — placeholders a template leaves until the preparer fills them in.
_RESIDUE: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), what)
    for pattern, what in (
        (
            r"(?:增加|增长|上升)[（(](?:减少|下降)[）)]|(?:减少|下降)[（(](?:增加|增长|上升)[）)]"
            r"|增[（(]减[）)]|减[（(]增[）)]|(?:增加|增长)[/／](?:减少|下降)",
            "模板中“增加（减少）”一类的备选措辞未改为实际的增减方向",
        ),
        (r"(?<![A-Za-z])(?:[XＸ]{2,}|[xｘ]{2,}|×{2,})(?![A-Za-z])", "“XX/××”占位符未填写"),
        (
            r"【\s*】|【[^【】\d]*?(?:填|名称|金额|单位|部门|年份|数字|原因|说明|[XxＸｘ×])[^【】]*】",
            "“【】”占位符未填写",
        ),
    )
)

# What every residue holds: the last character of a 增/减 word before a bracket or a slash
# (增加（减少）, 增（减）, 增加/减少), an X-like character, or 【. The residue patterns have no
# fixed first character, which makes them slow to search; this one starts with a character
# class, is fast, and rules out nearly every passage.
RESIDUE_HINT = re.compile(r"[加长升少降增减XＸxｘ×【](?:(?<=[加长升少降增减])[（(/／]|(?<=[XＸxｘ×【]))")


@rule("WD001", family=FAMILY, severity=Severity.WARNING, title="模板残留文字未替换")
def template_residue(ctx: CheckContext) -> Iterator[Issue]:
    """说明、表格标题或表注中残留了模板的占位文字。

    公开模板用“增加（减少）”“增（减）”让填报人二选一，用“XX”“××”“【】”标出待填的位置；
    这些文字留在公开文本里，读者无从知道实际是增加还是减少、数字是多少。

    例（错）：“2024年‘三公’经费预算比上年增加（减少）0.50万元”；“主要用于XX工作”。
    例（对）：“比上年减少0.50万元”。
    """
    for passage in passages(ctx):
        if not RESIDUE_HINT.search(passage.text):
            continue
        for pattern, what in _RESIDUE:
            for match in pattern.finditer(passage.text):
                yield _residue(match.group(), what, passage.place(match.start(), match.end()))
    for table in ctx.tables():
        for label, text in (("标题", table.title), *(("表注", note) for note in table.notes)):
            if not RESIDUE_HINT.search(text):
                continue
            for pattern, what in _RESIDUE:
                for match in pattern.finditer(text):
                    place = Location(
                        line=table.line,
                        page=table.page,
                        table_kind=table.kind.value,
                        table_title=table.title,
                        text=text,
                    )
                    yield _residue(match.group(), f"{what}（{label}）", place)


def _residue(found: str, what: str, place: Location) -> Issue:
    return Issue(message=f"{what}：“{found}”，见“{place.text}”。", locations=(place,))


# --- empty reasons -------------------------------------------------------------------------

# A reason marker followed by nothing: “主要原因是。”, “主要原因：。”, “原因是：” at the end.
_EMPTY_REASON = re.compile(
    r"(?:原因(?:是|为|在于|如下)?[:：]|原因(?:是|为|在于)|主要是[:：]?)\s*(?=[。；;！!？?]|$)"
)


@rule("WD002", family=FAMILY, severity=Severity.WARNING, title="说明原因的句子没有写出原因")
def empty_reason(ctx: CheckContext) -> Iterator[Issue]:
    """“主要原因是”之后什么也没有写，句子就结束了。

    增减变化要说明原因（《地方预决算公开操作规程》要求对“三公”经费等增减变化作出说明）。
    模板里的“主要原因是：”若未填写，句子会停在“主要原因是。”“主要原因：。”或以“原因是：”
    结束，读者看不到原因。跨行的句子（PDF 换行）先接起来再判断；“原因如下：”后接（1）（2）
    或 1. 2. 编号列出的原因不算空。

    例（错）：“公务用车购置及运行费6.40万元，与2023年预算持平，主要原因是。”
    例（对）：“……与2023年预算持平，主要原因是严格控制公务用车运行支出。”
    """
    items = passages(ctx)
    for index, passage in enumerate(items):
        for match in _EMPTY_REASON.finditer(passage.text):
            if match.end() == len(passage.text) and not _nothing_follows(items, index):
                continue
            marker = match.group().strip()
            yield Issue(
                message=f"“{marker}”之后没有写出原因，句子即告结束：“{passage.sentence_at(match.start())}”。",
                locations=(passage.place(match.start(), match.end()),),
            )


def _nothing_follows(items: Sequence[Passage], index: int) -> bool:
    """A marker at the end of a passage is empty unless a list of reasons (1. / （1）) follows."""
    if index + 1 >= len(items):
        return True
    level = items[index + 1].level
    return level is not None and level <= 1


# --- 部门 wording in a 单位 document ---------------------------------------------------------

# Phrases that speak of the document itself as a 部门's; generic uses (财政部门, 预算部门（单位）,
# 部门预算管理有关规定, 各部门) are not among them.
_DEPARTMENT_WORDING = re.compile(
    r"(?:本|我)部门(?![（(]?单位|/单位|或单位|和单位|、单位)"
    r"|(?:19|20)\d{2}\s*年度?\s*部门(?:预算|整体|收支|收入|支出)"
    r"|部门预算安排"
    r"|部门(?:职责|概况|主要职能|机构设置|基本情况|收支总体|收入预算|支出预算|整体支出|整体绩效)"
)


@rule("WD003", family=FAMILY, severity=Severity.WARNING, title="单位预算中使用了部门预算的措辞")
def department_wording_in_unit(ctx: CheckContext) -> Iterator[Issue]:
    """单位预算（单位本级公开）中把自己称为“部门”。

    部门预算汇总一个部门及其所属单位，单位预算只是其中一个单位；单位预算照搬部门模板时，
    常留下“本部门”“我部门”“2025年部门预算安排”“部门职责”一类措辞，使读者误以为数字是整个
    部门的。泛指的用法不算：“财政部门”“预算部门（单位）”“部门预算管理有关规定”“各部门”，
    以及名词解释中的定义。表格标题以“部门”开头的（如“部门预算收支总表”）也一并提示。

    例（错，单位预算中）：“2025年部门预算安排购置车辆0辆”。
    例（对）：“2025年单位预算安排购置车辆0辆”。
    """
    if ctx.disclosure.scope is not Scope.UNIT:
        return
    for passage in body(ctx):
        for sentence_start, phrases in _phrases_by_sentence(passage):
            place = passage.place(sentence_start)
            quoted = "、".join(f"“{p}”" for p in phrases)
            yield Issue(
                message=f"本文件是单位预算，但说明中使用了部门口径的措辞{quoted}：“{place.text}”。",
                locations=(place,),
            )
    for table in ctx.tables():
        title = normalize_title(table.title)
        if title.startswith("部门") and not title.startswith("部门（单位）"):
            yield Issue(
                message=f"本文件是单位预算，但表格标题为“{table.title}”（部门预算的表名）。",
                locations=(ctx.table_place(table),),
            )


def _phrases_by_sentence(passage: Passage) -> Iterator[tuple[int, list[str]]]:
    found: dict[str, tuple[int, list[str]]] = {}
    if "部门" not in passage.text:  # in every phrase: a cheap test before the slow search
        return
    for match in _DEPARTMENT_WORDING.finditer(passage.text):
        sentence = passage.sentence_at(match.start(), match.end())
        _, phrases = found.setdefault(sentence, (match.start(), []))
        phrase = compact(match.group())
        if phrase not in phrases:
            phrases.append(phrase)
    yield from found.values()


# --- obsolete class names ------------------------------------------------------------------


@dataclass(frozen=True)
class Renamed:
    """A 支出功能分类 class whose name changed: printed under ``old`` from ``since`` on, it is wrong.

    ``confirmed`` says whether the change itself is documented; an unconfirmed row only says that
    documents of ``since`` print the new name, and gives at most an ``info`` finding.
    """

    code: str
    old: str
    new: str
    since: int
    source: str
    confirmed: bool = True


_SOURCE_2019 = (
    "财政部《2019年政府收支分类科目》随2018年机构改革调整类级科目名称。新名印在2024年沅江、2025年承德"
    "收支总表（../shared/samples）及 ../shared/reference/function_classes_DRAFT.csv；四个旧名一并出现"
    "在2019年以前的公开科目清单中"
)
_SOURCE_STATISTICS = (
    "更名年份未查证：旧名仍见于统计口径（“农林水事务”“城乡社区事务”），2024年沅江收支总表所印科目名为"
    "“城乡社区支出”“农林水支出”"
)

OBSOLETE_CLASSES: tuple[Renamed, ...] = (
    Renamed("207", "文化体育与传媒支出", "文化旅游体育与传媒支出", 2019, _SOURCE_2019),
    Renamed("210", "医疗卫生与计划生育支出", "卫生健康支出", 2019, _SOURCE_2019),
    Renamed("215", "资源勘探信息等支出", "资源勘探工业信息等支出", 2019, _SOURCE_2019),
    Renamed("220", "国土海洋气象等支出", "自然资源海洋气象等支出", 2019, _SOURCE_2019),
    Renamed("212", "城乡社区事务支出", "城乡社区支出", 2024, _SOURCE_STATISTICS, confirmed=False),
    Renamed("213", "农林水事务支出", "农林水支出", 2024, _SOURCE_STATISTICS, confirmed=False),
)


@rule("WD004", family=FAMILY, severity=Severity.WARNING, title="使用了已停用的科目名称")
def obsolete_class_names(ctx: CheckContext) -> Iterator[Issue]:
    """说明或表格中使用了已经更名的支出功能分类科目名称。

    2019年起，《政府收支分类科目》将 210 类“医疗卫生与计划生育支出”更名为“卫生健康支出”，
    207 类“文化体育与传媒支出”更名为“文化旅游体育与传媒支出”，215 类“资源勘探信息等支出”更名为
    “资源勘探工业信息等支出”，220 类“国土海洋气象等支出”更名为“自然资源海洋气象等支出”。
    2019年及以后的预算仍用旧名，说明文字是从往年文本沿用下来的，所指科目与表格不一致。
    对照表及其出处见本模块的 ``OBSOLETE_CLASSES``；更名年份未查证的旧名（如“城乡社区事务支出”）
    只作提示（info）。

    例（错，2024年预算）：“医疗卫生与计划生育支出（类）行政事业单位医疗（款）……50.37万元”。
    例（对）：“卫生健康支出（类）行政事业单位医疗（款）……”。
    """
    year = ctx.disclosure.year
    current = [r for r in OBSOLETE_CLASSES if year is None or year >= r.since]
    if not current:
        return
    for passage in passages(ctx):
        for match in _OLD_NAMES.finditer(passage.text):
            renamed = _by_old_name(match.group(), current)
            if renamed:
                yield _obsolete(renamed, year, passage.place(match.start(), match.end()))
    for table in ctx.tables():
        for row in table.rows:
            name = clean(row.name)
            for renamed in current:
                if renamed.old in name:
                    yield _obsolete(renamed, year, ctx.cell(table, row))


def _spaced(name: str) -> str:
    """The name as printed, spaces allowed between its characters (text extracted from PDF)."""
    return r"\s*".join(re.escape(c) for c in name)


_OLD_NAMES = re.compile("|".join(_spaced(r.old) for r in OBSOLETE_CLASSES))


def _by_old_name(found: str, current: list[Renamed]) -> Renamed | None:
    name = compact(found)
    return next((r for r in current if r.old == name), None)


def _obsolete(renamed: Renamed, year: int | None, place: Location) -> Issue:
    when = f"{year}年预算" if year else "本文件"
    if renamed.confirmed:
        now = f"自{renamed.since}年起 {renamed.code} 类称“{renamed.new}”"
    else:
        now = f"{renamed.since}年的预算文件中 {renamed.code} 类印作“{renamed.new}”（更名年份未查证）"
    return Issue(
        message=f"{when}使用了已停用的科目名称“{renamed.old}”：{now}。",
        locations=(place,),
        severity=None if renamed.confirmed else Severity.INFO,
        data=(("code", renamed.code), ("new_name", renamed.new)),
    )
