"""The notices under the home screen's scenario list: no device (and m to look again), no store, packs that did
not load, a phrases.toml that does not load."""

from __future__ import annotations

import os

from rich.text import Text


def notices_text(services) -> Text:
    """The notices, a line each, cut with "…" at the screen's edge (none: empty). The key that looks for a device
    again comes first: the reason after it is long ("no input device found (connect a microphone, or ...")."""
    look_again = "m: look again · " if services.device_error and services.find_device else ""
    notes = [look_again + services.device_error, services.store_error]
    notes += skipped_packs(services.library.problems) + [own_wording_notice()]
    return Text("\n".join(n for n in notes if n), no_wrap=True, overflow="ellipsis")


def own_wording_notice() -> str | None:
    """One line when the data folder's phrases.toml does not load (replies are judged without it until fixed). The
    data folder's path is left out of the reason (``phrases.toml:2: ...``), so what is wrong fits at 80 columns;
    ``callsim doctor`` gives the whole path."""
    from callsim import paths
    from callsim.content_additions import user_additions_problem

    why = user_additions_problem()
    if why is None:
        return None
    return f"your phrases.toml is left out until fixed: {str(why).replace(str(paths.data_dir()) + os.sep, '')}"


def skipped_packs(problems) -> list[str]:
    """One notice for the packs that did not load: the folder and what is wrong, or the folders of several."""
    from callsim.scenario_model import pack_names

    names = pack_names(problems)
    if len(names) == 1:
        return [f"skipped pack {names[0]}: {problems[0].message}"]
    if names:
        return [f"skipped {len(names)} packs that do not load (callsim scenarios list says why): {', '.join(names)}"]
    return []
