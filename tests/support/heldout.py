"""Held-out lines (people the model was never built from) sent through the real handler.

A held-out TSV has one line per turn: `persona<TAB>context<TAB>utterance<TAB>behaviour<TAB>detail`.
Each line is typed into the local NLU for its locale and sent, at the moment its context names,
through `Coachee` (so every response is checked against Alexa's rules). The line is then judged
as a user would notice it: what Alexa says, whether the session stays open, what is stored.

Verdicts: "right" (the behaviour the line asks for), "fallback" (the skill's didn't-understand
path) or "wrong" (anything else: the wrong action, a safety script for someone who is fine,
a set lost).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from legcoach.coach.profile import Profile
from legcoach.coach.workout import Workout
from legcoach_dev.local.nlu import Resolution

from support.coachee import Coachee, Reply
from support.corpus import TAGS, Line, load_model
from support.remembered import RememberingNlu

CONTEXTS = ("midset", "pain_offer", "resume_offer", "launch")
RED_FLAGS = "emergency services"
# Who a careful health answer points to ("medical help" is the red-flag line, not an answer).
CARE = ("doctor", "midwife", "physio", "gp", "health visitor", "obstetrician", "specialist")
EXERCISES = frozenset(
    {"bulgarian_split_squat", "single_leg_glute_bridge", "lateral_lunge", "air_squat"}
)
# Behaviours the corpus harness already knows: their checks are reused as they are (its
# "cant_do" is "easier" here; beeps are not a held-out behaviour).
KNOWN = TAGS - {"cant_do", "beeps_on", "beeps_off"}
BEHAVIOURS = KNOWN | {
    "safety_unclear",
    "not_hurt",
    "health_question",
    "count_two_sides",
    "question",
    "off_topic",
    "yes",
    "no",
    "resume",
    "fresh_start",
    "time_box",
    "drop_move",
    "only_move",
    "skip_warmup",
    "easy_day",
    "hard_day",
    "other_body",
}
# Lines that must be answered safety first (an unclear hurt may get a short question instead).
SAFETY_LINES = frozenset({"safety_pain", "safety_severe", "safety_unwell"})
# What a status answer at the resume offer says (the rest of it is the offer again).
_STATUS_AT_OFFER = {
    "status_where": "stopped before",
    "status_sets_left": "sets left",
    "status_time_left": "to go",
    "status_next": "next",
    "status_target": "target",
    "status_muscles": "works your",
}
WAKE = re.compile(r"^\s*alexa[\s,.!?]*", re.IGNORECASE)


@dataclass(frozen=True)
class Heldout:
    number: int
    persona: str
    context: str
    utterance: str
    behaviour: str
    detail: str


# Training tags the held-out runner names differently.
TRAINING_TAGS = {"cant_do": "easier", "count_phrase": "count_number"}


def _from_training(fields: list[str]) -> list[str]:
    """A training line (its slots as `name=value,...`) as a held-out one: the tag is the
    behaviour, the slot values (both sides as "left,right") the detail."""
    persona, context, utterance, _, slots, tag = fields
    values = dict(pair.split("=", 1) for pair in slots.split(",") if "=" in pair and slots != "-")
    if "left" in values and "right" in values:
        detail = f"{values['left']},{values['right']}"
    else:
        detail = next(iter(values.values()), "-")
    if tag == "count_phrase":
        detail = values.get("amount", detail)
    return [persona, context, utterance, TRAINING_TAGS.get(tag, tag), detail]


def read_heldout(path: Path) -> list[Heldout]:
    lines = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.startswith("#") or raw.startswith("persona\t"):
            continue
        fields = [f.strip() for f in raw.split("\t")]
        if len(fields) == 6:  # a training file: persona, context, utterance, intent, slots, tag
            fields = _from_training(fields)
        if len(fields) != 5:
            raise ValueError(f"{path}:{number}: want 5 tab-separated fields, got {len(fields)}")
        persona, context, utterance, behaviour, detail = fields
        if context not in CONTEXTS:
            raise ValueError(f"{path}:{number}: unknown context {context!r}")
        if behaviour not in BEHAVIOURS:
            raise ValueError(f"{path}:{number}: unknown behaviour {behaviour!r}")
        lines.append(Heldout(number, persona, context, utterance, behaviour, detail))
    return lines


@dataclass
class Outcome:
    line: Heldout
    verdict: str  # right | fallback | wrong
    why: str
    reply: str
    intent: str
    safety_first: bool  # the red-flag advice, and no request for reps
    safety_script: bool  # any safety advice was spoken
    sets_lost: int
    missed: bool = False  # the skill itself counted a miss ("misses" in the session state)


@dataclass
class Moment:
    """A context frozen: what is stored, the live session, and the figures checks compare to."""

    items: dict
    session: tuple[str | None, dict]
    minutes: int
    before: dict
    reply: Reply | None = None


def _active(stored: dict) -> dict:
    return stored.get("active") or {}


def _logged(stored: dict) -> list[tuple[str, str, int]]:
    """Every set the user logged (workout id, position, reps): in the active workout and in
    the recent history. Folded history is counted by its totals."""
    out = []
    active = _active(stored)
    for i, count in enumerate(active.get("counts") or []):
        if count is not None:
            out.append((str(active.get("id")), str(i), int(count)))
    for workout in stored.get("recent") or []:
        for i, row in enumerate(workout.get("sets") or []):
            out.append((str(workout.get("id")), str(i), int(row[3])))
    folded = stored.get("folded") or {}
    out.append(("folded", "sets", int(folded.get("sets") or 0)))
    return out


def _lost(before: dict, after: dict) -> int:
    """How many logged sets are gone (a set moved from the active workout into history is
    not lost; a count changed is)."""
    then, now = _logged(before), _logged(after)
    by_id_then = {}
    for wid, _, reps in then:
        by_id_then.setdefault(wid, []).append(reps)
    by_id_now = {}
    for wid, _, reps in now:
        by_id_now.setdefault(wid, []).append(reps)
    lost = 0
    for wid, reps in by_id_then.items():
        if wid == "folded":
            lost += max(0, reps[0] - (by_id_now.get("folded") or [0])[0])
            continue
        have = list(by_id_now.get(wid) or [])
        for r in reps:
            if r in have:
                have.remove(r)
            else:
                lost += 1
    return lost


def _workout(data: dict | None) -> Workout | None:
    return Workout.from_dict(data) if data else None


def _exercises(workout: Workout | None, *, remaining: bool = True) -> set[str]:
    if workout is None:
        return set()
    sets = workout.remaining() if remaining else workout.sets
    return {s.block.prescription.exercise for s in sets}


class Runner:
    """One locale's skill, with each context set up once and restored before every line."""

    def __init__(self, locale: str = "en-US") -> None:
        self.locale = locale
        self.nlu = RememberingNlu(load_model(locale))
        self.coachee = Coachee(self.nlu, locale=locale)
        self.moments: dict[str, Moment] = {}
        self._setup()

    # -- contexts -------------------------------------------------------------------------
    def _freeze(self, reply: Reply | None) -> Moment:
        c = self.coachee
        stored = copy.deepcopy(c.stored())
        workout = (reply.state.get("workout") if reply else None) or _active(stored) or None
        before: dict[str, Any] = {"stored": stored, "workout": copy.deepcopy(workout)}
        if workout:
            blocks = workout["blocks"]
            before |= {
                "counts": workout["counts"],
                "cursor": workout["cursor"],
                "target": blocks[0]["rx"]["reps"],
                "exercise": blocks[0]["rx"]["ex"],
            }
        return Moment(
            items=copy.deepcopy(c.store.items),
            session=(c.device.session_id, copy.deepcopy(c.device.attributes)),
            minutes=c.minutes,
            before=before,
            reply=reply,
        )

    def _reset(self) -> None:
        c = self.coachee
        c.store.items = {}
        c.minutes = 0
        if c.device.in_session:
            c.device.session_id, c.device.attributes = None, {}

    def _setup(self) -> None:
        c = self.coachee
        self._reset()
        self.moments["launch"] = self._freeze(None)
        self.default_launch = c.say("start leg workout")
        assert self.default_launch.state.get("phase") == "count", self.default_launch.text
        self.moments["midset"] = self._freeze(self.default_launch)
        pain = c.say("my knee hurts")
        assert pain.ask == "pain", pain.text
        self.moments["pain_offer"] = self._freeze(pain)
        # Stopped after one set (both sides of the first move) earlier today: a new session
        # offers to pick up there. (An unfinished workout from an earlier day is not offered.)
        self._reset()
        c.say("start leg workout")
        c.say("eight")
        c.say("eight")
        c.walk_away()
        c.minutes += 180
        offer = Reply(c.device.send(Resolution(kind="launch")).response or {})
        assert offer.ask == "resume", offer.text
        self.moments["resume_offer"] = self._freeze(offer)
        self.default_sets = len(_workout(self.default_launch.state["workout"]).sets)
        self.default_seconds = _workout(self.default_launch.state["workout"]).estimated_seconds()
        self.warmup = _warmup_sentences(self.default_launch.text)

    def _restore(self, moment: Moment) -> None:
        c = self.coachee
        c.store.items = copy.deepcopy(moment.items)
        c.device.session_id, c.device.attributes = (
            moment.session[0],
            copy.deepcopy(moment.session[1]),
        )
        c.minutes = moment.minutes

    # -- one line -------------------------------------------------------------------------
    def run(self, line: Heldout) -> Outcome:
        moment = self.moments[line.context]
        self._restore(moment)
        text = WAKE.sub("", line.utterance)
        if line.context == "launch" and "leg workout" not in text.lower():
            text = f"ask leg workout {text}"
        resolution = self.nlu.resolve(text)
        intent = resolution.describe()
        if resolution.kind == "end":
            reply = Reply({"response": {"shouldEndSession": True}})
        else:
            reply = Reply(self.coachee.device.send(resolution).response or {})
        counted = line.behaviour.startswith("count") or line.detail.isdigit()
        if reply.ask == "confirm_count" and counted:
            reply = self.coachee.say("yes")  # a count far over target is checked once
        stored = copy.deepcopy(self.coachee.stored())
        if stored:
            Profile.from_dict(stored)  # what is stored always loads
        low = reply.text.lower()
        lost = _lost(moment.before["stored"], stored)
        why = self.judge(line, moment, reply, stored)
        if why is None and lost:
            why = f"{lost} logged set(s) lost"
        fallback = self._fallback(moment, reply, stored)
        verdict = "right" if why is None else ("fallback" if fallback else "wrong")
        return Outcome(
            line=line,
            verdict=verdict,
            why=why or "",
            reply=reply.text,
            intent=intent,
            safety_first=RED_FLAGS in low and "how many" not in low,
            safety_script=RED_FLAGS in low,
            sets_lost=lost,
            missed="misses" in reply.state,
        )

    def judge(self, line: Heldout, moment: Moment, reply: Reply, stored: dict) -> str | None:
        before = moment.before
        low = reply.text.lower()
        active = _live(reply, stored)
        fallback = self._fallback(moment, reply, stored)
        safety = RED_FLAGS in low
        # The place: the workout the session now holds is where it was, and nothing logged
        # before is gone (`_lost` counts the store; a set is written when it is logged).
        untouched = (active.get("counts") or []) == (before.get("counts") or []) and active.get(
            "cursor", 0
        ) == before.get("cursor", 0)
        if line.context == "launch":  # nothing to keep but that no count appears from nowhere
            untouched = all(c is None for c in active.get("counts") or [])
        b = line.behaviour

        def need(condition: bool, why: str) -> str | None:
            return None if condition else why

        if fallback:
            return "the didn't-understand path"
        if b == "repeat" and line.context in ("pain_offer", "resume_offer"):
            asked = moment.reply.ask if moment.reply else None
            return need(
                reply.open and reply.ask == asked and untouched,
                "repeat: the same question again, place kept",
            )
        if b == "easier" and line.context == "pain_offer":
            return self._yes_no(line, moment, reply, stored, yes=True)
        if b.startswith("status_") and line.context == "resume_offer":
            # Nothing is being counted yet: the answer comes from the workout on offer, and
            # the offer is asked again.
            asked = moment.reply.ask if moment.reply else None
            answered = _STATUS_AT_OFFER.get(b, "")
            return need(
                reply.open and reply.ask == asked and untouched and answered in low,
                f"{b}: answered from the workout on offer, then the offer again",
            )
        if b in KNOWN and line.context in ("midset", "pain_offer"):
            return self._known(line, before, reply, stored)
        if b.startswith("safety_") and b != "safety_unclear":
            if not safety or "how many" in low:
                return "safety: red flags, and never a request for reps"
            if b == "safety_severe":
                return need(not reply.open, "severe: the session ends after the advice")
            return None
        checks: dict[str, Callable[[], str | None]] = {
            "safety_unclear": lambda: need(
                (safety and "how many" not in low)
                or (
                    reply.open
                    and "?" in reply.text
                    and ("hurt" in low or "pain" in low or "sore" in low)
                    and "how many" not in low
                    and untouched
                ),
                "unclear: safety first, or a short question whether they are hurt",
            ),
            "not_hurt": lambda: self._not_hurt(line, before, reply, active, untouched),
            "health_question": lambda: need(
                any(word in self._new_words(reply) for word in CARE)
                and reply.ask not in ("unwell", "pain")
                and untouched,
                "health: points to a doctor, midwife or physio; not the dizziness script; "
                "place kept",
            ),
            "count_two_sides": lambda: self._two_sides(line, before, active),
            "question": lambda: need(
                not safety
                and untouched
                and (reply.open or line.context == "launch")
                and len(reply.text) > len(reply.reprompt) + 30,
                "question: answered, place kept",
            ),
            "off_topic": lambda: need(
                not safety and untouched and (reply.open or line.context == "launch"),
                "off topic: one line, session open, place kept",
            ),
            "other_body": lambda: need(
                not safety and untouched and (reply.open or line.context == "launch"),
                "other body part: said kindly, place kept",
            ),
            "yes": lambda: self._yes_no(line, moment, reply, stored, yes=True),
            "no": lambda: self._yes_no(line, moment, reply, stored, yes=False),
            "resume": lambda: self._resumed(moment, reply, active),
            "fresh_start": lambda: self._fresh(moment, reply, active),
            "time_box": lambda: self._time_box(line, before, reply, active),
            "drop_move": lambda: self._moves(line, before, reply, active, only=False),
            "only_move": lambda: self._moves(line, before, reply, active, only=True),
            "skip_warmup": lambda: self._skip_warmup(reply),
            "easy_day": lambda: self._lighter(line, before, reply, active),
            "hard_day": lambda: self._harder(line, before, reply, active),
        }
        if b in checks:
            return checks[b]()
        # A known behaviour in another context: the same outcome, where it can be judged.
        if line.context == "launch":
            return self._launch_known(line, reply)
        return self._known(line, before, reply, stored)

    def _fallback(self, moment: Moment, reply: Reply, stored: dict) -> bool:
        """The didn't-understand path: the skill's own miss, or an apology that asks the same
        open question again with nothing changed ("sorry, I didn't catch a number")."""
        if "misses" in reply.state:
            return True
        same = stored == moment.before["stored"] and reply.ask == (
            moment.reply.ask if moment.reply else None
        )
        return same and reply.open and reply.text.lower().startswith("sorry")

    def _new_words(self, reply: Reply) -> str:
        """What was said, less the sentences every start says (its standing health note)."""
        standing = set(_sentences(self.default_launch.text))
        return " ".join(s for s in _sentences(reply.text) if s not in standing).lower()

    def _known(self, line: Heldout, before: dict, reply: Reply, stored: dict) -> str | None:
        from test_corpus_behaviour import expect_tag

        slots = {"count": line.detail} if line.behaviour == "count_number" else {}
        as_line = Line(line.number, line.utterance, "", slots, line.behaviour)
        return expect_tag(as_line, before, reply, stored)

    def _launch_known(self, line: Heldout, reply: Reply) -> str | None:
        low = reply.text.lower()
        workout = _workout(reply.state.get("workout"))
        if line.behaviour in ("easier", "harder"):
            return self._lighter(line, {}, reply, _active(self.coachee.stored()))
        if line.behaviour.startswith("status_"):
            return None if reply.text and RED_FLAGS not in low else "status at launch"
        if line.behaviour == "finish_early":
            return None if not reply.open else "finish at launch: goodbye"
        if line.behaviour == "no_equipment":
            return None if workout is not None and reply.open else "no equipment: a workout"
        return None if reply.text and RED_FLAGS not in low else "no answer"

    def _not_hurt(
        self, line: Heldout, before: dict, reply: Reply, active: dict, untouched: bool
    ) -> str | None:
        if RED_FLAGS in reply.text.lower() or reply.ask in ("pain", "unwell"):
            return "not hurt: got a safety script"
        if line.detail.isdigit() and line.context == "midset":
            got = (active.get("counts") or [None])[:1]
            return None if got == [int(line.detail)] else f"not hurt: count {line.detail} logged"
        if line.context == "launch":
            return None if reply.text else "not hurt: no answer"
        return None if untouched and reply.open else "not hurt: the place lost"

    def _two_sides(self, line: Heldout, before: dict, active: dict) -> str | None:
        left, right = (int(x) for x in line.detail.split(","))
        counts = active.get("counts") or []
        new = counts[len(before.get("counts") or []) :]
        if new[:2] == [left, right] or new == [left]:
            return None
        return f"two sides: want left {left} (right {right}) logged, got {new}"

    def _yes_no(
        self, line: Heldout, moment: Moment, reply: Reply, stored: dict, *, yes: bool
    ) -> str | None:
        active = _live(reply, stored)
        if line.context == "resume_offer":
            return (
                self._resumed(moment, reply, active) if yes else self._fresh(moment, reply, active)
            )
        if line.context == "pain_offer":
            swapped = _substituted(moment.before, active)
            if yes:
                return None if swapped and reply.open else "yes: the easier version"
            skipped = active.get("cursor", 0) > moment.before["cursor"] and not swapped
            ended = not reply.open and "bye" in reply.text.lower()
            # "No, I'll keep going as I was": the same move, the offer settled, nothing swapped.
            carried_on = (
                reply.open
                and reply.ask is None
                and active.get("cursor", 0) == moment.before["cursor"]
            )
            fine = (skipped and reply.open) or ended or carried_on
            return None if fine else "no: skip, finish or carry on, not easier"
        return None if reply.text and "misses" not in reply.state else "yes/no: an answer"

    def _resumed(self, moment: Moment, reply: Reply, active: dict) -> str | None:
        before = moment.before
        kept = active.get("counts") == before.get("counts") and active.get("id") == (
            before.get("workout") or {}
        ).get("id")
        going = reply.open and reply.state.get("phase") in ("count", "ready")
        return None if kept and going else "resume: the same workout from where it stopped"

    def _fresh(self, moment: Moment, reply: Reply, active: dict) -> str | None:
        old = (moment.before.get("workout") or {}).get("id")
        new = reply.open and active.get("id") not in (None, old) and not active.get("counts")
        light = reply.ask == "light_or_full"
        return None if new or light else "fresh start: today's workout from the top"

    def _time_box(self, line: Heldout, before: dict, reply: Reply, active: dict) -> str | None:
        minutes = int(line.detail) if line.detail.isdigit() else 10
        now = _workout(active) or _workout(reply.state.get("workout"))
        if now is None:
            return "time box: a workout that fits"
        fits = now.estimated_seconds() <= minutes * 60 * 1.25
        if line.context == "launch":
            shorter = len(now.sets) < self.default_sets or now.light
            return None if reply.open and (fits or shorter) else "time box: a shorter workout"
        then = _workout(before.get("workout"))
        shorter = then is not None and len(now.remaining()) < len(then.remaining())
        return None if reply.open and (shorter or fits) else "time box: the rest shortened"

    def _moves(
        self, line: Heldout, before: dict, reply: Reply, active: dict, *, only: bool
    ) -> str | None:
        move = line.detail
        now = _workout(active) or _workout(reply.state.get("workout"))
        if now is None or not reply.open:
            return "moves: a workout with the change"
        left = _exercises(now)
        if only:
            return None if left == {move} else f"only {move}: got {sorted(left)}"
        return None if move not in left and left else f"drop {move}: got {sorted(left)}"

    def _skip_warmup(self, reply: Reply) -> str | None:
        started = reply.open and reply.state.get("phase") in ("count", "ready")
        warm = any(s in reply.text for s in self.warmup)
        return None if started and not warm else "skip the warm-up: straight into the first move"

    def _lighter(self, line: Heldout, before: dict, reply: Reply, active: dict) -> str | None:
        now = _workout(active) or _workout(reply.state.get("workout"))
        if now is None or not reply.open:
            return "easy day: a lighter workout"
        default = _workout(self.default_launch.state["workout"])
        lighter = (
            now.light
            or len(now.sets) < len(default.sets)
            or now.estimated_seconds() < default.estimated_seconds()
            or _exercises(now, remaining=False) != _exercises(default, remaining=False)
            or reply.ask == "easier"
        )
        return None if lighter else "easy day: a lighter workout"

    def _harder(self, line: Heldout, before: dict, reply: Reply, active: dict) -> str | None:
        now = _workout(active) or _workout(reply.state.get("workout"))
        if not reply.open:
            return "hard day: a harder workout"
        if now is None:
            return None if "hardest" in reply.text.lower() else "hard day: a harder workout"
        default = _workout(self.default_launch.state["workout"])
        harder = (
            now.to_dict()["blocks"] != default.to_dict()["blocks"]
            and not now.light
            and now.estimated_seconds() >= default.estimated_seconds()
        ) or "hardest" in reply.text.lower()
        return None if harder else "hard day: a harder workout"


def _live(reply: Reply, stored: dict) -> dict:
    """The workout as the user now has it: the session's (what the next turn acts on), else the
    stored one (a session that ended)."""
    return reply.state.get("workout") or _active(stored)


def _substituted(before: dict, active: dict) -> bool:
    """The move now up is one the plan did not have: an easier (or harder) stand-in."""
    now = _workout(active)
    planned = _exercises(_workout(before.get("workout")), remaining=False)
    return bool(now and now.current) and now.current.block.prescription.exercise not in planned


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


def _warmup_sentences(text: str) -> list[str]:
    """The sentences of the default start that are the warm-up (between the first and the
    next mention of warming up), to tell whether a start skipped it."""
    sentences = _sentences(text)
    marks = [i for i, s in enumerate(sentences) if "warm" in s.lower()]
    if len(marks) < 2:
        return []
    return [s for s in sentences[marks[0] + 1 : marks[1]] if len(s) > 12]


@dataclass
class Tally:
    lines: int = 0
    right: int = 0
    fallback: int = 0
    wrong: int = 0
    failures: list[Outcome] = field(default_factory=list)

    def add(self, outcome: Outcome) -> None:
        self.lines += 1
        setattr(self, outcome.verdict, getattr(self, outcome.verdict) + 1)
        if outcome.verdict != "right":
            self.failures.append(outcome)


def run_all(lines: Iterable[Heldout], locale: str = "en-US") -> list[Outcome]:
    runner = Runner(locale)
    return [runner.run(line) for line in lines]
