import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stamp, toCSV, toM3U } from '../../src/Moodtune.Web/wwwroot/js/export.js';

const song = { id: 's1', title: 'Tum Hi Ho', artist: 'Arijit Singh', language: 'hi', valence: 0.2, youtube_id: 'Umqb9KENgmk', url: 'https://www.youtube.com/watch?v=Umqb9KENgmk' };

test('an M3U playlist names each song and links to its video or search', () => {
  const m3u = toM3U([song, { title: 'Line\nbreak', artist: 'B', url: 'https://www.youtube.com/results?search_query=B' }]);

  assert.equal(m3u, '#EXTM3U\n#EXTINF:-1,Arijit Singh - Tum Hi Ho\nhttps://www.youtube.com/watch?v=Umqb9KENgmk\n'
    + '#EXTINF:-1,B - Line break\nhttps://www.youtube.com/results?search_query=B\n');
});

test('a CSV quotes commas and quotes and defuses cells a spreadsheet would run as formulas', () => {
  const csv = toCSV([{ ...song, title: 'Hello, "World"', artist: '=HYPERLINK("x")', reason: '-1 is a number? no' }, { ...song, valence: -0.5 }]);
  const [header, first, second] = csv.split('\r\n');

  assert.equal(header, 'id,title,artist,album,year,language,valence,energy,tempo,youtube_id,url,reason');
  assert.match(first, /^s1,"Hello, ""World""","'=HYPERLINK\(""x""\)",,,hi,0.2,/);
  assert.match(first, /,'-1 is a number\? no$/);
  assert.match(second, /,hi,-0.5,/);
});

test('file names carry the local date and time to the minute', () => {
  assert.equal(stamp(new Date(2026, 11, 4, 9, 5)), '2026-12-04-0905');
});
