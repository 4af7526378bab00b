"""预算年度一致 (year): one budget year everywhere — tables, table notes, headings and text.

The budget year is the one the document states most often for itself: the year read from its
metadata, the years of its tables (title or header) and the years of its headings that name a
budget (“2024年部门预算公开说明”). Mentions of another year are normal where they compare or
date something (与2023年相比, 比2023年预算, 截至2023年12月31日, 2023年度执行数, 2023年期末);
they are defects where they name the budget itself (本表反映2023年度…, 本单位2023年度无…).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from yusuan.rules.context import CheckContext
from yusuan.rules.findings import Location, Severity
from yusuan.rules.registry import Issue, rule

FAMILY = "year"

_YEAR = re.compile(r"(20\d\d)\s*年")
# Words before a year that make it a comparison or a date, not the budget's own year.
_BEFORE_OK = re.compile(r"(?:与|比|较|同|和|相较于?|对比|截至|截止到?|自|从)\s*$")
# Words after “YYYY年” that date or compare: 2023年12月31日, 2023年底/末, 2023年度执行数, 2023年决算.
_AFTER_OK = re.compile(
    r"^\s*度?\s*(?:\d{1,2}\s*月|年?末|年?底|期末|年终|(?:当年)?(?:预算)?(?:执行|决算)|相比|同期|以前|之前|前|以来)"
)
# A heading that names a budget: short, no sentence punctuation.
_HEADING_MAX = 48
_SENTENCE_MARKS = re.compile(r"[，。；,;：:]|\d\s*(?:万元|元|%)")
_BUDGET_WORD = re.compile(r"预算|决算")
# An item of this budget's project spending labelled with a year: “2024年度X项目：财政年初预算资金59.5万元”.
_PROJECT_ITEM = re.compile(
    r"(?P<y>20\d\d)\s*年度?[^，。；,;：:]{2,40}?项目\s*[：:][^，。；]{0,12}?预算[^，。；]{0,8}?\d+(?:\.\d+)?\s*万?元"
)
# Sentences of the text that state the budget's own year.
_OWN_YEAR = re.compile(
    r"本表(?:反映|列示)\s*(?P<a>20\d\d)\s*年"
    r"|本(?:单位|部门)\s*(?P<b>20\d\d)\s*年度?\s*(?:无|没有|未)"
    r"|(?P<c>20\d\d)\s*年度?\s*(?:本)?(?:部门|单位)?\s*(?:收入|支出|收支)?\s*预算\s*(?:总额|安排|数)?\s*(?:为|共计|合计)?\s*\d"
)


@dataclass(frozen=True)
class Mention:
    year: int
    start: int
    end: int


def mentions(text: str) -> Iterator[Mention]:
    for match in _YEAR.finditer(text):
        yield Mention(int(match.group(1)), match.start(), match.end())


def dates_or_compares(text: str, mention: Mention) -> bool:
    """Whether a year mention compares with or dates something (not the budget's own year)."""
    before = text[max(0, mention.start - 8) : mention.start]
    after = text[mention.end : mention.end + 12]
    return bool(_BEFORE_OK.search(before) or _AFTER_OK.match(after))


def is_heading(text: str) -> bool:
    return (
        len(text.strip()) <= _HEADING_MAX
        and not _SENTENCE_MARKS.search(text)
        and bool(_BUDGET_WORD.search(text))
    )


def _headings(ctx: CheckContext) -> Sequence[tuple[str, int, int | None]]:
    """(text, line, page) of the headings and contents entries that name a budget."""
    return ctx.memo("year headings", lambda: tuple(_find_headings(ctx)))


def _find_headings(ctx: CheckContext) -> Iterator[tuple[str, int, int | None]]:
    for paragraph in ctx.disclosure.paragraphs:
        if is_heading(paragraph.text):
            yield paragraph.text, paragraph.line, paragraph.page
    for entry in ctx.disclosure.toc:
        if is_heading(entry.title):
            yield entry.title, entry.line, None


def budget_year(ctx: CheckContext) -> int | None:
    """The year the document states most often for itself (ties: the year of its metadata)."""
    return ctx.memo("budget year", lambda: _budget_year(ctx))


def _budget_year(ctx: CheckContext) -> int | None:
    votes: Counter[int] = Counter()
    if ctx.disclosure.year:
        votes[ctx.disclosure.year] += 1
    votes.update(t.year for t in ctx.disclosure.tables if t.year)
    for text, _, _ in _headings(ctx):
        votes.update(m.year for m in mentions(text) if not dates_or_compares(text, m))
    if not votes:
        return None
    best = max(votes.values())
    leaders = [year for year, count in votes.items() if count == best]
    return ctx.disclosure.year if ctx.disclosure.year in leaders else min(leaders)


def _quote(text: str, mention: Mention, width: int = 24) -> str:
    start, end = max(0, mention.start - width), min(len(text), mention.end + width)
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")


@rule("YR001", family=FAMILY, severity=Severity.WARNING, title="表格年度与预算年度不一致")
def table_years(ctx: CheckContext) -> Iterator[Issue]:
    """每张表格标题或表头标明的年度，应是本文件的预算年度。

    一份预算公开文件只有一个预算年度。某张表标为其他年度，通常是沿用了上年的表格模板，或把
    上年的表格误放进了本年文件，读者无法判断表中数字属于哪一年。

    例：2024 年部门预算中的《2023年部门收支预算表》报警告；《2024年部门收支预算表》正确。
    """
    year = budget_year(ctx)
    if year is None:
        return
    for table in ctx.disclosure.tables:
        if table.year and table.year != year:
            yield Issue(
                message=(
                    f"《{table.title}》标明的年度为 {table.year} 年，而本文件是 {year} 年的预算"
                    f"（相差 {table.year - year:+d} 年）。"
                ),
                locations=(ctx.table_place(table),),
                data=(("year", str(table.year)), ("budget_year", str(year))),
            )


@rule("YR002", family=FAMILY, severity=Severity.WARNING, title="表注中的年度与预算年度不一致")
def note_years(ctx: CheckContext) -> Iterator[Issue]:
    """表格注释说明本表内容时，所称年度应是本文件的预算年度。

    表注描述的是这张表本身（“本表反映……”“本单位……年度无……支出”）。写成其他年度，通常是
    沿用上年模板未改，读者会误以为表中是其他年度的数字。与上年比较、资产截止日期等（“与2023年
    相比”“截至2023年12月31日”“2023年度执行数”）不在此列。

    例：2024 年预算中“注：本表反映2023年度一般公共预算‘三公’经费支出情况”报警告；
    “注：本单位2024年度无政府性基金预算拨款支出”正确。
    """
    year = budget_year(ctx)
    if year is None:
        return
    for table in ctx.disclosure.tables:
        for i, note in enumerate(table.notes):
            wrong = [m for m in mentions(note) if m.year != year and not dates_or_compares(note, m)]
            if wrong:
                place = replace(ctx.table_place(table), text=note)
                if i < len(table.note_lines):
                    place = replace(place, line=table.note_lines[i])  # the note itself
                years = "、".join(sorted({str(m.year) for m in wrong}))
                yield Issue(
                    message=(
                        f"《{table.title}》的表注称 {years} 年：“{_quote(note, wrong[0])}”，"
                        f"而本文件是 {year} 年的预算。"
                    ),
                    locations=(place,),
                    data=(("year", years), ("budget_year", str(year))),
                )


@rule("YR003", family=FAMILY, severity=Severity.WARNING, title="说明文字中的预算年度与文件年度不一致")
def text_years(ctx: CheckContext) -> Iterator[Issue]:
    """说明文字的标题（如“2024年部门预算公开说明”）和陈述本年预算的句子（“本表反映……年度”
    “本部门……年度无……”“2024年本部门收入预算582.97万元”），所称年度应是本文件的预算年度。

    与上年比较（“比2023年预算减少”“与2023年相比”）、日期（“截至2023年12月底”“2023年期末”）、
    上年执行数（“2023年当年预算执行数”）以及名称中带年份的资金、项目都是正常的，不报告。

    例：2024 年预算的说明写“2023年本部门收入预算582.97万元”报警告。
    """
    year = budget_year(ctx)
    if year is None:
        return
    for text, line, page in _headings(ctx):
        wrong = [m for m in mentions(text) if m.year != year and not dates_or_compares(text, m)]
        if wrong:
            yield _text_issue(text, line, page, wrong[0], year, "标题")
    headings = {(text, line) for text, line, _ in _headings(ctx)}
    for paragraph in ctx.disclosure.paragraphs:
        if (paragraph.text, paragraph.line) in headings:
            continue
        for match in _OWN_YEAR.finditer(paragraph.text):
            group = next(g for g in ("a", "b", "c") if match.group(g))
            if group == "c" and _states(paragraph.text, year):
                continue  # “2024年预算数为6.40万元，2023年预算数为6.40万元”: a comparison
            mention = Mention(int(match.group(group)), match.start(group), match.end(group) + 1)
            if mention.year != year and not dates_or_compares(paragraph.text, mention):
                yield _text_issue(paragraph.text, paragraph.line, paragraph.page, mention, year, "说明")
    yield from _project_items(ctx, year)


def _states(text: str, year: int) -> bool:
    return any(m.year == year for m in mentions(text))


def _project_items(ctx: CheckContext, year: int) -> Iterator[Issue]:
    """Items of this year's project spending labelled with another year, one finding per year."""
    found: dict[int, list[tuple[str, Location]]] = {}
    names = {p.name.replace(" ", "") for p in ctx.disclosure.projects}
    for paragraph in ctx.disclosure.paragraphs:
        for match in _PROJECT_ITEM.finditer(paragraph.text):
            item = match.group(0).replace(" ", "")
            label = item[: item.find("项目") + 2]
            if int(match.group("y")) == year or any(label.removesuffix("项目") in n for n in names):
                continue  # this year, or a project of the tables that bears the year in its name
            place = Location(line=paragraph.line, page=paragraph.page, text=paragraph.text)
            found.setdefault(int(match.group("y")), []).append((item, place))
    for other, items in sorted(found.items()):
        quoted = "；".join(f"“{item}”" for item, _ in items[:3]) + (
            f" 等 {len(items)} 项" if len(items) > 3 else ""
        )
        yield Issue(
            message=(
                f"说明列举 {year} 年项目支出时，把项目标为 {other} 年度：{quoted}。"
                f"表格中没有这样命名的项目，疑为沿用上年说明。"
            ),
            locations=tuple(place for _, place in items),
            data=(("year", str(other)), ("budget_year", str(year))),
        )


def _text_issue(text: str, line: int, page: int | None, mention: Mention, year: int, where: str) -> Issue:
    return Issue(
        message=f"{where}中称 {mention.year} 年：“{_quote(text, mention)}”，而本文件是 {year} 年的预算。",
        locations=(Location(line=line, page=page, text=text),),
        data=(("year", str(mention.year)), ("budget_year", str(year))),
    )
