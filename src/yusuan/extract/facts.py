"""Facts stated in the explanatory text: the figures a disclosure's prose claims.

:func:`extract_facts` reads the running text (:class:`~yusuan.model.Paragraph`, table cells
already removed) and returns every figure whose meaning it can name with certainty. A figure
it cannot name is dropped: a wrong fact would become a false finding in the audit.

How a figure gets its key
-------------------------
Lines wrapped by PDF extraction are joined first: a line that does not end a sentence is
continued by the next one, unless it is a heading or title (“三、…情况”, “…编制说明”) or the
next one starts a new numbered item. In the joined text (spaces and quotes ignored, full-width
digits read as digits) every ``number + unit`` is a *mention*; “单价50万元以上” is a threshold
inside a label, not a mention. The words just before the number (its *label*, back to the
previous mention or clause mark) name it: the label must *end* with a known term, after
dropping filler such as 为/预算/安排/金额/总额, so “…没有困难群众基本生活补助1517万元” is
not mistaken for the 收支安排 named earlier in the clause. A bare 收入/支出 counts only after a
date or the body's own name (卫生健康支出, 上级财政补助收入 are sub-items), and a term
qualified by another (“三公经费财政拨款支出”) names neither. Then:

* a label ending in a change verb (增加/减少/增长/下降/…) makes a ``change.*`` (amount) or
  ``change_pct.*`` (percent) fact, negative for 减少/下降/降低. Its subject is the label before
  the comparison (比上年/较2023年预算/与上年相比 …); where the subject is empty or generic
  (“预算数比2023年增加…”, “与2023年相比减少…”) it is the figure stated just before in the
  sentence, or, at the start of a sentence, the single figure of the previous sentence (or
  that sentence's whole, when it listed a whole and its parts). A percent directly after a
  change amount belongs to the same subject (“各减少379.10万元，下降5.54%”).
* “与上年持平 / 比2023年预算持平 / 与上年相比无增减” makes ``change.<key>`` = 0 (not
  “基本持平”, which is not exactly zero).
* “占51.41%” makes ``share_pct.<key>`` of the figure just before it.
* parts after 其中/包括 inherit the scope of their whole: 基本支出 under 一般公共预算支出 is
  ``expenditure.general_public.basic``, and 一般公共预算拨款 under 收入预算 is
  ``income.general_public``. Parts of 机关运行经费 (办公费, 培训费 …) are not keyed.
* a top-level heading such as “四、一般公共预算拨款支出” scopes 基本支出/项目支出 stated
  below it without a whole of their own.
* figures inside a stated reason (“主要原因是…”, up to ；or 。) are not keyed: they are
  usually a sub-unit's or a project's amounts.
* performance figures count only in a clause that speaks of 绩效目标 (not 绩效自评 …); in a
  sentence about 决算, a label with 年初预算/预算数 is the budget column and is not keyed.

Keys (DOMAIN.md §2 plus the additions marked +)
-----------------------------------------------
Income: ``income.total`` (收入总计, 预算收入, 收入预算), ``income.current_year`` (本年收入
合计, 收入合计), ``income.carryover`` (上年结转结余), ``income.general_public``,
``income.gov_fund``, ``income.state_capital``, ``income.special_account`` (财政专户…收入),
``income.unit_funds`` (单位资金), + ``income.fiscal`` (财政拨款收入), + ``income.business``
(事业收入), + ``income.operating`` (事业单位经营收入), + ``income.superior_subsidy`` (上级
补助收入), + ``income.affiliated`` (附属单位上缴收入), + ``income.other`` (其他收入).

Expenditure: ``expenditure.total`` (支出总计/支出合计/支出预算), ``expenditure.basic``,
``expenditure.basic.personnel``, ``expenditure.basic.public``, ``expenditure.project``,
+ ``expenditure.fiscal`` (财政拨款支出), + ``expenditure.general_public`` (一般公共预算支出),
+ ``expenditure.gov_fund``, + ``expenditure.state_capital``, and + the same parts within a fund,
e.g. ``expenditure.general_public.basic``, ``expenditure.general_public.basic.personnel``.

A statement about 收支 (“收支安排349.27万元”, “收、支总计各减少…”, “一般公共预算收支预算…”)
is a statement about both sides and yields both ``income.X`` and ``expenditure.X`` (a budget's
收入总计 equals its 支出总计, and a fund's grant income equals its grant spending).

“三公”经费: ``three_public.total``, ``.overseas``, ``.vehicle``, ``.vehicle_purchase``,
``.vehicle_operation``, ``.reception``; ``operating_costs`` (机关运行经费, 机关（机构）运转经费);
+ ``meeting_costs`` (会议费), + ``training_costs`` (培训费).

Procurement: ``procurement.total``, + ``procurement.goods`` / ``.works`` / ``.services``,
+ ``procurement.sme`` (面向中小企业预留), + ``procurement.sme.small_micro`` (预留给小微企业).

Performance: + ``performance.project_count`` (unit 个: projects with performance goals),
+ ``performance.amount`` (money covered by performance goals).

Assets: ``assets.total`` (固定资产金额), + ``assets.buildings`` (房屋, 平方米),
+ ``assets.vehicles`` (辆) with + ``assets.vehicles.<kind>`` (``general``, ``law_enforcement``,
``confidential``, ``emergency``, ``special_technical``, ``ministerial``, ``principal_leaders``,
``retirees``, ``other``), + ``assets.general_equipment`` / ``assets.special_equipment`` /
``assets.equipment`` (台（套）, only where a unit-price threshold such as 单价50万元以上 is
stated with them). Planned purchases (拟购置/新增/预算安排购置 …) get ``assets.new.*``.

Derived: ``change.<key>``, ``change_pct.<key>``, ``share_pct.<key>`` (the whole is the key's
parent: ``share_pct.expenditure.general_public.basic`` is a share of
``expenditure.general_public``), and + ``prior.<key>`` for a last-year figure stated as such
(“上年人员经费支出1606.99万元”).

Function lines (+ ``function.<code>``): texts explain each line of the functional
classification, “1.“一般公共服务支出（类）群众团体事务（款）一般行政管理事务（项）”45.41万元，主要
用于……。2022年当年预算执行数为11.67万元，2023年预算安排45.41万元，比2022年预算执行数增加
314.82%。”, ““一般公共服务支出”科目12,789万元”, “其中：卫生健康支出542.00万元，占92.97%”. The
text names the line, not its code: the code comes from the document's own tables (the
``tables`` argument; function-class rows carry code and name). A name chain 类（类）款（款）项
（项） is matched level by level along the code tree (类 = 3 digits, 款 = 5, 项 = 7; a level the
tables do not print is not checked), and a bare name (“卫生健康支出”, “…科目”) must be the
name of exactly one line. Names compare without spaces, quotes or width differences, and with or
without a final 支出. A name that matches no line, or more than one, keys nothing — neither its
figures nor anything stated after it in the item.

* the figure right after the chain, or named by the bare name, is ``function.<code>`` (this
  year's amount);
* inside the item (until the next numbered item or heading; a chain item continues over
  wrapped lines and paragraphs, a bare name only within its paragraph) a figure labelled only
  by a year and 预算安排/预算数/执行数/决算数 is ``function.<code>`` when it speaks of the
  budget year (the tables' year), ``prior.function.<code>`` when of the year before or of 上年
  (“2022年当年预算执行数为11.67万元”, “上年执行数…”); an 执行数 of no stated year is not keyed;
  in a sentence about 决算, 年初预算 is the budget column and is not keyed;
* changes, 持平 and 占…% follow the general rules above, with the item's figure as their
  subject: ``change.function.<code>``, ``change_pct.function.<code>`` (signed),
  ``share_pct.function.<code>``.

Without tables no function line is keyed.

Values are the printed Decimal (sign applied for decreases), units normalised (万元, 元, %,
辆, 台（套）, 个, 平方米). A bare “为0” takes the unit of the figures around it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from itertools import pairwise

from yusuan.model import CodeScheme, Fact, Paragraph, Table

# --------------------------------------------------------------------------- text handling

# One-to-one character normalisation: full-width digits and marks to the forms the patterns use.
_NORMALISE = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "．": ".",
        "％": "%",
        "(": "（",
        ")": "）",
        ":": "：",
        ";": "；",
        "﹪": "%",
        "\u2212": "-",
    }
)
# Any character _NORMALISE changes.
_TO_NORMALISE = re.compile(f"[{re.escape(''.join(map(chr, _NORMALISE)))}]")
# Dropped from the text the patterns see (but kept in a fact's ``text``): spaces, which PDF
# extraction scatters through numbers and words, and quotes (“三公”经费 = 三公经费).
# Parenthetical remarks that would otherwise split a clause or hide a term are dropped too:
# 比2022年（上一年度，下同）预算增加…, 政府采购金额（以合同签订为准）为…
# Written to start with one set of characters, so that the scan skips the rest quickly.
_SPACE_OR_QUOTE = r"[\s\u200b“”\"'‘’「」『』]"
_DROPPED = re.compile(
    rf"[\s\u200b“”\"'‘’「」『』（(](?:(?<={_SPACE_OR_QUOTE}){_SPACE_OR_QUOTE}*"
    r"|(?<=[（(])(?:上一?年度?[，,]?下同|以[^（()）]{1,12}为准)[)）])"
)
_DIGITS_AROUND = re.compile(r"\d\s+\d")
_ANY_DIGIT = re.compile(r"[0-9０-９]")

_SENTENCE_END = "。；;！!？?"
_SENTENCE_MARK = re.compile(f"[{re.escape(_SENTENCE_END)}]")
_ITEM_START = re.compile(
    r"^\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]"
    r"|\d{1,2}[、．.](?!\d)|[①-⑳]|[-•·])"
)
_TOP_HEADING = re.compile(r"^\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.．])")
# An unnumbered title: short, no clause punctuation, ending like a title does.
_TITLE_END = re.compile(r"^[^，,；;：:]+(?:说明|情况|概况|解释|目录|职责|职能|预算表|决算表)\s*$")
_HAS_AMOUNT = re.compile(r"\d\s*(?:万|元|%|％)")


@dataclass(frozen=True, slots=True)
class _Block:
    """Consecutive paragraphs joined into one run of text (a PDF-wrapped sentence)."""

    text: str
    starts: tuple[int, ...]  # offset in ``text`` where each source paragraph begins
    lines: tuple[int, ...]
    pages: tuple[int | None, ...]

    def locate(self, offset: int) -> tuple[int, int | None]:
        index = bisect_right(self.starts, offset) - 1
        return self.lines[index], self.pages[index]

    def sentence_at(self, offset: int) -> str:
        """The sentence (up to 。；or the end of the run) containing ``offset``."""
        start = max(map(self.text[:offset].rfind, _SENTENCE_END)) + 1
        end_mark = _SENTENCE_MARK.search(self.text, offset)
        end = end_mark.start() + 1 if end_mark else len(self.text)
        return self.text[start:end].strip()


def _ends_sentence(text: str) -> bool:
    return text.rstrip()[-1:] in "。；;！!？?：:"


def _is_heading(text: str) -> bool:
    """A heading line (“三、机关运行经费安排情况”, “2025年单位预算编制说明”): never continued."""
    if len(text) > 40 or any(mark in text for mark in "。，；,;") or _HAS_AMOUNT.search(text):
        return False
    return bool(_ITEM_START.match(text) or _TITLE_END.search(text))


def _join_wrapped(paragraphs: Sequence[Paragraph]) -> Iterator[_Block]:
    """Join lines that continue a sentence; a line that ends one, or a heading, closes the run."""
    parts: list[Paragraph] = []

    def flush() -> _Block:
        starts, offset = [], 0
        for part in parts:
            starts.append(offset)
            offset += len(part.text)
        return _Block(
            "".join(p.text for p in parts),
            tuple(starts),
            tuple(p.line for p in parts),
            tuple(p.page for p in parts),
        )

    for paragraph in paragraphs:
        if not paragraph.text.strip():
            continue
        if parts:
            last = parts[-1].text
            new_item = bool(_ITEM_START.match(paragraph.text))
            continues = not _ends_sentence(last) and (
                (not _is_heading(last) and not new_item)
                # a function chain wrapped mid-name (“…（款）行政单位离退休” / “（项）。主要用于…”)
                or bool(_CHAIN_MARK.match(paragraph.text.lstrip()))
                or (bool(_CHAIN_MARK.search(last)) and not new_item)
            )
            if not continues:
                yield flush()
                parts = []
        parts.append(paragraph)
    if parts:
        yield flush()


@dataclass(frozen=True, slots=True)
class _Compact:
    """The block's text as the patterns see it, with each character's offset in the block."""

    text: str
    origin: tuple[int, ...]


def _compact(text: str) -> _Compact:
    """Normalise and drop spaces and quotes, remembering where each kept character came from."""
    # Translating looks up every character: most runs have nothing to normalise.
    normalised = text.translate(_NORMALISE) if _TO_NORMALISE.search(text) else text
    pieces: list[str] = []
    origin: list[int] = []
    kept_from = 0
    for match in _DROPPED.finditer(normalised):
        pieces.append(normalised[kept_from : match.start()])
        origin.extend(range(kept_from, match.start()))
        # Spaces between two digits stay a separator, so “2 0” never reads as 20.
        if _DIGITS_AROUND.fullmatch(
            normalised, max(match.start() - 1, 0), min(match.end() + 1, len(normalised))
        ):
            pieces.append("|")
            origin.append(match.start())
        kept_from = match.end()
    pieces.append(normalised[kept_from:])
    origin.extend(range(kept_from, len(normalised)))
    return _Compact("".join(pieces), tuple(origin))


# --------------------------------------------------------------------------- mentions

_MENTION = re.compile(
    r"(?<![\d.,，A-Za-z\-])(?P<num>\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<unit>万元|亿元|千元|元|%|‰|辆|台（套）|台/套|台|套|个|平方米|㎡)"
    r"|为(?P<zero>0(?:\.0+)?)(?=[，,；。）]|$)"
)
# “单价50万元以上”, “95%以上”: a threshold inside a label, not a figure.
_THRESHOLD_AFTER = re.compile(r"(?:（含）)?(?:及)?(?:以上|以下|以内|及以上)")
_THRESHOLD_IN_LABEL = re.compile(r"\d(?:万元|元)(?:（含）)?(?:及)?以上")
_UNIT_NAMES = {"台/套": "台（套）", "㎡": "平方米"}
_MONEY_UNITS = frozenset({"万元", "亿元", "千元", "元"})
_UNIT_KIND = {
    **dict.fromkeys(_MONEY_UNITS, "money"),
    "%": "percent",
    "‰": "percent",
    "辆": "vehicles",
    "台（套）": "equipment",
    "台": "equipment",
    "套": "equipment",
    "个": "count",
    "平方米": "area",
}

# Structure marks between mentions.
_CLAUSE_MARKS = "，,；。：！？!?"
_CLAUSE_MARK = re.compile(f"[{re.escape(_CLAUSE_MARKS)}]")
_STRUCTURE = re.compile(r"。|；|其中|包括|原因(?:是|为|：|在于|主要是)")

_CHANGE_VERB = re.compile(
    r"(?P<up>增加|增长|上升|提高|调增|(?<!新)增)了?$|(?P<down>减少|下降|降低|调减|压减|缩减|减)了?$"
)
_COMPARISON = re.compile(
    r"(?:较|比|与|同|相较于?)(?:上年|去年|上一?年度?|同期|\d{4}年度?)(?:当年)?(?:年初)?"
    r"(?:预算执行数|执行数|预算数?|决算数?|同期)?(?:相比|比较|对比)?"
    r"|相比"
)
_FLAT = re.compile(
    r"(?:与|同|和|较|比)(?:上年|去年|上一?年度?|\d{4}年度?)(?:当年)?(?:年初)?(?:预算数?|预算执行数|执行数|同期)?"
    r"(?:相比|比较)?[，,]?(?:持平|无增减|无变化|没有变化|未发生变化)"
)
_SHARE = re.compile(r"占(?:[^，,；。]{0,20}?的)?(?:比重|比例)?(?:为|达)?$|占比(?:为|达)?$")
_FILLER = re.compile(
    r"(?:为|是|共计|共|约|达到?|安排|预算数|预算|年初|金额|总额|数|了|各|分别|均|总体|累计|有)$"
)
_LEADING = re.compile(r"^(?:其中|包括|以及|和|及|与|另|含|、)+")
_BUDGET_IN_ACCOUNTS = re.compile(r"年初预算|预算数")
_GENERIC_SUBJECT = re.compile(r"^(?:\d{4}年度?|本年度?|今年|全年)?(?:本|我)?(?:部门|单位|局)?$")
# 上年人员经费支出… is last year's figure; 上年末/上年度结转 are not.
_PRIOR = re.compile(r"(?<![较比与同和])(?:上一?年度?|去年)(?![度末底]|结转|结余)")
# Planned purchases: 拟购置, 拟新增配置, 新增配备, 部门预算安排购置 (not 按规定配备的, which exist).
_NEW_ASSET = re.compile(r"拟|新增|安排购置|计划购置|本年度?购置")
# Before a bare 收入/支出/收支 only a date, the body's own name or nothing may stand;
# anything else (卫生健康支出, 上级财政补助收入) names a sub-item this module does not key.
_BARE_PREFIX_OK = frozenset("年度门位局院处委会厅办站所心队校馆室社司府区县市镇乡村道，：")


@dataclass(frozen=True, slots=True)
class _Term:
    concept: str
    kind: str  # money / vehicles / equipment / count / area
    bare: bool = False  # a bare 收入/支出/收支: check what stands before it


def _terms() -> tuple[tuple[str, _Term], ...]:
    """Terms a label may end with, in priority order for equal matches (longest start wins)."""
    funds = {
        "general_public": r"一般公共预算(?:财政)?(?:拨款)?",
        "gov_fund": r"政府性基金(?:预算)?(?:财政)?(?:拨款)?",
        "state_capital": r"国有资本经营(?:预算)?(?:财政)?(?:拨款)?",
        "fiscal": r"财政拨款",
    }
    money: list[tuple[str, str]] = [
        *((f"{pattern}(?:收支|收入支出)(?:总计|合计)?", f"both:{fund}") for fund, pattern in funds.items()),
        (r"收入总计|收入总额|总收入", "income.total"),
        (r"本年收入(?:合计)?|收入合计", "income.current_year"),
        (r"上年度?结转(?:和)?(?:结余)?(?:资金|收入)?|上年度?结余|年初结转(?:和)?结余", "income.carryover"),
        (r"财政拨款(?:预算)?收入", "income.fiscal"),
        (r"一般公共预算(?:财政)?(?:拨款)?收入", "income.general_public"),
        (r"(?:政府性)?基金(?:预算)?(?:财政)?(?:拨款)?收入", "income.gov_fund"),
        (r"国有资本经营(?:预算)?(?:财政)?(?:拨款)?收入", "income.state_capital"),
        (r"财政专户(?:核拨|管理)?(?:资金)?(?:收入)?", "income.special_account"),
        (r"单位资金(?:收入)?", "income.unit_funds"),
        (r"事业收入", "income.business"),
        (r"(?:事业单位)?经营(?:服务)?收入", "income.operating"),
        (r"上级(?:单位)?补助收入", "income.superior_subsidy"),
        (r"附属单位上缴收入", "income.affiliated"),
        (r"其他收入", "income.other"),
        (r"支出总计|本年支出合计|支出合计|支出总额|总支出", "expenditure.total"),
        *((f"{pattern}支出", f"expenditure.{fund}") for fund, pattern in funds.items()),
        *((f"{pattern}基本支出", f"expenditure.{fund}.basic") for fund, pattern in funds.items()),
        *((f"{pattern}项目支出", f"expenditure.{fund}.project") for fund, pattern in funds.items()),
        *((pattern, f"fund:{fund}") for fund, pattern in funds.items()),
        (r"基本支出", "part:basic"),
        (r"项目支出", "part:project"),
        (r"人员经费(?:支出)?", "part:basic.personnel"),
        (r"(?:日常)?公用经费(?:支出)?", "part:basic.public"),
        (r"三公经费(?:支出)?", "three_public.total"),
        (r"因公出国（境）(?:经)?费(?:用)?(?:支出)?", "three_public.overseas"),
        (r"公务用?车(?:辆)?购置及运(?:行|维|营)(?:维护)?费(?:用)?(?:支出)?", "three_public.vehicle"),
        (r"公务用?车(?:辆)?购置费?(?:用)?", "three_public.vehicle_purchase"),
        (r"公务用?车(?:用车)?(?:运行维护|运行|运维)费?(?:用)?", "three_public.vehicle_operation"),
        (r"公务接待费(?:用)?(?:支出)?", "three_public.reception"),
        (r"机关(?:（机构）)?(?:运行|运转)经费(?:支出)?", "operating_costs"),
        (r"会议费", "meeting_costs"),
        (r"培训费", "training_costs"),
        (r"面向中小企业预留的?政府采购(?:项目)?", "procurement.sme"),
        (
            r"预留给小型和?微型企业的?政府采购(?:项目)?|面向小微企业预留的?政府采购(?:项目)?",
            "procurement.sme.small_micro",
        ),
        (r"政府采购货物类?|货物类?采购", "procurement.goods"),
        (r"政府采购工程类?|工程类?采购", "procurement.works"),
        (r"政府采购服务类?|服务类?采购", "procurement.services"),
        (r"货物类?", "procurement_part:goods"),
        (r"工程类?", "procurement_part:works"),
        (r"服务类?", "procurement_part:services"),
        (r"政府采购(?:资金)?", "procurement.total"),
        (r"涉及(?:项目)?(?:预算)?(?:资金|拨款|金额)|绩效目标(?:管理)?的?(?:资金|金额)", "performance.amount"),
        (r"固定资产(?:原值|总额|金额|总值)?", "assets.total"),
    ]
    vehicles = [
        (r"一般公务用车", "vehicle:general"),
        (r"执法执勤用车", "vehicle:law_enforcement"),
        (r"机要通信用车", "vehicle:confidential"),
        (r"应急保障用车", "vehicle:emergency"),
        (r"特种专业技术用车", "vehicle:special_technical"),
        (r"部级领导干部用车", "vehicle:ministerial"),
        (r"主要领导干部用车", "vehicle:principal_leaders"),
        (r"离退休干部用车", "vehicle:retirees"),
        (r"其他[^，；。]{0,12}?用车", "vehicle:other"),
        (r"(?:公务)?车辆|公务用?车", "assets.vehicles"),
    ]
    equipment = [
        (r"通用设备", "equipment:general_equipment"),
        (r"专用设备", "equipment:special_equipment"),
        (r"设备(?:（不含车辆）)?", "equipment:equipment"),
    ]
    terms: list[tuple[str, _Term]] = [
        (r"(?:预算)?收入", _Term("income.total", "money", bare=True)),
        (r"(?:预算)?支出", _Term("expenditure.total", "money", bare=True)),
        (
            r"(?:预算)?(?:收[、，]?支|收入支出)(?:总计|合计|总额|总预算|安排)?",
            _Term("both:total", "money", bare=True),
        ),
    ]
    terms += [(pattern, _Term(concept, "money")) for pattern, concept in money]
    terms += [(pattern, _Term(concept, "vehicles")) for pattern, concept in vehicles]
    terms += [(pattern, _Term(concept, "equipment")) for pattern, concept in equipment]
    terms += [
        (r"(?:绩效目标的?)?项目(?:共计?|数量?|总数)?", _Term("performance.project_count", "count")),
        (r"房屋(?:建筑)?(?:面积)?|办公用房(?:面积)?", _Term("assets.buildings", "area")),
    ]
    # Specific terms first: at an equal start the first alternative wins.
    return tuple(sorted(terms, key=lambda item: item[1].bare))


_TERM_LIST = _terms()


def _term_pattern(indices: Sequence[int]) -> re.Pattern[str]:
    """The terms at ``indices`` (in priority order) as one pattern anchored at the label's end;
    each alternative is the group ``t<index>``."""
    return re.compile("(?:" + "|".join(f"(?P<t{i}>{_TERM_LIST[i][0]})" for i in indices) + ")$")


_TERM_RE = _term_pattern(range(len(_TERM_LIST)))

_TERM_REACH = 32
_FUNDS = ("general_public", "gov_fund", "state_capital", "fiscal")


# --------------------------------------------------------------------------- term lookup
# Searching the label's tail with all the terms at once tries every term at every position;
# most labels end with a character that few terms (or none) can end with. So each final
# character gets a pattern of just the terms that can end with it, in the same order: the
# search finds the same term at the same place, with far fewer alternatives to try.


class _UnknownSyntax(ValueError):
    """A pattern uses syntax :func:`_final_characters` does not read."""


_QUANTIFIER = re.compile(r"(?:[?*+]|\{(\d*)(?:,\d*)?\})\??")


def _final_characters(pattern: str) -> frozenset[str] | None:
    """The characters a match of ``pattern`` can end with; ``None`` where that could be any
    character, or nothing (an empty match), or the pattern is not plain enough to tell.

    Reads literal characters, ``(?:…)``/``(?P<name>…)`` groups, alternatives, ``[…]`` sets and
    the quantifiers ``?``, ``*``, ``+``, ``{m,n}`` (lazy or not): the syntax of the terms.
    """
    try:
        ends, empty, position = _alternatives_end(pattern, 0)
    except (_UnknownSyntax, ValueError, IndexError):
        return None
    return ends if position == len(pattern) and not empty else None


_Ends = tuple[frozenset[str] | None, bool]  # final characters (None: any), whether it may be empty


def _alternatives_end(pattern: str, position: int) -> tuple[frozenset[str] | None, bool, int]:
    ends, empty, position = _sequence_end(pattern, position)
    while position < len(pattern) and pattern[position] == "|":
        more, more_empty, position = _sequence_end(pattern, position + 1)
        ends = None if ends is None or more is None else ends | more
        empty = empty or more_empty
    return ends, empty, position


def _sequence_end(pattern: str, position: int) -> tuple[frozenset[str] | None, bool, int]:
    atoms: list[_Ends] = []
    while position < len(pattern) and pattern[position] not in "|)":
        (ends, empty), position = _atom_end(pattern, position)
        quantifier = _QUANTIFIER.match(pattern, position)
        if quantifier:
            low = quantifier.group(1)
            empty = empty or quantifier.group()[0] in "?*" or (low is not None and int(low or 0) == 0)
            position = quantifier.end()
        atoms.append((ends, empty))
    found: frozenset[str] = frozenset()
    for ends, empty in reversed(atoms):
        if ends is None:
            return None, False, position
        found |= ends
        if not empty:
            return found, False, position
    return found, True, position


def _atom_end(pattern: str, position: int) -> tuple[_Ends, int]:
    char = pattern[position]
    if char == "(":
        if pattern.startswith("(?:", position):
            start = position + 3
        elif pattern.startswith("(?P<", position):
            start = pattern.index(">", position) + 1
        else:
            raise _UnknownSyntax(pattern)
        ends, empty, end = _alternatives_end(pattern, start)
        if pattern[end] != ")":
            raise _UnknownSyntax(pattern)
        return (ends, empty), end + 1
    if char == "[":
        end = pattern.index("]", position + 1)
        members = pattern[position + 1 : end]
        if members.startswith("^"):
            return (None, False), end + 1  # any character but a few
        if not members or "\\" in members or "-" in members or "[" in members:
            raise _UnknownSyntax(pattern)
        return (frozenset(members), False), end + 1
    if char in "\\.^$*+?{}])|":
        raise _UnknownSyntax(pattern)
    return (frozenset(char), False), position + 1


def _terms_by_final_character() -> tuple[dict[str, re.Pattern[str]], re.Pattern[str] | None]:
    """A pattern per final character, and the one for characters no term is known to end with."""
    anywhere: list[int] = []
    by_final: dict[str, list[int]] = {}
    for index, (pattern, _) in enumerate(_TERM_LIST):
        ends = _final_characters(pattern)
        if ends is None:
            anywhere.append(index)
        else:
            for char in ends:
                by_final.setdefault(char, []).append(index)
    patterns = {char: _term_pattern(sorted(indices + anywhere)) for char, indices in by_final.items()}
    return patterns, _term_pattern(anywhere) if anywhere else None


_TERM_BY_FINAL, _TERM_ELSE = _terms_by_final_character()


def _search_term(label: str, start: int) -> re.Match[str] | None:
    """``_TERM_RE.search(label, start)``, trying only the terms that can end the label."""
    if not label or label[-1] == "\n":  # ``$`` also matches before a final newline
        return _TERM_RE.search(label, start)
    pattern = _TERM_BY_FINAL.get(label[-1], _TERM_ELSE)
    return pattern.search(label, start) if pattern is not None else None


# --------------------------------------------------------------------------- function lines

# A name as the text prints it: letters, and parenthesised remarks such as （境）. Bounded, so a
# long run of letters costs linear time.
_FUNCTION_NAME = r"(?:[^\W\d_]|（(?![类款项]）)[^（）\d]{1,10}）){1,40}"
# “一般公共服务支出（类）群众团体事务（款）一般行政管理事务（项）”, or any part of it.
_CHAIN = re.compile(rf"(?:{_FUNCTION_NAME}（[类款项]）)+")
_CHAIN_PART = re.compile(rf"(?P<name>{_FUNCTION_NAME})（(?P<level>[类款项])）")
_CHAIN_MARK = re.compile(r"[（(]\s*[类款项]\s*[)）]")
_COMPACT_CHAIN_MARKS = ("（类）", "（款）", "（项）")  # the marks once spaces are dropped and widths folded


def _has_chain_mark(compact: str) -> bool:
    """Whether a compacted text can hold a chain: scanning for one costs far more than this."""
    return any(mark in compact for mark in _COMPACT_CHAIN_MARKS)


_LEVEL_LENGTH = {"类": 3, "款": 5, "项": 7}
# Words a chain's first name may carry before it (“其中一般公共服务支出（类）”).
_CHAIN_LEADING = re.compile(r"^(?:其中|包括|以及|和|及|含|主要用于|用于)+")
# An item's own figures: labelled by nothing but a year and the kind of amount.
_ITEM_LABEL = re.compile(
    r"(?:科目)?(?P<when>\d{4}年度?|上一?年度?|去年|本年度?|今年)?(?:当年|全年)?"
    r"(?P<what>(?:年初)?预算(?:执行数?|数|安排数?)?|执行数?|(?:支出)?决算数?|安排|(?:实际)?支出)?"
    r"(?:为|是|共计|合计|共)?"
)
_ITEM_NUMBER = re.compile(
    r"^(?:\d{1,2}[、.]|[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]+、|[①-⑳])"
)
# Before a bare function name only a date and the body itself may stand.
_DATE_BODY = re.compile(r"^(?:\d{4}年度?)?(?:本|我)?(?:部门|单位|局)?")
_YEAR = re.compile(r"((?:19|20)\d{2})年")
# Names that are also everyday words for other things (其他支出 is an economic class too).
_TOO_GENERIC = frozenset({"其他支出", "支出"})


@lru_cache(maxsize=4096)  # a pure function of the name; the same function lines recur in every table
def _name_variants(name: str) -> frozenset[str]:
    """A printed name as compared: no spaces, quotes or width differences; 支出 optional."""
    key = _DROPPED.sub("", name.translate(_NORMALISE))
    return frozenset({key, key.removesuffix("支出")} - {""})


@dataclass(frozen=True, slots=True)
class _Functions:
    """The function-class lines the document's tables print: names to codes, by level."""

    codes_by_name: Mapping[tuple[int, str], frozenset[str]]
    levels: frozenset[int]  # code lengths the tables print (3 类, 5 款, 7 项)
    year: int | None  # the budget year printed in the tables' titles and headers

    @classmethod
    def from_tables(cls, tables: Sequence[Table]) -> _Functions:
        found: dict[tuple[int, str], set[str]] = {}
        for table in tables:
            for row in table.rows:
                code = row.code or ""
                if row.scheme is not CodeScheme.FUNCTION or not code.isdigit() or len(code) not in (3, 5, 7):
                    continue
                for variant in _name_variants(row.name):
                    found.setdefault((len(code), variant), set()).add(code)
        years = Counter(t.year for t in tables if t.year is not None)
        return cls(
            {k: frozenset(v) for k, v in found.items()},
            frozenset(length for length, _ in found),
            years.most_common(1)[0][0] if years else None,
        )

    def named(self, length: int, name: str) -> frozenset[str]:
        codes: frozenset[str] = frozenset()
        for variant in _name_variants(name):
            codes |= self.codes_by_name.get((length, variant), frozenset())
        return codes

    def chain(self, parts: Sequence[tuple[int, str]]) -> str | None:
        """The one code a 类/款/项 chain names (levels in order), or ``None``."""
        candidates: frozenset[str] | None = None
        for length, name in parts:
            if length not in self.levels:
                continue  # the tables do not print this level: nothing to check it against
            codes = self.named(length, name)
            if candidates is not None:
                codes = frozenset(c for c in codes if any(c.startswith(p) for p in candidates))
            if not codes:
                return None
            candidates = codes
        return next(iter(candidates)) if candidates is not None and len(candidates) == 1 else None

    def bare(self, name: str) -> str | None:
        """The one line of any level printed under this name, or ``None``."""
        codes = frozenset().union(*(self.named(length, name) for length in (3, 5, 7)))
        return next(iter(codes)) if len(codes) == 1 else None


_NO_FUNCTIONS = _Functions({}, frozenset(), None)


def _chain_code(chain: str, functions: _Functions) -> str | None:
    """The code a printed chain names; ``None`` when its levels are out of order or unknown."""
    parts = [(_LEVEL_LENGTH[m.group("level")], m.group("name")) for m in _CHAIN_PART.finditer(chain)]
    if any(a[0] >= b[0] for a, b in pairwise(parts)):
        return None
    first_length, first_name = parts[0]
    first_name = _CHAIN_LEADING.sub("", _ITEM_NUMBER.sub("", first_name)) or first_name
    return functions.chain([(first_length, first_name), *parts[1:]])


def _bare_function(label: str, functions: _Functions) -> str | None:
    """The line a label names by its bare name (“卫生健康支出”, “一般公共服务支出科目”)."""
    if not functions.levels:
        return None
    name = _LEADING.sub("", _ITEM_NUMBER.sub("", label))
    for candidate in (name, _strip_fillers(name)):
        candidate = _DATE_BODY.sub("", _strip_fillers(candidate.removesuffix("科目")))
        if candidate and candidate not in _TOO_GENERIC:
            code = functions.bare(candidate)
            if code is not None:
                return code
    return None


def _item_when(when: str | None, what: str | None, year: int | None) -> bool | None:
    """Whether an item's figure is last year's (True), this year's (False), or unclear (None)."""
    if when is None or when.startswith(("本", "今")):
        return None if what is not None and "执行" in what else False
    if when.startswith(("上", "去")):
        return True
    stated = int(when[:4])
    if year is None:
        return None
    if stated == year:
        return False
    return True if stated == year - 1 else None


# --------------------------------------------------------------------------- reading a block


@dataclass(slots=True)
class _Figure:
    """A stated figure as later statements in the same run may refer to it."""

    keys: tuple[str, ...]  # base keys (without change./prior.); empty when not understood
    unit: str
    change: bool = False
    part: bool = False  # stated after 其中/包括, as a part of a whole
    lone_part: bool = True  # no other part stated before it in its clause (since ；or 其中)
    head: bool = False  # followed by 其中/包括: a whole with parts


@dataclass(slots=True)
class _State:
    section_scope: str | None
    sentence: list[_Figure] = field(default_factory=list)
    previous: list[_Figure] = field(default_factory=list)
    head: tuple[str, ...] | None = None
    last: _Figure | None = None
    in_reason: bool = False
    parts_in_clause: int = 0
    asset_prefix: str = "assets."  # assets.new. once a sentence speaks of planned purchases
    functions: _Functions = _NO_FUNCTIONS
    year: int | None = None  # the budget year (the tables', else the latest one in the run)
    item: str | None = None  # the function line the current item explains
    item_chain: bool = False  # the item was named by a 类/款/项 chain (it may go on after the run)
    after_chain: bool = False  # a chain was just named: the next figure, unlabelled, is its amount

    def end_sentence(self) -> None:
        self.previous, self.sentence = self.sentence, []
        self.head = None
        self.in_reason = False
        self.parts_in_clause = 0
        self.asset_prefix = "assets."

    def open_parts(self) -> None:
        """其中/包括: the figure just stated is the whole of what follows."""
        last = self.sentence[-1] if self.sentence else (self.previous[-1] if self.previous else None)
        self.head = last.keys if last is not None and last.keys else None
        self.parts_in_clause = 0
        if last is not None:
            last.head = True

    def topic(self) -> _Figure | None:
        """What a change stated without its own subject refers to (see the module docstring)."""
        if self.sentence:
            last = self.sentence[-1]
            if not last.keys or (last.part and not last.lone_part):
                return None  # not understood, or one of several parts: ambiguous
            return last
        if len(self.previous) == 1:
            return self.previous[0] if self.previous[0].keys else None
        if self.previous and self.previous[0].head and self.previous[0].keys:
            return self.previous[0]
        return None


@dataclass(slots=True)
class _Collector:
    block: _Block
    compact: _Compact
    facts: list[Fact] = field(default_factory=list)

    def add(self, keys: Sequence[str], value: Decimal, unit: str, position: int) -> None:
        offset = self.compact.origin[position]
        line, page = self.block.locate(offset)
        text = self.block.sentence_at(offset)
        for key in keys:
            self.facts.append(Fact(key, value, unit, text, line, page))


def _facts_in_block(
    block: _Block, section_scope: str | None, functions: _Functions, item: str | None
) -> tuple[list[Fact], str | None]:
    """The facts of one run, and the chain item still open at its end (``item``: the one open
    before it)."""
    compact = _compact(block.text)
    text = compact.text
    out = _Collector(block, compact)
    years = [int(y) for y in _YEAR.findall(text)]
    state = _State(
        section_scope,
        functions=functions,
        year=functions.year or max(years, default=None),
        item=item,
        item_chain=item is not None,
    )
    position = 0
    for event in _events(text, functions):
        gap = text[position : event.start()]
        _read_structure(gap, state)
        if _CLAUSE_MARK.search(gap):
            state.after_chain = False
        if event.re is _FLAT:
            _read_flat(text, position, event, state, out)
        elif event.re is _CHAIN:
            state.item = _chain_code(event.group(), functions)
            state.item_chain = True
            state.after_chain = state.item is not None
        else:
            _read_mention(text, position, event, state, out)
        position = event.end()
    return out.facts, state.item if state.item_chain else None


def _events(text: str, functions: _Functions) -> Iterator[re.Match[str]]:
    """Mentions, 持平 phrases and function chains in order; thresholds (单价50万元以上) are
    part of a label."""
    mentions = [m for m in _MENTION.finditer(text) if not _is_threshold(text, m)]
    flats = list(_FLAT.finditer(text))
    chains = list(_CHAIN.finditer(text)) if functions.levels and _has_chain_mark(text) else []
    yield from sorted(mentions + flats + chains, key=lambda m: m.start())


def _is_threshold(text: str, mention: re.Match[str]) -> bool:
    return bool(mention.group("unit")) and bool(_THRESHOLD_AFTER.match(text, mention.end()))


def _read_structure(gap: str, state: _State) -> None:
    for mark in _STRUCTURE.finditer(gap):
        token = mark.group()
        if token == "。":
            state.end_sentence()
        elif token == "；":
            state.in_reason = False
            state.parts_in_clause = 0
        elif token in ("其中", "包括"):
            state.open_parts()
        else:
            state.in_reason = True


def _label(text: str, start: int, end: int) -> str:
    """The words naming a figure: back from it to the previous mention or clause mark."""
    gap = text[start:end]
    cut = max(map(gap.rfind, _CLAUSE_MARKS)) + 1
    return _LEADING.sub("", gap[cut:])


def _context_at(text: str, position: int, following: int) -> _Context:
    """The sentence (to 。) and the clause (to ；) around a figure, and the text after it."""
    sentence_start = text.rfind("。", 0, position) + 1
    sentence_end = text.find("。", position)
    sentence = text[sentence_start : sentence_end if sentence_end >= 0 else len(text)]
    clause_start = text.rfind("；", sentence_start, position) + 1
    clause_start = max(clause_start, sentence_start)
    clause_end = text.find("；", position, sentence_end if sentence_end >= 0 else len(text))
    clause = text[clause_start : clause_end if clause_end >= 0 else sentence_start + len(sentence)]
    return _Context(sentence, clause, text[following:])


def _read_mention(
    text: str, previous_end: int, mention: re.Match[str], state: _State, out: _Collector
) -> None:
    number = mention.group("num") or mention.group("zero")
    unit = _UNIT_NAMES.get(mention.group("unit") or "", mention.group("unit") or "")
    if not unit:  # a bare “为0”: the unit of the figures around it
        unit = state.last.unit if state.last is not None and state.last.unit in _MONEY_UNITS else "万元"
    kind = _UNIT_KIND[unit]
    value = Decimal(number.replace(",", "").replace("，", ""))
    number_start = mention.start("num") if mention.group("num") else mention.start("zero")
    label = _label(text, previous_end, number_start)
    verb = _CHANGE_VERB.search(label)
    if verb:
        _read_change(label[: verb.start()], bool(verb.group("down")), value, unit, number_start, state, out)
        return
    if kind == "percent":
        if _SHARE.search(label):
            _read_share(value, unit, number_start, state, out)
        return  # other percentages (参保率95%以上) are targets, not budget figures
    keys: tuple[str, ...] = ()
    prior = False
    if not state.in_reason:
        context = _context_at(text, number_start, mention.end())
        keys, prior = _function_keys(label, kind, context, state)
    state.after_chain = False
    if keys:
        out.add([f"prior.{k}" if prior else k for k in keys], value, unit, number_start)
    _remember(state, _Figure(keys, unit))


def _function_keys(label: str, kind: str, context: _Context, state: _State) -> tuple[tuple[str, ...], bool]:
    """The keys of a figure: an item's own figure (its amount, last year's), a term's, or a
    function line named by its bare name (which opens an item)."""
    if state.item is not None and kind == "money":
        item = _ITEM_LABEL.fullmatch(_ITEM_NUMBER.sub("", label))
        if item is not None and (item.group("when") or item.group("what") or state.after_chain):
            what = item.group("what")
            if "决算" in context.sentence and what is not None and "决算" not in what:
                return (), False  # 年初预算为…，支出决算为…: the budget column of final accounts
            prior = _item_when(item.group("when"), what, state.year)
            return ((f"function.{state.item}",), prior) if prior is not None else ((), False)
    keys, prior = _figure_keys(label, kind, context, state)
    if keys:
        state.item, state.item_chain = None, False  # the text has moved on to another subject
        return keys, prior
    code = _bare_function(label, state.functions) if kind == "money" else None
    if code is None:
        return (), False
    state.item, state.item_chain = code, False
    return (f"function.{code}",), False


def _remember(state: _State, figure: _Figure) -> None:
    figure.part = state.head is not None
    figure.lone_part = state.parts_in_clause == 0
    state.parts_in_clause += figure.part
    state.sentence.append(figure)
    state.last = figure


def _read_change(
    subject: str, down: bool, value: Decimal, unit: str, position: int, state: _State, out: _Collector
) -> None:
    percent = _UNIT_KIND[unit] == "percent"
    keys = _subject_keys(subject, state)
    if keys is None:
        keys = _implied_subject(state, percent)
    if keys and not state.in_reason:
        signed = -value if down and value else value
        prefix = "change_pct." if percent else "change."
        out.add([prefix + k for k in keys], signed, unit, position)
    if not percent:
        _remember(state, _Figure(keys, unit, change=True))


def _implied_subject(state: _State, percent: bool) -> tuple[str, ...]:
    """The subject of “与2023年相比减少…” / “下降5.54%”: what was just stated."""
    if percent and state.sentence and state.sentence[-1].change:
        return state.sentence[-1].keys  # 减少379.10万元，下降5.54%
    topic = state.topic()
    return topic.keys if topic is not None and not topic.change else ()


def _read_share(value: Decimal, unit: str, position: int, state: _State, out: _Collector) -> None:
    last = state.sentence[-1] if state.sentence else None
    if last is not None and last.keys and not last.change and not state.in_reason:
        out.add([f"share_pct.{k}" for k in last.keys], value, unit, position)


def _read_flat(text: str, previous_end: int, flat: re.Match[str], state: _State, out: _Collector) -> None:
    """“与上年持平”: a change of exactly zero."""
    keys = _subject_keys(_label(text, previous_end, flat.start()), state)
    topic = state.topic()
    if keys is None:
        keys = topic.keys if topic is not None and not topic.change else ()
    if keys and not state.in_reason:
        unit = topic.unit if topic is not None else "万元"
        out.add([f"change.{k}" for k in keys], Decimal(0), unit, flat.start())


def _subject_keys(subject: str, state: _State) -> tuple[str, ...] | None:
    """Keys named by the subject of a change; ``None`` when it names nothing (use the topic)."""
    comparison = _COMPARISON.search(subject)
    before, after = (
        (subject[: comparison.start()], subject[comparison.end() :]) if comparison else (subject, "")
    )
    for candidate in (before, after):
        candidate = _LEADING.sub("", candidate)
        stripped = _strip_fillers(candidate)
        if stripped and not _GENERIC_SUBJECT.match(stripped):
            keys, _ = _figure_keys(candidate, None, _Context(candidate, candidate, ""), state)
            return keys
    return None


def _strip_fillers(label: str) -> str:
    while True:
        stripped = _FILLER.sub("", label)
        if stripped == label:
            return label
        label = stripped


def _match_term(label: str) -> tuple[_Term, str] | None:
    """The term the label ends with (trying again without trailing filler words).

    Returns the term and the words before it.
    """
    for _ in range(8):
        # No term is longer than _TERM_REACH characters: searching only the label's tail keeps
        # the cost per figure constant however long the clause before it is.
        tail_start = max(len(label) - _TERM_REACH, 0)
        match = _search_term(label, tail_start)
        if match and match.lastgroup:
            term = _TERM_LIST[int(match.lastgroup[1:])][1]
            before = label[: match.start()]
            if term.bare and before and before[-1] not in _BARE_PREFIX_OK:
                return None
            return term, before
        stripped = _FILLER.sub("", label)
        if stripped == label:
            return None
        label = stripped
    return None


@dataclass(frozen=True, slots=True)
class _Context:
    sentence: str  # the sentence (to 。) around the figure
    clause: str  # the part of it between ；marks
    following: str  # the text right after the figure


def _figure_keys(
    label: str, kind: str | None, context: _Context, state: _State
) -> tuple[tuple[str, ...], bool]:
    """The keys a figure's label names, given what was stated before it; and whether the
    label speaks of last year's figure (上年人员经费支出…). ``kind`` None accepts any unit."""
    if kind == "count":
        return _count_keys(label, context, state), False
    found = _match_term(label)
    if found is None:
        return (), False
    term, before = found
    if kind is not None and term.kind != kind:
        return (), False
    if _qualified_by_other_term(before):
        return (), False
    if "决算" in context.sentence and _BUDGET_IN_ACCOUNTS.search(label):
        return (), False  # 年初预算为…，支出决算为…: the budget column of final accounts
    keys = _resolve(term.concept, before, label, state)
    head_family = state.head[0].split(".")[0] if state.head else None
    if head_family == "operating_costs" and keys != ("operating_costs",):
        return (), False  # 办公费、培训费… listed as parts of 机关运行经费 are not keyed
    if head_family == "performance" and keys and keys[0].startswith("expenditure"):
        return (), False  # the basic/project split of the money under performance goals
    if keys and keys[0].startswith("performance.") and "绩效目标" not in context.clause:
        return (), False  # 绩效自评/跟踪评价的项目 are other counts
    prior = term.kind == "money" and bool(_PRIOR.search(before))
    return keys, prior


def _qualified_by_other_term(before: str) -> bool:
    """“三公经费财政拨款支出”: a term qualified by another (not a fund) names neither alone."""
    found = _match_term(before) if before else None
    return found is not None and not found[0].concept.startswith("fund:")


def _count_keys(label: str, context: _Context, state: _State) -> tuple[str, ...]:
    """个 counts only performance projects: “编报绩效目标的项目共12个”, “共26个项目”."""
    if "绩效目标" not in context.clause:
        return ()
    found = _match_term(label)
    if found is not None and found[0].concept == "performance.project_count":
        return ("performance.project_count",)
    if re.match(r"(?:预算)?项目", context.following):
        return ("performance.project_count",)
    return ()


def _resolve(concept: str, before: str, label: str, state: _State) -> tuple[str, ...]:
    """Turn a term's concept into keys, using the whole it is a part of where it needs one."""
    family, _, name = concept.partition(":")
    if not name:
        if concept == "assets.total" and before.endswith("其他"):
            return ()  # 其他固定资产: a remainder, not the total
        if concept.startswith("assets."):
            return (_asset_prefix(before, state) + concept.removeprefix("assets."),)
        return (concept,)
    head = state.head or ()
    if family == "both":
        return (f"income.{name}", f"expenditure.{name}")
    if family == "fund":
        side = _head_side(head)
        return (f"{side}.{name}",) if side else ()
    if family == "part":
        scope = _part_scope(head, state.section_scope)
        return (f"expenditure{scope}.{name}",) if scope is not None else ()
    if family == "procurement_part":
        return (f"procurement.{name}",) if head and head[0].startswith("procurement") else ()
    if family == "vehicle":
        return (f"{_asset_prefix(before, state)}vehicles.{name}",)
    if family == "equipment" and _THRESHOLD_IN_LABEL.search(label):
        # Only counts stated with their unit-price threshold (单价50万元以上) are comparable.
        return (_asset_prefix(before, state) + name,)
    return ()


def _asset_prefix(before: str, state: _State) -> str:
    """assets.new. for planned purchases (拟购置/新增配置/预算安排购置); parts follow their whole."""
    if _NEW_ASSET.search(before):
        state.asset_prefix = "assets.new."
    return state.asset_prefix


def _head_side(head: tuple[str, ...]) -> str | None:
    sides = {key.split(".")[0] for key in head}
    if sides == {"income"}:
        return "income"
    if sides == {"expenditure"}:
        return "expenditure"
    return None


def _part_scope(head: tuple[str, ...], section_scope: str | None) -> str | None:
    """“.general_public” for parts of 一般公共预算支出, “” for plain parts, ``None`` if unsure."""
    if not head:
        return f".{section_scope}" if section_scope else ""
    scopes = set()
    for key in head:
        segments = key.split(".")
        if segments[0] not in ("income", "expenditure"):
            return None
        scopes.add(segments[1] if len(segments) > 1 and segments[1] in _FUNDS else "")
    if len(scopes) != 1:
        return None
    scope = scopes.pop()
    return f".{scope}" if scope else ""


def _heading_scope(text: str) -> str | None:
    """The fund a top-level heading (“四、一般公共预算拨款支出”) puts its section under."""
    if "三公" in text or "支出" not in text:
        return None
    for name, marker in (
        ("general_public", "一般公共预算"),
        ("gov_fund", "政府性基金"),
        ("state_capital", "国有资本经营"),
        ("fiscal", "财政拨款"),
    ):
        if marker in text:
            return name
    return None


# --------------------------------------------------------------------------- entry point


def extract_facts(paragraphs: Sequence[Paragraph], tables: Sequence[Table] = ()) -> tuple[Fact, ...]:
    """Every figure the running text states whose meaning is certain, in document order.

    ``tables`` are the document's parsed tables: their function-class rows give the codes of
    the lines the text names (``function.<code>``); without them no function line is keyed.
    """
    facts: list[Fact] = []
    seen: set[tuple[str, int, Decimal]] = set()
    section_scope: str | None = None
    functions = _Functions.from_tables(tables) if tables else _NO_FUNCTIONS
    item: str | None = None  # the function line a chain item explains, over several runs
    for block in _join_wrapped(paragraphs):
        if _ITEM_START.match(block.text) or _is_heading(block.text):
            item = None
        if _TOP_HEADING.match(block.text) and _is_heading(block.text):
            section_scope = _heading_scope(block.text)
            continue
        if not _ANY_DIGIT.search(block.text) and not (functions.levels and _CHAIN_MARK.search(block.text)):
            continue  # no number, no figure (and nothing a later block could refer back to)
        found, item = _facts_in_block(block, section_scope, functions, item)
        for fact in found:
            identity = (fact.key, fact.line, fact.value)
            if identity in seen:
                continue
            seen.add(identity)
            facts.append(fact)
    return tuple(facts)
