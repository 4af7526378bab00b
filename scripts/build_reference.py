#!/usr/bin/env python3
"""Build the shipped classification reference data (src/yusuan/data/codes/) from its sources.

Sources (nothing is typed in from memory as confirmed):

* ``../shared/reference/*.csv`` — the drafts: codes printed in the samples, the 部门/政府预算支出
  经济分类 lists with ``checked_by``, the 30 function 类;
* ``scripts/reference_observed.csv`` — code/name pairs printed in the real documents of
  ``../shared/samples`` (text and PDF), one row per document with the line (and page) that
  prints it, reviewed by hand. ``--harvest`` proposes these rows from the parser's output; a
  pair a document prints against the national classification (e.g. a unit that renumbered its
  302 款) is left out of the reviewed file — it is a finding, not a reference.

Every built row gets a status from the number of independent sources that print the code with
that name (documents of two bodies; one body's budgets of two years count once): two or more → ``confirmed``, one → ``observed``, none (memory, list order) →
``unverified``; the years it is attested for; and its sources. See docs/reference-data.md.

Usage::

    python scripts/build_reference.py            # rewrite src/yusuan/data/codes/*.csv
    python scripts/build_reference.py --check    # exit 1 when the committed files are stale
    python scripts/build_reference.py --harvest  # print candidate rows for reference_observed.csv
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from yusuan.extract.codes import scheme_of  # noqa: E402
from yusuan.model import CodeScheme  # noqa: E402
from yusuan.reference.model import SCHEMES, Status, level_of_code, parent_of  # noqa: E402
from yusuan.reference.names import normalize_name  # noqa: E402

SHARED = REPO.parent / "shared"
DRAFTS = SHARED / "reference"
SAMPLES = SHARED / "samples"
OBSERVED = Path(__file__).resolve().parent / "reference_observed.csv"
OUT = REPO / "src" / "yusuan" / "data" / "codes"

LEVEL_NAMES = {1: "类", 2: "款", 3: "项"}
FIELDS = ["code", "name", "level", "parent", "status", "years", "checked_by", "sources", "note"]
OBSERVED_FIELDS = ["scheme", "code", "name", "year", "document", "place", "evidence", "printed_as"]

# Evidence that a document prints this code with this name (each document counts once).
PRINTED = {"printed", "numbering"}
# Evidence from a draft that is not tied to one document.
DRAFT_SOURCE = {"observed", "code_observed"}


@dataclass(frozen=True)
class Evidence:
    scheme: CodeScheme
    code: str
    name: str
    kind: str  # printed, numbering, name_in_list, observed, public_code, name_order, unverified …
    source: str  # a document file name or a draft file name
    year: int | None = None
    place: str = ""


# --- reading the sources ---------------------------------------------------------------------
def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _year_of(document: str) -> int | None:
    match = re.search(r"-(20\d{2})-", document)
    return int(match.group(1)) if match else None


def draft_evidence(drafts: Path) -> Iterator[Evidence]:
    for row in _rows(drafts / "function_classes_DRAFT.csv"):
        for kind in row["checked_by"].split(";"):
            if kind == "name_in_hebei_2025_summary_table":
                # The draft's evidence, also recorded line by line in reference_observed.csv.
                yield Evidence(
                    CodeScheme.FUNCTION,
                    row["code"],
                    row["name"],
                    "name_in_list",
                    "hebei-chengde-ybj-2025-dept.txt",
                    2025,
                )
            else:
                yield Evidence(
                    CodeScheme.FUNCTION, row["code"], row["name"], kind, "function_classes_DRAFT.csv"
                )
    for scheme, name in (
        (CodeScheme.DEPT_ECONOMIC, "dept_economic"),
        (CodeScheme.GOV_ECONOMIC, "gov_economic"),
    ):
        for row in _rows(drafts / f"{name}_DRAFT.csv"):
            for kind in row["checked_by"].split(";"):
                yield Evidence(scheme, row["code"], row["name"], kind, f"{name}_DRAFT.csv")
    for row in _rows(drafts / "codes_in_samples.csv"):
        for document in row["samples"].split(";"):
            scheme = CodeScheme(row["scheme"])
            yield Evidence(scheme, row["code"], row["name"], "printed", document, _year_of(document))


def observed_evidence(path: Path) -> Iterator[Evidence]:
    for row in _rows(path):
        year = int(row["year"]) if row["year"] else None
        yield Evidence(
            CodeScheme(row["scheme"]),
            row["code"],
            row["name"],
            row["evidence"],
            row["document"],
            year,
            row["place"],
        )


# --- merging evidence into rows --------------------------------------------------------------
@dataclass
class Built:
    scheme: CodeScheme
    code: str
    name: str
    evidence: list[Evidence]

    @property
    def status(self) -> Status:
        documents = {_issuer(e.source) for e in self.evidence if e.kind in PRINTED}
        count = len(documents)
        if not documents and any(e.kind in DRAFT_SOURCE for e in self.evidence):
            count += 1  # real documents the draft saw (not the samples)
        if any(e.kind == "public_code" for e in self.evidence):
            count += 1
        if count >= 2:
            return Status.CONFIRMED
        return Status.OBSERVED if count == 1 else Status.UNVERIFIED

    @property
    def years(self) -> list[int]:
        return sorted({e.year for e in self.evidence if e.year is not None})

    @property
    def checked_by(self) -> list[str]:
        return sorted({e.kind for e in self.evidence})

    @property
    def sources(self) -> list[str]:
        places: dict[str, str] = {}
        for e in self.evidence:
            if e.place or e.source not in places:
                places.setdefault(e.source, "")
                if e.place and not places[e.source]:
                    places[e.source] = e.place
        return [f"{source}:{place}" if place else source for source, place in sorted(places.items())]


def _issuer(document: str) -> str:
    """The body that published a document: one body's budgets of two years are one source."""
    return re.sub(r"-20\d{2}-", "-", document)


def build(evidence: Iterable[Evidence]) -> dict[CodeScheme, list[Built]]:
    groups: dict[tuple[CodeScheme, str, str], list[Evidence]] = defaultdict(list)
    for e in evidence:
        groups[(e.scheme, e.code, normalize_name(e.name))].append(e)
    built: dict[CodeScheme, list[Built]] = defaultdict(list)
    for (scheme, code, _), items in groups.items():
        built[scheme].append(Built(scheme, code, _display_name(items), items))
    for rows in built.values():
        rows.sort(key=lambda b: (b.code, -b.status.rank, b.name))
    return built


def _display_name(items: list[Evidence]) -> str:
    """The draft's spelling when there is one (full-width brackets), else the first printed."""
    names = [e.name for e in items]
    return next((n for n in names if "（" in n), names[0])


def _note(row: Built, rows: list[Built]) -> str:
    others = [b for b in rows if b.code == row.code and b is not row]
    if not others:
        return ""
    return "同一编码另有名称：" + "、".join(f"{b.name}（{b.status.value}）" for b in others)


def render(rows: list[Built]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(FIELDS)
    for row in rows:
        writer.writerow(
            [
                row.code,
                row.name,
                LEVEL_NAMES[level_of_code(row.code)],
                parent_of(row.code) or "",
                row.status.value,
                ";".join(str(y) for y in row.years),
                ";".join(row.checked_by),
                ";".join(row.sources),
                _note(row, rows),
            ]
        )
    return buffer.getvalue()


def coverage(built: dict[CodeScheme, list[Built]]) -> str:
    """Years in which the list of function 类 is complete: every 类 printed by name in that
    year's list, and its code attested by a document."""
    classes = [
        b for b in built[CodeScheme.FUNCTION] if len(b.code) == 3 and b.status is not Status.UNVERIFIED
    ]
    years = sorted(
        {e.year for b in classes for e in b.evidence if e.kind == "name_in_list" and e.year is not None}
    )
    complete = [
        y
        for y in years
        if all(any(e.kind == "name_in_list" and e.year == y for e in b.evidence) for b in classes)
    ]
    lists = sorted({e.source for b in classes for e in b.evidence if e.kind == "name_in_list"})
    basis = (
        f"{len(classes)} 个类的名称均印于当年收支总表的支出功能分类清单（{'、'.join(lists)}），"
        "编码见于实际文件（济源 2024 收支预算表的编号即编码：十九、援助其他地区支出 → 219）"
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["scheme", "level", "years", "count", "basis"])
    if complete:
        writer.writerow(["function", "类", ";".join(str(y) for y in complete), len(classes), basis])
    return buffer.getvalue()


def outputs() -> dict[Path, str]:
    evidence = [*draft_evidence(DRAFTS), *observed_evidence(OBSERVED)]
    built = build(evidence)
    files = {OUT / f"{scheme.value}.csv": render(built[scheme]) for scheme in SCHEMES}
    files[OUT / "coverage.csv"] = coverage(built)
    return files


# --- harvesting candidate rows from the samples ---------------------------------------------
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_LIST_ITEM = re.compile(r"^[（(]?([一二三四五六七八九十]+)[）)、]\s*(\S.*)$")


def _cn_number(text: str) -> int:
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    return _CN_DIGITS.get(text, 0)


def _documents() -> list[Path]:
    return sorted(SAMPLES.glob("*.txt")) + sorted((SAMPLES / "pdf").glob("*.pdf"))


# Pairs a document prints against the national classification: findings, not reference rows.
EXCLUDED: dict[str, tuple[tuple[str, ...], str]] = {
    "shanghai-putuo-fuliyuan-2024-unit.pdf": (
        ("30108", "302", "303"),
        "the unit numbers its 302 and 303 款 in its own sequence (30202 咨询费, 30203 水费 …, "
        "303 离退休人员经费) and prints 30108 as 机关事业单位基本养老保险费",
    ),
}


def harvest_printed(path: Path, year: int | None) -> Iterator[list[str]]:
    from yusuan.api import parse_path

    prefixes, _ = EXCLUDED.get(path.name, ((), ""))
    pairs: dict[tuple[str, str], list[str]] = {}
    for table in parse_path(path).tables:
        for row in table.rows:
            for code, name in ((row.code, row.name), (row.code2, row.name2)):
                scheme = scheme_of(code) if code else None
                if not code or not name or scheme not in SCHEMES or scheme is None:
                    continue
                if code.startswith(prefixes) and scheme is CodeScheme.DEPT_ECONOMIC:
                    continue
                place = f"p{row.page}/{row.line}" if row.page else str(row.line)
                record = [scheme.value, code, name.strip(), str(year or ""), path.name, place, "printed", ""]
                pairs.setdefault((code, normalize_name(name)), record)
    yield from _unambiguous(pairs, path.name)


def _unambiguous(pairs: dict[tuple[str, str], list[str]], document: str) -> Iterator[list[str]]:
    """A code the document prints under several names (a reading problem of split code
    columns, or a defect of the document): keep only the name the drafts also use."""
    names: dict[str, list[str]] = defaultdict(list)
    for code, name in pairs:
        names[code].append(name)
    drafts = _draft_names()
    for (code, name), record in pairs.items():
        if len(names[code]) > 1 and name != drafts.get(code):
            print(f"left out {document}: {code} {record[2]} (printed under several names)", file=sys.stderr)
            continue
        yield record


def _draft_names() -> dict[str, str]:
    files = ("function_classes_DRAFT.csv", "dept_economic_DRAFT.csv", "gov_economic_DRAFT.csv")
    return {r["code"]: normalize_name(r["name"]) for f in files for r in _rows(DRAFTS / f)}


def harvest_class_lists(path: Path, year: int | None, classes: dict[str, str]) -> Iterator[list[str]]:
    """The function 类 list of a summary table: names (``name_in_list``) and, where the list's
    numbers skip the codes that do not exist (十八 missing), the code (``numbering``)."""
    items = _first_class_list(path, classes)
    by_name = {normalize_name(name): code for code, name in classes.items()}
    numbers = [n for n, _, _ in items]
    by_code = numbers != list(range(1, len(numbers) + 1))
    for n, line, text in items:
        code = by_name.get(normalize_name(text))
        if code:
            yield ["function", code, classes[code], str(year or ""), path.name, str(line), "name_in_list", ""]
        if by_code and str(200 + n) in classes:
            code = str(200 + n)
            yield ["function", code, classes[code], str(year or ""), path.name, str(line), "numbering", text]


def _first_class_list(path: Path, classes: dict[str, str]) -> list[tuple[int, int, str]]:
    """(list number, line, printed text) of the first complete list of class names, in code
    order (other columns of the same lines, such as 债务还本支出 of the economic list, skipped)."""
    candidates: list[tuple[str, int, int, str]] = []  # (code, number, line, text)
    names = {code: normalize_name(name) for code, name in classes.items()}
    for line, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        for cell in text.split("\t"):
            match = _LIST_ITEM.match(cell.strip())
            printed = normalize_name(match.group(2)) if match else ""
            for code, name in names.items():
                if match and printed and _alike(printed, name):
                    candidates.append((code, _cn_number(match.group(1)), line, match.group(2).strip()))
    chains = [_chain(start, candidates, names) for start in candidates if start[0] == min(classes)]
    complete = [chain for chain in chains if len(chain) == len(classes)]
    if not complete:
        return []
    best = max(
        complete,
        key=lambda chain: (sum(_common(normalize_name(c[3]), names[c[0]]) for c in chain), -chain[0][2]),
    )
    return [(n, line, text) for _, n, line, text in best]


def _chain(
    start: tuple[str, int, int, str], candidates: list[tuple[str, int, int, str]], names: dict[str, str]
) -> list[tuple[str, int, int, str]]:
    found = [start]
    for code in sorted(names)[1:]:
        after = [c for c in candidates if c[0] == code and 0 < c[2] - found[-1][2] <= 15]
        if not after:
            break
        first = min(c[2] for c in after)
        found.append(max((c for c in after if c[2] == first), key=lambda c: _common(c[3], names[code])))
    return found
    return []


def _alike(printed: str, name: str) -> bool:
    """``外交`` for 外交支出; ``城乡社区事务`` (an older name) for 城乡社区支出."""
    return name.startswith(printed) or _common(printed, name) >= 3


def _common(a: str, b: str) -> int:
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))


def harvest() -> str:
    classes = {r["code"]: r["name"] for r in _rows(DRAFTS / "function_classes_DRAFT.csv")}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(OBSERVED_FIELDS)
    for path in _documents():
        year = _year_of(path.name)
        if path.suffix == ".txt":
            writer.writerows(harvest_class_lists(path, year, classes))
        try:
            writer.writerows(harvest_printed(path, year))
        except Exception as exc:  # a reader not installed or a document it cannot read
            print(f"skipped {path.name}: {exc}", file=sys.stderr)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="fail when the committed files are stale")
    parser.add_argument("--harvest", action="store_true", help="print candidate rows from the samples")
    args = parser.parse_args(argv)
    if args.harvest:
        sys.stdout.write(harvest())
        return 0
    files = outputs()
    if args.check:
        stale = [p for p, text in files.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
        for path in stale:
            print(f"stale: {path.relative_to(REPO)}", file=sys.stderr)
        return 1 if stale else 0
    OUT.mkdir(parents=True, exist_ok=True)
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(REPO)} ({text.count(chr(10)) - 1} rows)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
