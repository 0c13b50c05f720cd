"""The conversation's state in session attributes: small, typed, and validated on the way in.

Two things are kept apart: where the user is in the workout (`Position`, with the set and the
rep a split set resumes from), and a stack of pending questions, each knowing its kind and what
it carries. Asking pushes; answering resolves the top; the position underneath is where a "no"
or an unrelated request returns to.

The position changes only through the named transitions below (`to_count`, `to_ready`,
`to_menu`, `begin`, `offer`, `end_workout`), called only by `voice.moves`; each settles the
questions left open, since the conversation moved on.

Session attributes come back from the client, so they can be stale, from an older version of the
skill, or forged: anything that does not validate is dropped rather than trusted.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from enum import StrEnum

from ..coach.exercises import CATALOGUE
from ..coach.today import Shape
from ..coach.workout import Workout

log = logging.getLogger(__name__)

MAX_PENDING = 4  # deeper than this is a loop, not a conversation


class Position(StrEnum):
    MENU = "menu"  # no set in progress: launch menu, or between workouts
    COUNT = "count"  # the set was counted: "how many did you do?" is the open question
    READY = "ready"  # the set is queued and not counted yet: waiting for "ready"


class Ask(StrEnum):
    START = "start"  # start a workout?
    RESUME = "resume"  # continue an unfinished workout?
    RESTART = "restart"  # start the workout over?
    LIGHT_OR_FULL = "light_or_full"  # trained recently: light or full session?
    DELETE = "delete"  # erase my data?
    RETRY_SAVE = "retry_save"  # saving failed as the session was ending: try again?
    CONFIRM_COUNT = "confirm_count"  # a count far over target: log it?
    PAIN = "pain"  # something hurts: easier version, skip the move, or end?
    UNWELL = "unwell"  # dizzy or sick: stop for today?
    EASIER = "easier"  # the move is not working: an easier version?
    CHECK_IN = "check_in"  # this move hurt last time: how does it feel?
    COOL_DOWN = "cool_down"  # every set done: a minute of stretching?
    REMINDER = "reminder"  # after the first workout: a reminder on the next leg day?
    HURT = "hurt"  # "I've got a knee thing": are you hurt, or shall we carry on?


@dataclass
class Pending:
    ask: Ask
    value: int | str | None = None  # what the question is about (a count, a joint)
    # A safety stop after a set was counted: the cursor of that set, which the one number said
    # next is logged for. None once it is logged (or when no set was waiting for its count).
    held: int | None = None

    def to_list(self) -> list[object]:
        if self.held is not None:
            return [self.ask.value, self.value, self.held]
        return [self.ask.value, self.value] if self.value is not None else [self.ask.value]

    @classmethod
    def from_raw(cls, raw: object) -> Pending:
        if isinstance(raw, str):
            return cls(Ask(raw))
        if not isinstance(raw, list) or not raw:
            raise ValueError(f"not a pending question: {raw!r}")
        value = raw[1] if len(raw) > 1 else None
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | str)):
            raise ValueError(f"bad question value {value!r}")
        if isinstance(value, str):
            value = value[:40]
        held = raw[2] if len(raw) > 2 else None
        if held is not None and (isinstance(held, bool) or not isinstance(held, int) or held < 0):
            raise ValueError(f"bad held set {held!r}")
        return cls(Ask(raw[0]), value, held)


@dataclass
class SessionState:
    position: Position = Position.MENU
    workout: Workout | None = None
    rep_from: int = 1  # where a set split across turns resumes counting
    pending: list[Pending] = field(default_factory=list)
    misses: int = 0  # fallbacks in a row, so help escalates and never repeats itself
    replay: str = ""  # the last meaningful speech (Speech.dumps), for "repeat"
    told_unsaved: bool = False  # the user has heard that progress could not be saved
    # The coach's verdict on the finished workout (exercise keys that step up), kept until the
    # goodbye says it: after the cool-down that is a later turn.
    stepped_up: tuple[str, ...] = ()
    introduced: tuple[str, ...] = ()  # moves introduced this session (exercise keys)
    shape: Shape = field(default_factory=Shape)  # what the user asked of today's session
    card: tuple[str, str] = ("", "")  # the workout's home card, until the session ends
    aside: int = 0  # which place-keeping line was said last (1-based), so it is not said twice

    # -- the question stack -------------------------------------------------------------------
    @property
    def question(self) -> Pending | None:
        return self.pending[-1] if self.pending else None

    def ask(self, ask: Ask, value: int | str | None = None, held: int | None = None) -> Pending:
        pending = Pending(ask, value, held)
        self.pending = [p for p in self.pending if p.ask is not ask][-(MAX_PENDING - 1) :]
        self.pending.append(pending)
        return pending

    def resolve(self) -> Pending | None:
        return self.pending.pop() if self.pending else None

    def drop_questions(self) -> None:
        self.pending.clear()

    @property
    def in_workout(self) -> bool:
        return self.position is not Position.MENU and self.workout is not None

    # -- the named transitions ------------------------------------------------------------------
    def to_count(self) -> None:
        """The set was counted to its end: "how many did you do?" is the question."""
        self.position, self.rep_from = Position.COUNT, 1
        self.pending.clear()

    def to_ready(self, rep_from: int = 1) -> None:
        """The set is queued (or stopped half-way at `rep_from`): waiting for "ready"."""
        self.position, self.rep_from = Position.READY, max(1, rep_from)
        self.pending.clear()

    def to_menu(self) -> None:
        """No set in progress; the workout (if any) stays, so "resume" finds its place."""
        self.position, self.rep_from = Position.MENU, 1
        self.pending.clear()

    def begin(self, workout: Workout) -> None:
        """Take up `workout` at its current set, from the first rep."""
        self.workout, self.stepped_up = workout, ()
        self.to_ready()

    def offer(self, workout: Workout) -> None:
        """Hold `workout` at the menu while the user is asked about it (resume it?)."""
        self.workout = workout
        self.to_menu()

    def leave_workout(self) -> None:
        """Out of the workout; a save to retry or the offered stretch stays asked."""
        self.position, self.workout, self.rep_from = Position.MENU, None, 1
        self.stepped_up = ()
        self.pending = [p for p in self.pending if p.ask in (Ask.RETRY_SAVE, Ask.COOL_DOWN)]

    def end_workout(self) -> None:
        """Out of the workout, nothing left open."""
        self.leave_workout()
        self.pending.clear()

    # -- session attributes -------------------------------------------------------------------
    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"phase": self.position.value}
        if self.workout:
            data["workout"] = self.workout.to_dict()
        if self.rep_from > 1:
            data["rep_from"] = self.rep_from
        if self.pending:
            data["asks"] = [p.to_list() for p in self.pending]
        if self.misses:
            data["misses"] = self.misses
        if self.replay:
            data["replay"] = self.replay
        if self.told_unsaved:
            data["told_unsaved"] = True
        if self.stepped_up:
            data["stepped_up"] = list(self.stepped_up)
        if self.introduced:
            data["intro"] = list(self.introduced)
        shape = self.shape.to_dict()
        if shape:
            data["shape"] = shape
        if any(self.card):
            data["card"] = list(self.card)
        if self.aside:
            data["aside"] = self.aside
        return data

    @classmethod
    def from_dict(cls, data: object) -> SessionState:
        state = cls()
        if not isinstance(data, dict):
            return state
        try:
            phase = data.get("phase", "menu")
            # "ask" was a phase in earlier versions; its question now lives on the stack.
            state.position = Position(phase) if phase != "ask" else Position.MENU
            raw_workout = data.get("workout")
            state.workout = Workout.from_dict(raw_workout) if raw_workout else None
            state.rep_from = max(1, min(99, int(data.get("rep_from", 1))))
            asks = data.get("asks") or ([data["ask"]] if data.get("ask") else [])
            state.pending = [Pending.from_raw(a) for a in asks][-MAX_PENDING:]
            state.misses = max(0, min(99, int(data.get("misses", 0) or 0)))
            replay = data.get("replay") or ""
            # Earlier versions kept [speech, reprompt]; the reprompt is now the current question's.
            state.replay = str(replay[0] if isinstance(replay, list) and replay else replay)
            state.told_unsaved = bool(data.get("told_unsaved", False))
            stepped = data.get("stepped_up") or []
            state.stepped_up = tuple(str(k) for k in stepped if str(k) in CATALOGUE)[:4]
            intro = data.get("intro") or []
            state.introduced = tuple(str(k) for k in intro if str(k) in CATALOGUE)[:16]
            state.shape = Shape.from_dict(data.get("shape"))
            card = data.get("card") or ["", ""]
            state.card = (str(card[0])[:100], str(card[1])[:2000])
            state.aside = max(0, min(9, int(data.get("aside", 0) or 0)))
        except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
            log.warning("dropping unreadable session state: %s", exc)
            return cls()
        if state.position is not Position.MENU and (not state.workout or state.workout.finished):
            state.position = Position.MENU
        if state.workout is not None and state.workout.current is not None:
            state.rep_from = min(state.rep_from, state.workout.current.target)
        return state
