"""The JSON form of a :class:`~yusuan.model.Disclosure`, and back.

``to_dict`` and ``from_dict`` are exact inverses: ``from_dict(to_dict(d)) == d`` for every
disclosure. Amounts are written as strings holding the ``Decimal`` as printed (``"5497.60"``
keeps its two decimals; never a float), empty cells as ``null``. The layout of the output is
described by ``schema/disclosure.schema.json`` (JSON Schema draft 2020-12) and ``docs/json.md``.

Optional provenance fields (``page`` everywhere; ``scheme``, ``unit_code``, ``section``,
``code2``, ``name2`` and ``attrs`` on table rows) are written only when set, so the common case
stays small; every other field is always present.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from importlib import resources
from typing import Any, TypeVar

from yusuan.model import (
    SCHEMA_VERSION,
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
    Row,
    Scope,
    Table,
    TableKind,
    TocEntry,
)

__all__ = [
    "SCHEMA_RESOURCE",
    "JsonFormatError",
    "dumps",
    "from_dict",
    "load_schema",
    "loads",
    "to_dict",
]

SCHEMA_RESOURCE = "schema/disclosure.schema.json"

JsonObject = dict[str, Any]
_T = TypeVar("_T")


class JsonFormatError(ValueError):
    """The data is not a disclosure in yusuan's JSON form (wrong version, missing key, bad amount)."""


# --------------------------------------------------------------------------------------------
# Disclosure -> dict


def _amount(value: Decimal) -> str:
    if not value.is_finite():
        raise ValueError(f"amount is not a finite number: {value!r}")
    # Fixed-point notation keeps the printed scale ("5497.60", "0.00") and never uses exponents.
    return format(value, "f")


def _opt_amount(value: Decimal | None) -> str | None:
    return None if value is None else _amount(value)


def _amounts(values: Mapping[str, Decimal | None]) -> dict[str, str | None]:
    return {key: _opt_amount(v) for key, v in values.items()}


def _with_page(obj: JsonObject, page: int | None) -> JsonObject:
    if page is not None:
        obj["page"] = page
    return obj


def _row(row: Row) -> JsonObject:
    obj: JsonObject = {
        "code": row.code,
        "name": row.name,
        "level": row.level,
        "values": _amounts(row.values),
        "line": row.line,
    }
    _with_page(obj, row.page)
    if row.scheme is not None:
        obj["scheme"] = row.scheme.value
    for key in ("unit_code", "section", "code2", "name2"):
        value = getattr(row, key)
        if value is not None:
            obj[key] = value
    if row.attrs:
        obj["attrs"] = dict(row.attrs)
    if row.repaired:
        obj["repaired"] = True
    return obj


def _table(table: Table) -> JsonObject:
    obj: JsonObject = {
        "kind": table.kind.value,
        "title": table.title,
        "columns": [{"key": c.key, "label": c.label} for c in table.columns],
        "rows": [_row(r) for r in table.rows],
        "notes": list(table.notes),
        "note_lines": list(table.note_lines),
        "empty": table.empty,
        "line": table.line,
        "unit": table.unit,
        "year": table.year,
    }
    return _with_page(obj, table.page)


def _fact(fact: Fact) -> JsonObject:
    obj: JsonObject = {
        "key": fact.key,
        "value": _amount(fact.value),
        "unit": fact.unit,
        "text": fact.text,
        "line": fact.line,
    }
    return _with_page(obj, fact.page)


def _indicator(ind: Indicator) -> JsonObject:
    return {
        "level1": ind.level1,
        "level2": ind.level2,
        "level3": ind.level3,
        "description": ind.description,
        "value": ind.value,
        "comparator": ind.comparator,
        "number": _opt_amount(ind.number),
        "value_unit": ind.value_unit,
        "basis": ind.basis,
        "line": ind.line,
    }


def _project(p: Project) -> JsonObject:
    return {
        "code": p.code,
        "name": p.name,
        "amount": _opt_amount(p.amount),
        "unit_code": p.unit_code,
        "category": p.category,
        "funding": _amounts(p.funding),
        "schedule": {key: _amount(v) for key, v in p.schedule.items()},
        "goal": p.goal,
        "description": p.description,
        "indicators": [_indicator(i) for i in p.indicators],
        "line": p.line,
    }


def _procurement(item: ProcurementItem) -> JsonObject:
    return {
        "project": item.project,
        "item": item.item,
        "catalogue_code": item.catalogue_code,
        "measure": item.measure,
        "quantity": _opt_amount(item.quantity),
        "unit_price": _opt_amount(item.unit_price),
        "amount": _opt_amount(item.amount),
        "project_budget": _opt_amount(item.project_budget),
        "values": _amounts(item.values),
        "line": item.line,
    }


def _asset(a: AssetLine) -> JsonObject:
    return {
        "name": a.name,
        "quantity": _opt_amount(a.quantity),
        "value": _opt_amount(a.value),
        "level": a.level,
        "line": a.line,
    }


def _org(u: OrgUnit) -> JsonObject:
    return {
        "name": u.name,
        "code": u.code,
        "nature": u.nature,
        "rank": u.rank,
        "funding_form": u.funding_form,
        "line": u.line,
    }


def to_dict(d: Disclosure) -> JsonObject:
    """The JSON-ready form of a disclosure (only ``str``, ``int``, ``bool``, ``None``, lists, dicts)."""
    return {
        "schema": d.schema,
        "source": d.source,
        "kind": d.kind.value,
        "department": d.department,
        "unit_code": d.unit_code,
        "year": d.year,
        "scope": None if d.scope is None else d.scope.value,
        "unit": d.unit,
        "layout": d.layout,
        "partial": d.partial,
        "skipped": list(d.skipped),
        "organization": [_sourced(_org(u), u.source) for u in d.organization],
        "toc": [_sourced({"title": t.title, "number": t.number, "line": t.line}, t.source) for t in d.toc],
        "tables": [_sourced(_table(t), t.source) for t in d.tables],
        "facts": [_sourced(_fact(f), f.source) for f in d.facts],
        "projects": [_sourced(_project(p), p.source) for p in d.projects],
        "procurement": [_sourced(_procurement(i), i.source) for i in d.procurement],
        "assets": [_sourced(_asset(a), a.source) for a in d.assets],
        "paragraphs": [
            _sourced(_with_page({"text": p.text, "line": p.line}, p.page), p.source) for p in d.paragraphs
        ],
    }


def _sourced(obj: JsonObject, source: str | None) -> JsonObject:
    """``source`` names the file an item came from, only in a disclosure combined from several."""
    if source is not None:
        obj["source"] = source
    return obj


def dumps(data: Disclosure | Sequence[Disclosure]) -> str:
    """JSON text of one disclosure (an object) or of several (a list), UTF-8-ready, indented."""
    obj: JsonObject | list[JsonObject]
    obj = to_dict(data) if isinstance(data, Disclosure) else [to_dict(d) for d in data]
    return json.dumps(obj, ensure_ascii=False, indent=2)


# --------------------------------------------------------------------------------------------
# dict -> Disclosure


def _object(obj: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(obj, Mapping):
        raise JsonFormatError(f"{where}: expected an object, got {type(obj).__name__}")
    return obj


def _get(obj: Mapping[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if key not in obj:
        raise JsonFormatError(f"{where}: missing key {key!r}")
    value = obj[key]
    if not isinstance(value, kind):
        raise JsonFormatError(f"{where}.{key}: unexpected value {value!r}")
    return value


def _str(obj: Mapping[str, Any], key: str, where: str) -> str:
    value: str = _get(obj, key, str, where)
    return value


def _opt_str(obj: Mapping[str, Any], key: str, where: str, *, optional_key: bool = False) -> str | None:
    if optional_key and key not in obj:
        return None
    value: str | None = _get(obj, key, (str, type(None)), where)
    return value


def _int(obj: Mapping[str, Any], key: str, where: str) -> int:
    value = _get(obj, key, int, where)
    if isinstance(value, bool):
        raise JsonFormatError(f"{where}.{key}: expected an integer, got {value!r}")
    return int(value)


def _opt_int(obj: Mapping[str, Any], key: str, where: str, *, optional_key: bool = False) -> int | None:
    if optional_key and key not in obj:
        return None
    value = _get(obj, key, (int, type(None)), where)
    if isinstance(value, bool):
        raise JsonFormatError(f"{where}.{key}: expected an integer, got {value!r}")
    return None if value is None else int(value)


def _bool(obj: Mapping[str, Any], key: str, where: str) -> bool:
    value: bool = _get(obj, key, bool, where)
    return value


def _list(obj: Mapping[str, Any], key: str, where: str) -> list[Any]:
    value: list[Any] = _get(obj, key, list, where)
    return value


def _decimal(text: Any, where: str) -> Decimal:
    if not isinstance(text, str):
        raise JsonFormatError(f"{where}: amounts are strings, got {text!r}")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise JsonFormatError(f"{where}: not a decimal number: {text!r}") from None
    if not value.is_finite():
        raise JsonFormatError(f"{where}: not a finite number: {text!r}")
    return value


def _opt_decimal(obj: Mapping[str, Any], key: str, where: str) -> Decimal | None:
    value = _get(obj, key, (str, type(None)), where)
    return None if value is None else _decimal(value, f"{where}.{key}")


def _amount_map(obj: Mapping[str, Any], key: str, where: str) -> dict[str, Decimal | None]:
    values: dict[str, Any] = _get(obj, key, dict, where)
    return {k: None if v is None else _decimal(v, f"{where}.{key}.{k}") for k, v in values.items()}


def _items(
    obj: Mapping[str, Any], key: str, where: str, build: Callable[[Mapping[str, Any], str], _T]
) -> tuple[_T, ...]:
    built = []
    for i, item in enumerate(_list(obj, key, where)):
        item_where = f"{where}.{key}[{i}]"
        value = build(_object(item, item_where), item_where)
        source = _opt_str(item, "source", item_where, optional_key=True)
        if source is not None and hasattr(value, "source"):
            value = replace(value, source=source)  # type: ignore[type-var]
        built.append(value)
    return tuple(built)


def _strings(obj: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    items = _list(obj, key, where)
    for i, item in enumerate(items):
        if not isinstance(item, str):
            raise JsonFormatError(f"{where}.{key}[{i}]: expected a string, got {item!r}")
    return tuple(items)


def _enum(cls: Callable[[str], _T], value: str, where: str) -> _T:
    try:
        return cls(value)
    except ValueError:
        raise JsonFormatError(f"{where}: unknown value {value!r}") from None


def _row_from(obj: Mapping[str, Any], where: str) -> Row:
    scheme = _opt_str(obj, "scheme", where, optional_key=True)
    attrs: Any = obj.get("attrs", {})
    if not isinstance(attrs, dict) or not all(isinstance(v, str) for v in attrs.values()):
        raise JsonFormatError(f"{where}.attrs: expected an object of strings")
    return Row(
        code=_opt_str(obj, "code", where),
        name=_str(obj, "name", where),
        level=_opt_int(obj, "level", where),
        values=_amount_map(obj, "values", where),
        line=_int(obj, "line", where),
        page=_opt_int(obj, "page", where, optional_key=True),
        scheme=None if scheme is None else _enum(CodeScheme, scheme, f"{where}.scheme"),
        unit_code=_opt_str(obj, "unit_code", where, optional_key=True),
        section=_opt_str(obj, "section", where, optional_key=True),
        code2=_opt_str(obj, "code2", where, optional_key=True),
        name2=_opt_str(obj, "name2", where, optional_key=True),
        attrs=dict(attrs),
        repaired=_bool(obj, "repaired", where) if "repaired" in obj else False,
    )


def _column_from(obj: Mapping[str, Any], where: str) -> Column:
    return Column(key=_str(obj, "key", where), label=_str(obj, "label", where))


def _table_from(obj: Mapping[str, Any], where: str) -> Table:
    return Table(
        kind=_enum(TableKind, _str(obj, "kind", where), f"{where}.kind"),
        title=_str(obj, "title", where),
        columns=_items(obj, "columns", where, _column_from),
        rows=_items(obj, "rows", where, _row_from),
        notes=_strings(obj, "notes", where),
        note_lines=tuple(_int({"n": n}, "n", f"{where}.note_lines") for n in obj.get("note_lines", [])),
        empty=_bool(obj, "empty", where),
        line=_int(obj, "line", where),
        page=_opt_int(obj, "page", where, optional_key=True),
        unit=_opt_str(obj, "unit", where),
        year=_opt_int(obj, "year", where),
    )


def _fact_from(obj: Mapping[str, Any], where: str) -> Fact:
    return Fact(
        key=_str(obj, "key", where),
        value=_decimal(_get(obj, "value", str, where), f"{where}.value"),
        unit=_str(obj, "unit", where),
        text=_str(obj, "text", where),
        line=_int(obj, "line", where),
        page=_opt_int(obj, "page", where, optional_key=True),
    )


def _indicator_from(obj: Mapping[str, Any], where: str) -> Indicator:
    return Indicator(
        level1=_str(obj, "level1", where),
        level2=_str(obj, "level2", where),
        level3=_str(obj, "level3", where),
        description=_str(obj, "description", where),
        value=_str(obj, "value", where),
        comparator=_opt_str(obj, "comparator", where),
        number=_opt_decimal(obj, "number", where),
        value_unit=_opt_str(obj, "value_unit", where),
        basis=_str(obj, "basis", where),
        line=_int(obj, "line", where),
    )


def _project_from(obj: Mapping[str, Any], where: str) -> Project:
    schedule: dict[str, Any] = _get(obj, "schedule", dict, where)
    return Project(
        code=_opt_str(obj, "code", where),
        name=_str(obj, "name", where),
        amount=_opt_decimal(obj, "amount", where),
        funding=_amount_map(obj, "funding", where),
        schedule={k: _decimal(v, f"{where}.schedule.{k}") for k, v in schedule.items()},
        goal=_str(obj, "goal", where),
        indicators=_items(obj, "indicators", where, _indicator_from),
        line=_int(obj, "line", where),
        unit_code=_opt_str(obj, "unit_code", where),
        category=_opt_str(obj, "category", where),
        description=_str(obj, "description", where),
    )


def _procurement_from(obj: Mapping[str, Any], where: str) -> ProcurementItem:
    return ProcurementItem(
        project=_str(obj, "project", where),
        item=_str(obj, "item", where),
        catalogue_code=_opt_str(obj, "catalogue_code", where),
        measure=_opt_str(obj, "measure", where),
        quantity=_opt_decimal(obj, "quantity", where),
        unit_price=_opt_decimal(obj, "unit_price", where),
        amount=_opt_decimal(obj, "amount", where),
        line=_int(obj, "line", where),
        project_budget=_opt_decimal(obj, "project_budget", where),
        values=_amount_map(obj, "values", where),
    )


def _asset_from(obj: Mapping[str, Any], where: str) -> AssetLine:
    return AssetLine(
        name=_str(obj, "name", where),
        quantity=_opt_decimal(obj, "quantity", where),
        value=_opt_decimal(obj, "value", where),
        line=_int(obj, "line", where),
        level=_int(obj, "level", where),
    )


def _org_from(obj: Mapping[str, Any], where: str) -> OrgUnit:
    return OrgUnit(
        name=_str(obj, "name", where),
        nature=_opt_str(obj, "nature", where),
        rank=_opt_str(obj, "rank", where),
        funding_form=_opt_str(obj, "funding_form", where),
        line=_int(obj, "line", where),
        code=_opt_str(obj, "code", where),
    )


def _toc_from(obj: Mapping[str, Any], where: str) -> TocEntry:
    return TocEntry(
        title=_str(obj, "title", where), line=_int(obj, "line", where), number=_opt_str(obj, "number", where)
    )


def _paragraph_from(obj: Mapping[str, Any], where: str) -> Paragraph:
    return Paragraph(
        text=_str(obj, "text", where),
        line=_int(obj, "line", where),
        page=_opt_int(obj, "page", where, optional_key=True),
    )


def from_dict(data: Mapping[str, Any]) -> Disclosure:
    """Rebuild a disclosure from :func:`to_dict` output (e.g. read back from a JSON file).

    Raises :class:`JsonFormatError` when ``data`` is not in this schema version's form.
    """
    where = "$"
    data = _object(data, where)
    version = _str(data, "schema", where)
    if version != SCHEMA_VERSION:
        raise JsonFormatError(f"$.schema: expected {SCHEMA_VERSION!r}, got {version!r}")
    scope = _opt_str(data, "scope", where)
    return Disclosure(
        source=_str(data, "source", where),
        department=_opt_str(data, "department", where),
        unit_code=_opt_str(data, "unit_code", where),
        year=_opt_int(data, "year", where),
        scope=None if scope is None else _enum(Scope, scope, "$.scope"),
        kind=_enum(DocumentKind, _str(data, "kind", where), "$.kind"),
        unit=_opt_str(data, "unit", where),
        organization=_items(data, "organization", where, _org_from),
        toc=_items(data, "toc", where, _toc_from),
        tables=_items(data, "tables", where, _table_from),
        facts=_items(data, "facts", where, _fact_from),
        projects=_items(data, "projects", where, _project_from),
        procurement=_items(data, "procurement", where, _procurement_from),
        assets=_items(data, "assets", where, _asset_from),
        paragraphs=_items(data, "paragraphs", where, _paragraph_from),
        partial=_bool(data, "partial", where),
        skipped=_strings(data, "skipped", where),
        layout=_opt_str(data, "layout", where),
        schema=version,
    )


def loads(text: str) -> Disclosure | list[Disclosure]:
    """Parse JSON text written by :func:`dumps`: one disclosure, or a list for a JSON array."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise JsonFormatError(f"not JSON: {exc}") from None
    if isinstance(data, list):
        return [from_dict(item) for item in data]
    if not isinstance(data, dict):
        raise JsonFormatError("$: expected an object or a list of objects")
    return from_dict(data)


def load_schema() -> JsonObject:
    """The JSON Schema (draft 2020-12) of :func:`to_dict` output, as shipped in the package."""
    text = resources.files("yusuan").joinpath(SCHEMA_RESOURCE).read_text(encoding="utf-8")
    schema: JsonObject = json.loads(text)
    return schema
