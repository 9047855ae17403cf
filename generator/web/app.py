"""The local web page and its HTTP API (Starlette): JSON in, JSON or documents out; calls generator.api only.

Stateless: nothing is kept between requests (the browser holds the work), nothing is read from the server's
disk but the packaged kinds, fragments and this page's static files. Outlines come as YAML text; the facts
and data files they name come in the same request (JSON `files` or multipart parts).

    uvicorn --factory generator.web.app:create_app --workers 4      (GAOZI_TOKEN=… to require a token)
"""
from __future__ import annotations

import base64
import datetime as _dt
import functools
import hmac
import ipaddress
import json
import os
import secrets
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from generator import api
from generator.errors import GaoziError, Problem

API_VERSION = "1"
STATIC = Path(__file__).resolve().parent / "static"
MAX_BODY = 8 * 1024 * 1024  # bytes in one request: an outline, its facts and a data file or a .docx
MAX_OUTLINE = 1024 * 1024  # characters of outline or pasted text
MAX_SEED = 2**31 - 1
TOKEN_COOKIE = "gaozi_token"
RENDER_FORMATS = ("docx", "pdf", "txt", "md", "html")
MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf", "txt": "text/plain; charset=utf-8", "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8", "csv": "text/csv; charset=utf-8", "zip": "application/zip",
}
_LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1", "[::1]")


class _TooLarge(Exception):
    pass


class _BadRequest(Exception):
    def __init__(self, message: str, path: str = "", status: int = 422):
        super().__init__(message)
        self.problem = Problem("请求", None, path, message)
        self.status = status


def _problems(problems: list[dict], status: int = 422) -> JSONResponse:
    return JSONResponse({"problems": problems}, status_code=status)


def _bad(message: str, path: str = "", status: int = 422) -> JSONResponse:
    return _problems([{"file": "请求", "line": None, "path": path, "message": message}], status)


def _is_loopback(host: str | None) -> bool:
    if not host:
        return False
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host in _LOOPBACK_NAMES


# ------------------------------------------------------------------------------------------- middleware

class Guard:
    """Size limit for every request body, and access control: with a token, every request must carry it
    (?token=, the cookie the page then gets, or Authorization: Bearer); without one, only loopback
    clients are served, and only under a loopback Host name (a foreign page cannot rebind to us)."""

    def __init__(self, app, token: str | None, max_body: int):
        self.app = app
        self.token = token
        self.max_body = max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        set_cookie = None
        if self.token:
            given = _token_of(scope, headers)
            if given is None or not hmac.compare_digest(given.encode(), self.token.encode()):
                return await _send(send, _bad("需要访问令牌：请使用启动时打印的完整网址（含 ?token=…）", status=401))
            if TOKEN_COOKIE not in headers.get("cookie", ""):
                set_cookie = f"{TOKEN_COOKIE}={self.token}; Path=/; HttpOnly; SameSite=Strict"
        else:
            client = (scope.get("client") or ("", 0))[0]
            host = headers.get("host", "").rsplit(":", 1)[0] if not headers.get("host", "").endswith("]") \
                else headers.get("host", "")
            if not _is_loopback(client) or not _is_loopback(host or "127.0.0.1"):
                return await _send(send, _bad("只接受本机访问；供其他电脑使用请以 --token 启动", status=401))
        length = headers.get("content-length")
        if length and length.isdigit() and int(length) > self.max_body:
            return await _send(send, _bad(f"请求太大：不能超过 {self.max_body // (1024 * 1024)} MB", status=413))
        seen = 0

        async def limited():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise _TooLarge()
            return message

        async def send_with_cookie(message):
            if set_cookie and message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []),
                                                   (b"set-cookie", set_cookie.encode("latin-1"))]}
            await send(message)

        await self.app(scope, limited, send_with_cookie)


def _token_of(scope, headers: dict) -> str | None:
    from urllib.parse import parse_qs

    q = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    if q.get("token"):
        return q["token"][0]
    auth = headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    for part in headers.get("cookie", "").split(";"):
        k, _, v = part.strip().partition("=")
        if k == TOKEN_COOKIE:
            return v
    return None


async def _send(send, response: Response) -> None:
    await send({"type": "http.response.start", "status": response.status_code,
                "headers": response.raw_headers})
    await send({"type": "http.response.body", "body": response.body})


# ------------------------------------------------------------------------------------------- helpers

def endpoint(fn):
    """Bad input → 422 with located problems; a body over the limit → 413; a bug → 500 with one line."""

    async def wrapper(request: Request):
        try:
            return await fn(request)
        except GaoziError as exc:
            return _problems(api.problems_json(exc))
        except _BadRequest as exc:
            return _problems([{"file": exc.problem.file, "line": None, "path": exc.problem.path,
                               "message": exc.problem.message}], exc.status)
        except _TooLarge:
            return _bad(f"请求太大：不能超过 {request.app.state.max_body // (1024 * 1024)} MB", status=413)
        except Exception as exc:  # pragma: no cover - a bug of ours, not bad input
            if os.environ.get("GAOZI_DEBUG"):
                raise
            return _bad(f"gaozi 内部错误：{type(exc).__name__}: {exc}（请报告）", status=500)

    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    return wrapper


async def _json(request: Request) -> dict:
    body = await request.body()
    try:
        data = json.loads(body.decode("utf-8") or "{}")
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _BadRequest(f"请求体不是有效的 JSON：{exc}") from None
    if not isinstance(data, dict):
        raise _BadRequest("请求体应当是 JSON 对象")
    return data


async def _body(request: Request) -> tuple[dict, dict]:
    """(fields, files) of a JSON body or a multipart form; files are name → bytes."""
    ctype = request.headers.get("content-type", "")
    if ctype.startswith("multipart/form-data"):
        try:
            form = await request.form(max_files=50, max_fields=50, max_part_size=request.app.state.max_body)
        except _TooLarge:
            raise
        except Exception as exc:
            raise _BadRequest(f"无法读取上传的表单：{exc}") from None
        fields, files = {}, {}
        for key, value in form.multi_items():
            if hasattr(value, "read"):  # an upload: by its file name in `files`, by its part name as _KEY
                data = await value.read()
                fname = Path((value.filename or key).replace("\\", "/")).name or key
                files[fname] = data
                fields[f"_{key}"] = (fname, data)
            else:
                fields[key] = value
        return fields, files
    data = await _json(request)
    return data, _files_of(data.get("files"))


def _files_of(value) -> dict:
    """JSON `files`: {"name": "text"} or {"name": {"base64": "…"}}."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _BadRequest("应当是“文件名: 内容”的对象", "files")
    out = {}
    for name, v in value.items():
        if isinstance(v, str):
            out[str(name)] = v.encode("utf-8")
        elif isinstance(v, dict) and isinstance(v.get("base64"), str):
            try:
                out[str(name)] = base64.b64decode(v["base64"], validate=True)
            except ValueError:
                raise _BadRequest("不是有效的 base64", f"files.{name}") from None
        else:
            raise _BadRequest("应当是文字，或 {\"base64\": …}", f"files.{name}")
    return out


def _text(fields: dict, key: str, *, required: bool = True) -> str | None:
    value = fields.get(key)
    if value is None:
        if required:
            raise _BadRequest("缺少这一项", key)
        return None
    if not isinstance(value, str):
        raise _BadRequest("应当是文字", key)
    if len(value) > MAX_OUTLINE:
        raise _BadRequest(f"太长：不能超过 {MAX_OUTLINE} 个字符", key, 413)
    return value


def _seed(fields: dict) -> int:
    value = fields.get("seed", 0)
    try:
        seed = int(value)
    except (TypeError, ValueError):
        raise _BadRequest(f"种子应当是整数，而不是“{value}”", "seed") from None
    if isinstance(value, bool) or not 0 <= seed <= MAX_SEED:
        raise _BadRequest(f"种子应当是 0 到 {MAX_SEED} 之间的整数", "seed")
    return seed


def _name(fields: dict, default: str = "提纲.yaml") -> str:
    name = fields.get("name") or default
    if not isinstance(name, str):
        raise _BadRequest("应当是文字", "name")
    return Path(name.replace("\\", "/")).name[:100] or default


def _download(data: bytes, fmt: str, filename: str) -> Response:
    from urllib.parse import quote

    return Response(data, media_type=MEDIA[fmt], headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}"})


def _pdf_available() -> bool:
    return "pdf" in api.FORMATS


# ------------------------------------------------------------------------------------------- routes

async def index(request: Request):
    return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")


@functools.lru_cache(maxsize=1)
def _gaozi_version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as pkg_version

    try:
        return pkg_version("gaozi")
    except PackageNotFoundError:
        return "dev"


@endpoint
async def version(request: Request):
    """版本与能力：API 版本、gaozi 版本、能否生成 PDF、请求大小上限。"""
    return JSONResponse({"api": API_VERSION, "gaozi": _gaozi_version(), "pdf": _pdf_available(),
                         "formats": [f for f in RENDER_FORMATS if f != "pdf" or _pdf_available()],
                         "max_body": request.app.state.max_body, "styles": api.numbering_styles()})


@endpoint
async def kinds(request: Request):
    """全部文稿类型：id、中文名称、说明、字段。"""
    return JSONResponse(await run_in_threadpool(api.kinds_info))


@endpoint
async def starter(request: Request):
    """某类文稿的提纲模板（YAML 文字）。"""
    kind = request.path_params["kind"]
    text = await run_in_threadpool(api.starter_text, kind)
    return JSONResponse({"kind": kind, "outline": text})


@endpoint
async def fragments(request: Request):
    """片段库：主题和每个片段的全部变体。"""
    return JSONResponse(await run_in_threadpool(api.fragments_info))


@endpoint
async def render(request: Request):
    """提纲 → 文稿（docx、pdf、txt、md 或 html 预览）。"""
    fields, files = await _body(request)
    outline = _text(fields, "outline")
    fmt = fields.get("format", "docx")
    if fmt not in RENDER_FORMATS:
        raise _BadRequest(f"未知的输出格式“{fmt}”（可用：{'、'.join(RENDER_FORMATS)}）", "format")
    if fmt == "pdf" and not _pdf_available():
        raise _BadRequest("这台电脑无法生成 PDF（需要 LibreOffice）；请下载 Word 文件后另存为 PDF", "format", 501)
    seed, name = _seed(fields), _name(fields)

    def work():
        doc = api.build_text(outline, name=name, seed=seed, files=files)
        return doc, api.write(doc, fmt)

    doc, data = await run_in_threadpool(work)
    chars, minutes = api.length(doc)
    stem = Path(name).stem or "文稿"
    resp = _download(data, fmt, f"{stem}.{fmt}")
    resp.headers["X-Gaozi-Chars"] = str(chars)
    resp.headers["X-Gaozi-Minutes"] = f"{minutes:.1f}"
    return resp


@endpoint
async def preview(request: Request):
    """提纲 → 预览（A4 页面的 HTML）、字数、讲话时长和检查结果，一次请求。"""
    fields, files = await _body(request)
    outline = _text(fields, "outline")
    seed, name = _seed(fields), _name(fields)

    def work():
        doc = api.build_text(outline, name=name, seed=seed, files=files)
        html = api.write(doc, "html").decode("utf-8")
        # punct-width reports half-width marks in the YAML source, which rendering corrects anyway: the
        # page writes that YAML itself, and scanning it costs more than the rest of the preview
        findings = api.check_outline(outline, name=name, files=files, ignore=("punct-width",),
                                     doc=doc if seed == 0 else None)
        return doc, html, findings

    doc, html, findings = await run_in_threadpool(work)
    chars, minutes = api.length(doc)
    target = doc.meta.get("target_minutes")
    return JSONResponse({"html": html, "chars": chars, "minutes": round(minutes, 1), "target_minutes": target,
                         "findings": findings, "title": str(doc.meta.get("title") or "")})


@endpoint
async def check(request: Request):
    """检查：{"text": …}（讲话稿文字）或 {"outline": …}（提纲）→ 与 gaozi check --format json 相同的数组。"""
    fields, files = await _body(request)
    if fields.get("outline") is not None:
        outline = _text(fields, "outline")
        result = await run_in_threadpool(lambda: api.check_outline(outline, name=_name(fields), files=files))
    else:
        text = _text(fields, "text")
        result = await run_in_threadpool(lambda: api.check_plain(text, name=_name(fields, "<text>")))
    return JSONResponse(result)


@endpoint
async def import_(request: Request):
    """旧稿 → 提纲：{"text": …} 或上传 .txt/.docx（file）→ {"outline", "removed", "notes"}。"""
    fields, files = await _body(request)
    kind = fields.get("kind") or None
    if kind is not None and not isinstance(kind, str):
        raise _BadRequest("应当是文字", "kind")
    if "_file" in fields:
        fname, data = fields["_file"]
        result = await run_in_threadpool(lambda: api.import_source(data=data, name=Path(fname).name, kind=kind))
    else:
        text = _text(fields, "text")
        result = await run_in_threadpool(lambda: api.import_source(text, name="粘贴的文字", kind=kind))
    return JSONResponse(result)


@endpoint
async def parse(request: Request):
    """提纲 YAML → 供编辑器使用的 JSON 模型和校验问题。"""
    fields, _ = await _body(request)
    outline = _text(fields, "outline")
    return JSONResponse(await run_in_threadpool(lambda: api.parse_outline(outline, name=_name(fields))))


@endpoint
async def batch(request: Request):
    """批量生成（multipart）：outline（YAML 文字）、data（CSV/xlsx/YAML 文件）、其他文件（事实文件）、
    name（文件名模式）、seed → {"report", "zip"（base64）}。"""
    fields, files = await _body(request)
    if fields.get("outline") is None and "提纲.yaml" in files:
        fields["outline"] = files.pop("提纲.yaml").decode("utf-8", "replace")
    outline = _text(fields, "outline")
    if "_data" not in fields:
        raise _BadRequest("请上传数据文件（CSV、xlsx 或 YAML）", "data")
    dname, data = fields["_data"]
    files.pop(dname, None)
    pattern = fields.get("pattern") or "{row:03d}.docx"
    if not isinstance(pattern, str) or "/" in pattern or "\\" in pattern:
        raise _BadRequest("文件名模式不能含有文件夹", "pattern")
    seed = _seed(fields)
    zdata, report = await run_in_threadpool(lambda: api.batch_upload(outline, data, dname, files=files,
                                                                     name_pattern=pattern, seed=seed))
    return JSONResponse({"report": report, "zip": base64.b64encode(zdata).decode("ascii")})


@endpoint
async def ledger(request: Request):
    """整改台账（multipart）：data（CSV/xlsx/YAML）、facts（事实文件，可选）、feedback_date、
    format（json、csv 或 docx）。"""
    fields, files = await _body(request)
    if "_data" not in fields:
        raise _BadRequest("请上传台账文件（CSV、xlsx 或 YAML）", "data")
    dname, data = fields["_data"]
    facts = fields["_facts"][1] if "_facts" in fields else None
    fb = None
    if fields.get("feedback_date"):
        try:
            fb = _dt.date.fromisoformat(str(fields["feedback_date"]))
        except ValueError:
            raise _BadRequest(f"日期格式应为 2025-05-20，而不是“{fields['feedback_date']}”", "feedback_date") from None
    fmt = fields.get("format", "json")
    if fmt not in ("json", "csv", "docx"):
        raise _BadRequest("应为 json、csv 或 docx", "format")
    led = await run_in_threadpool(lambda: api.ledger_upload(data, Path(dname).name, facts=facts, feedback_date=fb))
    if fmt == "csv":
        return _download(api.ledger_csv(led), "csv", f"{Path(dname).stem}-整理.csv")
    if fmt == "docx":
        member = Path(dname).name
        lines = ["kind: ledger", f"ledger: {json.dumps(member, ensure_ascii=False)}"]
        mem = {member: data}
        if facts is not None:
            lines.append('facts: "facts.yaml"')
            mem["facts.yaml"] = facts
        if fb:
            lines.append(f"feedback_date: {fb.isoformat()}")
        for key in ("title", "unit"):
            if isinstance(fields.get(key), str) and fields[key].strip():
                lines.append(f"{key}: {json.dumps(fields[key].strip(), ensure_ascii=False)}")

        def work():
            return api.write(api.build_text("\n".join(lines) + "\n", name=member, files=mem), "docx")

        return _download(await run_in_threadpool(work), "docx", f"{Path(dname).stem}.docx")
    return JSONResponse(await run_in_threadpool(api.ledger_report, led))


async def openapi(request: Request):
    return JSONResponse(openapi_spec())


def openapi_spec() -> dict:
    """The OpenAPI 3.1 description of the API (hand-written: the routes are few and stable)."""
    problems = {"description": "输入有误：逐条列出问题", "content": {"application/json": {"schema": {
        "$ref": "#/components/schemas/Problems"}}}}
    outline_body = {"type": "object", "required": ["outline"], "properties": {
        "outline": {"type": "string", "description": "提纲的 YAML 文字"},
        "seed": {"type": "integer", "default": 0, "description": "片段变体的种子"},
        "name": {"type": "string", "description": "提纲的文件名（用于问题定位）", "default": "提纲.yaml"},
        "files": {"type": "object", "description": "提纲引用的事实文件和台账：文件名 → 文字或 {\"base64\": …}"}}}

    def op(summary, body=None, ok=None, multipart=None):
        o = {"summary": summary, "responses": {"200": ok or {"description": "成功"}, "422": problems,
                                               "401": {"description": "缺少访问令牌"},
                                               "413": {"description": "请求太大"}}}
        if body or multipart:
            content = {}
            if body:
                content["application/json"] = {"schema": body}
            if multipart:
                content["multipart/form-data"] = {"schema": multipart}
            o["requestBody"] = {"required": True, "content": content}
        return o

    render_body = {**outline_body, "properties": {**outline_body["properties"], "format": {
        "type": "string", "enum": list(RENDER_FORMATS), "default": "docx"}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "gaozi（稿子）HTTP API", "version": API_VERSION,
                 "description": "本地网页所用的接口；无状态，不读取服务器上的文件。见 docs/web.md。"},
        "paths": {
            "/api/version": {"get": op("版本与能力")},
            "/api/kinds": {"get": op("文稿类型：id、中文名称、说明、字段")},
            "/api/kinds/{kind}/starter": {"get": {**op("提纲模板"), "parameters": [
                {"name": "kind", "in": "path", "required": True, "schema": {"type": "string"}}]}},
            "/api/fragments": {"get": op("片段库")},
            "/api/render": {"post": op("提纲 → 文稿", render_body, {"description": "文稿文件", "content": {
                MEDIA[f].split(";")[0]: {} for f in RENDER_FORMATS}}, render_body)},
            "/api/preview": {"post": op("提纲 → A4 预览、字数、时长、检查结果", outline_body)},
            "/api/check": {"post": op("检查（与 gaozi check --format json 相同）", {"type": "object", "properties": {
                "text": {"type": "string"}, "outline": {"type": "string"}, "files": {"type": "object"}}})},
            "/api/import": {"post": op("旧稿 → 提纲", {"type": "object", "properties": {
                "text": {"type": "string"}, "kind": {"type": "string"}}}, None,
                {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}})},
            "/api/outline/parse": {"post": op("提纲 YAML → JSON 模型和问题", outline_body)},
            "/api/batch": {"post": op("批量生成（返回报告和 zip）", None, None, {"type": "object", "properties": {
                "outline": {"type": "string"}, "data": {"type": "string", "format": "binary"},
                "pattern": {"type": "string", "default": "{row:03d}.docx"}, "seed": {"type": "integer"}}})},
            "/api/ledger": {"post": op("整改台账：校验、统计、导出", None, None, {"type": "object", "properties": {
                "data": {"type": "string", "format": "binary"}, "facts": {"type": "string", "format": "binary"},
                "feedback_date": {"type": "string", "format": "date"},
                "format": {"type": "string", "enum": ["json", "csv", "docx"]}}})},
        },
        "components": {"schemas": {"Problems": {"type": "object", "properties": {"problems": {
            "type": "array", "items": {"type": "object", "properties": {
                "file": {"type": "string"}, "line": {"type": ["integer", "null"]}, "path": {"type": "string"},
                "message": {"type": "string"}}}}}}}},
    }


def create_app(token: str | None = None, *, max_body: int = MAX_BODY) -> Guard:
    """The ASGI app. `token`: required on every request (default: $GAOZI_TOKEN; none = loopback only)."""
    token = token if token is not None else (os.environ.get("GAOZI_TOKEN") or None)
    routes = [
        Route("/", index),
        Route("/api/version", version),
        Route("/api/kinds", kinds),
        Route("/api/kinds/{kind}/starter", starter),
        Route("/api/fragments", fragments),
        Route("/api/render", render, methods=["POST"]),
        Route("/api/preview", preview, methods=["POST"]),
        Route("/api/check", check, methods=["POST"]),
        Route("/api/import", import_, methods=["POST"]),
        Route("/api/outline/parse", parse, methods=["POST"]),
        Route("/api/batch", batch, methods=["POST"]),
        Route("/api/ledger", ledger, methods=["POST"]),
        Route("/api/openapi.json", openapi),
        Mount("/static", app=StaticFiles(directory=str(STATIC)), name="static"),
    ]
    app = Starlette(routes=routes)
    app.state.max_body = max_body
    return Guard(app, token, max_body)


def new_token() -> str:
    return secrets.token_urlsafe(18)
