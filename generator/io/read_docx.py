"""Reads the paragraphs of a .docx (style name, text) with zipfile and ElementTree, without python-docx."""
from __future__ import annotations

import io
import posixpath
import zipfile
import xml.etree.ElementTree as ET

from generator.errors import GaoziError, Problem
from generator.io.docx_numbering import Numbering, with_label

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_STRICT_W = "http://purl.oclc.org/ooxml/wordprocessingml/main"
_OFFICE_DOC = "/officeDocument"
_STYLES = "/styles"
_NUMBERING = "/numbering"
# A real speech is a few hundred kilobytes of XML; a part this large is a zip bomb or not a document.
_MAX_PART = 200 * 1024 * 1024


def _fail(name: str, message: str) -> GaoziError:
    return GaoziError(Problem(name, None, "", message))


def _read_part(zf: zipfile.ZipFile, part: str, name: str) -> bytes | None:
    try:
        info = zf.getinfo(part)
    except KeyError:
        return None
    if info.file_size > _MAX_PART:
        raise _fail(name, f"Word 文档中的 {part} 过大，无法读取")
    try:
        data = zf.read(info)
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError) as exc:
        raise _fail(name, f"Word 文档已损坏，无法读取 {part}（{exc}）") from None
    # UTF-16 would hide a DTD from the byte check below: gaozi reads UTF-8 parts only (as Word writes them)
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:256]:
        raise _fail(name, f"Word 文档中的 {part} 不是 UTF-8 编码，无法读取；请在 Word 中另存为 .docx 后再试")
    # OOXML never declares a DTD; refusing one keeps entity tricks out of the parser.
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        raise _fail(name, f"Word 文档中的 {part} 含有不允许的 DTD 声明")
    return data


def _parse(data: bytes, part: str, name: str) -> ET.Element:
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise _fail(name, f"Word 文档中的 {part} 不是有效的 XML（{exc}）") from None


def _rels(zf: zipfile.ZipFile, rels_part: str, base: str, name: str) -> dict[str, str]:
    """Relationship type suffix → target part path, resolved against the folder of the source part."""
    data = _read_part(zf, rels_part, name)
    if data is None:
        return {}
    out: dict[str, str] = {}
    for rel in _parse(data, rels_part, name).iter(f"{{{_REL}}}Relationship"):
        typ = rel.get("Type", "")
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External" or not target:
            continue
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
        out.setdefault(typ[typ.rfind("/"):], path)
    return out


def _style_names(root: ET.Element | None, w: str) -> dict[str, str]:
    names: dict[str, str] = {}
    if root is None:
        return names
    for st in root.iter(f"{{{w}}}style"):
        sid = st.get(f"{{{w}}}styleId")
        nm = st.find(f"{{{w}}}name")
        if sid is not None:
            names[sid] = nm.get(f"{{{w}}}val", sid) if nm is not None else sid
    return names


def _paragraph_text(p: ET.Element, w: str) -> str:
    parts: list[str] = []

    def walk(el: ET.Element) -> None:
        for child in el:
            tag = child.tag
            if tag == f"{{{_MC}}}Fallback":
                continue  # the Choice branch already holds the same content
            if tag == f"{{{w}}}t":
                parts.append(child.text or "")
            elif tag == f"{{{w}}}tab":
                parts.append("\t")
            elif tag in (f"{{{w}}}br", f"{{{w}}}cr"):
                if child.get(f"{{{w}}}type") not in ("page", "column"):
                    parts.append("\n")
            elif tag == f"{{{w}}}noBreakHyphen":
                parts.append("-")
            elif tag in (f"{{{w}}}delText", f"{{{w}}}instrText", f"{{{w}}}del", f"{{{w}}}pPr",
                         f"{{{w}}}rPr", f"{{{w}}}footnoteReference", f"{{{w}}}txbxContent", f"{{{w}}}p"):
                continue  # deleted revisions, field codes and nested text boxes are not this paragraph's text
            else:
                walk(child)

    walk(p)
    return "".join(parts)


def _numbering(zf: zipfile.ZipFile, part: str, styles: ET.Element | None, w: str, name: str) -> Numbering | None:
    """The document's lists; a numbering part that is missing or unreadable leaves the typed text alone."""
    try:
        data = _read_part(zf, part, name)
        if data is None:
            return None
        root = ET.fromstring(data)
    except (GaoziError, ET.ParseError):
        return None
    if root.tag != f"{{{w}}}numbering":
        return None
    return Numbering(root, styles, w)


def _paragraphs(el: ET.Element, w: str, names: dict[str, str], out: list[tuple[str | None, str]],
                numbering: Numbering | None = None) -> None:
    for child in el:
        tag = child.tag
        if tag == f"{{{w}}}p":
            style = sid = None
            ppr = child.find(f"{{{w}}}pPr")
            if ppr is not None:
                ps = ppr.find(f"{{{w}}}pStyle")
                if ps is not None:
                    sid = ps.get(f"{{{w}}}val") or None
                    style = names.get(sid, sid) if sid else None
            text = _paragraph_text(child, w)
            if numbering is not None:
                # Word's automatic numbering: the number it shows, in front of the text as if typed
                text = with_label(numbering.label(ppr, sid), text)
            out.append((style, text))
        elif tag == f"{{{_MC}}}Fallback":
            continue
        elif tag == f"{{{w}}}tc":
            # A table cell is one unit of text: its lines (a date kept whole on two lines, a header word)
            # are layout, so the cell's paragraphs are joined, with the first paragraph's style.
            cell: list[tuple[str | None, str]] = []
            _paragraphs(child, w, names, cell, numbering)
            if cell:
                out.append((cell[0][0], "".join(text for _style, text in cell)))
        else:
            # Tables, content controls and similar wrappers hold paragraphs further down.
            _paragraphs(child, w, names, out, numbering)


def read_docx(data: bytes, name: str) -> list[tuple[str | None, str]]:
    """The body paragraphs of a .docx in order: (style name resolved through styles.xml or None, text).

    A paragraph numbered by Word (word/numbering.xml) has the number Word shows in front of its text."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise _fail(name, "这不是有效的 .docx 文件（不是 zip 压缩包）；若是旧版 .doc，请先在 Word 中另存为 .docx")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _fail(name, f"这不是有效的 .docx 文件（压缩包已损坏：{exc}）") from None
    with zf:
        main = _rels(zf, "_rels/.rels", "", name).get(_OFFICE_DOC, "word/document.xml")
        doc_data = _read_part(zf, main, name)
        if doc_data is None and main != "word/document.xml":
            main = "word/document.xml"
            doc_data = _read_part(zf, main, name)
        if doc_data is None:
            raise _fail(name, "压缩包里没有 Word 正文（word/document.xml）：这不是 .docx 文件")
        folder = posixpath.dirname(main)
        rels_part = posixpath.join(folder, "_rels", posixpath.basename(main) + ".rels")
        rels = _rels(zf, rels_part, folder, name)
        styles_part = rels.get(_STYLES, posixpath.join(folder, "styles.xml"))
        styles_data = _read_part(zf, styles_part, name)
        root = _parse(doc_data, main, name)
        w = _W if root.tag == f"{{{_W}}}document" else _STRICT_W
        if root.tag != f"{{{w}}}document":
            raise _fail(name, "压缩包里的正文不是 Word 文档（word/document.xml 格式不对）：这不是 .docx 文件")
        styles = _parse(styles_data, styles_part, name) if styles_data else None
        names = _style_names(styles, w)
        numbering = _numbering(zf, rels.get(_NUMBERING, posixpath.join(folder, "numbering.xml")), styles, w, name)
        body = root.find(f"{{{w}}}body")
        out: list[tuple[str | None, str]] = []
        if body is not None:
            _paragraphs(body, w, names, out, numbering)
        return out
