"""The home card in the Alexa app, after a workout and after "how am I doing": its content.

A Standard card is plain text (title, text) with an optional image. Amazon's card reference
("Include a Card in Your Skill's Response"): title and content together stay under 8,000
characters, line breaks are "\\n", and images are PNG or JPEG at HTTPS URLs (about 720 x 480
small, 1200 x 800 large, up to 2 MB, on a host that allows CORS). Cards are not SSML, so
nothing is escaped for SSML; markup-like and control characters are removed instead, so a stray
'<' from a slot value cannot show up in the app as a broken tag.

The voice layer turns a `Card` into ask-sdk's `StandardCard` (`ui.StandardCard(title, text,
ui.Image(small, large))`) and sets it on the response.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..coach.history import Story
from ..coach.rhythm import NextDay, NextReason
from ..coach.workout import Summary, Workout
from .lines import Lines
from .ssml import plain_text
from .words import duration, join_and, move_name

MAX_CARD_CHARS = 8000  # title and text together
MAX_TITLE_CHARS = 100  # a title is one line in the app: keep it short (our own safe bound)


@dataclass(frozen=True)
class Card:
    title: str
    text: str
    small_image: str = ""  # https, PNG or JPEG (720 x 480)
    large_image: str = ""  # https, PNG or JPEG (1200 x 800)

    def to_dict(self) -> dict[str, object]:
        """The card as it appears in the response JSON (type Standard)."""
        data: dict[str, object] = {"type": "Standard", "title": self.title, "text": self.text}
        if self.small_image or self.large_image:
            image = {}
            if self.small_image:
                image["smallImageUrl"] = self.small_image
            if self.large_image:
                image["largeImageUrl"] = self.large_image
            data["image"] = image
        return data


def clean(text: str) -> str:
    """Plain card text: no markup characters, no control characters, tidy spaces per line."""
    lines = [" ".join(plain_text(line).split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def _image(url: str) -> str:
    return (
        url
        if url.startswith("https://") and url.lower().endswith((".png", ".jpg", ".jpeg"))
        else ""
    )


def _fit(title: str, text: str, small: str, large: str) -> Card:
    title = clean(title)[:MAX_TITLE_CHARS]
    text = clean(text)[: MAX_CARD_CHARS - len(title)]
    return Card(title, text, _image(small), _image(large))


def _day_words(say: Lines, day: date) -> str:
    """'Thursday, Nov 26' for the card (digits read at a glance)."""
    weekday = say("weekday_names").split()[day.weekday()]
    month = say("screen_months").split()[day.month - 1]
    return f"{weekday}, {say('screen_day', month=month, day=str(day.day))}"


def _next_line(say: Lines, next_day: NextDay | None, today: date) -> str:
    if next_day is None:
        return ""
    if next_day.day <= today and next_day.reason in (NextReason.READY, NextReason.FIRST):
        return say("card_next_today")
    return say("card_next", day=_day_words(say, next_day.day))


def workout_card(
    say: Lines,
    workout: Workout,
    summary: Summary,
    story: Story,
    next_day: NextDay | None,
    today: date,
    *,
    small_image: str = "",
    large_image: str = "",
) -> Card:
    """After a workout: the summary, the moves, the week, and the next leg day."""
    lines = []
    if summary.sets_done:
        lines.append(
            say(
                "card_summary",
                sets=say("n_sets", count=summary.sets_done),
                reps=say("n_reps", count=summary.total_reps),
                tension=duration(say, summary.tension_seconds),
            )
        )
        done = [
            spec.block.prescription.exercise
            for spec, count in zip(workout.sets, workout.counts, strict=False)
            if count
        ]
        names = [move_name(say, key, 2) for key in dict.fromkeys(done)]
        lines.append(say("card_moves", moves=join_and(say, names)))
    else:
        lines.append(say("card_summary_none"))
    lines += _story_lines(say, story)
    lines.append(_next_line(say, next_day, today))
    lines.append(say("card_footer"))
    return _fit(say("card_title_workout"), "\n".join(lines), small_image, large_image)


def progress_card(
    say: Lines,
    story: Story,
    next_day: NextDay | None,
    today: date,
    *,
    small_image: str = "",
    large_image: str = "",
) -> Card:
    """After "how am I doing": the totals, the week, and the next leg day."""
    lines = [*_story_lines(say, story), _next_line(say, next_day, today), say("card_footer")]
    return _fit(say("card_title_progress"), "\n".join(lines), small_image, large_image)


def _story_lines(say: Lines, story: Story) -> list[str]:
    if not story.workouts:
        return []
    return [
        say("card_week", workouts=say("n_workouts", count=story.this_week)),
        say(
            "card_total",
            workouts=say("n_workouts", count=story.workouts),
            reps=say("n_reps", count=story.reps),
        ),
    ]
