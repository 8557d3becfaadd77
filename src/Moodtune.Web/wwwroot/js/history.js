// The history page: charts of readings (Chart.js, loaded as a classic script before this module), the mood-swing
// index, songs played/liked/skipped, exports and "Delete all history".
import { api, errorMessage, showError } from './api.js';
import { COLORS, EMOTIONS } from './emotions.js';
import { fillIcons } from './icons.js';
import { startOfflineSupport } from './offline.js';
import { startAccount } from './account.js';

const $ = (id) => document.getElementById(id);
const charts = [];
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const shortDate = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const shortDateTime = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

function fmt(time, f = dateTime) {
  const d = new Date(time);
  return Number.isNaN(d.getTime()) ? String(time ?? '') : f.format(d);
}

function chartAvailable() {
  return typeof window.Chart === 'function';
}

function noChart(canvas) {
  const p = document.createElement('p');
  p.className = 'muted small';
  p.textContent = 'Charts are unavailable: Chart.js (/lib/chart.js/chart.umd.js) did not load. The build copies it from npm.';
  canvas.replaceWith(p);
}

function makeChart(canvas, config) {
  if (!chartAvailable()) {
    noChart(canvas);
    return;
  }
  charts.push(new window.Chart(canvas, config));
}

function timeAxis(readings) {
  const xs = readings.map((r) => Date.parse(r.time)).filter(Number.isFinite);
  return {
    type: 'linear',
    min: Math.min(...xs),
    max: Math.max(...xs),
    ticks: { maxTicksLimit: 7, callback: (v) => shortDateTime.format(new Date(v)) },
  };
}

const lineOptions = (readings, y) => ({
  responsive: true,
  maintainAspectRatio: false,
  animation: false,
  parsing: false,
  normalized: true,
  interaction: { mode: 'nearest', axis: 'x', intersect: false },
  elements: { point: { radius: readings.length > 80 ? 0 : 2 }, line: { tension: 0.25, borderWidth: 2 } },
  scales: { x: timeAxis(readings), y },
  plugins: {
    legend: { position: 'bottom', labels: { boxWidth: 12 } },
    tooltip: { callbacks: { title: (items) => (items.length ? dateTime.format(new Date(items[0].parsed.x)) : '') } },
  },
});

function drawEmotionChart(readings) {
  const datasets = EMOTIONS.map((e) => ({
    label: e,
    borderColor: COLORS[e],
    backgroundColor: COLORS[e],
    data: readings.map((r) => ({ x: Date.parse(r.time), y: Number(r.probabilities?.[e] ?? (r.emotion === e ? 1 : 0)) })),
  }));
  const y = { min: 0, max: 1, ticks: { callback: (v) => `${Math.round(v * 100)}%` } };
  makeChart($('chart-emotions'), { type: 'line', data: { datasets }, options: lineOptions(readings, y) });
}

function drawValenceArousalChart(readings) {
  const datasets = [
    { label: 'valence (pleasant +)', borderColor: '#7ee2a8', backgroundColor: '#7ee2a8', data: readings.map((r) => ({ x: Date.parse(r.time), y: Number(r.valence) || 0 })) },
    { label: 'arousal (energy +)', borderColor: '#ffa45c', backgroundColor: '#ffa45c', data: readings.map((r) => ({ x: Date.parse(r.time), y: Number(r.arousal) || 0 })) },
  ];
  makeChart($('chart-va'), { type: 'line', data: { datasets }, options: lineOptions(readings, { min: -1, max: 1 }) });
}

function drawDistribution(canvas, rows, labelOf) {
  const labels = rows.map(labelOf);
  const datasets = EMOTIONS.map((e) => ({
    label: e,
    backgroundColor: COLORS[e],
    data: rows.map((r) => Number(r.counts?.[e]) || 0),
  }));
  makeChart(canvas, {
    type: 'bar',
    data: { labels, datasets },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
    },
  });
  const totals = {};
  for (const r of rows) for (const e of EMOTIONS) totals[e] = (totals[e] || 0) + (Number(r.counts?.[e]) || 0);
  const top = EMOTIONS.filter((e) => totals[e]).sort((a, b) => totals[b] - totals[a]).slice(0, 3);
  canvas.setAttribute?.('aria-label', `${canvas.getAttribute('aria-label')}: ${rows.length} bars; most often ${top.map((e) => `${e} (${totals[e]})`).join(', ') || 'nothing'}.`);
}

function songText(song) {
  return song ? `${song.title} — ${song.artist}` : 'Unknown song';
}

// An empty list says so in a paragraph after it, not as its item: in a numbered list the note read "1. No songs played yet."
function fillList(list, items, render, empty) {
  let note = list.nextElementSibling?.classList.contains('empty-note') ? list.nextElementSibling : null;
  list.hidden = !items.length;
  if (!items.length) {
    if (!note) {
      note = document.createElement('p');
      note.className = 'muted empty-note';
      list.after(note);
    }
    note.textContent = empty;
    list.replaceChildren();
    return;
  }
  note?.remove();
  list.replaceChildren(...items.map((item) => {
    const li = document.createElement('li');
    li.textContent = render(item);
    return li;
  }));
}

function renderSwings(swings, readings) {
  const s = swings || {};
  const index = Number(s.index) || 0;
  $('swing-index').textContent = index.toFixed(2);
  $('swing-explain').textContent = `Changes per hour times the mean shift, so frequent small wobbles and rare big swings both count; 0 is a steady mood. `
    + `Yours: ${s.changes ?? 0} changes (${(Number(s.changes_per_hour) || 0).toFixed(2)} per hour), each moving ${(Number(s.mean_shift) || 0).toFixed(2)} on average in the valence/arousal plane.`;
  if (readings.length) {
    $('reading-count').textContent = `${readings.length} readings from ${fmt(readings[0].time)} to ${fmt(readings[readings.length - 1].time)}.`;
  } else {
    $('reading-count').textContent = 'No mood readings yet.';
  }
}

function destroyCharts() {
  while (charts.length) charts.pop().destroy();
}

async function load() {
  const status = $('history-status');
  status.textContent = 'Loading your history…';
  let h;
  try {
    h = await api.history({ limit: 1000 });
  } catch (e) {
    showError($('error'), e);
    status.textContent = `The history could not be loaded: ${errorMessage(e)}`;
    return;
  }
  showError($('error'), null);
  destroyCharts();
  const readings = (h.readings || []).filter((r) => Number.isFinite(Date.parse(r.time)))
    .sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  const plays = h.plays || [];
  const isEmpty = !readings.length && !plays.length && !(h.liked || []).length && !(h.disliked || []).length;
  $('history-empty').hidden = !isEmpty;
  $('history-content').hidden = isEmpty;
  if (isEmpty) {
    status.textContent = 'No history yet.';
    return;
  }
  status.textContent = `${readings.length} mood readings and ${plays.length} plays.`;
  renderSwings(h.swings, readings);
  if (readings.length) {
    drawEmotionChart(readings);
    drawValenceArousalChart(readings);
    $('chart-emotions').setAttribute('aria-label', `Line chart of each expression's probability over ${readings.length} readings, ${fmt(readings[0].time, shortDate)} to ${fmt(readings[readings.length - 1].time, shortDate)}.`);
  }
  drawDistribution($('chart-day'), h.per_day || [], (r) => r.day);
  drawDistribution($('chart-week'), h.per_week || [], (r) => r.week);
  const eventWord = { started: 'played', completed: 'played to the end', skipped: 'skipped', error: 'could not play' };
  fillList($('plays-list'), plays.slice().sort((a, b) => Date.parse(b.time) - Date.parse(a.time)).slice(0, 100),
    (p) => `${fmt(p.time)}: ${p.title ?? 'Unknown'} — ${p.artist ?? ''} (${eventWord[p.event] || p.event})`, 'No songs played yet.');
  fillList($('liked-list'), h.liked || [], songText, 'No liked songs yet.');
  fillList($('skipped-list'), h.skipped || [], (s) => `${songText(s.song)} (${s.count}×)`, 'No skipped songs.');
  fillList($('disliked-list'), h.disliked || [], songText, 'No disliked songs.');
}

function setupDelete() {
  const dialog = $('confirm-delete');
  $('delete-history').addEventListener('click', () => {
    if (typeof dialog.showModal === 'function') dialog.showModal();
    else if (window.confirm('Delete all history? Every reading, play, like and dislike is removed for good.')) deleteAll();
  });
  dialog.addEventListener('close', () => {
    if (dialog.returnValue === 'delete') deleteAll();
    else $('delete-history').focus();
  });
}

async function deleteAll() {
  const status = $('history-status');
  status.textContent = 'Deleting…';
  try {
    await api.deleteHistory();
  } catch (e) {
    showError($('error'), e);
    status.textContent = 'The history was not deleted.';
    return;
  }
  await load();
  status.textContent = 'All history deleted.';
}

if (chartAvailable()) {
  window.Chart.defaults.color = '#b3b9cf';
  window.Chart.defaults.borderColor = '#343a56';
  window.Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
}
startOfflineSupport();
startAccount();
fillIcons();
setupDelete();
load();
