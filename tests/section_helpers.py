"""A scene for the per-section numbers: a proposed bike street in three sections, rated.

Section 1 is rated by three people (two accounts, one anonymous client), section 2 by two,
section 3 by nobody; pending and rejected ratings would change every number if they counted.
The truth the tests compare with is read back from the submissions table independently.
"""

from django.contrib.auth.models import User
from django.contrib.gis.geos import LineString, Point

from geo_participation.references.models import ReferenceFeature, ReferenceLayer
from geo_participation.submissions.models import Status, Submission

SCORE_QUESTION = {"key": "score", "label": "Wie bewerten Sie diesen Abschnitt?", "type": "rating"}
BETTER_QUESTION = {
    "key": "better",
    "label": "Was würde ihn verbessern?",
    "label_en": "What would make it better?",
    "type": "multiple_choice",
    "choices": [
        {"value": "wide", "label": "Breiter"},
        {"value": "light", "label": "Beleuchtung"},
        {"value": "surface", "label": "Belag"},
    ],
}
NOTE_QUESTION = {"key": "note", "label": "Anmerkung", "type": "short_text"}
# Three sections of one street, west to east inside the test area (tests.conftest.AREA).
SECTIONS = [
    LineString((7.760, 49.440), (7.765, 49.440), srid=4326),
    LineString((7.765, 49.440), (7.770, 49.440), srid=4326),
    LineString((7.770, 49.440), (7.775, 49.441), srid=4326),
]


def build_sections(campaign, make_category, *, results_public=True):
    """Add the rating category, the street's sections and their ratings; return the sections.

    The campaign shows its results early unless told otherwise: the public sees section numbers
    only then (or once it closed), so the k rule is tested on a campaign whose results are public.
    """
    campaign.results_early = results_public
    campaign.save(update_fields=["results_early"])
    make_category(
        campaign, "rate", "point", questions=[SCORE_QUESTION, BETTER_QUESTION, NOTE_QUESTION]
    )
    layer = ReferenceLayer.objects.create(
        campaign=campaign, name_de="Fahrradstraßen", name_en="Bike streets", kind="line"
    )
    sections = [
        ReferenceFeature.objects.create(
            layer=layer,
            campaign=campaign,
            name_de="Pirmasenser Straße",
            name_en="Pirmasenser Street",
            section=n + 1,
            geom=geom,
            position=n,
        )
        for n, geom in enumerate(SECTIONS)
    ]
    a, b, c = (User.objects.create_user(name) for name in ("rider-a", "rider-b", "rider-c"))
    one, two, _three = sections
    rate = campaign.categories.get(key="rate")
    rows = [
        # section, author, client, status, answers, support
        (one, a, "", "approved", {"score": 5, "better": ["wide"]}, 2),
        (one, b, "", "approved", {"score": 4, "better": ["wide", "light"], "note": "eng"}, 1),
        (one, None, "client-1", "approved", {"score": 3, "better": []}, 0),
        (one, c, "", "pending", {"score": 1, "better": ["surface"]}, 0),
        (one, None, "client-2", "rejected", {"score": 1, "better": ["surface"]}, 0),
        (two, a, "", "approved", {"score": 2, "better": ["surface"]}, 4),
        (two, None, "client-3", "approved", {"score": 1}, 0),
    ]
    for section, author, client, status, answers, support in rows:
        Submission.objects.create(
            campaign=campaign,
            category=rate,
            reference=section,
            geom=Point(section.geom.interpolate_normalized(0.5).coords, srid=4326),
            author=author,
            client_id=client,
            status=status,
            moderation_reason="off topic" if status == "rejected" else "",
            answers=answers,
            support_count=support,
        )
    return sections


def truth(section) -> dict:
    """Return a section's numbers read from its approved ratings, without the statement."""
    rated = list(Submission.objects.filter(reference=section, status=Status.APPROVED))
    scores = [r.answers["score"] for r in rated if "score" in r.answers]
    people = {r.author_id or f"c{r.client_id}" for r in rated}
    return {
        "ratings": len(rated),
        "contributors": len(people),
        "support_sum": sum(r.support_count for r in rated),
        "mean": round(sum(scores) / len(scores), 3) if scores else None,
        **{
            f"q_better_{value}": sum(value in r.answers.get("better", []) for r in rated)
            for value in ("wide", "light", "surface")
        },
        **{f"q_score_{n}": scores.count(n) for n in range(1, 6)},
    }
