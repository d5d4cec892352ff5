// The browser's half of the passkey ceremonies: the server's options (WebAuthn JSON, base64url) turned
// into navigator.credentials.create()/get() arguments, and the credential back into the JSON the server
// reads (what PublicKeyCredential.toJSON() gives). Written out rather than relying on toJSON() and
// parse*OptionsFromJSON(), which not every browser Casus supports has yet; @simplewebauthn/browser
// would do the same but is not a dependency, and these few lines need no library.
import type { paths } from '../../api/schema';

type Json<P extends keyof paths, M extends 'post'> = paths[P][M] extends { requestBody?: { content: { 'application/json': infer B } } }
  ? B
  : never;
type Answer<P extends keyof paths> = paths[P]['post'] extends { responses: { 200: { content: { 'application/json': infer A } } } }
  ? A
  : never;

export type CreationOptions = Answer<'/auth/webauthn/registration/options'>;
export type RequestOptions = Answer<'/auth/webauthn/authentication/options'>;
export type RegistrationJson = Json<'/auth/webauthn/registration', 'post'>['response'];
export type AssertionJson = Json<'/auth/webauthn/authentication', 'post'>['response'];

/** The person cancelled, the time ran out, or the browser refused (WebAuthn answers all three alike). */
export class PasskeyCancelled extends Error {}
/** The authenticator already holds a passkey of hers for Casus (registration excludes those). */
export class PasskeyAlreadyRegistered extends Error {}

/** Whether this browser can use passkeys at all (an old browser, or a page not served over https). */
export function passkeysSupported(): boolean {
  return typeof window.PublicKeyCredential === 'function' && !!navigator.credentials;
}

function bytes(base64url: string): ArrayBuffer {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out.buffer;
}

function base64url(buffer: ArrayBuffer): string {
  let binary = '';
  for (const byte of new Uint8Array(buffer)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const descriptors = (
  list: { id: string; type: string; transports?: string[] }[] | undefined,
): PublicKeyCredentialDescriptor[] | undefined =>
  list?.map((d) => ({
    type: 'public-key',
    id: bytes(d.id),
    ...(d.transports ? { transports: d.transports as AuthenticatorTransport[] } : {}),
  }));

async function ceremony<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DOMException && (error.name === 'NotAllowedError' || error.name === 'AbortError'))
      throw new PasskeyCancelled(error.message);
    if (error instanceof DOMException && error.name === 'InvalidStateError') throw new PasskeyAlreadyRegistered(error.message);
    throw error;
  }
}

const attachment = (credential: PublicKeyCredential): { authenticatorAttachment?: 'platform' | 'cross-platform' } => {
  const value = credential.authenticatorAttachment;
  return value === 'platform' || value === 'cross-platform' ? { authenticatorAttachment: value } : {};
};

/** Creates a passkey on this device (or a security key) for the options of POST /auth/webauthn/registration/options. */
export async function createPasskey(options: CreationOptions): Promise<RegistrationJson> {
  const { rp, pubKeyCredParams, timeout, extensions, challenge, user, excludeCredentials, authenticatorSelection, attestation } = options;
  const publicKey: PublicKeyCredentialCreationOptions = {
    rp,
    pubKeyCredParams,
    ...(timeout ? { timeout } : {}),
    ...(extensions ? { extensions } : {}),
    challenge: bytes(challenge),
    user: { ...user, id: bytes(user.id) },
    ...(excludeCredentials ? { excludeCredentials: descriptors(excludeCredentials) } : {}),
    ...(authenticatorSelection ? { authenticatorSelection: authenticatorSelection as AuthenticatorSelectionCriteria } : {}),
    ...(attestation ? { attestation: attestation as AttestationConveyancePreference } : {}),
  };
  const credential = await ceremony(() => navigator.credentials.create({ publicKey }));
  if (!(credential instanceof PublicKeyCredential)) throw new PasskeyCancelled('no credential');
  const response = credential.response as AuthenticatorAttestationResponse;
  // Older browsers lack the getters (the server reads the attestation object, which has it all).
  const publicKeyBytes = response.getPublicKey?.();
  const authenticatorData = response.getAuthenticatorData?.();
  const algorithm = response.getPublicKeyAlgorithm?.();
  return {
    id: credential.id,
    rawId: base64url(credential.rawId),
    type: 'public-key',
    ...attachment(credential),
    clientExtensionResults: { ...credential.getClientExtensionResults() },
    response: {
      clientDataJSON: base64url(response.clientDataJSON),
      attestationObject: base64url(response.attestationObject),
      transports: response.getTransports?.() ?? [],
      ...(authenticatorData ? { authenticatorData: base64url(authenticatorData) } : {}),
      ...(algorithm !== undefined ? { publicKeyAlgorithm: algorithm } : {}),
      ...(publicKeyBytes ? { publicKey: base64url(publicKeyBytes) } : {}),
    },
  };
}

/** Signs the challenge of POST /auth/webauthn/authentication/options (or reauthentication/options) with a passkey. */
export async function signWithPasskey(options: RequestOptions): Promise<AssertionJson> {
  const { challenge, allowCredentials, userVerification, timeout, rpId } = options;
  const publicKey: PublicKeyCredentialRequestOptions = {
    challenge: bytes(challenge),
    ...(timeout ? { timeout } : {}),
    ...(rpId ? { rpId } : {}),
    ...(allowCredentials ? { allowCredentials: descriptors(allowCredentials) } : {}),
    ...(userVerification ? { userVerification: userVerification as UserVerificationRequirement } : {}),
  };
  const credential = await ceremony(() => navigator.credentials.get({ publicKey }));
  if (!(credential instanceof PublicKeyCredential)) throw new PasskeyCancelled('no credential');
  const response = credential.response as AuthenticatorAssertionResponse;
  return {
    id: credential.id,
    rawId: base64url(credential.rawId),
    type: 'public-key',
    ...attachment(credential),
    clientExtensionResults: { ...credential.getClientExtensionResults() },
    response: {
      clientDataJSON: base64url(response.clientDataJSON),
      authenticatorData: base64url(response.authenticatorData),
      signature: base64url(response.signature),
      ...(response.userHandle ? { userHandle: base64url(response.userHandle) } : {}),
    },
  };
}
