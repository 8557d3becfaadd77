// The page's icons, as inline SVG drawn from paths: emoji and icon fonts are not on every machine (Debian's Chromium
// has none and draws empty boxes), and nothing is fetched for them. Every icon is aria-hidden: the control around it
// carries the name (aria-label or its text). Colours are presentation attributes, not style="", so a strict
// Content-Security-Policy keeps them.
import { COLORS, EMOTIONS } from './emotions.js';

const SVG = 'http://www.w3.org/2000/svg';
const FILLED = { fill: 'currentColor', stroke: 'none' };
const THUMB = 'M7 10.5V20H4v-9.5zM7 10.5l3.6-6.6a1.8 1.8 0 0 1 3.3 1.3L13 10h5.3a2 2 0 0 1 2 2.4l-1.3 6A2 2 0 0 1 17 20H7';

// Eyes and a face outline shared by the seven expressions; each adds its mouth (and brows).
const FACE = [['circle', { cx: 12, cy: 12, r: 9.5 }], ['circle', { cx: 9, cy: 10, r: 1.2, ...FILLED }], ['circle', { cx: 15, cy: 10, r: 1.2, ...FILLED }]];
const EXPRESSIONS = {
  angry: [['path', { d: 'M7 7l3.5 1.6M17 7l-3.5 1.6' }], ['path', { d: 'M8.5 16.5c.9-1.2 2-1.8 3.5-1.8s2.6.6 3.5 1.8' }]],
  disgust: [['path', { d: 'M7.5 7.8l3-.6M16.5 7.2l-3 1' }], ['path', { d: 'M8 16c1.2-1 2.2-1 3.2 0s2.2 1 3.2 0l1.6-1' }]],
  fear: [['path', { d: 'M7.5 8l2.6-1.4M16.5 8l-2.6-1.4' }], ['ellipse', { cx: 12, cy: 16, rx: 2.6, ry: 1.9 }]],
  happy: [['path', { d: 'M8 14.2c1 1.6 2.4 2.4 4 2.4s3-.8 4-2.4' }]],
  sad: [['path', { d: 'M8.5 17c.9-1.3 2.1-2 3.5-2s2.6.7 3.5 2' }], ['path', { d: 'M15.8 12.6v1.6' }]],
  surprise: [['path', { d: 'M7.5 7.2c.7-.8 1.6-1.2 2.6-1.2M16.5 7.2c-.7-.8-1.6-1.2-2.6-1.2' }], ['circle', { cx: 12, cy: 16, r: 2.2 }]],
  neutral: [['path', { d: 'M9 15.5h6' }]],
};

const ICONS = {
  play: [['path', { d: 'M7 4.5v15L19.5 12z', ...FILLED }]],
  pause: [['rect', { x: 6, y: 5, width: 4, height: 14, rx: 1, ...FILLED }], ['rect', { x: 14, y: 5, width: 4, height: 14, rx: 1, ...FILLED }]],
  prev: [['path', { d: 'M6 5v14' }], ['path', { d: 'M19 5.5v13L9 12z', ...FILLED }]],
  next: [['path', { d: 'M18 5v14' }], ['path', { d: 'M5 5.5v13L15 12z', ...FILLED }]],
  like: [['path', { d: THUMB }]],
  dislike: [['path', { d: THUMB, transform: 'rotate(180 12 12)' }]],
  camera: [['path', { d: 'M3 8.5a2 2 0 0 1 2-2h2.5L9 4.5h6l1.5 2H19a2 2 0 0 1 2 2V18a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z' }], ['circle', { cx: 12, cy: 13, r: 3.8 }]],
  note: [['path', { d: 'M9 18V5.5l11-2V16' }], ['circle', { cx: 6.5, cy: 18, r: 2.5, ...FILLED }], ['circle', { cx: 17.5, cy: 16, r: 2.5, ...FILLED }]],
  external: [['path', { d: 'M14 4h6v6M20 4l-9 9M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5' }]],
  link: [['path', { d: 'M10 14a4.5 4.5 0 0 0 6.4 0l3-3a4.5 4.5 0 0 0-6.4-6.4l-1.2 1.2M14 10a4.5 4.5 0 0 0-6.4 0l-3 3a4.5 4.5 0 0 0 6.4 6.4l1.2-1.2' }]],
  sprout: [['path', { d: 'M12 21v-9M12 12C12 7.5 8.5 5 4 5c0 4.2 3.2 7 8 7zM12 14.5c0-4 3-6.5 8-6.5 0 4-3.2 6.5-8 6.5z' }]],
  ...Object.fromEntries(EMOTIONS.map((e) => [`face-${e}`, FACE.concat(EXPRESSIONS[e])])),
};

function make(tag, attributes) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  return node;
}

/** A decorative (aria-hidden) icon by name; className adds to its class "glyph". */
export function icon(name, className = '') {
  const shapes = ICONS[name];
  if (!shapes) throw new Error(`No icon named '${name}'`);
  const svg = make('svg', {
    class: `glyph ${className}`.trim(), viewBox: '0 0 24 24', 'aria-hidden': 'true', focusable: 'false',
    fill: 'none', stroke: 'currentColor', 'stroke-width': 2, 'stroke-linecap': 'round', 'stroke-linejoin': 'round',
  });
  for (const [tag, attributes] of shapes) svg.append(make(tag, attributes));
  return svg;
}

/** The face of an expression, in its colour. */
export function face(emotion, className = '') {
  const svg = icon(`face-${emotion}`, className);
  svg.setAttribute('color', COLORS[emotion]);
  return svg;
}

/** Replaces each <span data-icon="name"> (or data-icon="face-happy") placeholder of the page with its icon. */
export function fillIcons(root = document) {
  for (const slot of root.querySelectorAll('span[data-icon]')) {
    const name = slot.dataset.icon;
    slot.replaceWith(name.startsWith('face-') ? face(name.slice(5), slot.className) : icon(name, slot.className));
  }
}
