"""public_status and min_support in heatmaps.filters: parsed once, described, keyed, applied."""

import pytest
from django.db import connection
from django.http import QueryDict

from geo_participation.errors import Rejected
from geo_participation.submissions.models import Submission
from heatmaps import filters
from heatmaps.sql import filter_conditions

pytestmark = pytest.mark.django_db


def test_query_parameters_parse_and_describe_back(campaign):
    query = QueryDict("public_status=planned,done&public_status=received&min_support=3")
    chosen = filters.from_query(campaign, query)
    assert chosen.public_statuses == ("done", "planned", "received")
    assert chosen.min_support == 3
    described = chosen.describe()
    assert described["public_status"] == ["done", "planned", "received"]
    assert described["min_support"] == 3
    assert filters.parse(campaign, **described) == chosen
    # The order of the keys does not matter; the filters do.
    same = filters.from_query(
        campaign, QueryDict("public_status=received,done,planned&min_support=3")
    )
    assert same == chosen and same.key() == chosen.key()
    assert filters.parse(campaign).key() != chosen.key()
    assert (
        filters.parse(campaign, min_support=4).key() != filters.parse(campaign, min_support=3).key()
    )


def test_zero_support_is_no_filter(campaign):
    assert filters.parse(campaign, min_support="0") == filters.parse(campaign)
    assert filters.parse(campaign, min_support=0).key() == filters.parse(campaign).key()


@pytest.mark.parametrize(
    "kwargs, parameter, code",
    [
        ({"public_status": "soon"}, "public_status", "unknown_status"),
        ({"public_status": ["planned", "soon"]}, "public_status", "unknown_status"),
        ({"public_status": ""}, None, None),  # absent, as an empty query value
        ({"public_status": []}, "public_status", "unknown_status"),
        ({"min_support": -1}, "min_support", "invalid_parameter"),
        ({"min_support": "+1"}, "min_support", "invalid_parameter"),
        ({"min_support": " 1"}, "min_support", "invalid_parameter"),
        ({"min_support": 2.0}, "min_support", "invalid_parameter"),
        ({"min_support": True}, "min_support", "invalid_parameter"),
        ({"min_support": "1000001"}, "min_support", "invalid_parameter"),
    ],
)
def test_bad_values_are_refused_naming_the_parameter(campaign, kwargs, parameter, code):
    if parameter is None:
        assert filters.parse(campaign, **kwargs) == filters.parse(campaign)
        return
    with pytest.raises(Rejected) as refused:
        filters.parse(campaign, **kwargs)
    assert refused.value.context["parameter"] == parameter
    assert refused.value.code == code
    assert parameter in str(refused.value.detail)


def test_orm_and_sql_conditions_select_the_same_posts(campaign, make_submission):
    for status, support in (("planned", 0), ("planned", 4), ("done", 4), ("received", 9)):
        make_submission(campaign, public_status=status, support_count=support)
    chosen = filters.parse(campaign, public_status="planned,done", min_support=2)
    orm = set(
        Submission.objects.filter(campaign=campaign).filter(chosen.q()).values_list("pk", flat=True)
    )
    where, values = filter_conditions(chosen, campaign)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT s.id FROM {Submission._meta.db_table} s "
            f"WHERE s.campaign_id = %(c)s AND {where}",
            values | {"c": campaign.pk},
        )
        sql = {row[0] for row in cursor.fetchall()}
    assert orm == sql and len(orm) == 2


def test_unknown_names_list_the_new_filters(campaign):
    with pytest.raises(Rejected) as refused:
        filters.check_names(QueryDict("colour=red"), ())
    assert "min_support" in str(refused.value.detail)
    assert "public_status" in str(refused.value.detail)


def test_the_query_string_reads_back_equal(campaign):
    chosen = filters.parse(
        campaign,
        category="spot",
        since="2026-05-01",
        until="2026-06-01T12:00:00+02:00",
        answers={"time_of_day": ["night", "evening"], "rating": 4},
        public_status="planned,done",
        min_support=2,
    )
    text = chosen.query_string()
    assert "answers.time_of_day=evening&answers.time_of_day=night" in text
    assert "public_status=done%2Cplanned" in text and "min_support=2" in text
    assert "%2B00%3A00" in text  # a "+" in a URL would be read as a space
    assert filters.from_query(campaign, QueryDict(text)) == chosen
    assert filters.parse(campaign).query_string() == ""
