"""Phrase book additions: the user's phrases.toml (data folder) and a pack's phrases.toml add wording."""

from __future__ import annotations

import json

import pytest

from callsim import content, paths, practice
from callsim.content_additions import merged, phrasebook_for
from callsim.errors import CallsimError
from callsim.scenario_parse import read_pack
from test_scenarios import write_pack

OWN = "own_mistake"
REPLY = "you are right our payment run charged you twice"
ADDITION = '[moves.own_mistake]\npatterns = ["our payment run charged you twice"]\n'


def makes(move: str, text: str, book) -> bool:
    """True when ``text`` makes ``move`` with ``book``."""
    return move in {f.name for f in content.check(text, phrasebook=book).moves}


def test_merging_appends_lists_merges_tables_and_replaces_values():
    base = {"moves": {"a": {"patterns": ["x"], "hedged": False}}, "settings": {"window": 6}}
    extra = {"moves": {"a": {"patterns": ["y"], "hedged": True}, "b": {"patterns": ["z"]}}, "settings": {"window": 8}}
    assert merged(base, extra) == {"moves": {"a": {"patterns": ["x", "y"], "hedged": True}, "b": {"patterns": ["z"]}},
                                   "settings": {"window": 8}}
    assert base["moves"]["a"]["patterns"] == ["x"]  # the packaged book is not changed


def test_the_users_additions_reach_every_check():
    assert not makes(OWN, REPLY, content.default_phrasebook())
    (paths.data_dir()).mkdir(parents=True, exist_ok=True)
    (paths.data_dir() / "phrases.toml").write_text(ADDITION)
    assert makes(OWN, REPLY, content.default_phrasebook())
    assert makes("apologize", "i'm so sorry about that", content.default_phrasebook())  # the packaged book stays


def test_a_packs_additions_count_for_its_turns_only(tmp_path):
    pack = write_pack(tmp_path / "mini")
    (pack / "phrases.toml").write_text(ADDITION)
    scenario, problems = read_pack(pack)
    assert not problems and all(t.phrases == pack / "phrases.toml" for t in scenario.turns)
    assert makes(OWN, REPLY, phrasebook_for(scenario.turns[0].phrases))
    assert not makes(OWN, REPLY, content.default_phrasebook())


def test_the_app_judges_a_packs_turn_with_its_additions(tmp_path):
    import numpy as np

    from callsim import prosody
    from callsim.asr import Transcript, Word
    from callsim.clip import Clip

    pack = write_pack(tmp_path / "mini")
    (pack / "phrases.toml").write_text(ADDITION)
    scenario, _ = read_pack(pack)
    words = [Word(w, 0.3 * i, 0.3 * i + 0.25, 1.0) for i, w in enumerate(REPLY.split())]
    clip = Clip(np.zeros(16000 * 3, np.float32), 16000)
    outcome = practice.evaluate(clip, Transcript(tuple(words)), prosody.extract(clip, words=words),
                                turn=scenario.turns[0], baseline=None)
    assert OWN in {f.name for f in outcome.content.moves}


@pytest.mark.parametrize("text, where, says", [
    ('[moves.own_mistake\npatterns = ["x"]\n', 1, "not valid TOML"),
    ('[moves.own_mistkae]\npatterns = ["x"]\n', 1, "[moves.own_mistkae] is not a move item; did you mean 'own_mistake'?"),
    ('# mine\n[moves.own_mistake]\npatterns = [42]\n', 3, "patterns must be a list of non-empty strings"),
    ('[moves.own_mistake]\npatterns = "our mistake"\n', 2, "patterns must be a list of non-empty strings"),
    ('[words]\nfeeling = "gutted"\n', 2, "[words] feeling must be a list of non-empty strings"),
    ('[moves.apologize]\npatterns = ["so so sorry"]\n[moves.own_mistake]\npattern = ["x"]\n', 4,
     "unknown key 'pattern'; did you mean 'patterns'?"),
    ('[moves.own_mistake]\npatterns = ["(zebra|the crossing"]\n', 2, "unbalanced or empty parentheses"),
    ('[moves.own_mistake]\npatterns = ["..."]\n', 2, "is only wildcards and would match anything"),
    ('[moves.own_mistake]\nnegatable = "yes"\n', 2, "negatable must be true or false"),
    ('[settings]\nwindow = "six"\n', 2, "[settings] window must be a whole number"),
    ('[movez.own_mistake]\npatterns = ["x"]\n', 1, "unknown table [movez]; did you mean 'moves'?"),
    ('[moves.own_mistake]\npatterns = ["{nosuch} x"]\n', 2, "unknown or circular word list {nosuch}"),
    # QA: a huge gap was an OverflowError traceback; punctuation made a pattern that could never match
    ('[moves.own_mistake]\npatterns = [\n "our fault",\n "we ...9999999999999999999999 wrong",\n]\n', 4,
     "skips up to 9999999999999999999999 words; at most 12 (...12)"),
    ('[moves.own_mistake]\npatterns = ["the co-op got it wrong"]\n', 2,
     "has '-', which a transcript's words never hold (letters, digits and apostrophes): it would never match; "
     "write the words as spoken"),
    ('[moves.own_mistake]\npatterns = ["sorry, we"]\n', 2, "has ','"),
    # a misspelt word list was a new list nothing used: its words counted nowhere, without a word
    ('# mine\n[words]\nfeelings = ["gutted"]\n', 3,
     "[words] feelings is no word list of the phrase book and no pattern here uses {feelings}, so its words would "
     "count nowhere; did you mean 'feeling'?"),
])
def test_a_broken_pack_phrase_book_makes_the_pack_broken_at_its_line(tmp_path, text, where, says):
    """QA: a wrong type crashed every command; a string for a list matched one letter at a time; typos and
    unbalanced patterns were dropped silently."""
    pack = write_pack(tmp_path / "mini")
    (pack / "phrases.toml").write_text(text)
    scenario, problems = read_pack(pack)
    assert scenario is None and len(problems) == 1
    assert problems[0].path == pack / "phrases.toml" and problems[0].line == where and says in problems[0].message
    assert str(problems[0]) == f"{pack / 'phrases.toml'}:{where}: {problems[0].message}"  # the place said once


def test_a_phrase_book_that_is_not_utf8_is_named_at_its_line_like_a_scenario_toml(tmp_path):
    """QA: a Latin-1 phrases.toml gave "cannot read the phrase book PATH ('utf-8' codec can't decode byte 0xe9 in
    position 36: ...)", the path twice and no line, where a Latin-1 scenario.toml gives path:line."""
    pack = write_pack(tmp_path / "mini")
    (pack / "phrases.toml").write_bytes('[moves.own_mistake]\npatterns = ["caf\xe9 fault"]\n'.encode("latin-1"))
    scenario, problems = read_pack(pack)
    assert scenario is None
    assert [str(p) for p in problems] == [f"{pack / 'phrases.toml'}:2: not UTF-8 text (byte 0xe9: save the file as UTF-8)"]


def test_pattern_language_and_times_are_not_taken_for_punctuation():
    from callsim.content_checks import pattern_problem

    assert [pattern_problem(p) for p in ("at 3:30 ...12 today", "(i will|i'll) apolog* {feeling}? _ # ^", "café")] \
        == ["", "", ""]


def test_a_broken_user_file_is_one_clear_error_and_never_blamed_on_a_pack(tmp_path):
    paths.data_dir().mkdir(parents=True, exist_ok=True)
    (paths.data_dir() / "phrases.toml").write_text('[banned.nope]\npatterns = ["x"]\n')
    with pytest.raises(CallsimError, match=r"phrases.toml:1: \[banned.nope\] is not a banned item"):
        content.default_phrasebook()
    pack = write_pack(tmp_path / "mini")
    (pack / "phrases.toml").write_text(ADDITION)
    scenario, problems = read_pack(pack)
    assert scenario is not None and problems == []  # the pack's own file is fine
    assert makes(OWN, REPLY, phrasebook_for(scenario.turns[0].phrases, lenient=True))  # the app judges with it


def test_scenarios_show_names_the_packs_own_wording(tmp_path, capsys):
    from callsim.cli import main

    pack = write_pack(tmp_path / "packs" / "mini")
    (pack / "phrases.toml").write_text(ADDITION)
    assert main(["scenarios", "show", "mini", "--scenarios", str(tmp_path / "packs")]) == 0
    assert "own wording: phrases.toml adds to the phrase book for these turns" in capsys.readouterr().out


def test_show_and_play_say_a_pack_with_a_broken_phrases_toml_exists_but_is_broken(tmp_path, capsys):
    """QA: they said "no scenario 'mini'" for a pack whose only problem was its phrases.toml."""
    from callsim.cli import main

    pack = write_pack(tmp_path / "packs" / "mini")
    (pack / "phrases.toml").write_text('[moves.own_mistake]\npatterns = "x"\n')
    for action in ("show", "play"):
        assert main(["scenarios", action, "mini", "--scenarios", str(tmp_path / "packs")]) == 1
        err = capsys.readouterr().err
        assert "scenario 'mini' exists but is broken: " in err and "phrases.toml:2: " in err


def test_a_whole_phrase_book_of_ones_own_is_checked_like_an_addition(tmp_path, capsys):
    """QA: `content --phrases FILE` with a wrong value type printed a traceback; the packaged book passes the checks."""
    from callsim.cli import main
    from callsim.content_phrases import DEFAULT_PATH

    whole = tmp_path / "book.toml"
    whole.write_text(DEFAULT_PATH.read_text())
    assert main(["content", "--phrases", str(whole), "i'm so sorry"]) == 0 and "apologize" in capsys.readouterr().out
    whole.write_text('[moves.own_mistake]\npatterns = [42]\n')
    assert main(["content", "--phrases", str(whole), "hi"]) == 1
    assert "book.toml:2: [moves.own_mistake] patterns must be a list of non-empty strings" in capsys.readouterr().err


def test_content_add_checks_a_packs_additions_on_top_of_the_packaged_book(tmp_path, capsys):
    """QA: a trainer checked a pack's phrases.toml with --phrases, which replaced the whole book: every move the
    packaged book knows went missing without a word. --add is the book plus the additions, as replies are judged."""
    from callsim.cli import main

    additions = tmp_path / "phrases.toml"
    additions.write_text(ADDITION)
    reply = f"i'm so sorry {REPLY}"
    assert main(["content", "--json", "--add", str(additions), reply]) == 0
    found = {f["name"] for f in json.loads(capsys.readouterr().out)["moves"]}
    assert {"apologize", OWN} <= found
    assert main(["content", "--add", str(tmp_path / "none.toml"), reply]) == 1
    assert "none.toml: no such phrases file" in capsys.readouterr().err
    assert main(["content", "--add", str(tmp_path), reply]) == 1  # QA: a folder was called missing
    assert f"{tmp_path}: a folder, not a phrases file" in capsys.readouterr().err
    assert main(["content", "--add", str(additions), "--phrases", str(additions), reply]) == 1
    assert "give one" in capsys.readouterr().err


BROKEN = '[moves.offer_help]\npatterns = ["(unclosed"]\n'


def test_a_broken_user_file_never_stops_a_reply_being_judged(tmp_path):
    """QA: the example-quoting tip for a missing move used the strict book, so every reply failed to be judged."""
    import numpy as np

    from callsim import prosody
    from callsim.asr import Transcript, Word
    from callsim.clip import Clip
    from callsim.scenarios import load_library

    paths.data_dir().mkdir(parents=True, exist_ok=True)
    (paths.data_dir() / "phrases.toml").write_text(BROKEN)
    turn = load_library().get("missed-technician").turn("checked")
    words = [Word(w, 0.3 * i, 0.3 * i + 0.25, 1.0) for i, w in enumerate("okay let me look".split())]
    clip = Clip(np.zeros(16000 * 2, np.float32), 16000)
    outcome = practice.evaluate(clip, Transcript(tuple(words)), prosody.extract(clip, words=words), turn=turn,
                                baseline=None)
    assert "apologize" in outcome.verdict.missing
    assert any("as in this call's example" in tip for tip in outcome.verdict.tips)


def test_doctor_and_scenarios_list_name_a_broken_user_file(capsys):
    from callsim.cli import main
    from callsim.doctor import check_own_wording

    assert check_own_wording().ok
    paths.data_dir().mkdir(parents=True, exist_ok=True)
    (paths.data_dir() / "phrases.toml").write_text(BROKEN)
    check = check_own_wording()
    assert not check.ok and not check.required and check.detail.endswith("phrases.toml:2: [moves.offer_help] "
                                                                         "patterns: pattern '(unclosed' has "
                                                                         "unbalanced or empty parentheses")
    assert main(["scenarios", "list"]) == 0
    out = capsys.readouterr().out
    assert "phrases.toml:2: [moves.offer_help]" in out and "replies are judged without it until it is fixed" in out


def test_validate_names_a_broken_user_file_once_and_still_checks_every_pack(tmp_path, capsys):
    """QA as a trainer: a broken phrases.toml in the data folder made `scenarios validate` stop with one error and no
    result for any pack, while `scenarios list` loaded every pack and said replies are judged without it."""
    from callsim.cli import main

    paths.data_dir().mkdir(parents=True, exist_ok=True)
    (paths.data_dir() / "phrases.toml").write_text(BROKEN)
    assert main(["scenarios", "validate", str(write_pack(tmp_path / "mini"))]) == 1
    out, err = capsys.readouterr()
    assert out.startswith(f"{paths.data_dir() / 'phrases.toml'}:2: ") and "checked without it" in out
    assert "1 pack(s) OK, 0 with problems" in err


ACCENTED = ('[moves.own_mistake]\npatterns = ["our Café {cafe_staff} got your order wrong"]\n'
            '[words]\ncafe_staff = ["Barista", "équipe"]\n')


@pytest.mark.parametrize("reply", ["our café barista got your order wrong", "OUR CAFE ÉQUIPE GOT YOUR ORDER WRONG"])
def test_own_wording_is_folded_as_transcripts_are(tmp_path, capsys, reply):
    """QA: a trainer's "café" never matched, as the transcript's "café" is read as "cafe" (text_fold), and an
    upper-case word never matched the lower-case transcript; a pack's and ``content --add``'s wording now do."""
    from callsim.cli import main

    pack = write_pack(tmp_path / "mini")
    (pack / "phrases.toml").write_text(ACCENTED)
    scenario, problems = read_pack(pack)
    assert not problems and makes(OWN, reply, phrasebook_for(scenario.turns[0].phrases))
    assert main(["content", "--json", "--add", str(pack / "phrases.toml"), reply]) == 0
    assert OWN in {f["name"] for f in json.loads(capsys.readouterr().out)["moves"]}


def test_folding_leaves_the_packaged_book_and_what_is_not_words_as_they_are():
    from callsim.content_additions import folded_words
    from callsim.content_phrases import DEFAULT_PATH, read_book

    assert folded_words(read_book(DEFAULT_PATH)) == read_book(DEFAULT_PATH)  # it is written folded already
    book = {"moves": {"apologize": {"about": "Café", "weak_after": "Own", "patterns": ["I’m Sorry {Kin}"]}},
            "words": {"Kin": ["Zoë"]}, "fillers": {"phrase": [{"words": "Y’know", "not_last": True}]}}
    assert folded_words(book) == {"moves": {"apologize": {"about": "Café", "weak_after": "Own",
                                                          "patterns": ["i'm sorry {Kin}"]}},
                                  "words": {"Kin": ["zoe"]}, "fillers": {"phrase": [{"words": "y'know", "not_last": True}]}}


def test_a_new_word_list_is_fine_when_used_or_named_like_no_packaged_list(tmp_path):
    """Only a list named like a packaged one and used by no pattern of the file is taken for a typo."""
    for text in ('[words]\nfeelings = ["gutted"]\n[moves.acknowledge]\npatterns = ["so {feelings}"]\n',
                 '[words]\nproduct = ["gizmo", "widget"]\n'):
        pack = write_pack(tmp_path / str(len(text)))
        (pack / "phrases.toml").write_text(text)
        assert read_pack(pack)[1] == []


@pytest.mark.parametrize("name", ["Phrases.toml", "phrase.toml", "phrases.toml.txt", "phrases.yaml"])
def test_a_pack_phrase_book_under_a_near_name_is_named_not_skipped(tmp_path, name):
    """QA: a pack's `Phrases.toml` (or one an editor saved as `.txt`) was skipped without a word, and its phrases
    with it."""
    pack = write_pack(tmp_path / "mini")
    (pack / name).write_text(ADDITION)
    scenario, problems = read_pack(pack)
    assert scenario is not None and [str(p) for p in problems] == [
        f"{pack / name}: warning: not read: name the file phrases.toml (a TOML file)"]


def test_a_folder_named_phrases_toml_is_named_and_backups_are_left_alone(tmp_path):
    pack = write_pack(tmp_path / "mini")
    (pack / "phrases.toml").mkdir()
    assert [str(p) for p in read_pack(pack)[1]] == [
        f"{pack / 'phrases.toml'}: warning: is a folder; the phrases go in a file of that name"]
    other = write_pack(tmp_path / "other")
    # put aside on purpose, or an editor's backup (review: 'phrases.toml~' broke the pack)
    for name in ("phrases.toml.bak", "phrases_old.toml", "phrases.toml~", "#phrases.toml#", ".phrases.toml.swp"):
        (other / name).write_text(ADDITION)
    assert read_pack(other)[0] is not None and read_pack(other)[1] == []


def test_doctor_names_a_misnamed_user_phrase_book():
    from callsim.doctor import check_own_wording

    paths.data_dir().mkdir(parents=True, exist_ok=True)
    (paths.data_dir() / "Phrases.toml").write_text(ADDITION)
    check = check_own_wording()
    assert not check.ok and check.detail == f"{paths.data_dir() / 'Phrases.toml'}: not read: name the file " \
                                            "phrases.toml (a TOML file)"
