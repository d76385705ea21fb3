"""The peers of bench/analytics_kde.py: KDEpy's FFTKDE on the same places and cells, and the
exact gaussian_kde that ours and FFTKDE are both measured against (see that module's docstring).
"""

import time

import numpy as np
from scipy.stats import gaussian_kde

SEED = 1
ERROR_PLACES, ERROR_STRIDE, ERROR_FLOOR = 4000, 8, 1e-3


def timed(fn, repeat=1):
    """Return the last result and the sorted seconds of repeat calls."""
    seconds = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        seconds.append(time.perf_counter() - start)
    return result, sorted(seconds)


def public_points(campaign, params):
    """Return the places ours bins (the same filters and public positions) as an n x 2 array."""
    import numpy as np
    from django.db import connection

    from geo_participation.submissions.models import Status
    from heatmaps.kde import sql as kde_sql
    from heatmaps.sql import filter_conditions

    where, filtered = filter_conditions(params.filters, campaign)
    # The binning statement's own filters and place expression, in a COPY.
    query = (
        "COPY (SELECT ST_X(p), ST_Y(p) FROM submissions_submission s CROSS JOIN LATERAL "  # noqa: S608
        f"(SELECT {kde_sql.PLACE} AS p) AS at WHERE {kde_sql.BASE} AND {where}) "
        "TO STDOUT (FORMAT BINARY)"
    )
    values = {
        "campaign": campaign.pk,
        "status": Status.APPROVED.value,
        "sensitive": list(params.sensitive_ids),
        "grid": campaign.sensitive_grid_3857,
        **filtered,
    }
    connection.ensure_connection()
    with connection.connection.cursor() as cursor, cursor.copy(query, values) as copy:
        data = b"".join(bytes(block) for block in copy)
    # Binary COPY: a 19-byte header, then per row a field count, and length + big-endian
    # float8 per field; a 2-byte trailer.
    row = np.dtype([("n", ">i2"), ("lx", ">i4"), ("x", ">f8"), ("ly", ">i4"), ("y", ">f8")])
    rows = np.frombuffer(data[19:-2], dtype=row)
    return np.column_stack([rows["x"], rows["y"]]).astype(np.float64)


def fft_grid(grid):
    """Return the cell centres in FFTKDE's order (x slowest, both ascending)."""
    import numpy as np

    xs = grid.xmin + (np.arange(grid.size) + 0.5) * grid.cell
    ys = grid.ymin + (np.arange(grid.size) + 0.5) * grid.cell
    return np.column_stack([np.repeat(xs, grid.size), np.tile(ys, grid.size)])


def fftkde_cells(points, grid, sigma):
    """Return FFTKDE's density on the grid as a fraction of the places per cell, row 0 north."""
    from KDEpy import FFTKDE

    # In units of the bandwidth (bw = 1): KDEpy cuts the Gaussian off where it falls below an
    # absolute 1e-4, 3.9 bandwidths at bw = 1 (like our 4); in metres it would cut it far
    # shorter and look worse than it is.
    values = FFTKDE(kernel="gaussian", bw=1.0).fit(points / sigma).evaluate(fft_grid(grid) / sigma)
    return values.reshape(grid.size, grid.size).T[::-1] * (grid.cell / sigma) ** 2


def measure_fftkde(campaign, density, repeat):
    """Time FFTKDE on the same places and grid: from memory, and read from PostgreSQL first."""
    import KDEpy
    from django.http import QueryDict

    from heatmaps.kde.params import parse_params

    params = parse_params(campaign, QueryDict(""))
    points, read_s = timed(lambda: public_points(campaign, params), repeat)
    grid = density.grid
    _, memory_s = timed(lambda: fftkde_cells(points, grid, params.sigma), repeat)
    _, both_s = timed(
        lambda: fftkde_cells(public_points(campaign, params), grid, params.sigma), repeat
    )
    middle = repeat // 2
    return {
        "points": points,
        "sigma": params.sigma,
        "kdepy": KDEpy.__version__,
        "fft_memory": memory_s[middle],
        "fft_read": read_s[middle],
        "fft_database": both_s[middle],
    }


def measure_errors(density, points, sigma):
    """Return the largest relative errors of ours and FFTKDE against exact gaussian_kde."""
    import numpy as np

    from heatmaps.kde.density import smooth

    grid = density.grid
    rng = np.random.default_rng(SEED)
    sample = points[rng.choice(len(points), ERROR_PLACES, replace=False)]
    # Ours: the binning statement's arithmetic on the sample, then the same smoothing.
    ix = np.floor((sample[:, 0] - grid.xmin) / grid.cell).astype(int)
    iy = np.floor((grid.ymax - sample[:, 1]) / grid.cell).astype(int)
    weights = np.zeros((grid.size, grid.size))
    np.add.at(weights, (iy, ix), 1.0)
    ours = smooth(weights, grid=grid, sigma=sigma).values * grid.cell_area_km2() / ERROR_PLACES
    fft = fftkde_cells(sample, grid, sigma)
    rows = np.arange(ERROR_STRIDE // 2, grid.size, ERROR_STRIDE)
    columns = rows
    cx = grid.xmin + (columns + 0.5) * grid.cell
    cy = grid.ymax - (rows + 0.5) * grid.cell
    at = np.vstack([np.tile(cx, len(rows)), np.repeat(cy, len(columns))])
    exact = FixedBandwidthKDE(sample.T, sigma).evaluate(at) * grid.cell**2
    shape = (len(rows), len(columns))
    exact = exact.reshape(shape)
    check = np.exp(-((sample - at[:, 0]) ** 2).sum(axis=1) / (2 * sigma**2)).sum()
    assert np.isclose(exact[0, 0], check / (2 * np.pi * sigma**2 * ERROR_PLACES) * grid.cell**2)
    kept = exact >= ERROR_FLOOR * exact.max()

    def worst(estimate):
        values = estimate[np.ix_(rows, columns)]
        return float(np.max(np.abs(values[kept] - exact[kept]) / exact[kept]))

    return {"error_ours": worst(ours), "error_fft": worst(fft), "error_cells": int(kept.sum())}


class FixedBandwidthKDE(gaussian_kde):
    """gaussian_kde with the kernel covariance sigma² I, the bandwidth ours and FFTKDE use.

    scipy's own covariance is a multiple of the data's (an elliptic kernel); this replaces only
    that, and scipy's evaluate is unchanged (measure_errors checks one cell by hand).
    """

    def __init__(self, dataset, sigma):
        self.sigma = sigma
        super().__init__(dataset)

    def _compute_covariance(self):
        self.factor = 1.0
        self._data_covariance = np.eye(self.d) * self.sigma**2
        self._data_cho_cov = np.eye(self.d) * self.sigma
        self.covariance = self._data_covariance
        self.cho_cov = self._data_cho_cov.astype(np.float64)
        self.log_det = 2 * np.log(np.diag(self.cho_cov * np.sqrt(2 * np.pi))).sum()
