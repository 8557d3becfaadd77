// Connecting YouTube from the page, and later replacing or removing the key. In single mode the instance's owner proves
// it with the one-time setup code the server logs at start (and again after each change); in accounts mode an
// administrator's sign-in is the proof and the server asks no code. The server says which (GET /api/youtube's
// setup_code_required). The key goes to the server only; a key from the server's configuration is changed there, so the
// page offers nothing for it.
import { api, errorMessage } from '../api.js';

/**
 * What the step shows for a status from GET /api/youtube: whether it is offered at all, whether it asks for the setup
 * code, and its wording.
 */
export function keyForm(status, canAdminister) {
  const fromPage = status?.source === 'page';
  const needsCode = status?.setup_code_required !== false;
  return {
    // A key from configuration is changed there; in accounts mode only an administrator connects one.
    hidden: status?.source === 'configuration' || !canAdminister,
    needsCode,
    summary: fromPage
      ? `YouTube is connected: ${needsCode ? 'the owner' : 'an administrator'} can replace or remove its key here`
      : 'Connect YouTube, so that every song plays here',
    submit: fromPage ? 'Replace key' : 'Connect YouTube',
    removable: fromPage,
  };
}

/** What the step says once the server took a change ('connected', 'replaced' or 'removed'). */
export function doneMessage(change, needsCode) {
  const nextCode = needsCode ? ' The next change needs the new setup code from the server\'s log.' : '';
  switch (change) {
    case 'replaced': return `YouTube is connected with the new key.${nextCode}`;
    case 'removed': return `The key is removed: songs without a video open in YouTube until a key is connected again.${nextCode}`;
    default: return 'YouTube is connected: songs without a video are looked up as they come up.';
  }
}

export class YouTubePanel {
  /** el: {box, summary, form, codeField, code, key, submit, remove, status}; onChange(connected) after every answer about the key. */
  constructor(el, { onChange }) {
    this.el = el;
    this.onChange = onChange;
    this.connected = false;
    this.needsCode = true;
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
    const form = keyForm(status, this.canAdminister);
    this.connected = Boolean(status?.connected);
    this.needsCode = form.needsCode;
    el.box.hidden = form.hidden;
    el.codeField.hidden = !form.needsCode;
    el.summary.textContent = form.summary;
    el.submit.textContent = form.submit;
    el.remove.hidden = !form.removable;
    this.onChange(this.connected);
  }

  /** The code typed, only where the server asks for one. */
  #code() {
    return this.needsCode ? this.el.code.value.trim() : undefined;
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

  #done(status, change) {
    const { el } = this;
    // The key is on the server now (or gone): nothing of it stays in the page, and the code is spent.
    el.key.value = '';
    el.code.value = '';
    el.box.open = false;
    this.#show(status);
    el.status.textContent = doneMessage(change, this.needsCode);
  }

  async #submit() {
    const { el } = this;
    const replacing = this.connected;
    const status = await this.#send('Checking the key with YouTube…', () => api.connectYouTube(el.key.value.trim(), this.#code()));
    if (!status) return;
    this.#done(status, replacing ? 'replaced' : 'connected');
  }

  async #remove() {
    const status = await this.#send('Removing the key…', () => api.disconnectYouTube(this.#code()));
    if (!status) return;
    this.#done(status, 'removed');
  }
}
