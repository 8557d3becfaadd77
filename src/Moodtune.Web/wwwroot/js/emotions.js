// The seven expressions (FER order, the names the web API uses), their colours (their faces are in icons.js), and the
// quadrants of the valence/arousal plane. Where each expression sits in the plane is the server's (/api/config).

export const EMOTIONS = Object.freeze(['angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral']);

export const COLORS = Object.freeze({
  angry: '#ff6b6b', disgust: '#9be15d', fear: '#c792ea', happy: '#ffd54f', sad: '#64a8ff', surprise: '#ffa45c',
  neutral: '#b8bfd6',
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
