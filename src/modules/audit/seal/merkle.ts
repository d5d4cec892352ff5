// RFC 6962 §2.1 Merkle trees over the sealed leaves (ADR 0025): node hash SHA-256(0x01 || left || right),
// the tree of n leaves split at the largest power of two below n, so every size has one root, not only
// powers of two. The leaf hash (0x00 prefix) is canonical.ts's.
//
// A frontier is the list of roots of the perfect subtrees that make up the first n leaves, largest first
// (one per set bit of n): n = 13 = 8 + 4 + 1 has three. It is all a tree of n leaves needs to grow: the
// next leaf merges with the smallest subtrees like a binary counter carries, and the root is the fold of
// the frontier from the right. Keeping it makes a checkpoint cost O(leaves since the last + log n), and
// lets verification start at a checkpoint (or a retention boundary) instead of leaf 0: a tree of m > n
// leaves contains every perfect subtree of the first n, so frontier(n) plus the leaves n..m-1 give the
// root of every size from n on. RFC 6962's "consistency" between two sizes is exactly that.
import { createHash } from 'node:crypto';

export const HASH_BYTES = 32;
const NODE_PREFIX = Buffer.from([0x01]);

export function hashChildren(left: Buffer, right: Buffer): Buffer {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

/** The root of the empty tree: SHA-256 of nothing (RFC 6962 §2.1). */
export const EMPTY_ROOT = createHash('sha256').digest();

/** RFC 6962's MTH, written as the RFC defines it (recursion at the largest power of two below n); for tests and small trees. */
export function rootOf(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) return EMPTY_ROOT;
  if (leaves.length === 1) return leaves[0]!;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return hashChildren(rootOf(leaves.slice(0, k)), rootOf(leaves.slice(k)));
}

/** Subtree sizes of the frontier of n leaves, largest first: the set bits of n. */
export function frontierSizes(n: bigint): bigint[] {
  const sizes: bigint[] = [];
  for (let bit = 62n; bit >= 0n; bit--) if ((n >> bit) & 1n) sizes.push(1n << bit);
  return sizes;
}

export class Frontier {
  #size: bigint;
  /** Roots of the perfect subtrees, largest (leftmost) first. */
  #nodes: Buffer[];

  private constructor(size: bigint, nodes: Buffer[]) {
    this.#size = size;
    this.#nodes = nodes;
  }

  static empty(): Frontier {
    return new Frontier(0n, []);
  }

  /** A stored frontier; refuses one whose node count does not fit its size (one node per set bit). */
  static of(size: bigint, nodes: readonly Buffer[]): Frontier {
    if (size < 0n) throw new Error('a tree size is not negative');
    if (frontierSizes(size).length !== nodes.length)
      throw new Error(`a frontier of ${size} leaves has ${frontierSizes(size).length} nodes, not ${nodes.length}`);
    for (const node of nodes) if (node.length !== HASH_BYTES) throw new Error('frontier nodes are 32-byte hashes');
    return new Frontier(
      size,
      nodes.map((n) => Buffer.from(n)),
    );
  }

  get size(): bigint {
    return this.#size;
  }

  get nodes(): readonly Buffer[] {
    return this.#nodes;
  }

  clone(): Frontier {
    return new Frontier(this.#size, [...this.#nodes]);
  }

  /** Adds the next leaf (its leaf hash): merges equal-sized subtrees, as a binary counter carries. */
  append(leafHash: Buffer): void {
    let node = leafHash;
    let carry = this.#size;
    while (carry & 1n) {
      node = hashChildren(this.#nodes.pop()!, node);
      carry >>= 1n;
    }
    this.#nodes.push(node);
    this.#size += 1n;
  }

  /** MTH of the leaves so far: the subtrees folded from the right (the smallest pair first). */
  root(): Buffer {
    if (this.#nodes.length === 0) return EMPTY_ROOT;
    let root = this.#nodes[this.#nodes.length - 1]!;
    for (let i = this.#nodes.length - 2; i >= 0; i--) root = hashChildren(this.#nodes[i]!, root);
    return root;
  }
}
