// The custody dashboard. Every string that comes from events is written with textContent,
// never as HTML: a quote like "<script>" is shown, not run.
'use strict';

const state = { asOf: null, refreshTimer: null, lastEventId: null };
const $ = (id) => document.getElementById(id);

// Sign-in: a bearer token kept for this tab only (sessionStorage: this origin's scripts, no cookie,
// so no other site's page can make the browser send it). It comes from the issuer by the
// authorization code flow with PKCE (below), from a sign-in link's fragment (#token=..., which
// browsers never send to a server) or from the sign-in form.
const auth = {
  get token() { return sessionStorage.getItem('ledger-token'); },
  set token(value) { if (value) sessionStorage.setItem('ledger-token', value); else sessionStorage.removeItem('ledger-token'); },
};
function tokenFromFragment() {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (match) {
    auth.token = decodeURIComponent(match[1]);
    history.replaceState(null, '', location.pathname + location.search); // out of the address bar and history
  }
}

// The authorization code flow with PKCE (RFC 7636, S256), run by the page as a public client: the
// verifier never leaves this tab, so a code seen on the way (history, logs) cannot be exchanged.
const oidc = {
  config: null,
  async load() {
    const answer = await fetch('dashboard/sign-in', { headers: { Accept: 'application/json' } });
    this.config = answer.ok ? await answer.json() : { issuer: null };
    return this.config;
  },
  async endpoints() {
    const answer = await fetch(this.config.issuer.replace(/\/$/, '') + '/.well-known/openid-configuration');
    if (!answer.ok) throw new Error('the issuer did not answer its discovery document (' + answer.status + ')');
    return answer.json();
  },
  redirectUri: () => location.origin + location.pathname,
  async begin() {
    const { authorization_endpoint: authorize } = await this.endpoints();
    const verifier = randomText(48);
    const state = randomText(24);
    sessionStorage.setItem('ledger-pkce', JSON.stringify({ verifier, state }));
    const url = new URL(authorize);
    url.search = new URLSearchParams({ response_type: 'code', client_id: this.config.clientId, redirect_uri: this.redirectUri(),
      scope: this.config.scope, state, code_challenge: await sha256(verifier), code_challenge_method: 'S256' }).toString();
    location.assign(url.toString());
  },
  /** Back from the issuer with ?code=...&state=...: the code for a token, then out of the address bar. */
  async finish() {
    const params = new URLSearchParams(location.search);
    if (!params.has('code') && !params.has('error')) return;
    const pending = JSON.parse(sessionStorage.getItem('ledger-pkce') || 'null');
    sessionStorage.removeItem('ledger-pkce');
    history.replaceState(null, '', location.pathname);
    if (params.has('error')) throw new SignInNeeded('The issuer refused the sign-in: ' + (params.get('error_description') || params.get('error')));
    if (!pending || params.get('state') !== pending.state) throw new SignInNeeded('That sign-in was not started here; sign in again.');
    const { token_endpoint: tokenEndpoint } = await this.endpoints();
    const answer = await fetch(tokenEndpoint, { method: 'POST', body: new URLSearchParams({ grant_type: 'authorization_code',
      code: params.get('code'), redirect_uri: this.redirectUri(), client_id: this.config.clientId, code_verifier: pending.verifier }) });
    const body = await answer.json().catch(() => ({}));
    if (!answer.ok || !body.access_token) throw new SignInNeeded('The issuer gave no token: ' + (body.error_description || body.error || answer.status));
    auth.token = body.access_token;
  },
};
function randomText(bytes) {
  return base64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}
async function sha256(text) {
  return base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))));
}
function base64Url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

class SignInNeeded extends Error {}
const EXPIRED = 'Your sign-in has expired or is not valid here; sign in again.';
const NO_ROLE = 'Your token has no role that may read the ledger (viewer, auditor or admin).';
function showSignIn(message) {
  auth.token = null;
  $('ledger').hidden = true;
  $('signout').hidden = true;
  $('signin').hidden = false;
  $('status').textContent = message;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v; else node.setAttribute(k, v);
  }
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(child == null ? '' : String(child)));
  return node;
}
const fmt = (n) => (n == null ? null : Number(n).toLocaleString('en-US'));
const when = (iso) => (iso ? iso.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC') : '–');

/** Every page of a paged list (for an operation's chart, which needs all its transfers). */
async function readAll(path, field) {
  let page = await read(path + '&limit=5000');
  const items = page[field];
  while (page.nextCursor) {
    page = await read(path + '&limit=5000&after=' + encodeURIComponent(page.nextCursor));
    items.push(...page[field]);
  }
  return { ...page, [field]: items };
}

async function read(path, options = {}) {
  const url = new URL(path, location.href);
  if (state.asOf && options.asOf !== false) url.searchParams.set('asOf', state.asOf);
  const response = await fetch(url, { headers: { Accept: 'application/json', Authorization: 'Bearer ' + auth.token } });
  if (response.status === 401) throw new SignInNeeded(EXPIRED);
  if (response.status === 403) throw new SignInNeeded(NO_ROLE);
  if (!response.ok) throw new Error(path + ': HTTP ' + response.status);
  $('position').textContent = response.headers.get('X-Projection-Position') || '–';
  $('lag').textContent = response.headers.get('X-Projection-Lag') || '–';
  return response.json();
}

function fill(tbody, rows) {
  tbody.replaceChildren(...rows);
  fitTable(tbody.closest('table'));
}

/*
 * Tables never clip: each cell carries its column's name, and a table that does not fit its
 * panel at the current width is shown as one card per row (CSS: table.cards). Measured rather
 * than set by a breakpoint, because what fits depends on the data (a long facility name).
 */
function fitTable(table) {
  const names = [...table.tHead.rows[0].cells].map((c) => c.textContent);
  for (const row of table.tBodies[0].rows) {
    [...row.cells].forEach((cell, i) => { if (cell.colSpan === 1 && names[i]) cell.dataset.label = names[i]; });
  }
  table.classList.remove('cards');
  if (table.scrollWidth > table.parentElement.clientWidth + 1) table.classList.add('cards');
}
addEventListener('resize', () => document.querySelectorAll('#ledger table').forEach(fitTable));

function population(value, netChange) {
  return value == null ? el('span', { class: 'unknown', title: 'no census: only the net change is known' }, 'unknown')
                       : fmt(value);
}

function renderCustody(custody) {
  $('custody-when').textContent = state.asOf ? 'as of ' + when(state.asOf) : 'now';
  fill($('facilities').tBodies[0], pagedRows($('facilities'), custody.facilities.filter(inCountry).map((f) => {
    const use = f.capacity && f.population != null ? Math.round((f.population / f.capacity) * 100) : null;
    const bar = use == null ? el('span', { class: 'unknown' }, f.capacity ? 'unknown' : 'no capacity set')
      : el('div', { class: 'bar', role: 'img', 'aria-label': use + '% of capacity' }, el('span', { style: 'width:' + Math.min(use, 100) + '%' }));
    return el('tr', { 'data-facility': f.facilityId },
      el('th', { scope: 'row' }, f.name, el('div', { class: 'meta' }, f.facilityId, ' · ', historyButton('facilities', f.facilityId, f.name))), el('td', {}, f.country), el('td', {}, f.custodian),
      el('td', { class: 'num population' }, population(f.population)), el('td', { class: 'num net-change' }, fmt(f.netChange)),
      el('td', {}, bar, use == null ? '' : ' ' + use + '%'));
  }), 6));
  fill($('by-custodian').tBodies[0], custody.byCustodian.map((t) => el('tr', {},
    el('th', { scope: 'row' }, t.key), el('td', { class: 'num' }, population(t.population)), el('td', { class: 'num' }, fmt(t.netChange)),
    el('td', { class: 'num' }, fmt(t.inTransit)))));
  fill($('by-country').tBodies[0], custody.byCountry.filter((t) => !filters.country || t.key === filters.country).map((t) => el('tr', {},
    el('th', { scope: 'row' }, t.key), el('td', { class: 'num' }, population(t.population)), el('td', { class: 'num' }, fmt(t.netChange)))));
}

function chart(operation, transfers) {
  // Received over time (cumulative, by completion time) against the planned maximum.
  const done = transfers.filter((t) => t.status === 'COMPLETED').sort((a, b) => a.finishedAt.localeCompare(b.finishedAt));
  const start = operation.firstActivity ? Date.parse(operation.firstActivity) : null;
  const end = state.asOf ? Date.parse(state.asOf) : (operation.lastActivity ? Date.parse(operation.lastActivity) : null);
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 600 220');
  svg.setAttribute('class', 'chart');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', 'Received ' + operation.received + ' of planned ' + (operation.plannedMax ?? 'unknown') + ' over time');
  if (start == null || end == null || end <= start) return svg;
  const top = Math.max(operation.plannedMax || 0, operation.initiated, 1);
  const x = (t) => 40 + ((t - start) / (end - start)) * 550;
  const y = (v) => 200 - (v / top) * 180;
  const line = (x1, y1, x2, y2, cls) => { const l = document.createElementNS(ns, 'line');
    Object.entries({ x1, y1, x2, y2, class: cls }).forEach(([k, v]) => l.setAttribute(k, v)); svg.append(l); };
  const text = (tx, ty, s) => { const t = document.createElementNS(ns, 'text'); t.setAttribute('x', tx); t.setAttribute('y', ty); t.textContent = s; svg.append(t); };
  line(40, 200, 590, 200, 'axis');
  line(40, 20, 40, 200, 'axis');
  if (operation.plannedMax) { line(40, y(operation.plannedMax), 590, y(operation.plannedMax), 'planned'); text(44, y(operation.plannedMax) - 4, 'planned up to ' + fmt(operation.plannedMax)); }
  let total = 0;
  const points = [[x(start), y(0)]];
  for (const t of done) { total += t.receivedCount; points.push([x(Date.parse(t.finishedAt)), y(total)]); }
  points.push([x(end), y(total)]);
  const path = document.createElementNS(ns, 'polyline');
  path.setAttribute('points', points.map((p) => p.join(',')).join(' '));
  path.setAttribute('class', 'received');
  svg.append(path);
  text(44, 214, when(new Date(start).toISOString()));
  text(440, 214, when(new Date(end).toISOString()));
  text(x(end) - 90, y(total) - 6, 'received ' + fmt(total));
  return svg;
}

function renderOperations(operations, transfersByOperation) {
  $('operations').replaceChildren(...operations.filter((o) => !filters.operation || o.operationId === filters.operation).map((o) => {
    const figure = (label, value, cls) => el('div', { class: 'figure ' + cls }, label, el('b', {}, fmt(value)));
    return el('article', { 'data-operation': o.operationId, 'aria-label': o.name },
      el('h3', {}, o.name),
      el('p', { class: 'meta' }, o.operationId + ' · lead: ' + o.lead + (o.fromCountry ? ' · ' + o.fromCountry + ' → ' + (o.toCountry || '?') : '') + ' · ',
        historyButton('operations', o.operationId, o.name)),
      el('div', { class: 'figures' },
        figure('Planned (max)', o.plannedMax, 'planned'), figure('Initiated', o.initiated, 'initiated'), figure('Received', o.received, 'received'),
        figure('In transit', o.inTransit, 'in-transit'), figure('Lost', o.lost, 'lost'), figure('Cancelled', o.cancelled, 'cancelled')),
      chart(o, transfersByOperation[o.operationId] || []));
  }));
}

/** A facility's or an operation's audit trail, GET /{facilities|operations}/{id}/history, a page at a time. */
function historyButton(kind, id, name) {
  const button = el('button', { type: 'button', class: 'link', 'data-history': kind + '/' + id }, 'history');
  button.addEventListener('click', () => showHistory(kind, id, name).catch((e) => {
    if (e instanceof SignInNeeded) showSignIn(e.message); else $('status').textContent = 'Could not load the history (' + e.message + ').';
  }));
  return button;
}
async function showHistory(kind, id, name, after) {
  const path = '/' + kind + '/' + encodeURIComponent(id) + '/history?limit=100' + (after ? '&after=' + encodeURIComponent(after) : '');
  const response = await fetch(new URL(path, location.href), { headers: { Accept: 'application/json', Authorization: 'Bearer ' + auth.token } });
  if (response.status === 401) throw new SignInNeeded(EXPIRED);
  if (!response.ok) throw new Error(path + ': HTTP ' + response.status);
  const page = await response.json();
  const rows = page.events.map((e) => el('tr', { 'data-event': e.eventId, class: e.retractedBy ? 'retracted' : '' },
    el('td', {}, when(e.occurredAt)), el('td', {}, e.type, e.retracts ? el('div', { class: 'meta' }, 'retracts ' + e.retracts) : ''),
    el('td', {}, e.recordedBy), el('td', {}, when(e.recordedAt)), el('td', { class: 'num' }, e.partition + '/' + e.offset),
    el('td', {}, e.retractedBy || '')));
  const body = $('history-events').tBodies[0];
  if (after) body.append(...rows); else body.replaceChildren(...rows);
  $('history-of').textContent = name + ' (' + id + ')';
  $('history').hidden = false;
  fitTable($('history-events'));
  const more = $('history-more');
  more.hidden = !page.nextCursor;
  more.onclick = () => showHistory(kind, id, name, page.nextCursor);
  if (!after) $('history').scrollIntoView();
}

/** As many pages of statements and their claims as the reader has asked for (the two lists page by statement alike). */
async function readStatements() {
  const pages = state.statementPages || 1;
  let statements = [];
  let claims = [];
  let cursor = null;
  for (let page = 0; page < pages && (page === 0 || cursor); page++) {
    const after = cursor ? '&after=' + encodeURIComponent(cursor) : '';
    const [s, r] = await Promise.all([read('/statements?limit=' + PAGE_ROWS + after), read('/reconciliation?limit=' + PAGE_ROWS + after)]);
    statements = statements.concat(s.statements);
    claims = claims.concat(r.claims);
    cursor = s.nextCursor;
  }
  return { statements, claims, more: cursor };
}

function renderStatements({ statements, claims, more }, custody) {
  const countryOf = (id) => (custody.facilities.find((f) => f.facilityId === id) || {}).country;
  const byStatement = {};
  for (const c of claims.filter((c) => claimKept(c, countryOf))) (byStatement[c.statementId] ||= []).push(c);
  const narrowed = filters.country || filters.operation;
  const shown = statements.filter((s) => !narrowed || byStatement[s.statementId]);
  const next = more ? el('button', { type: 'button', id: 'more-statements' }, 'Show more statements') : '';
  if (next) next.addEventListener('click', () => { state.statementPages = (state.statementPages || 1) + 1; refresh(); });
  $('statements-more').replaceChildren(...(next ? [el('span', { class: 'meta' }, 'Showing the first ' + fmt(statements.length) + ' statements. '), next] : []));
  if (shown.length === 0) {
    $('statements').replaceChildren(el('p', { class: 'meta' }, narrowed ? 'No statement with a claim about what the page is narrowed to.' : 'No statements recorded.'));
    return;
  }
  $('statements').replaceChildren(...shown.map((s) => el('article', { class: 'statement', 'data-statement': s.statementId },
    el('div', {}, el('strong', {}, s.speaker), s.role ? ', ' + s.role : '', ' (' + s.organization + ')'),
    el('div', { class: 'meta' }, [when(s.occurredAt), s.venue, s.publication].filter(Boolean).join(' · ')),
    s.quote ? el('blockquote', { class: 'quote' }, s.quote) : '',
    el('div', { class: 'meta recorded-by' }, 'recorded by ' + s.recordedBy + ' at ' + when(s.recordedAt)),
    el('table', {}, el('thead', {}, el('tr', {}, ...['Claim', 'Claimed', 'Ledger', 'Verdict', 'Why'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, ...(byStatement[s.statementId] || []).map((c) => el('tr', {},
        el('td', { class: 'claim' }, c.metric + ' · ' + c.scope + ' ' + c.scopeId + (c.cohort ? ' · ' + c.cohort : '')
          + (c.nationality ? ' · nationals of ' + c.nationality : '')),
        el('td', { class: 'num' }, c.qualifier.replace('_', ' ').toLowerCase() + ' ' + fmt(c.claimed)),
        el('td', { class: 'num ledger-value' }, c.ledgerValue == null ? '–' : fmt(c.ledgerValue), ' ', evidenceButton(c)),
        el('td', {}, el('span', { class: 'verdict ' + c.verdict }, c.verdict)),
        el('td', { class: 'meta' }, c.why))))))));
  document.querySelectorAll('#statements table').forEach(fitTable);
}

function renderAnomalies(doc) {
  const rows = doc.anomalies.map((a) => el('tr', {}, el('td', {}, when(a.occurredAt)), el('td', {}, a.kind), el('td', {}, a.subject), el('td', {}, a.detail)));
  for (const r of doc.rejectedRecords || []) {
    rows.push(el('tr', {}, el('td', {}, '–'), el('td', {}, 'UNREADABLE_RECORD'), el('td', {}, 'offset ' + r.partition + '/' + r.offset), el('td', {}, r.reason)));
  }
  for (const g of doc.logGaps || []) {
    const missing = 'partition ' + g.partition + ': offsets ' + g.neededOffset + '..' + (g.logStartOffset - 1) + ' are no longer in the log';
    rows.unshift(el('tr', {}, el('td', {}, g.detectedAt || '–'), el('td', {}, g.acceptedAt ? 'LOG_GAP_ACCEPTED' : 'LOG_GAP'),
      el('td', {}, 'partition ' + g.partition),
      el('td', {}, missing + (g.acceptedAt ? '; accepted: ' + g.acceptedReason : '; not applied past it until restored or accepted'))));
  }
  if (rows.length === 0) rows.push(el('tr', {}, el('td', { colspan: '4', class: 'meta' }, 'None.')));
  if (doc.nextCursor) {
    // The API answers a page at a time; the next one is fetched when asked for and added below.
    const more = el('button', { type: 'button', id: 'more-anomalies' }, 'Show more');
    more.addEventListener('click', async () => {
      more.disabled = true;
      try {
        const next = await read('/anomalies?after=' + encodeURIComponent(doc.nextCursor));
        renderAnomalies({ ...next, anomalies: doc.anomalies.concat(next.anomalies) });
      } catch (e) {
        more.disabled = false;
        $('status').textContent = 'Could not load more anomalies (' + e.message + ').';
      }
    });
    rows.push(el('tr', {}, el('td', { colspan: '4', class: 'meta' }, 'Showing the first ' + fmt(doc.anomalies.length) + ' anomalies. ', more)));
  }
  fill($('anomalies').tBodies[0], rows);
}

/*
 * Refreshes overlap (a change notice, a filter, the time control); only the newest may draw, so
 * one begun before a choice never paints over the page after it, nor resets the chart's place
 * from an older list of operations. A refresh that failed tries again shortly.
 */
let newestRefresh = 0;
const RETRY_SECONDS = 5;

async function refresh() {
  const generation = ++newestRefresh;
  const current = () => generation === newestRefresh;
  clearTimeout(state.retryTimer);
  try {
    const [custody, operations, anomalies] = await Promise.all(['/custody', '/operations', '/anomalies'].map(read));
    const statements = await readStatements();
    if (!current()) return;
    filterOptions(custody, operations.operations);
    const transfers = await Promise.all(operations.operations.map((o) => readAll('/transfers?operationId=' + encodeURIComponent(o.operationId), 'transfers')));
    if (!current()) return;
    const byOperation = {};
    operations.operations.forEach((o, i) => { byOperation[o.operationId] = transfers[i].transfers; });
    renderCustody(custody);
    renderOperations(operations.operations, byOperation);
    renderStatements(statements, custody);
    renderAnomalies(anomalies);
    await renderAnalysis(custody, operations.operations, current);
    if (!current()) return;
    renderCheckpoint().catch(() => { $('checkpoint').textContent = 'No signed checkpoint could be read.'; });
    $('updated').textContent = new Date().toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
    $('status').textContent = state.asOf ? 'Showing the ledger as of ' + when(state.asOf) + '. Live updates paused.' : 'Live: showing the ledger now.';
    document.body.classList.toggle('viewing-past', !!state.asOf);
  } catch (e) {
    if (!current()) return;
    if (e instanceof SignInNeeded) { showSignIn(e.message); return; }
    $('status').textContent = 'Could not load the read models (' + e.message + '); trying again in ' + RETRY_SECONDS + ' s.';
    state.retryTimer = setTimeout(() => { if (current()) refresh(); }, RETRY_SECONDS * 1000);
  }
}

/**
 * The newest signed checkpoint of the log's trees, its signature checked here (Ed25519 over the
 * canonical JSON that Checkpoint.signedBytes defines) with the key the projection publishes.
 * An auditor checks it without this page: ledger cli verify-proof --checkpoint.
 */
async function renderCheckpoint() {
  const headers = { Accept: 'application/json', Authorization: 'Bearer ' + auth.token };
  const answer = await fetch('audit/checkpoints/latest', { headers });
  if (answer.status === 404) { $('checkpoint').textContent = 'No signed checkpoint yet.'; return; }
  if (!answer.ok) throw new Error(String(answer.status));
  const c = await answer.json();
  const records = c.partitions.reduce((n, p) => n + p.size, 0);
  const roots = c.partitions.map((p) => p.partition + ':' + p.root.slice(0, 8)).join(' ');
  let signature = 'signature not checked in this browser (ledger cli verify-proof --checkpoint checks it)';
  try {
    const keys = await (await fetch('audit/checkpoint-keys', { headers })).json();
    const key = keys.keys.find((k) => k.keyId === c.keyId);
    // Keys in sorted order; combinedRoot and readModelDigest only when present (Checkpoint.signedBytes).
    const canonical = JSON.stringify({ at: c.at, ...(c.combinedRoot != null && { combinedRoot: c.combinedRoot }), keyId: c.keyId, logId: c.logId,
      partitions: [...c.partitions].sort((a, b) => a.partition - b.partition).map((p) => ({ partition: p.partition, root: p.root, size: p.size })),
      ...(c.readModelDigest != null && { readModelDigest: c.readModelDigest }), sequence: c.sequence });
    const publicKey = await crypto.subtle.importKey('spki', bytes(key.publicKey), { name: 'Ed25519' }, false, ['verify']);
    const valid = await crypto.subtle.verify({ name: 'Ed25519' }, publicKey, bytes(c.signature), new TextEncoder().encode(canonical));
    signature = valid ? 'signature valid (' + c.keyId + ')' : 'SIGNATURE INVALID';
  } catch (e) {
    // Ed25519 in WebCrypto is recent; older browsers leave the check to the CLI.
  }
  $('checkpoint').textContent = 'Checkpoint ' + c.sequence + ' of ' + c.logId + ': ' + fmt(records) + ' records, roots ' + roots
    + ', signed ' + when(c.at) + '; ' + signature + '.';
}
function bytes(base64) {
  return Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
}

function scheduleRefresh() {
  clearTimeout(state.refreshTimer);
  state.refreshTimer = setTimeout(refresh, 150);
}

/** Server-sent events read with fetch (EventSource cannot send a bearer token); reconnects with Last-Event-ID. */
async function connect() {
  if (state.streaming) return; // one stream per page, however often sign-in happens
  state.streaming = true;
  try { await stream(); } finally { state.streaming = false; }
}

async function stream() {
  while (auth.token) {
    try {
      const headers = { Accept: 'text/event-stream', Authorization: 'Bearer ' + auth.token };
      if (state.lastEventId) headers['Last-Event-ID'] = state.lastEventId;
      const response = await fetch('stream', { headers });
      if (response.status === 401 || response.status === 403) { showSignIn(response.status === 401 ? EXPIRED : NO_ROLE); return; }
      if (!response.ok) throw new Error('HTTP ' + response.status);
      $('stream-state').textContent = 'Live updates: connected';
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let type = 'message';
          for (const line of block.split('\n')) {
            if (line.startsWith('event:')) type = line.slice(6).trim();
            else if (line.startsWith('id:')) state.lastEventId = line.slice(3).trim();
          }
          if ((type === 'change' || type === 'reset') && !state.asOf) scheduleRefresh();
        }
      }
    } catch (e) {
      // the connection dropped: try again shortly
    }
    $('stream-state').textContent = 'Live updates: reconnecting…';
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

$('time').addEventListener('submit', (event) => {
  event.preventDefault();
  const value = $('asof').value;
  state.asOf = value ? new Date(value + (value.length === 16 ? ':00' : '') + 'Z').toISOString().replace('.000Z', 'Z') : null;
  refresh();
});
$('live').addEventListener('click', () => { state.asOf = null; $('asof').value = ''; refresh(); });

$('signin-form').addEventListener('submit', (event) => {
  event.preventDefault();
  auth.token = $('token-input').value.trim();
  $('token-input').value = '';
  start();
});
$('signout').addEventListener('click', () => showSignIn('Signed out.'));

function start() {
  if (!auth.token) { showSignIn('Sign in to see the ledger.'); return; }
  $('signin').hidden = true;
  $('ledger').hidden = false;
  $('signout').hidden = false;
  refresh();
  connect();
}

// A sign-in link opened while the page is already open changes only the fragment: no reload.
window.addEventListener('hashchange', () => { if (/token=/.test(location.hash)) { tokenFromFragment(); start(); } });

$('signin-issuer').addEventListener('click', () => oidc.begin().catch((e) => showSignIn('Sign-in failed: ' + e.message)));

(async () => {
  tokenFromFragment();
  const config = await oidc.load().catch(() => ({ issuer: null }));
  $('signin-issuer').hidden = !config.issuer;
  try {
    await oidc.finish();
  } catch (e) {
    showSignIn(e instanceof SignInNeeded ? e.message : 'Sign-in failed: ' + e.message);
    return;
  }
  start();
})();
