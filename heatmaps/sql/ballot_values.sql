-- How often each answer value stands at each place of the ballots of one poll: an option key
-- (single), each ticked key (multiple), a number (scale), each ranked key with its rank
-- (ranking: position 1 is the favourite), as text. Non-list answers count as a list of one.
SELECT a.key AS question, e.value #>> '{}' AS value, e.position, count(*) AS n
FROM polls_ballot AS b
CROSS JOIN LATERAL jsonb_each(b.answers) AS a(key, answer)
CROSS JOIN LATERAL jsonb_array_elements(
    CASE jsonb_typeof(a.answer) WHEN 'array' THEN a.answer ELSE jsonb_build_array(a.answer) END
) WITH ORDINALITY AS e(value, position)
WHERE b.campaign_id = %(campaign)s
GROUP BY 1, 2, 3
