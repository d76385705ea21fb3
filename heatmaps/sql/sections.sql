-- Per section of a campaign's reference layers (references.ReferenceFeature): its published
-- ratings (approved submissions pointing at it) that pass the filters, counted in one statement.
-- Contributors are the author, else the anonymous client (as in points.sql); rows with neither
-- count as one unknown contributor, which errs towards suppression. Per counted question: how
-- often each value was given (a ticked box of a multiple choice is one value of its list) and
-- by how many distinct contributors the question was answered at all. Only rated sections have
-- a row; heatmaps.sections lists every section.
WITH rated AS (
    SELECT s.reference_id AS section,
           coalesce('u' || s.author_id::text, 'c' || s.client_id) AS who,
           s.support_count, s.answers
    FROM {submissions} s
    WHERE s.campaign_id = %(campaign)s AND s.status = %(published)s
      AND s.reference_id IS NOT NULL
      AND {filters}
),
totals AS (
    SELECT section, count(*) AS ratings, count(DISTINCT who) AS contributors,
           sum(support_count) AS support_sum
    FROM rated
    GROUP BY section
),
given AS (
    SELECT r.section, r.who, e.key, x.item #>> '{{}}' AS value
    FROM rated r
    CROSS JOIN LATERAL jsonb_each(r.answers) AS e(key, answer)
    CROSS JOIN LATERAL jsonb_array_elements(
        CASE jsonb_typeof(e.answer) WHEN 'array' THEN e.answer ELSE jsonb_build_array(e.answer) END
    ) AS x(item)
    WHERE e.key = ANY(%(keys)s) AND x.item NOT IN ('null'::jsonb, '""'::jsonb)
),
per_value AS (
    SELECT section, key, value, count(*) AS n
    FROM given
    GROUP BY section, key, value
),
answered AS (
    SELECT section, key, count(DISTINCT who) AS people
    FROM given
    GROUP BY section, key
),
per_question AS (
    SELECT v.section, v.key,
           jsonb_build_object('counts', jsonb_object_agg(v.value, v.n),
                              'contributors', min(a.people)) AS question
    FROM per_value v
    JOIN answered a ON a.section = v.section AND a.key = v.key
    GROUP BY v.section, v.key
),
per_section AS (
    SELECT section, jsonb_object_agg(key, question) AS questions
    FROM per_question
    GROUP BY section
)
SELECT t.section, t.ratings, t.contributors, t.support_sum,
       coalesce(p.questions, '{{}}'::jsonb)::text
FROM totals t
LEFT JOIN per_section p ON p.section = t.section
