"""Two copies of one person's record, written concurrently, combined without losing a set.

A logged set is identified by (workout id, set index): `Workout.counts[i]` for i < cursor, and
`SessionRecord.sets[i]`. The merge is a union of those sets, never a choice of one side:

* the same workout on both sides keeps every index either side logged (a number beats a skip;
  two different numbers: a closed record's, else the copy touched later's, else the larger),
  and the furthest cursor;
* a workout closed on one side (a record that is completed or already judged) and still active
  on the other: the record gains the sets only the active copy has;
* two different unfinished workouts: ours stays `active` and the other goes into the history as
  an unfinished session with its sets (with no workout of ours in progress, the one touched last
  stays). Ours, not the one touched last, because the writer's session is live: this very write
  touched it, and the voice layer keeps logging into it, so handing `active` to the other
  device's workout would lose that workout's sets on our next (unconflicted) write. The other
  device's next write conflicts, and its merge takes `active` back: nothing is lost either way;
* progression (rungs, weak streaks, weaker sides, reasons and anything else not history) comes
  from the side that judged a session the other has not (the newest such); otherwise from ours.

The set of logged sets is the same whichever side is `fresh`, and merging a result again with
either input adds nothing.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from .profile import Profile, SessionRecord, SetLog
from .progression import record_of
from .workout import Workout


def merge(fresh: dict, mine: dict) -> dict:
    """Combine the stored record (`fresh`, with the store's `_version`) and ours (`mine`)."""
    theirs, ours = Profile.from_dict(fresh), Profile.from_dict(mine)
    result = copy.deepcopy(_progression_source(theirs, ours))
    result.safety_noted = theirs.safety_noted or ours.safety_noted
    firsts = [d for d in (theirs.first_day, ours.first_day) if d]
    result.first_day = min(firsts) if firsts else ""

    folder, other = (theirs, ours) if _folded_more(theirs, ours) else (ours, theirs)
    kept_ids = {r.id for r in folder.recent}
    result.folded = copy.deepcopy(folder.folded)
    result.recent = []
    result.active = None

    entries: dict[str, _Entry] = {}
    for side in (theirs, ours):
        for record in side.recent:
            if side is other and record.id not in kept_ids and record.day <= folder.folded.last_day:
                continue  # the other writer already folded it into the totals
            entries.setdefault(record.id, _Entry()).records.append(record)
        if side.active is not None:
            entries.setdefault(side.active.id, _Entry()).actives.append((side.active, side is ours))

    # Which in-progress workout keeps `active`: ours, else the one touched last.
    candidates = [(wid, e) for wid, e in entries.items() if e.actives and not e.closed]
    winner = None
    if candidates:
        winner = max(candidates, key=lambda item: item[1].rank)[0]
    for wid, entry in entries.items():
        if wid == winner:
            result.active = entry.workout()
            continue
        record = entry.record()
        if record is not None:
            result.add_session(record)
    result.version = int(fresh.get("_version", 0) or 0)
    return result.to_dict()


@dataclass
class _Entry:
    """Every copy of one workout found on either side."""

    records: list[SessionRecord] = field(default_factory=list)
    actives: list[tuple[Workout, bool]] = field(default_factory=list)  # (copy, is ours)

    @property
    def closed(self) -> bool:
        # Finished, or closed and judged (a fresh start, a stale close): never active again. An
        # unfinished, unjudged record is one a merge moved aside; its device may take it back.
        return any(r.completed or r.judged for r in self.records)

    @property
    def rank(self) -> tuple[bool, int, str]:
        touched = max(w.touched for w, _ in self.actives)
        return any(is_ours for _, is_ours in self.actives), touched, self.actives[0][0].id

    def _sets(self) -> list[SetLog]:
        """The union of logged sets over every copy, by set index."""
        best: dict[int, tuple[tuple[bool, bool, int, int], SetLog]] = {}
        copies = [(True, 0, r.sets) for r in self.records]
        copies += [(False, w.touched, record_of(w, completed=False).sets) for w, _ in self.actives]
        for is_record, touched, sets in copies:
            for index, log in enumerate(sets):
                # A count beats a skip; a record's count beats an in-progress copy's (records keep
                # no touch time, so this keeps a second merge from changing the first one's
                # answer); then the copy touched last; then the larger count.
                rank = (log.count is not None, is_record, touched, log.count or 0)
                if index not in best or rank > best[index][0]:
                    best[index] = (rank, log)
        return [best[i][1] for i in sorted(best)]

    def workout(self) -> Workout:
        """The in-progress workout, with every copy's sets and the furthest cursor."""
        newest = max((w for w, _ in self.actives), key=lambda w: w.touched)
        merged = copy.deepcopy(newest)
        sets = self._sets()[: len(merged.sets)]
        merged.counts = [log.count for log in sets]
        merged.cursor = len(sets)
        merged.touched = max(w.touched for w, _ in self.actives)
        return merged

    def record(self) -> SessionRecord | None:
        """The history record of a closed (or displaced) workout; None if nothing was logged."""
        sets = self._sets()
        if self.records:
            base = copy.deepcopy(self.records[0])
            base.completed = any(r.completed for r in self.records)
            base.judged = any(r.judged for r in self.records)
            base.light = any(r.light for r in self.records)
        elif sets:  # a skipped set is logged too: it says where the user was
            workout = max((w for w, _ in self.actives), key=lambda w: w.touched)
            base = record_of(workout, completed=False)  # judged stays False: never decided
        else:
            return None  # an unstarted workout moved aside: nothing to keep
        base.sets = sets
        return base


def _judged(profile: Profile) -> dict[str, tuple[str, str]]:
    return {r.id: (r.day, r.id) for r in profile.recent if r.judged}


def _progression_source(theirs: Profile, ours: Profile) -> Profile:
    """The side whose progression is newest: it judged a session the other has not."""
    judged_theirs, judged_ours = _judged(theirs), _judged(ours)
    only_theirs = [key for wid, key in judged_theirs.items() if wid not in judged_ours]
    only_ours = [key for wid, key in judged_ours.items() if wid not in judged_theirs]
    if only_theirs and (not only_ours or max(only_theirs) > max(only_ours)):
        return theirs
    return ours


def _folded_more(theirs: Profile, ours: Profile) -> bool:
    a, b = theirs.folded, ours.folded
    return (a.sessions, a.last_day) > (b.sessions, b.last_day)
