"""Score each block as content or boilerplate: features alone, then with context.

The model is a short stack of logistic regressions (``data/model.json``, built by
``scripts/build_boilerplate_model.py``).  Stage 1 sees one block's own features;
each later stage also sees the previous stage's scores of its neighbours (the
jusText idea of revising a block with its context, learned instead of hand-set)
and where it sits relative to the page's densest run of content.

>>> from seedclean.boilerplate.features import split_blocks
>>> text = "Home\\nNews\\n\\n" + "The committee met on Tuesday and agreed on the budget. " * 3 + "\\n"
>>> [round(p) for p in content_scores(split_blocks(text))]
[0, 0, 1]
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from importlib import resources
from typing import Any

from seedclean.boilerplate.features import FEATURE_NAMES, Block, block_features

__all__ = ["CONTEXT_NAMES", "content_scores", "context_features", "load_model", "model_logits", "stage_input",
           "stage_logits"]

CONTEXT_NAMES: tuple[str, ...] = (
    "z_self", "z_prev1", "z_next1", "z_prev2", "z_next2", "z_mean3", "z_mean8", "z_max_prev3",
    "z_max_next3", "mass_before", "mass_after", "in_main", "log_dist_main",
)
_PAD = 0.0  # logit given to positions beyond the page edge: edges are mostly boilerplate


def _region(gain: Any) -> tuple[int, int]:
    """Return the [start, end] of the maximum-sum run of ``gain`` (Kadane)."""
    best, best_s, best_e, cur, cur_s = -1e18, 0, -1, 0.0, 0
    for i, g in enumerate(gain):
        if cur <= 0:
            cur, cur_s = 0.0, i
        cur += float(g)
        if cur > best:
            best, best_s, best_e = cur, cur_s, i
    return best_s, best_e


def context_features(z: Any, chars: Any) -> Any:
    """Return the context matrix for block logits ``z`` and block lengths ``chars``."""
    import numpy as np

    n = len(z)
    pad = np.concatenate([np.full(8, _PAD), z, np.full(8, _PAD)])

    def shifted(k: int) -> Any:  # pad[arange(n) + 8 + k], as a slice
        return pad[8 + k : 8 + k + n]

    win3 = np.stack([shifted(k) for k in (-3, -2, -1, 1, 2, 3)])
    win8 = np.stack([shifted(k) for k in range(-8, 9) if k])
    p = 1 / (1 + np.exp(-z))
    mass = p * chars
    total = max(float(mass.sum()), 1.0)
    before = (np.cumsum(mass) - mass) / total
    s, e = _region((p - 0.5) * np.log1p(chars)) if n else (0, -1)
    pos = np.arange(n)
    dist = np.where(pos < s, s - pos, np.where(pos > e, pos - e, 0))
    cols = [z, shifted(-1), shifted(1), shifted(-2), shifted(2), win3.mean(0), win8.mean(0),
            win3[:3].max(0), win3[3:].max(0), before, 1 - before - mass / total,
            (dist == 0).astype(float), np.log1p(dist)]
    return np.stack(cols, axis=1)


@functools.cache
def load_model() -> dict[str, Any]:
    """Return the stored model (stage weights and the feature names they expect)."""
    ref = resources.files("seedclean.boilerplate") / "data" / "model.json"
    model: dict[str, Any] = json.loads(ref.read_text(encoding="utf-8"))
    if tuple(model["features"]) != FEATURE_NAMES or tuple(model["context"]) != CONTEXT_NAMES:
        msg = "boilerplate model was built for other features; run scripts/build_boilerplate_model.py"
        raise RuntimeError(msg)
    return model


def stage_logits(x: Any, chars: Any, weights: Sequence[Sequence[float]]) -> list[Any]:
    """Return each stage's logits for feature matrix ``x`` (stage k > 1 adds context)."""
    import numpy as np

    out: list[Any] = []
    z = x @ np.asarray(weights[0])
    out.append(z)
    for w in weights[1:]:
        z = stage_input(x, z, chars) @ np.asarray(w)
        out.append(z)
    return out


def stage_input(x: Any, z: Any, chars: Any) -> Any:
    """Return the input of a context stage: own features, context, features x context."""
    import numpy as np

    ctx = context_features(z, chars)
    # own features scaled by the neighbourhood's mean score: lets a linear model weigh
    # e.g. shortness differently inside and outside the article
    inter = x[:, 1:] * np.tanh(ctx[:, CONTEXT_NAMES.index("z_mean3"), None] / 2)
    return np.concatenate([x, ctx, inter], axis=1)


def model_logits(x: Any, chars: Any, model: dict[str, Any]) -> Any:
    """Return the final-stage logits of ``model`` for feature matrix ``x``."""
    return stage_logits(x, chars, model["stages"])[-1]


def content_scores(blocks: Sequence[Block]) -> list[float]:
    """Return each block's probability of being main content."""
    import numpy as np

    if not blocks:
        return []
    x, _ = block_features(blocks)
    chars = np.asarray([len(b.text) for b in blocks], dtype=np.float64)
    z = model_logits(x, chars, load_model())
    return [float(v) for v in 1 / (1 + np.exp(-z))]
