// The seven expressions (FER order), their colours (their faces are in icons.js), and the valence/arousal plane (as Moodtune.Mood's
// Circumplex).

export const EMOTIONS = Object.freeze(['angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral']);

export const COLORS = Object.freeze({
  angry: '#ff6b6b', disgust: '#9be15d', fear: '#c792ea', happy: '#ffd54f', sad: '#64a8ff', surprise: '#ffa45c',
  neutral: '#b8bfd6',
});

/** Each expression's point in the valence (x) / arousal (y) plane, -1..1 (Moodtune.Mood.Circumplex). */
export const CIRCUMPLEX = Object.freeze({
  angry: [-0.51, 0.59], disgust: [-0.60, 0.35], fear: [-0.64, 0.60], happy: [0.81, 0.51], sad: [-0.63, -0.27],
  surprise: [0.30, 0.80], neutral: [0, 0],
});

export const STRATEGIES = Object.freeze({
  match: 'match my mood', uplift: 'lift my mood', calm: 'calm me', energize: 'energize me',
});

/** Quadrants of the plane, in the order top-right, top-left, bottom-left, bottom-right. */
export const QUADRANTS = Object.freeze([
  { name: 'excited / happy', v: 1, a: 1 },
  { name: 'angry / tense', v: -1, a: 1 },
  { name: 'sad / tired', v: -1, a: -1 },
  { name: 'calm / content', v: 1, a: -1 },
]);

export function quadrantOf(valence, arousal) {
  if (Math.hypot(valence, arousal) < 0.15) return 'neutral';
  return QUADRANTS.find((q) => Math.sign(valence || 1e-9) === q.v && Math.sign(arousal || 1e-9) === q.a).name;
}

export function isEmotion(name) {
  return EMOTIONS.includes(name);
}

export function percent(p) {
  return `${Math.round((Number(p) || 0) * 100)}%`;
}

/** The most probable expression of a probability map. */
export function topEmotion(probabilities) {
  let best = null;
  let bestP = -1;
  for (const e of EMOTIONS) {
    const p = Number(probabilities?.[e]) || 0;
    if (p > bestP) { best = e; bestP = p; }
  }
  return best;
}
