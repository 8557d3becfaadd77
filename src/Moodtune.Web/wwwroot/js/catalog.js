// The catalog page: search, filters, paged table (GET /api/catalog), and the import form (POST /api/catalog/import
// with XMLHttpRequest, for upload progress).
import { api, errorMessage, showError } from './api.js';
import { startOfflineSupport } from './offline.js';
import { startAccount } from './account.js';

const $ = (id) => document.getElementById(id);
const PAGE_SIZE = 50;
const LANGUAGES = { en: 'English', hi: 'Hindi' };

const view = { q: '', lang: '', region: '', page: 1, total: 0, controller: null };

function readUrl() {
  const p = new URLSearchParams(location.search);
  view.q = p.get('q') || '';
  view.lang = p.get('lang') || '';
  view.region = p.get('region') || '';
  view.page = Math.max(1, Number(p.get('page')) || 1);
  $('q').value = view.q;
  $('filter-lang').value = view.lang;
  $('filter-region').value = view.region;
}

function writeUrl() {
  const p = new URLSearchParams();
  if (view.q) p.set('q', view.q);
  if (view.lang) p.set('lang', view.lang);
  if (view.region) p.set('region', view.region);
  if (view.page > 1) p.set('page', String(view.page));
  const s = p.toString();
  history.replaceState(null, '', s ? `?${s}` : location.pathname);
}

function cell(text, className) {
  const td = document.createElement('td');
  if (className) td.className = className;
  td.textContent = text ?? '';
  return td;
}

function renderRows(songs) {
  const rows = songs.map((s) => {
    const tr = document.createElement('tr');
    tr.dataset.songId = String(s.id);
    const link = document.createElement('a');
    link.href = s.url || `https://www.youtube.com/results?search_query=${encodeURIComponent(`${s.artist} ${s.title}`)}`;
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
    link.textContent = s.youtube_id ? 'Watch ↗' : 'Search ↗';
    link.setAttribute('aria-label', `${s.youtube_id ? 'Watch' : 'Search for'} ${s.title} by ${s.artist} on YouTube (new tab)`);
    const yt = document.createElement('td');
    yt.append(link);
    tr.append(cell(s.title, 'title'), cell(s.artist), cell(LANGUAGES[s.language] || s.language), cell(s.region), yt);
    return tr;
  });
  $('catalog-body').replaceChildren(...rows);
}

async function load() {
  if (view.controller) view.controller.abort();
  const controller = new AbortController();
  view.controller = controller;
  $('catalog-status').textContent = 'Loading songs…';
  let result;
  try {
    result = await api.catalog({ q: view.q, lang: view.lang, region: view.region, page: view.page, page_size: PAGE_SIZE }, controller.signal);
  } catch (e) {
    if (e.name === 'AbortError') return;
    showError($('error'), e);
    $('catalog-status').textContent = `The catalog could not be loaded: ${errorMessage(e)}`;
    return;
  } finally {
    if (view.controller === controller) view.controller = null;
  }
  showError($('error'), null);
  const songs = result.songs || [];
  view.total = Number(result.total) || 0;
  view.page = Number(result.page) || view.page;
  const size = Number(result.page_size) || PAGE_SIZE;
  const pages = Math.max(1, Math.ceil(view.total / size));
  renderRows(songs);
  $('page-prev').disabled = view.page <= 1;
  $('page-next').disabled = view.page >= pages;
  $('page-info').textContent = view.total ? `Page ${view.page} of ${pages}` : '';
  const filters = [view.q && `“${view.q}”`, view.lang && LANGUAGES[view.lang], view.region].filter(Boolean).join(', ');
  $('catalog-status').textContent = view.total
    ? `${view.total.toLocaleString()} ${view.total === 1 ? 'song' : 'songs'}${filters ? ` matching ${filters}` : ''}; showing ${(view.page - 1) * size + 1}–${(view.page - 1) * size + songs.length}.`
    : `No songs${filters ? ` match ${filters}` : ' in the catalog'}.`;
  writeUrl();
}

function setupBrowse() {
  let timer = 0;
  const apply = () => {
    view.q = $('q').value.trim();
    view.lang = $('filter-lang').value;
    view.region = $('filter-region').value;
    view.page = 1;
    load();
  };
  $('search-form').addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(timer);
    apply();
  });
  $('q').addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(apply, 350);
  });
  $('filter-lang').addEventListener('change', apply);
  $('filter-region').addEventListener('change', apply);
  $('page-prev').addEventListener('click', () => { view.page = Math.max(1, view.page - 1); load(); });
  $('page-next').addEventListener('click', () => { view.page += 1; load(); });
}

// ---------------------------------------------------------------- import

function problemText(xhr) {
  try {
    const p = JSON.parse(xhr.responseText);
    return p.detail || p.title || `HTTP ${xhr.status}`;
  } catch {
    return xhr.status ? `HTTP ${xhr.status} ${xhr.statusText}` : 'The server could not be reached.';
  }
}

function upload(file, format, onProgress) {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    form.append('file', file, file.name);
    if (format && format !== 'auto') form.append('format', format);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/catalog/import');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.upload.onload = () => onProgress(1, true);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try { resolve(JSON.parse(xhr.responseText)); } catch { reject(new Error('The server answered with something that is not JSON.')); }
      } else {
        reject(new Error(problemText(xhr)));
      }
    };
    xhr.onerror = () => reject(new Error('The upload failed: the server could not be reached.'));
    xhr.onabort = () => reject(new Error('The upload was cancelled.'));
    xhr.send(form);
  });
}

function section(container, title, entries) {
  container.replaceChildren();
  if (!entries.length) return;
  const h = document.createElement('h4');
  h.textContent = title;
  const ul = document.createElement('ul');
  ul.className = 'list small';
  for (const text of entries) {
    const li = document.createElement('li');
    li.textContent = text;
    ul.append(li);
  }
  container.append(h, ul);
}

function entriesOf(value) {
  if (!value) return [];
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  if (typeof value === 'object') return Object.entries(value).map(([k, v]) => `${k}: ${v}`);
  return [String(value)];
}

// "reason: 1 row (line 4)", "reason: 12 rows (lines 4, 9, 13, 20, 31, …)": which rows, not a bare count.
function issues(counts, lines) {
  return Object.entries(counts || {}).map(([reason, count]) => {
    const at = (lines && lines[reason]) || [];
    const where = at.length ? ` (${at.length === 1 && count === 1 ? 'line' : 'lines'} ${at.join(', ')}${count > at.length ? ', …' : ''})` : '';
    return `${reason}: ${count} ${count === 1 ? 'row' : 'rows'}${where}`;
  });
}

function renderReport(r) {
  const counts = $('report-counts');
  const pairs = [['File', r.file], ['Format', r.format], ['Added', r.added], ['Updated', r.updated], ['Unchanged', r.unchanged], ['Skipped', r.skipped]];
  counts.replaceChildren(...pairs.flatMap(([k, v]) => {
    const dt = document.createElement('dt');
    dt.textContent = k;
    const dd = document.createElement('dd');
    dd.textContent = v ?? '–';
    return [dt, dd];
  }));
  section($('report-skips'), 'Skipped rows, by reason', issues(r.skip_reasons, r.skip_lines));
  section($('report-warnings'), 'Warnings', issues(r.warnings, r.warning_lines));
  section($('report-errors'), 'Errors', entriesOf(r.errors));
  $('import-report').hidden = false;
}

function setupImport() {
  const form = $('import-form');
  const progress = $('import-progress');
  const status = $('import-status');
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const file = $('import-file').files[0];
    if (!file) {
      status.textContent = 'Choose a file to import first.';
      $('import-file').focus();
      return;
    }
    $('import-submit').disabled = true;
    $('import-report').hidden = true;
    showError($('error'), null);
    progress.value = 0;
    status.textContent = `Uploading ${file.name}…`;
    try {
      const report = await upload(file, $('import-format').value, (fraction, done) => {
        progress.value = Math.round(fraction * 100);
        if (done) status.textContent = `Uploaded ${file.name}; importing…`;
      });
      progress.value = 100;
      renderReport(report);
      status.textContent = `Imported ${file.name}: ${report.added ?? 0} added, ${report.updated ?? 0} updated, ${report.unchanged ?? 0} unchanged, ${report.skipped ?? 0} skipped.`;
      load();
    } catch (err) {
      progress.value = 0;
      status.textContent = `The import failed: ${err.message}`;
      showError($('error'), err);
    } finally {
      $('import-submit').disabled = false;
    }
  });
}

startOfflineSupport();
startAccount().then((account) => {
  // Importing is for administrators (accounts mode); the server refuses others anyway.
  if (account?.mode === 'accounts' && !account.administrator) $('import-form').closest('section').hidden = true;
});
readUrl();
setupBrowse();
setupImport();
load();
