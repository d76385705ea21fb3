"""Getis-Ord Gi* hotspots over grid cells, with PySAL's esda and contiguity weights.

Weights: cells that share an edge (hexagons: the 6 around; squares: the 8 around, queen) are
neighbours with weight 1, and each cell is its own neighbour (the "star" of Gi*), binary as in
Getis and Ord (1992). Built from the cell indexes with array arithmetic, not from geometries, so
50,000 cells take milliseconds. Significance is two-sided: esda's pseudo p-value is folded
(one-sided, "extremely high or extremely low"), so it is doubled; a cell is hot or cold at the
highest confidence (99, 95, 90 %) whose 1 - confidence its p_sim does not exceed, its sign that
of z. With fdr, each level's threshold comes from esda.fdr (Benjamini-Hochberg) instead.
"""

import warnings

import numpy as np
from scipy import sparse

LEVELS = (99, 95, 90)
# Neighbour offsets (di, dj). Hexagon columns alternate: odd columns sit half a cell higher,
# so their side neighbours are one row up from an even column's.
SQUARE = [(di, dj) for di in (-1, 0, 1) for dj in (-1, 0, 1) if (di, dj) != (0, 0)]
HEX_EVEN = [(0, -1), (0, 1), (-1, -1), (-1, 0), (1, -1), (1, 0)]
HEX_ODD = [(0, -1), (0, 1), (-1, 0), (-1, 1), (1, 0), (1, 1)]
WEIGHTS = {
    "hexagon": "contiguity: the 6 hexagons sharing an edge, binary, plus self (Gi*)",
    "square": "contiguity: the 8 squares sharing an edge or corner (queen), binary, plus self",
}


def adjacency(i: np.ndarray, j: np.ndarray, shape: str) -> sparse.csr_matrix:
    """Return the binary contiguity matrix of cells (i, j), with ones on the diagonal."""
    n = len(i)
    keys = _key(i, j)
    order = np.argsort(keys)
    rows, cols = [np.arange(n)], [np.arange(n)]
    odd = (np.abs(i) % 2) == 1
    for parity, offsets in _offsets(shape, odd):
        for di, dj in offsets:
            src = np.flatnonzero(parity)
            found, at = _find(keys, order, _key(i[src] + di, j[src] + dj))
            rows.append(src[found])
            cols.append(at[found])
    rows, cols = np.concatenate(rows), np.concatenate(cols)
    data = np.ones(len(rows))
    return sparse.csr_matrix((data, (rows, cols)), shape=(n, n))


def _offsets(shape, odd):
    if shape == "square":
        return [(np.ones_like(odd), SQUARE)]
    return [(~odd, HEX_EVEN), (odd, HEX_ODD)]


def _key(i, j):
    # One int64 per cell; indexes of Mercator cells of 25 m or more stay far below 2^31.
    return i.astype(np.int64) * (1 << 32) + j.astype(np.int64)


def _find(keys, order, wanted):
    sorted_keys = keys[order]
    pos = np.searchsorted(sorted_keys, wanted)
    pos = np.minimum(pos, len(keys) - 1)
    found = sorted_keys[pos] == wanted
    return found, order[pos]


def gi_star(y, i, j, *, shape: str, permutations: int, seed: int, fdr: bool) -> dict:
    """Return Gi* z, two-sided p_norm and p_sim, confidence and class for each cell."""
    import esda
    from libpysal.graph import Graph

    y = np.asarray(y, dtype=float)
    n = len(y)
    out = {
        "z": np.full(n, np.nan),
        "p_norm": np.full(n, np.nan),
        "p_sim": np.full(n, np.nan),
        "confidence": np.zeros(n, dtype=int),
        "hotspot": np.full(n, "none", dtype=object),
    }
    # No variation (nothing, or the same count everywhere): no cell stands out.
    if n < 3 or np.ptp(y) == 0:
        return out
    graph = Graph.from_sparse(adjacency(np.asarray(i), np.asarray(j), shape))
    with warnings.catch_warnings():
        # esda 2.x warns that its default alternative will become two-sided in 3.0; G_Local
        # cannot be told yet, and the doubling below assumes today's folded p-value (the
        # dependency is esda 2.x: revisit on upgrade).
        warnings.filterwarnings("ignore", "The alternative hypothesis", DeprecationWarning)
        g = esda.G_Local(
            y,
            graph,
            transform="B",
            permutations=permutations,
            star=True,
            seed=seed,
            keep_simulations=False,
            n_jobs=1,
        )
    out["z"] = np.asarray(g.Zs, dtype=float)
    out["p_norm"] = np.minimum(1.0, 2 * np.asarray(g.p_norm))
    out["p_sim"] = np.minimum(1.0, 2 * np.asarray(g.p_sim))
    out["confidence"] = confidence(out["p_sim"], fdr=fdr)
    sign = np.where(out["z"] > 0, "hot", "cold")
    out["hotspot"] = np.where(out["confidence"] > 0, sign, "none").astype(object)
    return out


def confidence(p_sim: np.ndarray, *, fdr: bool) -> np.ndarray:
    """Return 99, 95, 90 or 0 per cell: the highest level its two-sided p_sim reaches."""
    import esda

    levels = np.zeros(len(p_sim), dtype=int)
    for level in reversed(LEVELS):
        alpha = 1 - level / 100
        threshold = esda.fdr(p_sim, alpha) if fdr else alpha
        levels[p_sim <= threshold + 1e-12] = level
    return levels
