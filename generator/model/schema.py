"""JSON Schema of outlines, generated from the core keys and every kind's field declarations."""
from __future__ import annotations

from generator.text import numbering
from generator.model.fields import DATE_SCHEMA as _DATE
from generator.model.fields import TEXT_SCHEMA as _TEXT
from generator.model.fields import field_schema
from generator.model.kinds import all_kinds

_STYLES = sorted(set(numbering.FAMILIES) | {"第一", "首先，", "(一)", "(1)"})


_field = field_schema  # one table of field types (model/fields.py)


def outline_schema(template_dirs=()) -> dict:
    kinds = all_kinds(template_dirs)
    defs = {
        "fragment": {"type": "object", "additionalProperties": False, "required": ["fragment"],
                     "properties": {"fragment": {"type": "string", "description": "片段编号"},
                                    "slots": {"type": "object", "additionalProperties": {"type": "string"}}}},
        "item": {"anyOf": [_TEXT, {"type": "object", "additionalProperties": False, "properties": {
            "lead": _TEXT, "text": _TEXT, "fragment": _TEXT, "slots": {"type": "object"},
            "number": {"type": "integer", "minimum": 1},
            "points": {"$ref": "#/$defs/list"}, "inline": {"$ref": "#/$defs/list"},
            "paras": {"type": "array", "items": _TEXT, "description": "要点之后接续的普通段落"}}}]},
        "list": {"anyOf": [
            {"type": "array", "items": {"$ref": "#/$defs/item"}, "minItems": 1},
            {"type": "object", "additionalProperties": False, "required": ["items"], "properties": {
                "style": {"enum": _STYLES, "description": "编号方式"}, "intro": _TEXT, "after": _TEXT,
                "joined": {"type": "boolean", "description": "第一项接在 intro 同一段（…。首先，…）"},
                "items": {"type": "array", "items": {"$ref": "#/$defs/item"}, "minItems": 1}}}]},
        "body": {"anyOf": [_TEXT, {"type": "array", "items": {"anyOf": [
            _TEXT,
            {"type": "object", "additionalProperties": False, "required": ["text"], "properties": {"text": _TEXT, "lead": _TEXT}},
            {"type": "object", "additionalProperties": False, "required": ["points"], "properties": {"points": {"$ref": "#/$defs/list"}}},
            {"type": "object", "additionalProperties": False, "required": ["inline"], "properties": {"inline": {"$ref": "#/$defs/list"}}},
            {"$ref": "#/$defs/fragment"}]}}]},
        "section": {"anyOf": [_TEXT, {"type": "object", "additionalProperties": False, "required": ["heading"], "properties": {
            "heading": _TEXT, "runin": {"type": "boolean"}, "number": {"type": "integer", "minimum": 1},
            "body": {"$ref": "#/$defs/body"}, "sections": {"$ref": "#/$defs/sections"}}}]},
        "sections": {"anyOf": [
            {"type": "array", "items": {"$ref": "#/$defs/section"}},
            {"type": "object", "additionalProperties": False, "required": ["items"], "properties": {
                "style": {"enum": list(numbering.HEADING_FAMILIES)},
                "items": {"type": "array", "items": {"$ref": "#/$defs/section"}}}}]},
    }
    props = {
        "kind": {"enum": list(kinds), "description": "文稿类型"},
        "title": _TEXT, "subtitle": _TEXT, "speaker": _TEXT, "salutation": _TEXT, "addressee": _TEXT, "signature": _TEXT,
        "source": _TEXT, "outline_text": _TEXT, "date": _DATE, "sign_date": _DATE,
        "vars": {"type": "object", "description": "变量，任何文字里可用 {{ 名字 }}"},
        "facts": {"type": "string", "description": "事实文件路径"},
        "profile": {"type": "string"}, "target_minutes": {"type": "number", "exclusiveMinimum": 0},
        "with_outline": {"type": "boolean"},
        "opening": {"$ref": "#/$defs/body"}, "closing": {"$ref": "#/$defs/body"},
        "sections": {"$ref": "#/$defs/sections"},
        "check": {"type": "object", "properties": {"ignore": {"type": "array", "items": _TEXT}}},
    }
    for k in kinds.values():
        for name, spec in k.fields.items():
            props.setdefault(name, _field(spec))
    branches = []
    for k in kinds.values():
        required = [n for n, s in k.fields.items() if s.get("required") and "default" not in s]
        if required:
            branches.append({"if": {"properties": {"kind": {"const": k.name}}}, "then": {"required": required}})
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "gaozi 提纲",
        "type": "object",
        "required": ["kind"],
        "additionalProperties": False,
        "properties": props,
        "$defs": defs,
    }
    if branches:
        schema["allOf"] = branches
    return schema
