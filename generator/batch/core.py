"""Batch: one document per data row (a 表态发言 for every village or bureau), on every core.

    Batch(outline, data, out_dir, name="{unit}-表态发言.docx").prepare() → .run(progress) → Report

- Each row of the data file (CSV in any encoding textio knows, a YAML list, .xlsx) becomes the `sets` of
  one build: a column named like a kind field sets that field (checked against its type), `date` and
  `sign_date` set the outline's dates, any other column is a variable (`{{ 列名 }}`).
- Required columns are the variables the outline's texts use without a value: found by rendering the
  outline once with no data and collecting the undefined names.
- What stops the whole batch (outline, header, a required column missing, the name pattern) is checked
  first. Then the rows are streamed: each is checked as it is read (empty required cells, impossible
  dates, bad field values, file name, existing target) before its document is built; a bad row is
  reported by the row number the user sees in Excel (the header is row 1) and skipped, the others are
  written. `dry_run` checks and renders every row and writes nothing.
- A batch is one meeting: its rows are composed one after another, in file order, with one `Meeting` that
  remembers which sentences were heard in which speech, so that no two speeches sound alike. The rows go
  to the workers in blocks of MEETING rows, each block one meeting planned in order by one worker (a
  batch of up to MEETING rows is wholly one meeting; a longer one is heard as meetings of MEETING).
  Each row ranks its wordings by (seed, the row's values, slot): the same data and seed give the same
  files, whatever the number of processes, and adding a row changes no earlier row.
- `combine=PATH` also writes every row into one document (a contents page, each speech on a new page).
- Workers load the outline, kind, environment, fragment library and the Word base package once per
  process (inherited from the parent where the platform forks); each writes its files atomically, in
  background threads so that waiting for the disk overlaps with rendering.
- SIGINT/SIGTERM: the workers are stopped, writes in flight end as complete files or temp files, and
  the parent sweeps the temp files of our targets: only complete files remain.
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import multiprocessing as mp
import os
import re
import signal
import string
import sys
import unicodedata
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from generator.io import datafiles, office
from generator.io.atomic import sweep_stale, write_error
from generator.io.textio import is_input
from generator.render.limits import LIMIT_MARK
from generator.errors import GaoziError, Problem
from generator import pipeline
from generator.io.atomic import write_atomic
from generator.io.yamlload import LMap, load
from generator.model import fields, profiles, tree
from generator.model.fragments import Library, Meeting
from generator.model.kinds import get_kind, template_roots
from generator.model.outline import _V, validate
from generator.model.tree import Block, Document, Span
from generator.pipeline import read_outline_source
from generator.render.compose import Options, compose, row_key
from generator.render.templating import make_env
from generator.text import numbering
from generator.write import docx as write_docx
from generator.write import pdf as write_pdf
from generator.write import markdown as write_markdown
from generator.write import text as write_text

NAME_DEFAULT = "{row:03d}.docx"
BATCH_FORMATS = ("docx", "txt", "md", "pdf")  # the extension of --name picks one (pipeline.EXTENSIONS)
_BAD_CHARS = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
_INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
             *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10)),
             *(f"COM{c}" for c in "¹²³"), *(f"LPT{c}" for c in "¹²³")}
WRITE_THREADS = 4  # files written at once by each process
MEETING = 60  # rows planned as one meeting (a county's 表态 rarely has more speakers)
RETRIES = 4  # second and third tries of a speech that sounds too much like one before it
RETRY_OVER = 2  # ... only when it goes over by this many sentences at most (more: the library is used up)
PDF_CHUNK = 48  # rows converted at a time when writing PDFs: one LibreOffice run converts them all (bench_batch)
_MAX_STEM = 120  # characters; Windows allows 255 UTF-16 units per name, and paths add up
_INT = re.compile(r"^-?(?:0|[1-9]\d{0,15})$")
_DATE_NAME = re.compile(r"(日期|时间|date)$", re.IGNORECASE)
_TRUE, _FALSE = {"true", "yes", "是", "1", "对", "真"}, {"false", "no", "否", "0", "错", "假"}
# Outline keys a column may not use: they are not variables (date and sign_date are: see _row_sets).
_CORE = ("kind", "title", "subtitle", "speaker", "salutation", "addressee", "signature", "source", "outline_text",
         "vars", "facts", "profile", "target_minutes", "with_outline", "opening", "sections", "closing", "check")
_RESERVED_VARS = ("n", "count", "facts", "doc", "kind", "loop", "range", "self", "fragment", "pick")


@dataclass(frozen=True, slots=True)
class RowIssue:
    row: int  # the row number the user sees (header = row 1 in CSV/xlsx; the line in YAML)
    column: str  # "" when the whole row is meant
    message: str  # Chinese; for a column, it follows "第N行 COL 列"

    def __str__(self) -> str:
        if self.column:
            sep = "" if self.message.startswith(("为空", "：")) else "："
            return f"第{self.row}行 {self.column} 列{sep}{self.message}"
        return f"第{self.row}行：{self.message}"


@dataclass(slots=True)
class Job:
    index: int  # 0-based position among the data rows (its meeting block is index // MEETING)
    row: int  # user-visible row number
    target: str
    sets: dict
    dates: dict  # "date"/"sign_date" → datetime.date overrides


@dataclass(frozen=True)
class Spec:
    """Everything a worker process needs to load its state (picklable, for platforms that spawn)."""

    outline: str
    fmt: str
    template_dirs: tuple = ()
    fragment_dirs: tuple = ()
    profile: str | None = None
    force: bool = False
    dry_run: bool = False
    seed: int = 0
    inputs: tuple = ()
    keep_docs: bool = False  # send each Document back (for the combined volume)


@dataclass
class Report:
    total: int  # data rows
    written: list[str] = field(default_factory=list)  # names of the files written (or, in a dry run, that would be)
    failed: list[RowIssue] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.failed


class Interrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM during a batch: complete files stay, no temp file is left."""

    def __init__(self, signum: int, written: int):
        super().__init__(signum)
        self.signum = signum
        self.written = written


# ------------------------------------------------------------------------------------ file names


def safe_name(name: str, fallback: str = "未命名") -> str:
    """A file name Windows accepts: no \\ / : * ? \" < > | or control characters, no trailing dots or
    spaces, not a reserved device name (CON, PRN, AUX, NUL, COM1…, LPT1…), not too long."""
    # One name, one file: NFC (a macOS NFD name is the same name), no invisible characters (bidi
    # controls would show "fdp.exe" as "exe.pdf"; a zero-width space makes a look-alike second file).
    name = _INVISIBLE.sub("", unicodedata.normalize("NFC", name))
    name = _BAD_CHARS.sub("_", name).strip()
    stem, dot, ext = name.rpartition(".")
    if not dot or not re.fullmatch(r"[A-Za-z0-9]{1,8}", ext):
        stem, ext = name, ""
    stem = stem.rstrip(". ")
    if len(stem) > _MAX_STEM:
        stem = stem[:_MAX_STEM].rstrip(". ")
    if not stem:
        stem = fallback
    first, dot2, rest = stem.partition(".")
    if first.strip().upper() in _RESERVED:  # NUL.txt and NUL.tar.txt are both the device
        stem = f"{first}_{dot2}{rest}"
    return f"{stem}.{ext}" if ext else stem


def unique_names(names: list[str]) -> list[str]:
    """Second and later uses of a name (compared as Windows does, ignoring case) get -2, -3 …"""
    seen: set[str] = set()
    return [_unique(n, seen) for n in names]


def pattern_fields(pattern: str) -> list[str]:
    """The names a file-name pattern uses; {a.b} and {a[0]} are refused (only plain column names)."""
    out = []
    try:
        parsed = list(string.Formatter().parse(pattern))
    except ValueError as exc:
        raise GaoziError(Problem("--name", None, "", f"文件名模式“{pattern}”有误：{exc}（花括号要成对；字面的花括号写作 {{{{ }}}}）")) from None
    for _lit, fname, _spec, _conv in parsed:
        if fname is None:
            continue
        if fname == "" or fname.isdigit():
            raise GaoziError(Problem("--name", None, "", "文件名模式中的 {} 要写列名，如 {unit}；{row} 是行序号"))
        if any(c in fname for c in ".[]"):
            raise GaoziError(Problem("--name", None, "", f"文件名模式中的“{{{fname}}}”只能是列名"))
        if _spec and ("{" in _spec or any(len(d) > 3 for d in re.findall(r"\d+", _spec))):
            raise GaoziError(Problem("--name", None, "", f"文件名模式中“{{{fname}:{_spec}}}”的宽度不能超过三位数，也不能由列给出"))
        out.append(fname)
    return out


# ---------------------------------------------------------------------------------- worker state


class _State:
    """What every row needs, loaded once per process: outline, kind, environment, library, facts, profile."""

    def __init__(self, spec: Spec):
        self.spec = spec
        self.outline, self.filled = load_outline(spec.outline, spec.template_dirs)
        self.kind = get_kind(self.outline.kind, spec.template_dirs, file=self.outline.file)
        self.env = make_env(template_roots(spec.template_dirs))
        self.library = Library(spec.fragment_dirs, self.env)
        self.facts = pipeline.load_facts(self.outline)
        self.profile = None
        self._threads = None
        self._threads_pid = 0
        self._meeting = None  # the meeting of the block being composed
        self._block = -1
        if spec.fmt in ("docx", "pdf"):
            self.profile = profiles.load(spec.profile or self.outline.profile)
            write_docx.render(tree.Document([], {}), self.profile)  # builds the cached base package

    def compose(self, sets: dict, seed: int, dates: dict | None = None, meeting=None):
        outline = dataclasses.replace(self.outline, **dates) if dates else self.outline
        opts = Options(seed=seed, sets=sets, template_dirs=self.spec.template_dirs,
                       fragment_dirs=self.spec.fragment_dirs, facts=self.facts, meeting=meeting,
                       row_key=row_key(sets) if sets else "")
        doc = compose(outline, self.kind, opts, env=self.env, library=self.library)
        if meeting is None:
            return doc
        # Greedy choice can paint itself into a corner: a speech that still shares too much with one before
        # it is composed again (at most twice) avoiding the sentences it shares; the best try is kept.
        best = (meeting.too_alike()[0], doc, meeting.offered)
        for _ in range(RETRIES):
            if not best[0] or best[0] > RETRY_OVER:  # nothing to mend, or the wordings are used up anyway
                break
            meeting.banned |= meeting.too_alike()[1]
            again = compose(outline, self.kind, opts, env=self.env, library=self.library)
            over = meeting.too_alike()[0]
            if over < best[0]:
                best = (over, again, meeting.offered)
        meeting.banned.clear()
        meeting.add(best[2])
        return best[1]

    def render(self, doc) -> bytes:
        fmt = self.spec.fmt
        if fmt in ("docx", "pdf"):  # a PDF is converted from the .docx, a chunk of rows at a time
            return write_docx.render(doc, self.profile)
        return (write_markdown if fmt == "md" else write_text).render(doc).encode("utf-8")

    def _to_pdf(self, rendered: list, out: list) -> list:
        """The chunk's .docx converted to PDF in one LibreOffice run; if that fails, every row says why."""
        try:
            pdfs = write_pdf.from_docx([data for _job, data, _kept in rendered], name=Path(self.spec.outline).name)
        except GaoziError as exc:
            message = exc.problems[0].message if exc.problems else "生成 PDF 失败"
            out.extend((job.index, RowIssue(job.row, "", message), None) for job, _data, _kept in rendered)
            return []
        return [(job, pdf, kept) for (job, _data, kept), pdf in zip(rendered, pdfs)]

    def _writer(self):
        """Threads that write files: fsync waits on the disk, so several writes overlap with the next
        rows' rendering. Created per process (threads do not survive a fork)."""
        from concurrent.futures import ThreadPoolExecutor

        if self._threads is None or self._threads_pid != os.getpid():
            self._threads = ThreadPoolExecutor(max_workers=WRITE_THREADS, thread_name_prefix="gaozi-write")
            self._threads_pid = os.getpid()
        return self._threads

    def shutdown(self) -> None:
        """Wait for the writes in flight (each ends as a complete file or none), then stop the threads."""
        if self._threads is not None and self._threads_pid == os.getpid():
            self._threads.shutdown(wait=True)
        self._threads = None

    def run_jobs(self, jobs: list[Job], columns=()) -> list[tuple]:
        """Build and render each row, write the files atomically (unless a dry run); a bad row comes
        back as (index, issue, None), the others as (index, None, Document or None). The jobs are one
        meeting block, or its continuation: rows of a new block start a new meeting."""
        out: list[tuple] = []
        pending = []
        rendered = []
        for job in jobs:
            block = job.index // MEETING
            if self._meeting is None or self._block != block:
                self._meeting, self._block = Meeting(), block
            try:
                doc = self.compose(job.sets, self.spec.seed, job.dates, meeting=self._meeting)
                data = self.render(doc)
            except GaoziError as exc:
                out.append((job.index, _issue_from(exc, job, columns), None))
                continue
            except Exception as exc:  # a bug of ours: report the row, go on with the others
                out.append((job.index, RowIssue(job.row, "", f"gaozi 内部错误：{type(exc).__name__}: {exc}"), None))
                continue
            rendered.append((job, data, doc if self.spec.keep_docs else None))
        if self.spec.fmt == "pdf" and rendered and not self.spec.dry_run:
            rendered = self._to_pdf(rendered, out)
        for job, data, kept in rendered:
            if self.spec.dry_run:
                out.append((job.index, None, kept))
                continue
            pending.append((job, kept, self._writer().submit(write_atomic, job.target, data,
                                                             inputs=self.spec.inputs, force=self.spec.force)))
        for job, kept, fut in pending:
            try:
                fut.result()
                out.append((job.index, None, kept))
            except GaoziError as exc:
                out.append((job.index, _issue_from(exc, job, columns), None))
            except OSError as exc:
                out.append((job.index, RowIssue(job.row, "", f"无法写出 {Path(job.target).name}：{exc.strerror or exc}"),
                            None))
        return out


def _issue_from(exc: GaoziError, job: Job, columns) -> RowIssue:
    for p in exc.problems:
        if p.code == "undefined-variable":
            name = p.info["name"]
            if name in columns:
                return RowIssue(job.row, name, "为空")
            return RowIssue(job.row, "", f"提纲用到了变量 {name}，但提纲和数据文件都没有给出（可在数据文件中加一列 {name}）")
    p = exc.problems[0] if exc.problems else None
    more = f"（另有 {len(exc.problems) - 1} 个问题）" if len(exc.problems) > 1 else ""
    if p is not None and not p.file:
        return RowIssue(job.row, p.path if p.path in columns else "", p.message + more)
    return RowIssue(job.row, "", f"{p}{more}" if p else "无法生成")


def load_outline(path: str, template_dirs=()):
    """(outline, filled): a required kind field the outline leaves out is taken as given, for the data
    to fill on every row; `filled` names those fields (the batch checks the data has them)."""
    text, display = read_outline_source(path)
    data = load(text, display)
    kind_fields = {}
    filled = []
    if isinstance(data, LMap) and isinstance(data.get("kind"), str):
        kind_fields = get_kind(data["kind"], template_dirs, file=display, line=data.line_of("kind")).fields
        for fname, fs in kind_fields.items():
            if data.get(fname) is None and fs.get("required") and "default" not in fs:
                data[fname] = fields.placeholder(fs)
                filled.append(fname)
    return validate(data, display, kind_fields), filled


# ---- worker processes ------------------------------------------------------------------------------
# Own processes with one private pipe each, not multiprocessing.Pool: a Pool shares its task queue's
# lock among the workers, and a worker stopped by SIGTERM while holding it hangs Pool.terminate().

_STATE: _State | None = None


_OUT_DIRS: set = set()  # folders this worker writes into: its own temp files there are removed on exit


def _remove_own_temps() -> None:  # pragma: no cover - runs in worker processes
    from generator.io.atomic import _TEMP

    me = str(os.getpid())
    for d in list(_OUT_DIRS):
        try:
            for e in os.listdir(d):
                m = _TEMP.match(e)
                if m and m["pid"] == me:
                    os.unlink(os.path.join(d, e))
        except OSError:
            pass


def _on_term_worker(signum, frame):  # pragma: no cover - runs in worker processes
    # Files are renamed into place only when complete; a temp file of a write cut short here goes now
    # (and the parent sweeps too, after every worker has stopped).
    _remove_own_temps()
    office.abort_all()  # a LibreOffice converting this worker's PDFs goes too
    os._exit(128 + signum)


def _die_with_parent(parent: int) -> None:  # pragma: no cover - runs in worker processes
    """A worker must not outlive its parent (killed by SIGKILL or SIGHUP): on Linux the kernel sends
    SIGTERM when the parent dies (PR_SET_PDEATHSIG); elsewhere, and as a second guard, a thread
    watches the parent's pid."""
    import threading

    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, int(signal.SIGTERM), 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the guard was in place
        _on_term_worker(signal.SIGTERM, None)

    def watch():
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                _on_term_worker(signal.SIGTERM, None)

    threading.Thread(target=watch, name="gaozi-parent-watch", daemon=True).start()


def _worker_main(conn, spec: Spec, parent: int | None = None) -> None:  # pragma: no cover - runs in worker processes
    global _STATE
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides; Ctrl-C reaches every process
    signal.signal(signal.SIGTERM, _on_term_worker)
    signal.signal(signal.SIGHUP, _on_term_worker)
    if parent is not None:
        _die_with_parent(parent)
    try:
        if _STATE is None or _STATE.spec != spec:  # a forked worker inherits the parent's loaded state
            _STATE = _State(spec)
        while True:
            try:
                task = conn.recv()
            except (EOFError, OSError):  # the parent is gone
                break
            if task is None:
                break
            columns, jobs = task
            _OUT_DIRS.update(os.path.dirname(j.target) or "." for j in jobs)
            conn.send(_STATE.run_jobs(jobs, columns))
    except BaseException as exc:  # a bug of ours: tell the parent, which reports the rows
        try:
            conn.send(exc if isinstance(exc, Exception) else RuntimeError(repr(exc)))
        except Exception:
            pass
    finally:
        if _STATE is not None:
            _STATE.shutdown()
        conn.close()


class _Workers:
    """n worker processes; each gets up to DEPTH chunks at a time and answers them in order."""

    DEPTH = 2

    def __init__(self, n: int, spec: Spec, state: _State):
        global _STATE
        import gc

        ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
        self.procs, self.conns = [], []
        _STATE = state  # what a forked worker inherits: nothing to load again
        gc.collect()
        gc.freeze()  # the workers' collector never walks the inherited objects: their pages stay shared
        try:
            for _ in range(n):
                parent, child = ctx.Pipe()
                p = ctx.Process(target=_worker_main, args=(child, spec, os.getpid()), daemon=True, name="gaozi-batch")
                p.start()
                child.close()
                self.procs.append(p)
                self.conns.append(parent)
        finally:
            gc.unfreeze()
            _STATE = None

    def run(self, tasks, take) -> None:
        """Send the tasks (columns, jobs) as workers become free; take(results) each answer."""
        from multiprocessing.connection import wait

        sent: dict = {c: deque() for c in self.conns}  # conn → its jobs lists in flight, oldest first
        tasks = iter(tasks)
        more = True
        while True:
            if more:
                for c in self.conns:
                    while len(sent[c]) < self.DEPTH:
                        task = next(tasks, None)
                        if task is None:
                            more = False
                            break
                        c.send(task)
                        sent[c].append(task[1])
                    if not more:
                        break
            busy = [c for c in self.conns if sent[c]]
            if not busy:
                return
            for c in wait(busy):
                try:
                    answer = c.recv()
                except (EOFError, OSError):
                    answer = RuntimeError("工作进程意外退出")
                jobs = sent[c].popleft()
                if isinstance(answer, BaseException):
                    take([(j.index, RowIssue(j.row, "", f"gaozi 内部错误：{type(answer).__name__}: {answer}"), None)
                          for js in [jobs, *sent[c]] for j in js])
                    sent[c].clear()
                    self.conns.remove(c)  # that worker is gone; the others go on
                    if not self.conns:
                        raise RuntimeError("所有工作进程都意外退出")
                    continue
                take(answer)

    def stop(self) -> None:
        """Let the workers finish and exit."""
        for c in self.conns:
            try:
                c.send(None)
            except OSError:
                pass
        for p in self.procs:
            p.join(30)
            if p.is_alive():
                p.kill()
                p.join()
        self._close_conns()

    def kill(self) -> None:
        """SIGTERM to every worker (a write in flight may leave a temp file: the caller sweeps)."""
        for p in self.procs:
            if p.is_alive():
                p.terminate()
        for p in self.procs:
            p.join(10)
            if p.is_alive():
                p.kill()
                p.join()
        self._close_conns()

    def _close_conns(self) -> None:
        for c in self.conns:
            c.close()
        self.conns = []


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


# ------------------------------------------------------------------------------------------ batch


class Batch:
    """prepare() checks what stops the whole batch (outline, header, required columns, name pattern);
    run() streams the rows: each is checked, named and sent to a worker as it is read, so memory
    does not grow with the number of rows."""

    def __init__(self, outline: str, data: str, out_dir: str, *, name: str = NAME_DEFAULT, seed: int = 0,
                 sets: dict | None = None, force: bool = False, dry_run: bool = False, jobs: int | None = None,
                 template_dirs=(), fragment_dirs=(), profile: str | None = None, sheet: str | None = None,
                 combine: str | None = None):
        self.outline_path = outline
        self.data_path = data
        self.out_dir = Path(out_dir)
        self.name = name
        self.seed = seed
        self.global_sets = dict(sets or {})
        self.force = force
        self.dry_run = dry_run
        self.n_jobs = jobs or default_jobs()
        self.template_dirs = tuple(template_dirs)
        self.fragment_dirs = tuple(fragment_dirs)
        self.profile = profile
        self.sheet = sheet
        self.table: datafiles.DataTable | None = None
        self.columns: tuple = ()
        self.required: set[str] = set()
        self.warnings: list[str] = []  # reported, not fatal: a data column nothing uses
        self.state: _State | None = None
        self.spec: Spec | None = None
        self.total = 0  # data rows seen by run()
        self._pool = None
        self._ext = Path(name).suffix.lower()
        self.combine = combine
        self.docs: list = []  # (index, Document) of the rows, kept only for `combine`

    # ---- checks before anything is written --------------------------------------------------------
    def prepare(self) -> None:
        """Load and check everything that stops the whole batch; raise GaoziError for it."""
        fmt = pipeline.EXTENSIONS.get(self._ext)
        if fmt not in BATCH_FORMATS:
            wanted = "、".join(e for e, f in pipeline.EXTENSIONS.items() if f in BATCH_FORMATS and e not in (".text", ".markdown"))
            raise GaoziError(Problem("--name", None, "", f"文件名模式“{self.name}”的扩展名应为 {wanted}"))
        if self.combine and pipeline.EXTENSIONS.get(Path(self.combine).suffix.lower()) not in ("docx", "txt", "md"):
            raise GaoziError(Problem("--combine", None, "", f"汇编文件“{self.combine}”的扩展名应为 .docx、.txt 或 .md"))
        if self.combine and Path(self.combine).exists() and not self.force:
            raise GaoziError(Problem("--combine", None, "", f"{self.combine} 已存在；确认要覆盖请加 --force"))
        if fmt == "pdf" and not self.dry_run and not office.available():
            raise GaoziError(Problem("--name", None, "", office.missing_message("生成 PDF")))
        if self.out_dir.exists() and not self.out_dir.is_dir():
            raise GaoziError(Problem(str(self.out_dir), None, "", "输出位置是一个文件，应当是文件夹"))
        self.spec = Spec(str(self.outline_path), fmt, self.template_dirs, self.fragment_dirs,
                         self.profile, self.force, self.dry_run, self.seed,
                         (str(self.outline_path), str(self.data_path)), bool(self.combine))
        self.state = _State(self.spec)
        self._check_sets()
        self.required = self._required_names()
        # Workers start now: forked, they inherit the loaded state (nothing to load again) and, as the
        # data is only read from here on, never a copy of it.
        if self.n_jobs > 1:
            self._start_pool()
        try:
            self._check_data()
        except BaseException:
            self.close()
            raise

    def _check_data(self) -> None:
        self.table = table = datafiles.open_rows(self.data_path, sheet=self.sheet)
        self.columns = columns = tuple(table.columns)
        problems = []
        for c in columns:
            if c in _CORE:
                problems.append(Problem(table.file, table.header_row or None, c,
                                        f"列名“{c}”是提纲的保留字段，请改个列名，在提纲中用 {{{{ 列名 }}}} 引用"))
            elif c in _RESERVED_VARS:
                problems.append(Problem(table.file, table.header_row or None, c, f"列名“{c}”是保留名，请改个列名"))
        for f in pattern_fields(self.name):
            if f not in columns and f != "row":
                problems.append(Problem("--name", None, "", f"文件名模式用到了“{{{f}}}”，但数据文件没有这一列"
                                                          f"（有：{'、'.join(columns)}；{{row}} 是行序号）"))
        problems += [Problem(self.state.outline.file, None, n, f"缺少必填字段 {n}：提纲没有写，数据文件也没有“{n}”列")
                     for n in self.state.filled if n not in columns and n not in self.global_sets]
        if problems:
            raise GaoziError(problems)
        self.warnings = self._unused_columns(columns)
        self.required |= set(self.state.filled)  # a required field the outline leaves to the data
        missing = sorted(n for n in self.required if n not in columns and n not in self.global_sets)
        if missing:
            raise GaoziError([Problem(table.file, table.header_row or None, n,
                                      f"数据文件缺少“{n}”列：提纲用到了变量 {n}，提纲里没有给出它的值") for n in missing])

    def _check_sets(self) -> None:
        """--set keys the outline and its kind do not use are refused, values of kind fields converted."""
        from generator import pipeline

        st = self.state
        self.global_sets = pipeline.check_sets(self.global_sets, st.outline, st.kind, st.env, st.library)

    def _unused_columns(self, columns) -> list[str]:
        """Warnings for data columns no text, template or file-name pattern uses."""
        from generator import pipeline

        st = self.state
        used = pipeline.used_names(st.outline, st.kind, st.env, st.library) | set(pattern_fields(self.name))
        used |= {"date", "sign_date"}
        return [f"{self.table.file}: {c}: 警告：提纲、文稿类型和文件名模式都没有用到“{c}”列，这一列的值不会出现在文稿里"
                for c in columns if c not in used and c not in _CORE and c not in _RESERVED_VARS]

    def _required_names(self) -> set[str]:
        """Variables the outline uses without a value: render with no data, collect undefined names."""
        found: set[str] = set()
        sets = dict(self.global_sets)
        for _ in range(64):
            try:
                self.state.compose(sets, self.seed)
                break
            except GaoziError as exc:
                if any(LIMIT_MARK in p.message for p in exc.problems):
                    raise  # a text that runs away does so on every row: stop before the first
                new = {p.info["name"] for p in exc.problems if p.code == "undefined-variable"} - found
                if not new:
                    break
                found |= new
                sets.update(dict.fromkeys(new, 1))
        return found

    def count(self) -> int:
        """The number of data rows (a quick pass over the file), for a progress bar."""
        return datafiles.count_rows(self.data_path, sheet=self.sheet)

    # ---- rows → jobs ---------------------------------------------------------------------------------
    def _jobs(self, issues: list[RowIssue], planned: set[str]):
        """Check and name each row as it is read; yield the good ones as jobs, put the bad in `issues`."""
        kind_fields = self.state.kind.fields
        seen = planned  # names taken so far, casefolded: Windows compares names ignoring case
        for index, r in enumerate(self.table.rows):
            self.total = index + 1
            bad: list[RowIssue] = []
            for x in r.extra[:1]:
                bad.append(RowIssue(r.number, "", f"多出的单元格“{x}”（超出表头的列数）"))
            sets, dates, fmt_values = self._row_sets(r, kind_fields, bad)
            fmt_values["row"] = index + 1
            name = ""
            try:
                name = self.name.format_map(fmt_values)
            except (ValueError, TypeError, KeyError, IndexError) as exc:
                bad.append(RowIssue(r.number, "", f"无法按文件名模式“{self.name}”生成文件名：{exc}"))
            if bad:
                issues.extend(bad)
                continue
            name = safe_name(name, fallback=f"{index + 1:03d}")
            if not name.lower().endswith(self._ext):
                name = safe_name(name + self._ext)
            name = _unique(name, seen)
            target = self.out_dir / name
            if target.exists():
                if not self.force:
                    issues.append(RowIssue(r.number, "", f"{target} 已存在；确认要覆盖请加 --force"))
                    continue
                if any(_same(target, p) for p in (self.outline_path, self.data_path)) or is_input(target):
                    issues.append(RowIssue(r.number, "", f"{target} 是输入文件，拒绝覆盖"))
                    continue
            yield Job(index, r.number, str(target), sets, dates)

    def _row_sets(self, r: datafiles.Row, kind_fields: dict, issues: list[RowIssue]):
        """Row values → (sets for compose, date overrides, values for the file-name pattern)."""
        sets = dict(self.global_sets)
        dates: dict = {}
        fmt_values: dict = {}
        for col, raw in r.values.items():
            empty = datafiles.is_empty(raw)
            if empty:
                fmt_values[col] = ""
                if col in self.required and col not in self.global_sets:
                    issues.append(RowIssue(r.number, col, "为空"))
                continue
            value = raw
            spec = kind_fields.get(col)
            is_date = (_DATE_NAME.search(col) is not None or datafiles.looks_like_date(raw)
                       or col in ("date", "sign_date") or (spec and spec.get("type") == "date"))
            if is_date and not isinstance(raw, bool):
                d = datafiles.parse_date(raw)
                if isinstance(d, str):
                    issues.append(RowIssue(r.number, col, d))
                    continue
                value = d
            if col in ("date", "sign_date"):
                dates[col] = value
                fmt_values[col] = datafiles.cn_date(value)
                continue
            if spec is not None:
                v = _V(self.table.file)
                try:
                    given = fields.from_cell(value, spec) if isinstance(value, str) or spec.get("type") in (
                        "str", "text", "choice", "ledger", "list", "map") else value
                except fields.CellRefused as exc:
                    issues.append(RowIssue(r.number, col, f"字段 {col} 是{exc}，不能从表格单元格填写"))
                    continue
                if spec.get("type", "str") in ("str", "text"):
                    value = given
                else:
                    value = fields.validate_value(given, spec, v, r.number, col)
                    if v.problems:
                        issues.append(RowIssue(r.number, col, v.problems[0].message))
                        continue
            else:
                if isinstance(value, _dt.date):
                    value = datafiles.cn_date(value)
                elif isinstance(value, str) and _INT.match(value):
                    value = int(value)
                elif isinstance(value, float) and value.is_integer():
                    value = int(value)
            sets[col] = value
            fmt_values[col] = value if not isinstance(value, _dt.date) else datafiles.cn_date(value)
        return sets, dates, fmt_values

    # ---- running ----------------------------------------------------------------------------------
    def _start_pool(self) -> None:
        self._pool = _Workers(self.n_jobs, self.spec, self.state)

    def close(self) -> None:
        """Stop the worker processes (idempotent)."""
        if self._pool is not None:
            self._pool.stop()
            self._pool = None

    def run(self, progress=None) -> Report:
        """Check, build and write every row (in parallel), each file atomically; `progress(k)` is called
        as k more rows are done. Raises Interrupted on SIGINT/SIGTERM after cleaning up."""
        if self.state is None:
            self.prepare()
        report = Report(0, dry_run=self.dry_run)
        issues = report.failed
        planned: set[str] = set()  # names given so far, casefolded (as Windows compares them)
        inflight: dict[int, str] = {}  # job index → target, for the jobs sent and not yet done
        if not self.dry_run:
            try:
                self.out_dir.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise write_error(self.out_dir, exc) from None
            sweep_stale(self.out_dir)  # temp files of an earlier run that was killed

        self.docs = []

        def chunks(size: int):
            """Rows in chunks of at most `size` that never mix two meeting blocks."""
            buf: list[Job] = []
            reported = 0
            for job in self._jobs(issues, planned):
                if buf and job.index // MEETING != buf[0].index // MEETING:
                    yield buf
                    buf = []
                inflight[job.index] = job.target
                buf.append(job)
                if len(buf) >= size:
                    yield buf
                    buf = []
                if progress and len(issues) > reported:
                    progress(len(issues) - reported)
                    reported = len(issues)
            if buf:
                yield buf
            if progress and len(issues) > reported:
                progress(len(issues) - reported)

        def take(results) -> None:
            for index, issue, doc in results:
                target = inflight.pop(index)
                if issue is None:
                    report.written.append(Path(target).name)
                    if doc is not None:
                        self.docs.append((index, doc))
                else:
                    issues.append(issue)
            if progress:
                progress(len(results))

        old = _install_parent_handlers()
        try:
            if self._pool is None:
                for chunk in chunks(PDF_CHUNK if self._ext == ".pdf" else WRITE_THREADS * 4):
                    take(self.state.run_jobs(chunk, self.columns))
            else:  # a few chunks per worker in flight at a time: memory stays bounded
                # one meeting block per task: its rows are composed in order by one worker
                self._pool.run(((self.columns, chunk) for chunk in chunks(MEETING)), take)
        except KeyboardInterrupt as exc:
            self.state.shutdown()  # writes in flight in this process finish as complete files
            if self._pool is not None:  # SIGTERM to every worker; after this no process writes any more
                self._pool.kill()
                self._pool = None
            signum = getattr(exc, "signum", None) or (exc.args[0] if exc.args and isinstance(exc.args[0], int)
                                                      else signal.SIGINT)
            _sweep(self.out_dir, planned)
            try:  # files that made it, reported or not (a write in flight may have ended after the signal)
                present = sum(e.casefold() in planned for e in os.listdir(self.out_dir))
            except OSError:
                present = len(report.written)
            raise Interrupted(int(signum), max(present, len(report.written))) from None
        finally:
            self.state.shutdown()
            self.close()
            _restore_handlers(old)
        report.total = self.total
        report.failed.sort(key=lambda i: i.row)
        if self.combine and not self.dry_run and self.docs:
            self._write_combined()
        return report

    def _write_combined(self) -> None:
        docs = [d for _i, d in sorted(self.docs, key=lambda x: x[0])]
        volume = combine_documents(docs, Path(self.combine).stem)
        fmt = pipeline.EXTENSIONS[Path(self.combine).suffix.lower()]
        data = pipeline.write(volume, fmt, self.profile)
        write_atomic(self.combine, data, inputs=(str(self.outline_path), str(self.data_path)), force=self.force)


def combine_documents(docs: list, title: str):
    """One volume (汇编) of several documents: its title and a contents page (each document's title and
    speaker), then every document from a new page."""
    blocks: list = [Block("title", [Span(title)]), Block("salutation", [Span("目　录")])]
    for i, d in enumerate(docs, 1):
        paras = d.paragraphs()
        head = next((b.text for b in paras if b.role == "title"), "") or f"第{i}篇"
        who = next((b.text for b in paras if b.role == "speaker"), "")
        entry = f"{numbering.enumerator('一、', i, len(docs))}{head}" + (f"（{who.replace('　', ' ')}）" if who else "")
        blocks.append(Block("body", [Span(entry)]))
    for d in docs:
        body = [dataclasses.replace(b) for b in d.blocks]
        if body:
            body[0].new_page = True
        blocks.extend(body)
    meta = dict(docs[0].meta) if docs else {}
    meta["title"] = title
    meta.pop("choices", None)
    return Document(blocks, meta)


def _unique(name: str, seen: set[str]) -> str:
    """The name, or with -2, -3 … before the extension when it is taken (ignoring case, as Windows)."""
    if name.casefold() not in seen:
        seen.add(name.casefold())
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    k = 2
    while True:
        cand = f"{stem}-{k}.{ext}" if ext else f"{stem}-{k}"
        if cand.casefold() not in seen:
            seen.add(cand.casefold())
            return cand
        k += 1


def _same(a, b) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _sweep(folder: Path, names: set[str]) -> None:
    """Remove temp files (.NAME.PID.XXXX.tmp, as atomic.write_atomic names them) of our targets
    (`names` casefolded)."""
    from generator.io.atomic import temp_target

    try:
        entries = os.listdir(folder)
    except OSError:
        return
    for e in entries:
        target = temp_target(e)
        if target is not None and target.casefold() in names:
            try:
                os.unlink(folder / e)
            except OSError:
                pass


class _SignalInterrupt(KeyboardInterrupt):
    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _raise_interrupt(signum, frame):
    for sig in (signal.SIGINT, signal.SIGTERM):  # a second signal must not break the cleanup
        signal.signal(sig, signal.SIG_IGN)
    raise _SignalInterrupt(signum)


def _install_parent_handlers():
    import threading

    if threading.current_thread() is not threading.main_thread():
        return None
    old = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            old[sig] = signal.signal(sig, _raise_interrupt)
        except (ValueError, OSError):  # pragma: no cover
            pass
    return old


def _restore_handlers(old) -> None:
    for sig, h in (old or {}).items():
        try:
            signal.signal(sig, h)
        except (ValueError, OSError, TypeError):  # pragma: no cover
            pass


class interrupt_on_signals:
    """Context manager: SIGINT and SIGTERM raise KeyboardInterrupt (with .signum) in the main thread."""

    def __enter__(self):
        self.old = _install_parent_handlers()
        return self

    def __exit__(self, *exc):
        _restore_handlers(self.old)
        return False
