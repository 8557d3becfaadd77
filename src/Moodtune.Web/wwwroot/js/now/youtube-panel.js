// Connecting YouTube from the page, and later replacing or removing the key: the instance's owner proves it with the
// one-time setup code the server logs at start (and again after each change). The key goes to the server only; a key
// from the server's configuration is changed there, so the page offers nothing for it.
import { api, errorMessage } from '../api.js';

export class YouTubePanel {
  /** el: {box, summary, form, code, key, submit, remove, status}; onChange(connected) after every answer about the key. */
  constructor(el, { onChange }) {
    this.el = el;
    this.onChange = onChange;
    this.connected = false;
    el.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#submit();
    });
    el.remove.addEventListener('click', () => this.#remove());
  }

  /** Whether this listener may connect, replace or remove the key (accounts mode: administrators only). */
  canAdminister = true;

  async refresh() {
    try {
      this.#show(await api.youtube());
    } catch (e) {
      console.warn('GET /api/youtube failed:', e);
    }
  }

  #show(status) {
    const { el } = this;
    this.connected = Boolean(status?.connected);
    const fromPage = status?.source === 'page';
    // A key from configuration is changed there; in accounts mode only an administrator connects one.
    el.box.hidden = status?.source === 'configuration' || !this.canAdminister;
    el.summary.textContent = fromPage
      ? 'YouTube is connected: the owner can replace or remove its key here'
      : 'Connect YouTube, so that every song plays here';
    el.submit.textContent = fromPage ? 'Replace key' : 'Connect YouTube';
    el.remove.hidden = !fromPage;
    this.onChange(this.connected);
  }

  async #send(what, request) {
    const { el } = this;
    el.submit.disabled = el.remove.disabled = true;
    el.status.classList.remove('error');
    el.status.textContent = what;
    try {
      return await request();
    } catch (e) {
      // The fields keep what was typed, to be corrected next to the server's reason.
      el.status.classList.add('error');
      el.status.textContent = `${this.connected ? 'The key is unchanged' : 'YouTube is not connected'}: ${errorMessage(e)}`;
      return null;
    } finally {
      el.submit.disabled = el.remove.disabled = false;
    }
  }

  #done(status, message) {
    const { el } = this;
    // The key is on the server now (or gone): nothing of it stays in the page, and the code is spent.
    el.key.value = '';
    el.code.value = '';
    el.box.open = false;
    this.#show(status);
    el.status.textContent = message;
  }

  async #submit() {
    const { el } = this;
    const replacing = this.connected;
    const status = await this.#send('Checking the key with YouTube…', () => api.connectYouTube(el.key.value.trim(), el.code.value.trim()));
    if (!status) return;
    this.#done(status, replacing
      ? 'YouTube is connected with the new key. The next change needs the new setup code from the server\'s log.'
      : 'YouTube is connected: songs without a video are looked up as they come up.');
  }

  async #remove() {
    const { el } = this;
    const status = await this.#send('Removing the key…', () => api.disconnectYouTube(el.code.value.trim()));
    if (!status) return;
    this.#done(status, 'The key is removed: songs without a video open in YouTube until a key is connected again (with the new setup code from the server\'s log).');
  }
}
