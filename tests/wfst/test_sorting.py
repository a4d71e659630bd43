"""argsort_ints is np.argsort(kind="stable"), by a packed sort."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from gtnlang.wfst.sorting import argsort_ints


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(-50, 50), max_size=300))
def test_small_keys_stable(xs):
    keys = np.asarray(xs, np.int64)
    assert np.array_equal(argsort_ints(keys), np.argsort(keys, kind="stable"))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(-2**62, 2**62), max_size=100))
def test_keys_too_wide_to_pack_fall_back(xs):
    keys = np.asarray(xs, np.int64)
    assert np.array_equal(argsort_ints(keys), np.argsort(keys, kind="stable"))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 1000), max_size=200))
def test_with_a_bound(xs):
    keys = np.asarray(xs, np.int32)
    assert np.array_equal(argsort_ints(keys, 1001), np.argsort(keys, kind="stable"))


def test_many_ties_large():
    keys = np.random.default_rng(0).integers(0, 7, 100_000)
    assert np.array_equal(argsort_ints(keys), np.argsort(keys, kind="stable"))
