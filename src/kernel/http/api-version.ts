// The version of the API contract (semver), sent as `API-Version` on every response (Dutch API
// Design Rules) and in the OpenAPI document. It changes with the contract, not with each release.
export const API_VERSION = '1.0.0';
export const API_PREFIX = '/api/v1';
