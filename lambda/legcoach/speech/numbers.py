"""Moved to legcoach.coach.numbers; kept so in-flight imports keep working."""

from ..coach.numbers import duration_words, number_words

__all__ = ["duration_words", "number_words"]
