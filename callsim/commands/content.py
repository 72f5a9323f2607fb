"""``callsim content [--json] [--context TEXT] REPLY...``: empathy moves and banned language in replies.

Each REPLY argument is one reply (quote it). ``-`` reads one reply per line from
standard input; a line may be ``caller line<TAB>reply``, or a JSON object from
``callsim transcribe --json`` (then word times give fillers per minute).

The text output counts words from 1 (``word 1`` is the first word); the JSON
keeps Python-style indices: ``start_index`` from 0, ``end_index`` exclusive.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from callsim.errors import CallsimError
from callsim.vocab import MOVES

#: Other spellings accepted by ``--require`` (British and US English).
MOVE_ALIASES = {"apologise": "apologize", "apology": "apologize",
                "acknowledgement": "acknowledge", "acknowledgment": "acknowledge"}


def register(sub) -> None:
    """Add the ``content`` subcommand."""
    p = sub.add_parser("content", help="find empathy moves and banned phrases in reply transcripts",
                       description="Find empathy moves, banned language and fillers in reply transcripts. "
                                   "Quote each reply; - reads one reply per line from standard input; "
                                   "--list explains each move and banned phrase.")
    p.add_argument("replies", nargs="*", metavar="REPLY", help="a reply transcript (quoted), or - for standard input")
    p.add_argument("--list", action="store_true", help="explain each move and banned phrase in one line, then exit")
    p.add_argument("--json", action="store_true",
                   help="one JSON object per reply (start_index and end_index count words from 0, end exclusive)")
    p.add_argument("--context", metavar="TEXT", help="the caller's line the reply answers")
    p.add_argument("--require", metavar="MOVES",
                   help=f"comma-separated moves to report when missing; moves: {', '.join(MOVES)}")
    p.add_argument("--phrases", metavar="FILE", help="use this phrase book instead of the packaged phrases.toml")
    p.add_argument("--add", metavar="FILE", type=Path,
                   help="a phrases.toml of additions (a pack's, say) on top of the packaged book and the data "
                        "folder's additions, as replies to that pack are judged")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Check each reply and print its findings."""
    from callsim.content import check, default_phrasebook, missing_moves
    from callsim.content_additions import phrasebook_for, whole_book

    if args.list:
        print("\n".join(json.dumps(item) for item in items(args.phrases)) if args.json else listing(args.phrases))
        return 0
    if not args.replies:
        raise CallsimError("content: give a reply to check (quoted), - for standard input, or --list")
    required = required_moves(args.require) if args.require is not None else None
    if args.phrases and args.add:
        raise CallsimError("content: --phrases replaces the phrase book and --add adds to it: give one")
    if args.add and not args.add.is_file():
        raise CallsimError(f"{args.add}: " + ("a folder, not a phrases file" if args.add.is_dir() else
                                               "no such phrases file"))
    book = whole_book(Path(args.phrases)) if args.phrases else phrasebook_for(args.add) if args.add else \
        default_phrasebook()
    for reply, context, duration in _replies(args):
        result = check(reply, context=context, duration=duration, phrasebook=book)
        missing = missing_moves(result, required) if required is not None else None
        if args.json:
            record = result.to_dict() | ({"context": context} if context else {})
            print(json.dumps(record | ({"missing": missing} if missing is not None else {})), flush=True)
        else:
            print(_human(result, context, missing), flush=True)
    return 0


def listing(phrases: str | None = None) -> str:
    """Every move and banned phrase with the first sentence of its ``about`` in the phrase book."""
    lines, group = [], None
    for item in items(phrases):
        if item["group"] != group:
            group = item["group"]
            lines.append(f"{group}:")
        needs = " [needs --context]" if item["needs_context"] else ""
        lines.append(f"  {item['name']:<18} {first_sentence(item['about']) or '-'}{needs}")
    return "\n".join(lines)


def items(phrases: str | None = None) -> list[dict]:
    """``--list --json``: each move and banned phrase as ``{"group", "name", "about", "needs_context"}``, ``about``
    whole."""
    from callsim.content import NEEDS_CONTEXT
    from callsim.content_phrases import descriptions

    return [{"group": group, "name": name, "about": text, "needs_context": name in NEEDS_CONTEXT}
            for group, about in descriptions(phrases).items() for name, text in about.items()]


def first_sentence(text: str) -> str:
    """``text`` up to and including its first full stop followed by a space (all of it if none)."""
    cut = text.find(". ")
    return text if cut < 0 else text[:cut + 1]


def required_moves(text: str) -> list[str]:
    """``--require a,b``: the move names, with other spellings (``apologise``) mapped; one-line error if unknown."""
    names = [m.strip().lower().replace("-", "_").replace(" ", "_") for m in text.split(",") if m.strip()]
    moves = [MOVE_ALIASES.get(n, n) for n in names]
    unknown = [n for n, m in zip(names, moves) if m not in MOVES]
    if unknown:
        raise CallsimError(f"--require: unknown move(s) {', '.join(unknown)}; the moves are: {', '.join(MOVES)}")
    return list(dict.fromkeys(moves))


def _replies(args):
    """(reply, context, duration) for every argument, expanding ``-`` to standard input."""
    for item in args.replies:
        if item != "-":
            yield item, args.context, None
            continue
        for number, line in enumerate(sys.stdin, 1):
            line = line.rstrip("\n")
            if line.strip():
                yield _stdin_reply(line, number, args.context)


def _stdin_reply(line: str, number: int, context: str | None):
    if line.lstrip().startswith("{"):
        from callsim.asr import Transcript

        try:
            data = json.loads(line)
            transcript = Transcript.from_dict(data)
        except (ValueError, TypeError) as err:
            raise CallsimError(f"standard input line {number}: not a transcript JSON object ({err})") from None
        return (transcript if transcript.words else data.get("text", "")), data.get("context", context), data.get("duration")
    if "\t" in line:
        caller, reply = line.split("\t", 1)
        return reply, caller or context, None
    return line, context, None


def _human(result, context: str | None, missing: list[str] | None) -> str:
    lines = [f"reply: {result.text or '(no words)'}"]
    if context:
        lines.append(f"caller: {context}")
    for title, findings in (("moves", result.moves), ("banned", result.banned)):
        lines.append(f"  {title}:" + ("" if findings else " none"))
        lines += [f"    {f.name:<18} \"{f.words}\"  {_where(f)}" for f in findings]
    if missing is not None:
        from callsim.content import NEEDS_CONTEXT

        named = [f"{m} (needs the caller's line: --context)" if m in NEEDS_CONTEXT and not context else m
                 for m in missing]
        lines.append(f"  missing: {', '.join(named) or 'none'}")
    said = ", ".join(f'"{f.words}"' for f in result.fillers) or "none"
    rate = "" if result.fillers_per_minute is None else f" ({result.fillers_per_minute:.1f} per minute)"
    lines.append(f"  fillers: {said}{rate}")
    return "\n".join(lines)


def _where(finding) -> str:
    """Where a finding is, for people: words counted from 1 (``word 1`` is the first), then its times if known."""
    first, last = finding.start_index + 1, finding.end_index
    where = f"word {first}" if first == last else f"words {first}-{last}"
    if finding.start is not None:
        where += f", {finding.start:.2f}-{finding.end:.2f} s"
    return where
