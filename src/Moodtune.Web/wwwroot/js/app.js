// The live page: camera -> /ws/frames -> mood -> playlist -> in-page YouTube player.
import { api, errorMessage, showError } from './api.js';
import { CIRCUMPLEX, COLORS, EMOTIONS, STRATEGIES, isEmotion, percent } from './emotions.js';
import { face, fillIcons, icon } from './icons.js';
import { FrameStream, closeCamera, describeCameraError, openCamera } from './camera.js';
import { MoodMeter, drawFaces, fitCanvas, mapBox } from './draw.js';
import { UNPLAYABLE_ERRORS, createPlayer, loadYouTubeApi, playerStates } from './player.js';
import { Queue } from './queue.js';
import { download, stamp, toCSV, toJSON, toM3U } from './export.js';
import { startOfflineSupport } from './offline.js';

const $ = (id) => document.getElementById(id);
const NO_FACE_MS = 2000;
const PLAYLIST_SIZE = 15;
// How many songs after the one playing get their videos looked up (each search costs 100 of a key's 10,000 daily units).
const LOOK_AHEAD = 2;
const NOT_HEARD = 'Like and dislike apply to the song playing: play a song first.';

const el = {
  error: $('error'),
  start: $('start'),
  stage: $('stage'),
  video: $('video'),
  overlay: $('overlay'),
  placeholder: $('stage-placeholder'),
  cameraStatus: $('camera-status'),
  fallback: $('fallback'),
  picker: $('picker'),
  photoInput: $('photo-input'),
  photoResult: $('photo-result'),
  photoCanvas: $('photo-canvas'),
  photoSummary: $('photo-summary'),
  emotionLabel: $('emotion-label'),
  confidence: $('confidence'),
  bars: $('bars'),
  meter: $('meter'),
  intent: $('intent'),
  langEn: $('lang-en'),
  langHi: $('lang-hi'),
  getMusic: $('get-music'),
  freeze: $('freeze'),
  musicStatus: $('music-status'),
  playerEmpty: $('player-empty'),
  playButton: $('play-button'),
  nowBar: $('now-bar'),
  nowPlaying: $('now-playing'),
  btnPrev: $('btn-prev'),
  btnPlay: $('btn-play'),
  btnNext: $('btn-next'),
  btnLike: $('btn-like'),
  btnDislike: $('btn-dislike'),
  playlist: $('playlist'),
  exportM3u: $('export-m3u'),
  exportCsv: $('export-csv'),
  exportJson: $('export-json'),
  youtubeConnect: $('youtube-connect'),
  youtubeForm: $('youtube-connect-form'),
  youtubeCode: $('youtube-setup-code'),
  youtubeKey: $('youtube-api-key'),
  youtubeSubmit: $('youtube-connect-submit'),
  youtubeStatus: $('youtube-status'),
};

const state = {
  config: { frame_rate: 5, frame_width: 320, default_strategy: 'uplift', languages: ['en', 'hi'] },
  mood: null, // {emotion, probabilities, valence, arousal, confidence, source}: the last sure mood
  frozen: false,
  frozenMood: null,
  playlistEmotion: null,
  playlistMeta: null,
  queue: new Queue(),
  fetch: null, // AbortController of the playlist request in flight
  startedSent: false,
  completed: false,
  feedback: new Map(), // song id -> 'like' | 'dislike'
  player: null,
  playerLoading: null,
  // the song whose "paste the YouTube link" form is open: {id, value, error}, kept across re-renders of the playlist
  linking: null,
  youtubeConnected: false,
  intentChosen: false, // the listener picked an intent before the server's default arrived
  lookedUp: new Set(), // ids of songs already asked for: the server's answer, found or not, is final

  // stream: the camera stream's id from its last playlist message; held: a playlist message that came while frozen
  camera: { running: false, frames: null, lastFaceAt: 0, timer: 0, answer: null, noFace: false, socket: 'closed', stream: null, held: null },
};

// ---------------------------------------------------------------- mood display

function buildBars() {
  el.bars.replaceChildren(...EMOTIONS.map((e) => {
    const bar = document.createElement('div');
    bar.className = 'bar';
    bar.dataset.emotion = e;
    bar.setAttribute('role', 'meter');
    bar.setAttribute('aria-label', e);
    bar.setAttribute('aria-valuemin', '0');
    bar.setAttribute('aria-valuemax', '100');
    bar.setAttribute('aria-valuenow', '0');
    bar.setAttribute('aria-valuetext', `${e} 0%`);
    bar.innerHTML = '<span class="bar-name"></span>'
      + '<span class="bar-track" aria-hidden="true"><span class="bar-fill"></span></span>'
      + '<span class="bar-value" aria-hidden="true">0%</span>';
    bar.querySelector('.bar-name').append(face(e), ` ${e}`);
    // set through the CSSOM, which a strict Content-Security-Policy allows (a style="" attribute it does not)
    bar.querySelector('.bar-fill').style.setProperty('--c', COLORS[e]);
    return bar;
  }));
}

function setBars(probabilities) {
  let top = null;
  let topP = -1;
  for (const e of EMOTIONS) {
    const p = Math.max(0, Math.min(1, Number(probabilities?.[e]) || 0));
    if (p > topP) { top = e; topP = p; }
    const bar = el.bars.querySelector(`[data-emotion="${e}"]`);
    const pct = Math.round(p * 100);
    bar.setAttribute('aria-valuenow', String(pct));
    bar.setAttribute('aria-valuetext', `${e} ${pct}%`);
    bar.querySelector('.bar-fill').style.width = `${(p * 100).toFixed(1)}%`;
    bar.querySelector('.bar-value').textContent = `${pct}%`;
  }
  for (const bar of el.bars.children) bar.classList.toggle('top', bar.dataset.emotion === top && topP > 0);
}

function oneHot(emotion) {
  return Object.fromEntries(EMOTIONS.map((e) => [e, e === emotion ? 1 : 0]));
}

function setEmotionLabel(emotion, text) {
  if (el.emotionLabel.dataset.emotion === emotion && el.emotionLabel.dataset.current === 'true') return;
  // only a change is announced (the region is aria-live)
  el.emotionLabel.dataset.emotion = emotion;
  el.emotionLabel.dataset.current = 'true';
  el.emotionLabel.replaceChildren(...(emotion ? [face(emotion), ` ${emotion}`] : [text]));
}

/** Shows a sure mood: {emotion, probabilities?, valence?, arousal?, confidence?, source}. Its confidence is the one number shown for it. */
function showMood(mood) {
  if (!mood || !isEmotion(mood.emotion)) return;
  const valence = mood.valence ?? CIRCUMPLEX[mood.emotion][0];
  const arousal = mood.arousal ?? CIRCUMPLEX[mood.emotion][1];
  state.mood = { ...mood, valence, arousal };
  setEmotionLabel(mood.emotion);
  const via = { camera: 'from the camera', photo: 'from your photo', picker: 'picked by you' }[mood.source] || '';
  el.confidence.textContent = [mood.confidence != null ? `confidence ${percent(mood.confidence)}` : '', via]
    .filter(Boolean).join(' · ');
  setBars(mood.probabilities || oneHot(mood.emotion));
  meter.push(valence, arousal);
}

/** A reading the server is not sure of: no mood is shown or acted on, the music stays, and the picker is offered. */
function showUnsure(reading, via) {
  setEmotionLabel('', 'Not sure');
  el.confidence.textContent = `Not sure of your expression (${percent(reading.confidence)} ${via}): the music stays as it is. Pick a mood if you like.`;
  setBars(reading.probabilities);
  el.fallback.classList.add('prominent');
}

/** The face left: the camera's last mood stays in view, marked as past, its bars emptied. */
function showStale() {
  if (state.mood?.source !== 'camera' && el.emotionLabel.dataset.emotion) return;
  el.emotionLabel.dataset.current = 'false';
  const last = state.mood?.source === 'camera' ? `Last seen: ${state.mood.emotion} ${percent(state.mood.confidence)}. ` : '';
  el.confidence.textContent = `${last}No face in view now, so no current mood.`;
  setBars(null);
}

// ---------------------------------------------------------------- camera

function setCameraStatus(text, kind = '') {
  if (el.cameraStatus.textContent !== text) el.cameraStatus.textContent = text;
  el.cameraStatus.className = `status${kind ? ` ${kind}` : ''}`;
}

async function startCamera() {
  el.start.disabled = true;
  setCameraStatus('Asking for the camera… (allow it when the browser asks)');
  try {
    await openCamera(el.video);
  } catch (e) {
    const why = describeCameraError(e);
    setCameraStatus(why.message, 'warn');
    el.fallback.classList.add('prominent');
    el.start.disabled = false;
    return;
  }
  const cam = state.camera;
  cam.running = true;
  cam.lastFaceAt = performance.now();
  cam.noFace = false;
  el.fallback.classList.remove('prominent');
  el.video.hidden = false;
  el.placeholder.hidden = true;
  if (el.video.videoWidth && el.video.videoHeight) el.stage.style.aspectRatio = `${el.video.videoWidth} / ${el.video.videoHeight}`;
  el.start.textContent = 'Stop camera';
  el.start.setAttribute('aria-pressed', 'true');
  el.start.disabled = false;
  cam.frames = new FrameStream(el.video, {
    frameWidth: state.config.frame_width,
    frameRate: state.config.frame_rate,
    onResult: onFrameAnswer,
    onPlaylist: onPlaylistMessage,
    onStatus: onSocketStatus,
    onFrameError: (message) => setCameraStatus(`The server could not read a frame: ${message}`, 'warn'),
  });
  cam.frames.start();
  clearInterval(cam.timer);
  cam.timer = setInterval(checkNoFace, 500);
}

function stopCamera() {
  const cam = state.camera;
  cam.running = false;
  clearInterval(cam.timer);
  if (cam.frames) cam.frames.stop();
  cam.frames = null;
  cam.answer = null;
  cam.stream = null;
  cam.held = null;
  closeCamera(el.video);
  el.video.hidden = true;
  el.placeholder.hidden = false;
  el.stage.style.aspectRatio = '';
  fitCanvas(el.overlay);
  el.start.textContent = 'Start camera';
  el.start.setAttribute('aria-pressed', 'false');
  setCameraStatus('Camera off.');
}

function onSocketStatus(status) {
  const cam = state.camera;
  cam.socket = status;
  if (!cam.running) return;
  if (status === 'connecting') setCameraStatus('Camera on. Connecting to Moodtune…');
  else if (status === 'reconnecting') setCameraStatus('Lost the connection to the server; reconnecting…', 'warn');
  else if (status === 'open') {
    cam.lastFaceAt = performance.now();
    cam.noFace = false;
    setCameraStatus('Camera on. Looking for your face…');
  }
}

function checkNoFace() {
  const cam = state.camera;
  if (!cam.running || cam.socket !== 'open') return;
  if (performance.now() - cam.lastFaceAt > NO_FACE_MS && !cam.noFace) {
    cam.noFace = true;
    setCameraStatus('No face in view. Face the camera in good light, or pick a mood below.', 'warn');
    redrawOverlay();
    showStale();
  }
}

function onFrameAnswer(answer) {
  const cam = state.camera;
  if (!cam.running) return;
  cam.answer = answer;
  const faces = Array.isArray(answer.faces) ? answer.faces : [];
  const reading = answer.mood && isEmotion(answer.mood.stable) ? answer.mood : null;
  if (faces.length) {
    cam.lastFaceAt = performance.now();
    if (cam.noFace || el.cameraStatus.textContent.startsWith('Camera on') || el.cameraStatus.classList.contains('warn')) {
      cam.noFace = false;
      setCameraStatus(faces.length === 1 ? 'Reading your expression.' : `${faces.length} faces in view; reading the main one.`);
    }
  }
  redrawOverlay();
  if (!reading || !faces.length) return;
  if (!reading.sure) {
    showUnsure(reading, 'from the camera');
    return;
  }
  el.fallback.classList.remove('prominent');
  showMood({
    emotion: reading.stable,
    probabilities: reading.probabilities,
    valence: reading.valence,
    arousal: reading.arousal,
    confidence: reading.confidence,
    source: 'camera',
  });
}

/** The server decided the playlist should follow the camera (its first sure mood, or a lasting change): fetch and show it. */
function onPlaylistMessage(message) {
  const cam = state.camera;
  if (!cam.running) return;
  cam.stream = message.camera;
  if (state.frozen) {
    cam.held = message;
    return;
  }
  cam.held = null;
  getMusic({ mood: { camera: message.camera }, mode: state.queue.songs.length ? 'replan' : 'new', why: message.reason === 'mood' ? 'mood' : 'auto' });
}

function redrawOverlay() {
  const answer = state.camera.answer;
  if (!answer || !state.camera.running || state.camera.noFace) {
    fitCanvas(el.overlay);
    return;
  }
  const r = answer.mood && isEmotion(answer.mood.stable) ? answer.mood : null;
  drawFaces(el.overlay, answer, { mirror: true, label: r ? { emotion: r.sure ? r.stable : 'not sure', confidence: r.confidence } : null });
}

// ---------------------------------------------------------------- picker and photo

async function pickMood(emotion) {
  for (const b of el.picker.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b.dataset.emotion === emotion));
  showError(el.error, null);
  let reading = null;
  try {
    reading = await api.mood(emotion, 'picker');
  } catch (e) {
    showError(el.error, e); // the playlist below still works without the stored reading
  }
  const mood = {
    emotion,
    probabilities: reading?.probabilities || oneHot(emotion),
    valence: reading?.valence,
    arousal: reading?.arousal,
    confidence: reading?.confidence ?? 1,
    source: 'picker',
  };
  showMood(mood);
  if (state.frozen) state.frozenMood = mood;
  await getMusic({ mood: { emotion }, mode: 'new', why: 'picker' });
}

async function analyzePhoto(file) {
  if (!file) return;
  showError(el.error, null);
  el.photoResult.hidden = false;
  el.photoSummary.textContent = 'Analysing your photo…';
  let result;
  try {
    result = await api.analyze(file);
  } catch (e) {
    el.photoSummary.textContent = `The photo could not be analysed: ${errorMessage(e)}`;
    showError(el.error, e);
    return;
  } finally {
    el.photoInput.value = '';
  }
  await drawPhoto(file, result);
  const faces = result.faces || [];
  if (!faces.length || !result.mood || !isEmotion(result.mood.emotion)) {
    el.photoSummary.textContent = 'No face found in this photo. Try another one (face the camera, good light), or pick a mood above.';
    el.photoCanvas.setAttribute('aria-label', 'Your photo: no face found');
    return;
  }
  const m = result.mood;
  const found = `${faces.length === 1 ? 'One face' : `${faces.length} faces`} found. `;
  const probabilities = faces[result.primary]?.probabilities;
  if (!m.sure) {
    el.photoSummary.textContent = `${found}Not sure what the expression is (${percent(m.confidence)}): nothing was stored and the music stays. Try another photo, or pick a mood above.`;
    el.photoCanvas.setAttribute('aria-label', `Your photo: ${faces.length} face(s), expression not sure`);
    showUnsure({ confidence: m.confidence, probabilities }, 'from your photo');
    return;
  }
  el.photoSummary.textContent = `${found}Your expression reads ${m.emotion} (confidence ${percent(m.confidence)}).`;
  el.photoCanvas.setAttribute('aria-label', `Your photo: ${faces.length} face(s), expression ${m.emotion}`);
  const mood = { emotion: m.emotion, probabilities, valence: m.valence, arousal: m.arousal, confidence: m.confidence, source: 'photo' };
  showMood(mood);
  if (state.frozen) state.frozenMood = mood;
  // the photo's reading was just stored: the server recommends from the latest reading, its point and confidence
  await getMusic({ mood: {}, mode: 'new', why: 'photo' });
}

async function drawPhoto(file, result) {
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    img.decoding = 'async';
    img.src = url;
    await img.decode();
    const fw = result.width || img.naturalWidth;
    const fh = result.height || img.naturalHeight;
    const maxW = Math.min(480, el.photoResult.clientWidth || 480);
    const scale = Math.min(1, maxW / fw, 260 / fh);
    const w = Math.round(fw * scale);
    const h = Math.round(fh * scale);
    el.photoCanvas.style.width = `${w}px`;
    el.photoCanvas.style.height = `${h}px`;
    const ctx = fitCanvas(el.photoCanvas, w, h);
    ctx.drawImage(img, 0, 0, w, h);
    (result.faces || []).forEach((face, i) => {
      const b = mapBox(face.box, fw, fh, w, h, false);
      ctx.lineWidth = i === result.primary ? 3 : 2;
      ctx.strokeStyle = COLORS[face.emotion] || '#8ea6ff';
      ctx.strokeRect(b.x, b.y, b.width, b.height);
    });
  } catch {
    el.photoCanvas.style.width = '0';
  } finally {
    URL.revokeObjectURL(url);
  }
}

// ---------------------------------------------------------------- playlist

function strategy() {
  return el.intent.querySelector('input[name="strategy"]:checked')?.value || state.config.default_strategy || 'uplift';
}

function languages() {
  return [el.langEn, el.langHi].filter((c) => c.checked && !c.closest('label').hidden).map((c) => c.value);
}

/**
 * Which mood the server should recommend for: a picked one by name; the camera's by its stream (the mood the server
 * planned, while the stream is open); otherwise the listener's latest stored reading (a photo's, or the camera's last).
 */
function moodQuery() {
  const m = state.frozen ? state.frozenMood || state.mood : state.mood;
  if (m?.source === 'picker') return { emotion: m.emotion };
  if (m?.source === 'camera' && state.camera.running && state.camera.stream) return { camera: state.camera.stream };
  return {};
}

/**
 * Fetches a playlist. mode: 'new' replaces the list and plays its first playable song; 'replan' keeps the song
 * playing (and those played) and replaces the rest; 'more' appends when the list ran out.
 */
async function getMusic({ mood = moodQuery(), mode = 'new', why = 'button' } = {}) {
  if (state.fetch) state.fetch.abort();
  const controller = new AbortController();
  state.fetch = controller;
  const { emotion } = mood;
  const strat = strategy();
  const langs = languages();
  el.getMusic.disabled = true;
  el.musicStatus.textContent = emotion
    ? `Finding songs to ${STRATEGIES[strat]} (${emotion})…`
    : `Finding songs to ${STRATEGIES[strat]}…`;
  let result;
  try {
    result = await api.recommendations({ ...mood, strategy: strat, lang: langs, count: PLAYLIST_SIZE }, controller.signal);
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
  state.playlistEmotion = result?.emotion || emotion || null;
  state.playlistMeta = { strategy: result?.strategy || strat, emotion: state.playlistEmotion, mood: result?.mood ?? null, goal: result?.goal ?? null };

  if (mode === 'more') {
    const added = state.queue.append(songs);
    renderPlaylist();
    if (!added) {
      el.musicStatus.textContent = 'End of the playlist. Press Get music for more.';
      return;
    }
    el.musicStatus.textContent = `Added ${added} more songs.`;
    playNext();
    lookUpAhead();
    return;
  }
  // A song the new filter excludes does not stay because it was playing: the re-plan becomes a new list.
  const playing = mode === 'replan' && state.queue.replaceUpcoming(songs, (s) => !s.language || langs.includes(s.language));
  if (mode !== 'replan') state.queue.set(songs);
  renderPlaylist();
  updateExports();

  const target = state.playlistEmotion ? ` for ${state.playlistEmotion}` : '';
  const playable = songs.filter((s) => state.queue.isPlayable(s)).length;
  if (!songs.length) {
    el.musicStatus.textContent = 'No songs matched. Try another intent or language.';
    return;
  }
  const lead = playing
    ? (why === 'mood' ? `Your mood changed to ${state.playlistEmotion}: the next songs are re-planned` : 'The next songs are re-planned')
    : `${songs.length} songs${target}`;
  el.musicStatus.textContent = `${lead} (${STRATEGIES[state.playlistMeta.strategy] || state.playlistMeta.strategy}).`
    // Once YouTube is connected, songs without a video get one looked up before they are due.
    + (playable < songs.length && !state.youtubeConnected ? ` ${songs.length - playable} open in YouTube instead of playing here${
      el.youtubeConnect.hidden ? '' : ' (Connect YouTube, below the playlist, finds their videos)'}.` : '');
  if (!playing) {
    const first = state.queue.nextIndex(-1);
    if (first >= 0) playIndex(first);
    else {
      state.player?.stop(); // a song the new list left out must not play on
      if (state.queue.inPage) {
        el.nowPlaying.textContent = state.youtubeConnected
          ? 'Finding the videos of the first songs…'
          : 'None of these songs can play in the page; open them in YouTube.';
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
  const q = state.queue;
  if (!state.youtubeConnected || !q.inPage) return;
  // The songs due next: the first ones while nothing plays yet.
  const ids = q.songs.slice(q.index + 1, q.index + 1 + LOOK_AHEAD)
    .filter((s) => !s.youtube_id && !state.lookedUp.has(String(s.id)))
    .map((s) => String(s.id));
  if (!ids.length) return;
  ids.forEach((id) => state.lookedUp.add(id));
  let answer;
  try {
    answer = await api.lookups(ids);
  } catch (e) {
    ids.forEach((id) => state.lookedUp.delete(id)); // asked again with the next song
    console.warn('POST /api/youtube/lookups failed:', e);
    return;
  }
  if (answer.paused) {
    // A spent quota: the songs stay links out, and they are asked for again after the pause.
    ids.forEach((id) => state.lookedUp.delete(id));
    el.youtubeStatus.textContent = `Finding videos is paused: ${answer.paused}`;
  }
  let found = 0;
  for (const song of answer.songs || []) {
    if (!song.youtube_id) continue;
    for (const s of q.songs) {
      if (String(s.id) === String(song.id) && !s.youtube_id) {
        Object.assign(s, { youtube_id: song.youtube_id, url: song.url });
        found++;
      }
    }
  }
  if (!found) return;
  renderPlaylist();
  // Nothing plays yet (the list began with songs without videos): start with the first that now can.
  if (!q.current) {
    const first = q.nextIndex(-1);
    if (first >= 0) playIndex(first);
  }
}

function songLabel(song) {
  return `${song.title} by ${song.artist}`;
}

function labelSongButton(button, song, playing) {
  button.replaceChildren(icon(playing ? 'note' : 'play'), playing ? 'Playing' : 'Play');
  button.setAttribute('aria-label', playing ? `Playing ${songLabel(song)}` : `Play ${songLabel(song)}`);
}

/** Whether the current song plays: the player may still be playing the song before it, until the new one loads. */
function isPlaying() {
  const p = state.player;
  return Boolean(p && p.isPlaying() && p.videoId === state.queue.current?.youtube_id);
}

/** Names the current song in #now-playing with what the player does with it ("Now playing" only while it plays). */
function showSong(what) {
  const song = state.queue.current;
  if (song) el.nowPlaying.dataset.songId = String(song.id);
  else delete el.nowPlaying.dataset.songId;
  el.nowPlaying.textContent = song ? `${what}: ${song.title}, ${song.artist}` : '';
}

function renderPlaylist() {
  const focused = document.activeElement && el.playlist.contains(document.activeElement)
    ? document.activeElement.closest('li')?.dataset.songId : null;
  const q = state.queue;
  const items = q.songs.map((song, i) => {
    const li = document.createElement('li');
    li.dataset.songId = String(song.id);
    const playable = q.isPlayable(song);
    if (playable) li.dataset.videoId = song.youtube_id;
    if (i === q.index) li.setAttribute('aria-current', 'true');
    if (q.unplayable.has(String(song.id))) li.classList.add('unplayable');
    if (q.wasPlayed(song) && i !== q.index) li.classList.add('played');
    if (q.disliked.has(String(song.id))) li.classList.add('disliked');

    const main = document.createElement('div');
    main.className = 'song-main';
    const head = document.createElement('div');
    const title = document.createElement('span');
    title.className = 'song-title';
    title.textContent = song.title || 'Untitled';
    head.append(title);
    if (song.language) {
      const tag = document.createElement('span');
      tag.className = 'song-tag';
      tag.textContent = song.language === 'hi' ? 'Hindi' : song.language === 'en' ? 'English' : song.language;
      head.append(' ', tag);
    }
    const artist = document.createElement('div');
    artist.className = 'song-artist';
    artist.textContent = song.artist || '';
    main.append(head, artist);
    if (song.reason) {
      const reason = document.createElement('div');
      reason.className = 'song-reason';
      reason.textContent = song.reason;
      main.append(reason);
    }
    const note = q.unplayable.has(String(song.id)) ? 'This video can\'t play here.'
      : q.disliked.has(String(song.id)) ? 'You disliked this song; it is skipped.' : '';
    if (note) {
      const n = document.createElement('div');
      n.className = 'song-reason';
      n.textContent = note;
      main.append(n);
    }

    const action = document.createElement('div');
    action.className = 'song-action';
    if (playable) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'song-play';
      const current = i === q.index;
      labelSongButton(b, song, current && isPlaying());
      b.addEventListener('click', () => (current && state.player ? state.player.play() : playIndex(i)));
      action.append(b);
    } else {
      const a = document.createElement('a');
      a.className = 'button song-open';
      a.href = song.url || `https://www.youtube.com/results?search_query=${encodeURIComponent(`${song.artist} ${song.title}`)}`;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      a.append('Open in YouTube', icon('external'));
      a.setAttribute('aria-label', `Open ${songLabel(song)} in YouTube (new tab)`);
      action.append(a);
      // Without the in-page player a video id would not make the song play here: the link-out is all there is.
      if (q.inPage) action.append(linkButton(song));
    }
    li.append(main, action);
    if (state.linking && state.linking.id === String(song.id) && !playable) li.append(linkForm(song));
    return li;
  });
  const typing = document.activeElement?.classList.contains('song-link-input');
  el.playlist.replaceChildren(...items);
  if (typing) el.playlist.querySelector('.song-link-input')?.focus();
  else if (focused) el.playlist.querySelector(`li[data-song-id="${CSS.escape(focused)}"] .song-play, li[data-song-id="${CSS.escape(focused)}"] .song-open`)?.focus();
  updateControls();
}

function linkButton(song) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'song-link';
  const open = state.linking?.id === String(song.id);
  b.setAttribute('aria-expanded', String(open));
  b.setAttribute('aria-label', `Paste the YouTube link for ${songLabel(song)}`);
  b.append(icon('link'), 'Paste link');
  b.addEventListener('click', () => {
    state.linking = open ? null : { id: String(song.id), value: '', error: '' };
    renderPlaylist();
    if (!open) el.playlist.querySelector('.song-link-input')?.focus();
  });
  return b;
}

/** The form that gives a song without a video its YouTube link: the server checks it and stores it for everyone. */
function linkForm(song) {
  const draft = state.linking;
  const form = document.createElement('form');
  form.className = 'song-link-form';
  form.noValidate = true;
  const label = document.createElement('label');
  label.className = 'small';
  const input = document.createElement('input');
  input.type = 'text';
  input.inputMode = 'url';
  input.className = 'song-link-input';
  input.placeholder = 'https://www.youtube.com/watch?v=… or https://youtu.be/…';
  input.value = draft.value;
  input.addEventListener('input', () => { draft.value = input.value; });
  label.append(`The YouTube link for ${songLabel(song)}`, input);
  const save = document.createElement('button');
  save.type = 'submit';
  save.className = 'primary';
  save.textContent = 'Save link';
  const error = document.createElement('p');
  error.className = 'song-link-error';
  error.setAttribute('role', 'alert');
  error.textContent = draft.error;
  form.append(label, save, error);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    saveVideoLink(song, input.value);
  });
  return form;
}

async function saveVideoLink(song, link) {
  const draft = state.linking;
  let saved;
  try {
    saved = await api.setVideo(song.id, link);
  } catch (e) {
    // What was typed stays in the box beside the server's reason, to be corrected rather than typed again.
    if (state.linking === draft) {
      draft.value = link;
      draft.error = errorMessage(e);
      renderPlaylist();
    }
    return;
  }
  const q = state.queue;
  for (const s of q.songs) {
    if (String(s.id) === String(song.id)) Object.assign(s, { youtube_id: saved.youtube_id, url: saved.url });
  }
  q.unplayable.delete(String(song.id));
  if (state.linking === draft) state.linking = null;
  renderPlaylist();
  el.musicStatus.textContent = `${song.title} can play here now; its video is saved for everyone.`;
  const i = q.indexOf(song.id);
  if (i >= 0 && !isPlaying() && !(q.current && q.isPlayable(q.current))) playIndex(i);
}

function updateExports() {
  const has = state.queue.songs.length > 0;
  el.exportM3u.disabled = el.exportCsv.disabled = el.exportJson.disabled = !has;
}

function updateControls() {
  const q = state.queue;
  const song = q.current;
  el.btnPrev.disabled = q.prevIndex() < 0;
  el.btnNext.disabled = !q.inPage || q.songs.length === 0;
  el.nowBar.classList.toggle('docked', !el.btnNext.disabled);
  el.btnPlay.disabled = !song && q.nextIndex(-1) < 0;
  // Feedback is about a song the listener heard: the one playing, or one that played before.
  const heard = Boolean(song) && q.wasPlayed(song);
  for (const b of [el.btnLike, el.btnDislike]) {
    b.disabled = !heard;
    b.title = heard ? b.getAttribute('aria-label') : NOT_HEARD;
  }
  const fb = song ? state.feedback.get(String(song.id)) : null;
  el.btnLike.setAttribute('aria-pressed', String(fb === 'like'));
  const playing = isPlaying();
  const currentButton = el.playlist.querySelector('li[aria-current="true"] .song-play');
  if (song && currentButton) labelSongButton(currentButton, song, playing);
  el.btnPlay.setAttribute('aria-label', playing ? 'Pause' : 'Play');
  const glyph = playing ? 'pause' : 'play';
  if (el.btnPlay.dataset.glyph !== glyph) {
    el.btnPlay.dataset.glyph = glyph;
    el.btnPlay.replaceChildren(icon(glyph));
  }
}

// ---------------------------------------------------------------- player

function sendPlay(song, event, code) {
  if (!song) return;
  api.plays(song.id, event, code).catch((e) => console.warn(`POST /api/plays ${event} failed:`, e));
}

async function ensurePlayer() {
  if (state.player) return state.player;
  if (!state.playerLoading) {
    state.playerLoading = loadYouTubeApi().then(() => {
      state.player = createPlayer('player', {
        onPlaying: onPlayerPlaying,
        onStateChange: onPlayerStateChange,
        onEnded: onPlayerEnded,
        onError: onPlayerError,
        onAutoplayBlocked: () => {
          el.playButton.hidden = false;
          showSong('Press Play to start');
          el.musicStatus.textContent = 'Your browser blocked autoplay: press Play to start the music.';
        },
      });
      return state.player;
    }).catch((e) => {
      playerUnavailable(e);
      throw e;
    }).finally(() => { state.playerLoading = null; });
  }
  return state.playerLoading;
}

/** Without the in-page player every song is a link out, and nothing is said to play. */
function playerUnavailable(error) {
  const q = state.queue;
  q.inPage = false;
  q.index = -1;
  el.playButton.hidden = true;
  showSong('');
  el.playerEmpty.hidden = false;
  el.playerEmpty.textContent = `The in-page YouTube player could not load: ${errorMessage(error)}. `
    + 'That is why each song has an Open in YouTube link instead. Reload the page to try the player again.';
  renderPlaylist();
}

/** Leaves the current song (reporting a skip when it started and did not finish) and plays song i. */
async function playIndex(i) {
  const q = state.queue;
  const prev = q.current;
  const song = q.songs[i];
  if (!song || !q.isPlayable(song)) return;
  if (prev && prev !== song && state.startedSent && !state.completed) sendPlay(prev, 'skipped');
  q.index = i;
  state.startedSent = false;
  state.completed = false;
  el.playButton.hidden = true;
  showSong(state.player ? 'Starting' : 'Loading the player for');
  renderPlaylist();
  let player;
  try {
    player = await ensurePlayer();
  } catch {
    return; // playerUnavailable() has turned the songs into links and says why
  }
  if (q.current !== song) return; // another song was chosen meanwhile
  el.playerEmpty.hidden = true;
  try {
    player.load(song.youtube_id);
  } catch (e) {
    showError(el.error, e);
  }
  updateControls();
}

function playNext() {
  if (!state.queue.inPage) return;
  const i = state.queue.nextIndex();
  if (i >= 0) {
    playIndex(i);
    return;
  }
  if (state.fetch) return;
  el.musicStatus.textContent = 'That was the last song; finding more…';
  getMusic({ mode: 'more', why: 'end' });
}

function playPrev() {
  const i = state.queue.prevIndex();
  if (i >= 0) playIndex(i);
}

function onPlayerPlaying() {
  const song = state.queue.current;
  el.playButton.hidden = true;
  showSong('Now playing');
  if (song && !state.startedSent) {
    state.startedSent = true;
    state.queue.markPlayed(song);
    sendPlay(song, 'started');
    lookUpAhead();
  }
  updateControls();
}

function onPlayerStateChange(playerState) {
  if (playerState === playerStates().PAUSED) showSong('Paused');
  updateControls();
}

function onPlayerEnded() {
  const song = state.queue.current;
  if (song && !state.completed) {
    state.completed = true;
    sendPlay(song, 'completed');
  }
  playNext();
}

function onPlayerError(code) {
  const song = state.queue.current;
  if (!song) return;
  if (UNPLAYABLE_ERRORS.includes(code)) sendPlay(song, 'error', code);
  state.queue.markUnplayable(song);
  state.completed = true; // an unplayable video is not a skip
  el.musicStatus.textContent = `"${song.title}" can't be played here (YouTube error ${code}); skipping to the next song.`;
  playNext();
}

async function sendFeedback(kind) {
  const song = state.queue.current;
  if (!song || !state.queue.wasPlayed(song)) return;
  const id = String(song.id);
  const value = kind === 'like' && state.feedback.get(id) === 'like' ? 'none' : kind;
  try {
    await api.feedback(song.id, value);
    if (value === 'none') state.feedback.delete(id);
    else state.feedback.set(id, value);
    state.queue.setDisliked(song, value === 'dislike');
    el.musicStatus.textContent = value === 'like' ? `Liked "${song.title}".`
      : value === 'dislike' ? `Disliked "${song.title}"; it won't be offered again.` : `Removed the like from "${song.title}".`;
  } catch (e) {
    showError(el.error, e);
    return;
  }
  updateControls();
  if (value === 'dislike') playNext();
}

// ---------------------------------------------------------------- exports

function exportPlaylist(kind) {
  const songs = state.queue.songs;
  if (!songs.length) return;
  const name = `moodtune-playlist-${stamp()}`;
  if (kind === 'm3u') download(`${name}.m3u`, toM3U(songs), 'audio/x-mpegurl');
  else if (kind === 'csv') download(`${name}.csv`, toCSV(songs), 'text/csv');
  else download(`${name}.json`, toJSON({ exported_at: new Date().toISOString(), ...state.playlistMeta, songs }), 'application/json');
}

// ---------------------------------------------------------------- wiring

const meter = new MoodMeter(el.meter, { trail: 30 });

function toggleFreeze() {
  state.frozen = !state.frozen;
  el.freeze.setAttribute('aria-pressed', String(state.frozen));
  el.freeze.textContent = state.frozen ? 'Mood frozen' : 'Freeze mood';
  if (state.frozen) {
    state.frozenMood = state.mood;
    el.musicStatus.textContent = 'Mood frozen: the playlist stays as it is while your expression changes.';
  } else {
    state.frozenMood = null;
    el.musicStatus.textContent = 'Mood unfrozen: the playlist follows your mood again.';
    // what the server planned while frozen plays now
    if (state.camera.held) onPlaylistMessage(state.camera.held);
  }
}

let optionsTimer = 0;
function onOptionsChanged(event) {
  if (event.target.name === 'lang' && !languages().length) {
    event.target.checked = true;
    el.musicStatus.textContent = 'Keep at least one language.';
    return;
  }
  if (!state.queue.songs.length) return;
  clearTimeout(optionsTimer);
  optionsTimer = setTimeout(() => getMusic({ mode: state.queue.current ? 'replan' : 'new', why: 'options' }), 300);
}

// ---------------------------------------------------------------- connecting YouTube (first run)

async function showYouTubeConnection() {
  try {
    const status = await api.youtube();
    state.youtubeConnected = Boolean(status && status.connected);
    el.youtubeConnect.hidden = state.youtubeConnected;
    lookUpAhead();
  } catch (e) {
    console.warn('GET /api/youtube failed:', e);
  }
}

async function connectYouTube(event) {
  event.preventDefault();
  el.youtubeSubmit.disabled = true;
  el.youtubeStatus.classList.remove('error');
  el.youtubeStatus.textContent = 'Checking the key with YouTube…';
  try {
    await api.connectYouTube(el.youtubeKey.value.trim(), el.youtubeCode.value.trim());
  } catch (e) {
    // The fields keep what was typed, to be corrected next to the server's reason.
    el.youtubeStatus.classList.add('error');
    el.youtubeStatus.textContent = `YouTube is not connected: ${errorMessage(e)}`;
    el.youtubeSubmit.disabled = false;
    return;
  }
  el.youtubeSubmit.disabled = false;
  // The key is on the server now: nothing of it stays in the page.
  el.youtubeKey.value = '';
  el.youtubeCode.value = '';
  el.youtubeConnect.hidden = true;
  state.youtubeConnected = true;
  el.youtubeStatus.textContent = 'YouTube is connected: songs without a video are looked up as they come up.';
  lookUpAhead();
}

function applyConfig(config) {
  state.config = config;
  // The server's answer may come after the listener chose: their choice stands (a language they unticked stays so).
  const radio = el.intent.querySelector(`input[value="${CSS.escape(config.default_strategy || 'uplift')}"]`);
  if (radio && !state.intentChosen) radio.checked = true;
  const langs = Array.isArray(config.languages) && config.languages.length ? config.languages : ['en', 'hi'];
  for (const box of [el.langEn, el.langHi]) {
    const offered = langs.includes(box.value);
    box.closest('label').hidden = !offered;
    box.checked = offered && box.checked;
  }
  if (!languages().length) {
    for (const box of [el.langEn, el.langHi]) box.checked = langs.includes(box.value);
  }
}

function init() {
  startOfflineSupport();
  fillIcons();
  buildBars();
  updateControls();
  el.start.addEventListener('click', () => (state.camera.running ? stopCamera() : startCamera()));
  el.picker.addEventListener('click', (e) => {
    const b = e.target.closest('button[data-emotion]');
    if (b) pickMood(b.dataset.emotion);
  });
  el.photoInput.addEventListener('change', () => analyzePhoto(el.photoInput.files && el.photoInput.files[0]));
  el.getMusic.addEventListener('click', () => getMusic({ mode: 'new', why: 'button' }));
  el.freeze.addEventListener('click', toggleFreeze);
  el.intent.addEventListener('change', (event) => {
    state.intentChosen = true;
    onOptionsChanged(event);
  });
  $('languages').addEventListener('change', onOptionsChanged);
  el.btnPlay.addEventListener('click', () => {
    if (state.player && state.queue.current) state.player.toggle();
    else playNext();
  });
  el.playButton.addEventListener('click', () => {
    if (state.player) state.player.play();
  });
  el.btnNext.addEventListener('click', playNext);
  el.btnPrev.addEventListener('click', playPrev);
  el.btnLike.addEventListener('click', () => sendFeedback('like'));
  el.btnDislike.addEventListener('click', () => sendFeedback('dislike'));
  el.exportM3u.addEventListener('click', () => exportPlaylist('m3u'));
  el.exportCsv.addEventListener('click', () => exportPlaylist('csv'));
  el.exportJson.addEventListener('click', () => exportPlaylist('json'));
  el.youtubeForm.addEventListener('submit', connectYouTube);
  if (typeof ResizeObserver === 'function') new ResizeObserver(redrawOverlay).observe(el.stage);
  window.addEventListener('pagehide', () => {
    if (state.camera.running) stopCamera();
  });
  api.config().then(applyConfig);
  showYouTubeConnection();
  ensurePlayer().catch(() => { /* reported when a song is to be played */ });
}

init();
