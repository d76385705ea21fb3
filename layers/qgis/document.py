"""The .qgs XML: project CRS, layer tree, one <maplayer> per layer, the starting view."""

from dataclasses import dataclass
from xml.etree.ElementTree import Element, SubElement, indent, tostring

from django.contrib.gis.gdal import SpatialReference

# The project CRS: ETRS89 / UTM 32N, what German planning offices measure in.
PROJECT_CRS = "EPSG:25832"
# The version written into the file: the oldest QGIS the project is made for (Debian 12's).
QGIS_VERSION = "3.22.16-Białowieża"


@dataclass(frozen=True)
class MapLayer:
    """One vector layer of the project: where QGIS reads it and how it is drawn."""

    id: str
    name: str
    provider: str  # "OAPIF" (OGC API Features) or "ogr" (GeoJSON over HTTP)
    source: str
    geometry: str  # "Point", "Line" or "Polygon", QGIS's hint until the source is read
    renderer: Element
    crs: str = "EPSG:4326"  # what the source serves
    visible: bool = True


def project_xml(*, title: str, layers: list[MapLayer], extent: tuple) -> bytes:
    """Return the project file: the layers in drawing order (first on top), framed on extent."""
    root = Element("qgis", version=QGIS_VERSION, projectname=title)
    SubElement(root, "title").text = title
    _srs(SubElement(root, "projectCrs"), PROJECT_CRS)
    # Without this property QGIS 3.22 ignores <projectCrs>.
    properties = SubElement(SubElement(root, "properties"), "SpatialRefSys")
    SubElement(properties, "ProjectionsEnabled", type="int").text = "1"
    tree = SubElement(root, "layer-tree-group")
    for layer in layers:
        SubElement(
            tree,
            "layer-tree-layer",
            id=layer.id,
            name=layer.name,
            source=layer.source,
            providerKey=layer.provider,
            checked="Qt::Checked" if layer.visible else "Qt::Unchecked",
            expanded="1",
        )
    _canvas(root, extent)
    holder = SubElement(root, "projectlayers")
    for layer in layers:
        holder.append(_maplayer(layer))
    order = SubElement(root, "layerorder")
    for layer in layers:
        SubElement(order, "layer", id=layer.id)
    indent(root)
    doctype = b"<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
    return doctype + tostring(root, encoding="utf-8", xml_declaration=False)


def _srs(parent: Element, authid: str) -> None:
    # QGIS 3.22 reads a CRS from its definition (an authority id alone leaves it unset); GDAL
    # gives the WKT, and QGIS names it by the authority id.
    reference = SpatialReference(authid.split(":")[1])
    spatialrefsys = SubElement(parent, "spatialrefsys")
    SubElement(spatialrefsys, "wkt").text = reference.wkt
    SubElement(spatialrefsys, "proj4").text = reference.proj.strip()
    SubElement(spatialrefsys, "srid").text = authid.split(":")[1]
    SubElement(spatialrefsys, "authid").text = authid


def _canvas(root: Element, extent: tuple) -> None:
    canvas = SubElement(root, "mapcanvas", name="theMapCanvas")
    SubElement(canvas, "units").text = "meters"
    box = SubElement(canvas, "extent")
    for name, value in zip(("xmin", "ymin", "xmax", "ymax"), extent, strict=True):
        SubElement(box, name).text = f"{value:.2f}"
    SubElement(canvas, "rotation").text = "0"
    _srs(SubElement(canvas, "destinationsrs"), PROJECT_CRS)


def _maplayer(layer: MapLayer) -> Element:
    element = Element("maplayer", type="vector", geometry=layer.geometry)
    SubElement(element, "id").text = layer.id
    SubElement(element, "datasource").text = layer.source
    SubElement(element, "layername").text = layer.name
    _srs(SubElement(element, "srs"), layer.crs)
    SubElement(element, "provider", encoding="UTF-8").text = layer.provider
    element.append(layer.renderer)
    SubElement(element, "blendMode").text = "0"
    SubElement(element, "featureBlendMode").text = "0"
    SubElement(element, "layerOpacity").text = "1"
    return element
