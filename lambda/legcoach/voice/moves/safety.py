"""Safety first, at any point: pain, dizziness, sickness or breathlessness stop the set at once.

The user hears a short calm line and the red flags in one sentence, and never a request for
reps. Chest, arm or jaw pain and not being able to breathe end the session after the advice;
joint or muscle pain offers an easier version that spares the joint, skipping the move, or
ending; feeling unwell offers to stop for today. Nothing already logged is touched, and the set
in progress is not written off: it stays the current set, and a number said next is logged for
it. Only a slot value that resolved to the model's list names a part or a symptom: words the
model does not know ("my pelvis") still get safety first, without naming a part.

"I've got a knee thing" is not clearly a hurt: one short question, then the pain flow or the set.
"""

from __future__ import annotations

from ...coach.exercises import JOINTS
from ...speech.ssml import Speech
from ..state import Ask, Position
from ..turn import Reply, Turn
from .ending import end_for_today, finish
from .floor import ask, then_back

SEVERE_PARTS = frozenset({"chest", "arm", "jaw"})
# Leg muscles (and pain with no place named) are noted as the leg; other joints as themselves.
LEG_PARTS = frozenset({"", "hamstring", "quad", "calf", "groin", "glute", "leg", "thigh", "muscle"})
# Not being able to breathe ends the session; being winded ("out of breath") after a hard set is
# expected, and means rest.
SEVERE_SYMPTOMS = frozenset({"breathless", "passed_out"})  # no workout after a blackout
# Words that make an unresolved symptom ("all queer and woozy") sickness, not a question:
# the slot's own words, since a value outside the list arrives with no id.
SICK_WORDS = frozenset(
    [
        "dizzy",
        "woozy",
        "faint",
        "fainting",
        "lightheaded",
        "nauseous",
        "nauseated",
        "sick",
        "queasy",
        "vomit",
        "vomiting",
        "puke",
        "spew",
        "spewy",
        "breathless",
        "wheezy",
        "clammy",
        "shaky",
        "dizziness",
        "nausea",
    ]
)


def _calm_words(turn: Turn) -> Speech:
    return Speech().say(turn.line("pain_stop"), turn.line("red_flags"))


def hold_the_set(turn: Turn) -> str:
    """Stop the set in progress without writing it off: it stays current, queued again, so a
    count said next is still logged for it. Returns its slot ('' outside a workout)."""
    state = turn.state
    workout = state.workout
    if not state.in_workout or workout is None or workout.current is None:
        return ""
    state.to_ready()
    return workout.current.block.slot


def _joint(turn: Turn, slot: str) -> str | None:
    """The joint a pain report names: its resolved part; the leg when none was said; None
    when words were heard there that the model does not know."""
    part = turn.slot_id(slot)
    if part is None and turn.slot(slot) is not None:
        return None
    part = part or ""
    if part in SEVERE_PARTS:
        return part
    return part if part in JOINTS else ("leg" if part in LEG_PARTS else None)


def pain(turn: Turn) -> Reply:
    return pain_at(turn, _joint(turn, "part"))


def pain_at(turn: Turn, joint: str | None) -> Reply:
    """Safety first for a pain at `joint` (None: a place the model does not know)."""
    counted = turn.state.position is Position.COUNT
    in_set = turn.state.in_workout
    slot = hold_the_set(turn)
    words = _calm_words(turn)
    if joint in SEVERE_PARTS:
        return end_for_today(turn, words)
    if not in_set:
        return then_back(turn, opening=words)
    if slot and joint:
        turn.profile.note_pain(slot, joint)
        turn.changed()
    workout = turn.state.workout
    assert workout is not None
    if workout.finished:
        return finish(turn, words, completed=True)
    held = None
    if counted:
        words.say(turn.line("count_before"))
        held = workout.cursor
    return ask(turn, Ask.PAIN, joint or None, opening=words, held=held)


def unwell(turn: Turn) -> Reply:
    symptom = turn.slot_id("symptom") or ""
    said = set((turn.slot("symptom") or "").lower().split())
    if not symptom and said and not said & SICK_WORDS:
        # A carrier heard around words that are not a known symptom ("I could barely do
        # half"): asked once, never the script on its own, and nothing about the set changes.
        return unclear_hurt(turn)
    counted = turn.state.position is Position.COUNT
    in_set = turn.state.in_workout
    hold_the_set(turn)
    words = _calm_words(turn)
    if symptom in SEVERE_SYMPTOMS:
        return end_for_today(turn, words)
    if not in_set:
        return then_back(turn, opening=words)
    workout = turn.state.workout
    if workout is None or workout.finished:
        return end_for_today(turn, words)
    held = None
    if counted:
        words.say(turn.line("count_before"))
        held = workout.cursor
    return ask(turn, Ask.UNWELL, symptom, opening=words, held=held)


def unclear_hurt(turn: Turn) -> Reply:
    """'I've got a knee thing': asked once whether it hurts; the set stays where it was."""
    part = turn.slot_id("part") or ""
    if part in SEVERE_PARTS:
        # Anything odd in the chest, arm or jaw is never a question: the red flags, now.
        return pain_at(turn, part)
    joint = part if part in JOINTS else ("leg" if part and part in LEG_PARTS else "")
    return ask(turn, Ask.HURT, joint or None)


def hurt_confirmed(turn: Turn, joint: str | None) -> Reply:
    """'Yes, it hurts' to the short question: the pain flow, for the part it was about."""
    return pain_at(turn, joint or "")
