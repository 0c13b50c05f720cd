"""The conversation's state in session attributes: small, typed, and validated on the way in.

Session attributes come back from the client, so they can be stale, from an older version of the
skill, or forged: anything that does not validate is dropped rather than trusted.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum

from ..coach.workout import Workout

log = logging.getLogger(__name__)


class Phase(StrEnum):
    MENU = "menu"  # no set in progress: launch menu, or between workouts
    COUNT = "count"  # a set was just counted: waiting for "how many did you do?"
    READY = "ready"  # the next set is queued: waiting for "ready" (after a split or a resume)
    ASK = "ask"  # a yes/no (or light/full) question is pending: see `ask`


class Ask(StrEnum):
    RESUME = "resume"  # continue an unfinished workout?
    RESTART = "restart"  # start the workout over?
    START = "start"  # start a workout?
    LIGHT_OR_FULL = "light_or_full"  # trained recently: light or full session?
    DELETE = "delete"  # erase my data?
    RETRY_SAVE = "retry_save"  # saving failed as the session was ending: try again?


@dataclass
class SessionState:
    phase: Phase = Phase.MENU
    ask: Ask | None = None
    workout: Workout | None = None
    rep_from: int = 1  # where a set split across turns resumes counting
    last_speech: str = ""  # SSML of the last response, for Repeat
    last_reprompt: str = ""

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"phase": self.phase.value}
        if self.ask:
            data["ask"] = self.ask.value
        if self.workout:
            data["workout"] = self.workout.to_dict()
        if self.rep_from > 1:
            data["rep_from"] = self.rep_from
        if self.last_speech:
            data["last"] = [self.last_speech, self.last_reprompt]
        return data

    @classmethod
    def from_dict(cls, data: dict | None) -> SessionState:
        state = cls()
        if not isinstance(data, dict):
            return state
        try:
            state.phase = Phase(data.get("phase", "menu"))
            state.ask = Ask(data["ask"]) if data.get("ask") else None
            state.workout = Workout.from_dict(data["workout"]) if data.get("workout") else None
            state.rep_from = max(1, int(data.get("rep_from", 1)))
            last = data.get("last") or ["", ""]
            state.last_speech, state.last_reprompt = str(last[0]), str(last[1])
        except (KeyError, TypeError, ValueError) as exc:
            log.warning("dropping unreadable session state: %s", exc)
            return cls()
        if state.phase in (Phase.COUNT, Phase.READY) and (
            not state.workout or state.workout.finished
        ):
            state.phase = Phase.MENU
        if state.phase is Phase.ASK and state.ask is None:
            state.phase = Phase.MENU
        return state
