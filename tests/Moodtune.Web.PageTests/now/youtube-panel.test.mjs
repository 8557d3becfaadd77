import { test } from 'node:test';
import assert from 'node:assert/strict';
import { doneMessage, keyForm } from '../../../src/Moodtune.Web/wwwroot/js/now/youtube-panel.js';

test('single mode asks for the setup code, to connect and to replace or remove', () => {
  const first = keyForm({ connected: false, source: null, setup_code_required: true }, true);
  const later = keyForm({ connected: true, source: 'page', setup_code_required: true }, true);

  assert.equal(first.hidden, false);
  assert.equal(first.needsCode, true);
  assert.equal(first.submit, 'Connect YouTube');
  assert.equal(first.removable, false);
  assert.equal(later.needsCode, true);
  assert.equal(later.submit, 'Replace key');
  assert.equal(later.removable, true);
  assert.match(later.summary, /the owner/);
});

test('accounts mode asks an administrator for the key alone', () => {
  const first = keyForm({ connected: false, source: null, setup_code_required: false }, true);
  const later = keyForm({ connected: true, source: 'page', setup_code_required: false }, true);

  assert.equal(first.hidden, false);
  assert.equal(first.needsCode, false);
  assert.equal(later.needsCode, false);
  assert.equal(later.removable, true);
  assert.match(later.summary, /an administrator/);
});

test('a listener who is not an administrator, or a key from configuration, gets no step at all', () => {
  assert.equal(keyForm({ connected: false, source: null, setup_code_required: false }, false).hidden, true);
  assert.equal(keyForm({ connected: true, source: 'configuration', setup_code_required: true }, true).hidden, true);
});

test('a status that does not say still asks for the code: a code the server does not need is ignored, a missing one it needs is refused', () => {
  assert.equal(keyForm({ connected: false, source: null }, true).needsCode, true);
  assert.equal(keyForm(null, true).needsCode, true);
});

test('the message after a change points to the next setup code only where one is needed', () => {
  assert.match(doneMessage('replaced', true), /new setup code/);
  assert.match(doneMessage('removed', true), /new setup code/);
  assert.doesNotMatch(doneMessage('replaced', false), /setup code/);
  assert.doesNotMatch(doneMessage('removed', false), /setup code/);
  assert.doesNotMatch(doneMessage('connected', true), /setup code/);
  assert.match(doneMessage('removed', false), /The key is removed/);
});
