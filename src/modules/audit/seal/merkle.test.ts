// The Merkle tree is RFC 6962's, not one of our own: the published Certificate Transparency vectors hold,
// for every size (not only powers of two), and the frontier gives the same roots as the RFC's recursion.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { EMPTY_ROOT, Frontier, frontierSizes, hashChildren, rootOf } from './merkle.ts';

const leafOf = (data: Buffer) =>
  createHash('sha256')
    .update(Buffer.from([0]))
    .update(data)
    .digest();

// RFC 6962 reference data (Certificate Transparency's test leaves) and the root of the first n of them.
const CT_LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((h) =>
  leafOf(Buffer.from(h, 'hex')),
);
const CT_ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

// Proves: the recursion and the frontier both reproduce the published root of every size 0..8.
test('RFC 6962 reference roots, by the recursion and by the frontier', () => {
  assert.equal(EMPTY_ROOT.toString('hex'), CT_ROOTS[0]);
  const frontier = Frontier.empty();
  assert.equal(frontier.root().toString('hex'), CT_ROOTS[0]);
  CT_LEAVES.forEach((leaf, i) => {
    frontier.append(leaf);
    assert.equal(rootOf(CT_LEAVES.slice(0, i + 1)).toString('hex'), CT_ROOTS[i + 1], `recursion, size ${i + 1}`);
    assert.equal(frontier.root().toString('hex'), CT_ROOTS[i + 1], `frontier, size ${i + 1}`);
  });
  // The interior node prefix: the root of two leaves is SHA-256(0x01 || a || b).
  assert.equal(hashChildren(CT_LEAVES[0]!, CT_LEAVES[1]!).toString('hex'), CT_ROOTS[2]);
});

// Proves: for every size up to 300 the frontier holds one node per set bit and its root is the
// recursion's; a frontier stored and restored at any size grows into the same roots (how checkpoints
// and verification resume).
test('the frontier agrees with the recursion at every size, also after a restore', () => {
  const leaves = Array.from({ length: 300 }, (_, i) => leafOf(Buffer.from(`leaf ${i}`)));
  const frontier = Frontier.empty();
  const roots: string[] = [EMPTY_ROOT.toString('hex')];
  for (const leaf of leaves) {
    frontier.append(leaf);
    assert.equal(frontier.nodes.length, frontierSizes(frontier.size).length);
    roots.push(frontier.root().toString('hex'));
  }
  for (const n of [1, 2, 3, 5, 8, 13, 64, 100, 255, 256, 257, 300])
    assert.equal(roots[n], rootOf(leaves.slice(0, n)).toString('hex'), `size ${n}`);
  for (const start of [0, 1, 7, 64, 129]) {
    const resumed = Frontier.empty();
    for (const leaf of leaves.slice(0, start)) resumed.append(leaf);
    const restored = Frontier.of(resumed.size, resumed.nodes);
    for (let n = start; n < leaves.length; n++) {
      restored.append(leaves[n]!);
      assert.equal(restored.root().toString('hex'), roots[n + 1], `from ${start} to ${n + 1}`);
    }
  }
});

// Proves: a changed, removed, added or swapped leaf changes the root (what verification relies on).
test('any change to the leaves changes the root', () => {
  const leaves = Array.from({ length: 21 }, (_, i) => leafOf(Buffer.from([i])));
  const root = rootOf(leaves).toString('hex');
  const variants = {
    modified: leaves.map((l, i) => (i === 9 ? leafOf(Buffer.from([99])) : l)),
    removed: leaves.filter((_, i) => i !== 9),
    added: [...leaves.slice(0, 9), leafOf(Buffer.from([77])), ...leaves.slice(9)],
    swapped: leaves.map((l, i) => (i === 9 ? leaves[10]! : i === 10 ? leaves[9]! : l)),
  };
  for (const [name, changed] of Object.entries(variants)) assert.notEqual(rootOf(changed).toString('hex'), root, name);
});

// Proves: a stored frontier that does not fit its size is refused rather than silently used.
test('a malformed stored frontier is refused', () => {
  const node = Buffer.alloc(32, 1);
  assert.throws(() => Frontier.of(3n, [node]), /3 leaves has 2 nodes/);
  assert.throws(() => Frontier.of(4n, [Buffer.alloc(31)]), /32-byte/);
  assert.deepEqual(frontierSizes(13n), [8n, 4n, 1n]);
  assert.equal(Frontier.of(4n, [node]).root().toString('hex'), node.toString('hex'));
});
