"""The corpus pages and their JSON API over a store filled with generated budgets.

The expected figures come from the generated disclosures themselves (their facts and tables),
not from the store: the charts must show what the documents say.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from web.webdata import DEMO_DEPARTMENTS, DEMO_YEARS, wrong_amount_json
from yusuan import jsonio
from yusuan.model import Disclosure, TableKind
from yusuan.store import QUERIES
from yusuan.web import create_app

PAGES = ("/", "/documents", "/departments", "/compare", "/docs")


@pytest.fixture(scope="module")
def corpus(
    store_target: str, tmp_path_factory: pytest.TempPathFactory, demo_files: list[tuple[str, bytes]]
) -> Iterator[TestClient]:
    """The app over a store (DuckDB, and PostgreSQL where a server is given) holding the demo corpus."""
    app = create_app(store_target, tmp_path_factory.mktemp("uploads"))
    with TestClient(app, raise_server_exceptions=False) as client:
        files = [("files", (name, data, "application/json")) for name, data in demo_files]
        response = client.post("/api/upload", files=files)
        assert response.status_code == 200, response.text
        assert [f["stored"] for f in response.json()["files"]] == ["added"] * len(demo_files)
        yield client


@pytest.fixture(scope="module")
def disclosures(demo_files: list[tuple[str, bytes]]) -> dict[tuple[str, int], Disclosure]:
    parsed = [jsonio.loads(data.decode()) for _, data in demo_files]
    return {(d.department or "", d.year or 0): d for d in parsed}


def fact(d: Disclosure, key: str) -> Decimal:
    found = d.fact(key)
    assert found is not None, key
    return found.value


def test_documents_search_and_filters(corpus: TestClient) -> None:
    everything = corpus.get("/api/documents").json()
    assert everything["total"] == 9
    one = corpus.get("/api/documents", params={"department": DEMO_DEPARTMENTS[1]}).json()
    assert {d["year"] for d in one["documents"]} == set(DEMO_YEARS)
    assert {d["department"] for d in one["documents"]} == {DEMO_DEPARTMENTS[1]}
    year = corpus.get("/api/documents", params={"year": 2024}).json()
    assert year["total"] == 3 and {d["year"] for d in year["documents"]} == {2024}
    search = corpus.get("/api/documents", params={"q": "财政"}).json()
    assert {d["department"] for d in search["documents"]} == {"承德市示例财政局"}
    assert corpus.get("/api/documents", params={"kind": "决算"}).json()["total"] == 0


def test_documents_page_lists_and_filters(corpus: TestClient) -> None:
    page = corpus.get("/documents", params={"q": "卫生健康"}).text
    assert page.count('href="/documents/') == 3
    assert "共 3 份文件" in page


def test_bad_parameters_are_422_json(corpus: TestClient) -> None:
    response = corpus.get("/api/documents", params={"year": "去年"})
    assert response.status_code == 422
    assert "year" in response.json()["error"]
    assert corpus.get("/api/documents", params={"page": 0}).status_code == 422


def test_document_detail_and_findings(
    corpus: TestClient, disclosures: dict[tuple[str, int], Disclosure]
) -> None:
    listed = corpus.get("/api/documents", params={"department": DEMO_DEPARTMENTS[0], "year": 2025}).json()
    (doc,) = listed["documents"]
    detail = corpus.get(f"/api/documents/{doc['doc_id']}").json()
    figures = {f["key"]: Decimal(f["value_wan"]) for f in detail["figures"]}
    expected = disclosures[(DEMO_DEPARTMENTS[0], 2025)]
    assert figures["expenditure.total"] == fact(expected, "expenditure.total")
    assert figures["three_public.total"] == fact(expected, "three_public.total")
    findings = corpus.get(f"/api/documents/{doc['doc_id']}/findings").json()
    assert findings["summary"] == {"error": 0, "warning": 0, "info": doc["infos"]}
    page = corpus.get(f"/documents/{doc['doc_id']}").text
    assert (
        DEMO_DEPARTMENTS[0] in page and "支出按功能分类科目" in page and 'data-chart="treemap-option"' in page
    )


def test_unknown_document_is_404(corpus: TestClient) -> None:
    response = corpus.get("/api/documents/0000000000000000")
    assert response.status_code == 404
    assert "文件编号" in response.json()["error"]
    assert corpus.get("/documents/0000000000000000").status_code == 404


def test_report_of_a_stored_upload_highlights_cells(corpus: TestClient) -> None:
    uploaded = corpus.post(
        "/api/upload", files=[("files", ("错一个数.json", wrong_amount_json(7), "application/json"))]
    )
    item = uploaded.json()["files"][0]
    assert item["summary"]["error"] > 0
    page = corpus.get(f"/documents/{item['document_id']}/report")
    assert page.status_code == 200
    assert 'class="num cell-hit sev-error"' in page.text
    findings = corpus.get(f"/api/documents/{item['document_id']}/findings").json()
    assert findings["summary"]["error"] == item["summary"]["error"]
    assert {f["rule"] for f in findings["findings"]} == {f["rule"] for f in item["findings"]}


def test_departments_with_their_years(corpus: TestClient) -> None:
    body = corpus.get("/api/departments").json()
    demo = {d["department"]: d["years"] for d in body["departments"] if d["department"] in DEMO_DEPARTMENTS}
    assert demo == {name: list(DEMO_YEARS) for name in DEMO_DEPARTMENTS}
    one = corpus.get(f"/api/departments/{DEMO_DEPARTMENTS[2]}").json()
    assert [r["year"] for r in one["years"]] == list(DEMO_YEARS)
    page = corpus.get(f"/departments/{DEMO_DEPARTMENTS[2]}").text
    for chart in ("functions", "basic-project", "three-public", "treemap"):
        assert f'data-chart="{chart}-option"' in page
    assert corpus.get("/api/departments/没有这个部门").status_code == 404


def series(option: dict[str, Any]) -> dict[str, list[Any]]:
    return {s["name"]: s["data"] for s in option["series"]}


def test_compare_charts_show_the_documents_figures(
    corpus: TestClient, disclosures: dict[tuple[str, int], Disclosure]
) -> None:
    chosen = list(DEMO_DEPARTMENTS[:2])
    body = corpus.get("/api/compare", params={"department": chosen, "year": [2024, 2025]}).json()
    assert body["departments"] == chosen
    docs = [(r["department"], r["year"]) for r in body["rows"]]
    assert sorted(docs) == sorted((d, y) for d in chosen for y in (2024, 2025))
    charts = body["charts"]

    # basic vs project: one stacked bar per document, in the order of the axis
    labels = charts["basic_project"]["xAxis"]["data"]
    assert len(labels) == 4
    basic_project = series(charts["basic_project"])
    ordered = sorted(docs)
    for i, key in enumerate(ordered):
        assert str(key[1]) in labels[i]
        assert Decimal(str(basic_project["基本支出"][i])) == fact(disclosures[key], "expenditure.basic")
        assert Decimal(str(basic_project["项目支出"][i])) == fact(disclosures[key], "expenditure.project")

    # function classes: the 类 bars of a document add up to its expenditure total
    functions = series(charts["functions"])
    for i, key in enumerate(ordered):
        total = sum(Decimal(str(v[i])) for v in functions.values() if v[i] is not None)
        assert total == fact(disclosures[key], "expenditure.total")
        d = disclosures[key]
        (table,) = d.tables_of(TableKind.EXPENDITURE)
        classes = {f"{r.code} {r.name}" for r in table.rows if r.code and len(r.code) == 3}
        assert {name for name, v in functions.items() if v[i] is not None} == classes

    # “三公”: one line per department over the years
    lines = series(charts["three_public"])
    assert charts["three_public"]["xAxis"]["data"] == ["2024", "2025"]
    for name in chosen:
        assert [Decimal(str(v)) for v in lines[name]] == [
            fact(disclosures[(name, y)], "three_public.total") for y in (2024, 2025)
        ]

    # treemap of the latest year: 类 areas add up to the chosen departments' totals
    treemap = charts["treemap"]["series"][0]["data"]
    assert body["treemap_year"] == 2025
    assert sum(Decimal(str(n["value"])) for n in treemap) == sum(
        fact(disclosures[(name, 2025)], "expenditure.total") for name in chosen
    )
    assert all("children" in n for n in treemap)


def test_compare_page_draws_four_charts(corpus: TestClient) -> None:
    page = corpus.get("/compare").text
    for chart in ("functions", "basic-project", "three-public", "treemap"):
        assert f'data-chart="{chart}-option"' in page
    options = re.findall(r'<script type="application/json" id="[a-z-]+-option">(.*?)</script>', page, re.S)
    assert len(options) == 4
    for text in options:
        assert json.loads(text)["series"]
    assert '<script src="/static/echarts/echarts.min.js"></script>' in page


def test_ready_queries(corpus: TestClient) -> None:
    listed = corpus.get("/api/queries").json()["queries"]
    assert {q["name"] for q in listed} == set(QUERIES)
    result = corpus.get("/api/queries/three-public", params={"year": 2024}).json()
    demo = [r for r in result["rows"] if r["department"] in DEMO_DEPARTMENTS]
    assert len(demo) == 3
    assert {c["name"] for c in result["columns"]} >= {"rank", "department", "total"}
    assert corpus.get("/api/queries/nothing").status_code == 404
    unknown = corpus.get("/api/queries/three-public", params={"year": 2024, "colour": "red"})
    assert unknown.status_code == 422 and "colour" in unknown.json()["error"]
    missing = corpus.get("/api/queries/three-public")
    assert missing.status_code == 422
    assert not missing.json()["error"].isascii()


EXTERNAL = re.compile(
    r"""(?:src|href|action)\s*=\s*["']?\s*(?:[a-z][a-z0-9+.-]*:)?//|url\(\s*["']?(?:https?:)?//""", re.I
)


def test_pages_reference_no_external_url(corpus: TestClient) -> None:
    doc_id = corpus.get("/api/documents").json()["documents"][0]["doc_id"]
    paths = [*PAGES, f"/documents/{doc_id}", f"/departments/{DEMO_DEPARTMENTS[0]}", "/documents?q=x"]
    for path in paths:
        response = corpus.get(path)
        assert response.status_code == 200, path
        assert not EXTERNAL.search(response.text), path
        assert "default-src 'self'" in response.headers["content-security-policy"]
    for asset in ("/static/style.css", "/assets/report.css", "/static/charts.js"):
        text = corpus.get(asset).text
        assert not EXTERNAL.search(text) and "http" not in text, asset


def test_api_description_is_served_offline(corpus: TestClient) -> None:
    spec = corpus.get("/openapi.json").json()
    assert {
        "/api/upload",
        "/api/documents",
        "/api/documents/{doc_id}",
        "/api/compare",
        "/api/queries/{name}",
    } <= set(spec["paths"])
    assert "multipart/form-data" in spec["paths"]["/api/upload"]["post"]["requestBody"]["content"]
    docs = corpus.get("/docs").text
    assert "/api/upload" in docs and "three-public" in docs
    assert "swagger" not in docs.lower()
    assert corpus.get("/redoc").status_code == 404


def test_vendored_echarts_is_served_with_its_license(corpus: TestClient) -> None:
    script = corpus.get("/static/echarts/echarts.min.js")
    assert script.status_code == 200 and len(script.content) > 500_000
    assert b"echarts" in script.content[:2000].lower()
    static = Path(__file__).resolve().parents[2] / "src" / "yusuan" / "web" / "static" / "echarts"
    assert "Apache License" in (static / "LICENSE").read_text()
    assert "Apache ECharts" in (static / "NOTICE").read_text()
