// The in-page YouTube player (IFrame Player API), behind a small interface.
//
// Only window.YT is used, so a test can define a stand-in before the page loads:
//   window.YT = { Player: class { constructor(id, options) {...} loadVideoById(id) {} playVideo() {} pauseVideo() {}
//                 stopVideo() {} getPlayerState() {} destroy() {} },
//                 PlayerState: { UNSTARTED: -1, ENDED: 0, PLAYING: 1, PAUSED: 2, BUFFERING: 3, CUED: 5 } };
// and fire options.events.onReady / onStateChange({data}) / onError({data}) itself. loadYouTubeApi() then does not
// add the real script.

/** Error codes after which a video will not play here: report it and skip to the next song. */
export const UNPLAYABLE_ERRORS = Object.freeze([2, 5, 100, 101, 150, 153]);

const FALLBACK_STATES = Object.freeze({ UNSTARTED: -1, ENDED: 0, PLAYING: 1, PAUSED: 2, BUFFERING: 3, CUED: 5 });

export function playerStates() {
  return (window.YT && window.YT.PlayerState) || FALLBACK_STATES;
}

let apiPromise = null;

/**
 * Loads https://www.youtube.com/iframe_api once; resolves with window.YT when YT.Player is usable, and rejects with an
 * Error whose message says why it did not load (the script failed, or did not arrive within timeoutMs).
 */
export function loadYouTubeApi({ timeoutMs = 10000 } = {}) {
  if (window.YT && typeof window.YT.Player === 'function') return Promise.resolve(window.YT);
  if (apiPromise) return apiPromise;
  apiPromise = new Promise((resolve, reject) => {
    let timer = 0;
    const fail = (why) => {
      clearTimeout(timer);
      apiPromise = null;
      reject(new Error(why));
    };
    const previous = window.onYouTubeIframeAPIReady;
    window.onYouTubeIframeAPIReady = () => {
      clearTimeout(timer);
      if (typeof previous === 'function') {
        try { previous(); } catch (e) { console.error(e); }
      }
      resolve(window.YT);
    };
    afterPageLoad(() => {
      timer = setTimeout(() => fail(`YouTube's player script did not arrive within ${Math.round(timeoutMs / 1000)} s (a slow or filtered connection)`), timeoutMs);
      if (document.querySelector('script[data-youtube-iframe-api]')) return;
      const script = document.createElement('script');
      script.src = 'https://www.youtube.com/iframe_api';
      script.async = true;
      script.dataset.youtubeIframeApi = '';
      script.onerror = () => {
        script.remove();
        fail("YouTube's player script could not be fetched (offline, a firewall or a content blocker)");
      };
      document.head.appendChild(script);
    });
  });
  return apiPromise;
}

// A script added before the page's load event holds that event until the script arrives: forever when a firewall
// drops the request.
function afterPageLoad(start) {
  if (document.readyState === 'complete') start();
  else window.addEventListener('load', start, { once: true });
}

/**
 * Creates the player in the element with the given id (replaced by YouTube's iframe, which keeps the id) on the
 * first load(videoId).
 *
 * callbacks: onReady(), onStateChange(state, videoId), onPlaying(videoId), onEnded(videoId), onError(code, videoId),
 * onAutoplayBlocked(videoId): the video stayed unstarted/cued autoplayCheckMs after it was loaded, or play() did not
 * start it; show a big Play button then.
 */
export function createPlayer(elementId, callbacks = {}, { autoplayCheckMs = 2500 } = {}) {
  const cb = {
    onReady() {}, onStateChange() {}, onPlaying() {}, onEnded() {}, onError() {}, onAutoplayBlocked() {},
    ...callbacks,
  };
  let yt = null;
  let ready = false;
  let pending = null;
  let current = null;
  let state = -1;
  let checkTimer = 0;

  function checkStarted(videoId) {
    clearTimeout(checkTimer);
    checkTimer = setTimeout(() => {
      if (videoId !== current) return;
      const s = playerStates();
      const now = ready && yt && typeof yt.getPlayerState === 'function' ? yt.getPlayerState() : state;
      if (now === s.UNSTARTED || now === s.CUED || now === undefined || now === null) cb.onAutoplayBlocked(videoId);
    }, autoplayCheckMs);
  }

  function handleState(event) {
    state = event.data;
    const s = playerStates();
    if (state === s.PLAYING || state === s.BUFFERING) clearTimeout(checkTimer);
    cb.onStateChange(state, current);
    if (state === s.PLAYING) cb.onPlaying(current);
    else if (state === s.ENDED) cb.onEnded(current);
  }

  function handleError(event) {
    clearTimeout(checkTimer);
    cb.onError(Number(event && event.data), current);
  }

  function handleReady() {
    ready = true;
    cb.onReady();
    if (pending && pending !== current) {
      const id = pending;
      pending = null;
      load(id);
    }
  }

  function load(videoId) {
    if (!videoId) throw new Error('load() needs a YouTube video id');
    if (!window.YT || typeof window.YT.Player !== 'function') throw new Error('The YouTube player is not loaded yet.');
    if (!yt) {
      current = videoId;
      state = -1;
      yt = new window.YT.Player(elementId, {
        videoId,
        playerVars: { autoplay: 1, playsinline: 1, rel: 0 },
        events: { onReady: handleReady, onStateChange: handleState, onError: handleError },
      });
      checkStarted(videoId);
      return;
    }
    if (!ready) {
      pending = videoId;
      current = videoId;
      return;
    }
    current = videoId;
    state = -1;
    yt.loadVideoById(videoId);
    checkStarted(videoId);
  }

  function play() {
    if (!yt || !ready) return;
    yt.playVideo();
    checkStarted(current);
  }

  function pause() {
    clearTimeout(checkTimer);
    if (yt && ready) yt.pauseVideo();
  }

  function isPlaying() {
    const s = playerStates();
    return state === s.PLAYING || state === s.BUFFERING;
  }

  return {
    load,
    play,
    pause,
    toggle() { if (isPlaying()) pause(); else play(); },
    stop() { clearTimeout(checkTimer); if (yt && ready) yt.stopVideo(); },
    isPlaying,
    get state() { return state; },
    get videoId() { return current; },
    get ready() { return ready; },
    destroy() {
      clearTimeout(checkTimer);
      if (yt && typeof yt.destroy === 'function') yt.destroy();
      yt = null;
      ready = false;
      current = null;
    },
  };
}
