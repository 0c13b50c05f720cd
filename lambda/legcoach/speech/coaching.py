"""How the coach says the domain's decisions: progression changes, plan and schedule notes,
reports on the user's history, and answers to questions. Each takes the locale's `Lines`."""

from __future__ import annotations

from collections.abc import Sequence

from ..coach.answers import TOPICS, UserFacts, personal
from ..coach.changes import Change, ChangeCode
from ..coach.exercises import CATALOGUE
from ..coach.ladder import Step, Tempo
from ..coach.progression import Plan
from ..coach.reports import LastTimeReport, ProgressReport, Report, WeekReport
from ..coach.schedule import TooSoon
from .lines import Lines
from .words import duration, join_and, move_line, move_name


def render_change(say: Lines, change: Change) -> str:
    """Why a move differs from last time, in one sentence."""
    plural = move_name(say, change.exercise, 2)
    if change.code is ChangeCode.STEP_UP:
        return say("change_step_up", reps=change.reps, name=plural, step=_step(say, change))
    if change.code is ChangeCode.HOLD_PAIN:
        return say("change_hold_pain", name=plural, joint=say(f"joint_{change.joint}"))
    return say(f"change_{change.code.value}", name=plural)


def _step(say: Lines, change: Change) -> str:
    step = change.step or Step.HARDER
    if step is Step.REPS and change.new_reps:
        return say("step_reps", reps=say("n_reps", count=change.new_reps))
    if step is Step.NEXT_MOVE and change.new_exercise:
        return say("step_next_move", name=move_name(say, change.new_exercise))
    if step in (Step.REPS, Step.NEXT_MOVE):
        step = Step.HARDER
    return say(f"step_{step.value}")


def render_next_time(say: Lines, stepped_up: Sequence[str]) -> str:
    """The goodbye's note on the moves that step up next time ('' when none do)."""
    if not stepped_up:
        return ""
    names = [move_name(say, key, 2) for key in stepped_up[:2]]
    return say("next_time", moves=join_and(say, names))


def render_plan_notes(say: Lines, plan: Plan) -> list[str]:
    """What is said about today's plan before the overview (light session, eased back...)."""
    notes = []
    if plan.eased and plan.eased_by > 1 and plan.days_away:
        # Eased in proportion to the time away: say how far, in one short line.
        notes.append(say("plan_eased_steps", count=plan.eased_by, days=plan.days_away))
    elif plan.eased:
        notes.append(say("plan_eased"))
    if plan.light:
        notes.append(say("plan_light"))
    return notes


def render_too_soon(say: Lines, decision: TooSoon) -> str:
    return say(f"too_soon_{decision.value}")


def render_report(say: Lines, report: Report) -> str:
    if isinstance(report, ProgressReport):
        return _progress(say, report)
    if isinstance(report, LastTimeReport):
        return _last_time(say, report)
    if isinstance(report, WeekReport):
        workouts = say("n_workouts", count=report.count)
        return say(f"report_week_{report.pace.value}", workouts=workouts)
    raise TypeError(f"no words for {report!r}")


def _progress(say: Lines, report: ProgressReport) -> str:
    if report.sessions == 0:
        return say("report_progress_none")
    text = say(
        "report_progress",
        workouts=say("n_workouts", count=report.sessions),
        weeks=say("n_weeks", count=report.weeks),
        reps=say("n_reps", count=report.reps),
    )
    if report.moved_up:
        moves = join_and(say, [move_name(say, key, 2) for key in report.moved_up[:2]])
        return f"{text} {say('report_progress_moved_up', moves=moves)}"
    return f"{text} {say('report_progress_keep_going')}"


def _when(say: Lines, days_ago: int) -> str:
    if days_ago <= 0:
        return say("when_today")
    if days_ago == 1:
        return say("when_yesterday")
    return say("when_days_ago", count=days_ago)


def _last_time(say: Lines, report: LastTimeReport) -> str:
    if report.days_ago is None:
        return say("report_last_none")
    when = _when(say, report.days_ago)
    if not report.moves:
        return say("report_last_empty", when=when)
    parts = [
        say(
            "report_last_move",
            counts=join_and(say, [say.number(c) for c in counts]),
            name=move_name(say, exercise, counts[0] if len(counts) == 1 else 2),
        )
        for exercise, counts in report.moves
    ]
    return say(
        "report_last",
        when=when,
        listing=join_and(say, parts),
        reps=say("n_reps", count=report.reps),
        tension=duration(say, report.tension),
    )


def render_answer(
    say: Lines, topic: str, facts: UserFacts | None = None, exercise: str | None = None
) -> str:
    """The spoken answer to one question topic: two to four short sentences of plain text.

    `facts` personalises "frequency" and "results_time"; `exercise` (a CATALOGUE key: the
    slot's resolved id, or the move in progress) picks the "how_to" answer.
    Raises KeyError for a topic that is not in QUESTION_INTENTS.
    """
    if topic not in TOPICS:
        raise KeyError(f"no answer for topic {topic!r}")
    if topic == "how_to" and exercise in CATALOGUE:
        return _how_to(say, exercise)
    text = say(f"answer_{topic}")
    note = personal(topic, facts)
    if note is None:
        return text
    line = say(
        f"answer_{note.note.value}",
        days=note.days,
        week=say("n_sessions", count=note.sessions) if note.sessions else "",
        sessions=say("n_sessions", count=note.sessions) if note.sessions else "",
        weeks=say("span_weeks", count=note.weeks) if note.weeks else "",
    )
    return f"{text} {line}"


def _how_to(say: Lines, exercise: str) -> str:
    move = CATALOGUE[exercise]
    tempo = "answer_how_to_tempo_sides" if move.unilateral else "answer_how_to_tempo"
    return " ".join(
        (
            say(
                "answer_how_to_intro",
                name=move_name(say, exercise),
                target=move_line(say, exercise, "target"),
            ),
            move_line(say, exercise, "setup"),
            move_line(say, exercise, "cue"),
            say(tempo, squeeze=move_line(say, exercise, "squeeze")),
        )
    )


def example_questions(say: Lines, count: int = 2) -> str:
    """Questions to offer in help: 'how often should I train my legs or what are pulses'."""
    picked = say.pick("help_example", count)
    if len(picked) == 2:
        return say("examples_join", first=picked[0], second=picked[1])
    return join_and(say, picked)


def render_check_in(say: Lines, joint: str, exercise: str) -> str:
    """Before a block with `check_in` set: how does the joint that hurt feel today?"""
    return say("check_in_ask", joint=say(f"joint_{joint}"), name=move_name(say, exercise, 2))


def render_pain_noted(say: Lines, joint: str, exercise: str) -> str:
    return say("pain_noted", joint=say(f"joint_{joint}"), name=move_name(say, exercise, 2))


def render_swap(say: Lines, exercise: str) -> str:
    """After `adjust.easier/harder/without` found another move: 'let's do glute bridges'."""
    return say("adjust_swap", name=move_name(say, exercise, 2))


def render_no_other_version(say: Lines, exercise: str, *, wanted_harder: bool) -> str:
    """When `adjust.easier` or `adjust.harder` returned None."""
    key = "adjust_hardest" if wanted_harder else "adjust_gentlest"
    return say(key, name=move_name(say, exercise))


def render_stand_in(say: Lines, missing: str, item: str) -> str:
    """'No chair? A couch works just as well.' (from `adjust.stand_ins`)."""
    return say(
        "adjust_stand_in", missing=say(f"equipment_{missing}"), item=say(f"equipment_{item}")
    )


def render_tempo_change(say: Lines, tempo: Tempo, *, slower: bool, at_floor: bool = False) -> str:
    """After `adjust.slower` or `adjust.faster`: the new lowering, or why it stays."""
    if at_floor:
        return say("adjust_at_floor", count=tempo.down)
    return say("adjust_slower" if slower else "adjust_faster", count=tempo.down)
