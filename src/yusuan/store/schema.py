"""The store's tables and views, one definition for DuckDB and PostgreSQL.

Every statement here is plain SQL both engines run unchanged. Amounts are ``NUMERIC(38, 10)``:
exact decimals (never floats) wide enough for a figure in 元 converted to 万元. ``doc_id`` is
the first 16 hex digits of the document's SHA-256 content hash, so a worker process can write a
document's rows before the writer has seen it; the full hash is kept to detect a collision.
See docs/store.md for what each table and view holds.
"""

from __future__ import annotations

SCHEMA_VERSION = 3

AMOUNT = "NUMERIC(38, 10)"

_FIGURE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("income_total", "income.total"),
    ("expenditure_total", "expenditure.total"),
    ("basic", "expenditure.basic"),
    ("basic_personnel", "expenditure.basic.personnel"),
    ("basic_public", "expenditure.basic.public"),
    ("project", "expenditure.project"),
    ("general_public", "expenditure.general_public"),
    ("three_public_total", "three_public.total"),
    ("three_public_overseas", "three_public.overseas"),
    ("three_public_vehicle", "three_public.vehicle"),
    ("three_public_vehicle_purchase", "three_public.vehicle_purchase"),
    ("three_public_vehicle_operation", "three_public.vehicle_operation"),
    ("three_public_reception", "three_public.reception"),
    ("three_public_change_stated", "change.three_public.total"),
    ("operating_costs", "operating_costs"),
    ("procurement_total", "procurement.total"),
    ("assets_total", "assets.total"),
)

# table → (column, SQL type), in CSV order. The first column of every table is doc_id.
TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "documents": (
        ("doc_id", "TEXT NOT NULL PRIMARY KEY"),
        ("content_hash", "TEXT NOT NULL"),
        ("source_name", "TEXT NOT NULL"),
        ("department", "TEXT"),
        ("unit_code", "TEXT"),
        ("year", "INTEGER"),
        ("kind", "TEXT NOT NULL"),
        ("scope", "TEXT"),
        ("unit", "TEXT"),
        ("layout", "TEXT"),
        ("doc_key", "TEXT NOT NULL"),
        ("revision", "INTEGER NOT NULL"),
        ("is_current", "BOOLEAN NOT NULL"),
        ("ingested_at", "TIMESTAMP NOT NULL"),
        ("partial", "BOOLEAN NOT NULL"),
        ("skipped", "TEXT"),
        ("errors", "INTEGER NOT NULL"),
        ("warnings", "INTEGER NOT NULL"),
        ("infos", "INTEGER NOT NULL"),
        ("table_count", "INTEGER NOT NULL"),
    ),
    "tables": (
        ("doc_id", "TEXT NOT NULL"),
        ("table_no", "INTEGER NOT NULL"),
        ("kind", "TEXT NOT NULL"),
        ("title", "TEXT"),
        ("unit", "TEXT"),
        ("year", "INTEGER"),
        ("line", "INTEGER"),
        ("page", "INTEGER"),
        ("empty", "BOOLEAN NOT NULL"),
        ("notes", "TEXT"),  # JSON array of strings
        ("source", "TEXT"),
        ("row_count", "INTEGER NOT NULL"),
    ),
    "table_columns": (
        ("doc_id", "TEXT NOT NULL"),
        ("table_no", "INTEGER NOT NULL"),
        ("column_no", "INTEGER NOT NULL"),
        ("key", "TEXT NOT NULL"),
        ("label", "TEXT"),
        ("printed", "BOOLEAN NOT NULL"),  # false: a value's key under no printed column
    ),
    "table_rows": (
        ("doc_id", "TEXT NOT NULL"),
        ("table_no", "INTEGER NOT NULL"),
        ("row_no", "INTEGER NOT NULL"),
        ("code", "TEXT"),
        ("name", "TEXT"),
        ("level", "INTEGER"),
        ("scheme", "TEXT"),
        ("section", "TEXT"),
        ("unit_code", "TEXT"),
        ("code2", "TEXT"),
        ("name2", "TEXT"),
        ("attrs", "TEXT"),  # JSON object: text printed in non-amount columns
        ("line", "INTEGER"),
        ("page", "INTEGER"),
    ),
    "cells": (
        ("doc_id", "TEXT NOT NULL"),
        ("table_no", "INTEGER NOT NULL"),
        ("row_no", "INTEGER NOT NULL"),
        ("column_no", "INTEGER NOT NULL"),
        ("amount", AMOUNT + " NOT NULL"),
    ),
    "facts": (
        ("doc_id", "TEXT NOT NULL"),
        ("fact_no", "INTEGER NOT NULL"),
        ("key", "TEXT NOT NULL"),
        ("value", AMOUNT),
        ("unit", "TEXT"),
        ("text", "TEXT"),
        ("line", "INTEGER"),
        ("page", "INTEGER"),
        ("source", "TEXT"),
    ),
    "figures": (
        ("doc_id", "TEXT NOT NULL"),
        ("key", "TEXT NOT NULL"),
        ("value_wan", AMOUNT),
        ("origin", "TEXT NOT NULL"),
        ("label", "TEXT"),
    ),
    # The same figures, one row per document and one column per figure (fast to compare).
    "key_figures": (("doc_id", "TEXT NOT NULL"), *((name, AMOUNT) for name, _ in _FIGURE_COLUMNS)),
    "function_amounts": (
        ("doc_id", "TEXT NOT NULL"),
        ("code", "TEXT NOT NULL"),
        ("name", "TEXT"),
        ("level", "INTEGER NOT NULL"),
        ("amount_wan", AMOUNT),
        ("table_kind", "TEXT NOT NULL"),
    ),
    "findings": (
        ("doc_id", "TEXT NOT NULL"),
        ("finding_no", "INTEGER NOT NULL"),
        ("rule", "TEXT NOT NULL"),
        ("family", "TEXT NOT NULL"),
        ("severity", "TEXT NOT NULL"),
        ("message", "TEXT NOT NULL"),
        ("rounding", "BOOLEAN NOT NULL"),
        ("fingerprint", "TEXT NOT NULL"),
        ("expected", AMOUNT),
        ("actual", AMOUNT),
        ("difference", AMOUNT),
        ("table_kind", "TEXT"),
        ("table_title", "TEXT"),
        ("row_code", "TEXT"),
        ("row_name", "TEXT"),
        ("column_key", "TEXT"),
        ("column_label", "TEXT"),
        ("line", "INTEGER"),
        ("page", "INTEGER"),
        ("locations", "TEXT"),  # JSON array of every place
    ),
    "projects": (
        ("doc_id", "TEXT NOT NULL"),
        ("project_no", "INTEGER NOT NULL"),
        ("code", "TEXT"),
        ("name", "TEXT"),
        ("amount", AMOUNT),
        ("category", "TEXT"),
        ("unit_code", "TEXT"),
        ("goal", "TEXT"),
        ("description", "TEXT"),
        ("funding", "TEXT"),  # JSON object: funding key → amount
        ("schedule", "TEXT"),  # JSON object: 3月底 → cumulative percent
        ("line", "INTEGER"),
        ("source", "TEXT"),
        ("indicator_count", "INTEGER NOT NULL"),
    ),
    "indicators": (
        ("doc_id", "TEXT NOT NULL"),
        ("project_no", "INTEGER NOT NULL"),
        ("indicator_no", "INTEGER NOT NULL"),
        ("level1", "TEXT"),
        ("level2", "TEXT"),
        ("level3", "TEXT"),
        ("description", "TEXT"),
        ("value", "TEXT"),
        ("comparator", "TEXT"),
        ("number", AMOUNT),
        ("value_unit", "TEXT"),
        ("basis", "TEXT"),
        ("line", "INTEGER"),
    ),
    "procurement": (
        ("doc_id", "TEXT NOT NULL"),
        ("item_no", "INTEGER NOT NULL"),
        ("project", "TEXT"),
        ("item", "TEXT"),
        ("catalogue_code", "TEXT"),
        ("measure", "TEXT"),
        ("quantity", AMOUNT),
        ("unit_price", AMOUNT),
        ("amount", AMOUNT),
        ("project_budget", AMOUNT),
        ("line", "INTEGER"),
        ("source", "TEXT"),
    ),
    "assets": (
        ("doc_id", "TEXT NOT NULL"),
        ("asset_no", "INTEGER NOT NULL"),
        ("name", "TEXT"),
        ("quantity", AMOUNT),
        ("value", AMOUNT),
        ("level", "INTEGER NOT NULL"),
        ("line", "INTEGER"),
        ("source", "TEXT"),
    ),
}

# Tables a worker fills for one document (documents itself is written by the writer).
CHILD_TABLES: tuple[str, ...] = tuple(t for t in TABLES if t != "documents")


def columns(table: str) -> tuple[str, ...]:
    return tuple(name for name, _ in TABLES[table])


def create_tables() -> list[str]:
    statements = [
        "CREATE TABLE IF NOT EXISTS store_meta (key TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL)"
    ]
    for table, cols in TABLES.items():
        body = ", ".join(f'"{name}" {sql}' for name, sql in cols)
        statements.append(f"CREATE TABLE IF NOT EXISTS {table} ({body})")
    return statements


# Indexes for looking up one document's rows (PostgreSQL; DuckDB scans fast without them and
# its indexes slow bulk loads down).
POSTGRES_INDEXES: tuple[str, ...] = (
    *(f"CREATE INDEX IF NOT EXISTS {t}_doc ON {t} (doc_id)" for t in CHILD_TABLES),
    "CREATE INDEX IF NOT EXISTS documents_key ON documents (doc_key)",
    "CREATE INDEX IF NOT EXISTS documents_hash ON documents (content_hash)",
    "CREATE INDEX IF NOT EXISTS function_amounts_code ON function_amounts (code)",
)

FIGURE_KEYS: tuple[str, ...] = tuple(key for _, key in _FIGURE_COLUMNS)

_PICKED = ", ".join(f"k.{name}" for name, _ in _FIGURE_COLUMNS)

_DOC = (
    "d.doc_id, d.department, d.unit_code, d.year, d.kind, d.scope, d.revision, d.is_current,"
    " d.errors, d.warnings, d.infos"
)

# name → (SQL, Chinese description). Documented in docs/store.md.
VIEWS: dict[str, tuple[str, str]] = {
    "lines": (
        "SELECT r.doc_id, r.table_no, t.kind AS table_kind, r.row_no, r.code, r.name, r.level, r.scheme,"
        " r.section, r.unit_code, c.column_no, k.key AS column_key, k.label AS column_label, c.amount,"
        " t.unit, r.line, r.page\n"
        "FROM table_rows r JOIN tables t ON t.doc_id = r.doc_id AND t.table_no = r.table_no\n"
        "LEFT JOIN cells c ON c.doc_id = r.doc_id AND c.table_no = r.table_no AND c.row_no = r.row_no\n"
        "LEFT JOIN table_columns k ON k.doc_id = c.doc_id AND k.table_no = c.table_no"
        " AND k.column_no = c.column_no",
        "表格的每个金额一行（文件、表格类型、行的科目编码、名称、级次、列的键和标题、金额、单位、源文件行号）；"
        "没有金额的行也有一行（列为空）。",
    ),
    "current_documents": (
        "SELECT * FROM documents WHERE is_current",
        "每份文件的当前版本（同一部门、年度、类型、范围的最新一次导入）。",
    ),
    "document_figures": (
        f"SELECT {_DOC},\n  {_PICKED}\nFROM documents d LEFT JOIN key_figures k ON k.doc_id = d.doc_id",
        "每份文件的主要数字（万元）：收支总计、基本支出、项目支出、“三公”经费及其构成、机关运行经费等；"
        "取自表格，表格没有时取自说明文字。",
    ),
    "expenditure_by_function": (
        "SELECT d.doc_id, d.department, d.year, d.kind, d.scope, a.code, a.name, a.level, a.amount_wan,"
        " a.table_kind\nFROM function_amounts a JOIN documents d ON d.doc_id = a.doc_id WHERE d.is_current",
        "当前文件按支出功能分类科目（类、款、项）的支出金额（万元）。",
    ),
    "three_public_by_document": (
        "SELECT doc_id, department, year, kind, scope, three_public_total AS total,"
        " three_public_overseas AS overseas, three_public_vehicle AS vehicle,"
        " three_public_vehicle_purchase AS vehicle_purchase,"
        " three_public_vehicle_operation AS vehicle_operation, three_public_reception AS reception,"
        " three_public_change_stated AS change_stated\nFROM document_figures WHERE is_current",
        "当前文件的“三公”经费及其构成（万元），以及说明中所述的比上年增减。",
    ),
    "basic_vs_project": (
        "SELECT doc_id, department, year, kind, scope, expenditure_total, basic, project,"
        " CAST(100 * basic / NULLIF(basic + project, 0) AS NUMERIC(12, 2)) AS basic_pct,"
        " CAST(100 * project / NULLIF(basic + project, 0) AS NUMERIC(12, 2)) AS project_pct\n"
        "FROM document_figures WHERE is_current",
        "当前文件的基本支出、项目支出（万元）及各占两者之和的百分比。",
    ),
    "findings_by_document": (
        "SELECT d.doc_id, d.department, d.year, d.kind, d.scope, d.errors, d.warnings, d.infos\n"
        "FROM documents d WHERE d.is_current",
        "当前文件检查发现的问题数：错误、警告、提示。",
    ),
}


def create_views() -> list[str]:
    return [f"CREATE OR REPLACE VIEW {name} AS\n{sql}" for name, (sql, _) in VIEWS.items()]
