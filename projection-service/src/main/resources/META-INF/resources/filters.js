'use strict';
// What the reader narrows the page to: a country (its facilities, their lines, flows, and claims
// about it, its facilities or its nationals),
// an operation (its panel and the claims about it) and the start of the time window (flows,
// series, map). Long tables show a page of rows at a time (pagedRows); long server lists
// (statements, anomalies, evidence, history) are read a page at a time.

const filters = { country: '', operation: '', from: '' };
const PAGE_ROWS = 50;
const shownRows = {}; // per table id: how many rows the reader has asked to see

/** A facility (or a facility's id, with the custody answer to look it up) in the chosen country. */
function inCountry(facility) {
  return !filters.country || (facility && facility.country === filters.country);
}

/** A claim the filters keep: about the chosen operation, and about the chosen country, one of its facilities or its nationals. */
function claimKept(claim, facilityCountry) {
  if (filters.operation && !(claim.scope === 'operation' && claim.scopeId === filters.operation)) return false;
  if (!filters.country) return true;
  return (claim.scope === 'country' && claim.scopeId === filters.country) || (claim.scope === 'facility' && facilityCountry(claim.scopeId) === filters.country)
    || claim.nationality === filters.country;
}

/** The start of the flows' and series' window: the reader's "from", else {@code fallback}. */
function windowStart(fallback) {
  return filters.from ? filters.from + 'T00:00:00Z' : fallback;
}

/** The first rows of a long table, with a button for the next page of them. */
function pagedRows(table, rows, columns) {
  const shown = shownRows[table.id] || PAGE_ROWS;
  if (rows.length <= shown) return rows;
  const more = el('button', { type: 'button', class: 'more-rows', 'data-more': table.id }, 'Show ' + fmt(Math.min(PAGE_ROWS, rows.length - shown)) + ' more');
  more.addEventListener('click', () => { shownRows[table.id] = shown + PAGE_ROWS; refresh(); });
  return rows.slice(0, shown).concat(el('tr', {}, el('td', { colspan: String(columns), class: 'meta' },
    'Showing ' + fmt(shown) + ' of ' + fmt(rows.length) + '. ', more)));
}

function filterOptions(custody, operations) {
  const countries = [...new Set(custody.facilities.map((f) => f.country))].sort();
  if (filters.country && !countries.includes(filters.country)) filters.country = '';
  setOptions($('filter-country'), [['', 'all countries'], ...countries.map((c) => [c, c])], filters.country);
  if (filters.operation && !operations.some((o) => o.operationId === filters.operation)) filters.operation = '';
  setOptions($('filter-operation'), [['', 'all operations'], ...operations.map((o) => [o.operationId, o.name])], filters.operation);
  $('filter-note').textContent = filters.country || filters.operation || filters.from
    ? 'Narrowed to ' + [filters.country && 'country ' + filters.country, filters.operation && 'operation ' + filters.operation,
      filters.from && 'from ' + filters.from].filter(Boolean).join(', ') + '.' : '';
}

function wireFilters() {
  const reset = () => Object.keys(shownRows).forEach((k) => delete shownRows[k]);
  $('filter-country').addEventListener('change', (e) => { filters.country = e.target.value; reset(); refresh(); });
  $('filter-operation').addEventListener('change', (e) => {
    filters.operation = e.target.value;
    if (filters.operation) analysis.place = 'operation:' + filters.operation; // the chart follows the newest choice
    reset();
    refresh();
  });
  $('filter-from').addEventListener('change', (e) => { filters.from = e.target.value; refresh(); });
  $('filter-clear').addEventListener('click', () => {
    Object.assign(filters, { country: '', operation: '', from: '' });
    $('filter-from').value = '';
    reset();
    refresh();
  });
}

wireFilters();
