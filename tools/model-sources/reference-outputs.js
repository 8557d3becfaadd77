// Computes reference probabilities of Moodtune's emotion models with the real TF.js runtime (cpu backend), so the
// C# tests can check the ONNX conversions against what the original packages compute.
// Usage: node reference-outputs.js OUTPUT_FOLDER
'use strict';

const fs = require('fs');
const path = require('path');
// face-api's node-wasm build brings its own FaceExpressionNet and shares the @tensorflow/tfjs instance we use below.
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');

const tf = faceapi.tf;
const outputFolder = process.argv[2];
if (!outputFolder) throw new Error('usage: node reference-outputs.js OUTPUT_FOLDER');

// Integer pixel values 0..255 that C# reproduces exactly (ReferenceFixture.Pixels); i is the flat NHWC index within one
// image, y/x/c its row, column and channel.
const pixelFormula = 'noise: (i * 7919 + seed * 104729) mod 256; ramp: (2x + 3y + 85c) mod 256; constant: value';
const cases = [
  { name: 'noise-0', pattern: 'noise', seed: 0 },
  { name: 'noise-1', pattern: 'noise', seed: 1 },
  { name: 'noise-2', pattern: 'noise', seed: 2 },
  { name: 'ramp', pattern: 'ramp' },
  { name: 'gray-128', pattern: 'constant', value: 128 },
];

function pixels(c, height, width, channels) {
  const values = new Float32Array(height * width * channels);
  for (let i = 0; i < values.length; i++) {
    const [y, x, ch] = [Math.floor(i / (width * channels)), Math.floor(i / channels) % width, i % channels];
    if (c.pattern === 'noise') values[i] = (i * 7919 + c.seed * 104729) % 256;
    else if (c.pattern === 'ramp') values[i] = (2 * x + 3 * y + 85 * ch) % 256;
    else values[i] = c.value;
  }
  return values;
}

function packageVersion(name) {
  return JSON.parse(fs.readFileSync(path.join(__dirname, 'node_modules', name, 'package.json'), 'utf8')).version;
}

function write(fixture) {
  const file = path.join(outputFolder, `${fixture.model}.json`);
  fs.writeFileSync(file, `${JSON.stringify(fixture, null, 2)}\n`);
  console.log(`wrote ${file}`);
}

async function loadHumanModel(name) {
  const folder = path.join(__dirname, 'node_modules/@vladmandic/human/models');
  const json = JSON.parse(fs.readFileSync(path.join(folder, `${name}.json`), 'utf8'));
  const shards = json.weightsManifest.flatMap((group) => group.paths.map((p) => fs.readFileSync(path.join(folder, p))));
  const weights = Buffer.concat(shards);
  return tf.loadGraphModel(tf.io.fromMemory({
    modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
    weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
    format: json.format,
    userDefinedMetadata: json.userDefinedMetadata,
  }));
}

async function miniXception() {
  const model = await loadHumanModel('emotion');
  const results = cases.map((c) => tf.tidy(() => {
    const gray = tf.tensor4d(pixels(c, 64, 64, 1), [1, 64, 64, 1]);
    // human's src/gear/emotion.ts: gray in 0..1, then (gray - 0.5) * 2.
    const input = tf.mul(tf.sub(tf.div(gray, 255), 0.5), 2);
    return { ...c, probabilities: Array.from(model.execute(input).dataSync()) };
  }));
  write({
    model: 'emotion-minixception',
    source: `@vladmandic/human@${packageVersion('@vladmandic/human')} models/emotion.json`,
    runtime: `@tensorflow/tfjs@${tf.version.tfjs} ${tf.getBackend()} backend, tf.loadGraphModel; input (g / 255 - 0.5) * 2 as human's emotion.ts`,
    pixelFormula,
    height: 64,
    width: 64,
    channels: 1,
    classes: ['angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral'],
    cases: results,
  });
}

async function faceApiExpression() {
  const net = faceapi.nets.faceExpressionNet;
  await net.loadFromDisk(path.join(__dirname, 'node_modules/@vladmandic/face-api/model'));
  const results = [];
  for (const c of cases) {
    const image = tf.tensor4d(pixels(c, 112, 112, 3), [1, 112, 112, 3]);
    // The package's own forward pass: it subtracts the mean RGB, divides by 255 and applies softmax itself.
    const output = await net.forward(image);
    results.push({ ...c, probabilities: Array.from(output.dataSync()) });
    tf.dispose([image, output]);
  }
  write({
    model: 'emotion-faceapi',
    source: `@vladmandic/face-api@${packageVersion('@vladmandic/face-api')} model/face_expression_model-weights_manifest.json`,
    runtime: `@tensorflow/tfjs@${tf.version.tfjs} ${tf.getBackend()} backend, face-api FaceExpressionNet.forward on raw 0..255 RGB`,
    pixelFormula,
    height: 112,
    width: 112,
    channels: 3,
    classes: ['neutral', 'happy', 'sad', 'angry', 'fear', 'disgust', 'surprise'],
    cases: results,
  });
}

async function faceMeshFlag() {
  const model = await loadHumanModel('facemesh');
  const results = cases.map((c) => tf.tidy(() => {
    // human's src/face/facemesh.ts: the crop in 0..1; the face flag is the output of size 1 (output_faceflag).
    const input = tf.div(tf.tensor4d(pixels(c, 192, 192, 3), [1, 192, 192, 3]), 255);
    const flag = model.execute(input).find((t) => t.size === 1);
    return { ...c, probabilities: Array.from(flag.dataSync()) };
  }));
  write({
    model: 'facemesh-flag',
    source: `@vladmandic/human@${packageVersion('@vladmandic/human')} models/facemesh.json (output_faceflag)`,
    runtime: `@tensorflow/tfjs@${tf.version.tfjs} ${tf.getBackend()} backend, tf.loadGraphModel; input rgb / 255 as human's facemesh.ts`,
    pixelFormula,
    height: 192,
    width: 192,
    channels: 3,
    classes: ['face'],
    cases: results,
  });
}

(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  fs.mkdirSync(outputFolder, { recursive: true });
  await miniXception();
  await faceApiExpression();
  await faceMeshFlag();
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
