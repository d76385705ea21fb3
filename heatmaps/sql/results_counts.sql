-- The public results' counts of a campaign: published posts and their distinct contributors,
-- in all (level 3), per category (level 1) and per public status (level 2), one statement
-- (GROUPING SETS). Contributors are the author, else the anonymous client, as in points.sql:
-- rows with neither count as one unknown contributor, which errs towards suppression.
SELECT grouping(s.category_id, s.public_status) AS level,
       s.category_id,
       s.public_status,
       count(*) AS posts,
       count(DISTINCT coalesce('u' || s.author_id::text, 'c' || s.client_id)) AS contributors
FROM {submissions} s
WHERE s.campaign_id = %(campaign)s AND s.status = %(published)s
GROUP BY GROUPING SETS ((), (s.category_id), (s.public_status))
