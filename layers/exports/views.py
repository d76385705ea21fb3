"""The export endpoint: GET /exports/{slug}/{layer}.{format}?crs=...&category=..."""

import shutil
import tempfile
from pathlib import Path

from django.http import FileResponse, StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from geo_participation.openapi import errors

from .access import IsPlanner, LoginPageForPeople
from .files import write_export
from .geojson import geojson_stream
from .requests import ExportRequest, export_request, not_found


class ExportView(LoginPageForPeople, APIView):
    """Return one layer of a campaign as a file, for planners."""

    permission_classes = [IsPlanner]
    # Errors are JSON ({"detail", "code"}); files are answered directly.
    renderer_classes = [JSONRenderer]

    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The file: GPKG, zipped SHP, GeoJSON, CSV, ..."
            ),
            **errors(400, 403, 404),
        }
    )
    def get(self, request, slug: str, filename: str):
        """Answer {layer}.{format} of the campaign as a file download."""
        layer, dot, fmt = filename.partition(".")
        if not dot:
            raise not_found(f"No export {filename!r}; ask for {{layer}}.{{format}}.")
        export = export_request(
            slug=slug, layer=layer, fmt=fmt, query=request.query_params, viewer=request.user
        )
        if export.format.key == "geojson" and export.source.streamed:
            response = StreamingHttpResponse(
                geojson_stream(export), content_type=export.format.media_type
            )
            response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
        else:
            response = _file_response(export)
        # Planners see sensitive places exactly: never keep an export in a shared cache.
        response["Cache-Control"] = "private, no-store"
        return response


def _file_response(export: ExportRequest) -> FileResponse:
    directory = Path(tempfile.mkdtemp(prefix="gp-export-"))
    try:
        path = write_export(export, directory)
        handle = path.open("rb")
    finally:
        # The open handle keeps the file readable until the response is sent; the directory
        # and its name are gone at once, so nothing is left behind if the client goes away.
        shutil.rmtree(directory)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=export.filename,
        content_type=export.format.media_type,
    )
