"""How well the skill understands people it has never met: a held-out TSV through the handler.

    PYTHONPATH=lambda:devkit:tests python scripts/heldout_report.py FILE [--locale en-US]
        [--failures]

Prints, per behaviour, how many lines were right, fell back ("sorry, I didn't get that") or went
wrong, then the totals a user would feel: fallbacks among turns that were not off topic, wrong
answers, safety lines answered safety first, safety scripts given to people who were fine, and
logged sets lost.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

from support.heldout import SAFETY_LINES, Outcome, Tally, read_heldout, run_all


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    -"


def report(outcomes: list[Outcome], *, failures: bool = False) -> str:
    by: dict[str, Tally] = defaultdict(Tally)
    total = Tally()
    for outcome in outcomes:
        by[outcome.line.behaviour].add(outcome)
        total.add(outcome)
    rows = [f"{'behaviour':<18} {'lines':>5} {'right':>5} {'fallback':>8} {'wrong':>5}"]
    for name in sorted(by):
        t = by[name]
        rows.append(f"{name:<18} {t.lines:>5} {t.right:>5} {t.fallback:>8} {t.wrong:>5}")
    rows.append(
        f"{'TOTAL':<18} {total.lines:>5} {total.right:>5} {total.fallback:>8} {total.wrong:>5}"
    )
    on_topic = [o for o in outcomes if o.line.behaviour != "off_topic"]
    # An unclear hurt ("I've got a knee thing") is asked about first, by design: it is counted
    # apart, as right when it got the short question or safety first.
    safety = [o for o in outcomes if o.line.behaviour in SAFETY_LINES]
    unclear = [o for o in outcomes if o.line.behaviour == "safety_unclear"]
    fine = [o for o in outcomes if o.line.behaviour == "not_hurt"]
    fallbacks = sum(o.verdict == "fallback" for o in on_topic)
    wrong = sum(o.verdict == "wrong" for o in outcomes)
    first = sum(o.safety_first for o in safety)
    scripts = sum(o.safety_script for o in fine)
    rows += [
        "",
        f"right:                          {total.right}/{total.lines} {pct(total.right, total.lines)}",
        f"fallbacks (non-off-topic turns): {fallbacks}/{len(on_topic)} "
        f"{pct(fallbacks, len(on_topic))}",
        f"  of which the skill's own miss: {sum(o.missed for o in on_topic if o.verdict == 'fallback')}"
        " (the rest: an apology re-asking the same question, nothing changed)",
        f"wrong:                          {wrong}/{total.lines} {pct(wrong, total.lines)}",
        f"safety lines safety-first:      {first}/{len(safety)} {pct(first, len(safety))}",
        f"unclear hurts asked or safe:    {sum(o.verdict == 'right' for o in unclear)}/{len(unclear)}",
        f"safety scripts on not_hurt:     {scripts}/{len(fine)}",
        f"sets lost:                      {sum(o.sets_lost for o in outcomes)}",
    ]
    if failures:
        rows.append("")
        for o in total.failures:
            line = o.line
            rows.append(
                f"{line.number} [{line.context}/{line.behaviour} {line.detail}] {line.persona}: "
                f"{line.utterance!r} -> {o.verdict}: {o.why} | heard {o.intent} | "
                f"said {o.reply[:160]!r}"
            )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--locale", default="en-US")
    parser.add_argument("--failures", action="store_true", help="list every line not right")
    args = parser.parse_args(argv)
    outcomes = run_all(read_heldout(args.file), args.locale)
    print(f"{args.file.name} ({args.locale})")
    print(report(outcomes, failures=args.failures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
