"""Numbers as words: counts are spoken inside timed beats, so their length must be predictable."""

from __future__ import annotations

_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def number_words(n: int) -> str:
    """English words for 0..999 (digits beyond that: the coach never counts so high)."""
    if n < 0 or n > 999:
        return str(n)
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    hundreds, rest = divmod(n, 100)
    return f"{_ONES[hundreds]} hundred" + (f" and {number_words(rest)}" if rest else "")


def duration_words(seconds: int) -> str:
    """'forty seconds', 'a minute', 'two minutes and ten seconds'."""
    minutes, secs = divmod(max(0, int(seconds)), 60)
    parts = []
    if minutes:
        parts.append("a minute" if minutes == 1 else f"{number_words(minutes)} minutes")
    if secs or not minutes:
        parts.append("one second" if secs == 1 else f"{number_words(secs)} seconds")
    return " and ".join(parts)
