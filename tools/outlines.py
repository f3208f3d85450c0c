#!/usr/bin/env python3
"""Country outlines for the dashboard's map, from Natural Earth 1:110m (public domain) as the
world-atlas npm package (ISC) ships it in TopoJSON:

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python3 tools/outlines.py package/countries-110m.json \
        > projection-service/src/main/resources/META-INF/resources/outlines-110m.json

Writes {"source", "countries": [{"name", "rings": [[[lon, lat], ...], ...]}]}, degrees rounded
to 0.01, so the page needs no TopoJSON decoder and no network.
"""
import json
import sys


def main(path):
    topo = json.load(open(path))
    scale, translate = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append([round(x * scale[0] + translate[0], 2), round(y * scale[1] + translate[1], 2)])
        arcs.append(points)

    def ring(indexes):
        points = []
        for i in indexes:
            arc = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
            points.extend(arc if not points else arc[1:])
        return points

    countries = []
    for geometry in topo["objects"]["countries"]["geometries"]:
        polygons = {"Polygon": [geometry.get("arcs", [])], "MultiPolygon": geometry.get("arcs", [])}.get(geometry.get("type"), [])
        rings = [ring(r) for polygon in polygons for r in polygon]
        if rings:
            countries.append({"name": geometry.get("properties", {}).get("name", ""), "rings": rings})
    json.dump({"source": "Natural Earth 1:110m admin-0 countries (public domain), via world-atlas 2.0.2 (ISC)",
               "countries": countries}, sys.stdout, separators=(",", ":"))


if __name__ == "__main__":
    main(sys.argv[1])
