// Playlist exports made in the page (Blob downloads): M3U, CSV and JSON. Only links and metadata, never audio.

const line = (s) => String(s ?? '').replace(/[\r\n]+/g, ' ').trim();

export function toM3U(songs) {
  const out = ['#EXTM3U'];
  for (const s of songs) {
    out.push(`#EXTINF:-1,${line(s.artist)} - ${line(s.title)}`);
    out.push(line(s.url || (s.youtube_id ? `https://www.youtube.com/watch?v=${s.youtube_id}` : '')));
  }
  return `${out.join('\n')}\n`;
}

const CSV_COLUMNS = ['id', 'title', 'artist', 'album', 'year', 'language', 'valence', 'energy', 'tempo', 'youtube_id', 'url', 'reason'];

function csvCell(value) {
  if (value === null || value === undefined) return '';
  let s = String(value);
  // a text cell that a spreadsheet would run as a formula gets a leading apostrophe
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCSV(songs) {
  const rows = [CSV_COLUMNS.join(',')];
  for (const s of songs) rows.push(CSV_COLUMNS.map((c) => csvCell(s[c])).join(','));
  return `${rows.join('\r\n')}\r\n`;
}

export function toJSON(playlist) {
  return `${JSON.stringify(playlist, null, 2)}\n`;
}

/** Starts a download of text as a file. */
export function download(filename, text, type) {
  const blob = new Blob([text], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export function stamp(date = new Date()) {
  const p = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}-${p(date.getHours())}${p(date.getMinutes())}`;
}
