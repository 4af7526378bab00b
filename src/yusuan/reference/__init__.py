"""Classification reference data (支出功能分类, 部门/政府预算支出经济分类), versioned by budget year.

``load_reference(year)`` gives the codes and names known for a budget year: the rows shipped with
the package (each with its status and provenance; see docs/reference-data.md) and the official
list the user imported with ``import_official`` (``yusuan codes import FILE --year YYYY``), which
takes precedence.
"""

from yusuan.reference.importer import ImportResult, import_official
from yusuan.reference.model import ReferenceRow, Status
from yusuan.reference.names import normalize_name, same_name
from yusuan.reference.reference import CodeReference, load_reference
from yusuan.reference.store import ENV_DATA_DIR, official_path, user_data_dir

__all__ = [
    "ENV_DATA_DIR",
    "CodeReference",
    "ImportResult",
    "ReferenceRow",
    "Status",
    "import_official",
    "load_reference",
    "normalize_name",
    "official_path",
    "same_name",
    "user_data_dir",
]
