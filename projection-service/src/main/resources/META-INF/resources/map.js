'use strict';
// The map: facilities that carry a location (FacilityLocated) as dots sized by the people they
// hold, and the people moved between them (GET /flows by facility, the flows panel's window and
// nationality) as arcs. Country outlines are Natural Earth 1:110m, public domain, served from
// this page's own origin (outlines-110m.json, made by tools/outlines.py): no tiles, no CDN.

let outlines = null;

function loadOutlines() {
  outlines = outlines || fetch('outlines-110m.json').then((r) => (r.ok ? r.json() : { countries: [] })).catch(() => ({ countries: [] }));
  return outlines;
}

/** The box around the located facilities, at least 12 degrees each way, wider than tall. */
function mapBox(places) {
  const lons = places.map((p) => p.location.longitude);
  const lats = places.map((p) => p.location.latitude);
  const mid = [(Math.min(...lons) + Math.max(...lons)) / 2, (Math.min(...lats) + Math.max(...lats)) / 2];
  const lat = Math.max(12, (Math.max(...lats) - Math.min(...lats)) * 1.3);
  const lon = Math.max(lat * 1.5, (Math.max(...lons) - Math.min(...lons)) * 1.2);
  return { west: mid[0] - lon / 2, east: mid[0] + lon / 2, south: mid[1] - lat / 2, north: mid[1] + lat / 2, k: Math.cos((mid[1] * Math.PI) / 180) };
}

async function renderMap(custody) {
  const located = new Map(custody.facilities.filter((f) => f.location).map((f) => [f.facilityId, f]));
  // With a country chosen: its facilities, and the places their people came from or went to.
  const flows = (await read(mapFlowsPath(), { asOf: false })).flows.filter((f) => located.has(f.from) && located.has(f.to) && f.from !== f.to
    && (inCountry(located.get(f.from)) || inCountry(located.get(f.to))));
  const ends = new Set(flows.flatMap((f) => [f.from, f.to]));
  const places = [...located.values()].filter((f) => inCountry(f) || ends.has(f.facilityId));
  const caption = $('map-caption');
  if (!places.length) {
    $('map').replaceChildren();
    caption.textContent = 'No facility has a location yet: a FacilityLocated event gives one.';
    return;
  }
  const box = mapBox(places);
  const width = 600;
  const height = Math.round(Math.min(420, Math.max(240, (width * (box.north - box.south)) / ((box.east - box.west) * box.k))));
  const x = (lon) => ((lon - box.west) / (box.east - box.west)) * width;
  const y = (lat) => ((box.north - lat) / (box.north - box.south)) * height;
  const point = ([lon, lat]) => x(lon).toFixed(1) + ',' + y(lat).toFixed(1);
  const svg = svgEl('svg', { viewBox: '0 0 ' + width + ' ' + height, class: 'chart map', role: 'img',
    'aria-label': places.length + ' facilities with a location' });
  for (const country of (await loadOutlines()).countries) {
    const rings = country.rings.filter((r) => r.some(([lon, lat]) => lon > box.west - 20 && lon < box.east + 20 && lat > box.south - 20 && lat < box.north + 20));
    if (rings.length) svg.append(svgEl('path', { d: rings.map((r) => 'M' + r.map(point).join('L') + 'Z').join(''), class: 'land' }));
  }
  const at = located;
  const most = Math.max(1, ...flows.map((f) => f.received + f.lost + f.cancelled));
  for (const f of flows) {
    const [a, b] = [at.get(f.from).location, at.get(f.to).location];
    const [x1, y1, x2, y2] = [x(a.longitude), y(a.latitude), x(b.longitude), y(b.latitude)];
    // Bent to the left of its direction, so a pair's two ways do not overlap.
    const [cx, cy] = [(x1 + x2) / 2 - (y2 - y1) * 0.2, (y1 + y2) / 2 + (x2 - x1) * 0.2];
    const arc = svgEl('path', { d: 'M' + x1 + ',' + y1 + 'Q' + cx + ',' + cy + ' ' + x2 + ',' + y2, class: f.received ? 'route' : 'route cancelled',
      'stroke-width': (1 + (7 * (f.received + f.lost + f.cancelled)) / most).toFixed(1), 'data-map-flow': f.from + '>' + f.to });
    arc.append(svgEl('title', {}, at.get(f.from).name + ' to ' + at.get(f.to).name + ': ' + fmt(f.received) + ' received, ' + fmt(f.lost) + ' lost, '
      + fmt(f.cancelled) + ' cancelled'));
    svg.append(arc);
  }
  const biggest = Math.max(1, ...places.map((p) => Math.abs(p.population ?? p.netChange)));
  for (const p of places) {
    const held = p.population ?? p.netChange;
    const dot = svgEl('circle', { cx: x(p.location.longitude), cy: y(p.location.latitude), r: (3 + 12 * Math.sqrt(Math.abs(held) / biggest)).toFixed(1),
      class: p.population == null ? 'place unknown' : 'place', 'data-facility': p.facilityId });
    dot.append(svgEl('title', {}, p.name + ': ' + (p.population == null ? 'population unknown, net change ' + fmt(p.netChange) : fmt(p.population) + ' held')));
    svg.append(dot, svgEl('text', { x: x(p.location.longitude) + 6, y: y(p.location.latitude) - 6, class: 'place-name' }, p.name));
  }
  $('map').replaceChildren(svg);
  caption.textContent = places.length + ' of ' + custody.facilities.length + ' facilities have a location; dots by people held (hollow: no census), arcs by people moved '
    + (analysis.nationality ? '(nationals of ' + analysis.nationality + ') ' : '') + 'up to the instant shown. Outlines: Natural Earth, public domain.';
}

/** The flows panel's window and nationality, between facilities. */
function mapFlowsPath() {
  const w = flowWindow();
  return '/flows?from=' + w.from + '&to=' + w.to + '&by=facility' + (analysis.nationality ? '&nationality=' + encodeURIComponent(analysis.nationality) : '');
}
