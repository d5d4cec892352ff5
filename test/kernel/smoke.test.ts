import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build } from '../helpers/build.ts';

test('API root answers', async (t) => {
  const { app } = await build(t);
  const res = await app.inject({ method: 'GET', url: '/api/v1' });
  assert.equal(res.statusCode, 200);
  assert.equal(res.json().name, 'Casus API');
});
