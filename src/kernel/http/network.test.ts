// No access from untrusted networks: every route belongs to a surface (staff, integration,
// operations) and answers only callers from that surface's allowed networks, also behind a trusted
// proxy; a caller elsewhere gets a 403 problem and the handler never runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Type } from 'typebox';
import type { CasusModule } from '../module.ts';
import { build } from '../../../test/helpers/build.ts';

let partnerCalls = 0;
const partners: CasusModule = {
  name: 'partners',
  routes: [
    {
      prefix: '/partner-referrals',
      plugin: async (app) => {
        app.get(
          '/',
          {
            config: { access: { public: true }, surface: 'integration' },
            schema: { response: { 200: Type.Object({ ok: Type.Boolean() }) } },
          },
          async () => {
            partnerCalls += 1;
            return { ok: true };
          },
        );
      },
    },
  ],
};

const env = {
  CASUS_ALLOWED_NETWORKS_STAFF: '10.0.0.0/8, 2001:db8::/32',
  CASUS_ALLOWED_NETWORKS_INTEGRATION: '172.16.0.0/12',
  CASUS_ALLOWED_NETWORKS_OPERATIONS: '127.0.0.1',
  CASUS_TRUST_PROXY: '192.0.2.10',
};

test('each surface answers only its allowed networks', async (t) => {
  const { app } = await build(t, { modules: [partners], env });
  const from = (remoteAddress: string, url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, remoteAddress, headers });

  assert.equal((await from('10.1.2.3', '/api/v1')).statusCode, 200, 'staff network reaches the staff API');
  assert.equal((await from('2001:db8::5', '/api/v1')).statusCode, 200, 'IPv6 ranges work');
  assert.equal((await from('::ffff:10.1.2.3', '/api/v1')).statusCode, 200, 'IPv4-mapped addresses count as IPv4');
  const outside = await from('198.51.100.7', '/api/v1');
  assert.equal(outside.statusCode, 403);
  assert.match(String(outside.headers['content-type']), /^application\/problem\+json/);
  assert.equal(outside.json().type, 'urn:casus:problem:network-not-allowed');
  assert.equal((await from('198.51.100.7', '/api/v1/no-such-route')).statusCode, 403, 'unknown routes reveal nothing to outsiders');

  // Operations endpoints: only from the operations network, not from the staff network.
  assert.equal((await from('127.0.0.1', '/health/ready')).statusCode, 200);
  assert.equal((await from('10.1.2.3', '/health/live')).statusCode, 403);
  assert.equal((await from('10.1.2.3', '/metrics')).statusCode, 403);

  // The integration surface: chain partners' network only; the handler does not run for others.
  assert.equal((await from('172.20.1.1', '/api/v1/partner-referrals')).statusCode, 200);
  const before = partnerCalls;
  assert.equal((await from('10.1.2.3', '/api/v1/partner-referrals')).statusCode, 403);
  assert.equal(partnerCalls, before, 'refused before the handler');
});

test('behind the trusted proxy the forwarded address counts; from anyone else it is ignored', async (t) => {
  const { app } = await build(t, { env });
  const viaProxy = await app.inject({
    method: 'GET',
    url: '/api/v1',
    remoteAddress: '192.0.2.10',
    headers: { 'x-forwarded-for': '10.4.4.4' },
  });
  assert.equal(viaProxy.statusCode, 200, 'the proxy forwards a staff address');
  const forged = await app.inject({
    method: 'GET',
    url: '/api/v1',
    remoteAddress: '198.51.100.7',
    headers: { 'x-forwarded-for': '10.4.4.4' },
  });
  assert.equal(forged.statusCode, 403, 'an untrusted caller cannot claim a staff address');
});

test('without allowlists (development, test) every network is allowed', async (t) => {
  const { app } = await build(t);
  assert.equal((await app.inject({ method: 'GET', url: '/api/v1', remoteAddress: '198.51.100.7' })).statusCode, 200);
  assert.equal((await app.inject({ method: 'GET', url: '/metrics', remoteAddress: '198.51.100.7' })).statusCode, 200);
});
