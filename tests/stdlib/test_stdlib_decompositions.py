"""Word-piece decompositions (gtnlang/stdlib/decompositions.gtn) against brute force: recursive
enumeration of the splits of a word, and enumeration of every frame labelling for the CTC loss."""

import functools
import itertools
import os
import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.stdlib.conftest import _fmt

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PIECES = ["t", "h", "e", "th", "he", "the"]


@pytest.fixture(scope="module")
def dec(lib):
    lib.load("Decompositions`")
    return lib


def gtn_strings(xs):
    return "{" + ", ".join(f'"{x}"' for x in xs) + "}"


def splits(word, pieces):
    """Every decomposition of word into pieces, by recursion on the first piece."""
    if word == "":
        return [[]]
    return [[p] + rest for p in pieces if word.startswith(p) for rest in splits(word[len(p):], pieces)]


def canonical(ds, pieces):
    """The documented order: by number of pieces, then by the pieces' positions in the list."""
    return sorted(ds, key=lambda d: (len(d), [pieces.index(p) for p in d]))


def ctc_collapse(path):
    out, prev = [], None
    for k in path:
        if k != prev and k != 0:
            out.append(k)
        prev = k
    return out


@functools.lru_cache(maxsize=None)
def _labellings(word, pieces, T):
    """Every frame labelling of T frames over P + 1 labels, and the decomposition each one spells
    (None when it does not spell word)."""
    paths = np.array(list(itertools.product(range(len(pieces) + 1), repeat=T)), dtype=int)
    decs = []
    for path in paths:
        d = tuple(pieces[k - 1] for k in ctc_collapse(path))
        decs.append(d if "".join(d) == word else None)
    return paths, decs


def brute_force(x, word, pieces):
    """log Z, and log of the mass of each decomposition, over all (P+1)^T frame labellings."""
    T = x.shape[0]
    paths, decs = _labellings(word, tuple(pieces), T)
    scores = x[np.arange(T), paths].sum(axis=1)
    per = {}
    for d, s in zip(decs, scores):
        if d is not None:
            per.setdefault(d, []).append(s)
    return np.logaddexp.reduce(scores), {d: np.logaddexp.reduce(v) for d, v in per.items()}


def brute_loss(x, word, pieces):
    logz, per = brute_force(x, word, pieces)
    return logz - np.logaddexp.reduce(list(per.values())) if per else float("inf")


# ---- decompositions ---------------------------------------------------------------------------------

piece_sets = st.lists(st.text(alphabet="ab", min_size=1, max_size=3), min_size=1, max_size=6, unique=True)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=piece_sets, word=st.text(alphabet="ab", max_size=7))
def test_decompositions_match_recursive_enumeration(dec, pieces, word):
    got, count, score = dec.eval(f'{{Decompositions["{word}", {gtn_strings(pieces)}], '
                                 f'Length[Paths[d = DecompositionGraph["{word}", {gtn_strings(pieces)}]]], '
                                 f'N[ForwardScore[d]]}}')
    ref = canonical(splits(word, pieces), pieces)
    assert got == ref
    assert count == len(ref)                               # one path per decomposition
    if ref:
        assert float(score) == pytest.approx(np.log(len(ref)), abs=1e-9)   # each of weight 0
    else:
        assert score == float("-inf")


def test_decompositions_of_the(dec):
    got = dec.eval(f'Decompositions["the", {gtn_strings(PIECES)}]')
    assert got == canonical(splits("the", PIECES), PIECES) and len(got) == 4
    assert dec.eval(f'Decompositions[{{"t", "h"}}, {gtn_strings(PIECES)}]') == [["th"], ["t", "h"]]
    assert dec.eval(f'Decompositions["", {gtn_strings(PIECES)}]') == [[]]
    assert dec.eval(f'Decompositions["tx", {gtn_strings(PIECES)}]') == []
    # the graph is over piece labels 1..P, without Epsilon arcs
    labels = dec.eval(f'Labels[DecompositionGraph["thethe", {gtn_strings(PIECES)}]]')
    assert set(labels) <= set(range(1, len(PIECES) + 1))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=piece_sets, data=st.data())
def test_lexicon_spells_out_piece_sequences(dec, pieces, data):
    seq = data.draw(st.lists(st.integers(1, len(pieces)), max_size=4))
    got = dec.eval(f'Paths[Compose[Acceptor[{{{", ".join(map(str, seq))}}}], '
                   f'LexiconTransducer[{gtn_strings(pieces)}]]]')
    assert len(got) == 1
    inputs, outputs, weight = got[0]
    assert inputs == seq and "".join(outputs) == "".join(pieces[k - 1] for k in seq) and weight == 0


# ---- the loss ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("word,pieces,T,seed", [
    ("the", PIECES[:5], 3, 0),            # P = 5: 6^3 labellings
    ("ab", ["a", "b", "ab"], 5, 1),
    ("aa", ["a", "aa"], 4, 2),            # a.a needs a blank between the two pieces
    ("aba", ["a", "b", "ab", "ba"], 4, 3),
    ("ab", ["a", "b", "ab"], 1, 4),       # only the piece "ab" fits in one frame
])
def test_loss_matches_enumeration(dec, word, pieces, T, seed):
    x = np.random.default_rng(seed).normal(size=(T, len(pieces) + 1))
    got = dec.eval(f'DecompositionLoss[{_fmt(x)}, "{word}", {gtn_strings(pieces)}]')
    assert got == pytest.approx(brute_loss(x, word, pieces), abs=1e-9)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(st.text(alphabet="ab", min_size=1, max_size=2), min_size=1, max_size=3, unique=True),
       word=st.text(alphabet="ab", min_size=1, max_size=4), T=st.integers(1, 4), seed=st.integers(0, 99))
def test_loss_and_posteriors_match_enumeration_property(dec, pieces, word, T, seed):
    x = np.random.default_rng(seed).normal(size=(T, len(pieces) + 1))
    loss, post = dec.eval(f'{{DecompositionLoss[{_fmt(x)}, "{word}", {gtn_strings(pieces)}], '
                          f'DecompositionPosteriors[{_fmt(x)}, "{word}", {gtn_strings(pieces)}]}}')
    logz, per = brute_force(x, word, pieces)
    ref = brute_loss(x, word, pieces)
    if ref == float("inf"):
        assert loss == float("inf")
    else:
        assert loss == pytest.approx(ref, abs=1e-9)
        total = np.logaddexp.reduce(list(per.values()))
        expected = {d: np.exp(v - total) for d, v in per.items()}
        got = {tuple(d): p for d, p in post}
        assert set(got) == {tuple(d) for d in splits(word, pieces)}
        for d, p in got.items():
            assert p == pytest.approx(expected.get(d, 0.0), abs=1e-9)
        assert sum(got.values()) == pytest.approx(1, abs=1e-9)
        assert [p for _, p in post] == sorted((p for _, p in post), reverse=True)


def test_loss_is_infinite_when_no_decomposition_fits(dec):
    x = _fmt(np.zeros((2, 3)))
    assert dec.eval(f'DecompositionLoss[{x}, "aa", {{"a", "b"}}]') == float("inf")      # a . blank . a
    assert dec.eval(f'DecompositionLoss[{x}, "c", {{"a", "b"}}]') == float("inf")       # cannot spell
    assert dec.eval(f'DecompositionLoss[{x}, "ab", {{"a", "b"}}]') == pytest.approx(np.log(9))


def test_grad_matches_finite_differences(dec):
    word, pieces = "the", PIECES[:5]
    x = np.random.default_rng(5).normal(size=(4, 6))
    grad = np.reshape(dec.eval(f'em = Emissions[{_fmt(x)}]; '
                               f'Weights[Grad[DecompositionLoss[em, "{word}", {gtn_strings(pieces)}], em]]'),
                      x.shape)
    h, fd = 1e-6, np.zeros_like(x)
    for i, j in itertools.product(*map(range, x.shape)):
        up, down = x.copy(), x.copy()
        up[i, j] += h
        down[i, j] -= h
        fd[i, j] = (brute_loss(up, word, pieces) - brute_loss(down, word, pieces)) / (2 * h)
    np.testing.assert_allclose(grad, fd, atol=1e-5)
    np.testing.assert_allclose(fd, exact_grad(x, word, pieces), atol=1e-6)
    np.testing.assert_allclose(grad.sum(axis=1), 0, atol=1e-6)    # each frame is normalised


def exact_grad(x, word, pieces):
    """d loss / d x from the enumeration: softmax(x[t]) - P(label v at frame t | the word)."""
    T, V = x.shape
    paths, decs = _labellings(word, tuple(pieces), T)
    scores = x[np.arange(T), paths].sum(axis=1)
    ok = np.array([d is not None for d in decs])
    post = np.exp(scores[ok] - np.logaddexp.reduce(scores[ok]))
    occupancy = np.zeros((T, V))
    for t in range(T):
        np.add.at(occupancy[t], paths[ok, t], post)
    softmax = np.exp(x - np.logaddexp.reduce(x, axis=1, keepdims=True))
    return softmax - occupancy


def test_compiled_batch_matches_list_form(dec):
    pieces = gtn_strings(PIECES)
    words = ["the", "he", "tee"]
    xb = np.random.default_rng(6).normal(size=(3, 4, len(PIECES) + 1))
    value, grad = dec.eval(f'ValueAndGrad[Compile[{{y}}, Total[DecompositionLoss[y, {gtn_strings(words)}, '
                           f'{pieces}]], "Precision" -> 64]][{_fmt(xb)}]')
    ref = [brute_loss(xb[b], w, PIECES) for b, w in enumerate(words)]
    assert dec.eval(f'DecompositionLoss[{_fmt(xb)}, {gtn_strings(words)}, {pieces}]') == pytest.approx(ref, abs=1e-9)
    assert value == pytest.approx(sum(ref), abs=1e-9)
    for b, w in enumerate(words):
        np.testing.assert_allclose(grad[b], exact_grad(xb[b], w, PIECES), atol=1e-9)


# ---- bad input ------------------------------------------------------------------------------------

@pytest.mark.parametrize("src,tag", [
    ('Decompositions["the", {"t", "t"}]', "Decompositions::pieces"),
    ('Decompositions["the", {"t", ""}]', "Decompositions::pieces"),
    ('DecompositionGraph[3, {"t"}]', "Decompositions::word"),
    ('LexiconTransducer[{}]', "Decompositions::pieces"),
    ('DecompositionLoss[{{0., 0.}}, "t", {"t", "h"}]', "Decompositions::shape"),
    ('DecompositionLoss[ConstantArray[0., {2, 2, 3}], {"t"}, {"t", "h"}]', "Decompositions::batch"),
    ('DecompositionPosteriors[{1, 2}, "t", {"t", "h"}]', "Decompositions::shape"),
])
def test_bad_input_gives_a_message(dec, src, tag):
    value = dec.raw(src)
    assert str(value) == "$Failed"
    assert len(dec.s.messages) == 1 and dec.s.messages[0].startswith(tag), dec.s.messages


def test_example_learns_the_speakers_decompositions():
    # examples/word_decomposition.gtn claims that training on letters alone makes the speaker's
    # decompositions the most probable ones; tests/test_examples.py only checks that it runs
    from gtnlang import Session
    path = os.path.join(ROOT, "examples", "word_decomposition.gtn")
    s = Session(print_messages=False, print_output=False)
    with open(path, encoding="utf-8") as f:
        s.eval(f.read(), path)
    assert s.messages == []
    out = "\n".join(s.output)
    (acc0, p0), (acc1, p1) = [(int(a), float(p.replace("*^", "e"))) for a, p in re.findall(
        r"most probable on (\d+)% of the held-out utterances; decompositions using \"he\" or \"the\" "
        r"get probability ([-0-9.*^e]+)", out)]
    assert acc1 >= 90 and acc1 > acc0 + 30
    assert p1 < 0.01 < p0
    rows = re.findall(r"^   (\w+):  (\S+) ([-0-9.*^e]+),.*the speaker said (\S+)\)$", out, re.M)
    assert len(rows) >= 5
    assert all(best == said and float(p.replace("*^", "e")) > 0.9 for _, best, p, said in rows)
    losses = [float(v.replace("*^", "e")) for v in re.findall(r"step \d+: loss (\S+)", out)]
    assert losses[-1] < losses[0] / 10


def test_usages(dec):
    for name in ["LexiconTransducer", "DecompositionGraph", "Decompositions", "DecompositionAlignmentGraph",
                 "DecompositionLoss", "DecompositionPosteriors"]:
        assert isinstance(dec.eval(f"{name}::usage"), str)
