"""Indian English: only the lines whose wording differs from en.py."""

from __future__ import annotations

MESSAGES: dict[str, object] = {
    "ack_hit": ("{count:C}, right on target. Very good.", "{count:C}. Target hit, well done."),
    "ack_beat": (
        "{count:C}! That beats the target of {target} by {diff}. Very good.",
        "{count:C}, {diff} over the target of {target}. Excellent.",
    ),
    "goodbye_menu": ("Okay. See you next time!", "No problem. Take care, bye for now!"),
}
