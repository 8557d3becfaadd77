// The listener's mood as the page shows it: the label, its confidence, the seven probability bars and the meter.
import { COLORS, EMOTIONS, percent } from '../emotions.js';
import { face } from '../icons.js';
import { MoodMeter } from '../draw.js';

const VIA = { camera: 'from the camera', photo: 'from your photo', picker: 'picked by you' };

export function oneHot(emotion) {
  return Object.fromEntries(EMOTIONS.map((e) => [e, e === emotion ? 1 : 0]));
}

export class MoodView {
  constructor({ label, confidence, bars, meter, fallback }) {
    this.label = label;
    this.confidence = confidence;
    this.bars = bars;
    this.fallback = fallback;
    this.meter = new MoodMeter(meter, { trail: 30 });
    this.#buildBars();
  }

  /** The expressions' points on the meter, from the server's circumplex (/api/config). */
  setCircumplex(points) {
    this.meter.setPoints(points);
  }

  #buildBars() {
    this.bars.replaceChildren(...EMOTIONS.map((e) => {
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

  #setBars(probabilities) {
    let top = null;
    let topP = -1;
    for (const e of EMOTIONS) {
      const p = Math.max(0, Math.min(1, Number(probabilities?.[e]) || 0));
      if (p > topP) { top = e; topP = p; }
      const bar = this.bars.querySelector(`[data-emotion="${e}"]`);
      const pct = Math.round(p * 100);
      bar.setAttribute('aria-valuenow', String(pct));
      bar.setAttribute('aria-valuetext', `${e} ${pct}%`);
      bar.querySelector('.bar-fill').style.width = `${(p * 100).toFixed(1)}%`;
      bar.querySelector('.bar-value').textContent = `${pct}%`;
    }
    for (const bar of this.bars.children) bar.classList.toggle('top', bar.dataset.emotion === top && topP > 0);
  }

  #setLabel(emotion, text) {
    if (this.label.dataset.emotion === emotion && this.label.dataset.current === 'true') return;
    // only a change is announced (the region is aria-live)
    this.label.dataset.emotion = emotion;
    this.label.dataset.current = 'true';
    this.label.replaceChildren(...(emotion ? [face(emotion), ` ${emotion}`] : [text]));
  }

  /** A sure mood: {emotion, probabilities?, valence, arousal, confidence?, source}. Its confidence is the one number shown for it. */
  showMood(mood) {
    this.#setLabel(mood.emotion);
    this.confidence.textContent = [mood.confidence != null ? `confidence ${percent(mood.confidence)}` : '', VIA[mood.source] || '']
      .filter(Boolean).join(' · ');
    this.#setBars(mood.probabilities || oneHot(mood.emotion));
    if (mood.valence != null && mood.arousal != null) this.meter.push(mood.valence, mood.arousal);
  }

  /** A reading the server is not sure of: no mood is shown or acted on, the music stays, and the picker is offered. */
  showUnsure(reading, via) {
    this.#setLabel('', 'Not sure');
    this.confidence.textContent = `Not sure of your expression (${percent(reading.confidence)} ${via}): the music stays as it is. Pick a mood if you like.`;
    this.#setBars(reading.probabilities);
    this.fallback.classList.add('prominent');
  }

  /** The face left: the camera's last mood stays in view, marked as past, its bars emptied. */
  showStale(mood) {
    if (mood?.source !== 'camera' && this.label.dataset.emotion) return;
    this.label.dataset.current = 'false';
    const last = mood?.source === 'camera' ? `Last seen: ${mood.emotion} ${percent(mood.confidence)}. ` : '';
    this.confidence.textContent = `${last}No face in view now, so no current mood.`;
    this.#setBars(null);
  }
}
