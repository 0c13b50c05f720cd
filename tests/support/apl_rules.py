"""The checker for APL (screen) documents, run on every response like the SSML and APLA rules.

Rules: the directive deserialises with ask-sdk-model; the document is APL of a known version,
with no imported packages (every screen renders offline, from the document alone); only
documented top-level keys, component types and properties (per type), commands, tick handlers
and AVG graphic items; a VectorGraphic names a graphic the document defines and passes only its
declared parameters; every data-binding expression is well formed, starts from a name in scope
(the template's parameter, a bound variable, data/index inside a data-driven container, or one
of APL's globals), and every path into the data source resolves; AVG path data is valid SVG
path syntax once bound; the directive stays within a size budget. Responses and directives seen
are counted for the test run's summary.
"""

from __future__ import annotations

import json
import re
from typing import Any, ClassVar

from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model.interfaces.alexa.presentation.apl import RenderDocumentDirective

DIRECTIVE = "Alexa.Presentation.APL.RenderDocument"
VERSIONS = {"1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "2022.1", "2022.2", "2023.1", "2023.2"}
VERSIONS |= {"2023.3", "2024.1", "2024.2"}  # handleTick needs 1.4 or later
MAX_DIRECTIVE_BYTES = 60_000  # the project's budget: the response as a whole must stay < 120 KB
DOCUMENT_KEYS = {
    "type", "version", "description", "theme", "import", "resources", "styles", "layouts",
    "graphics", "commands", "onMount", "settings", "mainTemplate", "handleTick", "background",
    "extensions", "environment", "onConfigChange", "onDisplayStateChange", "export", "lang",
    "layoutDirection",
}  # fmt: skip
SETTINGS_KEYS = {"idleTimeout", "supportsResizing"}
BASE_PROPERTIES = {
    "type", "id", "when", "description", "width", "height", "minWidth", "maxWidth",
    "minHeight", "maxHeight", "padding", "paddingLeft", "paddingRight", "paddingTop",
    "paddingBottom", "paddingStart", "paddingEnd", "opacity", "display", "bind", "handleTick",
    "onMount", "style", "position", "top", "bottom", "left", "right", "start", "end", "grow",
    "shrink", "alignSelf", "spacing", "numbered", "accessibilityLabel", "role", "transform",
    "shadowColor", "shadowRadius", "shadowHorizontalOffset", "shadowVerticalOffset", "disabled",
    "inheritParentState", "checked", "layoutDirection", "preserve", "entities", "speech",
}  # fmt: skip
MULTI_CHILD = {"data", "item", "items", "firstItem", "lastItem"}
COMPONENT_PROPERTIES: dict[str, set[str]] = {
    "Container": MULTI_CHILD | {"direction", "alignItems", "justifyContent", "wrap"},
    "Frame": {
        "item",
        "items",
        "backgroundColor",
        "background",
        "borderRadius",
        "borderWidth",
        "borderColor",
        "borderStrokeWidth",
        "borderBottomLeftRadius",
        "borderBottomRightRadius",
        "borderTopLeftRadius",
        "borderTopRightRadius",
    },
    "Text": {
        "text",
        "color",
        "fontFamily",
        "fontSize",
        "fontStyle",
        "fontWeight",
        "letterSpacing",
        "lineHeight",
        "maxLines",
        "textAlign",
        "textAlignVertical",
        "lang",
    },
    "VectorGraphic": {"source", "scale", "align"},
}
COMMAND_PROPERTIES: dict[str, set[str]] = {
    "SetValue": {"componentId", "property", "value"},
    "Sequential": {"commands", "repeatCount", "catch", "finally"},
    "Parallel": {"commands"},
    "Idle": set(),
}
COMMAND_BASE = {"type", "delay", "description", "when", "screenLock", "sequencer"}
TICK_KEYS = {"commands", "minimumDelay", "when", "description"}
BIND_KEYS = {"name", "value", "type", "onChange"}
BIND_TYPES = {"any", "string", "number", "boolean", "dimension", "color", "integer", "array"}
AVG_KEYS = {
    "type", "version", "description", "width", "height", "viewportWidth", "viewportHeight",
    "parameters", "items", "item", "resources", "styles", "scaleTypeWidth", "scaleTypeHeight",
    "lang", "layoutDirection",
}  # fmt: skip
AVG_ITEMS: dict[str, set[str]] = {
    "path": {
        "pathData",
        "fill",
        "fillOpacity",
        "fillTransform",
        "stroke",
        "strokeWidth",
        "strokeOpacity",
        "strokeLineCap",
        "strokeLineJoin",
        "strokeMiterLimit",
        "strokeDashArray",
        "strokeDashOffset",
        "strokeTransform",
        "pathLength",
        "style",
    },
    "group": {
        "items",
        "item",
        "data",
        "opacity",
        "clipPath",
        "rotation",
        "pivotX",
        "pivotY",
        "scaleX",
        "scaleY",
        "translateX",
        "translateY",
        "transform",
        "filters",
        "style",
    },
}
AVG_BASE = {"type", "description", "when"}
ENUMS = {
    "direction": {"column", "row", "columnReverse", "rowReverse"},
    "alignItems": {"start", "end", "center", "baseline", "stretch"},
    "justifyContent": {"start", "end", "center", "spaceBetween", "spaceAround", "spaceEvenly"},
    "textAlign": {"auto", "left", "right", "center", "start", "end"},
    "fontWeight": {"normal", "bold", "100", "200", "300", "400", "500", "600", "700", "800"},
    "scale": {"none", "fill", "best-fit", "best-fill", "best-fit-down"},
    "align": {
        "bottom",
        "bottom-left",
        "bottom-right",
        "center",
        "left",
        "right",
        "top",
        "top-left",
        "top-right",
    },
    "strokeLineCap": {"butt", "round", "square"},
    "strokeLineJoin": {"bevel", "miter", "round"},
}
GLOBALS = {
    "elapsedTime", "localTime", "utcTime", "viewport", "environment", "Math", "String",
    "Array", "Time", "Object", "Number", "event", "true", "false", "null",
}  # fmt: skip
_BINDING = re.compile(r"\$\{([^{}]*)\}")
_STRING = re.compile(r"'[^']*'|\"[^\"]*\"")
_PATH = re.compile(r"(?<![\w.$])([A-Za-z_]\w*)((?:\s*\.\s*[A-Za-z_]\w*|\[\s*\d+\s*\])*)")
_SVG_PATH = re.compile(r"^\s*(?:[MmLlHhVvCcSsQqTtAaZz]|[-+]?(?:\d+\.?\d*|\.\d+)|[\s,])*$")

_serializer = DefaultSerializer()


class Stats:
    responses = 0  # responses checked
    with_screen = 0  # responses that carried an APL directive
    documents: ClassVar[dict[str, int]] = {}  # directive token -> times seen
    bindings = 0
    components = 0
    largest_bytes = 0


def apl_directives(response: dict[str, Any]) -> list[dict[str, Any]]:
    return [d for d in response.get("directives") or [] if d.get("type") == DIRECTIVE]


def check_response_apl(response: dict[str, Any]) -> list[dict[str, Any]]:
    """Check every APL directive in `response` (the `response` object of an envelope)."""
    Stats.responses += 1
    found = apl_directives(response)
    assert len(found) <= 1, "at most one APL document per response"
    for directive in found:
        check_apl(directive)
    if found:
        Stats.with_screen += 1
    return found


def check_apl(directive: dict[str, Any]) -> None:
    raw = json.dumps(directive, separators=(",", ":"))
    size = len(raw.encode())
    assert size <= MAX_DIRECTIVE_BYTES, f"APL directive of {size} bytes"
    Stats.largest_bytes = max(Stats.largest_bytes, size)
    model = _serializer.deserialize(raw, RenderDocumentDirective)
    assert model is not None and model.document, "the directive does not deserialise"
    token = directive.get("token")
    assert isinstance(token, str) and token, "an APL directive needs a token"
    Stats.documents[token] = Stats.documents.get(token, 0) + 1
    document = directive["document"]
    assert document.get("type") == "APL", "not an APL document"
    assert document.get("version") in VERSIONS, f"APL version {document.get('version')!r}"
    unknown = set(document) - DOCUMENT_KEYS
    assert not unknown, f"undocumented document keys {sorted(unknown)}"
    assert not document.get("import"), "imported packages need the network: keep screens whole"
    assert set(document.get("settings") or {}) <= SETTINGS_KEYS, "unknown settings"
    graphics = document.get("graphics") or {}
    for name, graphic in graphics.items():
        _check_graphic(name, graphic)
    template = document["mainTemplate"]
    params = template.get("parameters") or []
    sources = directive.get("datasources") or {}
    assert set(params) <= set(sources), f"template parameters {params} without a data source"
    scope = {name: sources[name] for name in params}
    items = template.get("items") or ([template["item"]] if "item" in template else [])
    assert items, "the main template shows nothing"
    for item in items:
        _check_component(item, scope, graphics, "mainTemplate")


def _check_graphic(name: str, graphic: dict[str, Any]) -> None:
    where = f"graphic {name}"
    assert graphic.get("type") == "AVG", f"{where}: not AVG"
    assert graphic.get("version") in {"1.0", "1.1", "1.2"}, f"{where}: AVG version"
    assert set(graphic) <= AVG_KEYS, f"{where}: keys {sorted(set(graphic) - AVG_KEYS)}"
    for key in ("width", "height"):
        assert isinstance(graphic.get(key), int | float) and graphic[key] > 0, f"{where}: {key}"
    declared = {p["name"] for p in graphic.get("parameters") or []}
    for parameter in graphic.get("parameters") or []:
        assert set(parameter) <= {"name", "type", "default", "description"}, where
    for item in graphic.get("items") or []:
        _check_avg_item(item, declared, where)


def _check_avg_item(item: dict[str, Any], declared: set[str], where: str) -> None:
    kind = item.get("type")
    assert kind in AVG_ITEMS, f"{where}: AVG item {kind!r}"
    unknown = set(item) - AVG_ITEMS[kind] - AVG_BASE
    assert not unknown, f"{where}: {kind} properties {sorted(unknown)}"
    _check_enums(item, where)
    for value in item.values():
        if isinstance(value, str):
            for expression in _BINDING.findall(value):
                for root, _ in _names(expression):
                    assert root in declared | GLOBALS, f"{where}: unbound {root!r}"
    path = item.get("pathData")
    if isinstance(path, str) and "${" not in path:
        assert _SVG_PATH.match(path), f"{where}: bad path data {path[:60]!r}"
    for child in item.get("items") or []:
        _check_avg_item(child, declared, where)


def _check_component(
    component: dict[str, Any], scope: dict[str, Any], graphics: dict[str, Any], where: str
) -> None:
    Stats.components += 1
    kind = component.get("type")
    assert kind in COMPONENT_PROPERTIES, f"{where}: component type {kind!r}"
    where = f"{where}/{component.get('id') or kind}"
    allowed = BASE_PROPERTIES | COMPONENT_PROPERTIES[kind]
    if kind == "VectorGraphic":
        source = component.get("source")
        assert source in graphics, f"{where}: graphic {source!r} is not in the document"
        declared = {p["name"] for p in graphics[source].get("parameters") or []}
        clash = declared & BASE_PROPERTIES
        assert not clash, f"{where}: graphic parameters named like properties {sorted(clash)}"
        allowed = allowed | declared
        for name in declared:
            bound = _resolve_literal(component.get(name), scope)
            if (
                name in component
                and isinstance(bound, str)
                and "pathData" in json.dumps(graphics[source])
            ):
                assert _SVG_PATH.match(bound), f"{where}: {name} is not path data"
    unknown = set(component) - allowed
    assert not unknown, f"{where}: undocumented {kind} properties {sorted(unknown)}"
    _check_enums(component, where)
    scope = dict(scope)
    for binding in component.get("bind") or []:
        assert set(binding) <= BIND_KEYS, f"{where}: bind keys"
        assert binding.get("type", "any") in BIND_TYPES, f"{where}: bind type"
        _check_bindings(binding.get("value"), scope, where)
        scope[binding["name"]] = None  # known, valued at run time
    for key, value in component.items():
        if key in ("bind", "handleTick", "onMount", "items", "item", "firstItem", "lastItem"):
            continue
        _check_bindings(value, scope, where)
    for handler in component.get("handleTick") or []:
        assert set(handler) <= TICK_KEYS, f"{where}: tick handler keys"
        assert isinstance(handler.get("minimumDelay", 1000), int | float), where
        assert handler.get("minimumDelay", 1000) >= 16, f"{where}: a tick faster than a frame"
        _check_commands(handler.get("commands") or [], scope, where)
    _check_commands(component.get("onMount") or [], scope, where)
    children = component.get("items") or ([component["item"]] if "item" in component else [])
    if kind == "Frame":
        assert len(children) <= 1, f"{where}: a Frame holds one child"
    if "data" in component:
        array = _resolve_literal(component["data"], scope)
        assert isinstance(array, list), f"{where}: data does not resolve to an array"
        for element in array or [None]:
            inner = {**scope, "data": element, "index": 0, "ordinal": 1, "length": len(array)}
            for child in children:
                _check_component(child, inner, graphics, where)
        return
    for child in children:
        _check_component(child, scope, graphics, where)


def _check_commands(commands: list[dict[str, Any]], scope: dict[str, Any], where: str) -> None:
    for command in commands:
        kind = command.get("type")
        assert kind in COMMAND_PROPERTIES, f"{where}: command {kind!r}"
        unknown = set(command) - COMMAND_PROPERTIES[kind] - COMMAND_BASE
        assert not unknown, f"{where}: {kind} properties {sorted(unknown)}"
        for key, value in command.items():
            if key != "commands":
                _check_bindings(value, scope, where)
        _check_commands(command.get("commands") or [], scope, where)


def _check_enums(item: dict[str, Any], where: str) -> None:
    for key, allowed in ENUMS.items():
        value = item.get(key)
        if isinstance(value, str) and "${" not in value:
            assert value in allowed, f"{where}: {key} {value!r}"


def _check_bindings(value: Any, scope: dict[str, Any], where: str) -> None:
    if isinstance(value, dict):
        for inner in value.values():
            _check_bindings(inner, scope, where)
        return
    if isinstance(value, list):
        for inner in value:
            _check_bindings(inner, scope, where)
        return
    if not isinstance(value, str) or "${" not in value:
        return
    assert value.count("${") == len(_BINDING.findall(value)), f"{where}: unclosed ${{ in {value!r}"
    for expression in _BINDING.findall(value):
        Stats.bindings += 1
        assert expression.count("(") == expression.count(")"), f"{where}: {expression!r}"
        assert expression.count("?") <= expression.count(":"), f"{where}: {expression!r}"
        for root, path in _names(expression):
            assert root in scope or root in GLOBALS, f"{where}: {root!r} is not bound"
            if root in scope and scope[root] is not None:
                _follow(scope[root], path, f"{where}: ${{{root}{path}}}")


def _names(expression: str) -> list[tuple[str, str]]:
    """The names an expression reads, each with its member path (`screen`, `.set.name`)."""
    bare = _STRING.sub("''", expression)
    return [(m[1], re.sub(r"\s+", "", m[2])) for m in _PATH.finditer(bare)]


def _follow(value: Any, path: str, where: str) -> Any:
    for step in re.findall(r"\.(\w+)|\[(\d+)\]", path):
        key, index = step
        if key:
            if isinstance(value, list) and key == "length":
                return len(value)
            assert isinstance(value, dict) and key in value, f"{where} does not resolve"
            value = value[key]
        else:
            assert isinstance(value, list) and int(index) < len(value), f"{where} out of range"
            value = value[int(index)]
    return value


def _resolve_literal(value: Any, scope: dict[str, Any]) -> Any:
    """A value that is one plain `${name.path}` binding, resolved; anything else as it is."""
    if not isinstance(value, str):
        return value
    match = re.fullmatch(r"\$\{\s*([A-Za-z_]\w*)((?:\.\w+|\[\d+\])*)\s*\}", value)
    if not match or scope.get(match[1]) is None:
        return value
    return _follow(scope[match[1]], match[2], "binding")
