-- Ballots answering each question of one poll, and (the grouping set with total = 1) all of
-- its ballots, those that left every optional question out included.
SELECT a.key AS question, GROUPING(a.key) AS total, count(DISTINCT b.id) AS n
FROM polls_ballot AS b
LEFT JOIN LATERAL jsonb_object_keys(b.answers) AS a(key) ON TRUE
WHERE b.campaign_id = %(campaign)s
GROUP BY GROUPING SETS ((a.key), ())
