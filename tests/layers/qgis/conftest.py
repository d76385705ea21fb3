"""A campaign for the QGIS project tests: two point categories, answers, every status."""

import pytest

from tests.conftest import LIGHT_QUESTION, TIME_QUESTION

PASSWORD = "x-test-password-1"


@pytest.fixture
def mapped(make_campaign, make_category, make_submission):
    """Campaign "fear": 30 published spots and benches 150 m apart, plus pending and rejected."""
    fear = make_campaign("fear")
    make_category(fear, "spot", colour="#d55e00", label="Dunkle Ecke", questions=[TIME_QUESTION])
    make_category(fear, "bench", colour="#0072b2", label="Bank", questions=[LIGHT_QUESTION])
    for i in range(30):
        lon, lat = 7.75 + (i % 6) * 0.002, 49.43 + (i // 6) * 0.0015
        if i % 3:
            answers = {"time_of_day": "night" if i % 2 else "daytime"}
            make_submission(
                fear, category="spot", coordinates=[lon, lat], answers=answers, client_id=f"c{i}"
            )
        else:
            answers = {"lit": "no"}
            make_submission(
                fear, category="bench", coordinates=[lon, lat], answers=answers, client_id=f"c{i}"
            )
    # Never in any public output, so never in QGIS.
    make_submission(fear, category="spot", status="pending", answers={"time_of_day": "night"})
    make_submission(fear, category="spot", status="rejected", answers={"time_of_day": "night"})
    return fear
