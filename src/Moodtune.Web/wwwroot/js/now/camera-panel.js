// The camera card: starting and stopping the webcam, the frame stream to the server, the face boxes over the video,
// and what the camera status line says. Moods and playlist plans from the server go to the page through callbacks.
import { FrameStream, closeCamera, describeCameraError, openCamera } from '../camera.js';
import { drawFaces, fitCanvas } from '../draw.js';
import { isEmotion } from '../emotions.js';

const NO_FACE_MS = 2000;

export class CameraPanel {
  /**
   * el: {start, stage, video, overlay, placeholder, status, fallback}; settings(): a promise of {frame_width, frame_rate};
   * on: {mood(reading), unsure(reading), faceLeft(), plan(message)}.
   */
  constructor(el, { settings, on }) {
    this.el = el;
    this.settings = settings;
    this.on = on;
    this.running = false;
    this.frames = null;
    this.lastFaceAt = 0;
    this.timer = 0;
    this.answer = null;
    this.noFace = false;
    this.socket = 'closed';
    this.stream = null; // the camera stream's id from its last playlist message
    el.start.addEventListener('click', () => (this.running ? this.stop() : this.start()));
    if (typeof ResizeObserver === 'function') new ResizeObserver(() => this.#redraw()).observe(el.stage);
    window.addEventListener('pagehide', () => {
      if (this.running) this.stop();
    });
  }

  #status(text, kind = '') {
    const status = this.el.status;
    if (status.textContent !== text) status.textContent = text;
    status.className = `status${kind ? ` ${kind}` : ''}`;
  }

  async start() {
    const { el } = this;
    el.start.disabled = true;
    this.#status('Asking for the camera… (allow it when the browser asks)');
    let settings;
    try {
      settings = await this.settings();
      await openCamera(el.video);
    } catch (e) {
      this.#status(describeCameraError(e).message, 'warn');
      el.fallback.classList.add('prominent');
      el.start.disabled = false;
      return;
    }
    this.running = true;
    this.lastFaceAt = performance.now();
    this.noFace = false;
    el.fallback.classList.remove('prominent');
    el.video.hidden = false;
    el.placeholder.hidden = true;
    if (el.video.videoWidth && el.video.videoHeight) el.stage.style.aspectRatio = `${el.video.videoWidth} / ${el.video.videoHeight}`;
    el.start.textContent = 'Stop camera';
    el.start.setAttribute('aria-pressed', 'true');
    el.start.disabled = false;
    this.frames = new FrameStream(el.video, {
      frameWidth: settings.frame_width,
      frameRate: settings.frame_rate,
      onResult: (answer) => this.#onAnswer(answer),
      onPlaylist: (message) => this.#onPlan(message),
      onStatus: (status) => this.#onSocket(status),
      onFrameError: (message) => this.#status(`The server could not read a frame: ${message}`, 'warn'),
    });
    this.frames.start();
    clearInterval(this.timer);
    this.timer = setInterval(() => this.#checkNoFace(), 500);
  }

  stop() {
    const { el } = this;
    this.running = false;
    clearInterval(this.timer);
    this.frames?.stop();
    this.frames = null;
    this.answer = null;
    this.stream = null;
    closeCamera(el.video);
    el.video.hidden = true;
    el.placeholder.hidden = false;
    el.stage.style.aspectRatio = '';
    fitCanvas(el.overlay);
    el.start.textContent = 'Start camera';
    el.start.setAttribute('aria-pressed', 'false');
    this.#status('Camera off.');
  }

  /** The stream whose planned mood the server recommends for, while the camera runs. */
  get plannedStream() {
    return this.running ? this.stream : null;
  }

  #onSocket(status) {
    this.socket = status;
    // A stream ends with its socket: the next one plans anew, and until it does the latest reading stands in.
    if (status !== 'open') this.stream = null;
    if (!this.running) return;
    if (status === 'connecting') this.#status('Camera on. Connecting to Moodtune…');
    else if (status === 'reconnecting') this.#status('Lost the connection to the server; reconnecting…', 'warn');
    else if (status === 'open') {
      this.lastFaceAt = performance.now();
      this.noFace = false;
      this.#status('Camera on. Looking for your face…');
    }
  }

  #checkNoFace() {
    if (!this.running || this.socket !== 'open') return;
    if (performance.now() - this.lastFaceAt > NO_FACE_MS && !this.noFace) {
      this.noFace = true;
      this.#status('No face in view. Face the camera in good light, or pick a mood below.', 'warn');
      this.#redraw();
      this.on.faceLeft();
    }
  }

  #onAnswer(answer) {
    if (!this.running) return;
    this.answer = answer;
    const faces = Array.isArray(answer.faces) ? answer.faces : [];
    const reading = answer.mood && isEmotion(answer.mood.stable) ? answer.mood : null;
    if (faces.length) {
      this.lastFaceAt = performance.now();
      const status = this.el.status;
      if (this.noFace || status.textContent.startsWith('Camera on') || status.classList.contains('warn')) {
        this.noFace = false;
        this.#status(faces.length === 1 ? 'Reading your expression.' : `${faces.length} faces in view; reading the main one.`);
      }
    }
    this.#redraw();
    if (!reading || !faces.length) return;
    if (!reading.sure) {
      this.on.unsure(reading);
      return;
    }
    this.el.fallback.classList.remove('prominent');
    this.on.mood(reading);
  }

  /** The server decided the playlist should follow the camera (its first sure mood, or a lasting change). */
  #onPlan(message) {
    if (!this.running) return;
    this.stream = message.camera;
    this.on.plan(message);
  }

  #redraw() {
    const { answer } = this;
    if (!answer || !this.running || this.noFace) {
      fitCanvas(this.el.overlay);
      return;
    }
    const r = answer.mood && isEmotion(answer.mood.stable) ? answer.mood : null;
    drawFaces(this.el.overlay, answer, { mirror: true, label: r ? { emotion: r.sure ? r.stable : 'not sure', confidence: r.confidence } : null });
  }
}
