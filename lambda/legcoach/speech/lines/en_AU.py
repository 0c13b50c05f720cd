"""Australian English: only the lines whose wording differs from en.py."""

from __future__ import annotations

MESSAGES: dict[str, object] = {
    "goodbye_menu": ("No worries. See you next time!", "No worries. Bye for now!"),
    "delete_kept": ("No worries, I've kept everything as it was.",),
    "restart_no": ("No worries, carrying on.",),
    "summary": ("Session done! You finished {sets} and {reps}, with {tension} under tension.",),
}
