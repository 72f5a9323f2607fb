"""Fill in what a try already in the store lacks from the same try in an imported file; never replace what it has.

A try is the same when its (session, index, retry) is (as ``exchange_tries`` adds tries). Three of its fields can
be missing here, kept by a callsim from before it stored them or imported from an export without them:

* ``unjudged_reason``: an unjudged try here reads ``unknown``; the file's, unjudged too, says why;
* ``early_start``: None here (not flagged, or not known); the file's gives a time;
* ``unjudged_error``: None here for an unjudged try; the file's, unjudged too, has the error line.

Nothing else about a try already here changes; a session running here, and a try whose verdict differs from the
file's (not the same try after all), are left as they are.
"""

from __future__ import annotations

import dataclasses

from callsim.records import TurnRecord
from callsim.store_rows import unjudged_error
from callsim.vocab import UNKNOWN_REASON

#: An unjudged try's reason when it does not say why (read from a file without reasons: "", stored: ``unknown``).
UNSAID = ("", UNKNOWN_REASON)


def fill_turns(store, part) -> int:
    """Fill the tries of ``part`` (an ``exchange.SessionBundle``) that ``store`` already has with what they lack
    (inside the import's transaction); how many changed."""
    if store.is_live(part.session.uuid):
        return 0
    here = {(t.index, t.retry): t for t in store.load_turns(part.session.uuid)}
    changed = [new for t in part.turns if (old := here.get((t.index, t.retry))) and (new := filled(old, t)) != old]
    for turn in changed:
        store.save_turn(turn)
    return len(changed)


def filled(local: TurnRecord, incoming: TurnRecord) -> TurnRecord:
    """``local`` with its missing reason, early start and error taken from ``incoming`` (the same try in a file);
    as it is when the two disagree on the verdict (not the same try after all)."""
    if local.verdict != incoming.verdict:
        return local
    take_reason = not local.verdict and local.unjudged_reason in UNSAID and incoming.unjudged_reason not in UNSAID
    return dataclasses.replace(
        local, unjudged_reason=incoming.unjudged_reason if take_reason else local.unjudged_reason,
        early_start=incoming.early_start if local.early_start is None else local.early_start,
        unjudged_error=local.unjudged_error or unjudged_error(incoming.verdict, incoming.unjudged_error))
