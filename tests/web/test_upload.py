"""Uploads through the JSON API and the page: every format, several files at once, bad files refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from web.webdata import EXAMPLE, FIXTURES, wrong_amount_json


def upload(client: TestClient, *files: tuple[str, bytes], path: str = "/api/upload") -> object:
    return client.post(
        path, files=[("files", (name, data, "application/octet-stream")) for name, data in files]
    )


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("chengde.docx", "docx"),
        ("chengde.xlsx", "xlsx"),
        ("chengde.pdf", "pdf"),
        ("chengde.html", "html"),
    ],
)
def test_each_format_is_sniffed_parsed_and_checked(
    client: TestClient, data_dir: Path, name: str, fmt: str
) -> None:
    data = (FIXTURES / name).read_bytes()
    # A misleading name: the type comes from the content.
    response = upload(client, ("上传.bin", data))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["errors"] == []
    (item,) = body["files"]
    assert item["format"] == fmt
    assert item["department"] == "承德市医疗保障局"
    assert item["year"] == 2025
    assert item["summary"]["error"] == 0
    stored = data_dir / "uploads" / item["sha256"][:2] / f"{item['sha256']}.{fmt}"
    assert stored.read_bytes() == data
    assert stored.stat().st_mode & 0o111 == 0  # never executable


def test_text_upload_reports_findings_with_places(client: TestClient) -> None:
    response = upload(client, ("承德.txt", EXAMPLE.read_bytes()))
    assert response.status_code == 200
    (item,) = response.json()["files"]
    assert item["format"] == "text"
    assert item["summary"] == {"error": 0, "warning": 1, "info": 0}
    (finding,) = item["findings"]
    assert finding["rule"] == "YR003"
    assert finding["locations"] and all("line" in loc for loc in finding["locations"])


def test_several_files_at_once_keep_their_own_results(client: TestClient) -> None:
    response = upload(
        client,
        ("a.txt", EXAMPLE.read_bytes()),
        ("b.xlsx", (FIXTURES / "jiyuan.xlsx").read_bytes()),
        ("c.png", b"\x89PNG\r\n\x1a\n" + bytes(100)),
    )
    assert response.status_code == 200
    body = response.json()
    assert [f["file"] for f in body["files"]] == ["a.txt", "b.xlsx"]
    assert body["files"][1]["department"] != body["files"][0]["department"]
    assert body["errors"] == [{"file": "c.png", "status": 415, "error": body["errors"][0]["error"]}]
    assert "PNG" in body["errors"][0]["error"]


@pytest.mark.parametrize(
    ("data", "status", "words"),
    [
        (b"", 422, "文件为空"),
        (b"\x89PNG\r\n\x1a\n" + bytes(64), 415, "PNG 图片"),
        (b"MZ\x90\x00" + bytes(64), 415, "可执行程序"),
        (b"PK\x03\x04" + bytes(64), 422, "损坏"),
        (b"%PDF-1.4\n%broken", 422, ""),
        (bytes(range(256)) * 8, 422, ""),
        ("这是一段与预算无关的文字。\n今天天气很好。\n".encode(), 422, "不是一份部门"),
    ],
)
def test_bad_uploads_are_4xx_json_errors(client: TestClient, data: bytes, status: int, words: str) -> None:
    response = upload(client, ("bad.txt", data))
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["files"] == []
    assert body["error"] == body["errors"][0]["error"]
    assert words in body["error"]
    assert body["error"].isascii() is False  # a Chinese sentence, not a traceback
    assert "Traceback" not in response.text


def test_zip_that_is_not_office_is_unsupported(client: TestClient) -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "预算")
    response = upload(client, ("a.zip", buffer.getvalue()))
    assert response.status_code == 415
    assert "压缩包" in response.json()["error"]


def test_too_large_file_is_413(client: TestClient) -> None:
    big = EXAMPLE.read_bytes() * 40  # > 2 MB, the client fixture's limit
    assert len(big) > 2 * 1024 * 1024
    response = upload(client, ("big.txt", big))
    assert response.status_code == 413
    assert "上限" in response.json()["error"]


def test_too_large_request_is_refused_before_reading(client: TestClient) -> None:
    response = client.post(
        "/api/upload",
        content=b"x" * 100,
        headers={"content-type": "multipart/form-data; boundary=x", "content-length": str(10**9)},
    )
    assert response.status_code == 413
    assert "上限" in response.json()["error"]


def test_no_files_is_400(client: TestClient) -> None:
    response = client.post("/api/upload", data={"other": "1"})
    assert response.status_code == 400
    assert "没有收到文件" in response.json()["error"]


def test_too_many_files_is_413(client: TestClient) -> None:
    response = upload(client, *[(f"{i}.txt", b"x") for i in range(21)])
    assert response.status_code == 413
    assert "最多" in response.json()["error"]


def test_same_content_is_kept_once(client: TestClient, data_dir: Path) -> None:
    data = EXAMPLE.read_bytes()
    upload(client, ("a.txt", data))
    upload(client, ("b.txt", data))
    assert len(list((data_dir / "uploads").rglob("*.text"))) == 1


def test_upload_page_shows_report_with_highlighted_cells(client: TestClient) -> None:
    d = FIXTURES / "yuanjiang.xlsx"
    response = upload(client, ("沅江.xlsx", d.read_bytes()), ("空.txt", b""), path="/upload")
    assert response.status_code == 200
    page = response.text
    assert "检查结果" in page and "沅江.xlsx" in page
    assert "问题清单" in page
    assert "空.txt" in page and "文件为空" in page


def test_upload_page_errors_are_pages(client: TestClient) -> None:
    response = upload(client, ("x.png", b"\x89PNG\r\n\x1a\n" + bytes(10)), path="/upload")
    assert response.status_code == 415
    assert response.headers["content-type"].startswith("text/html")
    assert "PNG 图片" in response.text


def test_names_are_escaped(client: TestClient) -> None:
    response = upload(client, ("<img src=x onerror=alert(1)>.txt", EXAMPLE.read_bytes()), path="/upload")
    assert response.status_code == 200
    assert "<img src=x" not in response.text
    assert "&lt;img src=x onerror=alert(1)&gt;.txt" in response.text


def test_wrong_amount_is_highlighted_in_its_table(client: TestClient) -> None:
    response = upload(client, ("改错一个数.json", wrong_amount_json()), path="/upload")
    assert response.status_code == 200
    page = response.text
    assert 'class="badge sev-error">错误 ' in page
    assert "涉及的表格" in page
    assert 'class="num cell-hit sev-error"' in page  # the changed cell, outlined
    assert "SUM002" in page and "TREE001" in page


def test_too_large_form_upload_is_a_page(client: TestClient) -> None:
    response = client.post(
        "/upload",
        content=b"x" * 100,
        headers={"content-type": "multipart/form-data; boundary=x", "content-length": str(10**9)},
    )
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("text/html")
    assert "上限" in response.text


def test_too_large_body_without_length_is_cut_off(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'--x\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\n'
        for _ in range(40):
            yield b"0" * (512 * 1024)

    response = client.post(
        "/api/upload", content=chunks(), headers={"content-type": "multipart/form-data; boundary=x"}
    )
    assert response.status_code == 413
    assert "上限" in response.json()["error"]
