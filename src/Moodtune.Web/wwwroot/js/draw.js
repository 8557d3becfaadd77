// Canvas drawing: face boxes over the camera (or a photo) and the valence/arousal mood meter.
import { COLORS, quadrantOf } from './emotions.js';

/** Sizes a canvas's backing store to its displayed size (device pixels); returns the 2D context in CSS pixels. */
export function fitCanvas(canvas, width = canvas.clientWidth, height = canvas.clientHeight) {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.max(1, Math.round(width * dpr));
  const h = Math.max(1, Math.round(height * dpr));
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return ctx;
}

/**
 * Where a frame of frameW x frameH appears inside an element of boxW x boxH shown with object-fit: contain.
 * Returns the scale and offsets that map frame pixels to element pixels.
 */
export function containRect(frameW, frameH, boxW, boxH) {
  const scale = Math.min(boxW / frameW, boxH / frameH);
  return { scale, x: (boxW - frameW * scale) / 2, y: (boxH - frameH * scale) / 2 };
}

/** Maps a face box from frame pixels to display pixels, mirrored horizontally when the video is shown as a selfie. */
export function mapBox(box, frameW, frameH, boxW, boxH, mirror) {
  const r = containRect(frameW, frameH, boxW, boxH);
  const fx = mirror ? frameW - box.x - box.width : box.x;
  return { x: r.x + fx * r.scale, y: r.y + box.y * r.scale, width: box.width * r.scale, height: box.height * r.scale };
}

/**
 * Draws every face's box on an overlay canvas that covers the video (same size), with the primary face's label.
 * answer: {width, height, faces:[{box, emotion, probabilities}], primary}; label: {emotion, confidence} for the primary face.
 */
export function drawFaces(canvas, answer, { mirror = true, label = null } = {}) {
  const cw = canvas.clientWidth;
  const ch = canvas.clientHeight;
  const ctx = fitCanvas(canvas, cw, ch);
  if (!answer || !answer.width || !answer.height || !Array.isArray(answer.faces)) return;
  const primary = Number.isInteger(answer.primary) ? answer.primary : (answer.faces.length ? 0 : -1);
  answer.faces.forEach((face, i) => {
    if (!face || !face.box) return;
    const b = mapBox(face.box, answer.width, answer.height, cw, ch, mirror);
    const isPrimary = i === primary;
    const emotion = isPrimary && label ? label.emotion : face.emotion;
    const color = COLORS[emotion] || '#8ea6ff';
    ctx.lineWidth = isPrimary ? 3 : 2;
    ctx.strokeStyle = color;
    ctx.setLineDash(isPrimary ? [] : [6, 4]);
    ctx.strokeRect(b.x, b.y, b.width, b.height);
    ctx.setLineDash([]);
    const p = face.probabilities && face.probabilities[face.emotion];
    const text = isPrimary && label
      ? `${label.emotion}${label.confidence != null ? ` ${Math.round(label.confidence * 100)}%` : ''}`
      : `${face.emotion || ''}${p != null ? ` ${Math.round(p * 100)}%` : ''}`;
    if (!text.trim()) return;
    ctx.font = `${isPrimary ? 700 : 600} ${isPrimary ? 15 : 12}px system-ui, sans-serif`;
    const tw = ctx.measureText(text).width + 12;
    const th = isPrimary ? 24 : 20;
    let ty = b.y - th - 2;
    if (ty < 0) ty = b.y + b.height + 2;
    const tx = Math.min(Math.max(0, b.x), Math.max(0, cw - tw));
    ctx.fillStyle = 'rgba(8, 10, 20, 0.78)';
    ctx.fillRect(tx, ty, tw, th);
    ctx.fillStyle = color;
    ctx.textBaseline = 'middle';
    ctx.fillText(text, tx + 6, ty + th / 2 + 1);
  });
}

/** The mood meter: a circle for the valence (x) / arousal (y) plane, the current point and its recent trail. */
export class MoodMeter {
  constructor(canvas, { trail = 30 } = {}) {
    this.canvas = canvas;
    this.max = trail;
    this.points = [];
    this.lastQuadrant = null;
    this.expressions = {};
    this.draw();
    if (typeof ResizeObserver === 'function') new ResizeObserver(() => this.draw()).observe(canvas);
  }

  push(valence, arousal) {
    const v = Math.max(-1, Math.min(1, Number(valence) || 0));
    const a = Math.max(-1, Math.min(1, Number(arousal) || 0));
    this.points.push([v, a]);
    if (this.points.length > this.max) this.points.shift();
    const q = quadrantOf(v, a);
    if (q !== this.lastQuadrant) {
      this.lastQuadrant = q;
      this.canvas.setAttribute('aria-label',
        `Mood meter: ${q} (valence ${v.toFixed(2)}, arousal ${a.toFixed(2)}; the last ${this.points.length} readings are drawn as a trail)`);
    }
    this.draw();
  }

  /** Where each expression sits, {happy: {valence, arousal}, ...}: the server's circumplex, drawn as faint dots. */
  setPoints(expressions) {
    this.expressions = expressions || {};
    this.draw();
  }

  clear() {
    this.points = [];
    this.lastQuadrant = null;
    this.canvas.setAttribute('aria-label', 'Mood meter: no reading yet');
    this.draw();
  }

  draw() {
    const size = this.canvas.clientWidth || 240;
    const ctx = fitCanvas(this.canvas, size, size);
    const c = size / 2;
    const r = size / 2 - 26;
    const X = (v) => c + v * r;
    const Y = (a) => c - a * r;

    // plane
    ctx.fillStyle = '#11152a';
    ctx.beginPath(); ctx.arc(c, c, r, 0, Math.PI * 2); ctx.fill();
    const tints = [['rgba(255,213,79,.10)', 0, -Math.PI / 2], ['rgba(255,107,107,.10)', -Math.PI / 2, -Math.PI],
      ['rgba(100,168,255,.10)', Math.PI, Math.PI / 2], ['rgba(126,226,168,.10)', Math.PI / 2, 0]];
    for (const [fill, from, to] of tints) {
      ctx.fillStyle = fill;
      ctx.beginPath(); ctx.moveTo(c, c); ctx.arc(c, c, r, from, to, true); ctx.closePath(); ctx.fill();
    }
    ctx.strokeStyle = '#4a5275'; ctx.lineWidth = 1.5;
    ctx.beginPath(); ctx.arc(c, c, r, 0, Math.PI * 2); ctx.stroke();
    ctx.strokeStyle = '#343a56'; ctx.lineWidth = 1;
    ctx.beginPath(); ctx.moveTo(c - r, c); ctx.lineTo(c + r, c); ctx.moveTo(c, c - r); ctx.lineTo(c, c + r); ctx.stroke();

    // axis and quadrant labels
    const small = Math.max(9, Math.round(size / 26));
    ctx.fillStyle = '#b3b9cf';
    ctx.font = `600 ${small}px system-ui, sans-serif`;
    ctx.textAlign = 'center'; ctx.textBaseline = 'middle';
    ctx.fillText('high energy', c, 10);
    ctx.fillText('low energy', c, size - 10);
    ctx.save(); ctx.translate(10, c); ctx.rotate(-Math.PI / 2); ctx.fillText('unpleasant', 0, 0); ctx.restore();
    ctx.save(); ctx.translate(size - 10, c); ctx.rotate(Math.PI / 2); ctx.fillText('pleasant', 0, 0); ctx.restore();
    ctx.fillStyle = '#d4d8e8';
    ctx.font = `700 ${small}px system-ui, sans-serif`;
    const d = r * 0.5;
    const quads = [['excited', 'happy', 1, 1], ['angry', 'tense', -1, 1], ['sad', 'tired', -1, -1], ['calm', 'content', 1, -1]];
    for (const [l1, l2, sv, sa] of quads) {
      ctx.fillText(l1, c + sv * d * 0.95, c - sa * d * 1.05 - small * 0.6);
      ctx.fillText(l2, c + sv * d * 0.95, c - sa * d * 1.05 + small * 0.6);
    }

    // the seven expressions, faint, as dots in their bar colours: canvas text would need an emoji font for faces
    ctx.globalAlpha = 0.6;
    for (const [e, { valence, arousal }] of Object.entries(this.expressions)) {
      ctx.fillStyle = COLORS[e];
      ctx.beginPath();
      ctx.arc(X(valence), Y(arousal), Math.max(3, small * 0.4), 0, Math.PI * 2);
      ctx.fill();
    }
    ctx.globalAlpha = 1;

    // trail and current point
    const pts = this.points;
    if (pts.length > 1) {
      for (let i = 1; i < pts.length; i++) {
        ctx.strokeStyle = `rgba(142,166,255,${(0.15 + (0.75 * i) / pts.length).toFixed(3)})`;
        ctx.lineWidth = 2;
        ctx.beginPath(); ctx.moveTo(X(pts[i - 1][0]), Y(pts[i - 1][1])); ctx.lineTo(X(pts[i][0]), Y(pts[i][1])); ctx.stroke();
      }
      for (let i = 0; i < pts.length - 1; i++) {
        ctx.fillStyle = `rgba(142,166,255,${(0.2 + (0.6 * i) / pts.length).toFixed(3)})`;
        ctx.beginPath(); ctx.arc(X(pts[i][0]), Y(pts[i][1]), 2.5, 0, Math.PI * 2); ctx.fill();
      }
    }
    if (pts.length) {
      const [v, a] = pts[pts.length - 1];
      ctx.fillStyle = '#ffffff';
      ctx.beginPath(); ctx.arc(X(v), Y(a), 8, 0, Math.PI * 2); ctx.fill();
      ctx.fillStyle = '#5b7cfa';
      ctx.beginPath(); ctx.arc(X(v), Y(a), 5.5, 0, Math.PI * 2); ctx.fill();
    }
  }
}
