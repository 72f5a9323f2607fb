"""What the review and the reports say of a try kept without a verdict (``CallState.save_unjudged``): why it was not
judged, the error behind a failed recording or analysis, and the words shown live while it was spoken."""

from __future__ import annotations

from callsim.records import TurnRecord
from callsim.vocab import UNJUDGED_REASONS

#: How the review and the exports label the words shown live while an unjudged try was spoken, and what they are.
LIVE_LABEL = "words shown live"
LIVE_NOTE = "recognised while the trainee spoke; not a judged transcript"
#: How the review and the HTML label the error behind "the recording failed" or "the analysis failed".
ERROR_LABEL = "error"


def unjudged(turn: TurnRecord) -> bool:
    """True for a try kept without a verdict (``CallState.save_unjudged``): its recording only, no words or tone."""
    return not turn.verdict


def unjudged_why(turn: TurnRecord) -> str:
    """Why a try was not judged, in words ('nothing was heard'), "" for a judged try; an id this callsim does not
    know (from a newer one) is shown as words. The id is as stored (``TurnRecord.unjudged_reason``)."""
    return UNJUDGED_REASONS.get(turn.unjudged_reason, turn.unjudged_reason.replace("_", " "))


def unjudged_text(turn: TurnRecord) -> str:
    """What an unjudged try is, in the review and the exports: 'not judged: nothing was heard; its recording is
    kept' (the recording only when there is one)."""
    kept = "; its recording is kept" if turn.audio_path is not None else ""
    return f"not judged: {unjudged_why(turn)}{kept}"


def unjudged_error(turn: TurnRecord) -> str:
    """The one-line error the trainee was shown when an unjudged try's recording or analysis failed ("" when none
    was kept, and for a judged try)."""
    return (turn.unjudged_error or "") if unjudged(turn) else ""


def live_words(turn: TurnRecord) -> str:
    """The words shown live while an unjudged try was spoken ("" when none were): never a judged transcript."""
    return (turn.live_transcript or "").strip() if unjudged(turn) else ""
