"""The results page's section table: the public (k-suppressed) numbers of rated sections."""

from datetime import timedelta

from django.utils import timezone

from tests.section_helpers import build_sections, truth


def test_sections_show_numbers_only_from_three_people(anon, make_campaign, make_category):
    now = timezone.now()
    campaign = make_campaign(
        "radnetz", opens_at=now - timedelta(days=9), closes_at=now - timedelta(days=1)
    )
    one, two, three = build_sections(campaign, make_category, results_public=False)
    document = anon.get("/c/radnetz/ergebnisse/zahlen.json").json()
    shown = {s["id"]: s for s in document["sections"]}
    assert list(shown) == [one.pk, two.pk, three.pk]
    expected = truth(one)
    assert shown[one.pk]["ratings"] == expected["ratings"] == 3
    assert shown[one.pk]["contributors"] == expected["contributors"] == 3
    assert shown[one.pk]["mean"] == round(expected["mean"], 2) == 4.0
    # Two people, or none: nothing but the name.
    for section in (two, three):
        assert shown[section.pk]["ratings"] is None and shown[section.pk]["mean"] is None
        assert shown[section.pk]["name"] == "Pirmasenser Straße"
    page = anon.get("/c/radnetz/ergebnisse/").content.decode()
    table = page.split('id="gp-results-sections"')[1].split("</table>")[0]
    row = table.split(f'data-id="{one.pk}"')[1].split("</tr>")[0]
    assert ">3<" in row and "4,0" in row
    row = table.split(f'data-id="{two.pk}"')[1].split("</tr>")[0]
    assert "weniger als 3" in row


def test_sections_stay_hidden_before_the_close(anon, make_campaign, make_category):
    campaign = make_campaign("radnetz-offen")
    build_sections(campaign, make_category, results_public=False)
    assert anon.get("/c/radnetz-offen/ergebnisse/zahlen.json").status_code == 403
    assert "gp-results-sections" not in anon.get("/c/radnetz-offen/ergebnisse/").content.decode()
