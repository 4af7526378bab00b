"""The corpus store: many disclosures in one database, for querying and comparing.

``open_store("yusuan.duckdb")`` (an embedded DuckDB file) or
``open_store("postgresql://user:pass@host/db")`` gives a :class:`Store`; see docs/store.md.
Needs the ``store`` extra (``pip install 'yusuan[store]'``).
"""

from yusuan.store.core import Store, open_store, tidy
from yusuan.store.ingest import Progress
from yusuan.store.queries import QUERIES
from yusuan.store.schema import SCHEMA_VERSION, TABLES, VIEWS
from yusuan.store.types import (
    DepartmentSummary,
    DocumentDetail,
    DocumentSummary,
    IngestItem,
    IngestResult,
    IngestStatus,
    QueryParam,
    QueryResult,
    QuerySpec,
    StoredAsset,
    StoredColumn,
    StoredFact,
    StoredFigure,
    StoredFinding,
    StoredIndicator,
    StoredProcurement,
    StoredProject,
    StoredRow,
    StoredTable,
    StoreError,
)

__all__ = [
    "QUERIES",
    "SCHEMA_VERSION",
    "TABLES",
    "VIEWS",
    "DepartmentSummary",
    "DocumentDetail",
    "DocumentSummary",
    "IngestItem",
    "IngestResult",
    "IngestStatus",
    "Progress",
    "QueryParam",
    "QueryResult",
    "QuerySpec",
    "Store",
    "StoreError",
    "StoredAsset",
    "StoredColumn",
    "StoredFact",
    "StoredFigure",
    "StoredFinding",
    "StoredIndicator",
    "StoredProcurement",
    "StoredProject",
    "StoredRow",
    "StoredTable",
    "open_store",
    "tidy",
]
