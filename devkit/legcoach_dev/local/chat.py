"""Talk to the skill by typing: `python -m legcoach_dev.local.chat` (or `python3 dev.py chat`).

Each typed line goes through the interaction model (legcoach_dev.local.nlu), becomes a real Alexa
request envelope (legcoach_dev.local.envelope) and is handed to the same Lambda entry point Alexa
calls (built by `legcoach.voice.skill.build_handler`, as `lambda/app.py` builds it). The answer is shown as a person would hear it, with pauses
and the spoken length (legcoach_dev.local.render).

    You: start leg workout
    Alexa (6.2 s): Welcome to Leg Workout. [0.5 s] Ready for your squats?
      reprompt: Ready?

With `--audio DIR` each answer is also written as a WAV (DIR/01.wav, DIR/02.wav, ...): the same
timeline rendered with the neural voice (Piper, en_US joe) for the words, stand-in tones for the
sound cues and exact silences (legcoach_dev.local.audio), so a set can be heard and measured.

Typed `quit` or `exit` leaves the chat (to say "stop" to Alexa, type `stop`). A line of `...` or
`(silence)` is the person saying nothing: Alexa says the reprompt, and a second silence ends the
session (SessionEndedRequest, EXCEEDED_MAX_REPROMPTS), which is how a tired user loses a session.
A line like `(2 days later)` or `(next day)` moves the clock on (ending any open session as if
the person walked away), so one script can replay several workouts on different days.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TextIO

from .envelope import (
    TIME_BUDGET_MS,
    USER_ID,
    Clock,
    Conversation,
    EndReason,
    Exchange,
    Handler,
    Identity,
    clock_on,
    utc_now,
)
from .nlu import Nlu
from .render import (
    format_response,
    render_speech,
    response_problems,
    terminal_width,
)
from .transcript import Tally

REPO_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_MODEL = REPO_ROOT / "interaction_models" / "en-US.json"
LEAVE_WORDS = frozenset({"quit", "exit"})
STORE_KINDS = ("memory", "moto", "endpoint")
SKILL_ERROR = "There was a problem with the requested skill's response"


class Printer:
    """Writes the chat's lines; `note` lines are dim on a terminal."""

    def __init__(self, out: TextIO, *, color: bool | None = None, width: int | None = None) -> None:
        self.out = out
        self.color = out.isatty() if color is None else color
        self.width = width or terminal_width()

    def line(self, text: str = "") -> None:
        print(text, file=self.out, flush=True)

    def note(self, text: str) -> None:
        self.line(f"\x1b[2m{text}\x1b[0m" if self.color else text)


def _valid_json(response: Any) -> str | None:
    """None if `response` is a JSON object Alexa could read, else what is wrong."""
    if not isinstance(response, dict):
        return f"the handler returned {type(response).__name__}, not a JSON object"
    try:
        json.loads(json.dumps(response))
    except (TypeError, ValueError) as exc:
        return f"the response is not valid JSON ({exc})"
    return None


def _show_exchange(printer: Printer, exchange: Exchange, *, verbose: bool) -> bool:
    """Print one answer; return False if Alexa could not use it."""
    kind = exchange.request["request"]["type"]
    if verbose:
        printer.note(f"  [{kind}: {exchange.milliseconds:.0f} ms]")
    if exchange.milliseconds > TIME_BUDGET_MS:
        printer.line(f"  ! the skill took {exchange.milliseconds / 1000:.1f} s: Alexa waits ~8 s")
    problem = _valid_json(exchange.response)
    if problem is not None:
        printer.line(f"  ! {problem}")
        printer.line(f"Alexa: {SKILL_ERROR}.")
        return False
    assert exchange.response is not None
    errors, warnings = response_problems(exchange.response)
    printer.line(format_response(exchange.response, width=printer.width))
    for warning in warnings:
        printer.line(f"  ! warning: {warning}")
    for error in errors:
        printer.line(f"  ! {error}")
    if errors:
        printer.line(f"  (a real Echo would say: {SKILL_ERROR}.)")
    return not errors


def _end_session(
    printer: Printer, conversation: Conversation, reason: EndReason, *, verbose: bool
) -> bool:
    """Send a SessionEndedRequest; return False if the skill raised on it."""
    try:
        exchange = conversation.end_session(reason)
    except Exception:
        printer.line(f"  ! the skill raised on SessionEndedRequest ({reason}):")
        printer.line(traceback.format_exc().rstrip())
        return False
    if exchange is None:
        return True
    printer.note(f"  [session ended: {reason}]")
    if verbose:
        printer.note(f"  [SessionEndedRequest: {exchange.milliseconds:.0f} ms]")
    body = (exchange.response or {}).get("response") or {}
    if body.get("outputSpeech"):
        printer.line("  ! warning: Alexa ignores speech in a response to SessionEndedRequest")
    problem = _valid_json(exchange.response) if exchange.response is not None else None
    if problem is not None:
        printer.line(f"  ! {problem}")
        return False
    return True


def run_chat(
    lines: Iterable[str],
    handler: Handler,
    nlu: Nlu,
    *,
    out: TextIO | None = None,
    echo: bool = False,
    verbose: bool = False,
    identity: Identity | None = None,
    clock: Clock = utc_now,
    conversation: Conversation | None = None,
    color: bool | None = False,
    width: int | None = None,
    audio: Path | None = None,
    transcript: bool = False,
    screens: Path | None = None,
) -> int:
    """The conversation loop. Returns 0, or 1 if the skill raised or gave Alexa a bad response.

    `lines` are what the person says, one per item (blank ones and `#` comments are skipped);
    `echo` prints each as `You: …` (for scripts and piped input, where nothing else shows it).
    `audio` is a folder to write each answer into as a WAV. `transcript` ends with a summary
    line: turns, fallbacks, and how many minutes Alexa spoke.
    """
    printer = Printer(out or sys.stdout, color=color, width=width)
    recorder = AudioRecorder(audio, printer) if audio is not None else None
    conv = conversation or Conversation(handler, identity or Identity(), clock)
    failures = 0
    silences = 0
    tally = Tally()
    last_reprompt: dict[str, Any] | None = None
    base_clock, offset = conv.clock, [timedelta(0)]
    conv.clock = lambda: base_clock() + offset[0]
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if echo:
            printer.line(f"You: {line}")
        if line.lower() in LEAVE_WORDS:
            break
        days = days_later(line)
        if days is not None:
            if conv.in_session:
                failures += not _end_session(
                    printer, conv, "EXCEEDED_MAX_REPROMPTS", verbose=verbose
                )
            offset[0] += timedelta(days=days)
            printer.note(f"  (it is now {conv.clock().date().isoformat()})")
            continue
        resolution = nlu.resolve(line)
        if verbose:
            printer.note(f"  [{resolution.describe()}]")

        if resolution.kind == "end":
            if not conv.in_session:
                printer.note("  (silence: no session is open, nothing happens)")
                continue
            silences += 1
            if silences == 1 and last_reprompt:
                speech = render_speech(last_reprompt)
                printer.note("  (no answer: Alexa says the reprompt)")
                printer.line(f"Alexa ({speech.seconds:.1f} s): {speech.text}")
                continue
            printer.note("  (no answer again: the microphone closes)")
            failures += not _end_session(printer, conv, "EXCEEDED_MAX_REPROMPTS", verbose=verbose)
            continue
        silences = 0

        if resolution.kind == "intent" and resolution.intent is None:
            printer.line("Alexa: (did not understand; the model has no AMAZON.FallbackIntent)")
            continue
        if resolution.kind == "intent" and not resolution.new_session and not conv.in_session:
            printer.note(f'  (no session open: as if you said "ask {nlu.invocation_name} …")')

        opened = None if conv.in_session else line
        try:
            exchange = conv.send(resolution)
        except Exception:
            failures += 1
            printer.line("  ! the skill raised:")
            printer.line(traceback.format_exc().rstrip())
            printer.line(f"Alexa: {SKILL_ERROR}.")
            printer.note("  [session ends]")
            last_reprompt = None
            continue
        tally.add(exchange.response, opened=opened)
        if not _show_exchange(printer, exchange, verbose=verbose):
            failures += 1
            conv.fail("the response was rejected")
        elif recorder is not None and exchange.response is not None:
            recorder.write(exchange.response)
        if exchange.response is not None:
            _show_screen(printer, exchange.response, screens)
        body = (exchange.response or {}).get("response") or {}
        last_reprompt = (body.get("reprompt") or {}).get("outputSpeech")

    if conv.in_session:
        failures += not _end_session(printer, conv, "USER_INITIATED", verbose=verbose)
    if transcript:
        printer.line(tally.summary())
    return 1 if failures else 0


def _show_screen(printer: Printer, response: dict[str, Any], folder: Path | None) -> None:
    """What an Echo Show would show: a text frame, and with `folder` an HTML preview."""
    from .screen_preview import text_frame, write_preview

    frame = text_frame(response)
    if not frame:
        return
    printer.note(f"  {frame}")
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        count = len(list(folder.glob("*.html"))) + 1
        written = write_preview(response, folder / f"{count:02d}.html")
        printer.note(f"  [screen preview: {written}]")


class AudioRecorder:
    """Writes each answer as DIR/NN.wav (see legcoach_dev.local.audio)."""

    def __init__(self, folder: Path, printer: Printer) -> None:
        from .audio import MissingTools, Preview

        self.folder, self.printer, self.count = folder, printer, 0
        try:
            self.preview: Any = Preview(folder / ".clips")
        except MissingTools as exc:
            raise SystemExit(f"--audio: {exc}") from exc

    def write(self, response: dict[str, Any]) -> None:
        from .audio import RATE, write_wav

        samples = self.preview.response(response)
        if not samples:
            return
        self.count += 1
        path = self.folder / f"{self.count:02d}.wav"
        write_wav(path, samples)
        self.printer.note(f"  [audio: {path} ({len(samples) / RATE:.1f} s)]")


_DAYS_LATER = re.compile(
    r"^\((?:(\d+|a|one|two|three|four|five|six|seven) )?days? later\)$|^\(next day\)$"
)
_DAY_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


def days_later(line: str) -> int | None:
    """`(2 days later)` -> 2, `(next day)` / `(a day later)` -> 1, anything else -> None."""
    match = _DAYS_LATER.match(line.strip().lower())
    if not match:
        return None
    word = match.group(1)
    if word is None:
        return 1
    return int(word) if word.isdigit() else _DAY_WORDS[word]


# --------------------------------------------------------------------------------- the CLI


def script_lines(path: Path) -> list[str]:
    """A script's lines (blank lines and `#` comments are skipped by run_chat)."""
    return path.read_text(encoding="utf-8").splitlines()


def prompt_lines(prompt: str = "You: ") -> Iterator[str]:
    """Lines typed at an interactive prompt, until EOF or Ctrl-C."""
    with contextlib.suppress(ImportError):
        import readline  # noqa: F401 (line editing and history for input())
    while True:
        try:
            yield input(prompt)
        except (EOFError, KeyboardInterrupt):
            print()
            return


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m legcoach_dev.local.chat",
        description="Talk to the Leg Workout skill by typing what you would say to Alexa.",
    )
    parser.add_argument("--script", type=Path, help="replay the lines of FILE, then exit")
    parser.add_argument(
        "--model", type=Path, default=DEFAULT_MODEL, help="interaction model JSON file"
    )
    parser.add_argument(
        "--date",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="pretend today is this day (the request timestamps carry it)",
    )
    parser.add_argument("--user", metavar="ID", help="the account's userId")
    parser.add_argument("--person", metavar="ID", help="a recognised voice's personId")
    parser.add_argument(
        "--store",
        nargs="+",
        metavar=("KIND", "URL"),
        help="where progress is kept: memory, moto, or endpoint URL",
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="show resolved intents and timings"
    )
    parser.add_argument(
        "--transcript",
        action="store_true",
        help="end with a summary: turns, fallbacks, spoken minutes",
    )
    parser.add_argument(
        "--ssml",
        action="store_true",
        help="answer with SSML only (the fallback) instead of APL for Audio documents",
    )
    parser.add_argument(
        "--audio",
        type=Path,
        metavar="DIR",
        help="also write each answer as a WAV into DIR (the neural voice; pip pins)",
    )
    parser.add_argument(
        "--screen",
        action="store_true",
        help="talk to an Echo Show: show what its screen would show as a text frame",
    )
    parser.add_argument(
        "--screen-html",
        type=Path,
        metavar="DIR",
        help="also write each screen as an HTML preview into DIR (implies --screen)",
    )
    args = parser.parse_args(argv)
    if args.store:
        kind, *rest = args.store
        if kind not in STORE_KINDS:
            parser.error(f"--store: unknown kind {kind!r} (use memory, moto or endpoint URL)")
        if kind == "endpoint" and len(rest) != 1:
            parser.error("--store endpoint needs the endpoint URL, e.g. http://localhost:8000")
        if kind != "endpoint" and rest:
            parser.error(f"--store {kind} takes no URL")
        args.store_kind, args.store_url = kind, (rest[0] if rest else None)
    else:
        args.store_kind, args.store_url = None, None
    return args


def open_store(
    stack: contextlib.ExitStack, kind: str | None, url: str | None, say: Callable[[str], None]
) -> Any:
    """Open the local store (moto by default) for the length of the chat; returns its adapter."""
    from .store import open_store as open_local

    opened = open_local(kind or "moto", endpoint_url=url) if url else open_local(kind or "moto")
    store = stack.enter_context(opened)
    say(store.describe())
    return store.adapter


def build_local_handler(adapter: Any, *, audio: str = "apla") -> Handler:
    """The skill as Lambda builds it, over the local store: no environment variables needed."""
    from legcoach.settings import Settings
    from legcoach.voice.skill import build_handler

    return build_handler(adapter, settings=Settings(audio=audio))


def _resolve_model(path: Path) -> Path:
    if path.exists() or path.is_absolute():
        return path
    return REPO_ROOT / path


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    model = _resolve_model(args.model)
    if not model.exists():
        print(f"No interaction model at {model}", file=sys.stderr)
        return 2
    nlu = Nlu.from_file(model)
    identity = Identity(
        user_id=args.user or USER_ID,
        person_id=args.person,
        screen=args.screen or args.screen_html is not None,
    )
    clock = clock_on(args.date) if args.date else utc_now
    interactive = args.script is None and sys.stdin.isatty()

    def say(text: str) -> None:
        if interactive or args.verbose:
            print(text)

    with contextlib.ExitStack() as stack:
        adapter = open_store(stack, args.store_kind, args.store_url, say)
        handler = build_local_handler(adapter, audio="ssml" if args.ssml else "apla")
        if args.script is not None:
            lines: Iterable[str] = script_lines(args.script)
        elif interactive:
            print(
                f'Leg Workout, local chat. Say "start {nlu.invocation_name}" to begin; '
                '"..." is silence; "quit" leaves.'
            )
            if args.date:
                print(f"Pretending today is {args.date.isoformat()}.")
            lines = prompt_lines()
        else:
            lines = sys.stdin  # piped: read to EOF
        return run_chat(
            lines,
            handler,
            nlu,
            echo=not interactive,
            verbose=args.verbose,
            identity=identity,
            clock=clock,
            color=None,
            audio=args.audio,
            transcript=args.transcript,
            screens=args.screen_html,
        )


if __name__ == "__main__":
    sys.exit(main())
