"""The app's footer: Textual's ``Footer``, without the keys it leaves behind.

Textual 8 keeps a reference to each widget that watches a reactive of another object until that reactive next
changes (Textualize/textual#6666). Every ``FooterKey`` watches its footer's ``compact``, which never changes here,
and the footer builds a new set of keys whenever the screen's bindings change: the home screen's footer, which lives
as long as the app, kept a dozen dead keys (with their styles and render caches) per call practised. ``Footer``
drops the entries of closed keys each time it builds new ones.
"""

from __future__ import annotations

from textual.widgets import Footer as TextualFooter

#: Where Textual keeps an object's cross-object watchers: {reactive name: [(watching node, callback), ...]}.
WATCHERS = "__watchers"


class Footer(TextualFooter):
    """Textual's footer, which lets go of its closed keys when it builds new ones."""

    def compose(self):
        """The keys, as Textual's footer makes them, after dropping the old keys' watcher entries."""
        drop_closed_watchers(self)
        yield from super().compose()


def drop_closed_watchers(observed) -> int:
    """Drop the entries of closed (removed) nodes from ``observed``'s watcher lists; how many were dropped."""
    dropped = 0
    for entries in getattr(observed, WATCHERS, {}).values():
        kept = [(node, callback) for node, callback in entries if not (node._closing or node._closed)]
        dropped += len(entries) - len(kept)
        entries[:] = kept
    return dropped
