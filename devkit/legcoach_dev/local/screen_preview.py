"""What the Echo Show would show: a compact text frame per response, and an HTML preview.

The HTML preview renders the subset of APL the project's documents use (Container, Frame, Text,
VectorGraphic with AVG paths, bind, handleTick/SetValue, `${...}` bindings evaluated as the
JavaScript they are written in) in a real browser. It is an approximation: fonts, spacing and
timing differ from a device, which is the judge. `?t=MS` in the page's URL freezes the
document's clock at MS milliseconds (for screenshots; `&w=1280&h=800` fixes the viewport);
without it the clock runs.

    python -m legcoach_dev.local.screen_preview RESPONSE.json OUT.html
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

DIRECTIVE = "Alexa.Presentation.APL.RenderDocument"


def apl_directive(response: dict[str, Any]) -> dict[str, Any] | None:
    body = response.get("response") or response
    for directive in body.get("directives") or []:
        if directive.get("type") == DIRECTIVE:
            return directive
    return None


def text_frame(response: dict[str, Any], *, at_ms: int | None = None) -> str:
    """One or two lines saying what the screen shows (for the local chat)."""
    directive = apl_directive(response)
    if directive is None:
        return ""
    data = directive["datasources"]["screen"]
    kind = directive["token"].removeprefix("legcoach-")
    if kind == "set":
        counted = f"reps {data['firstRep']}-{data['lastRep']} of {data['total']}"
        if data.get("setStart", 0) >= 10**9:
            counted = f"waiting: {data['countdownLabel']}"
        elif data.get("countdownStart", -1) >= 0:
            seconds = (data["whistle"] - data["countdownStart"]) / 1000
            counted = f"{data['countdownLabel']} {seconds:.0f} s, then {counted}"
        return f"[screen: {data['name']} | {data['setLine']} | {counted}]"
    if kind == "progress":
        names = ", ".join(item["label"] for item in data["legend"])
        return f"[screen: {data['title']} | {data['subtitle']} | {names}]"
    return f"[screen: {data['title']} | {' / '.join(data['lines'])}]"


PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>APL preview</title>
<style>
html, body { margin: 0; padding: 0; background: #000; overflow: hidden; }
#screen { position: relative; width: 100vw; height: 100vh; background: #101418;
  font-family: "DejaVu Sans", "Amazon Ember", sans-serif; display: flex; flex-direction: column; }
.c { display: flex; box-sizing: border-box; min-width: 0; min-height: 0; }
.t { white-space: pre-wrap; overflow: hidden; line-height: 1.2; }
</style></head>
<body><div id="screen"></div>
<script>
const DIRECTIVE = __DIRECTIVE__;
const doc = DIRECTIVE.document;
const params = new URLSearchParams(location.search);
const frozen = params.has("t") ? Number(params.get("t")) : null;
const started = performance.now();
// ?w=&h= fix the viewport (a headless browser reports its window late); else the window's.
const W = Number(params.get("w")) || innerWidth, H = Number(params.get("h")) || innerHeight;
const vp = { width: W, height: H, pixelWidth: W, pixelHeight: H, dpi: 160 };
const scope0 = Object.assign({}, DIRECTIVE.datasources);
const bindings = [];  // update functions, one per component
let NOW = 0;  // the document's elapsedTime

// Scopes chain like APL's: a child sees its ancestors' bound values as they change.
function evaluate(text, scope) {
  if (typeof text !== "string" || !text.includes("${")) return text;
  const whole = text.match(/^\\$\\{([^{}]*)\\}$/);
  const run = (expr) => {
    const names = [];
    for (const k in scope) names.push(k);
    const f = new Function(...names, "viewport", "elapsedTime", "return (" + expr + ");");
    return f(...names.map((n) => scope[n]), vp, NOW);
  };
  if (whole) return run(whole[1]);
  return text.replace(/\\$\\{([^{}]*)\\}/g, (_, e) => String(run(e)));
}
function dim(v, scope, axis) {
  v = evaluate(v, scope);
  if (v === undefined || v === null || v === "auto") return null;
  if (typeof v === "number") return v + "px";
  if (v.endsWith("vw")) return (parseFloat(v) * vp.width / 100) + "px";
  if (v.endsWith("vh")) return (parseFloat(v) * vp.height / 100) + "px";
  if (v.endsWith("dp")) return parseFloat(v) + "px";
  if (v.endsWith("%")) return v;
  return parseFloat(v) + "px";
}
const JUSTIFY = { start: "flex-start", end: "flex-end", center: "center",
  spaceBetween: "space-between", spaceAround: "space-around", spaceEvenly: "space-evenly" };
const ALIGN = { start: "flex-start", end: "flex-end", center: "center", stretch: "stretch",
  baseline: "baseline" };

function build(c, scope, parent, first, row) {
  const el = document.createElement("div");
  el.className = "c";
  if (c.id) el.id = c.id;
  el.dataset.type = c.type;
  scope = Object.create(scope);
  for (const b of c.bind || []) scope[b.name] = evaluate(b.value, scope);
  const own = scope;
  const update = () => {
    const s = own;
    const set = (k, v) => { if (v !== null && v !== undefined) el.style[k] = v; };
    set("width", dim(c.width, s)); set("height", dim(c.height, s));
    for (const side of ["Left", "Right", "Top", "Bottom"])
      set("padding" + side, dim(c["padding" + side], s));
    if (c.grow !== undefined) el.style.flexGrow = evaluate(c.grow, s);
    if (c.shrink !== undefined) el.style.flexShrink = evaluate(c.shrink, s);
    if (!first && c.spacing !== undefined) el.style[row ? "marginLeft" : "marginTop"] = dim(c.spacing, s);
    const display = evaluate(c.display, s);
    el.style.display = display === "none" ? "none" : "flex";
    el.style.visibility = display === "invisible" ? "hidden" : "visible";
    if (c.type === "Container") {
      el.style.flexDirection = (evaluate(c.direction, s) || "column") === "row" ? "row" : "column";
      el.style.alignItems = ALIGN[evaluate(c.alignItems, s) || "stretch"];
      el.style.justifyContent = JUSTIFY[evaluate(c.justifyContent, s) || "start"];
    }
    if (c.type === "Frame") {
      set("backgroundColor", evaluate(c.backgroundColor, s));
      set("borderRadius", dim(c.borderRadius, s));
    }
    if (c.type === "Text") {
      el.className = "c t";
      el.textContent = String(evaluate(c.text, s) ?? "");
      set("fontSize", dim(c.fontSize, s));
      el.style.fontWeight = evaluate(c.fontWeight, s) || "normal";
      el.style.color = evaluate(c.color, s) || "#FAFAFA";
      el.style.textAlign = evaluate(c.textAlign, s) || "left";
      el.style.justifyContent = { center: "center", right: "flex-end" }[el.style.textAlign] || "";
      const lines = evaluate(c.maxLines, s);
      if (lines) { el.style.display = el.style.display === "none" ? "none" : "-webkit-box";
        el.style.webkitLineClamp = lines; el.style.webkitBoxOrient = "vertical"; }
    }
    if (c.type === "VectorGraphic") el.innerHTML = avg(c, s);
  };
  bindings.push(update);
  if (parent) parent.appendChild(el);
  const children = c.items || (c.item ? [c.item] : []);
  const isRow = c.type === "Container" && evaluate(c.direction, scope) === "row";
  if (c.data !== undefined) {
    const data = evaluate(c.data, scope) || [];
    data.forEach((d, i) => children.forEach((child) => {
      const inner = Object.assign(Object.create(scope), { data: d, index: i, length: data.length });
      build(child, inner, el, i === 0, isRow);
    }));
  } else {
    children.forEach((child, i) => build(child, scope, el, i === 0, isRow));
  }
  el.__scope = own;
  el.__tick = c.handleTick || [];
  update();
  return el;
}

function avg(c, scope) {
  const g = doc.graphics[evaluate(c.source, scope)];
  const local = {};
  for (const p of g.parameters || []) local[p.name] = c[p.name] !== undefined
    ? evaluate(c[p.name], scope) : p.default;
  const draw = (items) => items.map((it) => {
    if (it.type === "group") {
      const tx = it.translateX || 0, ty = it.translateY || 0;
      return `<g transform="translate(${tx},${ty})">${draw(it.items || [])}</g>`;
    }
    const d = evaluate(it.pathData, local) || "";
    return `<path d="${d}" fill="${it.fill || "none"}" stroke="${it.stroke || "none"}"
      stroke-width="${it.strokeWidth || 1}" stroke-linecap="${it.strokeLineCap || "butt"}"
      stroke-linejoin="${it.strokeLineJoin || "miter"}"/>`;
  }).join("");
  const fit = { "best-fit": "xMidYMid meet", fill: "none", none: "xMidYMid meet" };
  return `<svg width="100%" height="100%" viewBox="0 0 ${g.width} ${g.height}"
    preserveAspectRatio="${fit[c.scale] || "xMidYMid meet"}">${draw(g.items || [])}</svg>`;
}

const screen = document.getElementById("screen");
screen.style.width = W + "px"; screen.style.height = H + "px";
const layout = document.createElement("pre");
layout.id = "layout"; layout.style.display = "none";
const root = build(doc.mainTemplate.items[0], scope0, screen, true, false);
document.body.appendChild(layout);
function tick() {
  NOW = frozen !== null ? frozen : performance.now() - started;
  const walk = (el) => {  // the tick handlers: SetValue of a bound value
    for (const h of el.__tick || []) for (const cmd of h.commands)
      if (cmd.type === "SetValue") el.__scope[cmd.property] = evaluate(cmd.value, el.__scope);
    for (const child of el.children) walk(child);
  };
  walk(root);
  for (const update of bindings) update();
  const boxes = {};
  for (const el of document.querySelectorAll("#screen [id]")) {
    const r = el.getBoundingClientRect();
    boxes[el.id] = { x: r.x, y: r.y, w: r.width, h: r.height, text: el.textContent.slice(0, 80),
      shown: getComputedStyle(el).display !== "none" };
  }
  layout.textContent = JSON.stringify(boxes);
  if (frozen === null) requestAnimationFrame(tick);
}
tick();
</script></body></html>
"""


def write_preview(response: dict[str, Any], path: Path) -> Path | None:
    """Write the response's screen as an HTML page; None when it has no APL document."""
    directive = apl_directive(response)
    if directive is None:
        return None
    payload = json.dumps(directive).replace("</", "<\\/")
    path.write_text(PAGE.replace("__DIRECTIVE__", payload), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    response = json.loads(Path(args[0]).read_text(encoding="utf-8"))
    written = write_preview(response, Path(args[1]))
    print(written or "that response has no screen")
    return 0 if written else 1


if __name__ == "__main__":
    sys.exit(main())
