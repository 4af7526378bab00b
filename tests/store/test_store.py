"""The store on DuckDB and PostgreSQL: ingest, idempotency, revisions, transactions, reading back,
ready queries and export — each test runs on both backends (fixture ``db_target``)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections import Counter
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from store.conftest import generated, revised, write_json
from yusuan.model import CodeScheme, Disclosure, TableKind
from yusuan.rules import check
from yusuan.store import QUERIES, TABLES, VIEWS, IngestStatus, Store, StoreError, open_store

REPO = Path(__file__).resolve().parents[2]


def statuses(result: Any) -> list[str]:
    return [item.status.value for item in result.items]


def child_doc_ids(store: Store) -> dict[str, set[str]]:
    out = {}
    for table in TABLES:
        if table != "documents":
            names, rows = store.relation_rows(table)
            out[table] = {row[names.index("doc_id")] for row in rows}
    return out


# ---------------------------------------------------------------------------- ingest


def test_ingest_is_idempotent_by_content(db_target: str, corpus: Path, tmp_path: Path) -> None:
    with open_store(db_target) as store:
        first = store.ingest_paths([corpus], workers=1)
        assert statuses(first) == ["added"] * 6
        assert all(first.stages[s] > 0 for s in ("parse", "check", "rows", "write_wall"))
        counts = store.table_counts()
        assert counts["documents"] == 6 and counts["cells"] > 1000 and counts["table_rows"] > 100
        again = store.ingest_paths([corpus], workers=1)
        assert statuses(again) == ["unchanged"] * 6
        assert [i.doc_id for i in again.items] == [i.doc_id for i in first.items]
        # The same content under another name is the same document.
        copy = tmp_path / "renamed.json"
        copy.write_bytes((corpus / "d11-2023.json").read_bytes())
        renamed = store.ingest_paths([copy], workers=1)
        assert statuses(renamed) == ["unchanged"]
        assert store.table_counts() == counts


def test_new_version_is_a_revision_and_current(db_target: str, tmp_path: Path) -> None:
    original = generated(11, 2024)
    old = write_json(tmp_path, "v1.json", original)
    new = write_json(tmp_path, "v2.json", revised(original))
    with open_store(db_target) as store:
        (added,) = store.ingest_paths([old], workers=1).items
        (second,) = store.ingest_paths([new], workers=1).items
        assert (added.status, added.revision) == (IngestStatus.ADDED, 1)
        assert (second.status, second.revision) == (IngestStatus.REVISED, 2)
        current = store.documents()
        assert [d.doc_id for d in current] == [second.doc_id]
        every = store.documents(current_only=False)
        assert {(d.doc_id, d.revision, d.is_current) for d in every} == {
            (added.doc_id, 1, False),
            (second.doc_id, 2, True),
        }
        detail = store.document(added.doc_id)
        assert detail is not None and not detail.summary.is_current
        assert [r.doc_id for r in detail.revisions] == [added.doc_id, second.doc_id]
        rows = store.query("department-years", department=original.department).rows
        assert [(r[1], r[-1]) for r in rows] == [(2024, second.doc_id)]


def test_two_versions_in_one_run_the_later_is_current(db_target: str, tmp_path: Path) -> None:
    original = generated(12, 2024)
    a = write_json(tmp_path, "a.json", original)
    b = write_json(tmp_path, "b.json", revised(original))
    with open_store(db_target) as store:
        twin = tmp_path / "a-copy.json"
        twin.write_bytes(a.read_bytes())
        items = store.ingest_paths([a, twin, b], workers=1).items
        assert [(i.status.value, i.revision) for i in items] == [
            ("added", 1),
            ("unchanged", None),
            ("revised", 2),
        ]
        items = items[::2]
        assert [d.doc_id for d in store.documents()] == [items[1].doc_id]


def test_a_failing_file_is_listed_and_the_others_stored(db_target: str, corpus: Path) -> None:
    (corpus / "bad.txt").write_text("这不是预算公开文件。\n只是一段文字。\n", encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    with open_store(db_target) as store:
        result = store.ingest_paths([corpus], workers=1)
        failed = {Path(i.source).name: i.message for i in result.failed}
        assert set(failed) == {"bad.txt", "empty.txt"}
        assert all(message and "\n" not in message for message in failed.values())
        assert len(result.added) == 6
        assert store.count_documents() == 6


def test_parallel_ingest_stores_the_same_as_serial(db_target: str, tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for seed in range(30, 40):
        write_json(folder, f"g{seed}.json", generated(seed, 2024))
    (folder / "bad.txt").write_text("没有数字\n", encoding="utf-8")
    serial_db = str(tmp_path / "serial.duckdb")
    with open_store(serial_db) as serial:
        expected = serial.ingest_paths([folder], workers=1)
        expected_counts = serial.table_counts()
    with open_store(db_target) as store:
        result = store.ingest_paths([folder], workers=2)
        assert result.workers == 2
        assert [(i.source, i.status, i.doc_id) for i in result.items] == [
            (i.source, i.status, i.doc_id) for i in expected.items
        ]
        assert store.table_counts() == expected_counts


# ---------------------------------------------------------------------------- transactions

_CRASH = """
import os, sys
from yusuan.store import ingest, open_store

original = ingest.Writer._copy

def crash(self, table, text):
    if table == "indicators":  # documents, tables, lines … already copied in this batch
        os._exit(3)
    original(self, table, text)

ingest.Writer._copy = crash
store = open_store(sys.argv[1])
store.ingest_paths(sys.argv[2:], workers=1)
"""


def test_a_crash_mid_batch_leaves_no_partial_document(db_target: str, corpus: Path) -> None:
    files = sorted(corpus.iterdir())
    with open_store(db_target) as store:
        store.ingest_paths(files[:2], workers=1)
        before = store.table_counts()
    crashed = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_CRASH), db_target, *map(str, files[2:])],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert crashed.returncode == 3, crashed.stderr
    with open_store(db_target) as store:
        assert store.table_counts() == before
        stored = {d.doc_id for d in store.documents(current_only=False)}
        assert all(ids <= stored for ids in child_doc_ids(store).values())
        # Running the same ingest again finishes the job.
        rerun = store.ingest_paths(files, workers=1)
        assert statuses(rerun) == ["unchanged"] * 2 + ["added"] * 4


def test_a_document_the_database_refuses_fails_alone(
    db_target: str, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = sorted(corpus.iterdir())
    with open_store(db_target) as store:
        backend = store._db
        original = backend.copy_csv
        from yusuan.store.records import content_hash, doc_id_of

        victim_id = doc_id_of(content_hash((corpus / "d13-2024.json").read_bytes()))

        def refuse(table: str, cols: Any, text: str) -> None:
            # Refused after its documents row and tables were copied in the same transaction.
            if table == "cells" and victim_id in text:
                raise RuntimeError("disk full")
            original(table, cols, text)

        monkeypatch.setattr(backend, "copy_csv", refuse)
        result = store.ingest_paths(files, workers=1)
        by_name = {Path(i.source).name: i for i in result.items}
        assert by_name["d13-2024.json"].status is IngestStatus.FAILED
        assert "disk full" in (by_name["d13-2024.json"].message or "")
        assert sum(i.status is IngestStatus.ADDED for i in result.items) == 5
        stored = {d.doc_id for d in store.documents(current_only=False)}
        assert victim_id not in stored
        assert all(ids <= stored for ids in child_doc_ids(store).values())


# ---------------------------------------------------------------------------- reading back


def _expected_rows(disclosure: Disclosure, kind: TableKind) -> list[tuple[Any, ...]]:
    (table,) = disclosure.tables_of(kind)
    return [(r.code, r.name, r.level, dict(r.values), r.line) for r in table.rows]


def test_document_detail_gives_back_the_model(db_target: str, tmp_path: Path) -> None:
    disclosure = generated(13, 2025)
    path = write_json(tmp_path, "one.json", disclosure)
    report = check(disclosure)
    with open_store(db_target) as store:
        (item,) = store.ingest_paths([path], workers=1).items
        detail = store.document(item.doc_id or "")
        assert detail is not None and store.document("0000000000000000") is None
        summary = detail.summary
        assert (summary.department, summary.year, summary.kind, summary.scope) == (
            disclosure.department,
            disclosure.year,
            disclosure.kind.value,
            disclosure.scope.value if disclosure.scope else None,
        )
        assert [t.kind for t in detail.tables] == [t.kind.value for t in disclosure.tables]
        assert [t.title for t in detail.tables] == [t.title for t in disclosure.tables]
        for stored, table in zip(detail.tables, disclosure.tables, strict=True):
            assert [(c.key, c.label) for c in stored.columns] == [(c.key, c.label) for c in table.columns]
            assert [(r.code, r.name, r.level, dict(r.values), r.line) for r in stored.rows] == [
                (
                    r.code,
                    r.name or None,
                    r.level,
                    {k: v for k, v in r.values.items() if v is not None},
                    r.line,
                )
                for r in table.rows
            ]
        names, lines = store.relation_rows("lines")
        printed = [
            (t.kind.value, r.code, r.name or None, key, value)
            for t in disclosure.tables
            for r in t.rows
            for key, value in r.values.items()
            if value is not None
        ]
        column = {n: i for i, n in enumerate(names)}
        picked = ("table_kind", "code", "name", "column_key", "amount")
        stored = [
            tuple(line[column[n]] for n in picked) for line in lines if line[column["amount"]] is not None
        ]
        assert Counter(stored) == Counter(printed)
        empty_rows = sum(
            1 for t in disclosure.tables for r in t.rows if all(v is None for v in r.values.values())
        )
        assert sum(1 for line in lines if line[column["column_key"]] is None) == empty_rows
        assert [(f.key, f.value) for f in detail.facts] == [(f.key, f.value) for f in disclosure.facts]
        assert [(f.rule, f.severity, f.fingerprint) for f in detail.findings] == [
            (f.rule, f.severity.value, f.fingerprint) for f in report.findings
        ]
        assert (summary.errors, summary.warnings, summary.infos) == (
            report.summary["error"],
            report.summary["warning"],
            report.summary["info"],
        )
        assert [(p.name, p.amount, len(p.indicators)) for p in detail.projects] == [
            (p.name, p.amount, len(p.indicators)) for p in disclosure.projects
        ]
        assert [i.value for p in detail.projects for i in p.indicators] == [
            i.value for p in disclosure.projects for i in p.indicators
        ]
        figures = {f.key: f.value_wan for f in detail.figures}
        for key in ("expenditure.total", "expenditure.basic", "expenditure.project", "three_public.total"):
            fact = disclosure.fact(key)
            assert fact is not None and figures[key] == fact.value, key


def test_listing_documents_departments_and_years(db_target: str, corpus: Path) -> None:
    with open_store(db_target) as store:
        store.ingest_paths([corpus], workers=1)
        assert store.years() == [2023, 2024, 2025]
        departments = {d.department: d for d in store.departments()}
        assert len(departments) == 3
        assert sorted(len(d.years) for d in departments.values()) == [1, 2, 3]
        assert store.count_documents(year=2024) == 3
        some = [d.doc_id for d in store.documents(year=2024)][:2]
        names, rows = store.relation_rows("expenditure_by_function", doc_ids=some)
        assert rows and {r[names.index("doc_id")] for r in rows} == set(some)
        assert store.relation_rows("figures", doc_ids=[])[1] == []
        page = store.documents(year=2024, limit=2, offset=1)
        assert len(page) == 2 and all(d.year == 2024 for d in page)
        one = next(iter(departments))
        assert {d.department for d in store.documents(search=one[2:6])} >= {one}


# ---------------------------------------------------------------------------- ready queries


def _function_line(disclosure: Disclosure) -> tuple[str, Decimal]:
    (table,) = disclosure.tables_of(TableKind.EXPENDITURE)
    row = next(r for r in table.rows if r.scheme is CodeScheme.FUNCTION and r.level == 3)
    assert row.code is not None
    return row.code, row.values["total"] or Decimal(0)


def test_ready_queries_answer_from_the_corpus(
    db_target: str, corpus: Path, corpus_disclosures: dict[str, Disclosure]
) -> None:
    by_key = {(d.department, d.year): d for d in corpus_disclosures.values()}

    def fact(department: str, year: int, key: str) -> Decimal:
        found = by_key[(department, year)].fact(key)
        assert found is not None
        return found.value

    with open_store(db_target) as store:
        store.ingest_paths([corpus], workers=1)

        ranking = store.query("three-public", year=2024).as_dicts()
        assert len(ranking) == 3
        totals = [r["total"] for r in ranking]
        assert totals == sorted(totals, reverse=True) and [r["rank"] for r in ranking] == [1, 2, 3]
        for row in ranking:
            assert row["total"] == fact(row["department"], 2024, "three_public.total")
            if (row["department"], 2023) in by_key:
                previous = fact(row["department"], 2023, "three_public.total")
                assert row["previous_total"] == previous
                assert row["change"] == row["total"] - previous
            else:
                assert row["previous_total"] is None and row["change"] is None

        side = store.query("departments-year", year=2024).as_dicts()
        assert {r["department"] for r in side} == {d for d, y in by_key if y == 2024}
        for row in side:
            assert row["expenditure_total"] == fact(row["department"], 2024, "expenditure.total")

        shares = store.query("basic-project", year=2023).as_dicts()
        assert len(shares) == 2
        for row in shares:
            basic = fact(row["department"], 2023, "expenditure.basic")
            project = fact(row["department"], 2023, "expenditure.project")
            assert (row["basic"], row["project"]) == (basic, project)
            assert row["basic_pct"] == (100 * basic / (basic + project)).quantize(Decimal("0.01"))
            assert row["basic_pct"] + row["project_pct"] == Decimal(100)

        history_of = next(d for d, y in by_key if y == 2025)
        history = store.query("department-years", department=history_of).as_dicts()
        assert [r["year"] for r in history] == [2023, 2024, 2025]
        totals_by_year = [fact(history_of, y, "expenditure.total") for y in (2023, 2024, 2025)]
        assert [r["expenditure_change"] for r in history] == [
            None,
            totals_by_year[1] - totals_by_year[0],
            totals_by_year[2] - totals_by_year[1],
        ]

        sample = by_key[(history_of, 2024)]
        code, amount = _function_line(sample)
        lines = store.query("function-code", code=code, year=2024).as_dicts()
        mine = [r for r in lines if r["department"] == history_of]
        assert [r["amount"] for r in mine] == [amount]

        findings = store.query("findings").as_dicts()
        expected = {}
        for d in corpus_disclosures.values():
            summary = check(d).summary
            expected[(d.department, d.year)] = (summary["error"], summary["warning"], summary["info"])
        assert {
            (r["department"], r["year"]): (r["errors"], r["warnings"], r["infos"]) for r in findings
        } == expected


def test_query_filters_are_checked(db_target: str, corpus: Path) -> None:
    with open_store(db_target) as store:
        store.ingest_paths([corpus], workers=1)
        with pytest.raises(StoreError, match="需要给出条件"):
            store.query("three-public")
        with pytest.raises(StoreError, match="没有名为"):
            store.query("nothing")
        with pytest.raises(StoreError, match="应是整数"):
            store.query("three-public", year="二〇二四")
        with pytest.raises(StoreError, match="没有条件"):
            store.query("findings", code="201")
        assert len(store.query("findings", limit=2).rows) == 2
        assert store.query("three-public", year=1999).rows == ()


def test_exact_department_filter_matches_the_whole_name(db_target: str, tmp_path: Path) -> None:
    # One department's name is the start of another's: "contains" finds both, "exact" one.
    write_json(tmp_path, "a.json", replace(generated(21, 2024), department="某某市财政局"))
    write_json(tmp_path, "b.json", replace(generated(22, 2024), department="某某市财政局机关服务中心"))
    with open_store(db_target) as store:
        store.ingest_paths([tmp_path], workers=1)
        both = store.query("departments-year", year=2024, department="某某市财政局").as_dicts()
        assert sorted(r["department"] for r in both) == ["某某市财政局", "某某市财政局机关服务中心"]
        for exact in (True, "true", "是"):
            for name in ("departments-year", "three-public", "basic-project", "findings"):
                rows = store.query(name, year=2024, department="某某市财政局", exact=exact).as_dicts()
                assert [r["department"] for r in rows] == ["某某市财政局"], name
        history = store.query("department-years", department="某某市财政局", exact=True).as_dicts()
        assert [r["department"] for r in history] == ["某某市财政局"]
        assert (
            len(store.query("departments-year", year=2024, department="某某市财政局", exact="false").rows)
            == 2
        )
        with pytest.raises(StoreError, match="须与 department"):
            store.query("departments-year", year=2024, exact=True)
        with pytest.raises(StoreError, match="应是 true 或 false"):
            store.query("departments-year", year=2024, department="财政", exact="也许")


def test_every_query_runs_and_labels_its_columns(db_target: str, corpus: Path) -> None:
    needed = {"department": "局", "year": 2024, "code": "201"}
    with open_store(db_target) as store:
        store.ingest_paths([corpus], workers=1)
        for spec in QUERIES.values():
            filters = {p.name: needed[p.name] for p in spec.params if p.required}
            result = store.query(spec.name, **filters)
            assert result.columns == tuple(name for name, _ in spec.columns), spec.name
            assert all(label != name for label, name in zip(result.labels, result.columns, strict=True))


# ---------------------------------------------------------------------------- export


def test_export_parquet_writes_every_table_and_view(db_target: str, corpus: Path, tmp_path: Path) -> None:
    import duckdb

    with open_store(db_target) as store:
        store.ingest_paths([corpus], workers=1)
        counts = store.table_counts()
        written = store.export_parquet(tmp_path / "out")
    assert sorted(p.stem for p in written) == sorted([*TABLES, *VIEWS])
    con = duckdb.connect()
    for table, count in counts.items():
        path = str(tmp_path / "out" / f"{table}.parquet")
        assert con.execute(f"SELECT COUNT(*) FROM '{path}'").fetchone() == (count,)
    amounts = con.execute(
        f"SELECT typeof(amount) FROM '{tmp_path / 'out' / 'lines.parquet'}' LIMIT 1"
    ).fetchone()
    assert amounts is not None and amounts[0].startswith("DECIMAL")


# ---------------------------------------------------------------------------- opening


def test_bad_targets_give_one_chinese_line(tmp_path: Path) -> None:
    for target in (str(tmp_path / "missing" / "x.duckdb"), str(tmp_path), "mysql://host/db", ""):
        with pytest.raises(StoreError) as caught:
            open_store(target)
        assert "\n" not in str(caught.value) and any("\u4e00" <= c <= "\u9fff" for c in str(caught.value))
    with pytest.raises(StoreError, match="PostgreSQL"):
        open_store("postgresql://nobody:wrong@127.0.0.1:1/none")


def test_docs_describe_every_table_view_and_query() -> None:
    text = (REPO / "docs" / "store.md").read_text(encoding="utf-8")
    for name in (*TABLES, *VIEWS, *QUERIES):
        assert f"`{name}`" in text, name


def test_a_worker_that_dies_fails_only_its_file(tmp_path: Path) -> None:
    from store.crashing import crash_on_marked
    from yusuan.store.ingest import CRASHED, Failed, Ready, expand_inputs, run_workers

    for seed in range(40, 50):
        write_json(tmp_path, f"g{seed}.json", generated(seed, 2024))
    write_json(tmp_path, "crash.json", generated(50, 2024))
    tasks = [t for t in expand_inputs([tmp_path]) if not isinstance(t, Failed)]
    outcomes = list(run_workers(tasks, 2, None, work=crash_on_marked))
    assert [o.seq for o in outcomes] == [t.seq for t in tasks]
    failed = [o for o in outcomes if isinstance(o, Failed)]
    assert [(Path(f.source).name, f.message) for f in failed] == [("crash.json", CRASHED)]
    assert sum(isinstance(o, Ready) for o in outcomes) == 10


def test_every_file_of_several_folders_is_reported_once(tmp_path: Path) -> None:
    """Files from two folders and a loose file get distinct sequence numbers, so the ingest
    report lists each of them (a shared number used to drop one file from the report)."""
    from yusuan.store.ingest import Task, expand_inputs

    for folder, names in (("a", ("1.txt", "2.txt", "3.txt")), ("b", ("4.txt", "5.txt"))):
        (tmp_path / folder).mkdir()
        for name in names:
            (tmp_path / folder / name).write_text("x", encoding="utf-8")
    (tmp_path / "6.txt").write_text("x", encoding="utf-8")
    tasks = expand_inputs([tmp_path / "a", tmp_path / "b", tmp_path / "6.txt"])
    assert all(isinstance(t, Task) for t in tasks)
    assert [t.seq for t in tasks] == list(range(6))
