#!/usr/bin/env node
// Times @vladmandic/face-api in Node: detectAllFaces(...).withFaceExpressions() per image, on the
// TF.js wasm backend (cpu if wasm cannot start). Models come from the installed npm package; nothing
// is fetched at run time. One JSON object on stdout; progress and warnings on stderr.
//
//   node faceapi-bench.mjs --images FILE_LIST.txt [--repeat N] [--detector ssd|tiny] [--backend wasm|cpu] [--verbose]

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const jpeg = require('jpeg-js');
const { PNG } = require('pngjs');

const WARMUP = 2;

function usage(message) {
  if (message) process.stderr.write(`error: ${message}\n`);
  process.stderr.write('usage: node faceapi-bench.mjs --images FILE_LIST.txt [--repeat N] [--detector ssd|tiny] [--backend wasm|cpu] [--verbose]\n');
  process.exit(2);
}

function parseArgs(argv) {
  const args = { images: null, repeat: 10, detector: 'ssd', backend: 'wasm', verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => (i + 1 < argv.length ? argv[++i] : usage(`${a} needs a value`));
    if (a === '--images') args.images = value();
    else if (a === '--repeat') args.repeat = Number.parseInt(value(), 10);
    else if (a === '--detector') args.detector = value();
    else if (a === '--backend') args.backend = value();
    else if (a === '--verbose' || a === '-v') args.verbose = true;
    else if (a === '--help' || a === '-h') usage();
    else usage(`unknown argument ${a}`);
  }
  if (!args.images) usage('--images is required');
  if (!Number.isInteger(args.repeat) || args.repeat < 1) usage('--repeat must be a positive integer');
  if (args.detector !== 'ssd' && args.detector !== 'tiny') usage('--detector must be ssd or tiny');
  if (args.backend !== 'wasm' && args.backend !== 'cpu') usage('--backend must be wasm or cpu');
  return args;
}

const log = (msg) => process.stderr.write(`${msg}\n`);

// Decodes a JPEG or PNG file to packed RGB bytes, in pure JS (no canvas, no native code).
function decodeRgb(file) {
  const buf = fs.readFileSync(file);
  let width; let height; let rgba;
  if (buf.length >= 8 && buf[0] === 0x89 && buf[1] === 0x50 && buf[2] === 0x4e && buf[3] === 0x47) {
    const png = PNG.sync.read(buf); // always expands to 8-bit RGBA (grayscale and palette included)
    ({ width, height } = png);
    rgba = png.data;
  } else if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) {
    const img = jpeg.decode(buf, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
    ({ width, height } = img);
    rgba = img.data;
  } else {
    throw new Error(`${file}: not a JPEG or PNG`);
  }
  const rgb = new Int32Array(width * height * 3);
  for (let p = 0, q = 0; p < rgba.length; p += 4, q += 3) {
    rgb[q] = rgba[p];
    rgb[q + 1] = rgba[p + 1];
    rgb[q + 2] = rgba[p + 2];
  }
  return { width, height, rgb };
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const round = (x, digits) => Number(x.toFixed(digits));

// Starts the wasm backend with its binaries read from node_modules; falls back to cpu.
async function initBackend(tf, wanted) {
  const wasm = require('@tensorflow/tfjs-backend-wasm');
  const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + path.sep;
  try {
    if (wanted !== 'wasm') throw new Error(`--backend ${wanted}`);
    wasm.setWasmPaths(wasmDir);
    if (!(await tf.setBackend('wasm'))) throw new Error('setBackend returned false');
    await tf.ready();
    let threads = 1;
    try { threads = wasm.getThreadsCount(); } catch { /* not reported by this build */ }
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    return { backend: 'wasm', threads, simd };
  } catch (e) {
    if (wanted === 'wasm') log(`warning: wasm backend failed to initialise (${e?.message ?? e}); falling back to cpu`);
    await tf.setBackend('cpu');
    await tf.ready();
    return { backend: 'cpu', threads: 1, simd: false };
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const listDir = path.dirname(path.resolve(args.images));
  const files = fs.readFileSync(args.images, 'utf8').split(/\r?\n/)
    .map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  if (files.length === 0) usage(`${args.images} lists no images`);

  // The node-wasm build requires @tensorflow/tfjs and @tensorflow/tfjs-backend-wasm itself, so
  // faceapi.tf is the same tfjs instance the backend registers with.
  const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');
  const { tf } = faceapi;
  tf.env().set('PROD', true); // no debug checks

  const { backend, threads, simd } = await initBackend(tf, args.backend);
  log(`face-api ${faceapi.version.faceapi ?? faceapi.version} tfjs ${tf.version_core} backend ${tf.getBackend()} simd ${simd} threads ${threads}`);

  const modelDir = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
  let options;
  if (args.detector === 'ssd') {
    await faceapi.nets.ssdMobilenetv1.loadFromDisk(modelDir);
    options = new faceapi.SsdMobilenetv1Options({ minConfidence: 0.5 });
  } else {
    await faceapi.nets.tinyFaceDetector.loadFromDisk(modelDir);
    options = new faceapi.TinyFaceDetectorOptions(); // inputSize 416, scoreThreshold 0.5
  }
  await faceapi.nets.faceExpressionNet.loadFromDisk(modelDir);

  let tensor;
  const run = () => faceapi.detectAllFaces(tensor, options).withFaceExpressions();

  const all = [];
  const perImage = {};
  const facesFound = {};
  const boxes = {};
  const expressions = {};
  for (const entry of files) {
    const file = path.isAbsolute(entry) || fs.existsSync(entry) ? entry : path.join(listDir, entry);
    const { width, height, rgb } = decodeRgb(file);
    tensor = tf.tensor3d(rgb, [height, width, 3], 'int32');
    let result;
    for (let i = 0; i < WARMUP; i++) result = await run();
    const times = [];
    for (let i = 0; i < args.repeat; i++) {
      const t0 = performance.now();
      result = await run();
      times.push(performance.now() - t0);
    }
    tensor.dispose();
    all.push(...times);
    perImage[entry] = round(median(times), 3);
    facesFound[entry] = result.length;
    boxes[entry] = result.map((r) => {
      const b = r.detection.box;
      return [round(b.x, 1), round(b.y, 1), round(b.width, 1), round(b.height, 1)];
    });
    expressions[entry] = result.map((r) => {
      const sorted = Object.entries(r.expressions).sort((a, b) => b[1] - a[1]);
      return { score: round(r.detection.score, 3), top: sorted[0][0], expressions: Object.fromEntries(sorted.map(([k, v]) => [k, round(v, 4)])) };
    });
    log(`${entry}: ${width}x${height} faces ${result.length} median ${perImage[entry].toFixed(2)} ms `
      + `(min ${Math.min(...times).toFixed(2)}, max ${Math.max(...times).toFixed(2)}, n ${times.length})`);
    if (args.verbose) {
      for (const [i, e] of expressions[entry].entries()) {
        log(`  face ${i}: box [${boxes[entry][i].join(', ')}] score ${e.score} top ${e.top} ${JSON.stringify(e.expressions)}`);
      }
    }
  }

  const out = {
    faceapi_ms_median: round(median(all), 3),
    faceapi_ms_median_per_image: perImage,
    faces_found: facesFound,
    boxes,
    backend,
    detector: args.detector,
    threads,
    images: files.length,
    repeat: args.repeat,
    simd,
    face_api_version: require('@vladmandic/face-api/package.json').version,
    tfjs_version: tf.version_core,
  };
  if (args.verbose) out.expressions = expressions;
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((e) => {
  log(`error: ${e?.stack ?? e}`);
  process.exit(1);
});
