// Offline support for every page: the service worker (sw.js) keeps the shell, and #offline-notice says that music and
// mood analysis wait for the network, while the browser is offline or the last request to the server failed.
const state = { unreachable: false };

function update() {
  const notice = document.getElementById('offline-notice');
  if (notice) notice.hidden = navigator.onLine && !state.unreachable;
}

/** Told by the fetch helpers whether the server answered: a computer on a network can still be cut off from it. */
export function setServerReachable(reachable) {
  state.unreachable = !reachable;
  update();
}

/** Registers the service worker and keeps the offline notice up to date. */
export function startOfflineSupport() {
  window.addEventListener('online', () => setServerReachable(true));
  window.addEventListener('offline', update);
  update();
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/sw.js').catch((e) => console.warn('Moodtune will not open offline:', e));
  }
}
