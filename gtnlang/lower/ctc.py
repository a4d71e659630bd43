"""CTC: the GTN CTC graph and a batched CTC loss on the frame-scan kernel.

Class indices are 0-based lattice columns (as optax/PyTorch); engine labels
are ``index + 1`` (``EPSILON = 0``), matching ``gtnlang.wfst.emissions(x)``'s
default column labels, so ``intersect(emissions(x), ctc_graph(y, blank))``
is the CTC alignment lattice.

``ctc_loss(x, y, blank) = -ForwardScore[Intersect[Emissions[x], CTCGraph[y,
blank]]] + ForwardScore[Emissions[x]]`` on raw logits, i.e. ``-log p(y|x)``
-- the value of ``optax.ctc_loss``.

The batched loss builds the CTC incoming-arc table (diagonal offsets 0, 1, 2;
state-labelled) with ``jnp`` from the targets, so targets may be traced: one
compiled program serves every batch of the same shapes.

>>> import numpy as np, jax.numpy as jnp
>>> g = ctc_graph([1, 1, 2], blank=0)
>>> g.num_nodes, g.num_arcs     # 7 self-loops, 6 steps, 1 skip (none between the two 1s)
(7, 14)
>>> round(float(ctc_loss(jnp.zeros((4, 3)), [1, 2], 0)), 4)   # log(81/15): 15 alignments
1.6864
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from gtnlang.wfst import from_arcs

from .lattice import FrameTable, frame_scan
from .numerics import NEG_INF


def ctc_graph(target, blank=0, label_offset=1):
    """GTN's CTC acceptor: ``2L+1`` states (even = blank, odd = ``target[i]``),
    start 0, accept the last two (the last one only when ``L = 0``); every
    state has a self-loop and an arc from its predecessor labelled with its
    own symbol; a skip arc ``2i-1 -> 2i+1`` only between different labels.
    Labels are ``class index + label_offset``."""
    target = [int(t) for t in target]
    L = len(target)
    U = 2 * L + 1
    arcs = []
    for s in range(U):
        i = (s - 1) // 2
        lab = (target[i] if s % 2 else blank) + label_offset
        arcs.append((s, s, lab))
        if s > 0:
            arcs.append((s - 1, s, lab))
        if s % 2 and s > 1 and target[i] != target[i - 1]:
            arcs.append((s - 2, s, lab))
    accept = [U - 1] if L == 0 else [U - 2, U - 1]
    return from_arcs([0], accept, arcs, num_nodes=U)


def ctc_table(targets, target_lengths, blank=0):
    """The batched CTC :class:`FrameTable` from padded ``targets`` ``(B, L)``
    (numpy or traced) and ``target_lengths`` ``(B,)``; ``S = 2L+1``."""
    targets = jnp.asarray(targets, jnp.int32)
    B, L = targets.shape
    S = 2 * L + 1
    s = jnp.arange(S)
    odd = (s % 2) == 1
    i = jnp.clip((s - 1) // 2, 0, max(L - 1, 0))
    if L:
        lab = targets[:, i]
        prev = targets[:, jnp.clip(i - 1, 0, L - 1)]
        col = jnp.where(odd, lab, blank)
        skip = odd & (s > 1) & (lab != prev)
    else:
        col = jnp.full((B, S), blank, jnp.int32)
        skip = jnp.zeros((B, S), bool)
    mask = jnp.stack([jnp.ones((B, S), bool), jnp.broadcast_to(s > 0, (B, S)), skip], axis=-1)
    start = jnp.where(s == 0, 0.0, NEG_INF)[None, :]
    n = jnp.asarray(target_lengths, jnp.int32)[:, None]
    accept = jnp.where((s == 2 * n) | ((s == 2 * n - 1) & (n > 0)), 0.0, NEG_INF)
    return FrameTable((0, 1, 2), None, col.astype(jnp.int32), None, mask, start, accept)


def _pad_targets(targets):
    if isinstance(targets, (list, tuple)) and (not targets or not np.isscalar(targets[0])):
        seqs = [np.asarray(t, np.int64).reshape(-1) for t in targets]
        L = max([len(t) for t in seqs] + [0])
        out = np.zeros((len(seqs), L), np.int64)
        for b, t in enumerate(seqs):
            out[b, :len(t)] = t
        return out, np.array([len(t) for t in seqs], np.int64)
    return None


def ctc_loss_batch(logits, targets, target_lengths=None, blank=0, logit_lengths=None):
    """Per-sequence CTC loss ``(B,)`` of ``logits`` ``(B, T, V)`` (raw scores;
    normalised here by ``log_softmax``).  ``targets`` is a list of label
    sequences, or a padded ``(B, L)`` array (numpy or traced) with
    ``target_lengths``; ``logit_lengths`` ``(B,)`` frames per sequence
    (default all ``T``).  Equals ``optax.ctc_loss`` (which takes paddings).
    A target no alignment can produce (too long for its frames) gives
    ``+inf`` with zero gradient."""
    padded = _pad_targets(targets)
    if padded is not None:
        targets, target_lengths = padded
    elif target_lengths is None:
        target_lengths = np.full((np.shape(targets)[0],), np.shape(targets)[1], np.int64)
    x = jnp.asarray(logits)
    if not jnp.issubdtype(x.dtype, jnp.floating):
        x = x.astype(jnp.float32)
    logp = jax.nn.log_softmax(x, axis=-1)
    table = ctc_table(targets, target_lengths, blank)
    return -frame_scan(logp, table, "log", logit_lengths)


def ctc_loss(logits, target, blank=0):
    """CTC loss of one ``(T, V)`` logit array and one target sequence."""
    return ctc_loss_batch(jnp.asarray(logits)[None], [list(target)], blank=blank)[0]
