// The live page: camera, photo or picker -> mood -> playlist -> in-page YouTube player. This module wires the parts:
// the queue's rules are in now/playlist.js (pure, tested with node --test), the player follows them in
// now/jukebox.js, each card draws itself (now/*-view.js, now/*-panel.js), and the numbers the server owns (frame size
// and rate, playlist length, the circumplex, the default strategy, the languages) come from /api/config.
import { api, showError } from './api.js';
import { STRATEGIES, isEmotion } from './emotions.js';
import { fillIcons } from './icons.js';
import { download, stamp, toCSV, toJSON, toM3U } from './export.js';
import { startOfflineSupport } from './offline.js';
import { startAccount } from './account.js';
import { Modes, Playlist, moodToRecommendFor } from './now/playlist.js';
import { MoodView, oneHot } from './now/mood-view.js';
import { PlaylistView } from './now/playlist-view.js';
import { CameraPanel } from './now/camera-panel.js';
import { PhotoPanel } from './now/photo-panel.js';
import { YouTubePanel } from './now/youtube-panel.js';
import { Jukebox } from './now/jukebox.js';

const $ = (id) => document.getElementById(id);

const el = {
  error: $('error'),
  picker: $('picker'),
  intent: $('intent'),
  langEn: $('lang-en'),
  langHi: $('lang-hi'),
  getMusic: $('get-music'),
  freeze: $('freeze'),
  musicStatus: $('music-status'),
};

const state = {
  mood: null, // {emotion, probabilities, valence, arousal, confidence, source}: the last sure mood
  frozen: false,
  frozenMood: null,
  heldPlan: null, // the camera's playlist plan that came while the mood was frozen
  playlistMeta: null,
  fetch: null, // AbortController of the playlist request in flight
  youtubeConnected: false,
  intentChosen: false, // the listener picked an intent before the server's default arrived
};

const playlist = new Playlist({ lookAhead: 2 });

// ---------------------------------------------------------------- the server's settings

let configured = null;

/** /api/config, asked once; a failed answer is asked again by the next action that needs it. */
function settings() {
  configured ??= api.config().then((config) => {
    applyConfig(config);
    return config;
  }, (e) => {
    configured = null;
    throw e;
  });
  return configured;
}

function applyConfig(config) {
  moodView.setCircumplex(config.circumplex);
  // The server's answer may come after the listener chose: their choice stands (a language they unticked stays so).
  const radio = el.intent.querySelector(`input[value="${CSS.escape(config.default_strategy)}"]`);
  if (radio && !state.intentChosen) radio.checked = true;
  const langs = config.languages;
  for (const box of [el.langEn, el.langHi]) {
    const offered = langs.includes(box.value);
    box.closest('label').hidden = !offered;
    box.checked = offered && box.checked;
  }
  if (!languages().length) {
    for (const box of [el.langEn, el.langHi]) box.checked = langs.includes(box.value);
  }
}

function strategy() {
  return el.intent.querySelector('input[name="strategy"]:checked')?.value;
}

function languages() {
  return [el.langEn, el.langHi].filter((c) => c.checked && !c.closest('label').hidden).map((c) => c.value);
}

// ---------------------------------------------------------------- mood

const moodView = new MoodView({ label: $('emotion-label'), confidence: $('confidence'), bars: $('bars'), meter: $('meter'), fallback: $('fallback') });

/** Shows a sure mood; one without a point (a picked mood the server did not store) sits at its expression's point. */
async function showMood(mood) {
  if (!mood || !isEmotion(mood.emotion)) return;
  let { valence, arousal } = mood;
  if (valence == null || arousal == null) {
    const point = (await settings().catch(() => null))?.circumplex?.[mood.emotion];
    valence = point?.valence;
    arousal = point?.arousal;
  }
  state.mood = { ...mood, valence, arousal };
  moodView.showMood(state.mood);
  if (state.frozen && mood.source !== 'camera') state.frozenMood = state.mood;
}

const camera = new CameraPanel(
  {
    start: $('start'), stage: $('stage'), video: $('video'), overlay: $('overlay'), placeholder: $('stage-placeholder'),
    status: $('camera-status'), fallback: $('fallback'),
  },
  {
    settings,
    on: {
      mood: (r) => showMood({ emotion: r.stable, probabilities: r.probabilities, valence: r.valence, arousal: r.arousal, confidence: r.confidence, source: 'camera' }),
      unsure: (reading) => moodView.showUnsure(reading, 'from the camera'),
      faceLeft: () => moodView.showStale(state.mood),
      plan: followCamera,
    },
  },
);

/** The server planned a playlist for the camera's mood: play it, unless the mood is frozen (then it waits). */
function followCamera(plan) {
  if (state.frozen) {
    state.heldPlan = plan;
    return;
  }
  state.heldPlan = null;
  getMusic({ mood: { camera: plan.camera }, mode: playlist.modeForChange({ camera: true }), why: plan.reason === 'mood' ? 'mood' : 'auto' });
}

async function pickMood(emotion) {
  for (const b of el.picker.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b.dataset.emotion === emotion));
  showError(el.error, null);
  let reading = null;
  try {
    reading = await api.mood(emotion, 'picker');
  } catch (e) {
    showError(el.error, e); // the playlist below still works without the stored reading
  }
  await showMood({
    emotion,
    probabilities: reading?.probabilities || oneHot(emotion),
    valence: reading?.valence,
    arousal: reading?.arousal,
    confidence: reading?.confidence ?? 1,
    source: 'picker',
  });
  await getMusic({ mood: { emotion }, mode: Modes.NEW, why: 'picker' });
}

new PhotoPanel(
  { input: $('photo-input'), result: $('photo-result'), canvas: $('photo-canvas'), summary: $('photo-summary'), error: el.error },
  {
    on: {
      unsure: (reading) => moodView.showUnsure(reading, 'from your photo'),
      // the photo's reading was just stored: the server recommends from the latest reading, its point and confidence
      mood: async (mood) => {
        await showMood(mood);
        await getMusic({ mood: {}, mode: Modes.NEW, why: 'photo' });
      },
    },
  },
);

function toggleFreeze() {
  state.frozen = !state.frozen;
  el.freeze.setAttribute('aria-pressed', String(state.frozen));
  el.freeze.textContent = state.frozen ? 'Mood frozen' : 'Freeze mood';
  if (state.frozen) {
    state.frozenMood = state.mood;
    el.musicStatus.textContent = 'Mood frozen: the playlist stays as it is while your expression changes.';
    return;
  }
  state.frozenMood = null;
  el.musicStatus.textContent = 'Mood unfrozen: the playlist follows your mood again.';
  // what the server planned while frozen plays now
  const held = state.heldPlan;
  state.heldPlan = null;
  if (held && camera.running) followCamera(held);
}

// ---------------------------------------------------------------- playlist

const view = new PlaylistView(playlist, {
  playlist: $('playlist'), nowBar: $('now-bar'), nowPlaying: $('now-playing'),
  prev: $('btn-prev'), play: $('btn-play'), next: $('btn-next'), like: $('btn-like'), dislike: $('btn-dislike'),
  exports: [$('export-m3u'), $('export-csv'), $('export-json')],
}, {
  isPlaying: () => jukebox.isPlaying(),
  actions: {
    play: (i) => jukebox.play(i),
    resume: (i) => jukebox.resume(i),
    saveLink: saveVideoLink,
  },
});

const jukebox = new Jukebox(playlist, view, {
  playButton: $('play-button'), playerEmpty: $('player-empty'), musicStatus: el.musicStatus, error: el.error,
}, {
  on: {
    needMore: () => {
      if (state.fetch) return;
      el.musicStatus.textContent = 'That was the last song; finding more…';
      getMusic({ mode: Modes.MORE, why: 'end' });
    },
    started: lookUpAhead,
  },
});

/**
 * Fetches a playlist and hands it to the queue (Modes: new, replan, more). The mood is the picked one, the camera's
 * planned one, or the listener's latest reading (moodToRecommendFor).
 */
async function getMusic({ mood, mode = Modes.NEW, why = 'button' } = {}) {
  state.fetch?.abort();
  const controller = new AbortController();
  state.fetch = controller;
  const chosen = mood ?? moodToRecommendFor({ ...state, cameraStream: camera.plannedStream });
  const langs = languages();
  el.getMusic.disabled = true;
  let result;
  let strat;
  try {
    const config = await settings();
    strat = strategy() || config.default_strategy;
    el.musicStatus.textContent = chosen.emotion
      ? `Finding songs to ${STRATEGIES[strat]} (${chosen.emotion})…`
      : `Finding songs to ${STRATEGIES[strat]}…`;
    result = await api.recommendations({ ...chosen, strategy: strat, lang: langs, count: config.playlist_size }, controller.signal);
  } catch (e) {
    if (e.name === 'AbortError') return;
    showError(el.error, e);
    el.musicStatus.textContent = 'No new songs: see the message above.';
    return;
  } finally {
    if (state.fetch === controller) {
      state.fetch = null;
      el.getMusic.disabled = false;
    }
  }
  showError(el.error, null);
  const songs = Array.isArray(result?.songs) ? result.songs : [];
  const emotion = result?.emotion || chosen.emotion || null;
  state.playlistMeta = { strategy: result?.strategy || strat, emotion, mood: result?.mood ?? null, goal: result?.goal ?? null };

  const { kept, added } = playlist.receive(songs, mode, langs);
  view.render();
  if (mode === Modes.MORE) {
    if (!added) {
      el.musicStatus.textContent = 'End of the playlist. Press Get music for more.';
      return;
    }
    el.musicStatus.textContent = `Added ${added} more songs.`;
    jukebox.next();
    lookUpAhead();
    return;
  }
  if (!songs.length) {
    el.musicStatus.textContent = 'No songs matched. Try another intent or language.';
    return;
  }
  const lead = kept
    ? (why === 'mood' ? `Your mood changed to ${emotion}: the next songs are re-planned` : 'The next songs are re-planned')
    : `${songs.length} songs${emotion ? ` for ${emotion}` : ''}`;
  const playable = songs.filter((s) => playlist.isPlayable(s)).length;
  el.musicStatus.textContent = `${lead} (${STRATEGIES[state.playlistMeta.strategy] || state.playlistMeta.strategy}).`
    // Once YouTube is connected, songs without a video get one looked up before they are due.
    + (playable < songs.length && !state.youtubeConnected ? ` ${songs.length - playable} open in YouTube instead of playing here${
      youtube.el.box.hidden ? '' : ' (Connect YouTube, below the playlist, finds their videos)'}.` : '');
  if (!kept) {
    const first = playlist.nextIndex(-1);
    if (first >= 0) jukebox.play(first);
    else {
      jukebox.stop();
      if (playlist.inPage) {
        view.showNote(state.youtubeConnected
          ? 'Finding the videos of the first songs…'
          : 'None of these songs can play in the page; open them in YouTube.');
      }
    }
  }
  lookUpAhead();
}

/**
 * Asks the server for the videos of the next songs that have none, just before they are due: only songs about to play
 * spend the YouTube quota, and each answer is kept on the server for every listener.
 */
async function lookUpAhead() {
  if (!state.youtubeConnected) return;
  const ids = playlist.dueForLookup();
  if (!ids.length) return;
  let answer;
  try {
    answer = await api.lookups(ids);
  } catch (e) {
    playlist.lookupUnanswered(ids);
    console.warn('POST /api/youtube/lookups failed:', e);
    return;
  }
  if (answer.paused) {
    playlist.lookupUnanswered(ids);
    youtube.el.status.textContent = `Finding videos is paused: ${answer.paused}`;
  }
  if (!playlist.videosFound(answer.songs)) return;
  view.render();
  // Nothing plays yet (the list began with songs without videos): start with the first that now can.
  if (!playlist.current) {
    const first = playlist.nextIndex(-1);
    if (first >= 0) jukebox.play(first);
  }
}

/** Stores a pasted link for everyone; a refusal rejects with the server's reason, which the form shows. */
async function saveVideoLink(song, link) {
  const saved = await api.setVideo(song.id, link);
  const play = playlist.linked(saved, { playing: jukebox.isPlaying() });
  el.musicStatus.textContent = `${song.title} can play here now; its video is saved for everyone.`;
  if (play >= 0) jukebox.play(play);
}

function exportPlaylist(kind) {
  const { songs } = playlist;
  if (!songs.length) return;
  const name = `moodtune-playlist-${stamp()}`;
  if (kind === 'm3u') download(`${name}.m3u`, toM3U(songs), 'audio/x-mpegurl');
  else if (kind === 'csv') download(`${name}.csv`, toCSV(songs), 'text/csv');
  else download(`${name}.json`, toJSON({ exported_at: new Date().toISOString(), ...state.playlistMeta, songs }), 'application/json');
}

let optionsTimer = 0;
function onOptionsChanged(event) {
  if (event.target.name === 'lang' && !languages().length) {
    event.target.checked = true;
    el.musicStatus.textContent = 'Keep at least one language.';
    return;
  }
  if (!playlist.songs.length) return;
  clearTimeout(optionsTimer);
  optionsTimer = setTimeout(() => getMusic({ mode: playlist.modeForChange(), why: 'options' }), 300);
}

// ---------------------------------------------------------------- YouTube key

const youtube = new YouTubePanel({
  box: $('youtube-connect'), summary: $('youtube-connect-summary'), form: $('youtube-connect-form'), codeField: $('youtube-setup-code-field'),
  code: $('youtube-setup-code'), key: $('youtube-api-key'), submit: $('youtube-connect-submit'), remove: $('youtube-remove'), status: $('youtube-status'),
}, {
  onChange: (connected) => {
    state.youtubeConnected = connected;
    lookUpAhead();
  },
});

// ---------------------------------------------------------------- wiring

function init() {
  startOfflineSupport();
  startAccount().then((account) => {
    if (account?.mode === 'accounts' && !account.administrator) {
      youtube.canAdminister = false;
      youtube.refresh();
    }
  });
  fillIcons();
  view.updateControls();
  el.picker.addEventListener('click', (e) => {
    const b = e.target.closest('button[data-emotion]');
    if (b) pickMood(b.dataset.emotion);
  });
  el.getMusic.addEventListener('click', () => getMusic({ mode: Modes.NEW, why: 'button' }));
  el.freeze.addEventListener('click', toggleFreeze);
  el.intent.addEventListener('change', (event) => {
    state.intentChosen = true;
    onOptionsChanged(event);
  });
  $('languages').addEventListener('change', onOptionsChanged);
  $('btn-play').addEventListener('click', () => jukebox.toggle());
  $('btn-next').addEventListener('click', () => jukebox.next());
  $('btn-prev').addEventListener('click', () => jukebox.previous());
  $('btn-like').addEventListener('click', () => jukebox.rate('like'));
  $('btn-dislike').addEventListener('click', () => jukebox.rate('dislike'));
  $('export-m3u').addEventListener('click', () => exportPlaylist('m3u'));
  $('export-csv').addEventListener('click', () => exportPlaylist('csv'));
  $('export-json').addEventListener('click', () => exportPlaylist('json'));
  settings().catch((e) => showError(el.error, e));
  youtube.refresh();
  jukebox.load().catch(() => { /* reported when a song is to be played */ });
}

init();
