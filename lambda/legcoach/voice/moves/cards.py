"""The home card in the Alexa app: after each workout and after "how am I doing".

The content is the speech layer's (`speech.card`); this turns it into ask-sdk's Standard card.
After a first workout the goodbye comes a turn later (the reminder offer sits between), so the
workout's card is kept on the session state until then.
"""

from __future__ import annotations

from ask_sdk_model.ui import Image, StandardCard

from ...coach import history
from ...coach.rhythm import next_leg_day_of
from ...coach.workout import Summary, Workout
from ...speech.card import Card, progress_card, workout_card
from ..turn import Turn


def standard(card: Card) -> StandardCard:
    image = None
    if card.small_image or card.large_image:
        image = Image(
            small_image_url=card.small_image or None, large_image_url=card.large_image or None
        )
    return StandardCard(title=card.title, text=card.text, image=image)


def after_workout(turn: Turn, workout: Workout, summary: Summary) -> StandardCard:
    """The summary, the moves, the week and the next leg day; kept for a later goodbye."""
    story = history.story(turn.profile, turn.today)
    small, large = turn.card_images
    card = workout_card(
        turn.line,
        workout,
        summary,
        story,
        next_leg_day_of(turn.profile, turn.today),
        turn.today,
        small_image=small,
        large_image=large,
    )
    turn.state.card = (card.title, card.text)
    return standard(card)


def progress(turn: Turn) -> StandardCard:
    story = history.story(turn.profile, turn.today)
    small, large = turn.card_images
    card = progress_card(
        turn.line,
        story,
        next_leg_day_of(turn.profile, turn.today),
        turn.today,
        small_image=small,
        large_image=large,
    )
    return standard(card)


def kept(turn: Turn) -> StandardCard | None:
    """The workout's card kept for the goodbye (once)."""
    title, text = turn.state.card
    turn.state.card = ("", "")
    return standard(Card(title, text, *turn.card_images)) if title else None
