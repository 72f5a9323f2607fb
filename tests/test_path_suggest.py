"""Completing the reply-file box's path: one folder read, audio files first, ~ and relative paths kept as typed."""

from __future__ import annotations

import pytest

from callsim.tui import path_suggest
from callsim.tui.path_suggest import PathSuggester, complete_path


@pytest.fixture
def folder(tmp_path):
    """replies/ (with two takes inside), a text file, two audio takes and a hidden one."""
    (tmp_path / "replies").mkdir()
    for name in ("replies/b.flac", "replies/a.wav", "replies.txt", "take2.FLAC", "take1.wav", "tally.txt",
                 ".hidden.ogg"):
        (tmp_path / name).write_bytes(b"x")
    return tmp_path


@pytest.mark.parametrize("typed, completed", [
    ("ta", "take1.wav"),           # audio files before other files, then by name
    ("tal", "tally.txt"),          # any file when no audio file matches
    ("rep", "replies/"),           # a folder before another file, with its separator
    ("replies", "replies/"),       # a folder's whole name still gains its separator
    ("replies/", "replies/a.wav"),  # inside a folder: its first audio file
    ("replies/b", "replies/b.flac"),
    ("take2", "take2.FLAC"),       # the ending's case does not matter for "audio"
    (".", ".hidden.ogg"),          # hidden entries only once the dot is typed
])
def test_the_best_entry_completes_the_typed_name(folder, typed, completed):
    assert complete_path(typed, str(folder)) == completed


@pytest.mark.parametrize("typed", ["take1.wav", "x", "TA", "", "nope/a", "take1.wav/a", "replies/a.wav\0"])
def test_nothing_longer_to_offer_is_none(folder, typed):
    """A whole file name, no match (case counts, as in file names), nothing typed, a missing folder, a file taken
    for a folder, a NUL pasted in: no suggestion, and nothing raised."""
    assert complete_path(typed, str(folder)) is None


def test_an_absolute_path_ignores_the_working_folder(folder):
    assert complete_path(f"{folder}/replies/", "/nowhere") == f"{folder}/replies/a.wav"


def test_a_relative_path_is_read_against_the_working_folder(folder, monkeypatch):
    monkeypatch.chdir(folder / "replies")
    assert complete_path("b") == "b.flac" and complete_path("../ta") == "../take1.wav"


def test_a_home_path_keeps_its_tilde(folder, monkeypatch):
    monkeypatch.setenv("HOME", str(folder))
    assert complete_path("~/rep", "/nowhere") == "~/replies/" and complete_path("~", "/nowhere") == "~/"
    assert complete_path("~no-such-user-here", "/nowhere") is None


def test_a_path_typed_after_the_prefilled_folder_completes_as_the_box_reads_it(folder, monkeypatch):
    """QA: the reply box starts in the last reply's folder and reads a full path typed after it ("replies//tmp/r.wav"
    is /tmp/r.wav), but suggested nothing for one, or a name inside the prefilled folder it then did not read."""
    from callsim.tui.path_suggest import complete_typed

    monkeypatch.setenv("HOME", str(folder))
    assert complete_typed(f"replies/{folder}/ta", "replies/", str(folder)) == f"replies/{folder}/take1.wav"
    assert complete_typed("replies/~/replies/", "replies/", "/nowhere") == "replies/~/replies/a.wav"
    assert complete_typed("replies/b", "replies/", str(folder)) == "replies/b.flac"  # inside the folder, as before
    assert complete_typed(f"{folder}//replies/b", "", "/nowhere") == f"{folder}//replies/b.flac"  # nothing prefilled


def test_an_unreadable_folder_gives_no_suggestion(folder, monkeypatch):
    def refused(path):
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(path_suggest.os, "scandir", refused)
    assert complete_path("replies/", str(folder)) is None


def test_a_huge_folder_is_only_partly_read(folder, monkeypatch):
    monkeypatch.setattr(path_suggest, "MAX_ENTRIES", 0)
    assert complete_path("ta", str(folder)) is None


async def test_the_suggester_reads_the_folder_anew_each_time(folder):
    suggester = PathSuggester(str(folder))
    assert await suggester.get_suggestion("replies/") == "replies/a.wav"
    (folder / "replies" / "0-new.wav").write_bytes(b"x")
    assert await suggester.get_suggestion("replies/") == "replies/0-new.wav"
    assert await suggester.get_suggestion("repl") == "replies/"


async def test_the_suggester_reads_a_path_after_the_prefilled_folder_as_the_box_does(folder):
    suggester = PathSuggester(str(folder), folder=lambda: "replies/")
    assert await suggester.get_suggestion(f"replies/{folder}/ta") == f"replies/{folder}/take1.wav"
    assert await suggester.get_suggestion("replies/b") == "replies/b.flac"
