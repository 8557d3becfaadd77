// Moodtune's service worker: it keeps the pages' shell (HTML, CSS, modules, icons) so that they open offline and can
// say what needs the network. Music (YouTube, another origin) and the server's answers (/api/, /ws/) pass it by: a
// stored mood, playlist or history would be stale, and an answer that fails is how the page learns it is offline.
//
// The shell is fetched from the network first and kept as it comes, so an online page is never older than the server's;
// the cache only answers when the network does not. Change VERSION when SHELL changes: activation then deletes the
// older caches, with files the page no longer has.
const VERSION = 'moodtune-shell-v3';
const PREFIX = 'moodtune-shell-';

const SHELL = [
  '/',
  '/index.html',
  '/history.html',
  '/catalog.html',
  '/manifest.webmanifest',
  '/css/app.css',
  '/js/account.js',
  '/js/api.js',
  '/js/app.js',
  '/js/camera.js',
  '/js/catalog.js',
  '/js/draw.js',
  '/js/emotions.js',
  '/js/export.js',
  '/js/history.js',
  '/js/icons.js',
  '/js/offline.js',
  '/js/player.js',
  '/js/now/camera-panel.js',
  '/js/now/jukebox.js',
  '/js/now/mood-view.js',
  '/js/now/photo-panel.js',
  '/js/now/playlist.js',
  '/js/now/playlist-view.js',
  '/js/now/youtube-panel.js',
  '/icons/icon.svg',
  '/icons/icon-192.png',
  '/icons/icon-512.png',
  '/icons/icon-maskable-512.png',
];

// Files kept once fetched, not at install: the history page's Chart.js is npm's copy, absent from a build without npm,
// and a missing file would fail the whole install.
const KEPT_WHEN_FETCHED = ['/lib/'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(VERSION).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith(PREFIX) && n !== VERSION).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

function isShell(url) {
  return url.origin === self.location.origin
    && (SHELL.includes(url.pathname) || KEPT_WHEN_FETCHED.some((prefix) => url.pathname.startsWith(prefix)));
}

async function networkFirst(request) {
  const cache = await caches.open(VERSION);
  // One entry per file: /catalog.html?q=rain is the same page as /catalog.html.
  const key = new URL(request.url).pathname;
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(key, response.clone());
    return response;
  } catch (error) {
    const kept = await cache.match(key);
    if (kept) return kept;
    throw error;
  }
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || !isShell(new URL(request.url))) return;
  event.respondWith(networkFirst(request));
});
