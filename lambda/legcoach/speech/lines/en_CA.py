"""Canadian English: only the lines whose wording differs from en.py."""

from __future__ import annotations

MESSAGES: dict[str, object] = {
    "ack_hit": ("{count:C}, right on target. Nice work.", "{count:C}. Target hit, good stuff."),
    "goodbye_menu": ("Okay. See you next time!", "No problem. Take care!"),
}
