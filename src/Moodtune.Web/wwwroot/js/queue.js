// The play queue: the playlist's songs, the one playing, and which songs cannot be played in the page.

const key = (song) => String(song && song.id);

export class Queue {
  constructor() {
    this.songs = [];
    this.index = -1;
    this.unplayable = new Set();
    this.played = new Set();
    this.disliked = new Set();
    this.inPage = true; // false once the in-page player could not load: then no song plays here
  }

  get current() {
    return this.index >= 0 ? this.songs[this.index] || null : null;
  }

  isPlayable(song) {
    return this.inPage && Boolean(song && song.youtube_id) && !this.unplayable.has(key(song));
  }

  /** Replaces the whole list; nothing is playing in it yet. */
  set(songs) {
    this.songs = Array.isArray(songs) ? songs.slice() : [];
    this.index = -1;
  }

  /**
   * Keeps the songs up to the current one (played, and the one playing) that pass keep(song), and replaces everything
   * after it with the new songs, leaving out those already kept. When the current song does not pass (a filter now
   * excludes it), the whole list is replaced and nothing is current: returns whether the current song stayed.
   */
  replaceUpcoming(songs, keep = () => true) {
    if (this.index < 0 || !keep(this.current)) {
      this.set(songs);
      return false;
    }
    const kept = this.songs.slice(0, this.index + 1).filter(keep);
    const seen = new Set(kept.map(key));
    this.songs = kept.concat((songs || []).filter((s) => !seen.has(key(s))));
    this.index = kept.length - 1;
    return true;
  }

  /** Appends songs not yet in the list. */
  append(songs) {
    const seen = new Set(this.songs.map(key));
    const added = (songs || []).filter((s) => !seen.has(key(s)));
    this.songs = this.songs.concat(added);
    return added.length;
  }

  /** Whether next/previous may stop at a song: playable and not disliked. */
  isEligible(song) {
    return this.isPlayable(song) && !this.disliked.has(key(song));
  }

  nextIndex(from = this.index) {
    for (let i = from + 1; i < this.songs.length; i++) if (this.isEligible(this.songs[i])) return i;
    return -1;
  }

  prevIndex(from = this.index) {
    for (let i = Math.min(from, this.songs.length) - 1; i >= 0; i--) if (this.isEligible(this.songs[i])) return i;
    return -1;
  }

  setDisliked(song, disliked) {
    if (!song) return;
    if (disliked) this.disliked.add(key(song));
    else this.disliked.delete(key(song));
  }

  markUnplayable(song) {
    if (song) this.unplayable.add(key(song));
  }

  markPlayed(song) {
    if (song) this.played.add(key(song));
  }

  wasPlayed(song) {
    return this.played.has(key(song));
  }

  indexOf(songId) {
    return this.songs.findIndex((s) => key(s) === String(songId));
  }
}
