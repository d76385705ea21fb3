-- Grid runs: the cells that hold published submissions.
cover AS (SELECT i, j FROM cells)
