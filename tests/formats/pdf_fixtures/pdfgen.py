"""A tiny PDF writer for test fixtures: CJK text, ruling lines, images, rotation, RC4 encryption.

No third-party dependency, so the fixtures can be rebuilt anywhere (``python make_fixtures.py``)
and the long-document test can write a 500-page PDF at run time. Text uses the non-embedded
``STSong-Light`` CID font with the ``UniGB-UCS2-H`` CMap, which PDF readers map to Unicode by
themselves (the Adobe-GB1 character collection); ASCII is half width, CJK full width.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from dataclasses import dataclass, field

_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def text_width(text: str, size: float) -> float:
    return sum(size * (0.5 if ord(ch) < 128 else 1.0) for ch in text)


@dataclass
class Page:
    """One page being drawn: PDF content operators in display space (origin bottom-left).

    ``width`` and ``height`` are the page as displayed; a page with ``rotate=90`` is stored as
    a portrait page whose content is turned so that it displays upright in landscape.
    """

    width: float = 595.0
    height: float = 842.0
    rotate: int = 0
    ops: list[str] = field(default_factory=list)
    images: list[tuple[int, int, bytes]] = field(default_factory=list)  # (w, h, gray pixels)

    def text(self, x: float, y: float, text: str, size: float = 10.5) -> None:
        """Text with its baseline at (x, y)."""
        data = text.encode("utf-16-be").hex().upper()
        self.ops.append(f"BT /F1 {size:g} Tf 1 0 0 1 {x:.2f} {y:.2f} Tm <{data}> Tj ET")

    def text_top(self, x: float, top: float, text: str, size: float = 10.5) -> None:
        """Text placed by the distance of its top from the top of the page."""
        self.text(x, self.height - top - size * 0.88, text, size)

    def text_right(self, right: float, top: float, text: str, size: float = 10.5) -> None:
        self.text_top(right - text_width(text, size), top, text, size)

    def line(self, x0: float, top0: float, x1: float, top1: float, width: float = 0.75) -> None:
        """A stroked line between two points given as (x, distance from the top)."""
        h = self.height
        self.ops.append(f"{width:g} w {x0:.2f} {h - top0:.2f} m {x1:.2f} {h - top1:.2f} l S")

    def rect(self, x: float, top: float, w: float, h: float, fill: bool = False) -> None:
        op = "f" if fill else "S"
        self.ops.append(f"0.75 w {x:.2f} {self.height - top - h:.2f} {w:.2f} {h:.2f} re {op}")

    def raw(self, op: str) -> None:
        self.ops.append(op)

    def image(self, width: int, height: int, pixels: bytes, x: float, y: float, w: float, h: float) -> None:
        name = f"Im{len(self.images)}"
        self.images.append((width, height, pixels))
        self.ops.append(f"q {w:g} 0 0 {h:g} {x:g} {y:g} cm /{name} Do Q")


class Pdf:
    """Collects pages and writes a PDF (optionally encrypted with RC4-40, revision 2)."""

    def __init__(self) -> None:
        self.pages: list[Page] = []

    def page(self, width: float = 595.0, height: float = 842.0, rotate: int = 0) -> Page:
        page = Page(width, height, rotate)
        self.pages.append(page)
        return page

    def build(self, user_password: str | None = None, broken_pages: tuple[int, ...] = ()) -> bytes:
        """The file. ``broken_pages`` (0-based) point their page-tree entry at a missing object."""
        objects: list[bytes | None] = [None, None, None]  # 1 catalog, 2 pages, 3 font
        font_descendant = len(objects) + 1
        objects.append(
            b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> "
            b"/FontDescriptor 5 0 R /DW 1000 /W [1 95 500] >>"
        )
        objects.append(
            b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
            b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>"
        )
        objects[2] = (
            b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
            b"/DescendantFonts [" + str(font_descendant).encode() + b" 0 R] >>"
        )
        kids: list[int] = []
        streams: set[int] = set()
        for index, page in enumerate(self.pages):
            image_refs = []
            for w, h, pixels in page.images:
                objects.append(
                    _stream(
                        f"<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceGray "
                        f"/BitsPerComponent 8 /Filter /FlateDecode".encode(),
                        zlib.compress(pixels),
                    )
                )
                streams.add(len(objects))
                image_refs.append(len(objects))
            content = "\n".join([*_to_user_space(page), *page.ops, *(["Q"] if page.rotate else [])]).encode()
            objects.append(_stream(b"<< /Filter /FlateDecode", zlib.compress(content)))
            streams.add(len(objects))
            content_ref = len(objects)
            xobjects = " ".join(f"/Im{i} {ref} 0 R" for i, ref in enumerate(image_refs))
            rotate = f" /Rotate {page.rotate}" if page.rotate else ""
            objects.append(
                f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {_media(page)}]{rotate} "
                f"/Resources << /Font << /F1 3 0 R >> /XObject << {xobjects} >> >> "
                f"/Contents {content_ref} 0 R >>".encode()
            )
            kids.append(len(objects) + (10_000 if index in broken_pages else 0))
        objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
        kid_refs = " ".join(f"{k} 0 R" for k in kids)
        objects[1] = f"<< /Type /Pages /Kids [{kid_refs}] /Count {len(kids)} >>".encode()
        return _serialise(objects, streams, user_password)


def _media(page: Page) -> str:
    """A page drawn in display space: rotated pages store the display size turned back."""
    if page.rotate in (90, 270):
        return f"{page.height:g} {page.width:g}"
    return f"{page.width:g} {page.height:g}"


def _to_user_space(page: Page) -> list[str]:
    """The matrix that turns display-space drawing into user space for ``/Rotate 90``."""
    if page.rotate == 90:
        return [f"q 0 1 -1 0 {page.height:g} 0 cm"]
    if page.rotate:
        raise ValueError("only /Rotate 90 is supported by this writer")
    return []


def _stream(head: bytes, data: bytes) -> bytes:
    return head + b" /Length " + str(len(data)).encode() + b" >>\nstream\n" + data + b"\nendstream"


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def _serialise(objects: list[bytes | None], streams: set[int], user_password: str | None) -> bytes:
    file_id = hashlib.md5(b"yusuan-fixture").digest()
    encrypt_ref = None
    key = b""
    if user_password is not None:
        padded = (user_password.encode("latin-1") + _PAD)[:32]
        owner = _rc4(hashlib.md5(padded).digest()[:5], padded)
        permissions = -44
        key = hashlib.md5(padded + owner + struct.pack("<i", permissions) + file_id).digest()[:5]
        user = _rc4(key, _PAD)
        objects.append(
            b"<< /Filter /Standard /V 1 /R 2 /O <"
            + owner.hex().encode()
            + b"> /U <"
            + user.hex().encode()
            + b"> /P "
            + str(permissions).encode()
            + b" >>"
        )
        encrypt_ref = len(objects)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        assert body is not None
        if key and number in streams:
            body = _encrypt_stream(body, key, number)
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    encrypt = f" /Encrypt {encrypt_ref} 0 R" if encrypt_ref else ""
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R{encrypt} "
        f"/ID [<{file_id.hex()}> <{file_id.hex()}>] >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


def _encrypt_stream(body: bytes, key: bytes, number: int) -> bytes:
    head, rest = body.split(b"stream\n", 1)
    data = rest[: -len(b"\nendstream")]
    object_key = hashlib.md5(key + struct.pack("<i", number)[:3] + b"\x00\x00").digest()[:10]
    return head + b"stream\n" + _rc4(object_key, data) + b"\nendstream"
