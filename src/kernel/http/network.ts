// No access from untrusted networks: each route belongs to a surface (staff UI/API, integration API
// for chain partners, operations endpoints), and each surface answers only callers from its allowed
// networks. The caller's address is the socket's, or, behind a trusted TLS-terminating proxy
// (CASUS_TRUST_PROXY), the one the proxy forwards. Checked first on every request, before anything
// else is done for it.
import { BlockList, isIP } from 'node:net';
import type { FastifyInstance, RouteOptions } from 'fastify';
import type { AllowedNetworks, Surface } from '../config.ts';
import { AppError } from '../errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Which network allowlist applies; by default operations for /health and /metrics, staff otherwise. */
    surface?: Surface;
  }
}

const OPERATIONS_PATHS = /^\/(health(\/|$)|metrics$)/;

export function defaultSurface(url: string): Surface {
  return OPERATIONS_PATHS.test(url) ? 'operations' : 'staff';
}

function blockListOf(networks: string[]): BlockList {
  const list = new BlockList();
  for (const entry of networks) {
    const [address = '', bits] = entry.split('/');
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return list;
}

/** A predicate per surface; `null` or 'any' allows every address. */
export function networkChecks(allowed: Record<Surface, AllowedNetworks | null>): Record<Surface, (ip: string) => boolean> {
  const check = (networks: AllowedNetworks | null) => {
    if (networks === null || networks === 'any') return () => true;
    const list = blockListOf(networks);
    return (ip: string) => {
      // An IPv4 client on a dual-stack socket shows up as ::ffff:a.b.c.d.
      const plain = ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
      const type = isIP(plain) === 6 ? 'ipv6' : 'ipv4';
      return isIP(plain) !== 0 && list.check(plain, type);
    };
  };
  return { staff: check(allowed.staff), integration: check(allowed.integration), operations: check(allowed.operations) };
}

export function registerNetworkAllowlists(app: FastifyInstance, allowed: Record<Surface, AllowedNetworks | null>): void {
  const checks = networkChecks(allowed);
  app.addHook('onRoute', (route: RouteOptions) => {
    const config = (route.config ??= {}) as { surface?: Surface };
    config.surface ??= defaultSurface(route.url);
  });
  app.addHook('onRequest', async (request) => {
    // Unknown routes count as staff: probing for routes from elsewhere learns nothing.
    const surface = (request.routeOptions.config as { surface?: Surface } | undefined)?.surface ?? 'staff';
    if (!checks[surface](request.ip)) {
      throw new AppError({
        status: 403,
        code: 'network-not-allowed',
        title: 'Network not allowed',
        detail: `This part of Casus (${surface}) cannot be reached from your network.`,
      });
    }
  });
}
