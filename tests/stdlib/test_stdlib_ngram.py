"""N-gram back-off graphs (gtnlang/stdlib/ngram.gtn) against a direct Python computation of the model.

The reference below is written from the model's definition in the header of ngram.gtn, with its own
counting: for n = 2 the closed form of interpolated absolute discounting, for any n the generative
story of the back-off graph (emit a kept continuation or back off, summed over every choice)."""

import functools
import itertools
import math
from collections import Counter, defaultdict

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.stdlib.conftest import _fmt

BOS, EOS = "<s>", "</s>"


@pytest.fixture(scope="module")
def ng(lib):
    lib.load("NGram`")
    return lib


def gtn_seq(seq):
    """A Python sequence of tokens as gtnlang source."""
    return "{" + ", ".join(f'"{t}"' if isinstance(t, str) else str(t) for t in seq) + "}"


def gtn_corpus(corpus):
    return "{" + ", ".join(gtn_seq(s) for s in corpus) + "}"


def counts(corpus, k):
    c = Counter()
    for s in corpus:
        p = [BOS] + list(s) + [EOS]
        for i in range(len(p) - k + 1):
            g = tuple(p[i:i + k])
            if g != (BOS,):
                c[g] += 1
    return c


class Reference:
    """The model of ngram.gtn: interpolated absolute discounting with pruning on a back-off graph."""

    def __init__(self, corpus, n, D=0.5, K=1):
        self.n, self.D, self.K = n, D, K
        self.uni = counts(corpus, 1)
        self.N = sum(self.uni.values())
        self.cont = defaultdict(Counter)          # history -> continuation counts (orders 2..n)
        for k in range(2, n + 1):
            for g, v in counts(corpus, k).items():
                self.cont[g[:-1]][g[-1]] += v
        self.states = {()} | {h for h, c in self.cont.items() if max(c.values()) >= K}

    def suffix(self, h):
        while h not in self.states:
            h = h[1:]
        return h

    def next_state(self, h, w):
        return () if self.n == 1 else self.suffix((h + (w,))[-(self.n - 1):])

    def kept(self, h):
        return {w: v for w, v in self.cont[h].items() if v >= self.K}

    def backoff(self, h):
        c, kept = self.cont[h], self.kept(h)
        return (sum(c.values()) - sum(kept.values()) + self.D * len(kept)) / sum(c.values())

    def unigram(self, w):
        return self.uni[(w,)] / self.N

    def prob(self, seq):
        """P(seq </s>): the sum over the back-off choices of the generative story."""
        toks = list(seq) + [EOS]

        @functools.lru_cache(maxsize=None)
        def f(i, s):          # the probability of emitting toks[i:] from state s
            if i == len(toks):
                return 1.0
            w = toks[i]
            if s == ():
                p = self.unigram(w)
                return p * (1.0 if w == EOS else f(i + 1, self.next_state((), w))) if p > 0 else 0.0
            ch, kept = sum(self.cont[s].values()), self.kept(s)
            total = self.backoff(s) * f(i, self.suffix(s[1:]))
            if w in kept:
                total += (kept[w] - self.D) / ch * (1.0 if w == EOS else f(i + 1, self.next_state(s, w)))
            return total

        return f(0, self.suffix((BOS,)) if self.n > 1 else ())

    def interpolated(self, h, w):
        """P(w | h), the interpolated absolute-discounting formula on the full history h."""
        if not h:
            return self.unigram(w)
        c = self.cont[h]
        if not c:
            return self.interpolated(h[1:], w)
        p = self.backoff(h) * self.interpolated(h[1:], w)
        if c[w] >= self.K:
            p += (c[w] - self.D) / sum(c.values())
        return p

    def interpolated_prob(self, seq):
        toks = [BOS] + list(seq) + [EOS]
        return math.prod(self.interpolated(tuple(toks[max(0, i - self.n + 1):i]), toks[i])
                         for i in range(1, len(toks)))

    def bigram_closed_form(self, seq):
        """For n = 2: prod P(w | h), P(w | h) = [h w kept] (c(h w) - D)/c(h) + backoff(h) c(w)/N."""
        assert self.n == 2
        p, prev = 1.0, BOS
        for w in list(seq) + [EOS]:
            c = self.cont[(prev,)]
            if not c:
                q = self.unigram(w)
            else:
                q = self.backoff((prev,)) * self.unigram(w)
                if c[w] >= self.K:
                    q += (c[w] - self.D) / sum(c.values())
            p *= q
            prev = w
        return p


def logp(p):
    return math.log(p) if p > 0 else float("-inf")


CORPUS = ["abab", "abc", "ba", "ccab", "a", "bca"]


# ---- counts and structure ---------------------------------------------------------------------

@pytest.mark.parametrize("k", [1, 2, 3, 4])
def test_counts_match_counter(ng, k):
    got = ng.eval(f"Normal[NGramCounts[{gtn_corpus(CORPUS)}, {k}]] /. Rule -> List")
    assert {tuple(g): v for g, v in got} == dict(counts(CORPUS, k))


def test_strings_and_lists_give_the_same_graph(ng):
    a = ng.eval(f'Arcs[NGramGraph[{{"abab", "ba"}}, 2]]')
    b = ng.eval(f'Arcs[NGramGraph[{gtn_corpus(["abab", "ba"])}, 2]]')
    assert a == b


@pytest.mark.parametrize("n,K", [(1, 1), (2, 1), (2, 2), (3, 1), (3, 2), (4, 3)])
def test_states_and_arcs(ng, n, K):
    ref = Reference(CORPUS, n, K=K)
    states = ng.eval(f'NGramStates[{gtn_corpus(CORPUS)}, {n}, "Threshold" -> {K}]')
    assert states[0] == [] and states[-1] == [EOS]
    assert {tuple(s) for s in states[:-1]} == ref.states and len(states) - 1 == len(ref.states)
    arcs = ng.eval(f'Arcs[NGramGraph[{gtn_corpus(CORPUS)}, {n}, "Threshold" -> {K}]]')
    # one arc per unigram, one per kept n-gram, one back-off arc per history state (D > 0)
    n_kept = sum(len(ref.kept(h)) for h in ref.states if h)
    assert len(arcs) == len(ref.uni) + n_kept + len(ref.states) - 1


def test_pruning_removes_arcs_and_keeps_normalisation(ng):
    c = gtn_corpus(CORPUS)
    full, pruned = ng.eval(f'{{ArcCount[NGramGraph[{c}, 3]], ArcCount[NGramGraph[{c}, 3, "Threshold" -> 2]]}}')
    assert pruned < full
    assert ng.eval(f'ForwardScore[NGramGraph[{c}, 3, "Threshold" -> 2]]') == pytest.approx(0, abs=1e-9)


# ---- the model ----------------------------------------------------------------------------------

@pytest.mark.parametrize("D,K", [(0.5, 1), (0.3, 2), (0.9, 1), (0.0, 2)])
def test_bigram_is_interpolated_absolute_discounting(ng, D, K):
    ref = Reference(CORPUS, 2, D=D, K=K)
    tests = ["ab", "", "cab", "abcabc", "bb", "ca"]
    got = ng.eval(f'g = BigramGraph[{gtn_corpus(CORPUS)}, "Discount" -> {D}, "Threshold" -> {K}]; '
                  f'NGramLogProbability[g, {gtn_corpus(tests)}]')
    for seq, value in zip(tests, got):
        assert value == pytest.approx(logp(ref.bigram_closed_form(seq)), abs=1e-9)
        assert value == pytest.approx(logp(ref.prob(seq)), abs=1e-9)


def test_a_sequence_with_an_unseen_token_has_probability_zero(ng):
    assert ng.eval(f'NGramLogProbability[NGramGraph[{gtn_corpus(CORPUS)}, 3], "abz"]') == float("-inf")


def test_unsmoothed_unpruned_model_is_maximum_likelihood(ng):
    # D = 0, K = 1: no back-off arcs; P(w | h) = c(h w)/c(h) for the full history
    corpus = ["aab", "ab", "abb"]
    ref2 = counts(corpus, 2)
    hist = Counter()
    for g, v in ref2.items():
        hist[g[:1]] += v
    seq = ["a", "b", "b"]
    expected = sum(math.log(ref2[(h, w)] / hist[(h,)]) for h, w in zip([BOS] + seq, seq + [EOS]))
    assert ng.eval(f'NGramLogProbability[BigramGraph[{gtn_corpus(corpus)}, "Discount" -> 0], "abb"]') \
        == pytest.approx(expected, abs=1e-12)


words = st.text(alphabet="abc", max_size=5)


@settings(max_examples=35, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(corpus=st.lists(words, min_size=1, max_size=5), n=st.integers(1, 4),
       D=st.sampled_from([0.0, 0.25, 0.5, 0.9]), K=st.integers(1, 3),
       tests=st.lists(st.text(alphabet="abc", max_size=4), min_size=1, max_size=3))
def test_log_probability_matches_reference(ng, corpus, n, D, K, tests):
    ref = Reference(corpus, n, D=D, K=K)
    got = ng.eval(f'g = NGramGraph[{gtn_corpus(corpus)}, {n}, "Discount" -> {D}, "Threshold" -> {K}]; '
                  f'{{ForwardScore[g], NGramLogProbability[g, {gtn_corpus(tests)}]}}')
    assert got[0] == pytest.approx(0, abs=1e-9)            # a normalised model: total mass 1
    for seq, value in zip(tests, got[1]):
        assert value == pytest.approx(logp(ref.prob(seq)), abs=1e-9)
        if n == 2:
            assert value == pytest.approx(logp(ref.bigram_closed_form(seq)), abs=1e-9)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(corpus=st.lists(words, min_size=1, max_size=5), n=st.integers(1, 4),
       D=st.sampled_from([0.0, 0.25, 0.5, 0.9]), K=st.integers(1, 3),
       tests=st.lists(st.text(alphabet="abc", max_size=4), min_size=1, max_size=3))
def test_expanded_graph_is_exactly_interpolated(ng, corpus, n, D, K, tests):
    ref = Reference(corpus, n, D=D, K=K)
    got = ng.eval(f'g = NGramGraph[{gtn_corpus(corpus)}, {n}, "Discount" -> {D}, "Threshold" -> {K}, '
                  f'"BackOff" -> False]; {{ForwardScore[g], NGramLogProbability[g, {gtn_corpus(tests)}], '
                  f'Count[Arcs[g], {{_, _, Epsilon, _}}], NodeCount[g]}}')
    assert got[0] == pytest.approx(0, abs=1e-9)
    for seq, value in zip(tests, got[1]):
        assert value == pytest.approx(logp(ref.interpolated_prob(seq)), abs=1e-9)
    # the only Epsilon arcs are the end arcs, at most one per state
    assert got[2] <= got[3] - 1


def test_expanded_and_back_off_graphs_agree_for_bigrams_only(ng):
    c = gtn_corpus(CORPUS)
    tests = gtn_corpus(["ab", "cab", "bca", "ca"])
    b2, e2, b3, e3 = ng.eval("Table[NGramLogProbability[NGramGraph[" + c + ", n, \"BackOff\" -> b], "
                             + tests + "], {n, 2, 3}, {b, {True, False}}] // Flatten[#, 1] &")
    np.testing.assert_allclose(b2, e2, atol=1e-12)
    assert np.max(np.abs(np.subtract(b3, e3))) > 1e-3       # the epsilon approximation for n > 2


def test_sum_over_short_sequences(ng):
    # the probabilities of all sequences of length <= L add up to 1 - P(length > L)
    corpus = ["ab", "abb", "ba"]
    ref = Reference(corpus, 3)
    seqs = [s for L in range(4) for s in itertools.product("ab", repeat=L)]
    got = ng.eval(f"NGramLogProbability[NGramGraph[{gtn_corpus(corpus)}, 3], {gtn_corpus(seqs)}]")
    np.testing.assert_allclose(np.exp(got), [ref.prob(s) for s in seqs], rtol=1e-9)
    assert np.exp(got).sum() < 1


def test_explicit_end_label_and_perplexity(ng):
    c = gtn_corpus(CORPUS)
    a, b, none = ng.eval(f'g = NGramGraph[{c}, 3]; ge = NGramGraph[{c}, 3, "EndLabel" -> "</s>"]; '
                         f'{{NGramLogProbability[g, "abc"], NGramLogProbability[ge, "abc", "</s>"], '
                         f'NGramLogProbability[ge, "abc"]}}')
    assert a == pytest.approx(b, abs=1e-12)
    assert none == float("-inf")              # without the end label no path reaches the accepting node
    ref = Reference(CORPUS, 3)
    tests = ["ab", "bca", "c"]
    ppl = ng.eval(f"NGramPerplexity[g, {gtn_corpus(tests)}]")
    expected = math.exp(-sum(math.log(ref.prob(s)) for s in tests) / sum(len(s) + 1 for s in tests))
    assert ppl == pytest.approx(expected, rel=1e-9)


# ---- learnable weights ---------------------------------------------------------------------------

def test_asg_style_lattice_matches_enumeration(ng):
    # Intersect[Emissions[x], g]: every label sequence of length T, scored by emissions + log P_ngram
    corpus = [[0, 1, 2], [1, 2], [2, 0, 1, 1], [0]]
    ref = Reference(corpus, 2, D=0.4)
    rng = np.random.default_rng(0)
    T, V = 3, 3
    x = rng.normal(size=(T, V))
    scores = [sum(x[t, y[t]] for t in range(T)) + logp(ref.prob(y))
              for y in itertools.product(range(V), repeat=T)]
    expected = np.logaddexp.reduce(scores)
    got = ng.eval(f'ForwardScore[Intersect[Emissions[{_fmt(x)}], '
                  f'BigramGraph[{gtn_corpus(corpus)}, "Discount" -> 0.4]]]')
    assert got == pytest.approx(expected, abs=1e-9)


def test_grad_of_lattice_score_matches_finite_differences(ng):
    corpus = [[0, 1, 2], [1, 2], [2, 0, 1, 1], [0]]
    x = np.random.default_rng(1).normal(size=(3, 3))
    ng.eval(f'g = NGramGraph[{gtn_corpus(corpus)}, 3, "Discount" -> 0.4]; em = Emissions[{_fmt(x)}]; '
            f'f[w_] := ForwardScore[Intersect[em, SetWeights[g, w]]]; w0 = Weights[g];')
    grad = np.array(ng.eval("Weights[Grad[f[w0], g]]"), dtype=float)
    h = _fmt(1e-5)
    idx = np.random.default_rng(2).choice(len(grad), size=min(10, len(grad)), replace=False) + 1
    fd = np.array(ng.eval(f"unit[i_] := Table[If[j == i, {h}, 0.], {{j, Length[w0]}}]; "
                          f"Table[(f[w0 + unit[i]] - f[w0 - unit[i]])/(2 {h}), {{i, {{{', '.join(map(str, idx))}}}}}]"))
    np.testing.assert_allclose(grad[idx - 1], fd, atol=1e-6)
    assert np.abs(grad).max() > 0.1


def test_compiled_weights_as_parameters(ng):
    # the weights as a traced argument: ValueAndGrad of a compiled sequence log-likelihood
    ng.eval(f'g = NGramGraph[{gtn_corpus(CORPUS)}, 2]; '
            'll = Compile[{w}, ForwardScore[Intersect[Acceptor[{"c", "a", "b"}], SetWeights[g, w]]], '
            '"Precision" -> 64];')
    value, grad = ng.eval("ValueAndGrad[ll][Weights[g]]")
    ref = Reference(CORPUS, 2)
    assert value == pytest.approx(math.log(ref.prob("cab")), abs=1e-9)
    direct = ng.eval('Weights[Grad[NGramLogProbability[g, "cab"], g]]')
    np.testing.assert_allclose(grad, direct, atol=1e-6)       # Grad on a graph computes in float32
    # the gradient is the expected number of times each arc is used; every path uses one emitting
    # arc per token and one end arc, so those add up to 3 + 1, whatever the back-offs
    arcs, final = ng.eval("{Arcs[g], NodeCount[g] - 1}")
    backoff = np.array([str(a[2]) == "Epsilon" and a[1] != final for a in arcs])
    assert np.all(np.asarray(grad) >= -1e-12)
    assert np.asarray(grad)[~backoff].sum() == pytest.approx(4, abs=1e-9)
    assert np.asarray(grad)[backoff].sum() > 0.1


# ---- bad input -----------------------------------------------------------------------------------

@pytest.mark.parametrize("src,tag", [
    ('NGramGraph[{}, 2]', "NGram::corpus"),
    ('NGramGraph[{"a", 3}, 2]', "NGram::corpus"),
    ('NGramGraph[{{"<s>", "a"}}, 2]', "NGram::corpus"),
    ('NGramGraph[{"ab"}, 0]', "NGram::order"),
    ('NGramGraph[{"ab"}, 2, "Discount" -> 1]', "NGram::disc"),
    ('NGramGraph[{"ab"}, 2, "Threshold" -> 1.5]', "NGram::thresh"),
    ('NGramGraph[{"ab"}, 2, "Smoothing" -> 1]', "NGram::opt"),
    ('NGramGraph[{"ab"}, 2, "BackOff" -> 1]', "NGram::backoff"),
    ('NGramGraph[{"ab"}, 2, "EndLabel" -> "b"]', "NGram::end"),
    ('NGramCounts["ab", 2]', "NGram::corpus"),
    ('NGramStates[{"ab"}, -1]', "NGram::order"),
])
def test_bad_input_gives_a_message(ng, src, tag):
    value = ng.raw(src)
    assert str(value) == "$Failed"
    assert len(ng.s.messages) == 1 and ng.s.messages[0].startswith(tag)


def test_usages(ng):
    for name in ["NGramCounts", "NGramGraph", "BigramGraph", "NGramStates", "NGramLogProbability",
                 "NGramPerplexity"]:
        assert isinstance(ng.eval(f"{name}::usage"), str)
