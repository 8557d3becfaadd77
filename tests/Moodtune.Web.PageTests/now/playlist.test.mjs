import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Modes, Playlist, moodToRecommendFor } from '../../../src/Moodtune.Web/wwwroot/js/now/playlist.js';

const song = (id, { video = `v${id}`, language = 'en' } = {}) => ({ id, title: `Song ${id}`, artist: 'A', language, youtube_id: video, url: `https://x/${id}` });
const ids = (playlist) => playlist.songs.map((s) => s.id);

function playing(songs, index) {
  const playlist = new Playlist();
  playlist.receive(songs, Modes.NEW);
  playlist.start(index);
  playlist.playing();
  return playlist;
}

test('a new list replaces the queue and nothing is current until a song starts', () => {
  const playlist = playing([song('a'), song('b')], 1);

  const { kept, added } = playlist.receive([song('c'), song('d')], Modes.NEW);

  assert.equal(kept, false);
  assert.equal(added, 2);
  assert.deepEqual(ids(playlist), ['c', 'd']);
  assert.equal(playlist.current, null);
  assert.equal(playlist.nextIndex(-1), 0);
});

test('a re-plan keeps the songs played and the one playing, and replaces what comes after without duplicates', () => {
  const playlist = playing([song('a'), song('b'), song('c'), song('d')], 1);

  const { kept, added } = playlist.receive([song('b'), song('e'), song('a'), song('f')], Modes.REPLAN, ['en']);

  assert.equal(kept, true);
  assert.equal(added, 2);
  assert.deepEqual(ids(playlist), ['a', 'b', 'e', 'f']);
  assert.equal(playlist.current.id, 'b');
});

test('a re-plan becomes a new list when the song playing is in a language no longer chosen', () => {
  const playlist = playing([song('a', { language: 'hi' }), song('b', { language: 'hi' })], 0);

  const { kept } = playlist.receive([song('c'), song('d')], Modes.REPLAN, ['en']);

  assert.equal(kept, false);
  assert.deepEqual(ids(playlist), ['c', 'd']);
  assert.equal(playlist.current, null);
});

test('a re-plan drops played songs of a language no longer chosen but keeps the one playing', () => {
  const playlist = playing([song('a', { language: 'hi' }), song('b'), song('c')], 1);

  playlist.receive([song('d')], Modes.REPLAN, ['en']);

  assert.deepEqual(ids(playlist), ['b', 'd']);
  assert.equal(playlist.current.id, 'b');
});

test('more songs are appended once each, also within the same answer', () => {
  const playlist = playing([song('a'), song('b')], 1);

  const { added } = playlist.receive([song('b'), song('c'), song('c'), song('d')], Modes.MORE);

  assert.equal(added, 2);
  assert.deepEqual(ids(playlist), ['a', 'b', 'c', 'd']);
  assert.equal(playlist.current.id, 'b');
});

test('camera plans re-plan a queue that has songs; option changes re-plan only while a song is current', () => {
  const playlist = new Playlist();
  assert.equal(playlist.modeForChange({ camera: true }), Modes.NEW);
  playlist.receive([song('a')], Modes.NEW);
  assert.equal(playlist.modeForChange({ camera: true }), Modes.REPLAN);
  assert.equal(playlist.modeForChange(), Modes.NEW);
  playlist.start(0);
  assert.equal(playlist.modeForChange(), Modes.REPLAN);
});

test('next and previous pass over songs without a video, unplayable songs and disliked songs', () => {
  const playlist = playing([song('a'), song('b', { video: null }), song('c'), song('d'), song('e')], 0);
  playlist.start(2);
  playlist.failed();
  playlist.rated(song('d'), 'dislike');

  assert.deepEqual(playlist.next(), { index: 4, more: false });
  playlist.start(4);
  assert.equal(playlist.prevIndex(), 0);
});

test('when the queue runs out the page asks for more, unless the player could not load', () => {
  const playlist = playing([song('a'), song('b')], 1);
  assert.deepEqual(playlist.next(), { index: -1, more: true });

  playlist.playerUnavailable();

  assert.deepEqual(playlist.next(), { index: -1, more: false });
  assert.equal(playlist.current, null);
  assert.equal(playlist.isPlayable(song('a')), false);
});

test('leaving a song that started and did not finish is a skip; a finished or failed song is not', () => {
  const playlist = playing([song('a'), song('b'), song('c')], 0);

  assert.equal(playlist.start(1).skipped.id, 'a');
  assert.equal(playlist.start(2).skipped, null, 'b never started');

  playlist.playing();
  assert.equal(playlist.ended().id, 'c');
  assert.equal(playlist.ended(), null, 'completed is reported once');
  assert.equal(playlist.start(0).skipped, null);

  playlist.playing();
  playlist.failed();
  assert.equal(playlist.start(1).skipped, null);
});

test('started is reported once per start and marks the song played', () => {
  const playlist = new Playlist();
  playlist.receive([song('a')], Modes.NEW);
  playlist.start(0);

  assert.equal(playlist.canRate(), false);
  assert.equal(playlist.playing().id, 'a');
  assert.equal(playlist.playing(), null);
  assert.equal(playlist.canRate(), true);
});

test('a song that cannot play here is not started', () => {
  const playlist = new Playlist();
  playlist.receive([song('a', { video: null })], Modes.NEW);

  assert.equal(playlist.start(0), null);
  assert.equal(playlist.current, null);
});

test('a second like takes the like back; a dislike is skipped until taken back', () => {
  const playlist = playing([song('a'), song('b')], 0);

  assert.equal(playlist.feedbackFor('like'), 'like');
  playlist.rated(playlist.current, 'like');
  assert.equal(playlist.feedbackFor('like'), 'none');
  assert.equal(playlist.feedbackFor('dislike'), 'dislike');

  playlist.rated(song('b'), 'dislike');
  assert.equal(playlist.nextIndex(), -1);
  playlist.rated(song('b'), 'none');
  assert.equal(playlist.nextIndex(), 1);
  assert.equal(playlist.feedbackOf(song('b')), null);
});

test('only the next songs without a video are looked up, each once', () => {
  const playlist = new Playlist({ lookAhead: 2 });
  playlist.receive([song('a', { video: null }), song('b'), song('c', { video: null }), song('d', { video: null })], Modes.NEW);

  assert.deepEqual(playlist.dueForLookup(), ['a']);
  assert.deepEqual(playlist.dueForLookup(), []);
  playlist.start(1);
  assert.deepEqual(playlist.dueForLookup(), ['c', 'd']);
});

test('a failed or paused lookup is asked again later', () => {
  const playlist = new Playlist();
  playlist.receive([song('a', { video: null })], Modes.NEW);
  const due = playlist.dueForLookup();

  playlist.lookupUnanswered(due);

  assert.deepEqual(playlist.dueForLookup(), ['a']);
});

test('found videos make queued songs playable, and a song that has one keeps it', () => {
  const playlist = new Playlist();
  playlist.receive([song('a', { video: null }), song('b', { video: 'old' })], Modes.NEW);

  const found = playlist.videosFound([{ id: 'a', youtube_id: 'new-a', url: 'u' }, { id: 'b', youtube_id: 'new-b' }, { id: 'c', youtube_id: null }]);

  assert.equal(found, 1);
  assert.equal(playlist.songs[0].youtube_id, 'new-a');
  assert.equal(playlist.songs[1].youtube_id, 'old');
  assert.equal(playlist.nextIndex(-1), 0);
});

test('a pasted link makes a song that failed in this session playable again and plays it when nothing plays', () => {
  const playlist = playing([song('a'), song('b', { video: null })], 0);
  playlist.failed();
  assert.equal(playlist.isPlayable(song('a')), false);
  assert.deepEqual(playlist.next(), { index: -1, more: true });

  const play = playlist.linked({ id: 'a', youtube_id: 'fixed', url: 'https://youtu.be/fixed' });

  assert.equal(playlist.isUnplayable(playlist.songs[0]), false);
  assert.equal(playlist.isPlayable(playlist.songs[0]), true);
  assert.equal(playlist.songs[0].youtube_id, 'fixed');
  assert.equal(play, 0, 'the failed song was current and nothing plays: the fixed song plays');
});

test('a pasted link does not interrupt a song that plays', () => {
  const playlist = playing([song('a'), song('b', { video: null })], 0);

  assert.equal(playlist.linked({ id: 'b', youtube_id: 'vb' }), -1);
  assert.equal(playlist.nextIndex(), 1);
  assert.equal(playlist.linked({ id: 'b', youtube_id: 'vb' }, { playing: true }), -1);
});

test('a song given its link is not looked up afterwards', () => {
  const playlist = new Playlist();
  playlist.receive([song('a', { video: null })], Modes.NEW);

  playlist.linked({ id: 'a', youtube_id: 'va' });

  assert.deepEqual(playlist.dueForLookup(), []);
});

test('the mood to recommend for: picked by name, the camera by its stream, otherwise the latest reading', () => {
  assert.deepEqual(moodToRecommendFor({ mood: { emotion: 'sad', source: 'picker' } }), { emotion: 'sad' });
  assert.deepEqual(moodToRecommendFor({ mood: { emotion: 'sad', source: 'camera' }, cameraStream: 'c1' }), { camera: 'c1' });
  assert.deepEqual(moodToRecommendFor({ mood: { emotion: 'sad', source: 'camera' } }), {});
  assert.deepEqual(moodToRecommendFor({ mood: { emotion: 'sad', source: 'photo' } }), {});
  assert.deepEqual(moodToRecommendFor({ mood: null }), {});
  assert.deepEqual(
    moodToRecommendFor({ mood: { emotion: 'happy', source: 'camera' }, frozen: true, frozenMood: { emotion: 'sad', source: 'picker' }, cameraStream: 'c1' }),
    { emotion: 'sad' });
});
