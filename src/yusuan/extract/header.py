"""Flattening multi-row table headers into one label path per column.

Two input shapes occur:

* rows padded to the full width with empty cells under a merged cell (PDF text, XLSX), where
  an upper label belongs to the columns to its right that have lower labels but no upper one;
* rows where a merged cell was printed once (Word tables read as one cell per line), so an
  upper row has fewer cells than the table has columns and must be aligned to the rows below.
"""

from __future__ import annotations

from functools import lru_cache

_GROUP_START = frozenset({"小计", "合计"})


# Memoised (a pure function of the text): every cell of every table row is cleaned, some several
# times (header detection, repeated headers, totals), and the same labels recur in every table.
@lru_cache(maxsize=8192)
def clean_label(text: str) -> str:
    # str.split() cuts at exactly the characters [\s\u3000] matches, without a regex.
    return "".join(text.split())


def label_paths(header: list[tuple[tuple[str, ...], bool]], width: int) -> list[tuple[str, ...]]:
    """One tuple of labels (top to bottom, without repeats) per column.

    ``header`` holds each header row's cells and whether the reader collapsed merged cells.
    """
    if not header:
        return [() for _ in range(width)]
    grid: list[list[str]] = [[""] * width for _ in header]
    # Bottom-up, so that a collapsed row can be aligned with the expanded rows below it.
    for r in range(len(header) - 1, -1, -1):
        cells, collapsed = header[r]
        labels = list(map(clean_label, cells))
        lower = grid[r + 1 :]
        below = [any(column) for column in zip(*lower, strict=True)] if lower else [False] * width
        if not any(below):
            # Nothing below (the bottom row): each label keeps the column it was printed in.
            grid[r] = labels + [""] * (width - len(labels))
        elif collapsed and len(labels) < width:
            grid[r] = _align_collapsed(labels, below, lower, width)
        else:
            grid[r] = _fill_spans(labels + [""] * (width - len(labels)), below, lower[0] if lower else None)
    paths: list[tuple[str, ...]] = []
    for column in zip(*grid, strict=True):  # top to bottom
        path: list[str] = []
        for label in column:
            if label and (not path or path[-1] != label):
                path.append(label)
        paths.append(tuple(path))
    return paths


def _fill_spans(labels: list[str], below: list[bool], lower: list[str] | None) -> list[str]:
    """Extend each label to the right over columns that have content below but no label here."""
    width = len(labels)
    starts = [j for j, label in enumerate(labels) if label]
    spans: list[tuple[int, int]] = []
    for i, start in enumerate(starts):
        end = start
        limit = starts[i + 1] if i + 1 < len(starts) else width
        while end + 1 < limit and below[end + 1] and below[start]:
            end += 1
        spans.append((start, end))
    spans = _realign_on_subtotals(spans, lower, width)
    # Rebuilt from the spans alone: a realigned span no longer covers the column it was printed in.
    filled = [""] * width
    for (start, end), label in zip(spans, (labels[s] for s in starts), strict=True):
        for j in range(start, end + 1):
            filled[j] = label
    return filled


def _realign_on_subtotals(
    spans: list[tuple[int, int]], lower: list[str] | None, width: int
) -> list[tuple[int, int]]:
    """PDF text often shifts group labels by a column; 小计 cells below show where groups start.

    When the groups that have a 小计 below them are as many as the 小计 cells, each such group
    is re-spanned from its 小计 to the column before the next one.
    """
    if lower is None:
        return spans
    subtotals = [j for j, label in enumerate(lower) if label in _GROUP_START]
    grouped = (
        [i for i, (start, end) in enumerate(spans) if end > start and end >= subtotals[0]]
        if subtotals
        else []
    )
    if len(subtotals) < 2 or len(grouped) != len(subtotals):
        return spans
    result = list(spans)
    for n, i in enumerate(grouped):
        start = subtotals[n]
        end = (subtotals[n + 1] - 1) if n + 1 < len(subtotals) else max(spans[i][1], start)
        result[i] = (start, end)
    # A label that was not a group keeps its own column unless a group now covers it.
    for i, (start, _) in enumerate(result):
        if i not in grouped and any(s <= start <= e for k, (s, e) in enumerate(result) if k in grouped):
            result[i] = (width, width - 1)  # empty span
    return result


def _align_collapsed(
    labels: list[str], below: list[bool], lower_rows: list[list[str]], width: int
) -> list[str]:
    """Give each printed cell of a collapsed row the columns it spans.

    A cell over a column with nothing below is a vertical merge and takes that one column; a
    cell over labelled columns takes the run of them, split where the labels below start over
    (a repeated 项目, or a 小计/合计 that opens the next group).
    """
    out = [""] * width
    j = 0
    for n, label in enumerate(labels):
        if j >= width:
            break
        if not below[j]:
            out[j] = label
            j += 1
            continue
        run_end = j
        while run_end + 1 < width and below[run_end + 1]:
            run_end += 1
        remaining_cells = len(labels) - n - 1
        remaining_columns = width - (run_end + 1)
        end = run_end
        if remaining_cells > remaining_columns:
            end = _split_point(j, run_end, lower_rows)
        for k in range(j, end + 1):
            out[k] = label
        j = end + 1
    return out


def _split_point(start: int, end: int, lower_rows: list[list[str]]) -> int:
    bottom = lower_rows[0] if lower_rows else []
    first = bottom[start] if start < len(bottom) else ""
    for k in range(start + 1, end + 1):
        label = bottom[k] if k < len(bottom) else ""
        if label == first or label in _GROUP_START:
            return k - 1
    return end
