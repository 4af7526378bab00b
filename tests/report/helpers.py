"""Shared by the report tests: small hand-built disclosures and findings, and an HTML reader."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser

from yusuan.model import Column, Disclosure, DocumentKind, Paragraph, Row, Scope, Table, TableKind
from yusuan.rules import CheckReport, Finding, Location, Severity

D = Decimal

SENTENCE = "2024年收入总计349.27万元，比上年增加1.00万元。"
PARAGRAPH = f"一、收支预算总体情况。{SENTENCE}主要原因是人员增加。"


def table(title: str = "支出总表", row_name: str = "行政运行") -> Table:
    """合计 (line 11) and one 项 row (line 12) of an expenditure table; the 项's 合计 is off by 1."""
    columns = (Column("total", "合计"), Column("basic", "基本支出"), Column("project", "项目支出"))
    rows = (
        Row(None, "合计", None, {"total": D("10.00"), "basic": D("6.00"), "project": D("4.00")}, 11),
        Row("2101501", row_name, 3, {"total": D("10.00"), "basic": D("6.00"), "project": D("3.00")}, 12),
    )
    return Table(TableKind.EXPENDITURE, title, columns, rows, ("注：单位为万元。",), False, 9, unit="万元")


def disclosure(title: str = "支出总表", row_name: str = "行政运行", paragraph: str = PARAGRAPH) -> Disclosure:
    return Disclosure(
        source="hand.txt",
        department="测试市医疗保障局",
        unit_code="001",
        year=2024,
        scope=Scope.DEPARTMENT,
        kind=DocumentKind.BUDGET,
        unit="万元",
        tables=(table(title, row_name),),
        paragraphs=(Paragraph("目录", 1), Paragraph(paragraph, 20)),
    )


def cell(d: Disclosure, line: int, key: str) -> Location:
    t = d.tables[0]
    row = next(r for r in t.rows if r.line == line)
    label = next(c.label for c in t.columns if c.key == key)
    return Location(
        line=line,
        table_kind=t.kind.value,
        table_title=t.title,
        row_code=row.code,
        row_name=row.name,
        column=key,
        column_label=label,
        value=row.values[key],
    )


def findings(d: Disclosure) -> tuple[Finding, ...]:
    """An error on a cell, an error on a sentence, a warning on the table, a rounding info."""
    t = d.tables[0]
    return (
        Finding(
            "SUM002",
            "arithmetic",
            Severity.ERROR,
            f"《{t.title}》“2101501 {t.rows[1].name}”行：“合计”为 10.00，而基本支出、项目支出之和为 9.00，相差 +1.00。",
            (cell(d, 12, "total"), cell(d, 12, "basic"), cell(d, 12, "project")),
            expected=D("9.00"),
            actual=D("10.00"),
        ),
        Finding(
            "SUM001",
            "arithmetic",
            Severity.ERROR,
            "说明中的收入总计 349.27 与表格 10.00 不一致。",
            (Location(line=20, text=SENTENCE, value=D("349.27")), cell(d, 11, "total")),
            expected=D("10.00"),
            actual=D("349.27"),
        ),
        Finding(
            "TREE003",
            "codetree",
            Severity.WARNING,
            "表格缺少上级科目行。",
            (Location(line=9, table_kind=t.kind.value, table_title=t.title),),
        ),
        Finding(
            "SUM002",
            "arithmetic",
            Severity.INFO,
            "“合计”行相差 0.01，在四舍五入误差范围内。",
            (cell(d, 11, "basic"),),
            expected=D("6.01"),
            actual=D("6.00"),
            rounding=True,
        ),
    )


def report(d: Disclosure | None = None) -> CheckReport:
    d = d or disclosure()
    return CheckReport(d.source, d, findings(d))


# --------------------------------------------------------------------------------------------
# reading HTML back

VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""
    classes: set[str] = field(default_factory=set)


class HtmlTree(HTMLParser):
    """Parses a page, failing on mismatched tags; keeps every element with its own text."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[Element] = []
        self.elements: list[Element] = []
        self.errors: list[str] = []
        self.feed(page)
        self.close()
        if self.stack:
            self.errors.append(f"unclosed: {[e.tag for e in self.stack]}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        element = Element(tag, values, classes=set(values.get("class", "").split()))
        self.elements.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1].tag != tag:
            self.errors.append(f"</{tag}> does not close {self.stack[-1].tag if self.stack else None}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        for element in self.stack:
            element.text += data

    def by_id(self, anchor: str) -> Element:
        found = [e for e in self.elements if e.attrs.get("id") == anchor]
        assert len(found) == 1, (anchor, len(found))
        return found[0]

    def with_class(self, *classes: str) -> list[Element]:
        return [e for e in self.elements if set(classes) <= e.classes]

    @property
    def ids(self) -> list[str]:
        return [e.attrs["id"] for e in self.elements if "id" in e.attrs]

    @property
    def links(self) -> list[str]:
        return [e.attrs[a] for e in self.elements for a in ("href", "src") if a in e.attrs]


def assert_well_formed(page: str) -> HtmlTree:
    """Balanced tags, unique ids, every internal link resolves, nothing loaded from elsewhere."""
    tree = HtmlTree(page)
    assert tree.errors == [], tree.errors[:5]
    assert page.startswith("<!DOCTYPE html>")
    assert len(tree.ids) == len(set(tree.ids)), "duplicate ids"
    ids = set(tree.ids)
    for link in tree.links:
        assert not link.lower().startswith(("http:", "https:", "//", "javascript:", "data:")), link
        assert link.startswith("#") and link[1:] in ids, link
    assert not [e for e in tree.elements if e.tag in ("script", "link", "img", "iframe", "object")]
    return tree
