// Passkeys in the test browser: Chromium's virtual authenticator (DevTools protocol, WebAuthn domain)
// answers navigator.credentials like a platform authenticator with a PIN or fingerprint that always
// says yes. Passkeys are bound to the page's origin, which must be the server's public URL and a secure
// context: http://localhost:<port> (127.0.0.1 is no valid RP ID).
import { createServer } from 'node:net';
import type { Page } from 'playwright-core';

/** A free TCP port on 127.0.0.1, to name in CASUS_PUBLIC_URL before the server listens on it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface VirtualAuthenticator {
  /** The passkeys it holds (their ids, base64 as the protocol gives them). */
  credentials(): Promise<{ credentialId: string; signCount: number }[]>;
  /** Whether the PIN or fingerprint is accepted (false: the ceremony fails, as when she cancels). */
  setUserVerified(verified: boolean): Promise<void>;
}

/** Adds a virtual platform authenticator (with user verification) to the page's browser context. */
export async function addVirtualAuthenticator(page: Page): Promise<VirtualAuthenticator> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return {
    credentials: async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials,
    setUserVerified: async (verified) => {
      await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: verified });
    },
  };
}
