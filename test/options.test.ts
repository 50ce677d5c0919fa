/** resolveOptions: what it derives from the user's outcomes. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LSH, DEFAULT_OPTIONS, NUM_PERM, resolveOptions } from '../src/options.js';
import { lshParams } from '../src/sketch/lsh.js';

describe('resolveOptions', () => {
  it('derives the LSH bands worked out ahead for the default threshold, and computes others', () => {
    assert.deepEqual(DEFAULT_LSH, lshParams(DEFAULT_OPTIONS.threshold, NUM_PERM));
    assert.deepEqual(resolveOptions().lsh, lshParams(DEFAULT_OPTIONS.threshold, NUM_PERM));
    assert.deepEqual(resolveOptions({ threshold: 0.8 }).lsh, lshParams(0.8, NUM_PERM));
    assert.notDeepEqual(resolveOptions({ threshold: 0.8 }).lsh, DEFAULT_LSH);
  });
});
