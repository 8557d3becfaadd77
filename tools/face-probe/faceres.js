// Runs human's faceres network (HSE FaceRes: age, gender and a 1024-value descriptor) with TF.js (wasm) on the crops of
// crop.py, as human feeds it (224x224 RGB, 0..255), and writes per crop the descriptor's L2 norm (global_pooling/Mean),
// the gender probability and the age distribution's entropy. Usage: node faceres.js CROPS_DIR (from tools/model-sources'
// node_modules: NODE_PATH=tools/model-sources/node_modules).
'use strict';

const fs = require('fs');
const path = require('path');
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');
require('@tensorflow/tfjs-backend-wasm');

const tf = faceapi.tf;
const folder = process.argv[2];
const side = 224;

async function loadHumanModel(name) {
  // human's package exports no package.json: find its folder on NODE_PATH.
  const models = (process.env.NODE_PATH || '').split(path.delimiter).map((p) => path.join(p, '@vladmandic/human/models')).find((p) => fs.existsSync(p));
  const json = JSON.parse(fs.readFileSync(path.join(models, `${name}.json`), 'utf8'));
  const weights = Buffer.concat(json.weightsManifest.flatMap((g) => g.paths.map((p) => fs.readFileSync(path.join(models, p)))));
  return tf.loadGraphModel(tf.io.fromMemory({
    modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
    weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
    format: json.format,
  }));
}

(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
  const model = await loadHumanModel('faceres');
  const meta = JSON.parse(fs.readFileSync(path.join(folder, 'crops.json'), 'utf8'));
  const raw = fs.readFileSync(path.join(folder, 'crops.u8'));
  const per = side * side * 3;
  const scores = [];
  for (let i = 0; i < meta.length; i += 16) {
    const k = Math.min(16, meta.length - i);
    const [gender, descriptor, age] = tf.tidy(() => {
      const x = tf.tensor4d(new Uint8Array(raw.buffer, raw.byteOffset + i * per, k * per), [k, side, side, 3], 'int32').toFloat();
      return model.execute(x, ['gender_pred/Sigmoid', 'global_pooling/Mean', 'age_pred/Softmax']).map((t) => t.arraySync());
    });
    for (let j = 0; j < k; j++) {
      const norm = Math.sqrt(descriptor[j].reduce((s, v) => s + v * v, 0));
      const entropy = -age[j].reduce((s, p) => s + (p > 0 ? p * Math.log(p) : 0), 0);
      scores.push({ ...meta[i + j], norm, gender: gender[j][0], ageEntropy: entropy });
    }
  }
  fs.writeFileSync(path.join(folder, 'faceres.json'), JSON.stringify(scores));
  console.error(`${scores.length} crops scored`);
})();
