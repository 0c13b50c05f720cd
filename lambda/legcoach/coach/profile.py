"""What the coach remembers about one person, and how that record is versioned and bounded.

The stored record is one item per person. It must never grow without bound (DynamoDB caps an item
at 400 KB, and the whole record rides in session attributes as a cache), so the most recent
sessions are kept in full and older ones are folded into running totals. A `schema` number lets
an item written by an older version of the skill still load: see `migrate`.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import date

from .adjust import TEMPO_SHIFT_LIMIT
from .changes import Change, ChangeCode, change_or_none
from .exercises import CATALOGUE, JOINTS
from .ladder import SLOT_BY_KEY, clamp_rung, ladder, prescription, start_rung
from .workout import SIDES, Workout

log = logging.getLogger(__name__)

SCHEMA = 3
# Enough full sessions for "last time", the weekly count and two-session trends; older ones
# only feed the totals. At ~400 bytes a session this keeps the item around 6 KB for life.
RECENT_SESSIONS = 12
MAX_TIPS = 20  # tips given: more than there are tips, so the list stays tiny


@dataclass
class SetLog:
    slot: str
    exercise: str
    side: str  # "left", "right" or "" for both legs
    target: int
    count: int | None  # None: skipped
    tension: int = 0  # seconds under tension: reps times the rep's tempo

    def to_list(self) -> list[object]:
        return [self.slot, self.exercise, self.side, self.target, self.count, self.tension]

    @classmethod
    def from_list(cls, row: list) -> SetLog:
        slot, exercise, side, target, count, tension = (list(row) + [0] * 6)[:6]
        return cls(
            str(slot),
            str(exercise),
            str(side or ""),
            int(target),
            None if count is None else int(count),
            int(tension),
        )


@dataclass
class SessionRecord:
    id: str
    day: str  # ISO date the workout started
    sets: list[SetLog] = field(default_factory=list)
    light: bool = False
    completed: bool = True  # False: left unfinished and closed the next day as what was done
    judged: bool = False  # progression already decided from it (never judge one workout twice)

    @property
    def reps(self) -> int:
        return sum(s.count or 0 for s in self.sets)

    @property
    def tension(self) -> int:
        return sum(s.tension for s in self.sets)

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "day": self.day,
            "sets": [s.to_list() for s in self.sets],
            "light": self.light,
            "completed": self.completed,
            "judged": self.judged,
        }

    @classmethod
    def from_dict(cls, data: dict) -> SessionRecord:
        return cls(
            id=str(data["id"]),
            day=str(data["day"]),
            sets=[SetLog.from_list(r) for r in data.get("sets", [])],
            light=bool(data.get("light", False)),
            completed=bool(data.get("completed", True)),
            judged=bool(data.get("judged", True)),  # records before this flag were all judged
        )


@dataclass
class Totals:
    """Everything folded out of `recent`: counts only, so the record stays small for life."""

    sessions: int = 0
    sets: int = 0
    reps: int = 0
    tension: int = 0
    last_day: str = ""  # day of the newest folded session: nothing on or before it is re-added
    best_reps: int = 0  # the most reps in one folded session, and its day ("my best")
    best_day: str = ""

    def add(self, record: SessionRecord) -> None:
        if record.reps > self.best_reps:
            self.best_reps, self.best_day = record.reps, record.day
        self.sessions += 1
        self.sets += sum(1 for s in record.sets if s.count is not None)
        self.reps += record.reps
        self.tension += record.tension
        self.last_day = max(self.last_day, record.day)


@dataclass
class Profile:
    safety_noted: bool = False
    first_day: str = ""
    rungs: dict[str, int] = field(default_factory=dict)
    weak_streak: dict[str, int] = field(default_factory=dict)
    weaker_side: dict[str, str] = field(default_factory=dict)
    # Why each slot changed, said at its next introduction: codes and numbers, never sentences.
    reasons: dict[str, Change] = field(default_factory=dict)
    # A slot whose move hurt, and where: no step up, and a check-in before it, until it's fine.
    pain: dict[str, str] = field(default_factory=dict)
    tempo_shift: int = 0  # seconds more (or fewer) lowering the user prefers on every rep
    active: Workout | None = None
    recent: list[SessionRecord] = field(default_factory=list)
    folded: Totals = field(default_factory=Totals)
    version: int = 0  # the store's optimistic-concurrency counter, carried through untouched
    beeps: bool = False  # a soft tick on every beat
    reminder_offered: bool = False  # leg-day reminders were offered once, after a workout
    # What the coach learned (see coach.cautions): a slot's move kept after a swap, and joints
    # a health question named (joint -> ISO day noted): a check-in before moves that load them.
    swaps: dict[str, str] = field(default_factory=dict)
    cautions: dict[str, str] = field(default_factory=dict)
    # Tips already given (codes, see coach.opening): each is said once, then never again.
    tips_used: list[str] = field(default_factory=list)
    # The device's time zone (an IANA name) and the day it was looked up: kept, so a session's
    # first request never waits on the lookup; looked up again only now and then.
    time_zone: str = ""
    time_zone_day: str = ""

    # -- pain and preferences ----------------------------------------------------------------
    def note_pain(self, slot: str, joint: str) -> None:
        """The move in `slot` hurt `joint`. Between workouts, a step up decided from the session
        that hurt is taken back, so the next plan is never past what was planned then."""
        if slot not in SLOT_BY_KEY or joint not in JOINTS:
            raise ValueError(f"unknown slot or joint: {slot!r}, {joint!r}")
        self.pain[slot] = joint
        reason = self.reasons.get(slot)
        if self.active is None and reason is not None and reason.code is ChangeCode.STEP_UP:
            rung = clamp_rung(slot, self.rungs.get(slot, start_rung(slot)))
            self.rungs[slot] = clamp_rung(slot, rung - 1)
            self.reasons[slot] = Change(ChangeCode.HOLD_PAIN, reason.exercise, joint=joint)

    def clear_pain(self, slot: str) -> None:
        """It feels fine now: the slot progresses again."""
        self.pain.pop(slot, None)
        reason = self.reasons.get(slot)
        if reason is not None and reason.code is ChangeCode.HOLD_PAIN:
            del self.reasons[slot]

    # -- history -----------------------------------------------------------------------------
    def add_session(self, record: SessionRecord) -> None:
        self.recent = [r for r in self.recent if r.id != record.id]
        self.recent.append(record)
        self.recent.sort(key=lambda r: (r.day, r.id))
        if not self.first_day or record.day < self.first_day:
            self.first_day = record.day
        while len(self.recent) > RECENT_SESSIONS:
            self.folded.add(self.recent.pop(0))

    @property
    def sessions_completed(self) -> int:
        return self.folded.sessions + len(self.recent)

    @property
    def total_reps(self) -> int:
        return self.folded.reps + sum(r.reps for r in self.recent)

    @property
    def last_session(self) -> SessionRecord | None:
        return self.recent[-1] if self.recent else None

    def last_day(self) -> date | None:
        return date.fromisoformat(self.recent[-1].day) if self.recent else None

    def sessions_between(self, start: date, end: date) -> int:
        return sum(1 for r in self.recent if start <= date.fromisoformat(r.day) <= end)

    def sessions_this_week(self, today: date) -> int:
        """Sessions from this week's Monday to `today`."""
        return self.sessions_between(date.fromordinal(today.toordinal() - today.weekday()), today)

    # -- storage -----------------------------------------------------------------------------
    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {
            "schema": SCHEMA,
            "safety": self.safety_noted,
            "first": self.first_day,
            "rungs": dict(self.rungs),
            "weak": dict(self.weak_streak),
            "weaker": dict(self.weaker_side),
            "why": {k: v.to_dict() for k, v in self.reasons.items() if v},
            "pain": dict(self.pain),
            "tempo": self.tempo_shift,
            "beeps": self.beeps,
            "reminder_offered": self.reminder_offered,
            "swaps": dict(self.swaps),
            "cautions": dict(self.cautions),
            "tips": list(self.tips_used),
            **({"tz": [self.time_zone, self.time_zone_day]} if self.time_zone else {}),
            "active": self.active.to_dict() if self.active else None,
            "recent": [r.to_dict() for r in self.recent],
            "folded": {
                "sessions": self.folded.sessions,
                "sets": self.folded.sets,
                "reps": self.folded.reps,
                "tension": self.folded.tension,
                "last_day": self.folded.last_day,
            },
            # Beside the totals, not in them: the store checks the totals are all numbers.
            "best": {"reps": self.folded.best_reps, "day": self.folded.best_day},
        }
        if self.version:
            data["_version"] = self.version
        return data

    @classmethod
    def from_dict(cls, raw: dict | None) -> Profile:
        """Load a stored record of any schema; unreadable parts are dropped, never fatal."""
        if not raw:
            return cls()
        data = migrate(dict(raw))
        profile = cls(
            safety_noted=bool(data.get("safety", False)),
            first_day=str(data.get("first", "")),
            version=int(data.get("_version", 0) or 0),
            beeps=bool(data.get("beeps", False)),
            reminder_offered=bool(data.get("reminder_offered", False)),
        )
        profile.rungs = {
            k: clamp_rung(k, int(v))
            for k, v in _dict(data.get("rungs")).items()
            if k in SLOT_BY_KEY
        }
        profile.weak_streak = {
            k: max(0, min(2, int(v)))
            for k, v in _dict(data.get("weak")).items()
            if k in SLOT_BY_KEY
        }
        profile.weaker_side = {
            k: str(v)
            for k, v in _dict(data.get("weaker")).items()
            if k in SLOT_BY_KEY and v in SIDES
        }
        reasons = {k: change_or_none(v) for k, v in _dict(data.get("why")).items()}
        profile.reasons = {k: v for k, v in reasons.items() if k in SLOT_BY_KEY and v}
        profile.pain = {
            k: str(v)
            for k, v in _dict(data.get("pain")).items()
            if k in SLOT_BY_KEY and v in JOINTS
        }
        profile.swaps = {
            k: str(v)
            for k, v in _dict(data.get("swaps")).items()
            if k in SLOT_BY_KEY and v in CATALOGUE
        }
        profile.cautions = {
            k: str(v)[:10] for k, v in _dict(data.get("cautions")).items() if k in JOINTS
        }
        tz = data.get("tz")
        if isinstance(tz, list) and len(tz) == 2 and all(isinstance(v, str) for v in tz):
            profile.time_zone, profile.time_zone_day = tz[0][:64], tz[1][:10]
        tips = data.get("tips")
        profile.tips_used = list(
            dict.fromkeys(str(t)[:40] for t in (tips if isinstance(tips, list) else []))
        )[:MAX_TIPS]
        try:
            profile.tempo_shift = max(
                -TEMPO_SHIFT_LIMIT, min(TEMPO_SHIFT_LIMIT, int(data["tempo"]))
            )
        except (KeyError, TypeError, ValueError):
            profile.tempo_shift = 0
        try:
            profile.active = Workout.from_dict(data["active"]) if data.get("active") else None
        except (KeyError, TypeError, ValueError) as exc:
            log.warning("dropping unreadable active workout: %s", exc)
        for item in data.get("recent") or []:
            try:
                profile.recent.append(SessionRecord.from_dict(item))
            except (KeyError, TypeError, ValueError) as exc:
                log.warning("dropping unreadable session record: %s", exc)
        folded = _dict(data.get("folded"))
        profile.folded = Totals(
            sessions=int(folded.get("sessions", 0)),
            sets=int(folded.get("sets", 0)),
            reps=int(folded.get("reps", 0)),
            tension=int(folded.get("tension", 0)),
            last_day=str(folded.get("last_day", "")),
        )
        best = _dict(data.get("best"))
        try:
            profile.folded.best_reps = max(0, int(best.get("reps", 0) or 0))
            profile.folded.best_day = str(best.get("day", "") or "")[:10]
        except (TypeError, ValueError):
            profile.folded.best_reps, profile.folded.best_day = 0, ""
        # A record from elsewhere may hold more than the recent window (a huge history): the
        # oldest fold into the totals, so the session's cache of it stays small.
        profile.recent.sort(key=lambda r: (r.day, r.id))
        while len(profile.recent) > RECENT_SESSIONS:
            profile.folded.add(profile.recent.pop(0))
        return profile


def _dict(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def migrate(data: dict) -> dict:
    """Bring a stored record of any older schema up to SCHEMA, one step at a time."""
    schema = int(data.get("schema", 1) or 1)
    if schema < 2:
        # Schema 1 kept only the safety flag and a flat list of completed workouts under
        # "history" ([{"day", "reps"}]); their detail is gone, so they fold into the totals.
        history = data.pop("history", None) or []
        folded = _dict(data.get("folded"))
        folded["sessions"] = int(folded.get("sessions", 0)) + len(history)
        folded["reps"] = int(folded.get("reps", 0)) + sum(int(h.get("reps", 0)) for h in history)
        days = [str(h.get("day", "")) for h in history if h.get("day")]
        if days:
            folded["last_day"] = max(days)
            data.setdefault("first", min(days))
        data["folded"] = folded
        data["safety"] = bool(data.pop("safety_noted", data.get("safety", False)))
        data["schema"] = 2
    if schema < 3:
        # Schema 2 stored each slot's reason as the English sentence to say; it is now a code
        # with its numbers. The three sentences progression wrote are recognised, and the moves
        # they name recovered from the stored rung; anything else is dropped.
        rungs = _dict(data.get("rungs"))
        reasons = {}
        for slot, sentence in _dict(data.get("why")).items():
            change = _legacy_reason(slot, sentence, rungs.get(slot))
            if change is not None:
                reasons[slot] = change.to_dict()
        data["why"] = reasons
        active = data.get("active")
        blocks = active.get("blocks") if isinstance(active, dict) else None
        for block in blocks if isinstance(blocks, list) else []:
            if isinstance(block, dict) and not isinstance(block.get("why"), dict):
                block.pop("why", None)  # a sentence said once already at that block's intro
        data["schema"] = 3
    return data


_LEGACY_STEP_UP = re.compile(r"You hit [a-z -]+ on every set of .+ last time, so today .+\.")
_LEGACY_STEP_BACK = re.compile(r"The .+ were tough two sessions running, so we've eased them")
_LEGACY_HOLD = re.compile(r"We're keeping the .+ where they were until they feel solid\.")


def _legacy_reason(slot: str, sentence: object, rung: object) -> Change | None:
    """A schema-2 reason sentence as a Change, or None when it is not one progression wrote."""
    if slot not in SLOT_BY_KEY or not isinstance(sentence, str):
        return None
    try:
        now = clamp_rung(slot, int(rung)) if rung is not None else start_rung(slot)
    except (TypeError, ValueError):
        return None
    top = len(ladder(slot)) - 1
    if _LEGACY_STEP_UP.fullmatch(sentence) and now > 0:
        return Change.step_up(prescription(slot, now - 1), prescription(slot, now))
    if _LEGACY_STEP_BACK.match(sentence) and now < top:
        return Change(ChangeCode.STEP_BACK, prescription(slot, now + 1).exercise)
    if _LEGACY_HOLD.fullmatch(sentence):
        return Change(ChangeCode.HOLD_WEAK, prescription(slot, now).exercise)
    return None
