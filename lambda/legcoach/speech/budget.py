"""The speech budget: every response stays well under Alexa's 8000-character outputSpeech limit."""

from __future__ import annotations

MAX_SSML_CHARS = 8000
# What the planner aims for: room left for the occasional appended note (a failed save).
PLAN_BUDGET = 7400
