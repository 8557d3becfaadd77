// The in-page player driven by the Playlist: which song it loads, what it reports to the server (started, completed,
// skipped, error), what the player area says, and likes and dislikes of the song playing.
import { api, errorMessage, showError } from '../api.js';
import { UNPLAYABLE_ERRORS, createPlayer, loadYouTubeApi, playerStates } from '../player.js';

function report(song, event, code) {
  api.plays(song.id, event, code).catch((e) => console.warn(`POST /api/plays ${event} failed:`, e));
}

export class Jukebox {
  /**
   * el: {playButton, playerEmpty, musicStatus, error}; view: the PlaylistView; on: {needMore(): the queue ran out,
   * started(): a song started (the next ones' videos may be looked up)}.
   */
  constructor(playlist, view, el, { on }) {
    this.playlist = playlist;
    this.view = view;
    this.el = el;
    this.on = on;
    this.player = null;
    this.loading = null;
    el.playButton.addEventListener('click', () => this.player?.play());
  }

  /** Whether the current song plays: the player may still be playing the song before it, until the new one loads. */
  isPlaying() {
    const p = this.player;
    return Boolean(p && p.isPlaying() && p.videoId === this.playlist.current?.youtube_id);
  }

  /** Loads YouTube's player once; when it cannot load, every song becomes a link out and the player area says why. */
  load() {
    if (this.player) return Promise.resolve(this.player);
    this.loading ??= loadYouTubeApi().then(() => {
      this.player = createPlayer('player', {
        onPlaying: () => this.#playing(),
        onStateChange: (state) => {
          if (state === playerStates().PAUSED) this.view.showSong('Paused');
          this.view.updateControls();
        },
        onEnded: () => {
          const song = this.playlist.ended();
          if (song) report(song, 'completed');
          this.next();
        },
        onError: (code) => this.#failed(code),
        onAutoplayBlocked: () => {
          this.el.playButton.hidden = false;
          this.view.showSong('Press Play to start');
          this.el.musicStatus.textContent = 'Your browser blocked autoplay: press Play to start the music.';
        },
      });
      return this.player;
    }).catch((e) => {
      this.#unavailable(e);
      throw e;
    }).finally(() => { this.loading = null; });
    return this.loading;
  }

  /** Leaves the current song (reporting a skip when it started and did not finish) and plays song i. */
  async play(i) {
    const started = this.playlist.start(i);
    if (!started) return;
    if (started.skipped) report(started.skipped, 'skipped');
    this.el.playButton.hidden = true;
    this.view.showSong(this.player ? 'Starting' : 'Loading the player for');
    this.view.render();
    let player;
    try {
      player = await this.load();
    } catch {
      return; // #unavailable() has turned the songs into links and says why
    }
    if (this.playlist.current !== started.song) return; // another song was chosen meanwhile
    this.el.playerEmpty.hidden = true;
    try {
      player.load(started.song.youtube_id);
    } catch (e) {
      showError(this.el.error, e);
    }
    this.view.updateControls();
  }

  /** Plays song i, or goes on with it when it is the current one (paused, or blocked from autoplay). */
  resume(i) {
    if (this.player) this.player.play();
    else this.play(i);
  }

  /** Play/Pause: pauses or goes on with the current song, or starts the next one. */
  toggle() {
    if (this.player && this.playlist.current) this.player.toggle();
    else this.next();
  }

  next() {
    const { index, more } = this.playlist.next();
    if (index >= 0) this.play(index);
    else if (more) this.on.needMore();
  }

  previous() {
    const i = this.playlist.prevIndex();
    if (i >= 0) this.play(i);
  }

  /** A song the new list left out must not play on. */
  stop() {
    this.player?.stop();
  }

  /** Like, dislike (skipped from now on, and at once) or a second like that takes it back, for the song heard. */
  async rate(kind) {
    const { playlist } = this;
    const song = playlist.current;
    if (!playlist.canRate(song)) return;
    const value = playlist.feedbackFor(kind, song);
    try {
      await api.feedback(song.id, value);
    } catch (e) {
      showError(this.el.error, e);
      return;
    }
    playlist.rated(song, value);
    this.el.musicStatus.textContent = value === 'like' ? `Liked "${song.title}".`
      : value === 'dislike' ? `Disliked "${song.title}"; it won't be offered again.` : `Removed the like from "${song.title}".`;
    this.view.render();
    if (value === 'dislike') this.next();
  }

  #playing() {
    this.el.playButton.hidden = true;
    this.view.showSong('Now playing');
    const song = this.playlist.playing();
    if (song) {
      report(song, 'started');
      this.on.started();
    }
    this.view.updateControls();
  }

  #failed(code) {
    const song = this.playlist.failed();
    if (!song) return;
    if (UNPLAYABLE_ERRORS.includes(code)) report(song, 'error', code);
    this.el.musicStatus.textContent = `"${song.title}" can't be played here (YouTube error ${code}); skipping to the next song.`;
    this.next();
  }

  #unavailable(error) {
    this.playlist.playerUnavailable();
    this.el.playButton.hidden = true;
    this.view.showSong('');
    this.el.playerEmpty.hidden = false;
    this.el.playerEmpty.textContent = `The in-page YouTube player could not load: ${errorMessage(error)}. `
      + 'That is why each song has an Open in YouTube link instead. Reload the page to try the player again.';
    this.view.render();
  }
}
