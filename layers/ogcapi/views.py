"""Thin views of the OGC API: parse, read through queries, build documents, render."""

import json

from django.views.decorators.csrf import csrf_exempt

from geo_participation.campaigns.selectors import public_statuses

from . import documents, queries
from .crs import crs_from_param
from .documents import Links
from .errors import NotFound
from .openapi import openapi, operations
from .params import COMMON, ITEM, ITEMS, items_query
from .rendering import (
    as_text,
    document_response,
    endpoint,
    error_response,
    geojson_response,
    html_response,
    json_response,
    refuse_method,
    versioned,
    viewer,
    wants_html,
    with_crs,
)


@endpoint(COMMON)
def landing(request, *, params, html):
    """Return the landing page."""
    data = documents.landing(Links(request, html=html), queries.campaign_list())
    return document_response(data, html=html, template="landing.html", title=data["title"])


@endpoint(COMMON)
def conformance(request, *, params, html):
    """Return the conformance classes."""
    data = documents.conformance(Links(request, html=html))
    return document_response(data, html=html, template="conformance.html", title="Conformance")


@endpoint(COMMON)
def api(request, *, params, html):
    """Return the OpenAPI definition, or its HTML rendering (the service-doc)."""
    links = Links(request, html=html)
    data = openapi(links.url("landing"))
    if html:
        context = {
            "title": data["info"]["title"],
            "description": data["info"]["description"],
            "operations": operations(data),
        }
        return html_response("api.html", context)
    return json_response(data, content_type=documents.OPENAPI)


@endpoint(COMMON)
def collections(request, *, params, html):
    """Return every collection (one per campaign)."""
    data = documents.collections(Links(request, html=html), queries.campaign_list())
    return document_response(data, html=html, template="collections.html", title="Collections")


@endpoint(COMMON)
def collection(request, *, params, html, collection_id):
    """Return one collection."""
    data = documents.collection(Links(request, html=html), queries.campaign_get(collection_id))
    return document_response(data, html=html, template="collection.html", title=data["title"])


@endpoint(COMMON)
def queryables(request, *, params, html, collection_id):
    """Return the properties a collection's items can be filtered by."""
    campaign = queries.campaign_get(collection_id)
    data = documents.queryables(
        Links(request, html=html),
        campaign=campaign,
        categories=queries.category_list(campaign),
        statuses=public_statuses(campaign),
    )
    if html:
        return document_response(data, html=True, template="queryables.html", title=data["title"])
    return json_response(data, content_type=documents.SCHEMA_JSON)


@endpoint(ITEMS)
def items(request, *, params, html, collection_id):
    """Return a page of a collection's published features."""
    campaign = queries.campaign_get(collection_id)
    query = items_query(params)
    asking = viewer(request)
    page = queries.feature_page(campaign=campaign, viewer=asking, query=query)
    links = Links(request, html=html)
    head = documents.feature_collection(
        links, slug=campaign.slug, params=params, page=page, limit=query.limit, offset=query.offset
    )
    if not html:
        response = geojson_response(head, page.features, query.crs.uri)
        return versioned(request, response, campaign, made_for=queries.viewer_class(asking))
    context = {
        "title": campaign.title,
        "data": head,
        "links": head["links"],
        "features": [json.loads(feature) for feature in page.features],
        "offset": query.offset,
        "slug": campaign.slug,
    }
    return with_crs(html_response("items.html", context), query.crs.uri)


@endpoint(ITEM)
def item(request, *, params, html, collection_id, feature_id):
    """Return one published feature."""
    campaign = queries.campaign_get(collection_id)
    crs = crs_from_param(params.get("crs"), name="crs")
    text = queries.feature_get(
        campaign=campaign, viewer=viewer(request), feature_id=feature_id, crs=crs
    )
    feature = json.loads(text)
    feature["links"] = documents.feature_links(
        Links(request, html=html), slug=campaign.slug, feature_id=feature_id, params=params
    )
    if html:
        context = {
            "title": f"{campaign.title} #{feature['id']}",
            "properties": [(key, as_text(value)) for key, value in feature["properties"].items()],
            "geometry": as_text(feature["geometry"]),
            "links": feature["links"],
        }
        response = html_response("item.html", context)
    else:
        response = json_response(feature, content_type=documents.GEOJSON)
    return with_crs(response, crs.uri)


@csrf_exempt
def unknown_path(request):
    """Answer a path the API does not have with an OGC 404 (405 for a method other than GET)."""
    refused = refuse_method(request)
    if refused is not None:
        return refused
    error = NotFound(f"No such path in this API: {request.path}")
    return error_response(error, html=wants_html(request, None))
