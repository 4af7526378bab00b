"""公开完整性 (completeness): required tables, tables the contents list but the document lacks,
empty tables without a note, and the explanations the text must give."""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from yusuan.extract.kinds import classify_title, looks_like_title, normalize_title
from yusuan.model import Disclosure, DocumentKind, Table, TableKind, TocEntry
from yusuan.rules.context import CheckContext
from yusuan.rules.findings import Location, Severity
from yusuan.rules.prose import Passage, body, compact, is_heading, passages, section
from yusuan.rules.registry import Issue, rule

FAMILY = "completeness"
K = TableKind


@dataclass(frozen=True)
class Required:
    """A table a 部门预算 must publish; any of ``kinds`` satisfies it."""

    name: str
    kinds: tuple[TableKind, ...]


# 《地方预决算公开操作规程》(财预〔2016〕143号) 第七条: the eight tables of a 部门预算.
REQUIRED_TABLES: tuple[Required, ...] = (
    Required("收支总表", (K.SUMMARY,)),
    Required("收入总表", (K.INCOME,)),
    Required("支出总表", (K.EXPENDITURE,)),
    Required("财政拨款收支总表", (K.FISCAL_SUMMARY,)),
    Required("一般公共预算支出表", (K.GENERAL_PUBLIC,)),
    Required("一般公共预算基本支出表", (K.GENERAL_PUBLIC_BASIC, K.GENERAL_PUBLIC_BASIC_DETAIL)),
    Required("一般公共预算“三公”经费支出表", (K.THREE_PUBLIC,)),
    Required("政府性基金预算支出表", (K.GOV_FUND,)),
)

# Published by most provinces since (not in the 2016 list): graded info.
LATER_TABLES: tuple[Required, ...] = (
    Required("国有资本经营预算支出表", (K.STATE_CAPITAL,)),
    Required("项目支出表或项目绩效目标表", (K.PROJECTS, K.PERFORMANCE_PROJECTS, K.PERFORMANCE_OVERALL)),
)


# --- required tables -----------------------------------------------------------------------


@rule("CMP001", family=FAMILY, severity=Severity.WARNING, title="缺少规定公开的预算表")
def required_tables(ctx: CheckContext) -> Iterator[Issue]:
    """部门预算缺少《地方预决算公开操作规程》规定公开的表格。

    财预〔2016〕143号规定部门预算至少公开八张表：收支总表、收入总表、支出总表、财政拨款
    收支总表、一般公共预算支出表、一般公共预算基本支出表、一般公共预算“三公”经费支出表、
    政府性基金预算支出表。没有数据的表也要公开（空表并加说明），所以缺表就是公开不完整。
    表名各地不同，按表的类别识别（如“部门收支预算表”即收支总表）。只检查预算，不检查决算。
    文件中还有未能识别类别的表格时，只作提示（可能就是这张表）。

    例（错）：目录列出“2、收入总表”，文件中收支总表之后直接是支出总表。
    """
    if ctx.disclosure.kind is not DocumentKind.BUDGET:
        return
    yield from _missing(ctx, REQUIRED_TABLES, None)


@rule("CMP002", family=FAMILY, severity=Severity.INFO, title="缺少各地普遍增加公开的预算表")
def later_tables(ctx: CheckContext) -> Iterator[Issue]:
    """部门预算没有公开国有资本经营预算支出表，或没有公开任何项目支出表、绩效目标表。

    这些表不在财预〔2016〕143号的八张表之内，但财政部此后要求中央部门公开国有资本经营预算
    支出表，并推动重点项目绩效目标随预算公开，多数省份已列为必公开表；因各地要求不一，
    只作提示（info）。

    例：公开了八张表，但没有“国有资本经营预算支出表”，也没有说明本部门无国有资本经营预算。
    """
    if ctx.disclosure.kind is not DocumentKind.BUDGET:
        return
    yield from _missing(ctx, LATER_TABLES, Severity.INFO)


def _missing(ctx: CheckContext, required: Sequence[Required], grade: Severity | None) -> Iterator[Issue]:
    tables = ctx.disclosure.tables
    unknown = sum(1 for t in tables if t.kind is K.OTHER)
    contents = _listed_tables(ctx.disclosure)
    for need in required:
        if any(t.kind in need.kinds for t in tables):
            continue
        listed = [e for item in contents for e in item.entries if item.kind in need.kinds]
        places = [_toc_place(e) for e in listed] or [_tables_place(ctx, need.kinds[0])]
        note = f"（文件中另有 {unknown} 张未识别类别的表格，可能包括此表）" if unknown else ""
        yield Issue(
            message=f"文件中没有“{need.name}”{'（目录中列有此表）' if listed else ''}{note}。",
            locations=tuple(places),
            severity=Severity.INFO if unknown else grade,
        )


def _tables_place(ctx: CheckContext, missing: TableKind) -> Location:
    """Where the tables are printed (from the first of them), or the start of the text; the kind of
    the missing table tells the places of several missing tables apart."""
    if ctx.disclosure.tables:
        first = ctx.disclosure.tables[0]
        text = f"表格部分（自《{first.title}》起）"
        return Location(line=first.line, page=first.page, table_kind=missing.value, text=text)
    return dataclasses.replace(_document_place(ctx.disclosure), table_kind=missing.value)


def _document_place(disclosure: Disclosure) -> Location:
    if disclosure.paragraphs:
        first = disclosure.paragraphs[0]
        return Location(line=first.line, page=first.page, text=compact(first.text))
    return Location(line=1, text=disclosure.source)


# --- the document's own table of contents --------------------------------------------------


@dataclass
class _Listed:
    key: str
    title: str
    kind: TableKind
    entries: list[TocEntry]


_LEADERS = re.compile(r"(?:[.…·．。]{2,}|…+)\s*\d*\s*$")
_DASHES = re.compile(r"[-－—–]+")
_PREFIXES = re.compile(r"^(?:附件|附表)?[:：]?(?:部门（单位）|部门|单位|本级|预算单位)*")
_SET_HEADING = re.compile(r"^(?:年度)?(?:部门|单位)?预算(?:公开)?(?:报)?表(?:格)?$|^报?表$")


def table_key(title: str, department: str | None = None) -> str:
    """A title reduced to what tells tables apart: no numbering, year, department, prefix, quotes."""
    text = normalize_title(_LEADERS.sub("", title))
    if department:
        text = text.replace(compact(department), "")
    text = re.sub(r"^(?:附件|附表)[:：]?", "", text)
    text = _YEAR_ANYWHERE.sub("", text)
    text = _PREFIXES.sub("", text)
    text = _DASHES.sub("-", text).replace("“", "").replace("”", "").replace('"', "")
    return text


_YEAR_ANYWHERE = re.compile(r"(?:19|20)\d{2}年度?")


def _listed_tables(disclosure: Disclosure) -> list[_Listed]:
    listed: dict[str, _Listed] = {}
    for entry in disclosure.toc:
        title = _LEADERS.sub("", entry.title).strip()
        if (entry.number or "").startswith("第") or not looks_like_title(title):
            continue
        key = table_key(title, disclosure.department)
        if not key or _SET_HEADING.match(key):
            continue
        item = listed.setdefault(key, _Listed(key, title, classify_title(key), []))
        item.entries.append(entry)
    return list(listed.values())


def _match(listed: list[_Listed], tables: Sequence[Table], department: str | None) -> list[_Listed]:
    """The listed tables that no printed table answers to (exact key first, then a near title of
    the same kind among the printed tables no listed title claimed exactly)."""
    if not listed:
        return []  # no contents listing tables: nothing to look for
    keys = [table_key(t.title, department) for t in tables]
    exact = set(keys)
    claimed = {i for i, k in enumerate(keys) if any(k == item.key for item in listed)}
    unmatched = []
    for item in (i for i in listed if i.key not in exact):
        kind = item.kind
        best, score = None, 0.0
        for index, table in enumerate(tables):
            if index in claimed or table.kind is not kind or kind is K.OTHER:
                continue
            ratio = difflib.SequenceMatcher(None, item.key, keys[index]).ratio()
            near = item.key in keys[index] or keys[index] in item.key or ratio >= 0.8
            if near and ratio > score:
                best, score = index, ratio
        if best is None:
            unmatched.append(item)
        else:
            claimed.add(best)
    return unmatched


@rule("CMP003", family=FAMILY, severity=Severity.WARNING, title="目录列出的表格在文件中没有")
def listed_but_missing(ctx: CheckContext) -> Iterator[Issue]:
    """文件自己的目录列出了某张表，但文件中找不到这张表。

    目录与表名按宽松的方式比对：忽略编号、年度、部门名称、“部门/单位”前缀、空格、引号和
    全角半角括号；标题不完全相同时，同类别且标题相近（一方包含另一方或相似度 ≥ 0.8）的表
    也算找到，但已与另一目录项完全对上的表不再重复使用。同一张表在两处目录中出现只报一次。
    文件中还有未能识别类别的表格时，只作提示。

    例：沅江市医疗保障局2024年部门预算的目录列出23张表，其中“2、收入总表”“7、一般公共预算
    支出表”“23、整体支出绩效目标表”等9张在文件中没有。
    """
    disclosure = ctx.disclosure
    unknown = sum(1 for t in disclosure.tables if t.kind is K.OTHER)
    reported = _reported_elsewhere(ctx)
    for item in _match(_listed_tables(disclosure), disclosure.tables, disclosure.department):
        if item.kind in reported:
            continue
        number = item.entries[0].number
        numbered = f"{number}、" if number else ""
        note = f"（文件中另有 {unknown} 张未识别类别的表格，可能包括此表）" if unknown else ""
        yield Issue(
            message=f"目录列出了“{numbered}{item.title}”，但文件中没有这张表{note}。",
            locations=tuple(_toc_place(e) for e in item.entries),
            severity=Severity.INFO if unknown else None,
        )


def _reported_elsewhere(ctx: CheckContext) -> frozenset[TableKind]:
    """Kinds whose absence CMP001/CMP002 already report (naming the contents entry), so that one
    missing table is one finding; a rule switched off in the configuration reports nothing."""
    if ctx.disclosure.kind is not DocumentKind.BUDGET:
        return frozenset()
    present = {t.kind for t in ctx.disclosure.tables}
    kinds: set[TableKind] = set()
    for rule_id, required in (("CMP001", REQUIRED_TABLES), ("CMP002", LATER_TABLES)):
        if rule_id in ctx.config.disabled:
            continue
        for need in required:
            if not present & set(need.kinds):
                kinds.update(need.kinds)
    return frozenset(kinds)


def _toc_place(entry: TocEntry) -> Location:
    numbered = f"{entry.number}、" if entry.number else ""
    return Location(line=entry.line, text=f"目录：{numbered}{_LEADERS.sub('', entry.title).strip()}")


# --- empty tables --------------------------------------------------------------------------

_EMPTY_NOTE = re.compile(
    r"空表|无数据|没有数据|无相关|为零|为0|数据为空"
    r"|(?:无|没有|未安排|不涉及|未发生)[^。；]{0,30}(?:收入|支出|预算|经费|资金|拨款|数据|事项)"
)
_DOCUMENT_NOTE = re.compile(r"空表[^。；]{0,10}(?:表示|说明|代表|即|为)|(?:表示|说明)[^。；]{0,10}空表")
_KIND_WORDS = {
    K.GOV_FUND: "政府性基金",
    K.STATE_CAPITAL: "国有资本经营",
    K.THREE_PUBLIC: "三公",
    K.SPECIAL_ACCOUNT: "财政专户",
}


@rule("CMP004", family=FAMILY, severity=Severity.WARNING, title="空表没有说明")
def empty_table_without_note(ctx: CheckContext) -> Iterator[Issue]:
    """公开了一张没有数据的表，但没有说明为什么是空表。

    没有相关收支的表也要公开，并注明“本部门无……，故本表为空表”；否则读者无法分辨是没有
    这项收支，还是数据漏填、漏印。表注、说明中的全局说明（如“以上报表中，空表表示本部门无
    相关收支情况”）或正文中说明本部门无该项收支的句子（如“2024年本部门无政府性基金安排的
    支出”）都算说明。

    例（错）：政府性基金预算支出表只有表头和“合计 0.00”，表下无注，正文也未提及。
    """
    items = passages(ctx)
    if any(_DOCUMENT_NOTE.search(compact(p.text)) for p in items):
        return
    for table in ctx.tables():
        if table.kind in (K.OTHER, K.ORGANIZATION):
            continue  # not recognised as a budget table: a stray cell block, not an empty table
        if not table.empty or any(_EMPTY_NOTE.search(compact(n)) for n in table.notes):
            continue
        if _text_explains(items, table.kind):
            continue
        yield Issue(
            message=f"《{table.title}》没有数据，但表下没有注明原因（如“本部门无……，故本表为空表”）。",
            locations=(ctx.table_place(table),),
        )


def _text_explains(items: Sequence[Passage], kind: TableKind) -> bool:
    word = _KIND_WORDS.get(kind)
    if word is None:
        return False
    pattern = re.compile(
        rf"(?:无|没有|未安排|不涉及)[^。；]{{0,12}}{word}|{word}[^。；]{{0,20}}(?:为零|为0|无数据)"
    )
    return any(pattern.search(compact(p.text)) for p in items)


# --- explanations in the text --------------------------------------------------------------


@dataclass(frozen=True)
class Topic:
    name: str
    pattern: re.Pattern[str]
    kind: TableKind  # the table the explanation goes with (names the place of a missing one)


REQUIRED_TOPICS: tuple[Topic, ...] = tuple(
    Topic(name, re.compile(pattern), kind)
    for name, pattern, kind in (
        ("“三公”经费", r"三公", K.THREE_PUBLIC),
        ("机关运行经费", r"机关运行经费|运行经费|运转经费|机关(?:（机构）)?运[行转]", K.GENERAL_PUBLIC_BASIC),
        ("政府采购", r"政府采购", K.PROCUREMENT),
        ("国有资产占用", r"国有资产|固定资产|资产占[用有]", K.ASSETS),
        ("绩效目标", r"绩效目标|绩效指标|预算绩效|绩效管理", K.PERFORMANCE_PROJECTS),
    )
)
_GLOSSARY = re.compile(r"名词解释|术语解释|名词说明")


@rule("CMP005", family=FAMILY, severity=Severity.WARNING, title="说明中缺少规定的事项")
def required_explanations(ctx: CheckContext) -> Iterator[Issue]:
    """情况说明没有说明规定公开的事项。

    按《地方预决算公开操作规程》及财政部历年预算公开要求，部门预算说明应说明“三公”经费、
    机关运行经费、政府采购、国有资产占用、预算绩效（绩效目标）等事项，并对专业名词作出解释
    （名词解释）。以标题或句子提及为准（名词解释中的定义不算说明）；“机关（机构）运转经费”
    等地方叫法视同机关运行经费。

    例（错）：说明中没有任何关于政府采购的标题或句子，也没有“名词解释”部分。
    """
    items = passages(ctx)
    if not items:
        return
    text = "\n".join(compact(p.text) for p in body(ctx))
    start = items[0].heading_place()
    for topic in REQUIRED_TOPICS:
        if not topic.pattern.search(text):
            yield Issue(
                message=f"情况说明中没有关于{topic.name}的说明（未找到相关标题或句子）。",
                locations=(dataclasses.replace(start, table_kind=topic.kind.value),),
            )
    if not any(_GLOSSARY.search(compact(p.text)) for p in items) and not _glossary_in_toc(ctx.disclosure):
        yield Issue(message="情况说明中没有“名词解释”。", locations=(start,))


def _glossary_in_toc(disclosure: Disclosure) -> bool:
    """A 名词解释 heading read as a contents entry, followed by definitions (“……：是指……”): the
    text of the glossary was taken for contents, it is there."""
    entries = disclosure.toc
    for index, entry in enumerate(entries):
        if _GLOSSARY.search(compact(entry.title)):
            following = entries[index + 1 : index + 4]
            if any(re.search(r"[:：](?:是|指)|是指", compact(e.title)) for e in following):
                return True
    return False


# The parts of a “三公”经费 explanation.
_AMOUNT = re.compile(r"\d[\d,]*(?:\.\d+)?万?元")
_PARTS = (("因公出国（境）费", r"出国"), ("公务用车购置及运行费", r"公务用?车|公车"), ("公务接待费", r"接待"))
_CHANGE = re.compile(r"(增加|减少|增长|下降|上升|降低)([\d,]*(?:\.\d+)?)|持平|增减|无变化|不变|相同|一致")
_REASON = re.compile(r"原因|主要是|由于|因为|鉴于|主要系|得益于")


@rule("CMP006", family=FAMILY, severity=Severity.WARNING, title="“三公”经费说明不完整")
def three_public_explanation(ctx: CheckContext) -> Iterator[Issue]:
    """“三公”经费的说明缺少金额、组成、增减变化或变化原因。

    “三公”经费应说明总额，因公出国（境）费、公务用车购置及运行费、公务接待费各是多少，比上年
    增减多少，并说明增减原因（《地方预决算公开操作规程》）。只说“与上年持平”时不要求原因。
    从“三公”经费的标题起，到下一个同级标题止，作为这一部分的说明。

    例（错）：“2024年‘三公’经费预算3.20万元，比上年减少0.90万元。”（没有组成，也没有原因）
    """
    items = list(body(ctx))
    start = _three_public_start(items)
    if start is None:
        return
    members = section(items, start)
    # The heading (“……预算情况及增减变化原因”) names the parts it asks for; the text must give them.
    content = members[1:] if is_heading(members[0].text) else members
    text = "".join(compact(p.text) for p in content)
    lacking = [name for name, pattern in _PARTS if not re.search(pattern, text)]
    missing = []
    if not _AMOUNT.search(text):
        missing.append("金额")
    if lacking:
        missing.append("组成（" + "、".join(lacking) + "）")
    changes = list(_CHANGE.finditer(text))
    if not changes:
        missing.append("与上年相比的增减变化")
    elif any(_is_change(m) for m in changes) and not _REASON.search(text):
        missing.append("增减变化的原因")
    if missing:
        first = members[0]
        place = first.heading_place() if is_heading(first.text) else first.place(0)
        yield Issue(message=f"“三公”经费的说明缺少{'、'.join(missing)}。", locations=(place,))


def _three_public_start(items: Sequence[Passage]) -> int | None:
    headings = [
        i
        for i, p in enumerate(items)
        if "三公" in compact(p.text) and is_heading(p.text) and not compact(p.text).endswith("表")
    ]
    if headings:
        return headings[0]
    stated = [i for i, p in enumerate(items) if "三公" in p.text and _AMOUNT.search(compact(p.text))]
    return stated[0] if stated else None


def _is_change(match: re.Match[str]) -> bool:
    """增加/减少 with a non-zero figure (or none): “增加0.00万元” is no change."""
    if match.group(1) is None:
        return False
    figure = (match.group(2) or "").replace(",", "")
    if not figure:
        return True
    try:
        return Decimal(figure) != 0
    except InvalidOperation:
        return True
