"""Import checks the shapes of a try's payloads: a wrong type anywhere is refused in one line naming the field,
or what is stored renders in the exports, progress and the review without an exception."""

from __future__ import annotations

import copy
import dataclasses
import json

import pytest

from callsim import progress, report
from callsim.cli import main
from callsim.exchange import parse
from callsim.exchange_fields import ExportError
from callsim.exchange_merge import merge
from callsim.report_json import export_document
from callsim.store import Store
from callsim.tui import review_render as render
from callsim.tui.review_evidence import evidence
from report_helpers import fill

A = "a0000000-0000-4000-8000-00000000000a"
#: Wrong values put in place of each field in turn (null too: the readers take it as empty).
WRONG = (1.5, -1.5, "x", True, None, [], [1.5], {"x": 1})


@pytest.fixture(scope="module")
def document(tmp_path_factory):
    """A real JSON export of the filled store's session ``A`` (three tries, notes, an override) and its baseline."""
    with Store.open(tmp_path_factory.mktemp("source") / "store") as store:
        fill(store)
        return export_document(store, [store.load_session(A)], audio=False)


def paths(value, path=()):
    """Every place in a JSON value (a list's first item only, as the others have its shape)."""
    yield path
    if isinstance(value, dict):
        for key, part in value.items():
            yield from paths(part, path + (key,))
    elif isinstance(value, list) and value:
        yield from paths(value[0], path + (0,))


def places(document):
    """Every place under a try's payloads, an override's values and the baseline's profile, as paths from the
    document."""
    session = document["sessions"][0]
    for t, turn in enumerate(session["turns"]):
        for key in ("transcript", "prosody", "tone", "content"):
            yield from ((("sessions", 0, "turns", t, key) + p) for p in paths(turn[key]))
    for key in ("original", "new_value"):
        yield ("sessions", 0, "overrides", 0, key)
    yield from (("baselines", 0, "profile") + p for p in paths(document["baselines"][0]["profile"]))


def mutated(document, path, value):
    """``document`` with ``value`` at ``path``."""
    doc = copy.deepcopy(document)
    *parents, last = path
    holder = doc
    for key in parents:
        holder = holder[key]
    holder[last] = value
    return doc


def renders(store) -> None:
    """Every export format, each trainee's progress and the review's rows and evidence of every try."""
    sessions = store.list_sessions()
    for fmt in report.FORMATS:
        report.render(store, sessions, fmt, progress_for=[t.name for t in store.list_trainees()])
    for trainee in store.list_trainees():
        progress.text_lines(progress.summary(store, trainee.name))
    for s in sessions:
        detail = store.session_detail(s.uuid)
        for turn in detail.turns:
            overrides = [o for o in detail.overrides if o.turn_index == turn.index]
            render.turn_row(turn, overrides), evidence(turn, overrides)
            [render.word_cells(w) for w in (turn.transcript or {}).get("words") or ()]


def outcome(document, path, value, folder) -> str:
    """'refused' or 'stored', or what went wrong: a message of more than one line, or an exception."""
    try:
        bundle = parse(mutated(document, path, value))
    except ExportError as err:
        return "refused" if "\n" not in str(err) and str(err).startswith(("session 1", "baseline 1")) else f"bad message: {err}"
    with Store.open(folder) as store:
        merge(store, bundle)
        try:
            renders(store)
        except Exception as err:  # noqa: BLE001 - the failure is the finding
            return f"{type(err).__name__}: {err}"
    return "stored"


def test_every_payload_field_of_a_wrong_type_is_refused_or_renders(document, tmp_path):
    """QA: transcript.words = 1.5 imported, then crashed the review; -1.5 in words or a reason's band crashed the
    HTML export, and in content.moves, progress."""
    found, n = {}, 0
    for path in places(document):
        for value in WRONG:
            n += 1
            result = outcome(document, path, value, tmp_path / f"store{n}")
            found.setdefault(result, []).append((path, value))
    assert set(found) <= {"refused", "stored"}, {k: v[:3] for k, v in found.items() if k not in ("refused", "stored")}
    assert len(found["refused"]) > 50 and len(found["stored"]) > 50


@pytest.mark.parametrize("path, value, message", [
    (("transcript", "words"), 1.5, "'transcript.words' is not a list (1.5)"),
    (("transcript", "words", 0, "start"), "x", "'transcript.words[0].start' is not a number (x)"),
    (("transcript", "words", 0, "start"), None, "'transcript.words[0].start' is missing"),
    (("tone", "reasons", 1, "band"), -1.5, "'tone.reasons[1].band' is not null, two numbers or a list of tone names"),
    (("content", "moves"), -1.5, "'content.moves' is not a list (-1.5)"),
    (("content", "verdict", "missing"), "apologize", "'content.verdict.missing' is not a list (apologize)"),
])
def test_a_bad_file_is_refused_in_one_line_naming_the_field(document, tmp_path, capsys, path, value, message):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(mutated(document, ("sessions", 0, "turns", 0) + path, value)))
    assert main(["import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"callsim: error: {bad}: session 1, turn entry 1: {message}") and err.count("\n") == 1
    with Store.open() as store:
        assert store.list_sessions() == []


def test_an_override_value_must_be_a_verdict_or_a_payload(document):
    with pytest.raises(ExportError, match=r"override 1: 'new_value' is not a verdict or a tone payload \(1.5\)"):
        parse(mutated(document, ("sessions", 0, "overrides", 0, "new_value"), 1.5))


@pytest.mark.parametrize("path, value, message", [
    (("prosody", "pitch_median_st"), float("nan"), "'prosody.pitch_median_st' is not a number (NaN)"),
    (("prosody", "energy_db"), float("inf"), "'prosody.energy_db' is not a number (Infinity)"),
    (("tone", "scores", "agitated"), float("-inf"), "'tone.scores.agitated' is not a number (-Infinity)"),
    (("transcript", "words", 0, "conf"), float("nan"), "'transcript.words[0].conf' is not a number (NaN)"),
    (("tone", "reasons", 1, "band"), [float("nan"), 1.0],
     "'tone.reasons[1].band' is not null, two numbers or a list of tone names ([NaN, 1.0])"),
])
def test_nan_or_infinity_in_a_payload_is_refused_as_the_score_is(document, tmp_path, capsys, path, value, message):
    """QA: NaN and infinity (which Python's json reads without a word) were stored as the text NaN / Infinity,
    shown as nan and written back into the next export as bare NaN, which is not JSON; a NaN score was already
    refused. The file is refused in one line naming the field, before the store is touched."""
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(mutated(document, ("sessions", 0, "turns", 0) + path, value)))
    assert main(["import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err == f"callsim: error: {bad}: session 1, turn entry 1: {message}\n"
    with Store.open() as store:
        assert store.list_sessions() == []


def test_nan_is_refused_wherever_a_payload_holds_a_number(document, tmp_path):
    """Every number under a try's payloads (and the baseline's profile): NaN there is refused, never stored."""
    numbers = [p for p in places(document) if isinstance(_at(document, p), float)]
    assert len(numbers) > 10
    assert {outcome(document, p, float("nan"), tmp_path / "never") for p in numbers} == {"refused"}


def _at(document, path):
    """The value at ``path`` in ``document``."""
    for key in path:
        document = document[key]
    return document


def test_a_store_holding_nan_exports_null_and_the_export_imports(tmp_path):
    """A store that took NaN in before imports refused it exported it as bare NaN, which is not JSON (no reader,
    ``callsim import`` included, takes it); it is written as null, and that file imports."""
    from callsim.report_json import export_json
    from report_helpers import add_turn, session

    with Store.open(tmp_path / "old") as old:
        session(old, A, "ann", 0, 50.0)
        turn = add_turn(old, A, 0, "somber", "i'm sorry about this", perceived="somber", tone_level="suits")
        old.save_turn(dataclasses.replace(turn, prosody=turn.prosody | {"pitch_median_st": float("nan")}))
        text = export_json(old, old.list_sessions())
    doc = json.loads(text, parse_constant=lambda word: pytest.fail(f"bare {word} in the export"))
    (turn_entry,) = [t for t in doc["sessions"][0]["turns"] if t["index"] == 0]
    assert turn_entry["prosody"]["pitch_median_st"] is None
    bundle = parse(doc)
    with Store.open(tmp_path / "new") as new:
        merge(new, bundle)
        assert new.load_turns(A)[0].prosody["pitch_median_st"] is None
