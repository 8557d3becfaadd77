// "Upload a photo of your face": the server reads it (POST /api/analyze), the page draws its faces and says what it read.
import { api, errorMessage, showError } from '../api.js';
import { COLORS, isEmotion, percent } from '../emotions.js';
import { fitCanvas, mapBox } from '../draw.js';

export class PhotoPanel {
  /** el: {input, result, canvas, summary, error}; on: {mood(mood), unsure(reading)}: a sure reading was stored, or none was. */
  constructor(el, { on }) {
    this.el = el;
    this.on = on;
    el.input.addEventListener('change', () => this.analyze(el.input.files && el.input.files[0]));
  }

  async analyze(file) {
    if (!file) return;
    const { el } = this;
    showError(el.error, null);
    el.result.hidden = false;
    el.summary.textContent = 'Analysing your photo…';
    let result;
    try {
      result = await api.analyze(file);
    } catch (e) {
      el.summary.textContent = `The photo could not be analysed: ${errorMessage(e)}`;
      showError(el.error, e);
      return;
    } finally {
      el.input.value = '';
    }
    await this.#draw(file, result);
    const faces = result.faces || [];
    if (!faces.length || !result.mood || !isEmotion(result.mood.emotion)) {
      el.summary.textContent = 'No face found in this photo. Try another one (face the camera, good light), or pick a mood above.';
      el.canvas.setAttribute('aria-label', 'Your photo: no face found');
      return;
    }
    const m = result.mood;
    const found = `${faces.length === 1 ? 'One face' : `${faces.length} faces`} found. `;
    const probabilities = faces[result.primary]?.probabilities;
    if (!m.sure) {
      el.summary.textContent = `${found}Not sure what the expression is (${percent(m.confidence)}): nothing was stored and the music stays. Try another photo, or pick a mood above.`;
      el.canvas.setAttribute('aria-label', `Your photo: ${faces.length} face(s), expression not sure`);
      this.on.unsure({ confidence: m.confidence, probabilities });
      return;
    }
    el.summary.textContent = `${found}Your expression reads ${m.emotion} (confidence ${percent(m.confidence)}).`;
    el.canvas.setAttribute('aria-label', `Your photo: ${faces.length} face(s), expression ${m.emotion}`);
    await this.on.mood({ emotion: m.emotion, probabilities, valence: m.valence, arousal: m.arousal, confidence: m.confidence, source: 'photo' });
  }

  async #draw(file, result) {
    const { el } = this;
    const url = URL.createObjectURL(file);
    try {
      const img = new Image();
      img.decoding = 'async';
      img.src = url;
      await img.decode();
      const fw = result.width || img.naturalWidth;
      const fh = result.height || img.naturalHeight;
      const maxW = Math.min(480, el.result.clientWidth || 480);
      const scale = Math.min(1, maxW / fw, 260 / fh);
      const w = Math.round(fw * scale);
      const h = Math.round(fh * scale);
      el.canvas.style.width = `${w}px`;
      el.canvas.style.height = `${h}px`;
      const ctx = fitCanvas(el.canvas, w, h);
      ctx.drawImage(img, 0, 0, w, h);
      (result.faces || []).forEach((face, i) => {
        const b = mapBox(face.box, fw, fh, w, h, false);
        ctx.lineWidth = i === result.primary ? 3 : 2;
        ctx.strokeStyle = COLORS[face.emotion] || '#8ea6ff';
        ctx.strokeRect(b.x, b.y, b.width, b.height);
      });
    } catch {
      el.canvas.style.width = '0';
    } finally {
      URL.revokeObjectURL(url);
    }
  }
}
