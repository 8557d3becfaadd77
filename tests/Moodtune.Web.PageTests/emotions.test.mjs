import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EMOTIONS, isEmotion, percent, quadrantOf } from '../../src/Moodtune.Web/wwwroot/js/emotions.js';

test('the seven expressions are the names the web API uses', () => {
  assert.deepEqual(EMOTIONS, ['angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral']);
  assert.equal(isEmotion('happy'), true);
  assert.equal(isEmotion('Happy'), false);
});

test('a point near the centre is neutral; others fall in their quadrant, the axes counting as positive', () => {
  assert.equal(quadrantOf(0.05, -0.1), 'neutral');
  assert.equal(quadrantOf(0.81, 0.51), 'excited / happy');
  assert.equal(quadrantOf(-0.51, 0.59), 'angry / tense');
  assert.equal(quadrantOf(-0.63, -0.27), 'sad / tired');
  assert.equal(quadrantOf(0.5, -0.5), 'calm / content');
  assert.equal(quadrantOf(0, 0.5), 'excited / happy');
});

test('percentages are whole and a missing value is 0%', () => {
  assert.equal(percent(0.456), '46%');
  assert.equal(percent(undefined), '0%');
});
