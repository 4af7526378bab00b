"""What one PDF page holds for layout: characters with boxes and the ruling lines, via PDFium.

This is the only module that talks to PDFium (through pypdfium2's raw bindings, which are
untyped: every value is converted to a plain Python type on the way out). Everything is
returned in *display space*: points, origin at the top-left corner of the page as a reader sees
it, ``y`` growing downwards, with the page's ``/Rotate`` and crop box applied, so a landscape
page stored as a rotated portrait page reads the same as one stored landscape.

Characters come from PDFium's text page with their *loose* boxes (font ascent to descent, the
same height for every character of a line, unlike the tight glyph box of a comma or a dot).
Ruling lines come from the page's path objects: every straight, axis-parallel segment of a
stroked path, and every filled rectangle thin enough to be a line (some generators draw table
borders as 1-point filled rectangles). White or transparent paint is not a line: cell
backgrounds and page-wide white fills would otherwise look like borders.
"""

from __future__ import annotations

import ctypes
import itertools
import math
from collections.abc import Iterator
from dataclasses import dataclass

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]

_WHITESPACE = frozenset(" \t\r\n\u3000\xa0\ufeff\x00")
_CONTROL = frozenset(chr(c) for c in range(32)) | {"\x7f", "\u200b", "\u200c", "\u200d", "\u2060"}
_THIN = 3.0  # a filled rectangle at most this thick is a line, not a shaded area
_MAX_FORM_DEPTH = 8

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass(frozen=True, slots=True)
class Char:
    """One printed character and its box in display space."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    space: bool = False  # a space character was typed just before this one

    @property
    def size(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True, slots=True)
class Edge:
    """A straight ruling line: ``pos`` is its y (horizontal) or x (vertical); it runs start–end."""

    horizontal: bool
    pos: float
    start: float
    end: float


@dataclass(frozen=True, slots=True)
class PageContent:
    width: float
    height: float
    chars: tuple[Char, ...]
    edges: tuple[Edge, ...]
    images: int  # image objects: a page with images and no characters is a scan
    unmapped: int  # characters whose font gives no Unicode (their text is unknown)


@dataclass(frozen=True, slots=True)
class _Display:
    """Maps PDF user space to display space for a page's rotation and crop box."""

    rotation: int
    left: float
    bottom: float
    right: float
    top: float

    @property
    def size(self) -> tuple[float, float]:
        w, h = self.right - self.left, self.top - self.bottom
        return (h, w) if self.rotation in (90, 270) else (w, h)

    def point(self, x: float, y: float) -> tuple[float, float]:
        if self.rotation == 90:
            return y - self.bottom, x - self.left
        if self.rotation == 180:
            return self.right - x, y - self.bottom
        if self.rotation == 270:
            return self.top - y, self.right - x
        return x - self.left, self.top - y

    def box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) in display space of a user-space rectangle."""
        if self.rotation == 0:  # the common case, without the general transform
            return x0 - self.left, self.top - max(y0, y1), x1 - self.left, self.top - min(y0, y1)
        ax, ay = self.point(x0, y0)
        bx, by = self.point(x1, y1)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def read_page(page: pdfium.PdfPage) -> PageContent:
    """Characters, ruling lines and image count of one page."""
    display = _display(page)
    width, height = display.size
    chars, unmapped = _chars(page, display)
    edges: list[Edge] = []
    images = 0
    for obj, matrix in _objects(page.raw):
        kind = int(pdfium_c.FPDFPageObj_GetType(obj))
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            edges.extend(_path_edges(obj, matrix, display))
        elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            images += 1
    inside = [e for e in edges if _on_page(e, width, height)]
    return PageContent(width, height, tuple(chars), tuple(inside), images, unmapped)


def _display(page: pdfium.PdfPage) -> _Display:
    left, bottom, right, top = (float(v) for v in page.get_cropbox())
    rotation = int(page.get_rotation()) % 360
    return _Display(rotation, left, bottom, right, top)


# --- characters ----------------------------------------------------------------------------


def _chars(page: pdfium.PdfPage, display: _Display) -> tuple[list[Char], int]:
    textpage = pdfium_c.FPDFText_LoadPage(page.raw)
    if not textpage:
        return [], 0
    try:
        return _read_chars(textpage, display)
    finally:
        pdfium_c.FPDFText_ClosePage(textpage)


def _read_chars(textpage: object, display: _Display) -> tuple[list[Char], int]:
    """The page's characters, without whitespace, slanted text and overprinted copies.

    Each PDFium call costs about a microsecond, so calls are saved where the answer is known:
    the Unicode-map check only for characters outside the common CJK, ASCII and punctuation
    blocks (a failed map yields odd code points), the angle only where a character does not
    sit on the line of the one before (upright text on one line shares its angle).
    """
    count = int(pdfium_c.FPDFText_CountChars(textpage))
    if count <= 0:
        return [], 0
    text = _all_text(textpage, count)
    get_unicode, is_generated = pdfium_c.FPDFText_GetUnicode, pdfium_c.FPDFText_IsGenerated
    map_error, loose_box = pdfium_c.FPDFText_HasUnicodeMapError, pdfium_c.FPDFText_GetLooseCharBox
    get_angle = pdfium_c.FPDFText_GetCharAngle
    box = display.box
    rect = pdfium_c.FS_RECTF()
    chars: list[Char] = []
    seen: set[tuple[str, int, int]] = set()
    unmapped = 0
    typed_space = False
    previous_bottom, slanted = float("nan"), False
    for index in range(count):
        ch = text[index] if text is not None else chr(int(get_unicode(textpage, index)))
        if ch in "\ufffe\x02":  # PDFium's mark for a hyphen ending a line: printed, so kept
            ch = "-"
        if ch in _WHITESPACE:
            # PDFium adds spaces and line breaks of its own; only a space in the file counts.
            if ch in " \u3000\xa0" and not is_generated(textpage, index):
                typed_space = True
            elif ch in "\r\n":
                typed_space = False
            continue
        if ch in _CONTROL:
            continue
        if ch == "\ufffd" or not ch.isprintable() or (not _common(ch) and map_error(textpage, index)):
            unmapped += 1
            continue
        if not loose_box(textpage, index, rect):
            continue
        if rect.bottom != previous_bottom:
            previous_bottom, slanted = rect.bottom, _slanted(get_angle(textpage, index))
        if slanted:
            continue
        left, top, right, bottom = box(rect.left, rect.bottom, rect.right, rect.top)
        # Fake bold prints the same text twice, a fraction of a point apart: keep one copy.
        key = (ch, round(left), round(top))
        if key in seen:
            continue
        seen.add(key)
        chars.append(Char(ch, left, right, top, bottom, typed_space))
        typed_space = False
    return chars, unmapped


def _common(ch: str) -> bool:
    """ASCII, CJK ideographs, CJK and full-width punctuation, general punctuation."""
    code = ord(ch)
    return (
        code < 0x80
        or 0x4E00 <= code <= 0x9FFF
        or 0x3000 <= code <= 0x303F
        or 0xFF00 <= code <= 0xFFEF
        or 0x2000 <= code <= 0x206F
    )


def _slanted(radians: float) -> bool:
    """Text at an angle that is not a multiple of 90°: a watermark or a stamp across the page,
    whose characters would otherwise land in table cells and text lines (-1: angle unknown)."""
    if radians < 0:
        return False
    degrees = math.degrees(radians) % 90
    return 2.0 < degrees < 88.0


def _all_text(textpage: object, count: int) -> str | None:
    """The page's characters in one call (one UTF-16 unit per character), or None if it differs."""
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    written = int(
        pdfium_c.FPDFText_GetText(textpage, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    )
    text = buffer.raw[: max(written - 1, 0) * 2].decode("utf-16-le", errors="replace")
    return text if len(text) == count else None


# --- ruling lines ----------------------------------------------------------------------------


def _objects(parent: object, matrix: Matrix = _IDENTITY, depth: int = 0) -> Iterator[tuple[object, Matrix]]:
    """Every page object with the matrix of the form XObjects around it (forms are opened)."""
    is_form = depth > 0
    count = int(
        pdfium_c.FPDFFormObj_CountObjects(parent) if is_form else pdfium_c.FPDFPage_CountObjects(parent)
    )
    for index in range(max(count, 0)):
        obj = (
            pdfium_c.FPDFFormObj_GetObject(parent, index)
            if is_form
            else pdfium_c.FPDFPage_GetObject(parent, index)
        )
        if not obj:
            continue
        if int(pdfium_c.FPDFPageObj_GetType(obj)) == pdfium_c.FPDF_PAGEOBJ_FORM:
            if depth < _MAX_FORM_DEPTH:
                yield from _objects(obj, _compose(_matrix(obj), matrix), depth + 1)
            continue
        yield obj, matrix


def _matrix(obj: object) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return _IDENTITY
    return (float(m.a), float(m.b), float(m.c), float(m.d), float(m.e), float(m.f))


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix applying ``inner`` first, then ``outer`` (PDF row-vector convention)."""
    a, b, c, d, e, f = inner
    p, q, r, s, t, u = outer
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _visible(obj: object, stroke: bool) -> bool:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    getter = pdfium_c.FPDFPageObj_GetStrokeColor if stroke else pdfium_c.FPDFPageObj_GetFillColor
    if not getter(obj, r, g, b, a):
        return True
    return a.value > 0 and min(r.value, g.value, b.value) < 230


def _path_edges(obj: object, outer: Matrix, display: _Display) -> list[Edge]:
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj, fill_mode, stroke):
        return []
    stroked = bool(stroke.value) and _visible(obj, stroke=True)
    filled = fill_mode.value != pdfium_c.FPDF_FILLMODE_NONE and _visible(obj, stroke=False)
    if not (stroked or filled):
        return []
    matrix = _compose(_matrix(obj), outer)
    points = [(display.point(*_apply(matrix, x, y)), kind) for x, y, kind in _segments(obj)]
    if stroked:
        return _stroked_edges(points)
    return _thin_fill_edges(points)


_MOVE, _LINE, _CURVE = "move", "line", "curve"


def _segments(obj: object) -> Iterator[tuple[float, float, str]]:
    """The path's points with how each is reached (move, line or curve); closing a subpath is a
    line back to its start."""
    x, y = ctypes.c_float(), ctypes.c_float()
    get_segment, get_point = pdfium_c.FPDFPath_GetPathSegment, pdfium_c.FPDFPathSegment_GetPoint
    get_type, get_close = pdfium_c.FPDFPathSegment_GetType, pdfium_c.FPDFPathSegment_GetClose
    start: tuple[float, float] | None = None
    for index in range(max(int(pdfium_c.FPDFPath_CountSegments(obj)), 0)):
        segment = get_segment(obj, index)
        if not segment or not get_point(segment, x, y):
            continue
        kind = int(get_type(segment))
        point = (float(x.value), float(y.value))
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = point
            yield point[0], point[1], _MOVE
        else:
            yield point[0], point[1], _LINE if kind == pdfium_c.FPDF_SEGMENT_LINETO else _CURVE
        if get_close(segment) and start is not None:
            yield start[0], start[1], _LINE


def _stroked_edges(points: list[tuple[tuple[float, float], str]]) -> list[Edge]:
    """Straight axis-parallel pieces of a stroked path (curves, such as rounded corners, are not)."""
    edges: list[Edge] = []
    for (a, _), (b, kind) in itertools.pairwise(points):
        if kind != _LINE:
            continue
        edge = _axis_edge(a, b)
        if edge is not None:
            edges.append(edge)
    return edges


def _axis_edge(a: tuple[float, float], b: tuple[float, float]) -> Edge | None:
    (x0, y0), (x1, y1) = a, b
    if abs(y0 - y1) <= 0.5 and abs(x1 - x0) > 0.5:
        return Edge(True, (y0 + y1) / 2, min(x0, x1), max(x0, x1))
    if abs(x0 - x1) <= 0.5 and abs(y1 - y0) > 0.5:
        return Edge(False, (x0 + x1) / 2, min(y0, y1), max(y0, y1))
    return None


def _thin_fill_edges(points: list[tuple[tuple[float, float], str]]) -> list[Edge]:
    """A filled shape thin enough to be a line, as that line (one per subpath)."""
    edges: list[Edge] = []
    subpath: list[tuple[float, float]] = []
    for point, kind in [*points, ((0.0, 0.0), _MOVE)]:
        if kind == _MOVE and subpath:
            xs, ys = [p[0] for p in subpath], [p[1] for p in subpath]
            left, right, top, bottom = min(xs), max(xs), min(ys), max(ys)
            if bottom - top <= _THIN < right - left:
                edges.append(Edge(True, (top + bottom) / 2, left, right))
            elif right - left <= _THIN < bottom - top:
                edges.append(Edge(False, (left + right) / 2, top, bottom))
            subpath = []
        subpath.append(point)
    return edges


def _on_page(edge: Edge, width: float, height: float) -> bool:
    limit = height if edge.horizontal else width
    span = width if edge.horizontal else height
    return -1 <= edge.pos <= limit + 1 and edge.end >= 0 and edge.start <= span
