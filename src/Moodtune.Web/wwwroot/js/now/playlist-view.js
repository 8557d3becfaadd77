// The playlist, the now-playing line and the player controls, drawn from the Playlist (./playlist.js). The only state
// kept here is the view's own: the "paste the YouTube link" form that is open, kept across re-renders.
import { errorMessage } from '../api.js';
import { icon } from '../icons.js';

const NOT_HEARD = 'Like and dislike apply to the song playing: play a song first.';
const LANGUAGE_NAMES = { en: 'English', hi: 'Hindi' };

export function songLabel(song) {
  return `${song.title} by ${song.artist}`;
}

function labelSongButton(button, song, playing) {
  button.replaceChildren(icon(playing ? 'note' : 'play'), playing ? 'Playing' : 'Play');
  button.setAttribute('aria-label', playing ? `Playing ${songLabel(song)}` : `Play ${songLabel(song)}`);
}

function div(className, text) {
  const d = document.createElement('div');
  d.className = className;
  d.textContent = text;
  return d;
}

export class PlaylistView {
  /**
   * el: {playlist, nowBar, nowPlaying, prev, play, next, like, dislike, exports: [buttons]};
   * actions: {play(i), resume(), saveLink(song, link)}; isPlaying(): whether the current song plays now.
   */
  constructor(playlist, el, { actions, isPlaying }) {
    this.playlist = playlist;
    this.el = el;
    this.actions = actions;
    this.isPlaying = isPlaying;
    this.linking = null; // {id, value, error}: the open "paste link" form
  }

  /** Names the current song in #now-playing with what the player does with it ("Now playing" only while it plays). */
  showSong(what) {
    const song = this.playlist.current;
    if (song) this.el.nowPlaying.dataset.songId = String(song.id);
    else delete this.el.nowPlaying.dataset.songId;
    this.el.nowPlaying.textContent = song ? `${what}: ${song.title}, ${song.artist}` : '';
  }

  /** A line in place of the song (nothing can play yet). */
  showNote(text) {
    delete this.el.nowPlaying.dataset.songId;
    this.el.nowPlaying.textContent = text;
  }

  render() {
    const list = this.el.playlist;
    const focused = document.activeElement && list.contains(document.activeElement)
      ? document.activeElement.closest('li')?.dataset.songId : null;
    const typing = document.activeElement?.classList.contains('song-link-input');
    list.replaceChildren(...this.playlist.songs.map((song, i) => this.#item(song, i)));
    if (typing) list.querySelector('.song-link-input')?.focus();
    else if (focused) list.querySelector(`li[data-song-id="${CSS.escape(focused)}"] .song-play, li[data-song-id="${CSS.escape(focused)}"] .song-open`)?.focus();
    this.updateControls();
  }

  #item(song, i) {
    const q = this.playlist;
    const li = document.createElement('li');
    li.dataset.songId = String(song.id);
    const playable = q.isPlayable(song);
    const current = i === q.index;
    if (playable) li.dataset.videoId = song.youtube_id;
    if (current) li.setAttribute('aria-current', 'true');
    li.classList.toggle('unplayable', q.isUnplayable(song));
    li.classList.toggle('played', q.wasPlayed(song) && !current);
    li.classList.toggle('disliked', q.isDisliked(song));

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
      tag.textContent = LANGUAGE_NAMES[song.language] || song.language;
      head.append(' ', tag);
    }
    main.append(head, div('song-artist', song.artist || ''));
    if (song.reason) main.append(div('song-reason', song.reason));
    const note = q.isUnplayable(song) ? 'This video can\'t play here.'
      : q.isDisliked(song) ? 'You disliked this song; it is skipped.' : '';
    if (note) main.append(div('song-reason', note));

    const action = document.createElement('div');
    action.className = 'song-action';
    if (playable) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'song-play';
      labelSongButton(b, song, current && this.isPlaying());
      b.addEventListener('click', () => (current ? this.actions.resume(i) : this.actions.play(i)));
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
      if (q.inPage) action.append(this.#linkButton(song));
    }
    li.append(main, action);
    if (this.linking?.id === String(song.id) && !playable) li.append(this.#linkForm(song));
    return li;
  }

  #linkButton(song) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'song-link';
    const open = this.linking?.id === String(song.id);
    b.setAttribute('aria-expanded', String(open));
    b.setAttribute('aria-label', `Paste the YouTube link for ${songLabel(song)}`);
    b.append(icon('link'), 'Paste link');
    b.addEventListener('click', () => {
      this.linking = open ? null : { id: String(song.id), value: '', error: '' };
      this.render();
      if (!open) this.el.playlist.querySelector('.song-link-input')?.focus();
    });
    return b;
  }

  /** The form that gives a song without a video its YouTube link: the server checks it and stores it for everyone. */
  #linkForm(song) {
    const draft = this.linking;
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
      this.#saveLink(song, draft, input.value);
    });
    return form;
  }

  async #saveLink(song, draft, link) {
    try {
      await this.actions.saveLink(song, link);
    } catch (e) {
      // What was typed stays in the box beside the server's reason, to be corrected rather than typed again.
      if (this.linking === draft) {
        draft.value = link;
        draft.error = errorMessage(e);
        this.render();
      }
      return;
    }
    if (this.linking === draft) this.linking = null;
    this.render();
  }

  updateControls() {
    const q = this.playlist;
    const { el } = this;
    const song = q.current;
    el.prev.disabled = q.prevIndex() < 0;
    el.next.disabled = !q.inPage || q.songs.length === 0;
    el.nowBar.classList.toggle('docked', !el.next.disabled);
    el.play.disabled = !song && q.nextIndex(-1) < 0;
    const heard = q.canRate(song);
    for (const b of [el.like, el.dislike]) {
      b.disabled = !heard;
      b.title = heard ? b.getAttribute('aria-label') : NOT_HEARD;
    }
    el.like.setAttribute('aria-pressed', String(q.feedbackOf(song) === 'like'));
    const playing = this.isPlaying();
    const currentButton = el.playlist.querySelector('li[aria-current="true"] .song-play');
    if (song && currentButton) labelSongButton(currentButton, song, playing);
    el.play.setAttribute('aria-label', playing ? 'Pause' : 'Play');
    const glyph = playing ? 'pause' : 'play';
    if (el.play.dataset.glyph !== glyph) {
      el.play.dataset.glyph = glyph;
      el.play.replaceChildren(icon(glyph));
    }
    for (const b of el.exports) b.disabled = q.songs.length === 0;
  }
}
