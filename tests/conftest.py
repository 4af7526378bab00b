"""Shared fixtures: sample files, a hand-built disclosure, and a command-line runner."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from yusuan.model import (
    AssetLine,
    CodeScheme,
    Column,
    Disclosure,
    DocumentKind,
    Fact,
    Indicator,
    OrgUnit,
    Paragraph,
    ProcurementItem,
    Project,
    RawRow,
    Row,
    Scope,
    Table,
    TableKind,
    TocEntry,
)

REPO = Path(__file__).resolve().parents[1]
SHARED_SAMPLES = REPO.parent / "shared" / "samples"
EXAMPLES = REPO / "examples"


def _sample_files() -> list[Path]:
    return sorted(SHARED_SAMPLES.glob("*.txt")) if SHARED_SAMPLES.is_dir() else []


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    """``../shared/samples`` beside the repository (CI and developers have it; users do not)."""
    if not SHARED_SAMPLES.is_dir():
        pytest.skip(f"{SHARED_SAMPLES} not found (tests on the shared samples need ../shared)")
    return SHARED_SAMPLES


@pytest.fixture(params=[p.name for p in _sample_files()] or ["<no samples>"])
def sample_path(request: pytest.FixtureRequest, samples_dir: Path) -> Path:
    """Each of the real samples in turn."""
    return samples_dir / str(request.param)


@pytest.fixture(scope="session")
def example_path() -> Path:
    """The sample bundled in ``examples/`` for the README quick start."""
    files = sorted(EXAMPLES.glob("*.txt"))
    assert files, "examples/ must hold a sample disclosure for the quick start"
    return files[0]


def build_disclosure(source: str = "hand-built.txt") -> Disclosure:
    """A small disclosure using every field of the model (no parser involved)."""
    d = Decimal
    summary = Table(
        kind=TableKind.SUMMARY,
        title="部门预算收支总表",
        columns=(Column("income", "收入/预算数"), Column("expenditure", "支出/预算数")),
        rows=(
            Row(None, "一、一般公共预算拨款收入", None, {"income": d("5497.60"), "expenditure": None}, 12),
            Row(
                "2101501",
                "行政运行",
                3,
                {"income": None, "expenditure": d("0.00")},
                14,
                page=2,
                scheme=CodeScheme.FUNCTION,
                unit_code="447001",
                section="expenditure",
                code2="50101",
                name2="工资奖金津补贴",
                attrs={"项目类型": "其他运转类"},
            ),
        ),
        notes=("注：报表金额单位转换时可能存在四舍五入尾数误差。",),
        empty=False,
        line=10,
        page=2,
        unit="万元",
        year=2025,
        raw=(RawRow(("1", "一、一般公共预算拨款收入", "5,497.60"), 12),),
    )
    gov_fund = Table(
        kind=TableKind.GOV_FUND,
        title="政府性基金预算支出表",
        columns=(),
        rows=(),
        notes=("本单位无政府性基金预算拨款收支，此表为空表。",),
        empty=True,
        line=40,
    )
    indicator = Indicator(
        level1="产出指标",
        level2="数量指标",
        level3="参保人数",
        description="",
        value="≥95%",
        comparator=">=",
        number=d("95"),
        value_unit="%",
        basis="计划标准",
        line=60,
    )
    qualitative = Indicator("效益指标", "社会效益指标", "群众满意", "", "及时", None, None, None, "", 61)
    project = Project(
        code="13080024T000000010510",
        name="医保经办服务经费",
        amount=d("28.65"),
        funding={"general_public": d("28.65"), "unit_funds": None},
        schedule={"3月底": d("25"), "12月底": d("100")},
        goal="保障医保经办服务正常运转。",
        indicators=(indicator, qualitative),
        line=55,
        unit_code="447001",
        category="特定目标类",
        description="用于经办大厅运转。",
    )
    return Disclosure(
        source=source,
        department="承德市医疗保障局",
        unit_code="447",
        year=2025,
        scope=Scope.DEPARTMENT,
        kind=DocumentKind.BUDGET,
        unit="万元",
        organization=(OrgUnit("承德市医疗保障局", "行政", "正处级", "财政全额", 5, code="447001"),),
        toc=(TocEntry("第一部分 部门概况", 2, number="一"), TocEntry("名词解释", 3)),
        tables=(summary, gov_fund),
        facts=(
            Fact("income.total", d("9473.74"), "万元", "收入总计9473.74万元。", 80),
            Fact("change.expenditure.total", d("-1602.01"), "万元", "比上年减少1602.01万元。", 81, page=3),
            Fact("change_pct.income.total", d("-5.54"), "%", "下降5.54%。", 82),
        ),
        projects=(project,),
        procurement=(
            ProcurementItem(
                project="医保经办服务经费",
                item="台式计算机",
                catalogue_code="A02010104",
                measure="台",
                quantity=d("2"),
                unit_price=d("0.55"),
                amount=d("1.10"),
                line=90,
                project_budget=d("28.65"),
                values={"general_public": d("1.10"), "unit_funds": None},
            ),
        ),
        assets=(
            AssetLine("车辆", d("1"), d("18.50"), 95),
            AssetLine("其中：执法执勤用车", None, None, 96, level=2),
        ),
        paragraphs=(Paragraph("一、部门职责", 20), Paragraph("（一）主要职能", 21, page=1)),
        partial=True,
        skipped=("第 120 行之后的内容缺失（文件可能不完整）",),
        layout="cell-per-line",
    )


@pytest.fixture
def hand_built() -> Disclosure:
    return build_disclosure()


@pytest.fixture
def disclosure_factory() -> Callable[..., Disclosure]:
    """``build_disclosure`` for tests that need several hand-built disclosures."""
    return build_disclosure


@dataclass(frozen=True)
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


CliRunner = Callable[[Sequence[str]], CliResult]


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> CliRunner:
    """Run ``yusuan ARGS…`` in-process through the real entry point (``yusuan.cli.main``)."""
    from yusuan import cli

    def run(args: Sequence[str]) -> CliResult:
        capsys.readouterr()
        code = cli.main(list(args))
        out, err = capsys.readouterr()
        return CliResult(code, out, err)

    return run


def pytest_unconfigure(config: pytest.Config) -> None:
    """Kill any child process left alive, naming it: at exit the interpreter would otherwise
    wait for it forever (a non-daemon worker once hung CI after every test had passed). The
    store tests fail on such a leftover (tests/store/conftest.py), so this is only a guard."""
    import multiprocessing
    import sys

    for child in multiprocessing.active_children():
        print(f"\nleftover child process killed at exit: {child!r}", file=sys.stderr)
        child.kill()
        child.join(timeout=5)
