"""gtnlang.lower -- lowering graph scores (and compiled language code) to JAX.

Importing this package does not import jax: the kernels live in submodules
(:mod:`gtnlang.lower.kernels`, :mod:`gtnlang.lower.ctc`) that load jax on
import, so ``import gtnlang`` stays fast.  See docs/lowering.md.

Layout (one concept per module):

* :mod:`.numerics` -- NaN-free masked log-sum-exp / first-argmax reductions.
* :mod:`.plan` -- numpy structure tables (topological levels, pass-through
  nodes, disjoint-union batches), cached per graph structure.
* :mod:`.levels` -- the general acyclic kernel: a ``lax.scan`` over levels.
* :mod:`.lattice` -- the time-synchronous kernel (emission lattice x small
  graph, never materialised) and :class:`~.lattice.LatticeProduct`.
* :mod:`.kernels` -- the public API the graph builtins call.
* :mod:`.ctc` -- CTC graph and batched CTC loss.
"""

__all__ = ["kernels", "ctc"]
