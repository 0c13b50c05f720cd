"""How the coach says today's shape, the resume offer, the one story of what happened, and
what it learned. Each takes the locale's `Lines` and a coach decision; nothing here decides."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ..coach.cautions import Learned, NoteKind
from ..coach.history import Best, Easier, FeelsEasier, Story
from ..coach.place import LeftOut, ResumeOffer, Stop
from ..coach.today import BodyPart, BodyPartAnswer, CutKind, Effort, Fitted, Length
from ..coach.workout import SetSpec
from .lines import Lines
from .words import join_and, move_name, side_suffix, side_word


def _names(say: Lines, exercises: Sequence[str]) -> str:
    return join_and(say, [move_name(say, key, 2) for key in exercises])


# -- today's shape --------------------------------------------------------------------------------


def render_fitted(say: Lines, fitted: Fitted) -> str:
    """One breath: what was asked, what is kept, what was cut ('' when nothing changed)."""
    shape = fitted.shape
    parts: list[str] = []
    if shape.minutes:
        parts.append(say("today_box", count=shape.minutes))
    elif shape.length is Length.QUICK:
        parts.append(say("today_quick"))
    if shape.length is Length.LONG:
        parts.append(say("today_long"))
    if shape.effort is Effort.HARD:
        parts.append(say("today_hard"))
    if shape.effort is Effort.EASY:
        parts.append(say("today_easy"))
    asked = [c.exercise for c in fitted.cuts if c.kind is CutKind.DROPPED and c.asked]
    if fitted.kept_all:
        parts.append(say("today_all_out"))
    elif asked and shape.only:
        parts.append(say("today_only", moves=_names(say, fitted.kept)))
    elif asked:
        parts.append(say("today_without", moves=_names(say, asked)))
    if fitted.budget_seconds:
        if not fitted.fits:
            minutes = say("n_minutes", count=max(1, round(fitted.estimated_seconds / 60)))
            parts.append(say("today_shortest", minutes=minutes))
        key = "today_keep_rests" if fitted.shorter_rests else "today_keep"
        parts.append(say(key, moves=_names(say, fitted.kept)))
        fewer = [
            say(
                "today_fewer",
                name=move_name(say, c.exercise, 2),
                sets_after=say("n_sets", count=c.sets_after),
                sets_before=say.number(c.sets_before),
            )
            for c in fitted.cuts
            if c.kind is CutKind.FEWER_SETS
        ]
        if fewer:
            parts.append(say("today_fewer_list", items=join_and(say, fewer)))
        for_time = [c.exercise for c in fitted.cuts if c.kind is CutKind.DROPPED and not c.asked]
        if for_time:
            parts.append(say("today_dropped", moves=_names(say, for_time)))
        elif not fitted.cuts and not fitted.shorter_rests:
            parts.append(say("today_unchanged"))
    for item, move in fitted.swapped:
        what = say(f"equipment_{item}")
        parts.append(say("no_equipment_now", equipment=what, name=move_name(say, move, 2)))
    if fitted.skip_warmup:
        parts.append(say("today_no_warmup"))
    return " ".join(parts)


def render_body_part(say: Lines, answer: BodyPartAnswer, *, mid_workout: bool = False) -> str:
    """'Can we do arms?': said plainly. A part this table has no word for is never echoed
    (the slot is open, so it carries whatever was heard)."""
    key = f"body_part_{answer.part}"
    if answer.kind is BodyPart.NOT_LEGS:
        if key in say:
            return say("body_not_legs_mid" if mid_workout else "body_not_legs", part=say(key))
        return say("body_not_legs_any_mid" if mid_workout else "body_not_legs_any")
    part = say(key) if key in say else answer.part.replace("_", " ")
    from ..coach.ladder import SLOT_BY_KEY

    moves = [SLOT_BY_KEY[s].start_variation for s in answer.slots]
    return say("body_legs", part=part, moves=_names(say, moves))


# -- the place kept --------------------------------------------------------------------------------


def _when_stopped(say: Lines, days: int) -> str:
    if days <= 1:
        return say(f"resume_when_{max(0, days)}")
    return say("resume_when_days", count=days)


def render_resume_offer(say: Lines, offer: ResumeOffer) -> tuple[str, str]:
    """'Yesterday, you stopped after set two of the glute bridges. Pick up there, or start
    today's?' and its reprompt."""
    when = _when_stopped(say, offer.days_ago)
    if offer.stop is Stop.AFTER_SET and offer.done_exercise:
        name = move_name(say, offer.done_exercise, 2)
        if offer.done_side and offer.done_round == offer.round:
            line = say(
                "resume_after_side", when=when, side=side_word(say, offer.done_side), name=name
            )
        else:
            line = say("resume_after_set", when=when, number=offer.done_round, name=name)
    else:
        line = say("resume_before", when=when, name=move_name(say, offer.exercise, 2))
    return f"{line} {say('resume_pick_up')}", say("resume_pick_up_reprompt")


def render_left_out(say: Lines, left: LeftOut) -> str:
    line = say("left_out", name=move_name(say, left.exercise, 2))
    if left.next_exercise:
        return f"{line} {say('left_out_next', name=move_name(say, left.next_exercise, 2))}"
    return f"{line} {say('left_out_end')}"


def where_words(say: Lines, spec: SetSpec) -> str:
    """'set two of your air squats' or, for a move with one set, 'your lateral lunges, left
    leg' (never 'set one of one')."""
    name = move_name(say, spec.block.prescription.exercise, 2)
    side = side_suffix(say, spec.side)
    if spec.block.sets_per_side <= 1:
        return say("where_only", name=name, side=side)
    return say("where_nth", number=spec.round, name=name, side=side)


def status_where(say: Lines, spec: SetSpec) -> str:
    name = move_name(say, spec.block.prescription.exercise, 2)
    side = side_suffix(say, spec.side)
    total = spec.block.sets_per_side
    if total <= 1:
        return say("status_where_only", name=name, side=side)
    return say("status_where_nth", number=spec.round, total=total, name=name, side=side)


# -- one story ---------------------------------------------------------------------------------------


def _when(say: Lines, day: date | str | None, today: date) -> str:
    if isinstance(day, str):
        try:
            day = date.fromisoformat(day)
        except ValueError:
            day = None
    if day is None:
        return ""
    days = max(0, (today - day).days)
    if days == 0:
        return say("when_today")
    if days == 1:
        return say("when_yesterday")
    return say("when_days_ago", count=days)


def render_total(say: Lines, story: Story) -> str:
    """'How many workouts have I done?' / 'this week?'."""
    if story.workouts == 0:
        return say("story_none")
    text = say(
        "story_total",
        workouts=say("n_workouts", count=story.workouts),
        week=say("n_workouts", count=story.this_week),
    )
    if story.unfinished:
        text = f"{text} {say('story_total_unfinished', count=story.unfinished)}"
    return text


def render_since(say: Lines, story: Story, today: date) -> str:
    """'What have I done since I started?'."""
    if story.workouts == 0 or story.first_day is None:
        return say("story_none")
    workouts = say("n_workouts", count=story.workouts)
    reps = say("n_reps", count=story.reps)
    if (today - story.first_day).days < 7:
        return say("story_since_new", workouts=workouts, reps=reps)
    return say(
        "story_since", span=say("span_weeks", count=story.weeks), workouts=workouts, reps=reps
    )


def render_best(say: Lines, best: Best | None, today: date) -> str:
    if best is None:
        return say("story_best_none")
    text = say("story_best", when=_when(say, best.day, today), reps=say("n_reps", count=best.reps))
    if best.exercise and best.count:
        name = move_name(say, best.exercise, best.count)
        text = f"{text} {say('story_best_set', count=best.count, name=name)}"
    return text


def render_easier(say: Lines, answer: FeelsEasier) -> str:
    reason = answer.reason
    if reason in (Easier.SWAPPED, Easier.STEPPED_BACK):
        return say(f"easier_{reason.value}", name=move_name(say, answer.exercise, 2))
    if reason is Easier.STRONGER:
        return say(
            "easier_stronger",
            name=move_name(say, answer.exercise, 2),
            before=answer.before,
            after=answer.after,
            sessions=say("n_workouts", count=answer.sessions),
        )
    return say(f"easier_{reason.value}")


# -- what the coach learned, and the plan's notes -------------------------------------------------


def render_learned(say: Lines, note: Learned) -> str:
    """A kept swap, said before its move ('' for notes said elsewhere: checks are questions)."""
    if note.kind is NoteKind.KEPT_SWAP:
        return say(
            "learned_kept_swap",
            name=move_name(say, note.exercise, 2),
            other=move_name(say, note.instead_of, 2),
        )
    if note.kind is NoteKind.EASED_GAP:
        return say("plan_eased_steps", count=note.rungs, days=note.days)
    return ""
