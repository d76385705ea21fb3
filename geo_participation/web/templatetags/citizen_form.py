"""Template tags that show a category as the citizen map does, for pages outside web/.

The campaign setup pages (campaigns/setup/) preview the citizen form with them: a tag, not an
import, keeps the sub-packages acyclic (web imports campaigns, never the other way round).
"""

from django import template

from geo_participation.web.fields import question_fields
from geo_participation.web.markers import category_markers, contrast_hint

register = template.Library()


@register.simple_tag
def marked_categories(categories) -> list[dict]:
    """Return each category with its marker, as the map's legend draws them."""
    categories = list(categories)
    markers = category_markers(categories)
    return [{"category": c, "marker": markers[c.key]} for c in categories]


@register.simple_tag
def category_preview(category) -> dict:
    """Return what the citizen form shows of a category: marker, question fields, and a hint
    when its colour stands out weakly on the map."""
    siblings = list(category.campaign.categories.order_by("position", "key"))
    return {
        "category": category,
        "marker": category_markers(siblings)[category.key],
        "questions": question_fields(category),
        "contrast_hint": contrast_hint(category.colour),
    }
