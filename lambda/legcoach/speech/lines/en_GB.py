"""British English: only the lines whose wording differs from en.py."""

from __future__ import annotations

MESSAGES: dict[str, object] = {
    "rest": ("Have a rest, {duration}.",),
    "summary": ("Session done! You finished {sets} and {reps}, with {tension} under tension.",),
    "menu_question": ("Shall we start your leg session?", "Ready to start your session?"),
    "reprompt_menu": ("Would you like to start your leg session?",),
    "goodbye": (
        "Rest well, and I'll make the next one a little harder. Bye for now!",
        "Brilliant session. Recover well, and come back in a day or two. Bye!",
    ),
    "report_week_sweet_spot": (
        "{workouts:C} this week. That's spot on: two to three a week is the sweet spot.",
    ),
}
