"""Indian English: only the lines whose wording differs from en.py."""

from __future__ import annotations

MESSAGES: dict[str, object] = {
    "goodbye_menu": ("Okay. See you next time!", "No problem. Take care, bye for now!"),
}
