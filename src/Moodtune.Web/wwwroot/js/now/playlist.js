// What the live page plays, and what this session learned about its songs (played, disliked, unplayable, looked up).
// Pure: no DOM, no fetch, no timers. app.js asks it what to do, tells it what happened, and the views render it, so
// every rule of the queue is tested with `node --test` (tests/Moodtune.Web.PageTests).

const idOf = (song) => String(song?.id);

/** How a playlist from the server joins the queue: 'new' replaces it, 'replan' keeps what played, 'more' appends. */
export const Modes = Object.freeze({ NEW: 'new', REPLAN: 'replan', MORE: 'more' });

export class Playlist {
  /** lookAhead: how many songs after the one playing get their videos looked up (each search costs YouTube quota). */
  constructor({ lookAhead = 2 } = {}) {
    this.lookAhead = lookAhead;
    this.songs = [];
    this.index = -1;
    this.unplayable = new Set();
    this.played = new Set();
    this.disliked = new Set();
    this.feedback = new Map(); // song id -> 'like' | 'dislike'
    // The server's answer to a lookup, found or not, is final for every listener: a song is asked for once.
    this.lookedUp = new Set();
    this.inPage = true; // false once the in-page player could not load: then no song plays here
    this.startReported = false;
    this.finished = false;
  }

  get current() {
    return this.index >= 0 ? this.songs[this.index] || null : null;
  }

  isPlayable(song) {
    return this.inPage && Boolean(song?.youtube_id) && !this.unplayable.has(idOf(song));
  }

  isUnplayable(song) {
    return this.unplayable.has(idOf(song));
  }

  isDisliked(song) {
    return this.disliked.has(idOf(song));
  }

  wasPlayed(song) {
    return this.played.has(idOf(song));
  }

  /** Whether next/previous may stop at a song: playable and not disliked. */
  isEligible(song) {
    return this.isPlayable(song) && !this.isDisliked(song);
  }

  nextIndex(from = this.index) {
    for (let i = from + 1; i < this.songs.length; i++) if (this.isEligible(this.songs[i])) return i;
    return -1;
  }

  prevIndex(from = this.index) {
    for (let i = Math.min(from, this.songs.length) - 1; i >= 0; i--) if (this.isEligible(this.songs[i])) return i;
    return -1;
  }

  indexOf(songId) {
    return this.songs.findIndex((s) => idOf(s) === String(songId));
  }

  /** Camera and option changes re-plan a queue that has begun, and start a new one otherwise. */
  modeForChange({ camera = false } = {}) {
    const begun = camera ? this.songs.length > 0 : this.current !== null;
    return begun ? Modes.REPLAN : Modes.NEW;
  }

  /**
   * Takes a playlist from the server. A re-plan keeps the songs up to the one playing and replaces the rest; a song
   * the chosen languages now exclude does not stay because it was playing, so the re-plan becomes a new list.
   * Returns {kept: whether the current song plays on, added: songs new to the queue}.
   */
  receive(songs, mode, languages = []) {
    const incoming = Array.isArray(songs) ? songs : [];
    if (mode === Modes.MORE) return { kept: this.current !== null, added: this.#append(incoming) };
    const inLanguage = (s) => !s.language || languages.includes(s.language);
    if (mode === Modes.REPLAN && this.index >= 0 && inLanguage(this.current)) {
      const kept = this.songs.slice(0, this.index + 1).filter(inLanguage);
      const seen = new Set(kept.map(idOf));
      const upcoming = incoming.filter((s) => !seen.has(idOf(s)));
      this.songs = kept.concat(upcoming);
      this.index = kept.length - 1;
      return { kept: true, added: upcoming.length };
    }
    this.songs = incoming.slice();
    this.index = -1;
    return { kept: false, added: this.songs.length };
  }

  #append(songs) {
    const seen = new Set(this.songs.map(idOf));
    const added = songs.filter((s) => !seen.has(idOf(s)) && seen.add(idOf(s)));
    this.songs = this.songs.concat(added);
    return added.length;
  }

  /**
   * Makes song i current. Returns null when it cannot play here, else {song, skipped}: skipped is the song left behind
   * after it started and before it finished (the server counts skips), or null.
   */
  start(i) {
    const song = this.songs[i];
    if (!song || !this.isPlayable(song)) return null;
    const previous = this.current;
    const skipped = previous && previous !== song && this.startReported && !this.finished ? previous : null;
    this.index = i;
    this.startReported = false;
    this.finished = false;
    return { song, skipped };
  }

  /** The player started the current song: returns it the first time (to report 'started'), else null. */
  playing() {
    const song = this.current;
    if (!song || this.startReported) return null;
    this.startReported = true;
    this.played.add(idOf(song));
    return song;
  }

  /** The current song played to its end: returns it the first time (to report 'completed'), else null. */
  ended() {
    const song = this.current;
    if (!song || this.finished) return null;
    this.finished = true;
    return song;
  }

  /** The player could not play the current song: it is unplayable here, and leaving it is no skip. Returns it. */
  failed() {
    const song = this.current;
    if (!song) return null;
    this.unplayable.add(idOf(song));
    this.finished = true;
    return song;
  }

  /** What comes after the current song: {index} of the next one to play, or {more: true} when the queue ran out. */
  next() {
    if (!this.inPage) return { index: -1, more: false };
    const index = this.nextIndex();
    return index >= 0 ? { index, more: false } : { index, more: true };
  }

  /** The in-page player could not load: every song becomes a link out, and nothing is current. */
  playerUnavailable() {
    this.inPage = false;
    this.index = -1;
  }

  /** Feedback is about a song the listener heard: the one playing, or one that played before. */
  canRate(song = this.current) {
    return Boolean(song) && this.wasPlayed(song);
  }

  feedbackOf(song) {
    return song ? this.feedback.get(idOf(song)) ?? null : null;
  }

  /** The word to send for a press of Like or Dislike: a second Like takes the like back. */
  feedbackFor(kind, song = this.current) {
    return kind === 'like' && this.feedbackOf(song) === 'like' ? 'none' : kind;
  }

  /** The server took the listener's word ('like', 'dislike' or 'none'): a disliked song is skipped from now on. */
  rated(song, value) {
    const id = idOf(song);
    if (value === 'none') this.feedback.delete(id);
    else this.feedback.set(id, value);
    if (value === 'dislike') this.disliked.add(id);
    else this.disliked.delete(id);
  }

  /** The ids of the songs due next (the first ones while nothing plays) that have no video and were not asked for. */
  dueForLookup() {
    if (!this.inPage) return [];
    const ids = this.songs.slice(this.index + 1, this.index + 1 + this.lookAhead)
      .filter((s) => !s.youtube_id && !this.lookedUp.has(idOf(s)))
      .map(idOf);
    ids.forEach((id) => this.lookedUp.add(id));
    return ids;
  }

  /** A lookup that failed, or was paused (a spent quota): its songs are asked for again with a later song. */
  lookupUnanswered(ids) {
    ids.forEach((id) => this.lookedUp.delete(String(id)));
  }

  /** Videos the server found: returns how many queued songs can now play here. */
  videosFound(songs) {
    let found = 0;
    for (const song of songs || []) {
      if (!song.youtube_id) continue;
      for (const s of this.songs) {
        if (idOf(s) === idOf(song) && !s.youtube_id) {
          Object.assign(s, { youtube_id: song.youtube_id, url: song.url });
          found++;
        }
      }
    }
    return found;
  }

  /**
   * The listener gave a song its YouTube link and the server stored it: the song plays here again, even if its old
   * video failed in this session (the failure was that video's). Returns the index to play when nothing plays, else -1.
   */
  linked(saved, { playing = false } = {}) {
    const id = idOf(saved);
    for (const s of this.songs) {
      if (idOf(s) === id) Object.assign(s, { youtube_id: saved.youtube_id, url: saved.url });
    }
    this.unplayable.delete(id);
    this.lookedUp.add(id);
    const i = this.indexOf(id);
    const busy = playing || (this.current !== null && this.isPlayable(this.current) && this.current !== this.songs[i]);
    return i >= 0 && !busy ? i : -1;
  }
}

/**
 * Which mood the server should recommend for: a picked one by name; the camera's by its stream (the mood the server
 * planned, while the stream is open); otherwise the listener's latest stored reading (a photo's, or the camera's last).
 * While the mood is frozen, the mood of the moment it froze.
 */
export function moodToRecommendFor({ mood, frozen = false, frozenMood = null, cameraStream = null }) {
  const m = frozen ? frozenMood || mood : mood;
  if (m?.source === 'picker') return { emotion: m.emotion };
  if (m?.source === 'camera' && cameraStream) return { camera: cameraStream };
  return {};
}
