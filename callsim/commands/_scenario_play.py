"""``callsim scenarios play ID [TURN...]`` (an action of ``commands/scenarios``; the underscore keeps it from being
its own command): hear a scenario's caller lines on the speaker, as the app plays them."""

from __future__ import annotations

import argparse
import textwrap

from callsim import scenarios
from callsim.errors import CallsimError


def register_action(actions, extra: dict) -> None:
    """Add ``play`` to the ``scenarios`` actions (``extra``: the shared ``--scenarios`` option)."""
    play = actions.add_parser("play", help="hear a scenario's caller lines (all, or the turns named)",
                              description="Play a scenario's caller lines on the speaker, in file order, each "
                                          "printed as it plays. Needs no microphone. Ctrl+C stops.")
    play.add_argument("id", nargs="?", metavar="ID", help="the scenario (see: callsim scenarios list)")
    play.add_argument("turns", nargs="*", metavar="TURN", help="turn ids to play (default: every turn)")
    play.add_argument("--output", metavar="DEVICE", help="speaker name or index (see: callsim devices)")
    play.add_argument("--scenarios", **extra)
    play.set_defaults(func=play_scenario)


def play_scenario(args: argparse.Namespace) -> int:
    """Print and play each chosen turn's caller line."""
    from callsim.audio import output_device, play_clip
    from callsim.clip import load

    turns = chosen_turns(scenarios.load_library(args.scenarios), args.id, args.turns)
    speaker = output_device(args.output)  # no speaker: one line before anything is printed
    try:
        for turn in turns:
            print(textwrap.fill(f"[{turn.id}] ({turn.emotion}) \"{turn.caller}\"", 88, subsequent_indent="    "),
                  flush=True)
            play_clip(load(turn.audio_path), output=speaker.index)
    except KeyboardInterrupt:
        print("stopped")
        return 130
    return 0


def chosen_turns(library, scenario_id: str | None, wanted: list[str]) -> list:
    """The scenario's turns named in ``wanted`` (in that order), or all of them; CallsimError for unknown ids."""
    from callsim.commands._scenario_show import draft

    if not scenario_id:  # argparse would say "required: id, TURN" (TURN is optional)
        raise CallsimError(f"name a scenario to play: callsim scenarios play ID [TURN...] "
                           f"(known: {', '.join(sorted(library.scenarios))})")
    s = library.scenarios.get(scenario_id) or draft(library, scenario_id)  # a broken pack: its first problem
    silent = [t.id for t in s.turns if not t.audio_path.is_file()]
    if silent:
        raise CallsimError(f"scenario {scenario_id!r} has no audio yet for {', '.join(silent)} "
                           f"(callsim scenarios validate {s.folder})")
    by_id = {t.id: t for t in s.turns}
    unknown = [w for w in wanted if w not in by_id]
    if unknown:
        raise CallsimError(f"scenario {scenario_id!r} has no turn {unknown[0]!r} (turns: {', '.join(by_id)})")
    return [by_id[w] for w in wanted] if wanted else list(s.turns)
