"""The page in a real browser: Playwright for Python driving Debian's Chromium against `gaozi`'s ASGI app
served by uvicorn on a free loopback port. Screenshots of each step go to $GAOZI_SCREENSHOTS or the test's
tmp folder (never committed)."""
from __future__ import annotations

import io
import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
uvicorn = pytest.importorskip("uvicorn")
if CHROMIUM is None:
    pytest.skip("chromium is not installed", allow_module_level=True)

from generator.web.app import create_app  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
OLD_SPEECH = """在全县巡察整改推进会上的讲话
同志们：
今天召开这次会议，主要是推进巡察整改。下面，我讲两点意见。
一、提高政治站位
整改是政治任务，各单位要把思想统一到县委的部署上来。
二、狠抓整改落实
各单位要对照问题清单逐项销号，确保按期完成。
同志们，让我们扎实工作，把整改抓出成效。谢谢大家。
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    port = _free_port()
    config = uvicorn.Config(create_app(token=""), host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline:
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def shots(tmp_path):
    folder = Path(os.environ.get("GAOZI_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)

    def shot(page, name: str) -> None:
        page.screenshot(path=str(folder / f"{name}.png"), full_page=False)

    return shot


@pytest.fixture
def page(browser, server):
    ctx = browser.new_context(accept_downloads=True, viewport={"width": 1440, "height": 1000}, locale="zh-CN")
    pg = ctx.new_page()
    pg.set_default_timeout(15000)
    pg.goto(server + "/")
    pg.wait_for_selector("body[data-ready='1']")
    yield pg
    ctx.close()


def _preview_has(page, text: str) -> None:
    page.wait_for_function("t => document.querySelector('#preview').innerText.includes(t)", arg=text)


def test_speech_from_blank_with_count_finding_download_and_reload(page, shots, tmp_path):
    shots(page, "01-start")
    page.get_by_role("button", name="会议讲话：空白稿").click()
    page.get_by_label("会议名称").fill("全县巡察整改推进会议")
    shots(page, "02-form")
    page.get_by_role("tab", name="正文提纲").click()
    page.get_by_role("button", name="＋ 添加一部分").click()
    page.get_by_label("标题 一、").fill("提高政治站位")
    section = page.locator("#tab-outline .section").first
    section.get_by_role("button", name="＋ 要点（一是……）").click()
    section.get_by_label("要点 一是 小标题").fill("压实整改责任。")
    section.get_by_label("要点 一是 正文").fill("各单位主要负责同志要亲自抓。")
    page.get_by_role("button", name="＋ 添加一部分").click()
    page.get_by_label("标题 二、").fill("狠抓整改落实")
    _preview_has(page, "一、提高政治站位")
    _preview_has(page, "我讲两点意见")
    _preview_has(page, "一是压实整改责任。")
    shots(page, "03-outline-preview")

    # a count typed by hand that does not match: the check finding shows, marked at its paragraph
    opening = page.locator("#tab-outline fieldset.body").first
    opening.get_by_role("button", name="＋ 段落").click()
    opening.get_by_label("开场白第1段").fill("下面，我讲五点意见。")
    page.wait_for_function("() => document.querySelector('#findings').innerText.includes('五点')")
    assert page.locator("#preview p.finding").count() >= 1
    shots(page, "04-count-finding")
    page.locator("#findings .finding-link").first.click()
    assert page.evaluate("document.activeElement.dataset.path") == "opening.0"

    with page.expect_download() as dl:
        page.get_by_role("button", name="下载 Word").click()
    target = tmp_path / "speech.docx"
    dl.value.save_as(str(target))
    import docx

    texts = [p.text for p in docx.Document(str(target)).paragraphs]
    assert "在全县巡察整改推进会议上的讲话" in texts[0].replace("\n", "")
    assert any(t.startswith("一、提高政治站位") for t in texts)

    # a reload loses nothing
    page.reload()
    page.wait_for_selector("body[data-ready='1']")
    _preview_has(page, "一、提高政治站位")
    assert page.get_by_label("标题 二、").input_value() == "狠抓整改落实"
    shots(page, "05-after-reload")


def test_yaml_tab_is_synced_both_ways(page, shots):
    page.get_by_role("button", name="会议讲话：从示例开始").click()
    page.get_by_role("tab", name="YAML").click()
    yaml_box = page.get_by_label("提纲（YAML）")
    assert "kind: speech" in yaml_box.input_value()
    text = yaml_box.input_value().replace("meeting: 全县巡察整改工作推进会议", "meeting: 全县审计整改工作调度会议")
    yaml_box.fill(text)
    _preview_has(page, "在全县审计整改工作调度会议上的讲话")
    page.get_by_role("tab", name="基本信息").click()
    assert page.get_by_label("会议名称").input_value() == "全县审计整改工作调度会议"
    shots(page, "06-yaml-sync")


def test_biaotai_and_feedback_report_from_examples(page, shots, tmp_path):
    import docx

    for kind in ("表态发言", "反馈情况报道"):
        page.get_by_role("button", name="新建", exact=True).click()
        page.once("dialog", lambda d: d.accept())
        page.get_by_role("button", name=f"{kind}：从示例开始").click()
        page.wait_for_function("() => document.querySelectorAll('#preview .gz-page').length > 0")
        with page.expect_download() as dl:
            page.get_by_role("button", name="下载 Word").click()
        target = tmp_path / f"{kind}.docx"
        dl.value.save_as(str(target))
        assert len(docx.Document(str(target)).paragraphs) > 5
        shots(page, f"07-{kind}")


def test_paste_old_speech_and_import(page, shots):
    page.get_by_label("旧稿全文").fill(OLD_SPEECH)
    page.get_by_role("button", name="导入").click()
    _preview_has(page, "一、提高政治站位")
    _preview_has(page, "二、狠抓整改落实")
    shots(page, "08-imported")


def test_fragment_picker_inserts(page, shots):
    page.get_by_role("button", name="会议讲话：空白稿").click()
    page.get_by_label("会议名称").fill("全县巡察整改推进会议")
    page.get_by_role("tab", name="正文提纲").click()
    page.locator("#tab-outline fieldset.body").last.get_by_role("button", name="＋ 片段库").click()
    page.get_by_label("片段主题").select_option(label="结尾号召")
    page.locator("#frag-list button.frag").first.click()
    shots(page, "09-fragments")
    page.get_by_role("button", name="插入（按措辞自动挑选变体）").click()
    assert page.locator("#tab-outline .block.fragment").count() == 1


def test_batch_csv_with_a_bad_row(page, shots, tmp_path):
    root = Path(__file__).resolve().parent.parent / "outlines"
    outline = tmp_path / "biaotai.yaml"
    outline.write_bytes((root / "biaotai-villages.yaml").read_bytes())
    data = tmp_path / "villages.csv"
    data.write_text("unit,date\n东坪村党支部,2025-06-01\n石门村党支部,2025-02-30\n", encoding="utf-8")
    page.get_by_role("button", name="批量生成", exact=True).click()
    page.get_by_label("提纲", exact=True).select_option("file")
    page.get_by_label("批量用的提纲文件（.yaml）").set_input_files(str(outline))
    page.get_by_label("数据文件（CSV、xlsx 或 YAML）").set_input_files(str(data))
    page.get_by_label("事实文件（提纲引用时）").set_input_files(str(root / "facts" / "inspection.yaml"))
    page.get_by_label("文件名").fill("{unit}.docx")
    page.get_by_role("button", name="开始生成").click()
    page.wait_for_selector("#batch-result tr.bad")
    assert "第3行" in page.locator("#batch-result tr.bad").first.inner_text()
    assert page.get_by_role("button", name="下载全部（.zip）").is_visible()
    shots(page, "10-batch")


def test_ledger_upload_shows_problems_by_row(page, shots, tmp_path):
    data = tmp_path / "台账.csv"
    data.write_text("序号,问题,整改措施,责任领导,责任单位,完成时限,整改状态,销号日期\n"
                    "1,账目不清,清理账目,张三,财政所,2025-06-30,已完成,2025-06-20\n"
                    "2,制度缺失,建立制度,李四,党政办,2025-02-30,推进中,\n", encoding="utf-8")
    page.get_by_role("button", name="整改台账", exact=True).click()
    page.get_by_label("台账文件（xlsx、CSV 或 YAML）").set_input_files(str(data))
    page.get_by_role("button", name="检查台账").click()
    page.wait_for_selector("#ledger-result tr.bad")
    assert "3" in page.locator("#ledger-result tr.bad").first.inner_text()
    shots(page, "11-ledger")
