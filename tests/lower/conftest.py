"""tests/lower: JAX kernels.  The whole folder is skipped without jax."""

import pytest

pytest.importorskip("jax")
