"""``callsim content``: --json, --context, - for standard input, --require, --phrases, human output."""

from __future__ import annotations

import io
import json

import pytest

from callsim.cli import main
from callsim.errors import CallsimError


def run_json(capsys, argv, stdin=None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    assert main(["content", "--json", *argv]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_json_one_object_per_reply_argument(capsys):
    first, second = run_json(capsys, ["i'm so sorry that was our error", "calm down as i said"])
    assert first["text"] == "i'm so sorry that was our error"
    assert [m["name"] for m in first["moves"]] == ["apologize", "own_mistake"]
    assert first["moves"][1].items() >= {"words": "that was our error", "start_index": 3, "end_index": 7}.items()
    assert first["banned"] == [] and first["fillers_per_minute"] is None
    assert [b["name"] for b in second["banned"]] == ["calm_down", "as_i_said"]


def test_context_enables_restate_accept_no_and_hard_sell(capsys):
    [plain] = run_json(capsys, ["no problem"])
    [declined] = run_json(capsys, ["--context", "no thanks i'm not interested", "no problem"])
    [pushed] = run_json(capsys, ["--context", "no thanks", "are you sure it's only five pounds"])
    assert plain["moves"] == []
    assert [m["name"] for m in declined["moves"]] == ["accept_no"] and declined["context"] == "no thanks i'm not interested"
    assert [b["name"] for b in pushed["banned"]] == ["hard_sell"]


def test_stdin_one_reply_per_line_with_optional_caller_line(capsys, monkeypatch):
    stdin = "i'll call you back by three\n\nmy boiler is broken\tso your boiler is broken\n"
    first, second = run_json(capsys, ["-"], stdin, monkeypatch)
    assert {m["name"] for m in first["moves"]} == {"action", "time_frame"}
    assert [m["name"] for m in second["moves"]] == ["restate"] and second["context"] == "my boiler is broken"


def test_stdin_transcribe_json_gives_times_and_fillers_per_minute(capsys, monkeypatch):
    words = [{"text": t, "start": s, "end": s + 0.4, "conf": 1.0} for t, s in (("um", 0.0), ("sorry", 0.5), ("uh", 1.0))]
    line = json.dumps({"file": "a.wav", "duration": 6.0, "text": "um sorry uh", "words": words})
    [record] = run_json(capsys, ["-"], line + "\n", monkeypatch)
    assert record["moves"][0].items() >= {"name": "apologize", "start": 0.5, "end": 0.9}.items()
    assert record["fillers_per_minute"] == pytest.approx(20.0)


def test_require_reports_missing_moves(capsys):
    [record] = run_json(capsys, ["--require", "apologize,action", "i'm sorry"])
    assert record["missing"] == ["action"]
    assert main(["content", "--require", "grovel", "x"]) == 1
    assert "unknown move" in capsys.readouterr().err


def test_a_required_move_that_needs_the_callers_line_says_so_when_there_is_none(capsys):
    """'--require restate' without --context listed restate as simply missing, as if the reply had not restated
    the problem, though it cannot be found without the caller's line."""
    assert main(["content", "--require", "restate,action", "so your printer is jammed again"]) == 0
    out = capsys.readouterr().out
    assert "  missing: restate (needs the caller's line: --context), action" in out
    assert main(["content", "--require", "restate", "--context", "my printer is jammed", "the toner is low"]) == 0
    assert "  missing: restate\n" in capsys.readouterr().out


def test_require_finds_moves_said_after_a_negated_clause(capsys):
    """QA: the earlier clause's negation made these moves "missing"."""
    records = run_json(capsys, ["--require", "apologize,own_mistake,action",
                                "i don't know what happened i'm so sorry", "that wasn't okay that was our mistake",
                                "i'm not sure what went wrong i'll send a technician today",
                                "you don't need to worry i'll call you back in twenty minutes"])
    assert [r["missing"] for r in records] == [["own_mistake", "action"], ["apologize", "action"],
                                               ["apologize", "own_mistake"], ["apologize", "own_mistake"]]


def test_human_output_shows_matched_words(capsys):
    assert main(["content", "--context", "you charged me twice", "um you were charged twice and that's on us"]) == 0
    out = capsys.readouterr().out
    assert "reply: um you were charged twice and that's on us" in out
    assert 'restate' in out and '"charged twice"' in out
    assert 'own_mistake' in out and '"that\'s on us"' in out and "words 7-9" in out
    assert 'fillers: "um"' in out and "banned: none" in out


def test_trainer_phrase_book_extends_the_checks(tmp_path, capsys):
    from callsim.content_phrases import DEFAULT_PATH, load

    book = DEFAULT_PATH.read_text().replace('patterns = ["{feeling}",', 'patterns = ["{feeling}", "oh dear",')
    custom = tmp_path / "phrases.toml"
    custom.write_text(book)
    [record] = run_json(capsys, ["--phrases", str(custom), "oh dear"])
    assert [m["name"] for m in record["moves"]] == ["acknowledge"]
    custom.write_text(book.replace("[moves.acknowledge]", "[moves.acknowledgement]"))
    with pytest.raises(CallsimError, match="unknown move item 'acknowledgement'"):
        load(custom)
    custom.write_text("[moves\n")
    assert main(["content", "--phrases", str(custom), "x"]) == 1
    assert "phrases.toml:1: not valid TOML" in capsys.readouterr().err  # path:line, like every phrase book error


@pytest.mark.parametrize("argv", [["--phrases", "{path}", "x"], ["--list", "--phrases", "{path}"]])
def test_a_phrase_book_that_cannot_be_read_gives_the_reason_once(tmp_path, capsys, argv):
    """QA: a typo'd --phrases path printed Python's "[Errno 2] No such file or directory: 'path'", naming the path
    twice; a folder likewise."""
    for path, why in ((tmp_path / "nope.toml", "No such file or directory"), (tmp_path, "Is a directory")):
        assert main(["content", *(a.format(path=path) for a in argv)]) == 1
        assert capsys.readouterr().err == f"callsim: error: cannot read the phrase book {path} ({why})\n"


def test_human_word_positions_count_from_one_json_from_zero(capsys):
    assert main(["content", "sorry"]) == 0
    assert '"sorry"  word 1' in capsys.readouterr().out
    [record] = run_json(capsys, ["sorry"])
    assert record["moves"][0].items() >= {"start_index": 0, "end_index": 1}.items()


def test_list_explains_every_move_and_banned_phrase_in_one_line(capsys):
    from callsim.vocab import BANNED, MOVES

    assert main(["content", "--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    named = {line.split()[0]: line for line in lines if line.startswith("  ")}
    assert list(named) == list(MOVES + BANNED)
    assert all(len(line.split()) > 3 for line in named.values())
    assert "[needs --context]" in named["restate"] and "[needs --context]" in named["hard_sell"]
    assert "'i understand' said two or more times" in named["parroting"]


def test_list_json_gives_each_item_whole_one_per_line(capsys):
    """QA: --list ignored --json and printed the text listing."""
    from callsim.vocab import BANNED, MOVES

    assert main(["content", "--list", "--json"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["name"] for r in records] == list(MOVES + BANNED)
    assert {r["group"] for r in records} == {"moves", "banned"}
    acknowledge = records[0]
    assert acknowledge["about"].endswith("Bare 'i understand' does not count.")  # whole, not its first sentence
    assert [r["name"] for r in records if r["needs_context"]] == ["restate", "hard_sell"]


def test_no_reply_and_no_list_is_a_one_line_error(capsys):
    assert main(["content"]) == 1
    assert "--list" in capsys.readouterr().err
