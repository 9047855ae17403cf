"""The HTTP API with the ASGI test client: same bytes as the CLI, located Chinese problems, access and size limits."""
from __future__ import annotations

import base64
import io
import json
import zipfile

import pytest
from starlette.testclient import TestClient

from conftest import ROOT, run_gaozi
from generator.web.app import MAX_OUTLINE, create_app, openapi_spec

OUTLINES = ROOT / "outlines"
FACTS = (OUTLINES / "facts" / "inspection.yaml").read_bytes()
LOCAL = {"base_url": "http://127.0.0.1", "client": ("127.0.0.1", 50000)}


@pytest.fixture(scope="module")
def client():
    return TestClient(create_app(token=""), **LOCAL)


def _cli_render(path, tmp_path, fmt="docx") -> bytes:
    out = tmp_path / f"cli.{fmt}"
    r = run_gaozi("render", path, "-o", out, "-q", "--force", cwd=tmp_path)
    assert r.returncode == 0, r.stderr.decode()
    return out.read_bytes()


def test_kinds_list_every_kind_with_chinese_names_and_fields(client):
    kinds = {k["id"]: k for k in client.get("/api/kinds").json()}
    assert set(kinds) == {p.name for p in (ROOT / "templates").iterdir() if (p / "kind.yaml").is_file()}
    assert kinds["speech"]["name"] == "会议讲话" and kinds["speech"]["description"]
    assert kinds["speech"]["fields"]["meeting_type"]["type"] == "choice"
    assert "推进会" in kinds["speech"]["fields"]["meeting_type"]["choices"]


def test_starter_is_the_kinds_starter_text(client):
    r = client.get("/api/kinds/speech/starter")
    assert r.status_code == 200
    assert r.json()["outline"] == (ROOT / "templates" / "speech" / "starter.yaml").read_text(encoding="utf-8")
    bad = client.get("/api/kinds/speeech/starter")
    assert bad.status_code == 422
    assert "speech" in bad.json()["problems"][0]["message"]


def test_render_docx_equals_cli_render(client, tmp_path):
    path = OUTLINES / "speech-deploy-audit.yaml"
    r = client.post("/api/render", json={"outline": path.read_text(encoding="utf-8"), "format": "docx", "seed": 0,
                                         "name": path.name})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert r.content == _cli_render(path, tmp_path)
    assert int(r.headers["x-gaozi-chars"]) > 500


def test_render_with_facts_and_ledger_in_the_request_equals_cli(client, tmp_path):
    path = OUTLINES / "ledger-qiyun.yaml"
    ledger = (OUTLINES / "data" / "ledger-qiyun.csv").read_bytes()
    r = client.post("/api/render", data={"outline": path.read_text(encoding="utf-8"), "format": "docx",
                                         "name": path.name},
                    files=[("files", ("inspection.yaml", FACTS)), ("files", ("ledger-qiyun.csv", ledger))])
    assert r.status_code == 200, r.text
    assert r.content == _cli_render(path, tmp_path)
    speech = OUTLINES / "speech-warning.yaml"
    r = client.post("/api/render", json={"outline": speech.read_text(encoding="utf-8"), "name": speech.name,
                                         "files": {"facts/inspection.yaml": {"base64": base64.b64encode(FACTS).decode()}}})
    assert r.status_code == 200 and r.content == _cli_render(speech, tmp_path)


def test_txt_md_and_html_formats(client):
    text = (OUTLINES / "speech-deploy-audit.yaml").read_text(encoding="utf-8")
    txt = client.post("/api/render", json={"outline": text, "format": "txt"})
    assert txt.headers["content-type"].startswith("text/plain") and "同志们" in txt.text
    md = client.post("/api/render", json={"outline": text, "format": "md"})
    assert md.headers["content-type"].startswith("text/markdown") and "\n\n" in md.text
    html = client.post("/api/render", json={"outline": text, "format": "html"})
    assert html.headers["content-type"].startswith("text/html") and 'class="gz-page"' in html.text


def test_preview_gives_pages_length_and_findings(client):
    text = (ROOT / "templates" / "speech" / "starter.yaml").read_text(encoding="utf-8")
    r = client.post("/api/preview", json={"outline": text.replace("下面，我讲{{ n }}点意见。", "下面，我讲五点意见。")})
    body = r.json()
    assert r.status_code == 200 and "gz-page" in body["html"] and body["chars"] > 300 and body["minutes"] > 1
    assert any(f["rule"] == "count-mismatch" and "五点" in f["message"] for f in body["findings"]), body["findings"]


def test_broken_outline_is_422_with_located_chinese_problems(client):
    r = client.post("/api/render", json={"outline": "kind: speech\nmeetin: 全县大会\nsections: 3\n", "format": "docx"})
    assert r.status_code == 422
    problems = r.json()["problems"]
    assert {"file", "line", "path", "message"} <= set(problems[0])
    unknown = next(p for p in problems if p["path"] == "meetin")
    assert unknown["line"] == 2 and "meeting" in unknown["message"] and "未知的字段" in unknown["message"]
    assert any(p["path"].startswith("sections") for p in problems)
    syntax = client.post("/api/render", json={"outline": "kind: speech\n  - x: [\n"})
    assert syntax.status_code == 422 and syntax.json()["problems"][0]["line"]


@pytest.mark.parametrize("body, path", [
    ({"format": "docx"}, "outline"),
    ({"outline": 3}, "outline"),
    ({"outline": "kind: speech\n", "format": "exe"}, "format"),
    ({"outline": "kind: speech\n", "seed": "x"}, "seed"),
    ({"outline": "kind: speech\n", "seed": -1}, "seed"),
    ({"outline": "kind: speech\n", "files": {"a.yaml": 3}}, "files.a.yaml"),
])
def test_bad_requests_name_the_field(client, body, path):
    r = client.post("/api/render", json=body)
    assert r.status_code == 422
    assert r.json()["problems"][0]["path"] == path


def test_not_json_is_422_not_500(client):
    r = client.post("/api/render", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422 and "JSON" in r.json()["problems"][0]["message"]
    r = client.post("/api/check", content=b"\xff\xfe", headers={"content-type": "application/json"})
    assert r.status_code == 422


def test_pdf_without_a_pdf_writer_is_501_in_chinese(client):
    from generator import api

    r = client.post("/api/render", json={"outline": "kind: speech\nmeeting: 会\n", "format": "pdf"})
    if "pdf" in api.FORMATS:
        assert r.status_code in (200, 422)
    else:
        assert r.status_code == 501 and "PDF" in r.json()["problems"][0]["message"]


def test_nothing_is_read_from_the_servers_disk(client):
    for facts in ("facts/inspection.yaml", "/etc/passwd", "../../outlines/facts/inspection.yaml"):
        r = client.post("/api/render", json={"outline": f"kind: speech\nmeeting: 会\nfacts: {facts}\n"})
        assert r.status_code == 422
        assert "请求中没有附上事实文件" in r.json()["problems"][0]["message"]
        assert r.json()["problems"][0]["line"] == 3
    r = client.post("/api/render", json={"outline": "kind: ledger\nledger: data/ledger-qiyun.csv\n"})
    assert r.status_code == 422 and "台账文件" in r.json()["problems"][0]["message"]
    r = client.post("/api/render", json={"outline": "kind: speech\nmeeting: 会\nprofile: ../x.yaml\n"})
    assert r.status_code == 422 and r.json()["problems"][0]["path"] == "profile"


def test_check_text_is_the_same_json_as_the_cli(client, tmp_path):
    text = "同志们：\n下面，我讲三点意见。\n一、提高认识\n二、狠抓落实\n今天的会开得很好,大家要抓好落实。\n"
    (tmp_path / "t.txt").write_text(text, encoding="utf-8")
    cli = run_gaozi("check", "t.txt", "--format", "json", cwd=tmp_path)
    want = json.loads(cli.stdout.decode())
    r = client.post("/api/check", json={"text": text, "name": "t.txt"})
    assert r.status_code == 200
    assert r.json() == want and any(f["rule"] == "count-mismatch" for f in want)


def test_check_outline_is_the_same_json_as_the_cli(client, tmp_path):
    src = (ROOT / "templates" / "speech" / "starter.yaml").read_text(encoding="utf-8").replace("{{ n }}点", "五点")
    (tmp_path / "s.yaml").write_text(src, encoding="utf-8")
    want = json.loads(run_gaozi("check", "s.yaml", "--format", "json", cwd=tmp_path).stdout.decode())
    r = client.post("/api/check", json={"outline": src, "name": "s.yaml"})
    assert r.json() == want and want


def test_import_text_and_docx(client, tmp_path):
    old = "在全县大会上的讲话\n同志们：\n下面我讲两点意见。\n一、提高认识\n要提高认识。\n二、狠抓落实\n要狠抓落实。\n谢谢大家。\n"
    r = client.post("/api/import", json={"text": old})
    assert r.status_code == 200
    body = r.json()
    assert "kind: speech" in body["outline"] and "heading: 提高认识" in body["outline"]
    assert isinstance(body["removed"], list)
    docx_bytes = _cli_render(OUTLINES / "speech-deploy-audit.yaml", tmp_path)
    r = client.post("/api/import", files={"file": ("旧稿.docx", docx_bytes)})
    assert r.status_code == 200 and "sections:" in r.json()["outline"]
    assert client.post("/api/import", json={"text": "x", "kind": "nope"}).status_code == 422


def test_outline_parse_returns_a_model_and_problems(client):
    r = client.post("/api/outline/parse", json={"outline": "kind: speech\ndate: 2025-06-12\nmeetin: 会\n"}).json()
    assert r["model"] == {"kind": "speech", "date": "2025-06-12", "meetin": "会"}
    assert r["problems"][0]["line"] == 3
    r = client.post("/api/outline/parse", json={"outline": "kind: [\n"}).json()
    assert r["model"] is None and r["problems"]


def test_batch_upload_reports_bad_rows_and_zips_the_rest(client):
    outline = (OUTLINES / "biaotai-villages.yaml").read_bytes()
    data = "unit,date\n东坪村党支部,2025-06-01\n石门村党支部,2025-02-30\n".encode()
    r = client.post("/api/batch", data={"outline": outline.decode(), "pattern": "{unit}.docx"},
                    files=[("data", ("各村.csv", data)), ("facts", ("inspection.yaml", FACTS))])
    assert r.status_code == 200, r.text
    report = r.json()["report"]
    assert report["total"] == 2 and report["written"] == ["东坪村党支部.docx"]
    assert report["failed"][0]["row"] == 3 and "2025-02-30" in report["failed"][0]["message"]
    z = zipfile.ZipFile(io.BytesIO(base64.b64decode(r.json()["zip"])))
    assert z.namelist() == ["东坪村党支部.docx"]
    missing = client.post("/api/batch", data={"outline": outline.decode()}, files=[("data", ("各村.csv", data))])
    assert missing.status_code == 422 and "事实文件" in missing.json()["problems"][0]["message"]
    assert client.post("/api/batch", data={"outline": outline.decode()}).status_code == 422


def test_ledger_upload_problems_by_row_totals_and_downloads(client):
    good = (OUTLINES / "data" / "ledger-qiyun.csv").read_bytes()
    r = client.post("/api/ledger", files=[("data", ("台账.csv", good)), ("facts", ("inspection.yaml", FACTS))])
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["totals"]["total"] == len(body["rows"]) and body["summary"][0].startswith("共 ")
    csv = client.post("/api/ledger", data={"format": "csv"}, files=[("data", ("台账.csv", good))])
    assert csv.content.startswith(b"\xef\xbb\xbf")
    docx = client.post("/api/ledger", data={"format": "docx"}, files=[("data", ("台账.csv", good))])
    assert docx.content[:2] == b"PK"
    bad = ("序号,问题,整改措施,责任领导,责任单位,完成时限,整改状态,销号日期\n"
           "1,账目不清,清理账目,张三,财政所,2025-06-30,已完成,2025-06-20\n"
           "2,制度缺失,建立制度,李四,党政办,2025-02-30,推进中,\n").encode()
    r = client.post("/api/ledger", files=[("data", ("台账.csv", bad))])
    assert r.status_code == 422
    p = r.json()["problems"][0]
    assert p["file"] == "台账.csv" and p["line"] == 3 and "2025-02-30" in p["message"]
    assert client.post("/api/ledger", data={"feedback_date": "昨天"},
                       files=[("data", ("台账.csv", good))]).json()["problems"][0]["path"] == "feedback_date"


def test_token_is_required_when_set():
    c = TestClient(create_app(token="s3cret"), **LOCAL)
    assert c.get("/api/kinds").status_code == 401
    assert "令牌" in c.get("/api/kinds").json()["problems"][0]["message"]
    assert c.get("/api/kinds?token=wrong").status_code == 401
    first = c.get("/?token=s3cret")
    assert first.status_code == 200 and "gaozi_token" in first.headers.get("set-cookie", "")
    assert c.get("/api/kinds").status_code == 200  # the page's later requests carry the cookie
    bearer = TestClient(create_app(token="s3cret"), **LOCAL)
    assert bearer.get("/api/kinds", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    remote = TestClient(create_app(token="s3cret"), base_url="http://192.0.2.10", client=("192.0.2.20", 1))
    assert remote.get("/api/kinds?token=s3cret").status_code == 200


def test_without_a_token_only_loopback_is_served():
    remote = TestClient(create_app(token=""), base_url="http://127.0.0.1", client=("192.0.2.20", 1))
    assert remote.get("/api/kinds").status_code == 401
    rebound = TestClient(create_app(token=""), base_url="http://evil.example", client=("127.0.0.1", 1))
    assert rebound.get("/api/kinds").status_code == 401


def test_size_limits():
    c = TestClient(create_app(token="", max_body=2000), **LOCAL)
    r = c.post("/api/render", json={"outline": "kind: speech\n" + "#" * 5000})
    assert r.status_code == 413 and "太大" in r.json()["problems"][0]["message"]
    r = c.post("/api/import", files={"file": ("a.txt", b"x" * 5000)})
    assert r.status_code == 413
    big = TestClient(create_app(token=""), **LOCAL)
    r = big.post("/api/check", json={"text": "字" * (MAX_OUTLINE + 1)})
    assert r.status_code == 413 and r.json()["problems"][0]["path"] == "text"


def test_openapi_and_static_files(client):
    spec = client.get("/api/openapi.json").json()
    assert spec == openapi_spec() and spec["info"]["version"] == "1"
    assert {"/api/kinds", "/api/render", "/api/check", "/api/import", "/api/batch", "/api/ledger"} <= set(spec["paths"])
    page = client.get("/")
    assert page.status_code == 200 and "稿子" in page.text and "/static/app.js" in page.text
    assert "cdn" not in page.text.lower()
    for name in ("app.js", "app.css"):
        assert client.get(f"/static/{name}").status_code == 200
    assert client.get("/api/version").json()["api"] == "1"


def test_every_input_on_the_page_has_a_label():
    import re

    html = (ROOT / "generator" / "web" / "static" / "index.html").read_text(encoding="utf-8")
    ids = set(re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', html))
    labelled = set(re.findall(r'<label for="([^"]+)"', html))
    assert ids and ids <= labelled, ids - labelled
