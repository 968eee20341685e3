"""`cchc serve`: the reviewer's web page. Drop a draft, see every finding beside the text, take the
report away.

Starlette (routing, requests, responses; tested through its TestClient) served by uvicorn. The
request handlers only move bytes: each upload is checked in a worker process (engine/workers.py,
the rule packs compiled once per worker) by engine/upload.py, through the same functions as
`cchc check`, so that a slow import (a .doc through LibreOffice) holds one worker and no other
request waits for it while another worker is free.

Nothing of an upload is kept: its bytes are read into memory (at most --max-upload-mb; a larger
body is refused with 400, as every bad upload is, before it is stored), written by the worker into a private temporary
folder that is removed when the check ends. The reports to download are kept in this process's
memory only, in a bounded cache (`ReportCache`): a random token per check, at most
CACHE_ENTRIES checks and CACHE_BYTES bytes, each gone CACHE_SECONDS after the check. A cache
rather than the reports embedded in the page: the page stays small (a 100-task plan's four
reports weigh several times the page), and the downloads are plain links that work without
JavaScript.
"""
from __future__ import annotations

import asyncio
import collections
import contextlib
import datetime as dt
import secrets
import sys
import threading
import time
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import Route

from engine.config import Config
from engine.errors import InputError, Say
from engine.resources import reports_dir
from engine.upload import DOWNLOADS, Checked, check_upload, page_html
from engine.workers import worker_pool
from engine.yamlsource import Limits

CACHE_SECONDS = 10 * 60
CACHE_ENTRIES = 64
CACHE_BYTES = 256 * 1024 * 1024
# The page's own files, the only ones served from the package's reports folder.
STATIC = {"report.css": "text/css", "serve.css": "text/css", "serve.js": "text/javascript"}
POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; "
          "connect-src 'self'; base-uri 'none'; frame-ancestors 'none'")
HEADERS = {"Content-Security-Policy": POLICY, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
           "X-Frame-Options": "DENY", "Cache-Control": "no-store"}
# A form's parts besides the file (none are expected): bounded by Starlette's own limits.
_FORM_OVERHEAD = 64 * 1024

_SPLIT = Say("tách tệp, hoặc chạy lại cchc serve --max-upload-mb lớn hơn",
             "split the file, or run cchc serve again with a larger --max-upload-mb")
_NO_FILE = Say("không nhận được tệp nào", "no file was received")
_CHOOSE = Say("chọn một tệp dự thảo hoặc kế hoạch rồi bấm Kiểm tra", "choose a draft or plan file, then Check")
_BAD_FORM = Say("biểu mẫu tải lên không hợp lệ", "the upload form is not valid")
_EXPIRED = Say(f"báo cáo này không còn (quá {CACHE_SECONDS // 60} phút, hoặc máy chủ đã khởi động lại)",
               f"this report is gone (over {CACHE_SECONDS // 60} minutes old, or the server restarted)")
_CHECK_AGAIN = Say("tải tệp lên kiểm tra lại", "upload the file again")
_INTERNAL = Say("lỗi nội bộ khi kiểm tra tệp: đây là lỗi của cchc-check, không phải của tệp; xin báo lỗi kèm tệp",
                "internal error while checking the file: a fault of cchc-check, not of your file; please report "
                "it with the file")


def _too_large(mb: int) -> Say:
    return Say(f"tệp vượt giới hạn {mb} MB của trang này", f"the file is over this page's limit of {mb} MB")


@dataclass(frozen=True)
class Settings:
    lang: str = "vi"
    max_upload_mb: int = 20
    rule_packs: tuple[str, ...] = ()
    jobs: int = 2
    today: dt.date | None = None        # the date time-dependent rules use (default: each day's own)
    # The Host names a request may carry (none: any). Served on this machine only, the page answers
    # to its own names only, so a web page elsewhere cannot reach it by DNS rebinding.
    hosts: tuple[str, ...] = ()
    # The plan repository's settings when the server is started in one: its plan folders are where
    # an upload's parent plan (plan.parent) is looked for, as `cchc check` there looks for it.
    config: Config | None = None


class ReportCache:
    """The reports of recent checks by token: bounded in count and bytes, each expiring."""

    def __init__(self, entries: int = CACHE_ENTRIES, size: int = CACHE_BYTES, seconds: float = CACHE_SECONDS):
        self.entries, self.size, self.seconds = entries, size, seconds
        self._items: collections.OrderedDict[str, tuple[float, dict]] = collections.OrderedDict()
        self._lock = threading.Lock()

    def put(self, token: str, downloads: dict) -> None:
        with self._lock:
            self._items[token] = (time.monotonic() + self.seconds, downloads)
            self._trim()

    def get(self, token: str) -> dict | None:
        with self._lock:
            self._trim()
            item = self._items.get(token)
            return item[1] if item else None

    def __len__(self) -> int:
        with self._lock:
            self._trim()
            return len(self._items)

    def _trim(self) -> None:
        now = time.monotonic()
        while self._items and (next(iter(self._items.values()))[0] <= now or len(self._items) > self.entries
                               or self._bytes() > self.size):
            self._items.popitem(last=False)

    def _bytes(self) -> int:
        return sum(len(data) for _expires, downloads in self._items.values() for _n, _t, data in downloads.values())


class _InMemoryParser(MultiPartParser):
    """Starlette's multipart parser with the file kept in memory (the body is already bounded)."""

    def __init__(self, *args, spool: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.spool_max_size = spool


def create_app(settings: Settings) -> Starlette:
    cache = ReportCache()
    limit = settings.max_upload_mb * 1024 * 1024
    limits = Limits(max_bytes=limit)
    lang = settings.lang
    context = {"max_upload_mb": settings.max_upload_mb, "cache_minutes": CACHE_SECONDS // 60}
    state: dict = {}

    def new_pool():
        return worker_pool(settings.jobs, list(settings.rule_packs) or None)

    @contextlib.asynccontextmanager
    async def lifespan(_app):
        state["pool"] = new_pool()
        state["lock"] = asyncio.Lock()
        try:
            yield
        finally:
            state["pool"].shutdown(wait=True, cancel_futures=True)

    def page(checked: Checked) -> HTMLResponse:
        return HTMLResponse(checked.page, status_code=checked.status, headers=HEADERS)

    def refusal(problem: Say, fix: Say, status: int = 400, where: str = "") -> HTMLResponse:
        line = f"{where}: " if where else ""
        return page(Checked(status, page_html(lang, context, error=f"{line}{problem(lang)}; {fix(lang)}")))

    async def index(_request: Request) -> HTMLResponse:
        return page(Checked(200, page_html(lang, context)))

    async def run_in_worker(*arguments) -> Checked:
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(state["pool"], check_upload, *arguments)
        except BrokenProcessPool:
            # A worker died (killed, out of memory): start a fresh pool, and try this check once more.
            async with state["lock"]:
                if getattr(state["pool"], "_broken", False):
                    state["pool"] = new_pool()
            return await loop.run_in_executor(state["pool"], check_upload, *arguments)

    async def check(request: Request) -> HTMLResponse:
        body = await _bounded_body(request, limit + _FORM_OVERHEAD)
        if body is None:
            return refusal(_too_large(settings.max_upload_mb), _SPLIT)
        try:
            form = await _InMemoryParser(request.headers, _once(body), spool=len(body) + 1, max_files=1,
                                         max_fields=8).parse()
        except (MultiPartException, KeyError, ValueError):
            return refusal(_BAD_FORM, _CHOOSE)
        upload = form.get("plan")
        if not isinstance(upload, UploadFile) or not upload.filename:
            return refusal(_NO_FILE, _CHOOSE)
        data = await upload.read()
        await upload.close()
        del body, form                        # a request waiting for a worker holds the upload once
        if len(data) > limit:
            return refusal(_too_large(settings.max_upload_mb), _SPLIT, where=upload.filename)
        token = secrets.token_urlsafe(18)
        today = settings.today or dt.date.today()
        try:
            checked = await run_in_worker(upload.filename, data, today, lang, limits, {**context, "token": token},
                                          settings.config)
        except Exception as err:  # noqa: BLE001 - a bug in the tool: said on the page, never a traceback
            print(f"cchc serve: {type(err).__name__}: {err}", file=sys.stderr)
            return page(Checked(500, page_html(lang, context, error=_INTERNAL(lang))))
        if checked.downloads:
            cache.put(token, checked.downloads)
        return page(checked)

    async def download(request: Request) -> Response:
        fmt = request.path_params["fmt"]
        downloads = cache.get(request.path_params["token"])
        if fmt not in DOWNLOADS or downloads is None:
            return refusal(_EXPIRED, _CHECK_AGAIN, status=404)
        name, media_type, data = downloads[fmt]
        disposition = f"attachment; filename*=UTF-8''{quote(name)}"
        return Response(data, media_type=f"{media_type}; charset=utf-8",
                        headers={**HEADERS, "Content-Disposition": disposition})

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in STATIC:
            return Response(status_code=404, headers=HEADERS)
        return FileResponse(reports_dir() / name, media_type=STATIC[name],
                            headers={**HEADERS, "Cache-Control": "max-age=300"})

    app = Starlette(routes=[Route("/", index), Route("/check", check, methods=["POST"]),
                            Route("/report/{token}/{fmt}", download), Route("/static/{name}", static)],
                    middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=list(settings.hosts))]
                    if settings.hosts else [], lifespan=lifespan)
    app.state.cache = cache
    return app


async def _bounded_body(request: Request, limit: int) -> bytes | None:
    """The request's body, or None when it is over `limit` bytes (then read to its end and
    dropped, up to a few times the limit, so that the browser gets the answer, not a reset)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > 8 * limit:
        return None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size <= limit:
            chunks.append(chunk)
        elif size > 8 * limit:
            break
    return b"".join(chunks) if size <= limit else None


async def _once(body: bytes):
    yield body


def listening_socket(host: str, port: int):
    """The server's socket, bound before the server starts so that a port in use is one clear
    message (exit 2), not the server's own log line."""
    import socket
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        return socket.create_server((host, port), family=family, backlog=128)
    except OSError as err:
        reason = err.strerror or str(err)
        raise InputError("cchc serve", None, Say(f"không mở được {host}:{port}: {reason}",
                                                 f"cannot listen on {host}:{port}: {reason}"),
                         Say("chọn --port khác (--port 0: một cổng còn trống) hoặc --host khác",
                             "choose another --port (--port 0: any free one) or --host")) from None


def serve_forever(app: Starlette, listening, announce) -> None:
    """uvicorn serving `app` on the socket `listening`; `announce` is told each address once the
    server is ready (the page to open)."""
    import uvicorn
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, server_header=False))
    original_startup = server.startup

    async def startup(sockets=None):
        await original_startup(sockets)
        for bound in server.servers:
            for sock in bound.sockets:
                address, port = sock.getsockname()[:2]
                announce(f"http://{f'[{address}]' if ':' in address else address}:{port}/")
    server.startup = startup
    server.run(sockets=[listening])
