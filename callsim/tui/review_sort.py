"""How the review table is sorted: the columns in order, which way each sorts first, and how the direction is shown.

Dates and scores read best largest first (the newest session, the highest score); names, ids, states and grades
A→Z. ``s`` moves on to the next column in its first direction, ``S`` (or clicking the sorted header) turns the
direction round; the sorted column's header carries ▼ (largest or Z first) or ▲.
"""

from __future__ import annotations

from dataclasses import dataclass

#: (key, header) of the table's columns, in order; the keys are ``Store.list_sessions(sort=...)``'s.
COLUMNS = (("started", "Date"), ("trainee", "Trainee"), ("scenario", "Scenario"), ("status", "Status"),
           ("score", "Score"), ("grade", "Grade"))
#: Columns whose first sort is descending, with their two directions in words (descending, ascending).
LARGEST_FIRST = {"started": ("newest first", "oldest first"), "score": ("highest first", "lowest first")}
#: The two directions of the other columns, in words (descending, ascending).
LETTERS = ("Z→A", "A→Z")


@dataclass(frozen=True)
class SortOrder:
    """The column the table is sorted by (``key``) and whether largest (or Z) comes first."""

    key: str = "started"
    descending: bool = True

    def next_column(self) -> "SortOrder":
        """The next column (after the last: the first), in its first direction."""
        keys = [k for k, _ in COLUMNS]
        return first_order(keys[(keys.index(self.key) + 1) % len(keys)])

    def reversed(self) -> "SortOrder":
        """The same column the other way round."""
        return SortOrder(self.key, not self.descending)

    def clicked(self, key: str) -> "SortOrder":
        """A header clicked: its column in its first direction, or the other way round when it is sorted already."""
        return self.reversed() if key == self.key else first_order(key)

    def header(self, key: str) -> str:
        """Column ``key``'s header, with ▼ or ▲ when the table is sorted by it."""
        label = dict(COLUMNS)[key]
        return f"{label} {'▼' if self.descending else '▲'}" if key == self.key else label

    def words(self) -> str:
        """The order for the status line: ``Date, newest first``, ``Trainee, A→Z``."""
        pair = LARGEST_FIRST.get(self.key, LETTERS)
        return f"{dict(COLUMNS)[self.key]}, {pair[0] if self.descending else pair[1]}"


def first_order(key: str) -> SortOrder:
    """Column ``key`` in the direction it sorts first: dates and scores largest first, the others A→Z."""
    return SortOrder(key, key in LARGEST_FIRST)
