// The dashboard's panels for analysts: who is held by cohort and nationality, the flows between
// countries or custodians (table and diagram), and a CSV download of each panel's read. Uses
// read, el, fmt, fill, population and state from dashboard.js; strings from events are text only.
'use strict';

const analysis = { by: 'byCountry', flowsBy: 'country', nationality: '', place: null, firstActivity: null, seriesNationality: '' };
const SVG = 'http://www.w3.org/2000/svg';

function svgEl(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text != null) node.textContent = text;
  return node;
}

/** The flows' window: from the reader's start (else the log's beginning) to the instant shown (exclusive, so + 1 s). */
function flowWindow() {
  const to = state.asOf ? new Date(Date.parse(state.asOf) + 1000) : new Date(Date.now() + 86400000);
  return { from: windowStart('2000-01-01T00:00:00Z'), to: to.toISOString().replace(/\.\d+Z$/, 'Z') };
}

/** The facilities' countries, for the country filter on lists keyed by facility or country. */
let countryOf = () => undefined;

/** A flow, breakdown group or place the country filter keeps: by country its key, by facility its facility's country. */
function groupKept(key, by) {
  if (!filters.country || by === 'custodian' || by === 'byCustodian') return true;
  return by === 'country' || by === 'byCountry' ? key === filters.country : countryOf(key) === filters.country;
}

function flowsPath() {
  const w = flowWindow();
  return '/flows?from=' + w.from + '&to=' + w.to + '&by=' + analysis.flowsBy
    + (analysis.nationality ? '&nationality=' + encodeURIComponent(analysis.nationality) : '');
}

const lineName = (l) => l.nationality == null ? '' : l.nationality;

/** A select's options, replaced only when they change: a live update must not close a list the user has open. */
function setOptions(select, options, value) {
  const now = [...select.options].map((o) => o.value + '\u0000' + o.textContent).join('\u0001');
  const next = options.map(([v, label]) => v + '\u0000' + label).join('\u0001');
  if (now !== next) select.replaceChildren(...options.map(([v, label]) => el('option', { value: v }, label)));
  if (select.value !== value) select.value = value;
}

function renderBreakdowns(doc) {
  const groups = (doc[analysis.by] || []).filter((g) => groupKept(g.key, analysis.by));
  const top = Math.max(1, ...groups.flatMap((g) => g.lines.map((l) => Math.abs(l.population ?? l.netChange))));
  const rows = [];
  for (const g of groups) {
    for (const l of g.lines) {
      const size = Math.abs(l.population ?? l.netChange);
      rows.push(el('tr', { 'data-line': g.key + '/' + l.cohort + '/' + lineName(l) },
        el('th', { scope: 'row' }, g.key), el('td', {}, l.cohort),
        el('td', {}, l.nationality == null ? el('span', { class: 'unknown' }, 'not stated') : l.nationality),
        el('td', { class: 'num population' }, population(l.population)), el('td', { class: 'num net-change' }, fmt(l.netChange)),
        el('td', { class: 'num' }, fmt(l.inTransit)),
        el('td', {}, el('div', { class: 'bar', role: 'img', 'aria-label': fmt(size) + ' people' },
          el('span', { style: 'width:' + Math.round((size / top) * 100) + '%' })))));
    }
  }
  if (rows.length === 0) rows.push(el('tr', {}, el('td', { colspan: '7', class: 'meta' }, 'No breakdowns recorded.')));
  fill($('breakdown-lines').tBodies[0], pagedRows($('breakdown-lines'), rows, 7));
  // The nationalities to filter the flows by: those any line states.
  const nationalities = [...new Set(doc.facilities.flatMap((f) => f.lines.map((l) => l.nationality)).filter(Boolean))].sort();
  setOptions($('flows-nationality'), [['', 'all people'], ...nationalities.map((n) => [n, n])],
    nationalities.includes(analysis.nationality) ? analysis.nationality : '');
  setOptions($('series-nationality'), [['', 'all'], ...nationalities.map((n) => [n, 'nationals of ' + n])],
    nationalities.includes(analysis.seriesNationality) ? analysis.seriesNationality : '');
}

function renderFlows(doc) {
  const flows = doc.flows.filter((f) => f.received + f.lost + f.cancelled > 0 && (groupKept(f.from, analysis.flowsBy) || groupKept(f.to, analysis.flowsBy)));
  fill($('flows').tBodies[0], flows.length === 0 ? [el('tr', {}, el('td', { colspan: '5', class: 'meta' }, 'No transfers finished in this window.'))]
    : pagedRows($('flows'), flows.map((f) => el('tr', { 'data-flow': f.from + '>' + f.to }, el('th', { scope: 'row' }, f.from), el('td', {}, f.to),
      el('td', { class: 'num received' }, fmt(f.received)), el('td', { class: 'num' }, fmt(f.lost)), el('td', { class: 'num' }, fmt(f.cancelled)))), 5));
  $('flows-diagram').replaceChildren(diagram(flows));
  $('flows-caption').textContent = 'People received, lost and cancelled by ' + analysis.flowsBy + ' of origin and destination, up to '
    + (state.asOf ? when(state.asOf) : 'now') + (analysis.nationality ? ', nationals of ' + analysis.nationality + ' only' : '');
}

/** Origins on the left, destinations on the right, a band per pair as wide as the people received. */
function diagram(flows) {
  const origins = [...new Set(flows.map((f) => f.from))];
  const destinations = [...new Set(flows.map((f) => f.to))];
  const rows = Math.max(origins.length, destinations.length, 1);
  const height = 40 + rows * 44;
  const svg = svgEl('svg', { viewBox: '0 0 600 ' + height, class: 'chart flows', role: 'img',
    'aria-label': flows.map((f) => f.from + ' to ' + f.to + ': ' + f.received + ' received').join('; ') || 'no flows' });
  const top = Math.max(1, ...flows.map((f) => f.received));
  const y = (list, key) => 30 + list.indexOf(key) * 44 + (rows - list.length) * 22;
  for (const f of flows) {
    const y1 = y(origins, f.from), y2 = y(destinations, f.to);
    svg.append(svgEl('path', { d: 'M150,' + y1 + ' C300,' + y1 + ' 300,' + y2 + ' 450,' + y2, class: f.received ? 'band' : 'band none',
      'stroke-width': Math.max(2, (f.received / top) * 30) }));
    svg.append(svgEl('text', { x: 300, y: (y1 + y2) / 2 - 6, 'text-anchor': 'middle' }, fmt(f.received)));
  }
  origins.forEach((o) => svg.append(svgEl('text', { x: 140, y: y(origins, o) + 4, 'text-anchor': 'end', class: 'place' }, o)));
  destinations.forEach((d) => svg.append(svgEl('text', { x: 460, y: y(destinations, d) + 4, class: 'place' }, d)));
  return svg;
}

/** The series' window: from the first activity the page knows (a Monday) to the instant shown; weeks past four months, else days. */
function seriesPath() {
  const end = state.asOf ? Date.parse(state.asOf) : Date.now();
  const first = analysis.firstActivity ? Date.parse(analysis.firstActivity) : end - 90 * 86400000;
  const monday = new Date(first - ((new Date(first).getUTCDay() + 6) % 7) * 86400000);
  monday.setUTCHours(0, 0, 0, 0);
  const from = filters.from ? Date.parse(windowStart()) : Math.min(monday.getTime(), end - 7 * 86400000);
  const step = end - from > 120 * 86400000 ? 'week' : 'day';
  const kind = analysis.place.slice(0, analysis.place.indexOf(':'));
  const id = analysis.place.slice(kind.length + 1);
  const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
  const nationality = analysis.seriesNationality && kind !== 'operation' ? '&nationality=' + encodeURIComponent(analysis.seriesNationality) : '';
  return '/' + SERIES_OF[kind] + '/' + encodeURIComponent(id) + '/series?from=' + iso(from) + '&to=' + iso(end + 1000) + '&step=' + step + nationality;
}

const SERIES_OF = { country: 'countries', facility: 'facilities', custodian: 'custodians', operation: 'operations' };

/** Countries, custodians, facilities and operations to chart; the first with a known population by default. */
function seriesPlaces(custody, operations) {
  const places = custody.byCountry.map((c) => ({ value: 'country:' + c.key, label: c.key + ' (country)', known: c.population != null }))
    .concat(custody.byCustodian.map((c) => ({ value: 'custodian:' + c.key, label: c.key + ' (custodian)', known: c.population != null })))
    .concat(custody.facilities.map((f) => ({ value: 'facility:' + f.facilityId, label: f.name, known: f.population != null })))
    .concat(operations.map((o) => ({ value: 'operation:' + o.operationId, label: o.name + ' (operation)', known: false })));
  const starts = operations.map((o) => o.firstActivity).filter(Boolean).sort();
  analysis.firstActivity = starts[0] || null;
  if (!places.some((p) => p.value === analysis.place)) analysis.place = (places.find((p) => p.known) || places[0] || {}).value || null;
  setOptions($('series-place'), places.map((p) => [p.value, p.label]), analysis.place || '');
}

/** Bars per step along the chart's foot: arrivals up, departures down (or, for an operation, received up, sent down). */
function stepBars(svg, points, x, up, down) {
  const most = Math.max(1, ...points.map((p) => Math.max(up(p), down(p))));
  const width = Math.max(1, 500 / Math.max(1, points.length) - 1);
  points.forEach((p, i) => {
    if (up(p)) svg.append(svgEl('rect', { x: x(i) - width / 2, y: 250 - (up(p) / most) * 24, width, height: (up(p) / most) * 24, class: 'arrivals' }));
    if (down(p)) svg.append(svgEl('rect', { x: x(i) - width / 2, y: 250, width, height: (down(p) / most) * 24, class: 'departures' }));
  });
  svg.append(svgEl('line', { x1: 50, y1: 250, x2: 590, y2: 250, class: 'axis' }));
}

/** An operation's steps: people in transit at each step's end, received and sent per step. */
function renderOperationSeries(doc) {
  const points = doc.points;
  const x = (i) => 50 + (i / Math.max(1, points.length - 1)) * 540;
  let received = 0;
  const cumulative = points.map((p) => (received += p.received));
  const top = Math.max(1, ...cumulative, ...points.map((p) => p.inTransit));
  const y = (v) => 190 - (v / top) * 170;
  const sent = points.reduce((s, p) => s + p.initiated, 0);
  const svg = svgEl('svg', { viewBox: '0 0 600 280', class: 'chart series', role: 'img',
    'aria-label': 'received ' + fmt(received) + ', sent ' + fmt(sent) + ' by ' + (points.length ? points[points.length - 1].end.slice(0, 10) : '') });
  svg.append(svgEl('line', { x1: 50, y1: 190, x2: 590, y2: 190, class: 'axis' }), svgEl('line', { x1: 50, y1: 20, x2: 50, y2: 190, class: 'axis' }));
  svg.append(svgEl('polyline', { points: cumulative.map((v, i) => x(i) + ',' + y(v)).join(' '), class: 'received' }),
    svgEl('polyline', { points: points.map((p, i) => x(i) + ',' + y(p.inTransit)).join(' '), class: 'net' }));
  stepBars(svg, points, x, (p) => p.received, (p) => p.initiated);
  svg.append(svgEl('text', { x: 54, y: 16 }, fmt(top)), svgEl('text', { x: 54, y: 212 }, points.length ? points[0].start.slice(0, 10) : ''),
    svgEl('text', { x: 500, y: 212 }, points.length ? points[points.length - 1].end.slice(0, 10) : ''));
  $('series-chart').replaceChildren(svg);
  $('series-caption').textContent = 'Received so far (solid) and in transit (thin) at the end of each ' + doc.step + '; bars: received (up) and sent (down) per '
    + doc.step + '. In all ' + fmt(sent) + ' sent, ' + fmt(received) + ' received.';
}

function renderSeries(doc) {
  if (doc.scope === 'operation') return renderOperationSeries(doc);
  const points = doc.points;
  const known = points.filter((p) => p.population != null);
  let net = 0;
  const cumulative = points.map((p) => (net += p.netChange));
  const values = known.length ? known.map((p) => p.population) : cumulative;
  const top = Math.max(1, ...values.map(Math.abs), ...points.filter((p) => p.capacity).map((p) => p.capacity));
  const bottom = Math.min(0, ...values);
  const x = (i) => 50 + (i / Math.max(1, points.length - 1)) * 540;
  const y = (v) => 190 - ((v - bottom) / (top - bottom)) * 170;
  const last = known.length ? known[known.length - 1].population : null;
  const svg = svgEl('svg', { viewBox: '0 0 600 280', class: 'chart series', role: 'img', 'aria-label': (known.length ? 'population ' + (last == null ? 'unknown' : fmt(last))
    : 'no census: net change ' + fmt(net)) + ' by ' + (points.length ? points[points.length - 1].end.slice(0, 10) : '') });
  svg.append(svgEl('line', { x1: 50, y1: y(bottom), x2: 590, y2: y(bottom), class: 'axis' }), svgEl('line', { x1: 50, y1: 20, x2: 50, y2: 190, class: 'axis' }));
  const line = (pairs, cls) => svg.append(svgEl('polyline', { points: pairs.map(([i, v]) => x(i) + ',' + y(v)).join(' '), class: cls }));
  if (known.length) line(points.map((p, i) => [i, p.population]).filter(([, v]) => v != null), 'received');
  else line(cumulative.map((v, i) => [i, v]), 'net');
  const capacity = points.length && points[points.length - 1].capacity;
  if (capacity) svg.append(svgEl('line', { x1: 50, y1: y(capacity), x2: 590, y2: y(capacity), class: 'planned' }));
  stepBars(svg, points, x, (p) => p.arrivals, (p) => p.departures);
  svg.append(svgEl('text', { x: 54, y: 212 }, points.length ? points[0].start.slice(0, 10) : ''),
    svgEl('text', { x: 500, y: 212 }, points.length ? points[points.length - 1].end.slice(0, 10) : ''),
    svgEl('text', { x: 54, y: 16 }, fmt(top)));
  $('series-chart').replaceChildren(svg);
  const who = doc.nationality ? 'nationals of ' + doc.nationality : 'people';
  const arrived = points.reduce((s, p) => s + p.arrivals, 0);
  const departed = points.reduce((s, p) => s + p.departures, 0);
  $('series-caption').textContent = (known.length ? 'Population (' + who + ') as of the end of each ' + doc.step + ' (a census sets it)'
    : 'No census' + (doc.nationality ? ' with a breakdown' : '') + ': the net change (' + who + ') since ' + (points.length ? points[0].start.slice(0, 10) : '') + ', per ' + doc.step)
    + (capacity ? '; the dashed line is the capacity' : '') + '. Bars: arrivals (up) and departures (down) per ' + doc.step + '; in all '
    + fmt(arrived) + ' arrived, ' + fmt(departed) + ' left.';
}

/** The panel's read as CSV, through fetch so the token goes with it, saved under the server's file name. */
async function download(path) {
  const url = new URL(path, location.href);
  if (state.asOf && !/^\/(flows|statements)|\/series\?/.test(path)) url.searchParams.set('asOf', state.asOf);
  url.searchParams.set('format', 'csv');
  const answer = await fetch(url, { headers: { Authorization: 'Bearer ' + auth.token } });
  if (!answer.ok) { $('status').textContent = 'The download failed (HTTP ' + answer.status + ').'; return; }
  const name = /filename="([^"]+)"/.exec(answer.headers.get('Content-Disposition') || '')?.[1] || 'ledger.csv';
  const link = el('a', { href: URL.createObjectURL(await answer.blob()), download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

const KINDS = { RECEIVED: 'transfer received', CENSUS: 'census', ENTRY: 'transfer after the census' };

function evidencePath(c) {
  return '/statements/' + encodeURIComponent(c.statementId) + '/claims/' + c.claimIndex + '/evidence';
}

function evidenceButton(c) {
  const button = el('button', { type: 'button', class: 'link', 'data-evidence': c.statementId + '/' + c.claimIndex }, 'evidence');
  button.addEventListener('click', () => showEvidence(c).catch((e) => { $('status').textContent = 'Could not load the evidence (' + e.message + ').'; }));
  return button;
}

/** The claim's evidence, a page at a time: each record with what it adds to the ledger value. */
async function showEvidence(c, after, shown = []) {
  const page = await read(evidencePath(c) + '?limit=200' + (after ? '&after=' + encodeURIComponent(after) : ''), { asOf: false });
  const items = shown.concat(page.items);
  $('evidence').hidden = false;
  $('evidence-of').textContent = c.statementId + ', claim ' + (c.claimIndex + 1);
  $('evidence-claim').textContent = page.claim.why;
  $('evidence-csv').dataset.path = evidencePath(c);
  fill($('evidence-items').tBodies[0], items.length === 0 ? [el('tr', {}, el('td', { colspan: '5', class: 'meta' }, 'No record counts toward this claim.'))]
    : items.map((i) => el('tr', { 'data-evidence-item': i.eventId + '/' + i.facilityId }, el('td', {}, when(i.occurredAt)), el('td', {}, KINDS[i.kind] || i.kind),
      el('td', {}, i.facilityId), el('td', {}, i.transferId || '–'), el('td', { class: 'num count' }, fmt(i.count)))));
  const more = $('evidence-more');
  more.hidden = !page.nextCursor;
  more.onclick = () => showEvidence(c, page.nextCursor, items);
  if (!after) $('evidence').scrollIntoView({ block: 'start' });
}

function wireAnalysis() {
  $('evidence-csv').addEventListener('click', (e) => download(e.currentTarget.dataset.path)
    .catch((err) => { $('status').textContent = 'The download failed (' + err.message + ').'; }));
  $('breakdown-by').addEventListener('change', (e) => { analysis.by = e.target.value; refresh(); });
  $('flows-by').addEventListener('change', (e) => { analysis.flowsBy = e.target.value; refresh(); });
  $('flows-nationality').addEventListener('change', (e) => { analysis.nationality = e.target.value; refresh(); });
  $('series-place').addEventListener('change', (e) => { analysis.place = e.target.value; refresh(); });
  $('series-nationality').addEventListener('change', (e) => { analysis.seriesNationality = e.target.value; refresh(); });
  document.querySelectorAll('button[data-download]').forEach((b) => b.addEventListener('click', () => {
    const path = b.dataset.download === 'flows' ? flowsPath() : b.dataset.download === 'series' ? seriesPath() : b.dataset.download;
    download(path).catch((e) => { $('status').textContent = 'The download failed (' + e.message + ').'; });
  }));
}

/** Draws the analysis panels unless a newer refresh (current() false) has begun meanwhile. */
async function renderAnalysis(custody, operations, current) {
  const countries = new Map(custody.facilities.map((f) => [f.facilityId, f.country]));
  countryOf = (id) => countries.get(id);
  seriesPlaces(custody, operations);
  if (analysis.place) {
    const series = await read(seriesPath(), { asOf: false }).catch((e) => ({ error: e }));
    if (!current()) return;
    if (series.error) {
      if (series.error instanceof SignInNeeded) throw series.error;
      $('series-chart').replaceChildren();
      $('series-caption').textContent = 'The series could not be read (' + series.error.message + ').';
    } else {
      renderSeries(series);
    }
  }
  const breakdowns = await read('/breakdowns').catch((e) => ({ error: e }));
  if (!current()) return;
  if (breakdowns.error) {
    // A store projected before breakdowns were: the rest of the page still shows.
    fill($('breakdown-lines').tBodies[0], [el('tr', {}, el('td', { colspan: '7', class: 'meta' }, 'Breakdowns are not available here (' + breakdowns.error.message + ').'))]);
  } else {
    renderBreakdowns(breakdowns);
  }
  const flows = await readFlows();
  if (!current()) return;
  renderFlows(flows);
  await renderMap(custody).catch((e) => {
    if (e instanceof SignInNeeded) throw e;
    $('map-caption').textContent = 'The map could not be drawn (' + e.message + ').';
  });
}

/** /flows takes a window, not asOf. */
function readFlows() {
  return read(flowsPath(), { asOf: false });
}

wireAnalysis();
