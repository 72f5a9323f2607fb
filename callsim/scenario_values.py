"""How a pack's ids and texts must read: the id pattern with why an id breaks it, and hard-wrapped text unwrapped."""

from __future__ import annotations

import re

ID_PATTERN = r"[a-z0-9][a-z0-9_-]{0,63}"  # a scenario id (also how report file names spell one)
ID = re.compile(f"^{ID_PATTERN}$")
MAX_ID = 64  # characters of an id (ID_PATTERN's bound)


def id_problem(text: str) -> str | None:
    """Why ``text`` is not a usable id, in words ("is 65 characters long: at most 64"), or None when it is one."""
    if ID.match(text):
        return None
    if len(text) > MAX_ID:
        return f"is {len(text)} characters long: at most {MAX_ID}"
    if not text or not re.match(r"[A-Za-z0-9]", text):
        return "must start with a lower-case letter or digit"
    return "must be lower-case letters, digits, '-' or '_'"


def unwrap(text: str) -> str:
    """Hard-wrapped TOML text as flowing paragraphs (blank lines still separate them)."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())
