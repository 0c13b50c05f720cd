"""Screenshots of the screens in headless Chromium, from the HTML preview of the APL subset used.

The set screen is photographed with its clock frozen half-way through the third rep: the move's
name must be at the top, the counter must read 3 beside the drawing, and the bar's first three
segments (of one per rep) must be lit and the rest not. The preview approximates a device;
these tests check that the document puts things where it means to. Screenshots land in
`.local/screens/` (listed by the test run). Chromium is the Debian package `chromium`: installed
here when missing and possible, otherwise these tests skip and say why.
"""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path
from typing import Any

import pytest
from legcoach_dev.local.screen_preview import apl_directive, text_frame, write_preview
from support.coachee import ROOT, Coachee
from test_screen import with_screen

SHOTS = ROOT / ".local" / "screens"
WIDTH, HEIGHT = 1280, 800
LIT, UNLIT = (0xFF, 0xB3, 0x00), (0x2B, 0x34, 0x40)


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None and shutil.which("apt-get"):
        subprocess.run(
            ["apt-get", "install", "-y", "-q", "chromium"],
            capture_output=True,
            timeout=600,
            check=False,
        )
        found = shutil.which("chromium")
    if found is None:
        pytest.skip("headless Chromium is missing (Debian: apt-get install -y chromium)")
    return found


def shoot(response: dict[str, Any], name: str, at_ms: int = 0) -> tuple[Path, dict[str, Any]]:
    """Screenshot `response`'s screen at `at_ms`; returns the PNG path and the layout boxes."""
    browser = chromium()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = write_preview(response, SHOTS / f"{name}.html")
    assert page is not None, "the response has no screen"
    url = f"{page.as_uri()}?t={at_ms}&w={WIDTH}&h={HEIGHT}"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    flags.append(f"--window-size={WIDTH},{HEIGHT}")
    png = SHOTS / f"{name}.png"
    run = [browser, *flags, f"--screenshot={png}", url]
    subprocess.run(run, capture_output=True, timeout=120, check=True)
    dom = subprocess.run(
        [browser, *flags, "--dump-dom", url], capture_output=True, timeout=120, check=True
    ).stdout.decode()
    layout = re.search(r'<pre id="layout"[^>]*>([^<]*)</pre>', dom)
    assert layout and layout[1], "the preview did not lay the screen out"
    print(f"screenshot: {png}")
    return png, json.loads(layout[1].replace("&amp;", "&").replace("&quot;", '"'))


def pixels(png: Path) -> tuple[int, int, list[bytes]]:
    """A minimal PNG reader (8-bit RGB or RGBA, not interlaced): width, height, rows."""
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks, header = 8, b"", b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks += body
        pos += 12 + length
    width, height, depth, color = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and color in (2, 6), "an 8-bit RGB(A) PNG"
    step = 3 if color == 2 else 4
    raw, stride = zlib.decompress(chunks), width * step
    rows, previous, i = [], bytearray(stride), 0
    for _ in range(height):
        kind, line = raw[i], bytearray(raw[i + 1 : i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - step] if x >= step else 0
            b, c = previous[x], previous[x - step] if x >= step else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        previous = line
    return width, step, rows


def color_at(png: Path, x: float, y: float) -> tuple[int, int, int]:
    _, step, rows = pixels(png)
    row = rows[int(y)]
    return tuple(row[int(x) * step : int(x) * step + 3])  # type: ignore[return-value]


def near(a: tuple[int, int, int], b: tuple[int, int, int]) -> bool:
    return all(abs(p - q) <= 12 for p, q in zip(a, b, strict=True))


def white_share(png: Path, box: dict[str, float]) -> float:
    _, step, rows = pixels(png)
    seen = white = 0
    for y in range(int(box["y"]), int(box["y"] + box["h"]), 2):
        for x in range(int(box["x"]), int(box["x"] + box["w"]), 2):
            seen += 1
            white += all(v > 230 for v in rows[y][x * step : x * step + 3])
    return white / max(1, seen)


@pytest.fixture
def show(nlu) -> Coachee:
    return with_screen(Coachee(nlu))


def test_the_set_screen_shows_the_name_the_counter_and_the_bar_where_it_puts_them(show):
    reply = show.say("start leg workout")
    data = apl_directive(reply.response)["datasources"]["screen"]
    during_third = data["setStart"] + 2 * data["repMs"] + data["repMs"] // 2
    png, boxes = shoot(reply.response, "set_counting", during_third)
    name, counter, bar = boxes["moveName"], boxes["repCount"], boxes["repBar"]
    poses = boxes["poses"]
    assert name["text"] == data["name"] and name["y"] < HEIGHT * 0.15
    assert counter["shown"] and counter["text"] == "3" and not boxes["countdown"]["shown"]
    assert counter["x"] > poses["x"] + poses["w"] * 0.9, "the counter sits beside the drawing"
    assert white_share(png, counter) > 0.05, "the counter's digits are drawn"
    assert white_share(png, name) > 0.05, "the name is drawn"
    assert bar["y"] > counter["y"] and bar["w"] > WIDTH * 0.8
    segment = bar["w"] / data["total"]
    y = bar["y"] + bar["h"] / 2
    lit = [near(color_at(png, bar["x"] + (k + 0.5) * segment, y), LIT) for k in range(3)]
    unlit = [
        near(color_at(png, bar["x"] + (k + 0.5) * segment, y), UNLIT)
        for k in range(3, data["total"])
    ]
    assert all(lit) and all(unlit), (lit, unlit)


def test_the_rest_screen_counts_down_on_the_device_clock(show):
    show.say("start leg workout")
    reply = show.say("8")
    data = apl_directive(reply.response)["datasources"]["screen"]
    five_left = data["whistle"] - 4500
    _, boxes = shoot(reply.response, "set_rest", five_left)
    assert boxes["countdown"]["shown"] and not boxes["counter"]["shown"]
    assert boxes["countdownValue"]["text"] == "5"
    assert boxes["countdownLabel"]["text"] == "Rest"
    print(text_frame(reply.response))


def test_the_progress_and_message_screens_render(show):
    for _ in range(3):
        show.finish_workout()
        show.next_day(2)
    progress = show.say("how am i doing")
    png, boxes = shoot(progress.response, "progress")
    assert boxes["title"]["text"] == "Your progress" and boxes["chart"]["w"] > WIDTH * 0.5
    assert white_share(png, boxes["title"]) > 0.05
    answer = show.say("when should i train next")
    _, boxes = shoot(answer.response, "message")
    assert boxes["title"]["text"] == "Your next leg day"
