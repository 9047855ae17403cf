/* 稿子网页：表单、提纲编辑、YAML、预览、批量生成、台账。只用 /api/ 接口；工作内容保存在浏览器的 localStorage。 */
"use strict";

const STORE = "gaozi.v1";
const CN = "零一二三四五六七八九";
const CORE_FIELDS = [
  ["title", "标题", "str", "可以用 {{ 字段名 }} 引用上面的内容，如 在{{ meeting }}上的讲话"],
  ["speaker", "讲话人", "str", "如 县委书记　{{ leader }}"],
  ["date", "日期", "date", ""],
  ["salutation", "称呼", "str", "如 同志们："],
  ["addressee", "主送机关", "str", "报告、通报的主送单位"],
  ["signature", "落款单位", "str", ""],
  ["sign_date", "落款日期", "date", ""],
  ["target_minutes", "目标时长（分钟）", "number", "讲话稿偏离目标超过 15% 时会提示"],
];
const BODY_LABEL = {para: "段落", points: "要点", inline: "段内列举", fragment: "片段"};

let S = {view: "start", kind: null, model: null, files: {}, seed: 0, tab: "outline", pattern: "{row:03d}.docx"};
let KINDS = [], KIND_BY_ID = {}, FRAGS = null, INFO = {styles: {heading: ["一、", "（一）", "1.", "（1）"], runin: ["一是"]}, pdf: false};
let lineMap = {}, previewTimer = null, yamlTimer = null, previewSeq = 0, fragTarget = null;

const $ = (sel, root = document) => root.querySelector(sel);
const el = (tag, attrs = {}, ...kids) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (k === "text") e.textContent = v;
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const kid of kids.flat()) if (kid !== null && kid !== undefined) e.append(kid.nodeType ? kid : String(kid));
  return e;
};

/* ---------------------------------------------------------------- storage */
function save() {
  try { localStorage.setItem(STORE, JSON.stringify(S)); } catch (e) { console.warn("保存失败", e); }
}
function restore() {
  try { const s = JSON.parse(localStorage.getItem(STORE) || "null"); if (s && typeof s === "object") S = {...S, ...s}; } catch (e) { /* ignore */ }
}

/* ---------------------------------------------------------------- API */
async function api(path, body, opts = {}) {
  const init = {method: body === undefined ? "GET" : "POST", headers: {}};
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) { init.body = JSON.stringify(body); init.headers["Content-Type"] = "application/json"; }
  const r = await fetch(path, init);
  if (opts.raw && r.ok) return r;
  let data = null;
  const ct = r.headers.get("content-type") || "";
  if (ct.includes("json")) data = await r.json();
  if (!r.ok) {
    const err = new Error((data && data.problems && data.problems.map(problemText).join("\n")) || `请求失败（${r.status}）`);
    err.problems = (data && data.problems) || [{file: "", line: null, path: "", message: err.message}];
    err.status = r.status;
    throw err;
  }
  return data;
}
function problemText(p) {
  const where = p.line ? `${p.file}:${p.line}` : p.file;
  return `${where ? where + "：" : ""}${p.path ? p.path + "：" : ""}${p.message}`;
}
function b64(buf) {
  let s = ""; const bytes = new Uint8Array(buf);
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(s);
}
function filesPayload() {
  const out = {};
  for (const [k, v] of Object.entries(S.files || {})) out[k] = {base64: v};
  return out;
}
function download(blob, name) {
  const a = el("a", {href: URL.createObjectURL(blob), download: name});
  document.body.append(a); a.click(); setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

/* ---------------------------------------------------------------- numbers (shown, never typed) */
function cnNum(n) {
  if (n < 10) return CN[n];
  if (n < 20) return "十" + (n % 10 ? CN[n % 10] : "");
  if (n < 100) return CN[Math.floor(n / 10)] + "十" + (n % 10 ? CN[n % 10] : "");
  return String(n);
}
function numberText(style, i) {
  const c = cnNum(i);
  switch (style) {
    case "一、": return c + "、";
    case "（一）": return "（" + c + "）";
    case "1.": return i + ".";
    case "（1）": return "（" + i + "）";
    case "一要": return c + "要";
    case "一是": return c + "是";
    case "一是要": return c + "是要";
    case "第一，": return "第" + c + "，";
    case "首先": return ["首先", "其次", "再次", "最后"][Math.min(i - 1, 3)];
    case "一方面": return i === 1 ? "一方面" : "另一方面";
    default: return c + "、";
  }
}

/* ---------------------------------------------------------------- YAML emitter for the outline model */
const PLAIN_BAD = /[:#{}\[\],&*!|>'"%@`\n\r\t\\]/;
const RESERVED = /^(true|false|yes|no|on|off|null|y|n|~)$/i;
function scalar(v) {
  if (v === null || v === undefined) return "null";
  if (typeof v === "boolean" || typeof v === "number") return String(v);
  const s = String(v);
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return s;
  if (s === "" || PLAIN_BAD.test(s) || RESERVED.test(s) || /^[\s\-?+.\d=<]/.test(s) || /\s$/.test(s)) return JSON.stringify(s);
  return s;
}
function keyText(k) { return /^[A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff]*$/.test(k) ? k : JSON.stringify(k); }
function isEmpty(v) {
  if (v === null || v === undefined || v === "") return true;
  if (Array.isArray(v)) return v.every(isEmpty);
  if (typeof v === "object") return Object.values(v).every(isEmpty);
  return false;
}
const LIST_KEYS = new Set(["opening", "closing", "body", "items"]);
function blankEntry(v) { // an entry not written yet: left out of the YAML
  if (isEmpty(v)) return true;
  if (v && typeof v === "object" && !Array.isArray(v)) {
    const lst = v.points !== undefined ? v.points : v.inline;
    if (lst !== undefined) { const l = listOf(lst) || {}; return !l.items || l.items.every(blankEntry); }
    if (v.heading !== undefined) return isEmpty(v.heading) && (!v.body || v.body.every(blankEntry)) && !v.sections;
  }
  return false;
}
/* Emit YAML lines; record for each scalar the model path it came from (for findings → fields).
   Empty entries of body lists (a paragraph not yet written) are left out. */
function toYaml(model) {
  const lines = [], map = {};
  const put = (text, path) => { lines.push(text); if (path !== undefined) map[lines.length] = path; };
  function emitMap(obj, ind, path, firstPrefix) {
    let first = true;
    for (const [k, v] of Object.entries(obj)) {
      if (v === undefined) continue;
      if (path === "" && v !== null && typeof v === "object" && isEmpty(v)) continue; // nothing written yet
      const p = path ? path + "." + k : k;
      const pre = first && firstPrefix !== undefined ? firstPrefix : " ".repeat(ind);
      first = false;
      if (Array.isArray(v) && LIST_KEYS.has(k) && v.every(blankEntry)) continue;
      if (k === "sections" && v && typeof v === "object" && (listOf(v).items || []).every(blankEntry)) continue;
      if (v !== null && typeof v === "object" && !(Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0)) {
        put(pre + keyText(k) + ":", p);
        if (Array.isArray(v)) emitSeq(v, ind + 2, p, LIST_KEYS.has(k));
        else emitMap(v, ind + 2, p);
      } else if (Array.isArray(v)) put(pre + keyText(k) + ": []", p);
      else if (v !== null && typeof v === "object") put(pre + keyText(k) + ": {}", p);
      else put(pre + keyText(k) + ": " + scalar(v), p);
    }
    if (first && firstPrefix !== undefined) put(firstPrefix + "{}", path);
  }
  function emitSeq(arr, ind, path, skipEmpty) {
    arr.forEach((v, i) => {
      const p = path + "." + i;
      if (skipEmpty && blankEntry(v)) return;
      const pre = " ".repeat(ind) + "- ";
      if (Array.isArray(v)) { put(" ".repeat(ind) + "-", p); emitSeq(v, ind + 2, p, false); }
      else if (v !== null && typeof v === "object") emitMap(v, ind + 2, p, pre);
      else put(pre + scalar(v), p);
    });
  }
  emitMap(model, 0, "");
  return {text: lines.join("\n") + "\n", map};
}
function pathAtLine(line) {
  for (let l = line; l > 0; l--) if (lineMap[l] !== undefined) return lineMap[l];
  return null;
}

/* ---------------------------------------------------------------- model helpers */
function getPath(path) {
  let cur = S.model;
  for (const part of path.split(".")) { if (cur === null || cur === undefined) return undefined; cur = cur[part]; }
  return cur;
}
function setPath(path, value) {
  const parts = path.split("."); let cur = S.model;
  for (let i = 0; i < parts.length - 1; i++) {
    if (cur[parts[i]] === undefined || cur[parts[i]] === null) cur[parts[i]] = /^\d+$/.test(parts[i + 1]) ? [] : {};
    cur = cur[parts[i]];
  }
  const last = parts[parts.length - 1];
  if (value === undefined || value === "") { if (Array.isArray(cur)) cur[last] = ""; else delete cur[last]; }
  else cur[last] = value;
}
function normalise(model) {
  if (!model || typeof model !== "object") return model;
  const secs = (s) => {
    if (Array.isArray(s)) s = {items: s};
    if (s && Array.isArray(s.items)) s.items.forEach((it) => { if (it && it.sections) it.sections = secs(it.sections); });
    return s;
  };
  if (model.sections) model.sections = secs(model.sections);
  return model;
}
function bodyType(item) {
  if (typeof item === "string" || item === null) return "para";
  if (item.points !== undefined) return "points";
  if (item.inline !== undefined) return "inline";
  if (item.fragment !== undefined) return "fragment";
  if (item.text !== undefined || item.lead !== undefined) return "para";
  return "other";
}
function listOf(block) { // points/inline value: a list, or {style, intro, items}
  return Array.isArray(block) ? {items: block} : block;
}
function blankModel(kind) {
  const k = KIND_BY_ID[kind]; const m = {kind};
  for (const [name, f] of Object.entries(k.fields)) {
    if (f.type === "map" || f.type === "ledger") continue;
    if (f.required && f.default === undefined) m[name] = f.example !== undefined ? "" : "";
  }
  if (k.fields.meeting) m.meeting = "";
  m.title = kind === "speech" ? "在{{ meeting }}上的讲话" : "";
  m.date = new Date().toISOString().slice(0, 10);
  m.opening = [];
  m.sections = {style: "一、", items: []};
  m.closing = [];
  return m;
}

/* ---------------------------------------------------------------- views */
function show(view) {
  if (view === "editor" && !S.model) view = "start";
  S.view = view; save();
  document.querySelectorAll(".view").forEach((v) => { v.hidden = v.id !== "view-" + view; });
  document.querySelectorAll("button.nav").forEach((b) => b.classList.toggle("active", b.dataset.view === view));
  if (view === "editor") { renderEditor(); schedulePreview(0); }
}
function showTab(tab) {
  S.tab = tab; save();
  document.querySelectorAll(".tab").forEach((b) => { b.classList.toggle("active", b.dataset.tab === tab); b.setAttribute("aria-selected", b.dataset.tab === tab); });
  document.querySelectorAll(".tabpane").forEach((p) => { p.hidden = p.id !== "tab-" + tab; });
  if (tab === "yaml") $("#yaml-text").value = toYaml(S.model).text;
}

function renderKinds() {
  const box = $("#kinds"); box.textContent = "";
  for (const k of KINDS) {
    box.append(el("div", {class: "kind card", role: "listitem"},
      el("h3", {text: k.name}), el("p", {class: "hint", text: k.description}),
      el("div", {class: "row"},
        el("button", {type: "button", class: "primary", "aria-label": `${k.name}：从示例开始`, onclick: () => startKind(k.id, true)}, "从示例开始"),
        el("button", {type: "button", "aria-label": `${k.name}：空白稿`, onclick: () => startKind(k.id, false)}, "空白稿"))));
  }
  $("#resume-hint").textContent = S.model ? `上次起草的${(KIND_BY_ID[S.model.kind] || {}).name || "文稿"}仍在，点“起草”继续。` : "";
}
async function startKind(kind, example) {
  if (S.model && !isEmpty(S.model.sections) && !confirm("开始新的文稿会替换正在起草的内容，确定吗？")) return;
  let model;
  if (example) {
    const st = await api(`/api/kinds/${encodeURIComponent(kind)}/starter`);
    const parsed = await api("/api/outline/parse", {outline: st.outline});
    model = parsed.model;
  } else model = blankModel(kind);
  S.model = normalise(model); S.kind = kind; S.files = {}; S.tab = "form";
  show("editor"); showTab("form");
}
async function loadYamlText(text, msgBox) {
  const parsed = await api("/api/outline/parse", {outline: text});
  if (!parsed.model || typeof parsed.model !== "object" || !parsed.model.kind) {
    msgBox.textContent = (parsed.problems || []).map(problemText).join("\n") || "这不是一份提纲（缺少 kind）";
    return false;
  }
  S.model = normalise(parsed.model); S.kind = S.model.kind; S.files = {};
  show("editor"); showTab("outline");
  return true;
}

/* ---------------------------------------------------------------- editor */
let uid = 0;
function field(label, path, {type = "str", choices = null, hint = "", rows = 0, value, onchange} = {}) {
  const id = "f" + (++uid);
  const cur = value !== undefined ? value : getPath(path);
  let input;
  if (choices) {
    input = el("select", {id, "data-path": path});
    if (!choices.includes(cur)) input.append(el("option", {value: "", text: "（默认）"}));
    for (const c of choices) input.append(el("option", {value: c, text: c, selected: c === cur}));
  } else if (type === "bool") {
    input = el("input", {id, type: "checkbox", "data-path": path, checked: !!cur});
  } else if (rows) {
    input = el("textarea", {id, rows, "data-path": path}); input.value = cur == null ? "" : String(cur);
  } else {
    input = el("input", {id, type: type === "date" ? "date" : (type === "int" || type === "number") ? "number" : "text", "data-path": path});
    if (type === "int") input.step = "1";
    input.value = cur == null ? "" : String(cur);
  }
  input.addEventListener(input.tagName === "SELECT" || type === "bool" ? "change" : "input", () => {
    let v = type === "bool" ? input.checked : input.value;
    if ((type === "int" || type === "number") && v !== "") v = Number(v);
    if (onchange) onchange(v); else setPath(path, v);
    changed();
  });
  return el("div", {class: "field"}, el("label", {for: id, text: label}), input, hint ? el("small", {class: "hint", text: hint}) : null);
}
function shortLabel(desc, name) {
  if (!desc) return name;
  const cut = desc.search(/[，,（(；;：:]/);
  return (cut > 0 ? desc.slice(0, cut) : desc).slice(0, 20);
}
function renderEditor() {
  if (!S.model) return;
  const k = KIND_BY_ID[S.model.kind];
  $("#doc-kind").textContent = k ? k.name : S.model.kind;
  renderForm(); renderOutline(); renderFacts();
  showTab(S.tab || "outline");
}
function renderForm() {
  const box = $("#tab-form"); box.textContent = "";
  const k = KIND_BY_ID[S.model.kind] || {fields: {}};
  const fs = el("fieldset", {}, el("legend", {text: (k.name || "") + "的内容"}));
  for (const [name, f] of Object.entries(k.fields)) {
    if (f.type === "map") continue;
    const label = shortLabel(f.description, name);
    const rest = (f.description || "").slice(label.length).replace(/^[，,；;：:\s]+/, "");
    if (f.type === "ledger") { fs.append(fileField(label, name, f.description)); continue; }
    if (f.type === "list") { fs.append(listField(label, name, f.description)); continue; }
    fs.append(field(label, name, {type: f.type, choices: f.type === "choice" ? f.choices : null,
      hint: rest + (f.default !== undefined && f.default !== null && f.type !== "choice" ? `（默认：${f.default}）` : ""), rows: f.type === "text" ? 3 : 0}));
  }
  box.append(fs);
  const core = el("fieldset", {}, el("legend", {text: "标题、日期和落款"}));
  for (const [name, label, type, hint] of CORE_FIELDS) core.append(field(label, name, {type, hint}));
  box.append(core);
  const vars = el("fieldset", {}, el("legend", {text: "自定义变量"}), el("p", {class: "hint", text: "在任何文字里用 {{ 变量名 }} 引用，如 {{ leader }}。"}));
  const v = S.model.vars || {};
  for (const name of Object.keys(v)) {
    vars.append(el("div", {class: "row"}, field(name, "vars." + name),
      el("button", {type: "button", class: "small", "aria-label": `删除变量 ${name}`, onclick: () => { delete S.model.vars[name]; renderForm(); changed(); }}, "删除")));
  }
  const nid = "f" + (++uid);
  const nameIn = el("input", {id: nid, type: "text", placeholder: "如 leader"});
  vars.append(el("div", {class: "row"}, el("label", {for: nid, text: "新变量名"}), nameIn,
    el("button", {type: "button", class: "small", onclick: () => {
      const n = nameIn.value.trim(); if (!/^[A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff]*$/.test(n)) { alert("变量名只能用字母、数字、下划线和汉字"); return; }
      S.model.vars = S.model.vars || {}; S.model.vars[n] = ""; renderForm(); changed();
    }}, "添加变量")));
  box.append(vars);
}
function fileField(label, name, hint) {
  const id = "f" + (++uid);
  const cur = S.model[name];
  const input = el("input", {id, type: "file", accept: ".csv,.xlsx,.yaml,.yml", "data-path": name});
  input.addEventListener("change", async () => {
    const f = input.files[0]; if (!f) return;
    S.files[f.name] = b64(await f.arrayBuffer()); S.model[name] = f.name; delete S.model[name + "_rows"];
    renderForm(); changed();
  });
  const status = typeof cur === "string" && cur ? (S.files[cur] || S.files[cur.split("/").pop()] ? `已上传：${cur}` : `提纲引用 ${cur}，请上传该文件`) :
    (S.model[name + "_rows"] ? "台账行写在提纲里（ledger_rows），可在 YAML 页修改" : "");
  return el("div", {class: "field"}, el("label", {for: id, text: label + "（上传文件）"}), input, el("small", {class: "hint", text: status || hint || ""}));
}
function listField(label, name, hint) {
  const arr = Array.isArray(S.model[name]) ? S.model[name] : [];
  const wrap = el("fieldset", {class: "sub"}, el("legend", {text: label}), hint ? el("small", {class: "hint", text: hint}) : null);
  arr.forEach((v, i) => wrap.append(el("div", {class: "row"}, field(`${label} 第${i + 1}项`, `${name}.${i}`),
    el("button", {type: "button", class: "small", onclick: () => { arr.splice(i, 1); renderForm(); changed(); }}, "删除"))));
  wrap.append(el("button", {type: "button", class: "small", onclick: () => { S.model[name] = [...arr, ""]; renderForm(); changed(); }}, "＋ 添加一项"));
  return wrap;
}

function moveButtons(arr, i, rerender, what) {
  return el("span", {class: "moves"},
    el("button", {type: "button", class: "icon", title: "上移", "aria-label": `上移${what}`, disabled: i === 0, onclick: () => { [arr[i - 1], arr[i]] = [arr[i], arr[i - 1]]; rerender(); changed(); }}, "↑"),
    el("button", {type: "button", class: "icon", title: "下移", "aria-label": `下移${what}`, disabled: i === arr.length - 1, onclick: () => { [arr[i + 1], arr[i]] = [arr[i], arr[i + 1]]; rerender(); changed(); }}, "↓"),
    el("button", {type: "button", class: "icon danger", title: "删除", "aria-label": `删除${what}`, onclick: () => { arr.splice(i, 1); rerender(); changed(); }}, "✕"));
}
function renderOutline() {
  const box = $("#tab-outline"); box.textContent = "";
  const m = S.model;
  if (!Array.isArray(m.opening)) m.opening = m.opening ? [m.opening] : [];
  if (!Array.isArray(m.closing)) m.closing = m.closing ? [m.closing] : [];
  if (!m.sections) m.sections = {style: "一、", items: []};
  box.append(el("p", {class: "hint", text: "编号（一、（一）一是……）和“我讲几点意见”的数字由稿子自动生成，不用输入。"}));
  box.append(bodyEditor("开场白", "opening", m.opening));
  box.append(sectionsEditor(m.sections, "sections", 1));
  box.append(bodyEditor("结尾", "closing", m.closing));
}
function sectionsEditor(secs, path, level) {
  const wrap = el("fieldset", {class: "sections level" + level}, el("legend", {text: level === 1 ? "正文各部分" : "下一级标题"}));
  const styles = INFO.styles.heading;
  wrap.append(field(level === 1 ? "一级标题编号" : "本级标题编号", path + ".style", {choices: styles, onchange: (v) => { secs.style = v || undefined; renderOutline(); }}));
  const style = secs.style || (level === 1 ? "一、" : {1: "（一）", 2: "1.", 3: "（1）"}[level - 1] || "（一）");
  (secs.items || []).forEach((sec, i) => {
    const p = `${path}.items.${i}`, no = numberText(style, i + 1);
    const box = el("div", {class: "section card"},
      el("div", {class: "section-head"}, el("span", {class: "num", "aria-hidden": "true", text: no}),
        field(`标题 ${no}`, p + ".heading", {hint: ""}), moveButtons(secs.items, i, renderOutline, `第${no}部分`)),
      field("标题与正文接排（“（一）压实责任。正文……”）", p + ".runin", {type: "bool"}));
    if (!Array.isArray(sec.body)) sec.body = sec.body ? [sec.body] : [];
    box.append(bodyEditor("正文", p + ".body", sec.body));
    if (sec.sections) box.append(sectionsEditor(sec.sections, p + ".sections", level + 1));
    else if (level < 3) box.append(el("button", {type: "button", class: "small", onclick: () => { sec.sections = {items: [{heading: "", body: []}]}; renderOutline(); changed(); }}, "＋ 下一级标题"));
    wrap.append(box);
  });
  wrap.append(el("button", {type: "button", class: "add", onclick: () => {
    secs.items = secs.items || []; secs.items.push({heading: "", body: []}); renderOutline(); changed();
    const inputs = wrap.querySelectorAll(":scope > .section .section-head input"); if (inputs.length) inputs[inputs.length - 1].focus();
  }}, level === 1 ? "＋ 添加一部分" : "＋ 添加标题"));
  return wrap;
}
function bodyEditor(title, path, arr) {
  const wrap = el("fieldset", {class: "body"}, el("legend", {text: title}));
  arr.forEach((item, i) => {
    const p = `${path}.${i}`, t = bodyType(item);
    const head = el("div", {class: "block-head"}, el("span", {class: "tag", text: BODY_LABEL[t] || "其他"}), moveButtons(arr, i, renderOutline, `${title}的第${i + 1}个${BODY_LABEL[t] || "内容"}`));
    const box = el("div", {class: "block " + t}, head);
    if (t === "para") {
      if (typeof item === "string" || item === null) box.append(field(`${title}第${i + 1}段`, p, {rows: 3}));
      else { box.append(field("段首小标题", p + ".lead")); box.append(field(`${title}第${i + 1}段`, p + ".text", {rows: 3})); }
    } else if (t === "points" || t === "inline") {
      const key = t; const lst = listOf(item[key]); item[key] = lst;
      box.append(listEditor(lst, `${p}.${key}`, t));
    } else if (t === "fragment") {
      const f = FRAGS && FRAGS.fragments.find((x) => x.id === item.fragment);
      box.append(el("p", {}, el("b", {text: "片段 " + item.fragment}), f ? el("span", {class: "hint", text: "　" + f.variants[0].slice(0, 60) + "……"}) : null));
      for (const slot of (f && f.slots) || []) box.append(field(`槽位 ${slot}`, `${p}.slots.${slot}`));
    } else box.append(el("p", {class: "hint", text: "这一项结构较复杂，请在 YAML 页修改。"}));
    wrap.append(box);
  });
  const add = (label, make) => el("button", {type: "button", class: "small", onclick: () => { arr.push(make()); renderOutline(); changed(); focusLast(wrap); }}, label);
  wrap.append(el("div", {class: "adds"}, add("＋ 段落", () => ""),
    add("＋ 要点（一是……）", () => ({points: {style: INFO.styles.runin[1] || "一是", items: [{lead: "", text: ""}]}})),
    add("＋ 段内列举", () => ({inline: {intro: "", style: "一是", items: [""]}})),
    el("button", {type: "button", class: "small", onclick: () => openFragments(arr)}, "＋ 片段库")));
  return wrap;
}
function focusLast(wrap) {
  const inputs = wrap.querySelectorAll(":scope > .block input[type=text], :scope > .block textarea");
  if (inputs.length) inputs[inputs.length - 1].focus();
}
function listEditor(lst, path, kind) {
  const wrap = el("div", {class: "list"});
  wrap.append(field(kind === "points" ? "要点编号" : "列举编号", path + ".style", {choices: INFO.styles.runin, onchange: (v) => { lst.style = v || undefined; renderOutline(); }}));
  if (kind === "inline") wrap.append(field("引导语（如：存在{{ n }}个方面的问题：）", path + ".intro"));
  const style = lst.style || "一是";
  lst.items = lst.items || [];
  lst.items.forEach((it, i) => {
    const p = `${path}.items.${i}`, no = numberText(style, i + 1);
    if (kind === "points" && typeof it === "string") { lst.items[i] = it = {lead: "", text: it}; }
    const row = el("div", {class: "item"}, el("span", {class: "num", "aria-hidden": "true", text: no}));
    if (typeof it === "object" && it !== null && (it.lead !== undefined || it.text !== undefined)) {
      row.append(field(`要点 ${no} 小标题`, p + ".lead", {hint: ""}), field(`要点 ${no} 正文`, p + ".text", {rows: 2}));
    } else if (typeof it === "string") row.append(field(`列举 ${no}`, p, {rows: 2}));
    else row.append(el("span", {class: "hint", text: "复杂条目，请在 YAML 页修改"}));
    row.append(moveButtons(lst.items, i, renderOutline, `${kind === "points" ? "要点" : "列举"}${no}`));
    wrap.append(row);
  });
  wrap.append(el("button", {type: "button", class: "small", onclick: () => { lst.items.push(kind === "points" ? {lead: "", text: ""} : ""); renderOutline(); changed(); }}, kind === "points" ? "＋ 添加要点" : "＋ 添加一项"));
  if (kind === "inline") wrap.append(field("收尾句（可选）", path + ".after"));
  return wrap;
}

/* facts: inline facts as a tree form; a facts file as an upload */
function renderFacts() {
  const box = $("#tab-facts"); box.textContent = "";
  const k = KIND_BY_ID[S.model.kind] || {fields: {}};
  const key = k.fields.inline_facts ? "inline_facts" : "facts";
  box.append(el("p", {class: "hint", text: "巡察组、问题清单、整改时限等事实。文字里用 {{ facts.team.name }} 这样的写法引用；问题个数由稿子数出来。"}));
  const id = "f" + (++uid);
  const up = el("input", {id, type: "file", accept: ".yaml,.yml"});
  up.addEventListener("change", async () => {
    const f = up.files[0]; if (!f) return;
    const text = await f.text();
    const parsed = await api("/api/outline/parse", {outline: text, name: f.name});
    if (!parsed.model || typeof parsed.model !== "object") { alert((parsed.problems || []).map(problemText).join("\n")); return; }
    if (typeof S.model.facts === "string") { S.files[S.model.facts] = b64(new TextEncoder().encode(text)); }
    else { S.model[key] = parsed.model; }
    renderFacts(); changed();
  });
  box.append(el("div", {class: "field"}, el("label", {for: id, text: "上传事实文件（.yaml）"}), up));
  if (typeof S.model.facts === "string") {
    const have = S.files[S.model.facts] || S.files[S.model.facts.split("/").pop()];
    box.append(el("p", {text: `提纲引用事实文件 ${S.model.facts}：` + (have ? "已上传。" : "请上传这个文件。")}),
      el("button", {type: "button", class: "small", onclick: async () => {
        if (!have) { alert("请先上传该文件"); return; }
        const text = new TextDecoder().decode(Uint8Array.from(atob(have), (c) => c.charCodeAt(0)));
        const parsed = await api("/api/outline/parse", {outline: text, name: S.model.facts});
        if (parsed.model) { delete S.model.facts; S.model[key] = parsed.model; renderFacts(); changed(); }
      }}, "改为在这里编辑"));
    return;
  }
  if (!S.model[key] || typeof S.model[key] !== "object") S.model[key] = {};
  box.append(treeEditor(S.model[key], key, "事实"));
}
function treeEditor(obj, path, title) {
  const wrap = el("fieldset", {class: "tree"}, el("legend", {text: title}));
  const isArr = Array.isArray(obj);
  const entries = isArr ? obj.map((v, i) => [i, v]) : Object.entries(obj);
  for (const [k, v] of entries) {
    const p = `${path}.${k}`, label = isArr ? `第${Number(k) + 1}项` : String(k);
    const del = el("button", {type: "button", class: "icon danger", "aria-label": `删除 ${label}`, onclick: () => { if (isArr) obj.splice(k, 1); else delete obj[k]; renderFacts(); changed(); }}, "✕");
    if (v !== null && typeof v === "object") { const sub = treeEditor(v, p, label); sub.querySelector("legend").append(" ", del); wrap.append(sub); }
    else wrap.append(el("div", {class: "row"}, field(label, p, {type: /^\d{4}-\d{2}-\d{2}$/.test(String(v)) ? "date" : "str"}), del));
  }
  const nid = "f" + (++uid);
  const nameIn = isArr ? null : el("input", {id: nid, type: "text", placeholder: "名称"});
  const kindSel = el("select", {"aria-label": `${title}：新增项的类型`}, el("option", {value: "s", text: "文字"}), el("option", {value: "m", text: "一组"}), el("option", {value: "l", text: "列表"}));
  wrap.append(el("div", {class: "row adds"}, nameIn ? el("label", {for: nid, text: "新增"}) : null, nameIn, kindSel,
    el("button", {type: "button", class: "small", onclick: () => {
      const val = kindSel.value === "m" ? {} : kindSel.value === "l" ? [] : "";
      if (isArr) obj.push(val); else { const n = nameIn.value.trim(); if (!n) { alert("请写名称"); return; } obj[n] = val; }
      renderFacts(); changed();
    }}, `在“${title}”中添加`)));
  return wrap;
}

/* ---------------------------------------------------------------- fragments */
async function openFragments(arr) {
  fragTarget = arr;
  if (!FRAGS) FRAGS = await api("/api/fragments");
  const sel = $("#frag-theme");
  if (!sel.options.length) {
    sel.append(el("option", {value: "", text: "全部主题"}));
    for (const [id, name] of Object.entries(FRAGS.themes)) sel.append(el("option", {value: id, text: name}));
  }
  listFragments(); $("#frag-dialog").showModal(); $("#frag-search").focus();
}
function listFragments() {
  const word = $("#frag-search").value.trim(), theme = $("#frag-theme").value, ul = $("#frag-list");
  ul.textContent = ""; $("#frag-variants").textContent = "";
  const hits = FRAGS.fragments.filter((f) => (!theme || f.theme === theme) &&
    (!word || f.id.includes(word) || f.tags.some((t) => t.includes(word)) || f.variants.some((v) => v.includes(word))));
  for (const f of hits.slice(0, 200)) {
    ul.append(el("li", {}, el("button", {type: "button", class: "frag", onclick: () => showVariants(f)},
      el("b", {text: f.id}), el("span", {class: "hint", text: " " + (FRAGS.themes[f.theme] || f.theme) + " · " + f.variants.length + "个变体"}))));
  }
  if (!hits.length) ul.append(el("li", {class: "hint", text: "没有找到。"}));
}
function showVariants(f) {
  const box = $("#frag-variants"); box.textContent = "";
  box.append(el("h3", {text: f.id}), el("button", {type: "button", class: "primary", onclick: () => insertFragment({fragment: f.id})}, "插入（按措辞自动挑选变体）"));
  f.variants.forEach((v, i) => {
    const hasSlots = /\{\{|\{%/.test(v);
    box.append(el("div", {class: "variant"}, el("p", {text: v}),
      el("button", {type: "button", class: "small", disabled: hasSlots, title: hasSlots ? "这个变体含有需要填写的槽位，请用“插入”" : "",
        onclick: () => insertFragment(v)}, `固定用变体${i + 1}`)));
  });
}
function insertFragment(item) {
  if (fragTarget) fragTarget.push(item);
  $("#frag-dialog").close(); renderOutline(); changed();
}

/* ---------------------------------------------------------------- preview */
function changed() {
  save();
  schedulePreview(250);
}
function schedulePreview(ms) {
  clearTimeout(previewTimer);
  previewTimer = setTimeout(runPreview, ms);
}
async function runPreview() {
  if (!S.model) return;
  const seq = ++previewSeq;
  const y = toYaml(S.model); lineMap = y.map;
  if (S.tab === "yaml" && document.activeElement !== $("#yaml-text")) $("#yaml-text").value = y.text;
  $("#preview").setAttribute("aria-busy", "true");
  try {
    const r = await api("/api/preview", {outline: y.text, seed: Number(S.seed) || 0, files: filesPayload(), name: "提纲.yaml"});
    if (seq !== previewSeq) return;
    $("#problems").textContent = "";
    const doc = new DOMParser().parseFromString(r.html, "text/html");
    const pv = $("#preview"); pv.textContent = "";
    for (const st of doc.querySelectorAll("style")) pv.append(st);
    pv.append(...doc.body.childNodes);
    const target = r.target_minutes ? `，目标 ${r.target_minutes} 分钟` : "";
    $("#stats").textContent = `共 ${r.chars} 字，约讲 ${r.minutes} 分钟（每分钟 220 字）${target}；${r.findings.length ? "检查发现 " + r.findings.length + " 处" : "检查未发现问题"}`;
    showFindings(r.findings);
  } catch (e) {
    if (seq !== previewSeq) return;
    showProblems(e.problems || [{message: e.message}]);
  } finally { $("#preview").removeAttribute("aria-busy"); }
}
const LEVEL_CN = {error: "错误", warning: "警告", info: "提示"};
function showFindings(findings) {
  const box = $("#findings"); box.textContent = "";
  if (!findings.length) return;
  const ul = el("ul");
  for (const f of findings) {
    const path = pathAtLine(f.line);
    ul.append(el("li", {class: f.level}, el("button", {type: "button", class: "finding-link", onclick: () => focusPath(path)},
      el("span", {class: "lvl", text: LEVEL_CN[f.level] || f.level}), " " + f.message)));
    for (const p of document.querySelectorAll(`#preview p[data-line="${f.line}"]`)) { p.classList.add("finding"); p.title = f.message; p.onclick = () => focusPath(path); }
  }
  box.append(el("h3", {text: "检查结果"}), ul);
}
function showProblems(problems) {
  const box = $("#problems"); box.textContent = "";
  const ul = el("ul");
  for (const p of problems) {
    const path = p.line ? pathAtLine(p.line) : p.path;
    ul.append(el("li", {}, el("button", {type: "button", class: "finding-link", onclick: () => focusPath(path || p.path)}, (p.path ? p.path + "：" : "") + p.message)));
  }
  box.append(el("h3", {text: "需要修改才能生成："}), ul);
}
function focusPath(path) {
  if (!path) return;
  let target = null;
  for (let p = path; p && !target; p = p.includes(".") ? p.slice(0, p.lastIndexOf(".")) : "") {
    target = document.querySelector(`[data-path="${CSS.escape(p)}"]`);
    if (!p.includes(".")) break;
  }
  if (!target) { showTab("yaml"); return; }
  const pane = target.closest(".tabpane"); if (pane) showTab(pane.id.slice(4));
  target.scrollIntoView({block: "center"}); target.focus();
  target.classList.add("flash"); setTimeout(() => target.classList.remove("flash"), 1500);
}

/* ---------------------------------------------------------------- downloads */
function docName(ext) {
  const t = (S.model && (S.model.meeting || S.model.unit || (KIND_BY_ID[S.model.kind] || {}).name)) || "文稿";
  return String(t).replace(/[\\/:*?"<>|{}]/g, "").slice(0, 40) + "." + ext;
}
async function downloadFormat(fmt) {
  try {
    const r = await api("/api/render", {outline: toYaml(S.model).text, format: fmt, seed: Number(S.seed) || 0, files: filesPayload()}, {raw: true});
    download(await r.blob(), docName(fmt));
  } catch (e) { showProblems(e.problems || [{message: e.message}]); }
}

/* ---------------------------------------------------------------- YAML tab */
function yamlEdited() {
  clearTimeout(yamlTimer);
  yamlTimer = setTimeout(async () => {
    const text = $("#yaml-text").value;
    const box = $("#yaml-problems");
    try {
      const parsed = await api("/api/outline/parse", {outline: text});
      box.textContent = (parsed.problems || []).map(problemText).join("\n");
      if (parsed.model && typeof parsed.model === "object" && parsed.model.kind) {
        S.model = normalise(parsed.model); save();
        renderForm(); renderOutline(); renderFacts();
        schedulePreview(0);
      }
    } catch (e) { box.textContent = e.message; }
  }, 300);
}

/* ---------------------------------------------------------------- batch */
function batchGo() {
  const msg = $("#batch-msg"), out = $("#batch-result"), bar = $("#batch-progress");
  out.textContent = ""; msg.textContent = "";
  const data = $("#batch-data").files[0];
  if (!data) { msg.textContent = "请选择数据文件。"; return; }
  const fd = new FormData();
  const useFile = $("#batch-source").value === "file";
  if (useFile) {
    const f = $("#batch-outline").files[0]; if (!f) { msg.textContent = "请选择提纲文件。"; return; }
    fd.append("outlinefile", f, "提纲.yaml");
  } else {
    if (!S.model) { msg.textContent = "还没有正在起草的提纲：请先起草，或上传提纲文件。"; return; }
    fd.append("outline", toYaml(S.model).text);
    for (const [k, v] of Object.entries(S.files || {})) fd.append("extra", new Blob([Uint8Array.from(atob(v), (c) => c.charCodeAt(0))]), k);
  }
  if ($("#batch-facts").files[0]) fd.append("facts", $("#batch-facts").files[0]);
  fd.append("data", data);
  fd.append("pattern", $("#batch-pattern").value || "{row:03d}.docx");
  S.pattern = $("#batch-pattern").value; save();
  const xhr = new XMLHttpRequest();
  xhr.open("POST", "/api/batch");
  xhr.upload.onprogress = (e) => { if (e.lengthComputable) bar.value = Math.round(e.loaded / e.total * 50); };
  xhr.upload.onload = () => { bar.value = 50; bar.removeAttribute("value"); msg.textContent = "正在生成……"; };
  xhr.onerror = () => { bar.value = 0; msg.textContent = "网络错误，请重试。"; };
  xhr.onload = () => {
    bar.value = 100;
    let data = null; try { data = JSON.parse(xhr.responseText); } catch (e) { /* ignore */ }
    if (xhr.status !== 200) { msg.textContent = "无法生成："; out.append(problemTable((data && data.problems) || [{message: xhr.statusText}])); return; }
    const rep = data.report;
    msg.textContent = `共 ${rep.total} 行：生成 ${rep.written.length} 份，${rep.failed.length} 行有问题。`;
    if (rep.failed.length) {
      const t = el("table", {class: "grid"}, el("caption", {text: "有问题的行（行号同 Excel）"}), el("tr", {}, el("th", {text: "行"}), el("th", {text: "问题"})));
      for (const f of rep.failed) t.append(el("tr", {class: "bad"}, el("td", {text: String(f.row)}), el("td", {text: f.message})));
      out.append(t);
    }
    if (rep.written.length) {
      const t = el("table", {class: "grid"}, el("caption", {text: "已生成的文件"}), el("tr", {}, el("th", {text: "文件名"})));
      for (const w of rep.written) t.append(el("tr", {}, el("td", {text: w})));
      out.append(t);
      const blob = new Blob([Uint8Array.from(atob(data.zip), (c) => c.charCodeAt(0))], {type: "application/zip"});
      out.append(el("button", {type: "button", class: "primary", onclick: () => download(blob, "批量生成.zip")}, "下载全部（.zip）"));
    }
  };
  bar.value = 0; msg.textContent = "正在上传……";
  xhr.send(fd);
}
function problemTable(problems) {
  const t = el("table", {class: "grid"}, el("tr", {}, el("th", {text: "文件"}), el("th", {text: "行"}), el("th", {text: "列或字段"}), el("th", {text: "问题"})));
  for (const p of problems) t.append(el("tr", {class: "bad"}, el("td", {text: p.file || ""}), el("td", {text: p.line == null ? "" : String(p.line)}), el("td", {text: p.path || ""}), el("td", {text: p.message})));
  return t;
}

/* ---------------------------------------------------------------- ledger */
function ledgerForm(fmt) {
  const fd = new FormData();
  fd.append("data", $("#ledger-data").files[0]);
  if ($("#ledger-facts").files[0]) fd.append("facts", $("#ledger-facts").files[0]);
  if ($("#ledger-date").value) fd.append("feedback_date", $("#ledger-date").value);
  fd.append("format", fmt);
  return fd;
}
async function ledgerGo() {
  const msg = $("#ledger-msg"), out = $("#ledger-result");
  out.textContent = ""; msg.textContent = "";
  const f = $("#ledger-data").files[0];
  if (!f) { msg.textContent = "请选择台账文件。"; return; }
  try {
    const r = await api("/api/ledger", ledgerForm("json"));
    msg.textContent = "台账检查通过。";
    out.append(el("div", {class: "summary"}, ...r.summary.map((s) => el("p", {text: s}))));
    const cols = [["no", "序号"], ["category", "问题类别"], ["problem", "问题"], ["unit", "责任单位"], ["deadline", "完成时限"], ["status", "整改状态"], ["closed", "销号日期"]];
    const t = el("table", {class: "grid"}, el("caption", {text: "台账"}), el("tr", {}, el("th", {text: "行"}), ...cols.map(([, n]) => el("th", {text: n}))));
    for (const row of r.rows) t.append(el("tr", {}, el("td", {text: String(row.line)}), ...cols.map(([k]) => el("td", {text: String(row[k] ?? "")}))));
    out.append(t);
    const dl = async (fmt, name) => { try { const resp = await api("/api/ledger", ledgerForm(fmt), {raw: true}); download(await resp.blob(), name); } catch (e) { msg.textContent = e.message; } };
    const stem = f.name.replace(/\.[^.]+$/, "");
    out.append(el("div", {class: "row"}, el("button", {type: "button", class: "primary", onclick: () => dl("docx", stem + ".docx")}, "下载 Word（横排台账）"),
      el("button", {type: "button", onclick: () => dl("csv", stem + "-整理.csv")}, "下载 CSV（Excel 可打开）")));
  } catch (e) {
    msg.textContent = `发现 ${(e.problems || []).length} 个问题，请在 Excel 中按行号修改后重新上传：`;
    out.append(problemTable(e.problems || [{message: e.message}]));
  }
}

/* ---------------------------------------------------------------- start */
async function init() {
  restore();
  document.querySelectorAll("button.nav").forEach((b) => b.addEventListener("click", () => show(b.dataset.view)));
  document.querySelectorAll(".tab").forEach((b) => b.addEventListener("click", () => showTab(b.dataset.tab)));
  $("#yaml-text").addEventListener("input", yamlEdited);
  $("#dl-docx").addEventListener("click", () => downloadFormat("docx"));
  $("#dl-pdf").addEventListener("click", () => downloadFormat("pdf"));
  $("#dl-txt").addEventListener("click", () => downloadFormat("txt"));
  $("#dl-yaml").addEventListener("click", () => download(new Blob([toYaml(S.model).text], {type: "text/yaml"}), docName("yaml")));
  const seed = $("#seed");
  for (let i = 0; i < 10; i++) seed.append(el("option", {value: i, text: i === 0 ? "第1组（默认）" : `第${i + 1}组`}));
  seed.value = S.seed || 0;
  seed.addEventListener("change", () => { S.seed = Number(seed.value); changed(); });
  $("#frag-search").addEventListener("input", listFragments);
  $("#frag-theme").addEventListener("change", listFragments);
  $("#frag-close").addEventListener("click", () => $("#frag-dialog").close());
  $("#batch-go").addEventListener("click", batchGo);
  $("#batch-pattern").value = S.pattern || "{row:03d}.docx";
  $("#ledger-go").addEventListener("click", ledgerGo);
  $("#paste-go").addEventListener("click", async () => {
    const msg = $("#paste-msg"); msg.textContent = "正在识别……";
    try {
      const file = $("#paste-file").files[0];
      let r;
      if (file) { const fd = new FormData(); fd.append("file", file); r = await api("/api/import", fd); }
      else {
        const text = $("#paste-text").value; if (!text.trim()) { msg.textContent = "请先粘贴旧稿。"; return; }
        r = await api("/api/import", {text});
      }
      msg.textContent = `识别完成，删除了 ${r.removed.length} 处网页杂项。`;
      await loadYamlText(r.outline, msg);
    } catch (e) { msg.textContent = e.message; }
  });
  $("#open-file").addEventListener("change", async () => {
    const f = $("#open-file").files[0]; if (!f) return;
    try { await loadYamlText(await f.text(), $("#open-msg")); } catch (e) { $("#open-msg").textContent = e.message; }
  });
  try {
    [INFO, KINDS] = await Promise.all([api("/api/version"), api("/api/kinds")]);
  } catch (e) { document.body.prepend(el("p", {class: "fatal", text: "无法连接稿子服务：" + e.message})); return; }
  const ORDER = ["speech", "biaotai", "feedback-report", "plan", "ledger", "progress-report"];
  const rank = (k) => (ORDER.includes(k.id) ? ORDER.indexOf(k.id) : ORDER.length);
  KINDS.sort((a, b) => rank(a) - rank(b));
  KIND_BY_ID = Object.fromEntries(KINDS.map((k) => [k.id, k]));
  $("#dl-pdf").hidden = !INFO.pdf;
  renderKinds();
  api("/api/fragments").then((f) => { FRAGS = f; }).catch(() => {});
  show(S.view || "start");
  document.body.dataset.ready = "1";
}
init();
