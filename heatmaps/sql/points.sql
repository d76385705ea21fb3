-- The campaign's published submissions that pass the filters, each as the one point where the
-- public sees it: lines and polygons at their point on surface, sensitive categories snapped
-- to the campaign's generalisation grid as in public tiles, so no aggregate is ever finer than
-- what the public may see. (OFFSET 0: each point is computed once, not again wherever it is
-- used.) Contributors are the author, else the anonymous client; rows with
-- neither count as one unknown contributor, which errs towards suppression.
points AS (
    SELECT * FROM (
        SELECT s.category_id,
               coalesce('u' || s.author_id::text, 'c' || s.client_id) AS who,
               s.support_count,
               gp_public_point(s.geom_3857, k.sensitive, %(grid)s) AS p
        FROM {submissions} s
        JOIN {categories} k ON k.id = s.category_id
        WHERE s.campaign_id = %(campaign)s AND s.status = %(published)s
          AND {filters}
        OFFSET 0
    ) published
)
