"""The attribute columns of an export, and the flattening of answers into one column per question.

Every format gets the same columns in the same order; only their names may be fitted (Shapefile)
and their types mapped to what the format can hold.
"""

from dataclasses import dataclass

from django.db.models import CharField, FloatField, Func, IntegerField, Value
from django.utils.translation import gettext as _

from geo_participation.campaigns.questions import label_of

# Column kinds and what each becomes in a file.
INTEGER, REAL, TEXT, DATETIME, BOOLEAN = "integer", "real", "text", "datetime", "boolean"
# Multiple-choice answers are one text column: their values joined with this separator.
CHOICE_SEPARATOR = "; "


@dataclass(frozen=True)
class Column:
    """One attribute of the exported features: its name, kind and meaning."""

    name: str
    kind: str
    description: str


class AnswerText(Func):
    """One answer as text: a list of choices joined with '; ', anything else as it is."""

    output_field = CharField()

    def __init__(self, field: str, key: str):
        super().__init__(field, Value(key), Value(CHOICE_SEPARATOR))

    def as_sql(self, compiler, connection, **extra):
        """Return the SQL that renders the answer as text, whatever its JSON type."""
        # An answer is a string, a number or a list (multiple choice); the same key may be a
        # list in one category and a string in another, so its JSON type decides per row. The
        # key and the separator reach PostgreSQL as parameters, never in the SQL text.
        (a, a_params), (k, k_params), (s, s_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        value = f"({a} -> {k}::text)"
        sql = (
            f"CASE jsonb_typeof{value} WHEN 'array' THEN "
            f"array_to_string(ARRAY(SELECT jsonb_array_elements_text{value}), {s}::text) "
            f"ELSE ({a} ->> {k}::text) END"
        )
        value_params = [*a_params, *k_params]
        return sql, [*value_params, *value_params, *s_params, *value_params]


class AnswerInteger(Func):
    """One answer as an integer (ratings); NULL when unanswered."""

    output_field = IntegerField()

    def __init__(self, field: str, key: str):
        super().__init__(field, Value(key))

    def as_sql(self, compiler, connection, **extra):
        """Return the SQL that reads the answer as an integer."""
        (a, a_params), (k, k_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        return f"(({a} ->> {k}::text)::integer)", [*a_params, *k_params]


class EpochSeconds(Func):
    """EXTRACT(EPOCH FROM timestamp): seconds since 1970 (UTC), cheap to turn into datetimes."""

    template = "EXTRACT(EPOCH FROM %(expressions)s)::float8"
    output_field = FloatField()


# Names the base columns of submissions use; a question with one of these keys is prefixed.
RESERVED = frozenset(
    {
        *("id", "category", "category_label", "comment", "near", "support_count", "created"),
        *("public_status", "public_status_label", "answer", "responded_at", "geometry"),
    }
)


def question_columns(categories) -> list[tuple[Column, str]]:
    """Return one column per question key of the categories, with the key it reads.

    A key asked in several categories (the demo's fear spaces share their questions) is one
    column. It is an integer column when every category asks it as a rating, text otherwise.
    """
    kinds: dict[str, set[str]] = {}
    labels: dict[str, str] = {}
    for category in categories:
        for question in category.questions:
            kinds.setdefault(question["key"], set()).add(question["type"])
            labels.setdefault(question["key"], label_of(question))
    columns = []
    for key, types in kinds.items():
        kind = INTEGER if types == {"rating"} else TEXT
        name = f"q_{key}" if key in RESERVED else key
        description = _("Answer to “%(label)s”") % {"label": labels[key]}
        if "multiple_choice" in types:
            description += " " + _("(choices joined with “%(separator)s”)") % {
                "separator": CHOICE_SEPARATOR
            }
        columns.append((Column(name, kind, description), key))
    return columns


def answer_expression(column: Column, key: str):
    """Return the SQL expression reading one question's answer from the answers JSON."""
    if column.kind == INTEGER:
        return AnswerInteger("answers", key)
    return AnswerText("answers", key)
