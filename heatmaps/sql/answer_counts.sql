-- How often each answer was given among the published submissions that pass the filters.
-- One row per (question, value) and one per question with value NULL: the number of posts that
-- answered it at all (GROUPING SETS). A ticked box of a multiple-choice answer is one value of
-- its list, so a post counts once under every box it ticked; other answers are one value each.
-- Free-text questions are counted only as answered: their texts are no categories to count.
SELECT e.key,
       CASE WHEN grouping(v.value) = 0 THEN v.value END AS value,
       count(DISTINCT s.id) AS n
FROM {submissions} s
CROSS JOIN LATERAL jsonb_each(s.answers) AS e(key, answer)
CROSS JOIN LATERAL (
    SELECT CASE WHEN e.key = ANY(%(texts)s) THEN '' ELSE x.item #>> '{{}}' END AS value
    FROM jsonb_array_elements(
        CASE jsonb_typeof(e.answer) WHEN 'array' THEN e.answer ELSE jsonb_build_array(e.answer) END
    ) AS x(item)
    WHERE x.item NOT IN ('null'::jsonb, '""'::jsonb)
) AS v
WHERE s.campaign_id = %(campaign)s AND s.status = %(published)s
  AND e.key = ANY(%(keys)s)
  AND {filters}
GROUP BY GROUPING SETS ((e.key, v.value), (e.key))
