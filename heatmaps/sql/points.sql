-- The campaign's published submissions that pass the filters, each as the one point where the
-- public sees it: lines and polygons at their point on surface, sensitive categories snapped
-- to the campaign's generalisation grid as in public tiles, so no aggregate is ever finer than
-- what the public may see. Contributors are the author, else the anonymous client; rows with
-- neither count as one unknown contributor, which errs towards suppression. {share} keeps one
-- share of the contributors (see grid_share.sql), or all of them. The sensitive categories come
-- as a list of ids: a join to the categories would be planned as a lookup per place.
-- The set-returning generate_series(1, 1) keeps PostgreSQL from merging this subquery into its
-- users, which would compute the point again wherever it is used; unlike OFFSET 0, it leaves
-- the statement parallel-safe (the same device in locate_*.sql).
points AS (
    SELECT category_id, who, support_count, p FROM (
        SELECT s.category_id,
               coalesce('u' || s.author_id::text, 'c' || s.client_id) AS who,
               s.support_count,
               gp_public_point(s.geom_3857, s.category_id = ANY(%(sensitive)s), %(grid)s) AS p,
               generate_series(1, 1) AS once
        FROM {submissions} s
        WHERE s.campaign_id = %(campaign)s AND s.status = %(published)s
          AND {filters} AND {share}
    ) published
)
