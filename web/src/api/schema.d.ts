// Generated from the served OpenAPI document by scripts/web-api-types.ts: do not edit. Regenerate: npm run web:api-types
export interface paths {
    "/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** API root: what this API is and where its description lives */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            name: string;
                            apiVersion: string;
                            links: {
                                openapi: string;
                                docs: string;
                            };
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/service-accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Service accounts in the units where you manage them, with their token counts */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: uuid */
                                id: string;
                                username: string;
                                displayName: string;
                                /** Format: uuid */
                                unitId: string;
                                /** @enum {string} */
                                status: "active" | "deactivated";
                                /** Format: date-time */
                                createdAt: string;
                                deactivatedAt: string | null;
                                /** @description Tokens that are neither revoked nor expired */
                                activeTokens: number;
                                totalTokens: number;
                            }[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        /**
         * Create a service account (for a chain partner's system or operations tooling)
         * @description A service account has no password and cannot sign in; it calls the API with tokens. Give it roles through grants, then issue a token.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description e.g. politie-bvh */
                        username: string;
                        displayName: string;
                        /** Format: uuid */
                        unitId: string;
                        /** @description Why: recorded in the audit trail */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            username: string;
                            displayName: string;
                            /** Format: uuid */
                            unitId: string;
                            /** @enum {string} */
                            status: "active" | "deactivated";
                            /** Format: date-time */
                            createdAt: string;
                            deactivatedAt: string | null;
                            /** @description Tokens that are neither revoked nor expired */
                            activeTokens: number;
                            totalTokens: number;
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/service-accounts/{accountId}/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The account's tokens (never the secrets) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: uuid */
                                id: string;
                                name: string;
                                /** @description The first 12 characters of the token, to recognise it by; the token itself is never shown again */
                                prefix: string;
                                /** @description The roles of the account this token may use; null: all of them */
                                roleIds: string[] | null;
                                /** @enum {string} */
                                status: "active" | "expired" | "revoked";
                                /** Format: date-time */
                                createdAt: string;
                                createdBy: string;
                                /** Format: date-time */
                                expiresAt: string;
                                /** @description Updated at most once a minute */
                                lastUsedAt: string | null;
                                revokedAt: string | null;
                                revokedBy: string | null;
                                revokeReason: string | null;
                            }[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        /**
         * Issue an API token (shown once)
         * @description Send it as `Authorization: Bearer <token>`. It expires after expiresInDays (default 90, at most 366). roleIds narrows it to some of the roles the account holds now; without it, the token names all of them (roles granted later do not flow into it). You must be able to make each of the grants it carries yourself (grants.manage in their units), else 403. From a browser session this needs a re-authentication within 10 minutes.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description What uses it, e.g. "BVH koppeling productie" */
                        name: string;
                        expiresInDays?: number;
                        roleIds?: string[];
                        /** @description Why: recorded in the audit trail */
                        reason?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The secret: store it now, it is not shown again */
                            token: string;
                            /** Format: uuid */
                            id: string;
                            prefix: string;
                            /** Format: date-time */
                            expiresAt: string;
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/service-accounts/{accountId}/tokens/{tokenId}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke a token (effective on its next request) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: string;
                    tokenId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Why: recorded in the audit trail */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Done */
                204: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/service-accounts/{accountId}/deactivate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Deactivate a service account: its tokens and roles are revoked */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Why: recorded in the audit trail */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            tokensRevoked: number;
                            grantsRevoked: number;
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who am I, for an API token: its service account, permissions per unit and expiry
         * @description For integrators checking their set-up. Only for requests authenticated with a bearer token.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            account: {
                                /** Format: uuid */
                                id: string;
                                username: string;
                                displayName: string;
                                /** Format: uuid */
                                unitId: string;
                            };
                            token: {
                                /** Format: uuid */
                                id: string;
                                name: string;
                                prefix: string;
                                roleIds: string[] | null;
                                /** Format: date-time */
                                expiresAt: string;
                            };
                            /** @description Permission -> ids of the units it holds in */
                            permissions: {
                                [key: string]: string[];
                            };
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/sign-in": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in with username and password (step one of two)
         * @description Always answers the same way when the username is unknown, the password wrong or the account locked. Rate-limited per IP address; repeated failures lock the account for a while.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        username: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * @description second-factor: POST /auth/second-factor; enrol-second-factor: POST /auth/totp/enrolment (or a passkey); done: signed in
                             * @enum {string}
                             */
                            next: "second-factor" | "enrol-second-factor" | "done";
                            /** @description The second factors this user has set up */
                            methods: ("totp" | "recovery-code" | "webauthn")[];
                            /** @description Send as X-CSRF-Token on every state-changing request of this session */
                            csrfToken: string;
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/pending": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The sign-in waiting for a second factor in this browser (after a password, SSO or reset link) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * @description second-factor: POST /auth/second-factor; enrol-second-factor: POST /auth/totp/enrolment (or a passkey); done: signed in
                             * @enum {string}
                             */
                            next: "second-factor" | "enrol-second-factor" | "done";
                            /** @description The second factors this user has set up */
                            methods: ("totp" | "recovery-code" | "webauthn")[];
                            /** @description Send as X-CSRF-Token on every state-changing request of this session */
                            csrfToken: string;
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/second-factor": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Complete sign-in with a second factor (step two)
         * @description For the pending sign-in of this browser session: a TOTP code or a recovery code. A passkey is checked through /auth/webauthn/authentication.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        method: "totp" | "recovery-code";
                        code: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * @description second-factor: POST /auth/second-factor; enrol-second-factor: POST /auth/totp/enrolment (or a passkey); done: signed in
                             * @enum {string}
                             */
                            next: "second-factor" | "enrol-second-factor" | "done";
                            /** @description The second factors this user has set up */
                            methods: ("totp" | "recovery-code" | "webauthn")[];
                            /** @description Send as X-CSRF-Token on every state-changing request of this session */
                            csrfToken: string;
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/totp/enrolment": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start setting up an authenticator app
         * @description While enrolling the first factor after sign-in, or in a signed-in session re-authenticated within 10 minutes (to replace the app). Returns the seed as text and as an otpauth:// URI for a QR code; it is shown only now.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            secret: string;
                            uri: string;
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/totp/enrolment/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Confirm the authenticator app with a code
         * @description Completes enrolment. During first sign-in this signs the user in. Recovery codes are returned once when the user has none left.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            next: "done";
                            csrfToken: string;
                            recoveryCodes: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/recovery-codes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Replace the recovery codes (re-authentication required) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            recoveryCodes: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/reauthenticate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Confirm it is you before a sensitive action
         * @description Checks a second factor again; for 10 minutes the session may then change factors and grant roles.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        method: "totp" | "recovery-code";
                        code: string;
                    };
                };
            };
            responses: {
                /** @description Done */
                204: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/sign-out": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign out: end this session */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                /** @description Done */
                204: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who am I: the signed-in user, their permissions per unit, their preferences, and the CSRF token */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: {
                                id: string;
                                username: string;
                                displayName: string;
                                kind: string;
                                unitId: string;
                            };
                            /** @description Permission -> ids of the units it holds in */
                            permissions: {
                                [key: string]: string[];
                            };
                            preferences: {
                                /** @description The interface language; null: not chosen yet */
                                language: ("nl" | "en") | null;
                            };
                            session: {
                                /** @description Identifies the session (a hash of its secret; cannot be used to sign in) */
                                id: string;
                                current: boolean;
                                state: string;
                                authenticatedVia: string;
                                secondFactor: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                lastSeenAt: string;
                                /**
                                 * Format: date-time
                                 * @description Absolute end; the session also ends after idleTimeoutSeconds without use
                                 */
                                expiresAt: string;
                                idleTimeoutSeconds: number;
                                ip: string | null;
                                userAgent: string | null;
                                endedAt: string | null;
                                endReason: string | null;
                            };
                            csrfToken: string;
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My sessions (live and recently ended) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** @description Identifies the session (a hash of its secret; cannot be used to sign in) */
                                id: string;
                                current: boolean;
                                state: string;
                                authenticatedVia: string;
                                secondFactor: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                lastSeenAt: string;
                                /**
                                 * Format: date-time
                                 * @description Absolute end; the session also ends after idleTimeoutSeconds without use
                                 */
                                expiresAt: string;
                                idleTimeoutSeconds: number;
                                ip: string | null;
                                userAgent: string | null;
                                endedAt: string | null;
                                endReason: string | null;
                            }[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/sessions/{sessionId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** End one of my sessions (e.g. a forgotten browser elsewhere) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    sessionId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Done */
                204: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["BadRequest"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/preferences": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Change my preferences (the interface language)
         * @description Her own choice, kept with the account so every browser she signs in from shows it. Only a browser session (403 for an API token). A change is audited (`user.preferences-changed`); the same value again changes nothing.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description The interface language: Dutch or English
                         * @enum {string}
                         */
                        language: "nl" | "en";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * @description The interface language: Dutch or English
                             * @enum {string}
                             */
                            language: "nl" | "en";
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/sso": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether single sign-on is offered, and under which name (for the sign-in screen) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            enabled: boolean;
                            /** @description The button text, e.g. the organisation's identity provider; null when not enabled */
                            name: string | null;
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/sso/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Start signing in at the identity provider (step one of two)
         * @description Redirects the browser to the identity provider (authorization code flow with PKCE, state and nonce) and sets a short-lived cookie that binds the sign-in to this browser. 503 `sso-unavailable` when the provider cannot be reached.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Where to send the browser (when asked with Accept: application/json) */
                            authorizationUrl: string;
                        };
                    };
                };
                /** @description To the identity provider */
                302: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/sso/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Where the identity provider sends the browser back (redirect URI)
         * @description Query parameters are those of OAuth 2.0 / OpenID Connect (hence snake_case). On success a session that still needs the second factor is started and the browser is sent to the web app, which asks GET /auth/pending for the next step. Failures: 401 `sign-in-failed` (uniform: unknown or unlinkable user, deactivated account, replayed or foreign state, rejected token), 401 `sso-refused` (the provider answered with an error, e.g. the user cancelled), 503 `sso-unavailable`, 429 after too many failures from one address.
         */
        get: {
            parameters: {
                query?: {
                    code?: string;
                    state?: string;
                    iss?: string;
                    error?: string;
                    error_description?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description When asked with Accept: application/json */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            next: "second-factor" | "enrol-second-factor";
                            methods: string[];
                            csrfToken: string;
                        };
                    };
                };
                /** @description To the web app, which continues with GET /auth/pending */
                303: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/password-reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Forgot my password: e-mail me a link to set a new one
         * @description Always 202 with the same body, whether or not the username exists (the mail goes out afterwards). The link in the mail is single-use, valid for 30 minutes, and replaces earlier links. Rate-limited per IP address and per account (3 mails an hour). 503 when this installation sends no e-mail.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        username: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The same text whether or not the account exists */
                            message: string;
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/password-reset/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Set a new password with the link from the mail, then continue with the second factor
         * @description Ends all sessions of the user and starts a sign-in that still needs the second factor (a reset never signs in by itself). 400 invalid-or-expired-link for an unknown, used, replaced or expired link; 400 with field errors when the password does not meet the rules (the link stays usable).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description From the link: /reset-password#token=... */
                        token: string;
                        newPassword: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * @description second-factor: POST /auth/second-factor (or a passkey); enrol-second-factor: POST /auth/totp/enrolment
                             * @enum {string}
                             */
                            next: "second-factor" | "enrol-second-factor";
                            methods: ("totp" | "recovery-code" | "webauthn")[];
                            /** @description Send as X-CSRF-Token on every state-changing request of this session */
                            csrfToken: string;
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/password-reset/for-user": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a user the password-reset e-mail (service desk)
         * @description The user gets the same e-mail as when they ask themselves; the caller never sees the link, and there is no way to set another user's password. 404 for a user outside the caller's units; 409 when the user is deactivated or has no e-mail address; 503 when the mail could not be sent.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        userId: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The same text whether or not the account exists */
                            message: string;
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change my password
         * @description Needs the current password. Wrong current passwords count towards the account lockout. Ends all other sessions of the user; this one stays signed in.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        currentPassword: string;
                        newPassword: string;
                    };
                };
            };
            responses: {
                /** @description Changed */
                204: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/webauthn/registration/options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start registering a passkey
         * @description While enrolling the first factor after sign-in, or in a signed-in session re-authenticated within 10 minutes. The challenge is valid for one registration attempt within 3 minutes.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                /** @description PublicKeyCredentialCreationOptionsJSON, for PublicKeyCredential.parseCreationOptionsFromJSON() */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            rp: {
                                name: string;
                                id?: string;
                            };
                            user: {
                                id: string;
                                name: string;
                                displayName: string;
                            };
                            challenge: string;
                            pubKeyCredParams: {
                                alg: number;
                                /** @enum {string} */
                                type: "public-key";
                            }[];
                            timeout?: number;
                            excludeCredentials?: {
                                id: string;
                                type: string;
                                transports?: string[];
                            }[];
                            authenticatorSelection?: {
                                authenticatorAttachment?: string;
                                requireResidentKey?: boolean;
                                residentKey?: string;
                                userVerification?: string;
                            };
                            hints?: string[];
                            attestation?: string;
                            extensions?: {
                                credProps?: boolean;
                            };
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/webauthn/registration": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register the passkey created by the browser
         * @description During first sign-in this signs the user in (new session cookie and CSRF token). Recovery codes are returned once when the user has none left.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description A name the user recognises, e.g. "Work laptop" */
                        name: string;
                        /** @description RegistrationResponseJSON: PublicKeyCredential.toJSON() after navigator.credentials.create() */
                        response: {
                            id: string;
                            rawId: string;
                            /** @enum {string} */
                            type: "public-key";
                            /** @enum {string} */
                            authenticatorAttachment?: "platform" | "cross-platform";
                            clientExtensionResults: {
                                [key: string]: unknown;
                            };
                            response: {
                                clientDataJSON: string;
                                attestationObject: string;
                                authenticatorData?: string;
                                transports?: string[];
                                publicKeyAlgorithm?: number;
                                publicKey?: string;
                            } & {
                                [key: string]: unknown;
                            };
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            next: "done";
                            csrfToken: string;
                            recoveryCodes: string[];
                            passkey: {
                                /** @description The credential id (base64url) */
                                id: string;
                                name: string;
                                /** Format: date-time */
                                createdAt: string;
                                lastUsedAt: string | null;
                                transports: string[];
                            };
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/webauthn/authentication/options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start sign-in step two with a passkey
         * @description For the pending sign-in of this browser session (after the password or SSO).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                /** @description PublicKeyCredentialRequestOptionsJSON, for PublicKeyCredential.parseRequestOptionsFromJSON() */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            challenge: string;
                            timeout?: number;
                            rpId?: string;
                            allowCredentials?: {
                                id: string;
                                type: string;
                                transports?: string[];
                            }[];
                            userVerification?: string;
                            hints?: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/webauthn/authentication": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Complete sign-in with a passkey (step two)
         * @description Like POST /auth/second-factor: a failure counts towards the lockout, and five end the pending sign-in.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description AuthenticationResponseJSON: PublicKeyCredential.toJSON() after navigator.credentials.get() */
                        response: {
                            id: string;
                            rawId: string;
                            /** @enum {string} */
                            type: "public-key";
                            /** @enum {string} */
                            authenticatorAttachment?: "platform" | "cross-platform";
                            clientExtensionResults: {
                                [key: string]: unknown;
                            };
                            response: {
                                clientDataJSON: string;
                                authenticatorData: string;
                                signature: string;
                                userHandle?: string | null;
                            } & {
                                [key: string]: unknown;
                            };
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            next: "done";
                            methods: ("totp" | "recovery-code" | "webauthn")[];
                            /** @description Send as X-CSRF-Token on every state-changing request of this session */
                            csrfToken: string;
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/webauthn/reauthentication/options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start confirming it is you with a passkey, before a sensitive action */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                /** @description PublicKeyCredentialRequestOptionsJSON, for PublicKeyCredential.parseRequestOptionsFromJSON() */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            challenge: string;
                            timeout?: number;
                            rpId?: string;
                            allowCredentials?: {
                                id: string;
                                type: string;
                                transports?: string[];
                            }[];
                            userVerification?: string;
                            hints?: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/webauthn/reauthentication": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Confirm it is you with a passkey
         * @description Like POST /auth/reauthenticate: for 10 minutes the session may then change factors and grant roles.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description AuthenticationResponseJSON: PublicKeyCredential.toJSON() after navigator.credentials.get() */
                        response: {
                            id: string;
                            rawId: string;
                            /** @enum {string} */
                            type: "public-key";
                            /** @enum {string} */
                            authenticatorAttachment?: "platform" | "cross-platform";
                            clientExtensionResults: {
                                [key: string]: unknown;
                            };
                            response: {
                                clientDataJSON: string;
                                authenticatorData: string;
                                signature: string;
                                userHandle?: string | null;
                            } & {
                                [key: string]: unknown;
                            };
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description Done */
                204: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/webauthn/credentials": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My passkeys */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** @description The credential id (base64url) */
                                id: string;
                                name: string;
                                /** Format: date-time */
                                createdAt: string;
                                lastUsedAt: string | null;
                                transports: string[];
                            }[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/webauthn/credentials/{credentialId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove one of my passkeys (re-authentication required)
         * @description Refused (409) when it is the last second factor (no other passkey, no authenticator app).
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    credentialId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Done */
                204: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["BadRequest"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Users in the units where you may read users */
        get: {
            parameters: {
                query: {
                    unitId?: string;
                    status?: "active" | "deactivated";
                    /** @description Part of username, name or e-mail */
                    q?: string;
                    /** @description The `next` value of the previous page */
                    after?: string;
                    limit: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: uuid */
                                id: string;
                                /** @enum {string} */
                                kind: "staff" | "volunteer" | "service";
                                username: string;
                                displayName: string;
                                email: string | null;
                                /** Format: uuid */
                                unitId: string;
                                /** @enum {string} */
                                status: "active" | "deactivated";
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                                deactivatedAt: string | null;
                                /** @description Send back on updates; a stale version gets 412 */
                                version: number;
                                /** @description What the caller may do with this user */
                                allowedActions: string[];
                            }[];
                            next: string | null;
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        /**
         * Add a user (joiner)
         * @description The new user has no grants and no password: grant roles, then send a password-reset link (or let them use single sign-on).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        kind: "staff" | "volunteer";
                        /** @description Sign-in name; stored in lower case */
                        username: string;
                        displayName: string;
                        email: string | null;
                        /** Format: uuid */
                        unitId: string;
                        /** @description Why: recorded in the audit trail */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            kind: "staff" | "volunteer" | "service";
                            username: string;
                            displayName: string;
                            email: string | null;
                            /** Format: uuid */
                            unitId: string;
                            /** @enum {string} */
                            status: "active" | "deactivated";
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                            deactivatedAt: string | null;
                            /** @description Send back on updates; a stale version gets 412 */
                            version: number;
                            /** @description What the caller may do with this user */
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One user with their current grants, groups and second factors */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    userId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            kind: "staff" | "volunteer" | "service";
                            username: string;
                            displayName: string;
                            email: string | null;
                            /** Format: uuid */
                            unitId: string;
                            /** @enum {string} */
                            status: "active" | "deactivated";
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                            deactivatedAt: string | null;
                            /** @description Send back on updates; a stale version gets 412 */
                            version: number;
                            /** @description What the caller may do with this user */
                            allowedActions: string[];
                            grants: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                roleId: string;
                                roleName: string;
                                userId: string | null;
                                groupId: string | null;
                                /** Format: uuid */
                                unitId: string;
                                /** Format: date-time */
                                startsAt: string;
                                endsAt: string | null;
                                reason: string;
                                grantedBy: string;
                                /** Format: date-time */
                                grantedAt: string;
                                revokedAt: string | null;
                                revokedBy: string | null;
                                revokeReason: string | null;
                            }[];
                            groups: {
                                /** Format: uuid */
                                id: string;
                                name: string;
                            }[];
                            factors: {
                                totp: boolean;
                                webauthn: number;
                                recoveryCodes: number;
                            };
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change name or e-mail address */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    userId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        displayName?: string;
                        email?: string | null;
                        version: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            kind: "staff" | "volunteer" | "service";
                            username: string;
                            displayName: string;
                            email: string | null;
                            /** Format: uuid */
                            unitId: string;
                            /** @enum {string} */
                            status: "active" | "deactivated";
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                            deactivatedAt: string | null;
                            /** @description Send back on updates; a stale version gets 412 */
                            version: number;
                            /** @description What the caller may do with this user */
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        trace?: never;
    };
    "/users/{userId}/move": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Move a user to another unit (mover)
         * @description Grants in the old unit end at endOldGrantsAt (default: now).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    userId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        unitId: string;
                        endOldGrantsAt?: string | null;
                        /** @description Why: recorded in the audit trail */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            kind: "staff" | "volunteer" | "service";
                            username: string;
                            displayName: string;
                            email: string | null;
                            /** Format: uuid */
                            unitId: string;
                            /** @enum {string} */
                            status: "active" | "deactivated";
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                            deactivatedAt: string | null;
                            /** @description Send back on updates; a stale version gets 412 */
                            version: number;
                            /** @description What the caller may do with this user */
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/{userId}/deactivate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Deactivate (leaver): ends sessions and API tokens, revokes grants */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    userId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Why: recorded in the audit trail */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            kind: "staff" | "volunteer" | "service";
                            username: string;
                            displayName: string;
                            email: string | null;
                            /** Format: uuid */
                            unitId: string;
                            /** @enum {string} */
                            status: "active" | "deactivated";
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                            deactivatedAt: string | null;
                            /** @description Send back on updates; a stale version gets 412 */
                            version: number;
                            /** @description What the caller may do with this user */
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/{userId}/reactivate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reactivate a deactivated user (without grants) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    userId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Why: recorded in the audit trail */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            kind: "staff" | "volunteer" | "service";
                            username: string;
                            displayName: string;
                            email: string | null;
                            /** Format: uuid */
                            unitId: string;
                            /** @enum {string} */
                            status: "active" | "deactivated";
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                            deactivatedAt: string | null;
                            /** @description Send back on updates; a stale version gets 412 */
                            version: number;
                            /** @description What the caller may do with this user */
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/{userId}/reset-factors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Remove all second factors (lost phone); the user enrols anew at the next sign-in
         * @description Needs a recent re-authentication of the caller. Ends all the user’s sessions.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    userId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Why: recorded in the audit trail */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Done */
                204: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/{userId}/unlock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Lift a sign-in lockout */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    userId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Why: recorded in the audit trail */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            wasLocked: boolean;
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/{userId}/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A user’s sessions (your own, or with sessions.manage) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    userId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** @description Identifies the session (a hash of its secret; cannot be used to sign in) */
                                id: string;
                                current: boolean;
                                state: string;
                                authenticatedVia: string;
                                secondFactor: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                lastSeenAt: string;
                                /**
                                 * Format: date-time
                                 * @description Absolute end; the session also ends after idleTimeoutSeconds without use
                                 */
                                expiresAt: string;
                                idleTimeoutSeconds: number;
                                ip: string | null;
                                userAgent: string | null;
                                endedAt: string | null;
                                endReason: string | null;
                            }[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/{userId}/sessions/end": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End all of a user’s sessions now */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    userId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Why: recorded in the audit trail */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            ended: number;
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/setup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create an administrator with a one-time setup link (first run, or `casus users bootstrap-admin`) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        token: string;
                        /** @description Sign-in name; stored in lower case */
                        username: string;
                        displayName: string;
                        email: string | null;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            next: "enrol-second-factor";
                            methods: string[];
                            csrfToken: string;
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/units": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The organisational units (national, regions, teams) as a flat list with parents */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: uuid */
                                id: string;
                                parentId: string | null;
                                /** @enum {string} */
                                kind: "national" | "region" | "team";
                                code: string;
                                name: string;
                                managerId: string | null;
                                active: boolean;
                                version: number;
                            }[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        /** Add a region or team under a unit you manage */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        parentId: string;
                        /** @enum {string} */
                        kind: "region" | "team";
                        code: string;
                        name: string;
                        managerId?: string | null;
                        /** @description Why: recorded in the audit trail */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            parentId: string | null;
                            /** @enum {string} */
                            kind: "national" | "region" | "team";
                            code: string;
                            name: string;
                            managerId: string | null;
                            active: boolean;
                            version: number;
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/units/{unitId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Rename, move, close a unit or name its manager (the reviewer of its grants) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    unitId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        /** Format: uuid */
                        parentId?: string;
                        managerId?: string | null;
                        active?: boolean;
                        version: number;
                        /** @description Why: recorded in the audit trail */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            parentId: string | null;
                            /** @enum {string} */
                            kind: "national" | "region" | "team";
                            code: string;
                            name: string;
                            managerId: string | null;
                            active: boolean;
                            version: number;
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        trace?: never;
    };
    "/groups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** User groups and their members */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: uuid */
                                id: string;
                                name: string;
                                description: string;
                                version: number;
                                memberIds: string[];
                            }[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        /** Create a user group (roles can be granted to a group) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        /** @default  */
                        description: string;
                        /** @description Why: recorded in the audit trail */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            name: string;
                            description: string;
                            version: number;
                            memberIds: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/groups/{groupId}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add a member: she gains the group’s grants (re-authentication required)
         * @description Only for someone who could make each of the group’s grants herself: grants.manage in the unit of each. When the group holds a privileged role, the membership waits for a second administrator (202, a grant request).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    groupId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        userId: string;
                        /** @description Why: recorded in the audit trail */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description A privileged change waiting for (or decided by) a second administrator */
                202: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /**
                             * @description grant: a role to a user or group in a unit; membership: a user into a group holding a privileged role; role-permissions: a new permission set for a role
                             * @enum {string}
                             */
                            kind: "grant" | "membership" | "role-permissions";
                            /** @enum {string} */
                            status: "pending" | "approved" | "refused" | "expired";
                            roleId: string | null;
                            roleName: string | null;
                            userId: string | null;
                            groupId: string | null;
                            unitId: string | null;
                            startsAt: string | null;
                            endsAt: string | null;
                            /** @description role-permissions: the permissions the role is to have */
                            permissions: string[] | null;
                            reason: string;
                            /** Format: uuid */
                            requestedBy: string;
                            /** Format: date-time */
                            requestedAt: string;
                            /** Format: date-time */
                            expiresAt: string;
                            decidedBy: string | null;
                            decidedAt: string | null;
                            decisionReason: string | null;
                            /** @description The grant an approval made (kind grant) */
                            assignmentId: string | null;
                        };
                    };
                };
                /** @description Done */
                204: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/groups/{groupId}/members/{userId}/remove": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Remove a member (they lose the group’s grants on their next request)
         * @description Like revoking the group’s grants from her: needs grants.manage in the unit of each of them.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    groupId: string;
                    userId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Why: recorded in the audit trail */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Done */
                204: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/roles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Roles and the permissions they bundle */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: uuid */
                                id: string;
                                /** @description Set for the roles Casus ships with */
                                key: string | null;
                                name: string;
                                description: string;
                                version: number;
                                permissions: string[];
                                /** @description Holds a privileged permission: falls under the quarterly access review */
                                privileged: boolean;
                            }[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        /**
         * Create a role (re-authentication required)
         * @description Needs roles.manage at the root unit.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        /** @default  */
                        description: string;
                        permissions: string[];
                        /** @description Why: recorded in the audit trail */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** @description Set for the roles Casus ships with */
                            key: string | null;
                            name: string;
                            description: string;
                            version: number;
                            permissions: string[];
                            /** @description Holds a privileged permission: falls under the quarterly access review */
                            privileged: boolean;
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/roles/{roleId}/permissions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Replace the permissions of a role (effective for every holder at once; re-authentication required)
         * @description Needs roles.manage at the root unit; nobody adds permissions to a role she holds herself. Adding a privileged permission waits for a second administrator (202, a grant request); otherwise 200.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    roleId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        permissions: string[];
                        version: number;
                        /** @description Why: recorded in the audit trail */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** @description Set for the roles Casus ships with */
                            key: string | null;
                            name: string;
                            description: string;
                            version: number;
                            permissions: string[];
                            /** @description Holds a privileged permission: falls under the quarterly access review */
                            privileged: boolean;
                        };
                    };
                };
                /** @description A privileged change waiting for (or decided by) a second administrator */
                202: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /**
                             * @description grant: a role to a user or group in a unit; membership: a user into a group holding a privileged role; role-permissions: a new permission set for a role
                             * @enum {string}
                             */
                            kind: "grant" | "membership" | "role-permissions";
                            /** @enum {string} */
                            status: "pending" | "approved" | "refused" | "expired";
                            roleId: string | null;
                            roleName: string | null;
                            userId: string | null;
                            groupId: string | null;
                            unitId: string | null;
                            startsAt: string | null;
                            endsAt: string | null;
                            /** @description role-permissions: the permissions the role is to have */
                            permissions: string[] | null;
                            reason: string;
                            /** Format: uuid */
                            requestedBy: string;
                            /** Format: date-time */
                            requestedAt: string;
                            /** Format: date-time */
                            expiresAt: string;
                            decidedBy: string | null;
                            decidedAt: string | null;
                            decisionReason: string | null;
                            /** @description The grant an approval made (kind grant) */
                            assignmentId: string | null;
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/permissions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every permission the modules define */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                name: string;
                                module: string;
                                description: string;
                                privileged: boolean;
                            }[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/grants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Current grants (not revoked, not ended) of a user or group */
        get: {
            parameters: {
                query?: {
                    userId?: string;
                    groupId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                roleId: string;
                                roleName: string;
                                userId: string | null;
                                groupId: string | null;
                                /** Format: uuid */
                                unitId: string;
                                /** Format: date-time */
                                startsAt: string;
                                endsAt: string | null;
                                reason: string;
                                grantedBy: string;
                                /** Format: date-time */
                                grantedAt: string;
                                revokedAt: string | null;
                                revokedBy: string | null;
                                revokeReason: string | null;
                            }[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        /**
         * Grant a role to a user or group in a unit (and its subtree), optionally from/until a date
         * @description Needs grants.manage in that unit and a recent re-authentication. Nobody grants to themselves, nor to a group they are in. A privileged role waits for a second administrator (202, a grant request); otherwise 201.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        roleId: string;
                        /** Format: uuid */
                        userId?: string;
                        /** Format: uuid */
                        groupId?: string;
                        /** Format: uuid */
                        unitId: string;
                        /** Format: date-time */
                        startsAt?: string;
                        /** Format: date-time */
                        endsAt?: string;
                        /** @description Why: recorded in the audit trail */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            roleId: string;
                            roleName: string;
                            userId: string | null;
                            groupId: string | null;
                            /** Format: uuid */
                            unitId: string;
                            /** Format: date-time */
                            startsAt: string;
                            endsAt: string | null;
                            reason: string;
                            grantedBy: string;
                            /** Format: date-time */
                            grantedAt: string;
                            revokedAt: string | null;
                            revokedBy: string | null;
                            revokeReason: string | null;
                        };
                    };
                };
                /** @description A privileged change waiting for (or decided by) a second administrator */
                202: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /**
                             * @description grant: a role to a user or group in a unit; membership: a user into a group holding a privileged role; role-permissions: a new permission set for a role
                             * @enum {string}
                             */
                            kind: "grant" | "membership" | "role-permissions";
                            /** @enum {string} */
                            status: "pending" | "approved" | "refused" | "expired";
                            roleId: string | null;
                            roleName: string | null;
                            userId: string | null;
                            groupId: string | null;
                            unitId: string | null;
                            startsAt: string | null;
                            endsAt: string | null;
                            /** @description role-permissions: the permissions the role is to have */
                            permissions: string[] | null;
                            reason: string;
                            /** Format: uuid */
                            requestedBy: string;
                            /** Format: date-time */
                            requestedAt: string;
                            /** Format: date-time */
                            expiresAt: string;
                            decidedBy: string | null;
                            decidedAt: string | null;
                            decisionReason: string | null;
                            /** @description The grant an approval made (kind grant) */
                            assignmentId: string | null;
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/grants/{grantId}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke a grant now (effective on the holder’s next request) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    grantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Why: recorded in the audit trail */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            roleId: string;
                            roleName: string;
                            userId: string | null;
                            groupId: string | null;
                            /** Format: uuid */
                            unitId: string;
                            /** Format: date-time */
                            startsAt: string;
                            endsAt: string | null;
                            reason: string;
                            grantedBy: string;
                            /** Format: date-time */
                            grantedAt: string;
                            revokedAt: string | null;
                            revokedBy: string | null;
                            revokeReason: string | null;
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/grant-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Grant requests: those you may decide (pending, not expired), or those you made
         * @description view=decide (default): what you may approve: not asked by you, not giving you anything, and a change you could make yourself. view=mine: your own requests with their outcome. At most 200, oldest pending first / newest first.
         */
        get: {
            parameters: {
                query: {
                    view: "decide" | "mine";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: uuid */
                                id: string;
                                /**
                                 * @description grant: a role to a user or group in a unit; membership: a user into a group holding a privileged role; role-permissions: a new permission set for a role
                                 * @enum {string}
                                 */
                                kind: "grant" | "membership" | "role-permissions";
                                /** @enum {string} */
                                status: "pending" | "approved" | "refused" | "expired";
                                roleId: string | null;
                                roleName: string | null;
                                userId: string | null;
                                groupId: string | null;
                                unitId: string | null;
                                startsAt: string | null;
                                endsAt: string | null;
                                /** @description role-permissions: the permissions the role is to have */
                                permissions: string[] | null;
                                reason: string;
                                /** Format: uuid */
                                requestedBy: string;
                                /** Format: date-time */
                                requestedAt: string;
                                /** Format: date-time */
                                expiresAt: string;
                                decidedBy: string | null;
                                decidedAt: string | null;
                                decisionReason: string | null;
                                /** @description The grant an approval made (kind grant) */
                                assignmentId: string | null;
                            }[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/grant-requests/{requestId}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve a grant request: the grant, membership or role change takes effect now (re-authentication required)
         * @description Not your own request, nothing it gives may reach you, and you must be able to make the change yourself (403 otherwise; 404 for requests you may not see). 409 when it was decided already, has expired, or can no longer be carried out as asked.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    requestId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Why: recorded in the audit trail */
                        reason?: string;
                    };
                };
            };
            responses: {
                /** @description A privileged change waiting for (or decided by) a second administrator */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /**
                             * @description grant: a role to a user or group in a unit; membership: a user into a group holding a privileged role; role-permissions: a new permission set for a role
                             * @enum {string}
                             */
                            kind: "grant" | "membership" | "role-permissions";
                            /** @enum {string} */
                            status: "pending" | "approved" | "refused" | "expired";
                            roleId: string | null;
                            roleName: string | null;
                            userId: string | null;
                            groupId: string | null;
                            unitId: string | null;
                            startsAt: string | null;
                            endsAt: string | null;
                            /** @description role-permissions: the permissions the role is to have */
                            permissions: string[] | null;
                            reason: string;
                            /** Format: uuid */
                            requestedBy: string;
                            /** Format: date-time */
                            requestedAt: string;
                            /** Format: date-time */
                            expiresAt: string;
                            decidedBy: string | null;
                            decidedAt: string | null;
                            decisionReason: string | null;
                            /** @description The grant an approval made (kind grant) */
                            assignmentId: string | null;
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/grant-requests/{requestId}/refuse": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Refuse a grant request (nothing changes)
         * @description Any administrator who may decide it except its requester (whose request expires by itself after 7 days).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    requestId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Why: recorded in the audit trail */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description A privileged change waiting for (or decided by) a second administrator */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /**
                             * @description grant: a role to a user or group in a unit; membership: a user into a group holding a privileged role; role-permissions: a new permission set for a role
                             * @enum {string}
                             */
                            kind: "grant" | "membership" | "role-permissions";
                            /** @enum {string} */
                            status: "pending" | "approved" | "refused" | "expired";
                            roleId: string | null;
                            roleName: string | null;
                            userId: string | null;
                            groupId: string | null;
                            unitId: string | null;
                            startsAt: string | null;
                            endsAt: string | null;
                            /** @description role-permissions: the permissions the role is to have */
                            permissions: string[] | null;
                            reason: string;
                            /** Format: uuid */
                            requestedBy: string;
                            /** Format: date-time */
                            requestedAt: string;
                            /** Format: date-time */
                            expiresAt: string;
                            decidedBy: string | null;
                            decidedAt: string | null;
                            decisionReason: string | null;
                            /** @description The grant an approval made (kind grant) */
                            assignmentId: string | null;
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/access-reviews/campaigns": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Campaigns you may read, open ones first, with their progress */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: uuid */
                                id: string;
                                name: string;
                                /** @enum {string} */
                                scope: "all" | "privileged";
                                /** @description null: the whole organisation; else this unit and its subtree */
                                unitId: string | null;
                                /** Format: date-time */
                                deadline: string;
                                /** @enum {string} */
                                onMissed: "escalate" | "revoke";
                                /** @enum {string} */
                                status: "open" | "closed";
                                /** @description null: started by a schedule */
                                createdBy: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                closedAt: string | null;
                                startedBySchedule: string | null;
                                schedulePeriod: string | null;
                                escalatedAt: string | null;
                                escalationDeadline: string | null;
                                progress: {
                                    total: number;
                                    decided: number;
                                    kept: number;
                                    revoked: number;
                                    undecided: number;
                                    /** @description Items escalated after the deadline */
                                    escalated: number;
                                    /** @description Grants revoked because nobody reviewed them by the deadline */
                                    revokedUnreviewed: number;
                                };
                                allowedActions: ("read" | "close")[];
                            }[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        /**
         * Start a review campaign: snapshot the grants in scope and hand each to its reviewer
         * @description Each grant goes to the manager responsible for its unit (never to the grantee: then the next manager up; without one, to you). Needs access-reviews.manage in the campaign's unit (the root for the whole organisation).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        /**
                         * @description privileged: only roles holding a permission marked privileged
                         * @enum {string}
                         */
                        scope: "all" | "privileged";
                        /** @description Review this unit and its subtree; omitted or null: the whole organisation */
                        unitId?: string | null;
                        /**
                         * Format: date-time
                         * @description In the future, at most 366 days ahead
                         */
                        deadline: string;
                        /**
                         * @description What happens to items nobody decided by the deadline
                         * @enum {string}
                         */
                        onMissed: "escalate" | "revoke";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            name: string;
                            /** @enum {string} */
                            scope: "all" | "privileged";
                            /** @description null: the whole organisation; else this unit and its subtree */
                            unitId: string | null;
                            /** Format: date-time */
                            deadline: string;
                            /** @enum {string} */
                            onMissed: "escalate" | "revoke";
                            /** @enum {string} */
                            status: "open" | "closed";
                            /** @description null: started by a schedule */
                            createdBy: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            closedAt: string | null;
                            startedBySchedule: string | null;
                            schedulePeriod: string | null;
                            escalatedAt: string | null;
                            escalationDeadline: string | null;
                            progress: {
                                total: number;
                                decided: number;
                                kept: number;
                                revoked: number;
                                undecided: number;
                                /** @description Items escalated after the deadline */
                                escalated: number;
                                /** @description Grants revoked because nobody reviewed them by the deadline */
                                revokedUnreviewed: number;
                            };
                            allowedActions: ("read" | "close")[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/access-reviews/campaigns/{campaignId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One campaign with its progress */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    campaignId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            name: string;
                            /** @enum {string} */
                            scope: "all" | "privileged";
                            /** @description null: the whole organisation; else this unit and its subtree */
                            unitId: string | null;
                            /** Format: date-time */
                            deadline: string;
                            /** @enum {string} */
                            onMissed: "escalate" | "revoke";
                            /** @enum {string} */
                            status: "open" | "closed";
                            /** @description null: started by a schedule */
                            createdBy: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            closedAt: string | null;
                            startedBySchedule: string | null;
                            schedulePeriod: string | null;
                            escalatedAt: string | null;
                            escalationDeadline: string | null;
                            progress: {
                                total: number;
                                decided: number;
                                kept: number;
                                revoked: number;
                                undecided: number;
                                /** @description Items escalated after the deadline */
                                escalated: number;
                                /** @description Grants revoked because nobody reviewed them by the deadline */
                                revokedUnreviewed: number;
                            };
                            allowedActions: ("read" | "close")[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/access-reviews/campaigns/{campaignId}/close": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Close a campaign now; undecided items stay unreviewed in the report */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    campaignId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            name: string;
                            /** @enum {string} */
                            scope: "all" | "privileged";
                            /** @description null: the whole organisation; else this unit and its subtree */
                            unitId: string | null;
                            /** Format: date-time */
                            deadline: string;
                            /** @enum {string} */
                            onMissed: "escalate" | "revoke";
                            /** @enum {string} */
                            status: "open" | "closed";
                            /** @description null: started by a schedule */
                            createdBy: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            closedAt: string | null;
                            startedBySchedule: string | null;
                            schedulePeriod: string | null;
                            escalatedAt: string | null;
                            escalationDeadline: string | null;
                            progress: {
                                total: number;
                                decided: number;
                                kept: number;
                                revoked: number;
                                undecided: number;
                                /** @description Items escalated after the deadline */
                                escalated: number;
                                /** @description Grants revoked because nobody reviewed them by the deadline */
                                revokedUnreviewed: number;
                            };
                            allowedActions: ("read" | "close")[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/access-reviews/campaigns/{campaignId}/report.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The campaign report as CSV (one row per reviewed grant); the read is audited */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    campaignId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "text/csv": string;
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/access-reviews/campaigns/{campaignId}/report.pdf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The campaign report as PDF; the read is audited */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    campaignId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pdf": string;
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/access-reviews/my-items": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The review items you decide: as reviewer, as escalation target or as review manager
         * @description Open campaigns first, nearest deadline first, undecided before decided. Never items about your own grants.
         */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: uuid */
                                id: string;
                                campaign: {
                                    /** Format: uuid */
                                    id: string;
                                    name: string;
                                    /** @enum {string} */
                                    status: "open" | "closed";
                                    /** Format: date-time */
                                    deadline: string;
                                    escalationDeadline: string | null;
                                };
                                grantee: {
                                    /** @enum {string} */
                                    kind: "user" | "group";
                                    /** Format: uuid */
                                    id: string;
                                    /** @description Username or group name, as at the start of the campaign */
                                    name: string;
                                    displayName: string;
                                };
                                role: {
                                    /** Format: uuid */
                                    id: string;
                                    name: string;
                                };
                                unit: {
                                    /** Format: uuid */
                                    id: string;
                                    code: string;
                                    name: string;
                                };
                                /** Format: date-time */
                                grantedAt: string;
                                /** Format: date-time */
                                startsAt: string;
                                endsAt: string | null;
                                /** @description The item came to you (or the review managers) instead of the original reviewer */
                                escalated: boolean;
                                decision: ("keep" | "revoke") | null;
                                comment: string | null;
                                decidedAt: string | null;
                                outcome: ("escalated" | "revoked-unreviewed") | null;
                                allowedActions: "decide"[];
                            }[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/access-reviews/items/{itemId}/decision": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Keep or revoke one reviewed grant
         * @description Only the reviewer of the item (or its escalation target) may decide; to anyone else the item does not exist (404). A revoke takes effect immediately. A decision is final; a closed campaign takes none (409).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    itemId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        decision: "keep" | "revoke";
                        /** @description Required when revoking; recorded on the revoked grant */
                        comment?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            campaign: {
                                /** Format: uuid */
                                id: string;
                                name: string;
                                /** @enum {string} */
                                status: "open" | "closed";
                                /** Format: date-time */
                                deadline: string;
                                escalationDeadline: string | null;
                            };
                            grantee: {
                                /** @enum {string} */
                                kind: "user" | "group";
                                /** Format: uuid */
                                id: string;
                                /** @description Username or group name, as at the start of the campaign */
                                name: string;
                                displayName: string;
                            };
                            role: {
                                /** Format: uuid */
                                id: string;
                                name: string;
                            };
                            unit: {
                                /** Format: uuid */
                                id: string;
                                code: string;
                                name: string;
                            };
                            /** Format: date-time */
                            grantedAt: string;
                            /** Format: date-time */
                            startsAt: string;
                            endsAt: string | null;
                            /** @description The item came to you (or the review managers) instead of the original reviewer */
                            escalated: boolean;
                            decision: ("keep" | "revoke") | null;
                            comment: string | null;
                            decidedAt: string | null;
                            outcome: ("escalated" | "revoked-unreviewed") | null;
                            allowedActions: "decide"[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/cases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Cases you can see: mine (assigned to me), team (units where you read all cases) or all visible; newest change first; personId: those the person takes part in */
        get: {
            parameters: {
                query: {
                    view: "mine" | "team" | "all";
                    unitId?: string;
                    status?: string;
                    caseTypeKey?: string;
                    track?: "emotional" | "practical" | "legal" | "damage-recovery" | "criminal-proceedings";
                    personId?: string;
                    /** @description Only the cases this user works on now (a live assignment) */
                    assignedTo?: string;
                    /** @description The `next` value of the previous page */
                    after?: string;
                    limit: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: uuid */
                                id: string;
                                number: string;
                                status: string;
                                /** Format: uuid */
                                owningUnitId: string;
                                confidentiality: string;
                                tracks: string[];
                                caseTypeKey: string;
                                /** Format: date-time */
                                openedAt: string;
                                closedAt: string | null;
                                /** Format: date-time */
                                updatedAt: string;
                                version: number;
                            }[];
                            next: string | null;
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        /** Open a case in a unit (you become its worker) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: the same key with the same request replays the first answer instead of acting again (for 24 hours). */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        caseTypeKey?: string;
                        /** Format: uuid */
                        owningUnitId: string;
                        /** @enum {string} */
                        confidentiality?: "normal" | "sensitive" | "shielded";
                        incidentId?: string | null;
                        tracks?: ("emotional" | "practical" | "legal" | "damage-recovery" | "criminal-proceedings")[];
                        /** @description Custom field values of the case type */
                        custom?: {
                            [key: string]: unknown;
                        };
                        participants?: {
                            /** Format: uuid */
                            personId: string;
                            /** @enum {string} */
                            role: "victim" | "next-of-kin" | "witness" | "legal-representative" | "contact-person";
                            primaryClient?: boolean;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** @description Readable number, e.g. 2026-000123 */
                            number: string;
                            caseType: {
                                /** Format: uuid */
                                id: string;
                                key: string;
                                name: string;
                            };
                            status: string;
                            statusLabel: string;
                            /** @description Statuses the case type allows next */
                            allowedStatuses: string[];
                            /** @description The statuses of allowedStatuses with their case-type labels, so a screen can offer them by name */
                            nextStatuses: {
                                key: string;
                                label: string;
                                /** @description Reaching it closes the case: POST /cases/{caseId}/close (with a reason), not PATCH */
                                closes: boolean;
                            }[];
                            /** Format: uuid */
                            owningUnitId: string;
                            /** @enum {string} */
                            confidentiality: "normal" | "sensitive" | "shielded";
                            incidentId: string | null;
                            tracks: string[];
                            /** Format: date-time */
                            openedAt: string;
                            closedAt: string | null;
                            closeReason: string | null;
                            retentionUntil: string | null;
                            /** @description On legal hold: kept past its retention date, and nobody in it is erased */
                            legalHold: boolean;
                            custom: {
                                [key: string]: unknown;
                            };
                            /** @description Send back on changes; a stale version gets 412 */
                            version: number;
                            participants: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                personId: string;
                                role: string;
                                primaryClient: boolean;
                                /** Format: date-time */
                                addedAt: string;
                            }[];
                            assignments: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                userId: string;
                                displayName: string | null;
                                role: string;
                                /** Format: date-time */
                                assignedAt: string;
                            }[];
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/cases/{caseId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One case with participants, workers and the actions you may take (audited) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    caseId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** @description Readable number, e.g. 2026-000123 */
                            number: string;
                            caseType: {
                                /** Format: uuid */
                                id: string;
                                key: string;
                                name: string;
                            };
                            status: string;
                            statusLabel: string;
                            /** @description Statuses the case type allows next */
                            allowedStatuses: string[];
                            /** @description The statuses of allowedStatuses with their case-type labels, so a screen can offer them by name */
                            nextStatuses: {
                                key: string;
                                label: string;
                                /** @description Reaching it closes the case: POST /cases/{caseId}/close (with a reason), not PATCH */
                                closes: boolean;
                            }[];
                            /** Format: uuid */
                            owningUnitId: string;
                            /** @enum {string} */
                            confidentiality: "normal" | "sensitive" | "shielded";
                            incidentId: string | null;
                            tracks: string[];
                            /** Format: date-time */
                            openedAt: string;
                            closedAt: string | null;
                            closeReason: string | null;
                            retentionUntil: string | null;
                            /** @description On legal hold: kept past its retention date, and nobody in it is erased */
                            legalHold: boolean;
                            custom: {
                                [key: string]: unknown;
                            };
                            /** @description Send back on changes; a stale version gets 412 */
                            version: number;
                            participants: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                personId: string;
                                role: string;
                                primaryClient: boolean;
                                /** Format: date-time */
                                addedAt: string;
                            }[];
                            assignments: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                userId: string;
                                displayName: string | null;
                                role: string;
                                /** Format: date-time */
                                assignedAt: string;
                            }[];
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change status (as the case type allows), tracks, confidentiality, custom fields or the linked incident */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    caseId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        version: number;
                        status?: string;
                        tracks?: ("emotional" | "practical" | "legal" | "damage-recovery" | "criminal-proceedings")[];
                        /** @enum {string} */
                        confidentiality?: "normal" | "sensitive" | "shielded";
                        /** @description Custom field values of the case type */
                        custom?: {
                            [key: string]: unknown;
                        };
                        /** @description Link to an incident you can see; null unlinks */
                        incidentId?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** @description Readable number, e.g. 2026-000123 */
                            number: string;
                            caseType: {
                                /** Format: uuid */
                                id: string;
                                key: string;
                                name: string;
                            };
                            status: string;
                            statusLabel: string;
                            /** @description Statuses the case type allows next */
                            allowedStatuses: string[];
                            /** @description The statuses of allowedStatuses with their case-type labels, so a screen can offer them by name */
                            nextStatuses: {
                                key: string;
                                label: string;
                                /** @description Reaching it closes the case: POST /cases/{caseId}/close (with a reason), not PATCH */
                                closes: boolean;
                            }[];
                            /** Format: uuid */
                            owningUnitId: string;
                            /** @enum {string} */
                            confidentiality: "normal" | "sensitive" | "shielded";
                            incidentId: string | null;
                            tracks: string[];
                            /** Format: date-time */
                            openedAt: string;
                            closedAt: string | null;
                            closeReason: string | null;
                            retentionUntil: string | null;
                            /** @description On legal hold: kept past its retention date, and nobody in it is erased */
                            legalHold: boolean;
                            custom: {
                                [key: string]: unknown;
                            };
                            /** @description Send back on changes; a stale version gets 412 */
                            version: number;
                            participants: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                personId: string;
                                role: string;
                                primaryClient: boolean;
                                /** Format: date-time */
                                addedAt: string;
                            }[];
                            assignments: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                userId: string;
                                displayName: string | null;
                                role: string;
                                /** Format: date-time */
                                assignedAt: string;
                            }[];
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        trace?: never;
    };
    "/cases/{caseId}/close": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Close the case with a reason; sets the retention date */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    caseId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        version: number;
                        /** @description Why: recorded in the audit trail */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** @description Readable number, e.g. 2026-000123 */
                            number: string;
                            caseType: {
                                /** Format: uuid */
                                id: string;
                                key: string;
                                name: string;
                            };
                            status: string;
                            statusLabel: string;
                            /** @description Statuses the case type allows next */
                            allowedStatuses: string[];
                            /** @description The statuses of allowedStatuses with their case-type labels, so a screen can offer them by name */
                            nextStatuses: {
                                key: string;
                                label: string;
                                /** @description Reaching it closes the case: POST /cases/{caseId}/close (with a reason), not PATCH */
                                closes: boolean;
                            }[];
                            /** Format: uuid */
                            owningUnitId: string;
                            /** @enum {string} */
                            confidentiality: "normal" | "sensitive" | "shielded";
                            incidentId: string | null;
                            tracks: string[];
                            /** Format: date-time */
                            openedAt: string;
                            closedAt: string | null;
                            closeReason: string | null;
                            retentionUntil: string | null;
                            /** @description On legal hold: kept past its retention date, and nobody in it is erased */
                            legalHold: boolean;
                            custom: {
                                [key: string]: unknown;
                            };
                            /** @description Send back on changes; a stale version gets 412 */
                            version: number;
                            participants: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                personId: string;
                                role: string;
                                primaryClient: boolean;
                                /** Format: date-time */
                                addedAt: string;
                            }[];
                            assignments: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                userId: string;
                                displayName: string | null;
                                role: string;
                                /** Format: date-time */
                                assignedAt: string;
                            }[];
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/cases/{caseId}/reopen": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reopen a closed case with a reason; clears the retention date */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    caseId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        version: number;
                        /** @description Why: recorded in the audit trail */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** @description Readable number, e.g. 2026-000123 */
                            number: string;
                            caseType: {
                                /** Format: uuid */
                                id: string;
                                key: string;
                                name: string;
                            };
                            status: string;
                            statusLabel: string;
                            /** @description Statuses the case type allows next */
                            allowedStatuses: string[];
                            /** @description The statuses of allowedStatuses with their case-type labels, so a screen can offer them by name */
                            nextStatuses: {
                                key: string;
                                label: string;
                                /** @description Reaching it closes the case: POST /cases/{caseId}/close (with a reason), not PATCH */
                                closes: boolean;
                            }[];
                            /** Format: uuid */
                            owningUnitId: string;
                            /** @enum {string} */
                            confidentiality: "normal" | "sensitive" | "shielded";
                            incidentId: string | null;
                            tracks: string[];
                            /** Format: date-time */
                            openedAt: string;
                            closedAt: string | null;
                            closeReason: string | null;
                            retentionUntil: string | null;
                            /** @description On legal hold: kept past its retention date, and nobody in it is erased */
                            legalHold: boolean;
                            custom: {
                                [key: string]: unknown;
                            };
                            /** @description Send back on changes; a stale version gets 412 */
                            version: number;
                            participants: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                personId: string;
                                role: string;
                                primaryClient: boolean;
                                /** Format: date-time */
                                addedAt: string;
                            }[];
                            assignments: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                userId: string;
                                displayName: string | null;
                                role: string;
                                /** Format: date-time */
                                assignedAt: string;
                            }[];
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/cases/{caseId}/assignments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Assign a worker or volunteer */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    caseId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        userId: string;
                        /** @enum {string} */
                        role: "worker" | "volunteer" | "coordinator";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** @description Readable number, e.g. 2026-000123 */
                            number: string;
                            caseType: {
                                /** Format: uuid */
                                id: string;
                                key: string;
                                name: string;
                            };
                            status: string;
                            statusLabel: string;
                            /** @description Statuses the case type allows next */
                            allowedStatuses: string[];
                            /** @description The statuses of allowedStatuses with their case-type labels, so a screen can offer them by name */
                            nextStatuses: {
                                key: string;
                                label: string;
                                /** @description Reaching it closes the case: POST /cases/{caseId}/close (with a reason), not PATCH */
                                closes: boolean;
                            }[];
                            /** Format: uuid */
                            owningUnitId: string;
                            /** @enum {string} */
                            confidentiality: "normal" | "sensitive" | "shielded";
                            incidentId: string | null;
                            tracks: string[];
                            /** Format: date-time */
                            openedAt: string;
                            closedAt: string | null;
                            closeReason: string | null;
                            retentionUntil: string | null;
                            /** @description On legal hold: kept past its retention date, and nobody in it is erased */
                            legalHold: boolean;
                            custom: {
                                [key: string]: unknown;
                            };
                            /** @description Send back on changes; a stale version gets 412 */
                            version: number;
                            participants: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                personId: string;
                                role: string;
                                primaryClient: boolean;
                                /** Format: date-time */
                                addedAt: string;
                            }[];
                            assignments: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                userId: string;
                                displayName: string | null;
                                role: string;
                                /** Format: date-time */
                                assignedAt: string;
                            }[];
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/cases/{caseId}/assignments/{assignmentId}/end": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End an assignment */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    caseId: string;
                    assignmentId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Why: recorded in the audit trail */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** @description Readable number, e.g. 2026-000123 */
                            number: string;
                            caseType: {
                                /** Format: uuid */
                                id: string;
                                key: string;
                                name: string;
                            };
                            status: string;
                            statusLabel: string;
                            /** @description Statuses the case type allows next */
                            allowedStatuses: string[];
                            /** @description The statuses of allowedStatuses with their case-type labels, so a screen can offer them by name */
                            nextStatuses: {
                                key: string;
                                label: string;
                                /** @description Reaching it closes the case: POST /cases/{caseId}/close (with a reason), not PATCH */
                                closes: boolean;
                            }[];
                            /** Format: uuid */
                            owningUnitId: string;
                            /** @enum {string} */
                            confidentiality: "normal" | "sensitive" | "shielded";
                            incidentId: string | null;
                            tracks: string[];
                            /** Format: date-time */
                            openedAt: string;
                            closedAt: string | null;
                            closeReason: string | null;
                            retentionUntil: string | null;
                            /** @description On legal hold: kept past its retention date, and nobody in it is erased */
                            legalHold: boolean;
                            custom: {
                                [key: string]: unknown;
                            };
                            /** @description Send back on changes; a stale version gets 412 */
                            version: number;
                            participants: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                personId: string;
                                role: string;
                                primaryClient: boolean;
                                /** Format: date-time */
                                addedAt: string;
                            }[];
                            assignments: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                userId: string;
                                displayName: string | null;
                                role: string;
                                /** Format: date-time */
                                assignedAt: string;
                            }[];
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/cases/{caseId}/participants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a person to the case in a role */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    caseId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        personId: string;
                        /** @enum {string} */
                        role: "victim" | "next-of-kin" | "witness" | "legal-representative" | "contact-person";
                        primaryClient?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** @description Readable number, e.g. 2026-000123 */
                            number: string;
                            caseType: {
                                /** Format: uuid */
                                id: string;
                                key: string;
                                name: string;
                            };
                            status: string;
                            statusLabel: string;
                            /** @description Statuses the case type allows next */
                            allowedStatuses: string[];
                            /** @description The statuses of allowedStatuses with their case-type labels, so a screen can offer them by name */
                            nextStatuses: {
                                key: string;
                                label: string;
                                /** @description Reaching it closes the case: POST /cases/{caseId}/close (with a reason), not PATCH */
                                closes: boolean;
                            }[];
                            /** Format: uuid */
                            owningUnitId: string;
                            /** @enum {string} */
                            confidentiality: "normal" | "sensitive" | "shielded";
                            incidentId: string | null;
                            tracks: string[];
                            /** Format: date-time */
                            openedAt: string;
                            closedAt: string | null;
                            closeReason: string | null;
                            retentionUntil: string | null;
                            /** @description On legal hold: kept past its retention date, and nobody in it is erased */
                            legalHold: boolean;
                            custom: {
                                [key: string]: unknown;
                            };
                            /** @description Send back on changes; a stale version gets 412 */
                            version: number;
                            participants: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                personId: string;
                                role: string;
                                primaryClient: boolean;
                                /** Format: date-time */
                                addedAt: string;
                            }[];
                            assignments: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                userId: string;
                                displayName: string | null;
                                role: string;
                                /** Format: date-time */
                                assignedAt: string;
                            }[];
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/cases/{caseId}/access-grants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who holds access to this case beyond working on it: its live explicit and break-the-glass grants (audited)
         * @description For whoever may grant access to the case (cases.grant-access in its unit); 404 when the case is not visible to you. Newest first; a case has few live grants, so the list is not paged.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    caseId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                userId: string;
                                displayName: string | null;
                                /** @enum {string} */
                                kind: "explicit" | "break-glass";
                                reason: string;
                                grantedBy: string | null;
                                grantedByName: string | null;
                                /** Format: date-time */
                                grantedAt: string;
                                expiresAt: string | null;
                                reviewedAt: string | null;
                            }[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        /** Give a colleague explicit access to this case (the way into shielded cases) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    caseId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        userId: string;
                        /** @description Why: recorded in the audit trail */
                        reason: string;
                        /** Format: date-time */
                        expiresAt?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            grantId: string;
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/cases/break-glass": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Break the glass: time-limited access to a case outside your scope, after giving a reason; for a shielded case, a request a second person decides
         * @description A case that is not shielded opens at once (201). A shielded case answers 202 with a pending request: its team lead (cases.grant-access in its unit) or a security officer (cases.review-access there) approves or refuses it within two hours on /break-glass-requests. Every attempt is a security event. 404 when no case has that number; after five unknown numbers in an hour 429, whatever the number.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        caseNumber: string;
                        /** @description Why: recorded in the audit trail */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            caseId: string;
                            /** Format: uuid */
                            grantId: string;
                            /** Format: date-time */
                            expiresAt: string;
                        };
                    };
                };
                /** @description Default Response */
                202: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            requestId: string;
                            /** @enum {string} */
                            status: "pending";
                            /**
                             * Format: date-time
                             * @description Decided by then, or expired
                             */
                            expiresAt: string;
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/break-glass-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Break-the-glass requests for shielded cases that you made or may decide (cases.grant-access or cases.review-access in the case’s unit), newest first (audited) */
        get: {
            parameters: {
                query: {
                    status?: "pending" | "approved" | "refused" | "expired";
                    limit: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                caseId: string;
                                caseNumber: string;
                                /** Format: uuid */
                                unitId: string;
                                /** Format: uuid */
                                requestedBy: string;
                                /** @description The requester’s display name */
                                requestedByName: string | null;
                                reason: string;
                                /** Format: date-time */
                                requestedAt: string;
                                /**
                                 * Format: date-time
                                 * @description A request not decided by then has expired
                                 */
                                expiresAt: string;
                                /** @enum {string} */
                                status: "pending" | "approved" | "refused" | "expired";
                                decidedBy: string | null;
                                /** @description The decider’s display name */
                                decidedByName: string | null;
                                decidedAt: string | null;
                                decisionComment: string | null;
                                grantId: string | null;
                                /** @description `approve`, `refuse`: yours to decide */
                                allowedActions: string[];
                            }[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/break-glass-requests/{requestId}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve a pending request: the requester gets break-the-glass access to the case from now (a security event)
         * @description Only the case’s team lead (cases.grant-access in its unit) or a security officer (cases.review-access there), never the requester: 403 for your own request, 404 for one you may not decide, 409 when it is decided or expired already.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    requestId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Why: recorded in the audit trail */
                        comment: string;
                    };
                };
            };
            responses: {
                /** @description The case’s number and unit, never its content */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            caseId: string;
                            caseNumber: string;
                            /** Format: uuid */
                            unitId: string;
                            /** Format: uuid */
                            requestedBy: string;
                            /** @description The requester’s display name */
                            requestedByName: string | null;
                            reason: string;
                            /** Format: date-time */
                            requestedAt: string;
                            /**
                             * Format: date-time
                             * @description A request not decided by then has expired
                             */
                            expiresAt: string;
                            /** @enum {string} */
                            status: "pending" | "approved" | "refused" | "expired";
                            decidedBy: string | null;
                            /** @description The decider’s display name */
                            decidedByName: string | null;
                            decidedAt: string | null;
                            decisionComment: string | null;
                            grantId: string | null;
                            /** @description `approve`, `refuse`: yours to decide */
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/break-glass-requests/{requestId}/refuse": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Refuse a pending request (a security event)
         * @description Only the case’s team lead (cases.grant-access in its unit) or a security officer (cases.review-access there), never the requester: 403 for your own request, 404 for one you may not decide, 409 when it is decided or expired already.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    requestId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Why: recorded in the audit trail */
                        comment: string;
                    };
                };
            };
            responses: {
                /** @description The case’s number and unit, never its content */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            caseId: string;
                            caseNumber: string;
                            /** Format: uuid */
                            unitId: string;
                            /** Format: uuid */
                            requestedBy: string;
                            /** @description The requester’s display name */
                            requestedByName: string | null;
                            reason: string;
                            /** Format: date-time */
                            requestedAt: string;
                            /**
                             * Format: date-time
                             * @description A request not decided by then has expired
                             */
                            expiresAt: string;
                            /** @enum {string} */
                            status: "pending" | "approved" | "refused" | "expired";
                            decidedBy: string | null;
                            /** @description The decider’s display name */
                            decidedByName: string | null;
                            decidedAt: string | null;
                            decisionComment: string | null;
                            grantId: string | null;
                            /** @description `approve`, `refuse`: yours to decide */
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/break-glass-accesses": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Break-the-glass accesses to cases of the units where you review access (who, which case, when, why; audited) */
        get: {
            parameters: {
                query: {
                    reviewed: boolean;
                    limit: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                caseId: string;
                                caseNumber: string;
                                /** Format: uuid */
                                userId: string;
                                /** @description Who broke the glass: her display name */
                                userName: string | null;
                                reason: string;
                                /** Format: date-time */
                                grantedAt: string;
                                expiresAt: string | null;
                                reviewedAt: string | null;
                                reviewedBy: string | null;
                                /** @description The reviewer’s display name */
                                reviewedByName: string | null;
                                /** @description Who approved it: the user herself when the case was not shielded */
                                grantedBy: string | null;
                                /** @description The approver’s display name */
                                grantedByName: string | null;
                            }[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/break-glass-accesses/{grantId}/review": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark a break-the-glass access reviewed, with a comment (not your own) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    grantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Why: recorded in the audit trail */
                        comment: string;
                    };
                };
            };
            responses: {
                /** @description Done */
                204: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/incidents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Incidents you can see with this police or prosecutor reference (exact), newest first: is it known already? (audited)
         * @description Give policeReference, prosecutorReference or both. The items leave out the description: read one incident for it.
         */
        get: {
            parameters: {
                query: {
                    policeReference?: string;
                    prosecutorReference?: string;
                    /** @description The `next` value of the previous page */
                    after?: string;
                    limit: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: uuid */
                                id: string;
                                /** @enum {string} */
                                category: "violence" | "property" | "traffic" | "sexual-offence" | "homicide" | "calamity" | "missing-person" | "other";
                                occurredOn: string | null;
                                place: string | null;
                                policeReference: string | null;
                                prosecutorReference: string | null;
                                /** Format: uuid */
                                owningUnitId: string;
                                /** Format: date-time */
                                createdAt: string;
                                /** @description Send back on changes (or the ETag in If-Match); a stale version gets 412 */
                                version: number;
                            }[];
                            next: string | null;
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        /** Record an incident (gebeurtenis) in a unit; link cases to it with incidentId */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: the same key with the same request replays the first answer instead of acting again (for 24 hours). */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        owningUnitId: string;
                        /** @enum {string} */
                        category: "violence" | "property" | "traffic" | "sexual-offence" | "homicide" | "calamity" | "missing-person" | "other";
                        occurredOn?: string | null;
                        place?: string | null;
                        policeReference?: string | null;
                        prosecutorReference?: string | null;
                        description?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            category: "violence" | "property" | "traffic" | "sexual-offence" | "homicide" | "calamity" | "missing-person" | "other";
                            occurredOn: string | null;
                            place: string | null;
                            policeReference: string | null;
                            prosecutorReference: string | null;
                            /** Format: uuid */
                            owningUnitId: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** @description Send back on changes (or the ETag in If-Match); a stale version gets 412 */
                            version: number;
                            description: string | null;
                            /** @description The cases linked to the incident that you can see */
                            cases: {
                                /** Format: uuid */
                                id: string;
                                number: string;
                                status: string;
                                /** @description The persons in the case you can see */
                                participants: {
                                    /** Format: uuid */
                                    personId: string;
                                    role: string;
                                }[];
                            }[];
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/incidents/{incidentId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One incident with the linked cases you can see and their participants (audited); 404 when not visible to you */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    incidentId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            category: "violence" | "property" | "traffic" | "sexual-offence" | "homicide" | "calamity" | "missing-person" | "other";
                            occurredOn: string | null;
                            place: string | null;
                            policeReference: string | null;
                            prosecutorReference: string | null;
                            /** Format: uuid */
                            owningUnitId: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** @description Send back on changes (or the ETag in If-Match); a stale version gets 412 */
                            version: number;
                            description: string | null;
                            /** @description The cases linked to the incident that you can see */
                            cases: {
                                /** Format: uuid */
                                id: string;
                                number: string;
                                status: string;
                                /** @description The persons in the case you can see */
                                participants: {
                                    /** Format: uuid */
                                    personId: string;
                                    role: string;
                                }[];
                            }[];
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change an incident: cases.update in its unit or in the unit of a linked case you can see
         * @description Name the version you read: If-Match with the ETag, or `version` in the body; none gets 428, a stale one 412.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    incidentId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        version?: number;
                        /** @enum {string} */
                        category?: "violence" | "property" | "traffic" | "sexual-offence" | "homicide" | "calamity" | "missing-person" | "other";
                        occurredOn?: string | null;
                        place?: string | null;
                        policeReference?: string | null;
                        prosecutorReference?: string | null;
                        description?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            category: "violence" | "property" | "traffic" | "sexual-offence" | "homicide" | "calamity" | "missing-person" | "other";
                            occurredOn: string | null;
                            place: string | null;
                            policeReference: string | null;
                            prosecutorReference: string | null;
                            /** Format: uuid */
                            owningUnitId: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** @description Send back on changes (or the ETag in If-Match); a stale version gets 412 */
                            version: number;
                            description: string | null;
                            /** @description The cases linked to the incident that you can see */
                            cases: {
                                /** Format: uuid */
                                id: string;
                                number: string;
                                status: string;
                                /** @description The persons in the case you can see */
                                participants: {
                                    /** Format: uuid */
                                    personId: string;
                                    role: string;
                                }[];
                            }[];
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        trace?: never;
    };
    "/cases/{caseId}/legal-hold": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The case’s legal holds, live and lifted, with their reasons (audited)
         * @description For holders of cases.legal-hold in the case’s unit, whether or not they see the case.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    caseId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            caseId: string;
                            /** @description A live hold keeps the case past its retention date; nobody in it is erased */
                            held: boolean;
                            /** @description Every hold, newest first */
                            holds: {
                                /** Format: uuid */
                                id: string;
                                reason: string;
                                /** Format: uuid */
                                setBy: string;
                                setByName: string | null;
                                /** Format: date-time */
                                setAt: string;
                                liftedAt: string | null;
                                liftedBy: string | null;
                                liftedByName: string | null;
                                liftReason: string | null;
                            }[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        /**
         * Put the case on legal hold with a reason: it is kept past its retention date and nobody in it is erased
         * @description 409 when it is on hold already.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    caseId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Why: recorded in the audit trail */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            caseId: string;
                            /** @description A live hold keeps the case past its retention date; nobody in it is erased */
                            held: boolean;
                            /** @description Every hold, newest first */
                            holds: {
                                /** Format: uuid */
                                id: string;
                                reason: string;
                                /** Format: uuid */
                                setBy: string;
                                setByName: string | null;
                                /** Format: date-time */
                                setAt: string;
                                liftedAt: string | null;
                                liftedBy: string | null;
                                liftedByName: string | null;
                                liftReason: string | null;
                            }[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/cases/{caseId}/legal-hold/lift": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Lift the case’s legal hold with a reason (the hold stays in its history)
         * @description 409 when it is not on hold.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    caseId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Why: recorded in the audit trail */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            caseId: string;
                            /** @description A live hold keeps the case past its retention date; nobody in it is erased */
                            held: boolean;
                            /** @description Every hold, newest first */
                            holds: {
                                /** Format: uuid */
                                id: string;
                                reason: string;
                                /** Format: uuid */
                                setBy: string;
                                setByName: string | null;
                                /** Format: date-time */
                                setAt: string;
                                liftedAt: string | null;
                                liftedBy: string | null;
                                liftedByName: string | null;
                                liftReason: string | null;
                            }[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/persons": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register a person (client)
         * @description Refused with 409 possible-duplicate when a person with the same BSN exists, or similar persons (same date of birth, similar name) exist and confirmNoDuplicate is not true. The problem lists the duplicates you may see and counts the others.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: the same key with the same request replays the first answer instead of acting again (for 24 hours). */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        voornamen?: string | null;
                        roepnaam?: string | null;
                        tussenvoegsel?: string | null;
                        dateOfBirth?: string | null;
                        bsn?: string | null;
                        phones?: string[];
                        emails?: string[];
                        address?: {
                            /** @description 1234AB */
                            postcode: string;
                            huisnummer: number;
                            toevoeging?: string | null;
                            street?: string | null;
                            city?: string | null;
                            country?: string;
                        } | null;
                        preferredLanguage?: string;
                        interpreterNeeded?: boolean;
                        confidentialAddress?: boolean;
                        vulnerabilities?: ("minor" | "cognitive" | "psychological" | "language" | "dependency" | "other")[];
                        achternaam: string;
                        confirmNoDuplicate?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            voornamen: string | null;
                            roepnaam: string | null;
                            tussenvoegsel: string | null;
                            achternaam: string;
                            displayName: string;
                            dateOfBirth: string | null;
                            /** @description The BSN itself is never in this answer: POST /persons/{personId}/bsn/reveal (audited) */
                            hasBsn: boolean;
                            phones: string[];
                            emails: string[];
                            address: {
                                postcode: string;
                                huisnummer: number;
                                toevoeging: string | null;
                                street: string | null;
                                city: string | null;
                                country: string;
                            } | null;
                            /** @description The address is confidential and you may not see it */
                            addressHidden: boolean;
                            preferredLanguage: string;
                            interpreterNeeded: boolean;
                            confidentialAddress: boolean;
                            vulnerabilities: string[];
                            mergedInto: string | null;
                            version: number;
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/persons/{personId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One person (audited); 404 when not visible to you */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    personId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            voornamen: string | null;
                            roepnaam: string | null;
                            tussenvoegsel: string | null;
                            achternaam: string;
                            displayName: string;
                            dateOfBirth: string | null;
                            /** @description The BSN itself is never in this answer: POST /persons/{personId}/bsn/reveal (audited) */
                            hasBsn: boolean;
                            phones: string[];
                            emails: string[];
                            address: {
                                postcode: string;
                                huisnummer: number;
                                toevoeging: string | null;
                                street: string | null;
                                city: string | null;
                                country: string;
                            } | null;
                            /** @description The address is confidential and you may not see it */
                            addressHidden: boolean;
                            preferredLanguage: string;
                            interpreterNeeded: boolean;
                            confidentialAddress: boolean;
                            vulnerabilities: string[];
                            mergedInto: string | null;
                            version: number;
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a person; a stale version gets 412 */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    personId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        voornamen?: string | null;
                        roepnaam?: string | null;
                        tussenvoegsel?: string | null;
                        dateOfBirth?: string | null;
                        bsn?: string | null;
                        phones?: string[];
                        emails?: string[];
                        address?: {
                            /** @description 1234AB */
                            postcode: string;
                            huisnummer: number;
                            toevoeging?: string | null;
                            street?: string | null;
                            city?: string | null;
                            country?: string;
                        } | null;
                        preferredLanguage?: string;
                        interpreterNeeded?: boolean;
                        confidentialAddress?: boolean;
                        vulnerabilities?: ("minor" | "cognitive" | "psychological" | "language" | "dependency" | "other")[];
                        achternaam?: string;
                        version: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            voornamen: string | null;
                            roepnaam: string | null;
                            tussenvoegsel: string | null;
                            achternaam: string;
                            displayName: string;
                            dateOfBirth: string | null;
                            /** @description The BSN itself is never in this answer: POST /persons/{personId}/bsn/reveal (audited) */
                            hasBsn: boolean;
                            phones: string[];
                            emails: string[];
                            address: {
                                postcode: string;
                                huisnummer: number;
                                toevoeging: string | null;
                                street: string | null;
                                city: string | null;
                                country: string;
                            } | null;
                            /** @description The address is confidential and you may not see it */
                            addressHidden: boolean;
                            preferredLanguage: string;
                            interpreterNeeded: boolean;
                            confidentialAddress: boolean;
                            vulnerabilities: string[];
                            mergedInto: string | null;
                            version: number;
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        trace?: never;
    };
    "/persons/{personId}/bsn/reveal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Show the person’s BSN (audited as person.bsn-reveal); 404 when not visible to you
         * @description A person’s answers never carry the BSN: a screen shows it masked until the user asks for it here.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    personId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            bsn: string | null;
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/persons/{personId}/consents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The person’s consents, newest first (audited); 404 when not visible to you */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    personId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: uuid */
                                id: string;
                                subject: string;
                                given: boolean;
                                source: string;
                                /** Format: date-time */
                                recordedAt: string;
                                note: string | null;
                            }[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        /** Record a consent (what, given or withdrawn, from which source) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    personId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        subject: "support" | "data-sharing-police" | "data-sharing-partners" | "contact-by-email" | "contact-by-sms" | "research";
                        given: boolean;
                        /** @enum {string} */
                        source: "client" | "police" | "prosecutor" | "legal-representative" | "parent-or-guardian" | "other";
                        note?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: uuid */
                                id: string;
                                subject: string;
                                given: boolean;
                                source: string;
                                /** Format: date-time */
                                recordedAt: string;
                                note: string | null;
                            }[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/persons/{personId}/merge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Merge a duplicate into this person (its case participations move here; the duplicate stays as history) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    personId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        duplicateId: string;
                        /** @description Why: recorded in the audit trail */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            voornamen: string | null;
                            roepnaam: string | null;
                            tussenvoegsel: string | null;
                            achternaam: string;
                            displayName: string;
                            dateOfBirth: string | null;
                            /** @description The BSN itself is never in this answer: POST /persons/{personId}/bsn/reveal (audited) */
                            hasBsn: boolean;
                            phones: string[];
                            emails: string[];
                            address: {
                                postcode: string;
                                huisnummer: number;
                                toevoeging: string | null;
                                street: string | null;
                                city: string | null;
                                country: string;
                            } | null;
                            /** @description The address is confidential and you may not see it */
                            addressHidden: boolean;
                            preferredLanguage: string;
                            interpreterNeeded: boolean;
                            confidentialAddress: boolean;
                            vulnerabilities: string[];
                            mergedInto: string | null;
                            version: number;
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/referrals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Referrals in first-contact deadline order (overdue first): the team queue (units where you hold referrals.read-unit), mine (assigned to me) or all you can see */
        get: {
            parameters: {
                query: {
                    view: "queue" | "mine" | "all";
                    unitId?: string;
                    status?: "open" | "in-contact" | "not-reached" | "converted" | "duplicate" | "declined";
                    /** @description The `next` value of the previous page */
                    after?: string;
                    limit: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: uuid */
                                id: string;
                                /** @enum {string} */
                                source: "police" | "public-prosecutor" | "zsm" | "self" | "partner";
                                channel: string;
                                /** Format: date-time */
                                receivedAt: string;
                                sourceReference: string | null;
                                /** Format: uuid */
                                owningUnitId: string;
                                personId: string | null;
                                /** @enum {string} */
                                status: "open" | "in-contact" | "not-reached" | "converted" | "duplicate" | "declined";
                                /** Format: date-time */
                                firstContactDueAt: string;
                                /** @description Live and past its first-contact deadline */
                                overdue: boolean;
                                workingDaysLeft: number | null;
                                failedAttempts: number;
                                assignedTo: string | null;
                                convertedCaseId: string | null;
                                consentGiven: boolean;
                                /** @description Send back on changes; a stale version gets 412 */
                                version: number;
                            }[];
                            next: string | null;
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        /** Register a referral that came in by phone, e-mail, letter, web form or in person */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: the same key with the same request replays the first answer instead of acting again (for 24 hours). */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        source: "police" | "public-prosecutor" | "zsm" | "self" | "partner";
                        /**
                         * @default phone
                         * @enum {string}
                         */
                        channel: "phone" | "email" | "web-form" | "letter" | "in-person";
                        sourceReference?: string;
                        /** Format: uuid */
                        owningUnitId: string;
                        /**
                         * Format: date-time
                         * @description When it came in (default: now); not in the future
                         */
                        receivedAt?: string;
                        consent?: {
                            given: boolean;
                            /** @enum {string} */
                            source?: "client" | "police" | "prosecutor" | "legal-representative" | "parent-or-guardian" | "other";
                        };
                        /** Format: uuid */
                        personId?: string;
                        /** Format: uuid */
                        incidentId?: string;
                        person?: {
                            voornamen?: string;
                            roepnaam?: string;
                            tussenvoegsel?: string;
                            achternaam: string;
                            /** Format: date */
                            dateOfBirth?: string;
                            /** @description Validated with the elfproef when the person is registered */
                            bsn?: string;
                            phones?: string[];
                            emails?: string[];
                            address?: {
                                postcode: string;
                                huisnummer: number;
                                toevoeging?: string;
                                street?: string;
                                city?: string;
                            };
                            preferredLanguage?: string;
                            interpreterNeeded?: boolean;
                        };
                        /** @enum {string} */
                        role?: "victim" | "next-of-kin" | "witness" | "legal-representative" | "contact-person";
                        incident?: {
                            /** @enum {string} */
                            category?: "violence" | "property" | "traffic" | "sexual-offence" | "homicide" | "calamity" | "missing-person" | "other";
                            /** Format: date */
                            occurredOn?: string;
                            place?: string;
                            policeReference?: string;
                            description?: string;
                        };
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            source: "police" | "public-prosecutor" | "zsm" | "self" | "partner";
                            channel: string;
                            /** Format: date-time */
                            receivedAt: string;
                            sourceReference: string | null;
                            /** Format: uuid */
                            owningUnitId: string;
                            personId: string | null;
                            /** @enum {string} */
                            status: "open" | "in-contact" | "not-reached" | "converted" | "duplicate" | "declined";
                            /** Format: date-time */
                            firstContactDueAt: string;
                            /** @description Live and past its first-contact deadline */
                            overdue: boolean;
                            workingDaysLeft: number | null;
                            failedAttempts: number;
                            assignedTo: string | null;
                            convertedCaseId: string | null;
                            consentGiven: boolean;
                            /** @description Send back on changes; a stale version gets 412 */
                            version: number;
                            incidentId: string | null;
                            consentSource: ("client" | "police" | "prosecutor" | "legal-representative" | "parent-or-guardian" | "other") | null;
                            closedReason: string | null;
                            closedAt: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            payload: {
                                [key: string]: unknown;
                            } | null;
                            attempts: {
                                /** Format: uuid */
                                id: string;
                                /** Format: date-time */
                                at: string;
                                /** @enum {string} */
                                channel: "phone" | "sms" | "email" | "letter" | "visit";
                                /** @enum {string} */
                                outcome: "reached" | "no-answer" | "voicemail" | "wrong-number" | "declined";
                                note: string | null;
                                recordedBy: string | null;
                            }[];
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/referrals/{referralId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One referral with its payload and contact attempts (audited); 404 when not visible to you */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    referralId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            source: "police" | "public-prosecutor" | "zsm" | "self" | "partner";
                            channel: string;
                            /** Format: date-time */
                            receivedAt: string;
                            sourceReference: string | null;
                            /** Format: uuid */
                            owningUnitId: string;
                            personId: string | null;
                            /** @enum {string} */
                            status: "open" | "in-contact" | "not-reached" | "converted" | "duplicate" | "declined";
                            /** Format: date-time */
                            firstContactDueAt: string;
                            /** @description Live and past its first-contact deadline */
                            overdue: boolean;
                            workingDaysLeft: number | null;
                            failedAttempts: number;
                            assignedTo: string | null;
                            convertedCaseId: string | null;
                            consentGiven: boolean;
                            /** @description Send back on changes; a stale version gets 412 */
                            version: number;
                            incidentId: string | null;
                            consentSource: ("client" | "police" | "prosecutor" | "legal-representative" | "parent-or-guardian" | "other") | null;
                            closedReason: string | null;
                            closedAt: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            payload: {
                                [key: string]: unknown;
                            } | null;
                            attempts: {
                                /** Format: uuid */
                                id: string;
                                /** Format: date-time */
                                at: string;
                                /** @enum {string} */
                                channel: "phone" | "sms" | "email" | "letter" | "visit";
                                /** @enum {string} */
                                outcome: "reached" | "no-answer" | "voicemail" | "wrong-number" | "declined";
                                note: string | null;
                                recordedBy: string | null;
                            }[];
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/referrals/{referralId}/assign": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Assign the referral (referrals.assign), take it from your team’s queue (userId: yourself), or give it back (userId: null) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    referralId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        version: number;
                        userId: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            source: "police" | "public-prosecutor" | "zsm" | "self" | "partner";
                            channel: string;
                            /** Format: date-time */
                            receivedAt: string;
                            sourceReference: string | null;
                            /** Format: uuid */
                            owningUnitId: string;
                            personId: string | null;
                            /** @enum {string} */
                            status: "open" | "in-contact" | "not-reached" | "converted" | "duplicate" | "declined";
                            /** Format: date-time */
                            firstContactDueAt: string;
                            /** @description Live and past its first-contact deadline */
                            overdue: boolean;
                            workingDaysLeft: number | null;
                            failedAttempts: number;
                            assignedTo: string | null;
                            convertedCaseId: string | null;
                            consentGiven: boolean;
                            /** @description Send back on changes; a stale version gets 412 */
                            version: number;
                            incidentId: string | null;
                            consentSource: ("client" | "police" | "prosecutor" | "legal-representative" | "parent-or-guardian" | "other") | null;
                            closedReason: string | null;
                            closedAt: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            payload: {
                                [key: string]: unknown;
                            } | null;
                            attempts: {
                                /** Format: uuid */
                                id: string;
                                /** Format: date-time */
                                at: string;
                                /** @enum {string} */
                                channel: "phone" | "sms" | "email" | "letter" | "visit";
                                /** @enum {string} */
                                outcome: "reached" | "no-answer" | "voicemail" | "wrong-number" | "declined";
                                note: string | null;
                                recordedBy: string | null;
                            }[];
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/referrals/{referralId}/attempts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record a contact attempt; after CASUS_REFERRAL_MAX_ATTEMPTS failures the referral is "not reached" and the team gets a letter task */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    referralId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * Format: date-time
                         * @description When (default: now); not in the future, not before the referral came in
                         */
                        at?: string;
                        /** @enum {string} */
                        channel: "phone" | "sms" | "email" | "letter" | "visit";
                        /** @enum {string} */
                        outcome: "reached" | "no-answer" | "voicemail" | "wrong-number" | "declined";
                        /** @description Short and factual ("voicemail ingesproken"); stored unencrypted */
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            source: "police" | "public-prosecutor" | "zsm" | "self" | "partner";
                            channel: string;
                            /** Format: date-time */
                            receivedAt: string;
                            sourceReference: string | null;
                            /** Format: uuid */
                            owningUnitId: string;
                            personId: string | null;
                            /** @enum {string} */
                            status: "open" | "in-contact" | "not-reached" | "converted" | "duplicate" | "declined";
                            /** Format: date-time */
                            firstContactDueAt: string;
                            /** @description Live and past its first-contact deadline */
                            overdue: boolean;
                            workingDaysLeft: number | null;
                            failedAttempts: number;
                            assignedTo: string | null;
                            convertedCaseId: string | null;
                            consentGiven: boolean;
                            /** @description Send back on changes; a stale version gets 412 */
                            version: number;
                            incidentId: string | null;
                            consentSource: ("client" | "police" | "prosecutor" | "legal-representative" | "parent-or-guardian" | "other") | null;
                            closedReason: string | null;
                            closedAt: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            payload: {
                                [key: string]: unknown;
                            } | null;
                            attempts: {
                                /** Format: uuid */
                                id: string;
                                /** Format: date-time */
                                at: string;
                                /** @enum {string} */
                                channel: "phone" | "sms" | "email" | "letter" | "visit";
                                /** @enum {string} */
                                outcome: "reached" | "no-answer" | "voicemail" | "wrong-number" | "declined";
                                note: string | null;
                                recordedBy: string | null;
                            }[];
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/referrals/{referralId}/convert": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Convert the referral to a case in its unit, with a person you can see (personId) or a new one (person, with the duplicate check)
         * @description A possible duplicate of a new person answers 409 possible-duplicate (see POST /persons) and changes nothing.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    referralId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        version: number;
                        /** Format: uuid */
                        personId?: string;
                        person?: {
                            voornamen?: string;
                            roepnaam?: string;
                            tussenvoegsel?: string;
                            achternaam: string;
                            /** Format: date */
                            dateOfBirth?: string;
                            /** @description Validated with the elfproef when the person is registered */
                            bsn?: string;
                            phones?: string[];
                            emails?: string[];
                            address?: {
                                postcode: string;
                                huisnummer: number;
                                toevoeging?: string;
                                street?: string;
                                city?: string;
                            };
                            preferredLanguage?: string;
                            interpreterNeeded?: boolean;
                            confirmNoDuplicate?: boolean;
                        };
                        /** @enum {string} */
                        role?: "victim" | "next-of-kin" | "witness" | "legal-representative" | "contact-person";
                        caseTypeKey?: string;
                        tracks?: ("emotional" | "practical" | "legal" | "damage-recovery" | "criminal-proceedings")[];
                        /** @enum {string} */
                        confidentiality?: "normal" | "sensitive" | "shielded";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            referral: {
                                /** Format: uuid */
                                id: string;
                                /** @enum {string} */
                                source: "police" | "public-prosecutor" | "zsm" | "self" | "partner";
                                channel: string;
                                /** Format: date-time */
                                receivedAt: string;
                                sourceReference: string | null;
                                /** Format: uuid */
                                owningUnitId: string;
                                personId: string | null;
                                /** @enum {string} */
                                status: "open" | "in-contact" | "not-reached" | "converted" | "duplicate" | "declined";
                                /** Format: date-time */
                                firstContactDueAt: string;
                                /** @description Live and past its first-contact deadline */
                                overdue: boolean;
                                workingDaysLeft: number | null;
                                failedAttempts: number;
                                assignedTo: string | null;
                                convertedCaseId: string | null;
                                consentGiven: boolean;
                                /** @description Send back on changes; a stale version gets 412 */
                                version: number;
                                incidentId: string | null;
                                consentSource: ("client" | "police" | "prosecutor" | "legal-representative" | "parent-or-guardian" | "other") | null;
                                closedReason: string | null;
                                closedAt: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                payload: {
                                    [key: string]: unknown;
                                } | null;
                                attempts: {
                                    /** Format: uuid */
                                    id: string;
                                    /** Format: date-time */
                                    at: string;
                                    /** @enum {string} */
                                    channel: "phone" | "sms" | "email" | "letter" | "visit";
                                    /** @enum {string} */
                                    outcome: "reached" | "no-answer" | "voicemail" | "wrong-number" | "declined";
                                    note: string | null;
                                    recordedBy: string | null;
                                }[];
                                allowedActions: string[];
                            };
                            case: {
                                /** Format: uuid */
                                id: string;
                                number: string;
                            };
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/referrals/{referralId}/close": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Close the referral as a duplicate or declined, with a reason */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    referralId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        version: number;
                        /** @enum {string} */
                        status: "duplicate" | "declined";
                        /** @description Why: recorded in the audit trail */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            source: "police" | "public-prosecutor" | "zsm" | "self" | "partner";
                            channel: string;
                            /** Format: date-time */
                            receivedAt: string;
                            sourceReference: string | null;
                            /** Format: uuid */
                            owningUnitId: string;
                            personId: string | null;
                            /** @enum {string} */
                            status: "open" | "in-contact" | "not-reached" | "converted" | "duplicate" | "declined";
                            /** Format: date-time */
                            firstContactDueAt: string;
                            /** @description Live and past its first-contact deadline */
                            overdue: boolean;
                            workingDaysLeft: number | null;
                            failedAttempts: number;
                            assignedTo: string | null;
                            convertedCaseId: string | null;
                            consentGiven: boolean;
                            /** @description Send back on changes; a stale version gets 412 */
                            version: number;
                            incidentId: string | null;
                            consentSource: ("client" | "police" | "prosecutor" | "legal-representative" | "parent-or-guardian" | "other") | null;
                            closedReason: string | null;
                            closedAt: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            payload: {
                                [key: string]: unknown;
                            } | null;
                            attempts: {
                                /** Format: uuid */
                                id: string;
                                /** Format: date-time */
                                at: string;
                                /** @enum {string} */
                                channel: "phone" | "sms" | "email" | "letter" | "visit";
                                /** @enum {string} */
                                outcome: "reached" | "no-answer" | "voicemail" | "wrong-number" | "declined";
                                note: string | null;
                                recordedBy: string | null;
                            }[];
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/integration/referrals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Submit a referral (chain partners’ systems, with an API token); Idempotency-Key required
         * @description The referral goes to the queue of the team named by unitCode, or of CASUS_REFERRAL_DEFAULT_UNIT. Send a new Idempotency-Key per referral and the same key on every retry: a retry never makes a second referral.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: the same key with the same request replays the first answer instead of acting again (for 24 hours). */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        source: "police" | "public-prosecutor" | "zsm" | "partner";
                        /** @description The partner’s own reference, e.g. the police registration number */
                        sourceReference?: string;
                        /** @description The team whose queue receives it; default CASUS_REFERRAL_DEFAULT_UNIT */
                        unitCode?: string;
                        consent: {
                            given: boolean;
                            /** @enum {string} */
                            source?: "client" | "police" | "prosecutor" | "legal-representative" | "parent-or-guardian" | "other";
                        };
                        person: {
                            voornamen?: string;
                            roepnaam?: string;
                            tussenvoegsel?: string;
                            achternaam: string;
                            /** Format: date */
                            dateOfBirth?: string;
                            /** @description Validated with the elfproef when the person is registered */
                            bsn?: string;
                            phones?: string[];
                            emails?: string[];
                            address?: {
                                postcode: string;
                                huisnummer: number;
                                toevoeging?: string;
                                street?: string;
                                city?: string;
                            };
                            preferredLanguage?: string;
                            interpreterNeeded?: boolean;
                        };
                        /** @enum {string} */
                        role?: "victim" | "next-of-kin" | "witness" | "legal-representative" | "contact-person";
                        incident?: {
                            /** @enum {string} */
                            category?: "violence" | "property" | "traffic" | "sexual-offence" | "homicide" | "calamity" | "missing-person" | "other";
                            /** Format: date */
                            occurredOn?: string;
                            place?: string;
                            policeReference?: string;
                            description?: string;
                        };
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** Format: date-time */
                            receivedAt: string;
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Tasks you can see: mine (assigned to me), team (the units whose task list you read) or all; overdue first, then by due moment */
        get: {
            parameters: {
                query: {
                    view: "mine" | "team" | "all";
                    unitId?: string;
                    status?: "open" | "done" | "cancelled";
                    caseId?: string;
                    referralId?: string;
                    /** @description The `next` value of the previous page */
                    after?: string;
                    limit: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: uuid */
                                id: string;
                                caseId: string | null;
                                referralId: string | null;
                                /** Format: uuid */
                                owningUnitId: string;
                                title: string;
                                description: string | null;
                                assigneeUserId: string | null;
                                /** Format: date-time */
                                dueAt: string;
                                overdue: boolean;
                                /** @enum {string} */
                                status: "open" | "done" | "cancelled";
                                createdBy: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                completedAt: string | null;
                                cancelReason: string | null;
                                /** @description Send back on changes; a stale version gets 412 */
                                version: number;
                                allowedActions: string[];
                            }[];
                            next: string | null;
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        /** Create a task on a case or a referral you can see, for a colleague or for the team */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: the same key with the same request replays the first answer instead of acting again (for 24 hours). */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        caseId?: string;
                        /** Format: uuid */
                        referralId?: string;
                        title: string;
                        description?: string | null;
                        assigneeUserId?: string | null;
                        /** @description Due at the end of the N-th working day from today (0: today, or the next working day) */
                        dueInWorkingDays?: number;
                        /**
                         * Format: date
                         * @description Due at the end of this day (Amsterdam time); give this or dueInWorkingDays
                         */
                        dueOn?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            caseId: string | null;
                            referralId: string | null;
                            /** Format: uuid */
                            owningUnitId: string;
                            title: string;
                            description: string | null;
                            assigneeUserId: string | null;
                            /** Format: date-time */
                            dueAt: string;
                            overdue: boolean;
                            /** @enum {string} */
                            status: "open" | "done" | "cancelled";
                            createdBy: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            completedAt: string | null;
                            cancelReason: string | null;
                            /** @description Send back on changes; a stale version gets 412 */
                            version: number;
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tasks/{taskId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One task (audited); 404 when not visible to you */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    taskId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            caseId: string | null;
                            referralId: string | null;
                            /** Format: uuid */
                            owningUnitId: string;
                            title: string;
                            description: string | null;
                            assigneeUserId: string | null;
                            /** Format: date-time */
                            dueAt: string;
                            overdue: boolean;
                            /** @enum {string} */
                            status: "open" | "done" | "cancelled";
                            createdBy: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            completedAt: string | null;
                            cancelReason: string | null;
                            /** @description Send back on changes; a stale version gets 412 */
                            version: number;
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change an open task: title, description, assignee (null: the team), due date */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    taskId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        version: number;
                        title?: string;
                        description?: string | null;
                        assigneeUserId?: string | null;
                        /** @description Due at the end of the N-th working day from today (0: today, or the next working day) */
                        dueInWorkingDays?: number;
                        /**
                         * Format: date
                         * @description Due at the end of this day (Amsterdam time); give this or dueInWorkingDays
                         */
                        dueOn?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            caseId: string | null;
                            referralId: string | null;
                            /** Format: uuid */
                            owningUnitId: string;
                            title: string;
                            description: string | null;
                            assigneeUserId: string | null;
                            /** Format: date-time */
                            dueAt: string;
                            overdue: boolean;
                            /** @enum {string} */
                            status: "open" | "done" | "cancelled";
                            createdBy: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            completedAt: string | null;
                            cancelReason: string | null;
                            /** @description Send back on changes; a stale version gets 412 */
                            version: number;
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        trace?: never;
    };
    "/tasks/{taskId}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark an open task done */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    taskId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        version: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            caseId: string | null;
                            referralId: string | null;
                            /** Format: uuid */
                            owningUnitId: string;
                            title: string;
                            description: string | null;
                            assigneeUserId: string | null;
                            /** Format: date-time */
                            dueAt: string;
                            overdue: boolean;
                            /** @enum {string} */
                            status: "open" | "done" | "cancelled";
                            createdBy: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            completedAt: string | null;
                            cancelReason: string | null;
                            /** @description Send back on changes; a stale version gets 412 */
                            version: number;
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tasks/{taskId}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel an open task with a reason (the team, or whoever made it) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    taskId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        version: number;
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            caseId: string | null;
                            referralId: string | null;
                            /** Format: uuid */
                            owningUnitId: string;
                            title: string;
                            description: string | null;
                            assigneeUserId: string | null;
                            /** Format: date-time */
                            dueAt: string;
                            overdue: boolean;
                            /** @enum {string} */
                            status: "open" | "done" | "cancelled";
                            createdBy: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            completedAt: string | null;
                            cancelReason: string | null;
                            /** @description Send back on changes; a stale version gets 412 */
                            version: number;
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/cases/{caseId}/contact-moments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The case’s contact moments, newest first, with their summaries (audited); 404 when the case is not visible to you */
        get: {
            parameters: {
                query: {
                    /** @description The `next` value of the previous page */
                    after?: string;
                    limit: number;
                };
                header?: never;
                path: {
                    caseId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                caseId: string;
                                personId: string | null;
                                channel: string;
                                direction: string;
                                /** Format: date-time */
                                occurredAt: string;
                                durationMinutes: number | null;
                                outcome: string;
                                summary: string;
                                createdBy: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                                /** @description Send back on corrections (or If-Match with the ETag); a stale version gets 412 */
                                version: number;
                                /** @description `update`: you may correct it */
                                allowedActions: string[];
                            }[];
                            next: string | null;
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        /** Log contact on a case you work on (or hold cases.update in its unit); send an Idempotency-Key so retries log it once */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: the same key with the same request replays the first answer instead of acting again (for 24 hours). */
                    "idempotency-key"?: string;
                };
                path: {
                    caseId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        personId?: string | null;
                        /** @enum {string} */
                        channel: "phone" | "video" | "email" | "letter" | "chat" | "visit";
                        /** @enum {string} */
                        direction: "inbound" | "outbound";
                        /**
                         * Format: date-time
                         * @description When the contact took place (default: now); after 2000, not in the future
                         */
                        occurredAt?: string;
                        durationMinutes?: number | null;
                        /** @enum {string} */
                        outcome: "reached" | "no-answer" | "voicemail" | "cancelled" | "completed";
                        /** @description What was discussed; stored encrypted */
                        summary: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            caseId: string;
                            personId: string | null;
                            channel: string;
                            direction: string;
                            /** Format: date-time */
                            occurredAt: string;
                            durationMinutes: number | null;
                            outcome: string;
                            summary: string;
                            createdBy: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                            /** @description Send back on corrections (or If-Match with the ETag); a stale version gets 412 */
                            version: number;
                            /** @description `update`: you may correct it */
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/contact-moments/{contactMomentId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One contact moment with its summary (audited); 404 when not visible to you */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    contactMomentId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            caseId: string;
                            personId: string | null;
                            channel: string;
                            direction: string;
                            /** Format: date-time */
                            occurredAt: string;
                            durationMinutes: number | null;
                            outcome: string;
                            summary: string;
                            createdBy: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                            /** @description Send back on corrections (or If-Match with the ETag); a stale version gets 412 */
                            version: number;
                            /** @description `update`: you may correct it */
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Correct a contact moment: its author within 24 hours, later only holders of contacts.correct (with a reason)
         * @description Name the version you read: If-Match with the ETag, or `version` in the body; a stale one gets 412.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    contactMomentId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        version?: number;
                        personId?: string | null;
                        /** @enum {string} */
                        channel?: "phone" | "video" | "email" | "letter" | "chat" | "visit";
                        /** @enum {string} */
                        direction?: "inbound" | "outbound";
                        /**
                         * Format: date-time
                         * @description When the contact took place (default: now); after 2000, not in the future
                         */
                        occurredAt?: string;
                        durationMinutes?: number | null;
                        /** @enum {string} */
                        outcome?: "reached" | "no-answer" | "voicemail" | "cancelled" | "completed";
                        /** @description What was discussed; stored encrypted */
                        summary?: string;
                        /** @description Why: required unless you correct your own contact moment within 24 hours; recorded in the audit trail */
                        reason?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            caseId: string;
                            personId: string | null;
                            channel: string;
                            direction: string;
                            /** Format: date-time */
                            occurredAt: string;
                            durationMinutes: number | null;
                            outcome: string;
                            summary: string;
                            createdBy: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                            /** @description Send back on corrections (or If-Match with the ETag); a stale version gets 412 */
                            version: number;
                            /** @description `update`: you may correct it */
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        trace?: never;
    };
    "/cases/{caseId}/documents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The documents of a case you can see, newest first (restricted ones only with documents.read-restricted) */
        get: {
            parameters: {
                query: {
                    /** @description What the document is */
                    documentType?: "correspondence" | "police-report" | "medical" | "legal" | "financial" | "identity" | "other";
                    /** @description The `next` value of the previous page */
                    after?: string;
                    limit: number;
                };
                header?: never;
                path: {
                    caseId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                caseId: string;
                                filename: string;
                                /** @description The type found in the content (not the one the uploader declared) */
                                contentType: string;
                                /** @description Bytes */
                                size: number;
                                /** @description Hex SHA-256 of the content */
                                sha256: string;
                                /**
                                 * @description What the document is
                                 * @enum {string}
                                 */
                                documentType: "correspondence" | "police-report" | "medical" | "legal" | "financial" | "identity" | "other";
                                /** @description Only for holders of documents.read-restricted in the case’s unit */
                                restricted: boolean;
                                uploadedBy: string | null;
                                /** Format: date-time */
                                uploadedAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                                /** @description Send back on changes; a stale version gets 412 */
                                version: number;
                                allowedActions: string[];
                            }[];
                            next: string | null;
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        /**
         * Upload a document to a case (raw body, application/octet-stream); its type is found in its content
         * @description Send the file as the body with `Content-Type: application/octet-stream` and its name in `Content-Disposition` (`attachment; filename*=UTF-8''<percent-encoded name>`). The content must be a document type Casus accepts and agree with the name’s extension (400 document-refused), at most CASUS_DOCUMENT_MAX_BYTES (413). When the virus scanner finds something the document is quarantined and the answer is 422 document-quarantined. Needs what changing the case needs; restricted documents also documents.read-restricted.
         */
        post: {
            parameters: {
                query: {
                    /** @description What the document is */
                    documentType?: "correspondence" | "police-report" | "medical" | "legal" | "financial" | "identity" | "other";
                    restricted: boolean;
                };
                header?: {
                    /** @description The file's name: attachment; filename*=UTF-8''… */
                    "content-disposition"?: string;
                    /** @description Makes a retry safe: the same key with the same request replays the first answer instead of acting again (for 24 hours). */
                    "idempotency-key"?: string;
                };
                path: {
                    caseId: string;
                };
                cookie?: never;
            };
            /** @description The file */
            requestBody: {
                content: {
                    "application/octet-stream": string;
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            caseId: string;
                            filename: string;
                            /** @description The type found in the content (not the one the uploader declared) */
                            contentType: string;
                            /** @description Bytes */
                            size: number;
                            /** @description Hex SHA-256 of the content */
                            sha256: string;
                            /**
                             * @description What the document is
                             * @enum {string}
                             */
                            documentType: "correspondence" | "police-report" | "medical" | "legal" | "financial" | "identity" | "other";
                            /** @description Only for holders of documents.read-restricted in the case’s unit */
                            restricted: boolean;
                            uploadedBy: string | null;
                            /** Format: date-time */
                            uploadedAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                            /** @description Send back on changes; a stale version gets 412 */
                            version: number;
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/documents/quarantine": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Documents the virus scanner quarantined, newest first (no names, no case content) */
        get: {
            parameters: {
                query: {
                    /** @description The `next` value of the previous page */
                    after?: string;
                    limit: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                caseId: string;
                                contentType: string;
                                size: number;
                                sha256: string;
                                /** @description What the virus scanner found */
                                signature: string;
                                uploadedBy: string | null;
                                /** Format: date-time */
                                uploadedAt: string;
                                version: number;
                            }[];
                            next: string | null;
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/documents/{documentId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One document’s description (audited) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    documentId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            caseId: string;
                            filename: string;
                            /** @description The type found in the content (not the one the uploader declared) */
                            contentType: string;
                            /** @description Bytes */
                            size: number;
                            /** @description Hex SHA-256 of the content */
                            sha256: string;
                            /**
                             * @description What the document is
                             * @enum {string}
                             */
                            documentType: "correspondence" | "police-report" | "medical" | "legal" | "financial" | "identity" | "other";
                            /** @description Only for holders of documents.read-restricted in the case’s unit */
                            restricted: boolean;
                            uploadedBy: string | null;
                            /** Format: date-time */
                            uploadedAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                            /** @description Send back on changes; a stale version gets 412 */
                            version: number;
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Rename a document, change its type, or (un)mark it restricted */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    documentId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        version?: number;
                        filename?: string;
                        /**
                         * @description What the document is
                         * @enum {string}
                         */
                        documentType?: "correspondence" | "police-report" | "medical" | "legal" | "financial" | "identity" | "other";
                        restricted?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            caseId: string;
                            filename: string;
                            /** @description The type found in the content (not the one the uploader declared) */
                            contentType: string;
                            /** @description Bytes */
                            size: number;
                            /** @description Hex SHA-256 of the content */
                            sha256: string;
                            /**
                             * @description What the document is
                             * @enum {string}
                             */
                            documentType: "correspondence" | "police-report" | "medical" | "legal" | "financial" | "identity" | "other";
                            /** @description Only for holders of documents.read-restricted in the case’s unit */
                            restricted: boolean;
                            uploadedBy: string | null;
                            /** Format: date-time */
                            uploadedAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                            /** @description Send back on changes; a stale version gets 412 */
                            version: number;
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        trace?: never;
    };
    "/documents/{documentId}/content": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download the document (decrypted; audited as a read)
         * @description Always an attachment, with the type found at upload, `nosniff` and a sandboxing Content-Security-Policy, never cached.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    documentId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The file */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/documents/{documentId}/delete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Delete a document, with a reason: its content is destroyed, its record and audit trail stay */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    documentId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        version?: number;
                        /** @description Why: recorded in the audit trail */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Done */
                204: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/cases/{caseId}/overview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The case screen in one request: the case, its participants by name, the latest contact moments and the open tasks (audited); 404 when the case is not visible to you
         * @description The ETag is the case’s (as on GET /cases/{caseId}): send it in If-Match when changing the case.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    caseId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            case: {
                                /** Format: uuid */
                                id: string;
                                /** @description Readable number, e.g. 2026-000123 */
                                number: string;
                                caseType: {
                                    /** Format: uuid */
                                    id: string;
                                    key: string;
                                    name: string;
                                };
                                status: string;
                                statusLabel: string;
                                /** @description Statuses the case type allows next */
                                allowedStatuses: string[];
                                /** @description The statuses of allowedStatuses with their case-type labels, so a screen can offer them by name */
                                nextStatuses: {
                                    key: string;
                                    label: string;
                                    /** @description Reaching it closes the case: POST /cases/{caseId}/close (with a reason), not PATCH */
                                    closes: boolean;
                                }[];
                                /** Format: uuid */
                                owningUnitId: string;
                                /** @enum {string} */
                                confidentiality: "normal" | "sensitive" | "shielded";
                                incidentId: string | null;
                                tracks: string[];
                                /** Format: date-time */
                                openedAt: string;
                                closedAt: string | null;
                                closeReason: string | null;
                                retentionUntil: string | null;
                                /** @description On legal hold: kept past its retention date, and nobody in it is erased */
                                legalHold: boolean;
                                custom: {
                                    [key: string]: unknown;
                                };
                                /** @description Send back on changes; a stale version gets 412 */
                                version: number;
                                participants: {
                                    /** Format: uuid */
                                    id: string;
                                    /** Format: uuid */
                                    personId: string;
                                    role: string;
                                    primaryClient: boolean;
                                    /** Format: date-time */
                                    addedAt: string;
                                }[];
                                assignments: {
                                    /** Format: uuid */
                                    id: string;
                                    /** Format: uuid */
                                    userId: string;
                                    displayName: string | null;
                                    role: string;
                                    /** Format: date-time */
                                    assignedAt: string;
                                }[];
                                allowedActions: string[];
                            };
                            /** @description `person` is null for a person you cannot see */
                            participants: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                personId: string;
                                role: string;
                                primaryClient: boolean;
                                /** Format: date-time */
                                addedAt: string;
                                person: {
                                    /** Format: uuid */
                                    id: string;
                                    /** @description Roepnaam (else the first voornaam), tussenvoegsel, achternaam */
                                    displayName: string;
                                    voornamen: string | null;
                                    roepnaam: string | null;
                                    tussenvoegsel: string | null;
                                    achternaam: string;
                                    dateOfBirth: string | null;
                                    preferredLanguage: string;
                                    interpreterNeeded: boolean;
                                    /** @description The address is confidential: handle mail and visits with care */
                                    confidentialAddress: boolean;
                                } | null;
                            }[];
                            /** @description The latest 10, newest first; more on GET /cases/{caseId}/contact-moments */
                            latestContactMoments: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                caseId: string;
                                personId: string | null;
                                channel: string;
                                direction: string;
                                /** Format: date-time */
                                occurredAt: string;
                                durationMinutes: number | null;
                                outcome: string;
                                summary: string;
                                createdBy: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                                /** @description Send back on corrections (or If-Match with the ETag); a stale version gets 412 */
                                version: number;
                                /** @description `update`: you may correct it */
                                allowedActions: string[];
                            }[];
                            openTasks: {
                                count: number;
                                /** @description The first 5 by due moment, overdue first; all on GET /tasks?view=all&caseId= */
                                items: {
                                    /** Format: uuid */
                                    id: string;
                                    title: string;
                                    assigneeUserId: string | null;
                                    /** Format: date-time */
                                    dueAt: string;
                                    overdue: boolean;
                                    version: number;
                                    allowedActions: string[];
                                }[];
                            };
                            /** @description What you may do with the case (as on GET /cases/{caseId}) */
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Search persons and cases you can see, with one query
         * @description The query is read into terms: a BSN (nine digits, elfproef; needs persons.read-bsn), a date of birth (12-03-1984, 1984-03-12), a phone number (any notation), an e-mail address, a postcode with optional house number (1234 AB 12), a case number (2026-000123), a police reference (PL0900-2026123456); the remaining words are the name (typo-tolerant, accents ignored). All terms must match. Only persons and cases you may see are found. Every search is audited, without the query text.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        query: string;
                        types?: ("persons" | "cases")[];
                        /** @description Per type; default 20 */
                        limit?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            persons: {
                                /** Format: uuid */
                                id: string;
                                displayName: string;
                                dateOfBirth: string | null;
                                /** @description The kinds of terms this result matched, e.g. ["name", "date-of-birth"] */
                                matchedOn: string[];
                                /** @description Higher is a better match: BSN, case number and police reference count 3, e-mail and phone 2, postcode 1, house number and date of birth 0.5, the name its similarity (0-1) */
                                score: number;
                            }[];
                            cases: {
                                /** Format: uuid */
                                id: string;
                                number: string;
                                status: string;
                                /** Format: uuid */
                                owningUnitId: string;
                                /** @description The kinds of terms this result matched, e.g. ["name", "date-of-birth"] */
                                matchedOn: string[];
                                /** @description Higher is a better match: BSN, case number and police reference count 3, e-mail and phone 2, postcode 1, house number and date of birth 0.5, the name its similarity (0-1) */
                                score: number;
                            }[];
                            /** @description The kinds of terms read from the query (bsn, date-of-birth, phone, email, postcode, house-number, case-number, police-reference, name, unrecognised) */
                            terms: string[];
                            /** @description How the name words matched: 'exact' (whole words; similar names are tried only when no exact match is visible to you), 'similar' (typo-tolerant), null without name words */
                            nameMatching: ("exact" | "similar") | null;
                            /** @description The name, phone or e-mail matched more than 5,000 persons (visible to you or not), so no persons are listed: add a first name, date of birth or postcode */
                            tooBroad: boolean;
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/audit/verification": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The audit trail’s tamper evidence: the sealed tree, the newest checkpoint, the last verification and the last that passed (audited) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * @description The outcome of the latest verification run
                             * @enum {string}
                             */
                            state: "verified" | "failed" | "not-run";
                            /** @description A leaf index or tree size (decimal; may exceed 2^53) */
                            treeSize: string;
                            /** @description When events were last sealed */
                            sealedAt: string | null;
                            /** @description A leaf index or tree size (decimal; may exceed 2^53) */
                            boundary: string;
                            checkpoint: {
                                /** @description A leaf index or tree size (decimal; may exceed 2^53) */
                                size: string;
                                /** @description Base64 SHA-256 root of the RFC 6962 tree of `size` leaves */
                                root: string;
                                /** Format: date-time */
                                issuedAt: string;
                                /** @description The signing key’s note key id (8 hex digits) */
                                keyId: string;
                                /** @description When its copy reached the witness store */
                                witnessedAt: string | null;
                                /** @description The C2SP signed checkpoint note, verifiable with the keys of GET /audit/keys */
                                note: string;
                            } | null;
                            unwitnessedCheckpoints: number;
                            witnessStore: string | null;
                            lastRun: {
                                id: string;
                                /** Format: date-time */
                                startedAt: string;
                                /** Format: date-time */
                                finishedAt: string;
                                /** @enum {string} */
                                mode: "incremental" | "full";
                                ok: boolean;
                                /** @description A leaf index or tree size (decimal; may exceed 2^53) */
                                fromLeaf: string;
                                /** @description A leaf index or tree size (decimal; may exceed 2^53) */
                                toLeaf: string;
                                /** @description A leaf index or tree size (decimal; may exceed 2^53) */
                                boundary: string;
                                checkpoint: {
                                    /** @description A leaf index or tree size (decimal; may exceed 2^53) */
                                    size: string;
                                    /** @description Base64 SHA-256 */
                                    root: string;
                                } | null;
                                checkpointsCompared: number;
                                firstBad: {
                                    leafIndex: string | null;
                                    eventId: string | null;
                                    exact: boolean;
                                } | null;
                                findings: {
                                    /** @enum {string} */
                                    kind: "event-modified" | "event-deleted" | "event-without-leaf" | "leaf-missing" | "leaves-truncated" | "root-mismatch" | "bad-note" | "witness-mismatch" | "witness-tampered" | "tombstone-invalid";
                                    leafIndex: string | null;
                                    /** @description Set when the bad leaf is only known to lie before this index */
                                    leafIndexBefore?: string | null;
                                    eventId: string | null;
                                    detail: string;
                                }[];
                                warnings: string[];
                            } | null;
                            lastSuccess: {
                                id: string;
                                /** Format: date-time */
                                startedAt: string;
                                /** Format: date-time */
                                finishedAt: string;
                                /** @enum {string} */
                                mode: "incremental" | "full";
                                ok: boolean;
                                /** @description A leaf index or tree size (decimal; may exceed 2^53) */
                                fromLeaf: string;
                                /** @description A leaf index or tree size (decimal; may exceed 2^53) */
                                toLeaf: string;
                                /** @description A leaf index or tree size (decimal; may exceed 2^53) */
                                boundary: string;
                                checkpoint: {
                                    /** @description A leaf index or tree size (decimal; may exceed 2^53) */
                                    size: string;
                                    /** @description Base64 SHA-256 */
                                    root: string;
                                } | null;
                                checkpointsCompared: number;
                                firstBad: {
                                    leafIndex: string | null;
                                    eventId: string | null;
                                    exact: boolean;
                                } | null;
                                findings: {
                                    /** @enum {string} */
                                    kind: "event-modified" | "event-deleted" | "event-without-leaf" | "leaf-missing" | "leaves-truncated" | "root-mismatch" | "bad-note" | "witness-mismatch" | "witness-tampered" | "tombstone-invalid";
                                    leafIndex: string | null;
                                    /** @description Set when the bad leaf is only known to lie before this index */
                                    leafIndexBefore?: string | null;
                                    eventId: string | null;
                                    detail: string;
                                }[];
                                warnings: string[];
                            } | null;
                            failuresSinceSuccess: number;
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/audit/verification/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Verification runs, newest first, with their range, checkpoint, result and first bad position (audited) */
        get: {
            parameters: {
                query: {
                    /** @description The `next` value of the previous page */
                    after?: string;
                    limit: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                /** Format: date-time */
                                startedAt: string;
                                /** Format: date-time */
                                finishedAt: string;
                                /** @enum {string} */
                                mode: "incremental" | "full";
                                ok: boolean;
                                /** @description A leaf index or tree size (decimal; may exceed 2^53) */
                                fromLeaf: string;
                                /** @description A leaf index or tree size (decimal; may exceed 2^53) */
                                toLeaf: string;
                                /** @description A leaf index or tree size (decimal; may exceed 2^53) */
                                boundary: string;
                                checkpoint: {
                                    /** @description A leaf index or tree size (decimal; may exceed 2^53) */
                                    size: string;
                                    /** @description Base64 SHA-256 */
                                    root: string;
                                } | null;
                                checkpointsCompared: number;
                                firstBad: {
                                    leafIndex: string | null;
                                    eventId: string | null;
                                    exact: boolean;
                                } | null;
                                findings: {
                                    /** @enum {string} */
                                    kind: "event-modified" | "event-deleted" | "event-without-leaf" | "leaf-missing" | "leaves-truncated" | "root-mismatch" | "bad-note" | "witness-mismatch" | "witness-tampered" | "tombstone-invalid";
                                    leafIndex: string | null;
                                    /** @description Set when the bad leaf is only known to lie before this index */
                                    leafIndexBefore?: string | null;
                                    eventId: string | null;
                                    detail: string;
                                }[];
                                warnings: string[];
                            }[];
                            next: string | null;
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/audit/checkpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Signed checkpoints (C2SP tlog-checkpoint notes), newest first, with when each reached the witness store (audited) */
        get: {
            parameters: {
                query: {
                    /** @description The `next` value of the previous page */
                    after?: string;
                    limit: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** @description A leaf index or tree size (decimal; may exceed 2^53) */
                                size: string;
                                /** @description Base64 SHA-256 root of the RFC 6962 tree of `size` leaves */
                                root: string;
                                /** Format: date-time */
                                issuedAt: string;
                                /** @description The signing key’s note key id (8 hex digits) */
                                keyId: string;
                                /** @description When its copy reached the witness store */
                                witnessedAt: string | null;
                                /** @description The C2SP signed checkpoint note, verifiable with the keys of GET /audit/keys */
                                note: string;
                            }[];
                            next: string | null;
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/audit/retention-boundaries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Signed retention notes, newest first: the boundary below which expired events were removed, and the rules applied (audited) */
        get: {
            parameters: {
                query: {
                    /** @description The `next` value of the previous page */
                    after?: string;
                    limit: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                /** @description A leaf index or tree size (decimal; may exceed 2^53) */
                                boundary: string;
                                /** @description A leaf index or tree size (decimal; may exceed 2^53) */
                                checkpointSize: string;
                                /** Format: date-time */
                                madeAt: string;
                                witnessedAt: string | null;
                                rules: {
                                    securityDays: number;
                                    accessDays: number;
                                    changeDays: number;
                                };
                                /** @description A leaf index or tree size (decimal; may exceed 2^53) */
                                tombstones: string;
                                /** @description The signed retention note */
                                note: string;
                            }[];
                            next: string | null;
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/audit/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The public keys that sign the checkpoints, as signed-note verifier keys (audited) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            origin: string;
                            keys: {
                                /** @description Signed-note verifier key: <name>+<hex key id>+<base64(0x01 || Ed25519 public key)> */
                                verifierKey: string;
                                name: string;
                                keyId: string;
                                /** @description Signs new checkpoints */
                                active: boolean;
                                source: string;
                            }[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/audit/alerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Detection alerts of the units where you hold audit.alerts (never those about you), newest first (audited) */
        get: {
            parameters: {
                query: {
                    status?: "open" | "acknowledged" | "closed";
                    /** @description The rule that fired (docs: audit README, "Detection") */
                    rule?: string;
                    severity?: "low" | "medium" | "high";
                    /** @description The `next` value of the previous page */
                    after?: string;
                    limit: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: uuid */
                                id: string;
                                /** @description The rule that fired (docs: audit README, "Detection") */
                                rule: string;
                                /**
                                 * @description `match`: single events; `threshold`: a count within a window
                                 * @enum {string}
                                 */
                                kind: "match" | "threshold";
                                /** @description What the rule looks for, as configured when it fired */
                                description: string;
                                /** @enum {string} */
                                severity: "low" | "medium" | "high";
                                actor: {
                                    /** @enum {string} */
                                    kind: "user" | "service";
                                    /** @description The user (or service account) whose actions fired the rule */
                                    id: string;
                                    displayName: string | null;
                                };
                                /** Format: uuid */
                                unitId: string;
                                /** Format: date-time */
                                windowStart: string;
                                /** Format: date-time */
                                windowEnd: string;
                                /** @description A threshold rule’s window */
                                windowMinutes: number | null;
                                /** @description A threshold rule’s threshold */
                                threshold: number | null;
                                /** @description Threshold rules: the most counted within one window; match rules: the matching events */
                                count: number;
                                /** @enum {string} */
                                status: "open" | "acknowledged" | "closed";
                                acknowledgedBy: string | null;
                                acknowledgedAt: string | null;
                                closedBy: string | null;
                                closedAt: string | null;
                                closeReason: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                                /** @description Send back on acknowledge and close (or If-Match with the ETag); a stale version gets 412 */
                                version: number;
                                allowedActions: ("acknowledge" | "close")[];
                            }[];
                            next: string | null;
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/audit/alerts/{alertId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One detection alert with the ids and actions of the events that triggered it (audited) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    alertId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** @description The rule that fired (docs: audit README, "Detection") */
                            rule: string;
                            /**
                             * @description `match`: single events; `threshold`: a count within a window
                             * @enum {string}
                             */
                            kind: "match" | "threshold";
                            /** @description What the rule looks for, as configured when it fired */
                            description: string;
                            /** @enum {string} */
                            severity: "low" | "medium" | "high";
                            actor: {
                                /** @enum {string} */
                                kind: "user" | "service";
                                /** @description The user (or service account) whose actions fired the rule */
                                id: string;
                                displayName: string | null;
                            };
                            /** Format: uuid */
                            unitId: string;
                            /** Format: date-time */
                            windowStart: string;
                            /** Format: date-time */
                            windowEnd: string;
                            /** @description A threshold rule’s window */
                            windowMinutes: number | null;
                            /** @description A threshold rule’s threshold */
                            threshold: number | null;
                            /** @description Threshold rules: the most counted within one window; match rules: the matching events */
                            count: number;
                            /** @enum {string} */
                            status: "open" | "acknowledged" | "closed";
                            acknowledgedBy: string | null;
                            acknowledgedAt: string | null;
                            closedBy: string | null;
                            closedAt: string | null;
                            closeReason: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                            /** @description Send back on acknowledge and close (or If-Match with the ETag); a stale version gets 412 */
                            version: number;
                            allowedActions: ("acknowledge" | "close")[];
                            /** @description The events that triggered the alert, oldest first (at most 500) */
                            events: {
                                /** @description The audit event’s id (search the trail for its details) */
                                id: string;
                                action: string;
                                /** Format: date-time */
                                occurredAt: string;
                            }[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/audit/alerts/{alertId}/acknowledge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Acknowledge an open alert: you are looking into it (409 when it is no longer open)
         * @description Name the version you read: If-Match with the ETag, or `version` in the body; a stale one gets 412.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    alertId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        version?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** @description The rule that fired (docs: audit README, "Detection") */
                            rule: string;
                            /**
                             * @description `match`: single events; `threshold`: a count within a window
                             * @enum {string}
                             */
                            kind: "match" | "threshold";
                            /** @description What the rule looks for, as configured when it fired */
                            description: string;
                            /** @enum {string} */
                            severity: "low" | "medium" | "high";
                            actor: {
                                /** @enum {string} */
                                kind: "user" | "service";
                                /** @description The user (or service account) whose actions fired the rule */
                                id: string;
                                displayName: string | null;
                            };
                            /** Format: uuid */
                            unitId: string;
                            /** Format: date-time */
                            windowStart: string;
                            /** Format: date-time */
                            windowEnd: string;
                            /** @description A threshold rule’s window */
                            windowMinutes: number | null;
                            /** @description A threshold rule’s threshold */
                            threshold: number | null;
                            /** @description Threshold rules: the most counted within one window; match rules: the matching events */
                            count: number;
                            /** @enum {string} */
                            status: "open" | "acknowledged" | "closed";
                            acknowledgedBy: string | null;
                            acknowledgedAt: string | null;
                            closedBy: string | null;
                            closedAt: string | null;
                            closeReason: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                            /** @description Send back on acknowledge and close (or If-Match with the ETag); a stale version gets 412 */
                            version: number;
                            allowedActions: ("acknowledge" | "close")[];
                            /** @description The events that triggered the alert, oldest first (at most 500) */
                            events: {
                                /** @description The audit event’s id (search the trail for its details) */
                                id: string;
                                action: string;
                                /** Format: date-time */
                                occurredAt: string;
                            }[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/audit/alerts/{alertId}/close": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Close an open or acknowledged alert with the finding: misuse dealt with, or why it was none (409 when closed)
         * @description Name the version you read: If-Match with the ETag, or `version` in the body; a stale one gets 412.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    alertId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        version?: number;
                        /** @description Why: recorded in the audit trail */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** @description The rule that fired (docs: audit README, "Detection") */
                            rule: string;
                            /**
                             * @description `match`: single events; `threshold`: a count within a window
                             * @enum {string}
                             */
                            kind: "match" | "threshold";
                            /** @description What the rule looks for, as configured when it fired */
                            description: string;
                            /** @enum {string} */
                            severity: "low" | "medium" | "high";
                            actor: {
                                /** @enum {string} */
                                kind: "user" | "service";
                                /** @description The user (or service account) whose actions fired the rule */
                                id: string;
                                displayName: string | null;
                            };
                            /** Format: uuid */
                            unitId: string;
                            /** Format: date-time */
                            windowStart: string;
                            /** Format: date-time */
                            windowEnd: string;
                            /** @description A threshold rule’s window */
                            windowMinutes: number | null;
                            /** @description A threshold rule’s threshold */
                            threshold: number | null;
                            /** @description Threshold rules: the most counted within one window; match rules: the matching events */
                            count: number;
                            /** @enum {string} */
                            status: "open" | "acknowledged" | "closed";
                            acknowledgedBy: string | null;
                            acknowledgedAt: string | null;
                            closedBy: string | null;
                            closedAt: string | null;
                            closeReason: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                            /** @description Send back on acknowledge and close (or If-Match with the ETag); a stale version gets 412 */
                            version: number;
                            allowedActions: ("acknowledge" | "close")[];
                            /** @description The events that triggered the alert, oldest first (at most 500) */
                            events: {
                                /** @description The audit event’s id (search the trail for its details) */
                                id: string;
                                action: string;
                                /** Format: date-time */
                                occurredAt: string;
                            }[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/audit/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Search the audit trail, newest first (audited as audit.search)
         * @description Needs audit.read granted at the root unit. Every filter given must hold: a person (her data, or shown in a list), a case (the case, what was done in it, or shown in a list), an actor, an action or an action prefix, a result, a time range.
         */
        get: {
            parameters: {
                query: {
                    personId?: string;
                    caseId?: string;
                    /** @description A user’s or service account’s id, or a system component’s name (`outbox-relay`) */
                    actorId?: string;
                    /** @description One action: `case.break-glass` */
                    action?: string;
                    /** @description Actions starting with this: `person.` (every action on persons), `case.read` */
                    actionPrefix?: string;
                    result?: "success" | "denied" | "failure";
                    /** @description From this moment (inclusive) */
                    from?: string;
                    /** @description Before this moment (exclusive); not before `from` */
                    to?: string;
                    /** @description The `next` value of the previous page */
                    after?: string;
                    limit: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** @description The event’s number in the trail */
                                id: string;
                                /** Format: date-time */
                                occurredAt: string;
                                actor: {
                                    /** @description `user`, `service`, `system` or `anonymous` */
                                    kind: string;
                                    id: string | null;
                                    displayName: string | null;
                                };
                                action: string;
                                objectType: string;
                                objectId: string | null;
                                /** @description A list read: the objects it showed */
                                objectIds: string[] | null;
                                dataSubjectId: string | null;
                                /** @description A list read: the persons it showed */
                                dataSubjectIds: string[] | null;
                                /** @enum {string} */
                                result: "success" | "denied" | "failure";
                                reason: string | null;
                                changedFields: string[] | null;
                                details: {
                                    [key: string]: unknown;
                                } | null;
                                origin: {
                                    ip: string | null;
                                    userAgent: string | null;
                                };
                                requestId: string | null;
                                traceId: string | null;
                            }[];
                            next: string | null;
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
                /** @description Not signed in */
                401: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No audit.read at the root unit */
                403: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/audit/events/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export the events a filter matches as CSV or JSON, for an investigation (audited as audit.export)
         * @description Needs audit.export granted at the root unit. The same filters as the search, newest first, at most CASUS_AUDIT_EXPORT_MAX_ROWS events (more is a 400: narrow the filter). The file streams; its audit event is recorded before the first event is sent. CSV cells that a spreadsheet would read as a formula start with an apostrophe.
         */
        get: {
            parameters: {
                query: {
                    personId?: string;
                    caseId?: string;
                    /** @description A user’s or service account’s id, or a system component’s name (`outbox-relay`) */
                    actorId?: string;
                    /** @description One action: `case.break-glass` */
                    action?: string;
                    /** @description Actions starting with this: `person.` (every action on persons), `case.read` */
                    actionPrefix?: string;
                    result?: "success" | "denied" | "failure";
                    /** @description From this moment (inclusive) */
                    from?: string;
                    /** @description Before this moment (exclusive); not before `from` */
                    to?: string;
                    format: "csv" | "json";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "text/csv": string;
                        "application/json": {
                            /** Format: date-time */
                            exportedAt: string;
                            /** @description The filter as given */
                            filter: {
                                [key: string]: string;
                            };
                            count: number;
                            items: {
                                /** @description The event’s number in the trail */
                                id: string;
                                /** Format: date-time */
                                occurredAt: string;
                                actor: {
                                    /** @description `user`, `service`, `system` or `anonymous` */
                                    kind: string;
                                    id: string | null;
                                    displayName: string | null;
                                };
                                action: string;
                                objectType: string;
                                objectId: string | null;
                                /** @description A list read: the objects it showed */
                                objectIds: string[] | null;
                                dataSubjectId: string | null;
                                /** @description A list read: the persons it showed */
                                dataSubjectIds: string[] | null;
                                /** @enum {string} */
                                result: "success" | "denied" | "failure";
                                reason: string | null;
                                changedFields: string[] | null;
                                details: {
                                    [key: string]: unknown;
                                } | null;
                                origin: {
                                    ip: string | null;
                                    userAgent: string | null;
                                };
                                requestId: string | null;
                                traceId: string | null;
                            }[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
                /** @description Not signed in */
                401: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No audit.export at the root unit */
                403: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/audit/persons/{personId}/accesses": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who looked at this client: every read and change of her data, newest first (audited as audit.subject-view)
         * @description For holders of audit.subject-views and for those who work on a case of the person (not as volunteer), when they may see the person; a case worker sees what was done with the person herself and in the cases she works on. Includes list reads and searches that showed the person (`listed`), and events about persons merged into her.
         */
        get: {
            parameters: {
                query: {
                    /** @description The `next` value of the previous page */
                    after?: string;
                    limit: number;
                };
                header?: never;
                path: {
                    personId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                /** Format: date-time */
                                occurredAt: string;
                                actor: {
                                    /** @description `user`, `service`, `system` or `anonymous` */
                                    kind: string;
                                    id: string | null;
                                    displayName: string | null;
                                };
                                /** @description `person.read`, `case.read`, `contact-moment.create`, `case.list`, … */
                                action: string;
                                objectType: string;
                                objectId: string | null;
                                /** @enum {string} */
                                result: "success" | "denied" | "failure";
                                /** @description The person was one of several a list or search showed */
                                listed: boolean;
                            }[];
                            next: string | null;
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
                /** @description Not signed in */
                401: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description You see the person but neither hold audit.subject-views nor work on a case of hers */
                403: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such person, or not visible to you */
                404: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/privacy/processing-activities": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The processing register (GDPR art. 30): its activities by name; for privacy and audit permission holders */
        get: {
            parameters: {
                query: {
                    status: "active" | "retired" | "all";
                    /** @description Only the activity an audit event with this action belongs to */
                    auditAction?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: uuid */
                                id: string;
                                key: string;
                                name: string;
                                purpose: string;
                                /** @enum {string} */
                                legalBasis: "consent" | "contract" | "legal-obligation" | "vital-interests" | "public-task" | "legitimate-interests";
                                legalBasisDetail: string;
                                dataSubjectCategories: string[];
                                personalDataCategories: string[];
                                specialCategories: string[];
                                recipients: string[];
                                processors: string[];
                                thirdCountryTransfers: string;
                                retention: string;
                                securityMeasures: string[];
                                controller: string;
                                dpoContact: string;
                                auditActions: string[];
                                /** @enum {string} */
                                status: "active" | "retired";
                                retiredAt: string | null;
                                retireReason: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                createdBy: string | null;
                                /** Format: date-time */
                                updatedAt: string;
                                updatedBy: string | null;
                                version: number;
                                /** @description `update`, `retire`: what you may do with it now */
                                allowedActions: string[];
                            }[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        /**
         * Add a processing activity to the register, with the audit actions it covers
         * @description An audit action pattern another activity covers is refused (409 `audit-action-pattern-taken`).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Stable identifier, kebab-case; never changes */
                        key: string;
                        name: string;
                        /** @description The purpose of the processing (art. 30(1)(b)) */
                        purpose: string;
                        /**
                         * @description The lawful basis of art. 6(1), a to f
                         * @enum {string}
                         */
                        legalBasis: "consent" | "contract" | "legal-obligation" | "vital-interests" | "public-task" | "legitimate-interests";
                        /** @description The law or task relied on; art. 9 and 10 exceptions */
                        legalBasisDetail?: string;
                        /** @description Categories of data subjects (art. 30(1)(c)) */
                        dataSubjectCategories?: string[];
                        /** @description Categories of personal data (art. 30(1)(c)) */
                        personalDataCategories?: string[];
                        /** @description Special categories (art. 9) and criminal-offence data (art. 10) processed */
                        specialCategories?: string[];
                        /** @description Categories of recipients (art. 30(1)(d)) */
                        recipients?: string[];
                        /** @description Processors acting for the controller */
                        processors?: string[];
                        /** @description Transfers outside the EEA and their safeguards (art. 30(1)(e)) */
                        thirdCountryTransfers?: string;
                        /** @description Time limits for erasure (art. 30(1)(f)) */
                        retention: string;
                        /** @description Technical and organisational security measures (art. 30(1)(g), art. 32) */
                        securityMeasures?: string[];
                        /** @description The controller and its contact details (art. 30(1)(a)) */
                        controller: string;
                        /** @description The data protection officer (FG) and contact */
                        dpoContact?: string;
                        auditActions?: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            key: string;
                            name: string;
                            purpose: string;
                            /** @enum {string} */
                            legalBasis: "consent" | "contract" | "legal-obligation" | "vital-interests" | "public-task" | "legitimate-interests";
                            legalBasisDetail: string;
                            dataSubjectCategories: string[];
                            personalDataCategories: string[];
                            specialCategories: string[];
                            recipients: string[];
                            processors: string[];
                            thirdCountryTransfers: string;
                            retention: string;
                            securityMeasures: string[];
                            controller: string;
                            dpoContact: string;
                            auditActions: string[];
                            /** @enum {string} */
                            status: "active" | "retired";
                            retiredAt: string | null;
                            retireReason: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string | null;
                            /** Format: date-time */
                            updatedAt: string;
                            updatedBy: string | null;
                            version: number;
                            /** @description `update`, `retire`: what you may do with it now */
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/privacy/processing-activities/{activityId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One processing activity, with its ETag */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    activityId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            key: string;
                            name: string;
                            purpose: string;
                            /** @enum {string} */
                            legalBasis: "consent" | "contract" | "legal-obligation" | "vital-interests" | "public-task" | "legitimate-interests";
                            legalBasisDetail: string;
                            dataSubjectCategories: string[];
                            personalDataCategories: string[];
                            specialCategories: string[];
                            recipients: string[];
                            processors: string[];
                            thirdCountryTransfers: string;
                            retention: string;
                            securityMeasures: string[];
                            controller: string;
                            dpoContact: string;
                            auditActions: string[];
                            /** @enum {string} */
                            status: "active" | "retired";
                            retiredAt: string | null;
                            retireReason: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string | null;
                            /** Format: date-time */
                            updatedAt: string;
                            updatedBy: string | null;
                            version: number;
                            /** @description `update`, `retire`: what you may do with it now */
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a processing activity (its key stays); a retired one is kept as it was (409)
         * @description Name the version you read: If-Match with the ETag, or `version` in the body; a stale one gets 412.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    activityId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The version you read (or If-Match with the ETag) */
                        version?: number;
                        name?: string;
                        /** @description The purpose of the processing (art. 30(1)(b)) */
                        purpose?: string;
                        /**
                         * @description The lawful basis of art. 6(1), a to f
                         * @enum {string}
                         */
                        legalBasis?: "consent" | "contract" | "legal-obligation" | "vital-interests" | "public-task" | "legitimate-interests";
                        /** @description The law or task relied on; art. 9 and 10 exceptions */
                        legalBasisDetail?: string;
                        /** @description Categories of data subjects (art. 30(1)(c)) */
                        dataSubjectCategories?: string[];
                        /** @description Categories of personal data (art. 30(1)(c)) */
                        personalDataCategories?: string[];
                        /** @description Special categories (art. 9) and criminal-offence data (art. 10) processed */
                        specialCategories?: string[];
                        /** @description Categories of recipients (art. 30(1)(d)) */
                        recipients?: string[];
                        /** @description Processors acting for the controller */
                        processors?: string[];
                        /** @description Transfers outside the EEA and their safeguards (art. 30(1)(e)) */
                        thirdCountryTransfers?: string;
                        /** @description Time limits for erasure (art. 30(1)(f)) */
                        retention?: string;
                        /** @description Technical and organisational security measures (art. 30(1)(g), art. 32) */
                        securityMeasures?: string[];
                        /** @description The controller and its contact details (art. 30(1)(a)) */
                        controller?: string;
                        /** @description The data protection officer (FG) and contact */
                        dpoContact?: string;
                        auditActions?: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            key: string;
                            name: string;
                            purpose: string;
                            /** @enum {string} */
                            legalBasis: "consent" | "contract" | "legal-obligation" | "vital-interests" | "public-task" | "legitimate-interests";
                            legalBasisDetail: string;
                            dataSubjectCategories: string[];
                            personalDataCategories: string[];
                            specialCategories: string[];
                            recipients: string[];
                            processors: string[];
                            thirdCountryTransfers: string;
                            retention: string;
                            securityMeasures: string[];
                            controller: string;
                            dpoContact: string;
                            auditActions: string[];
                            /** @enum {string} */
                            status: "active" | "retired";
                            retiredAt: string | null;
                            retireReason: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string | null;
                            /** Format: date-time */
                            updatedAt: string;
                            updatedBy: string | null;
                            version: number;
                            /** @description `update`, `retire`: what you may do with it now */
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        trace?: never;
    };
    "/privacy/processing-activities/{activityId}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who changed what in a processing activity, and when: every version with its changed fields, before and after */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    activityId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                version: number;
                                /** @enum {string} */
                                change: "create" | "update" | "retire";
                                /** Format: date-time */
                                changedAt: string;
                                changedBy: string | null;
                                changedFields: string[];
                                /** @description Each changed field with its value before and after (from is null on creation) */
                                changes: {
                                    field: string;
                                    from: unknown;
                                    to: unknown;
                                }[];
                            }[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/privacy/processing-activities/{activityId}/retire": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Retire a processing activity that stopped, with the reason; it must cover no audit action any more (409) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    activityId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The version you read */
                        version: number;
                        /** @description Why: recorded in the audit trail */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            key: string;
                            name: string;
                            purpose: string;
                            /** @enum {string} */
                            legalBasis: "consent" | "contract" | "legal-obligation" | "vital-interests" | "public-task" | "legitimate-interests";
                            legalBasisDetail: string;
                            dataSubjectCategories: string[];
                            personalDataCategories: string[];
                            specialCategories: string[];
                            recipients: string[];
                            processors: string[];
                            thirdCountryTransfers: string;
                            retention: string;
                            securityMeasures: string[];
                            controller: string;
                            dpoContact: string;
                            auditActions: string[];
                            /** @enum {string} */
                            status: "active" | "retired";
                            retiredAt: string | null;
                            retireReason: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string | null;
                            /** Format: date-time */
                            updatedAt: string;
                            updatedBy: string | null;
                            version: number;
                            /** @description `update`, `retire`: what you may do with it now */
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/privacy/persons/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Find the person a data-subject request is from: by BSN, or by surname and date of birth
         * @description Matched as the duplicate check matches, across every case (the privacy officer works on none); audited with the persons found as data subjects. 400 without a BSN or a surname and date of birth.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description The BSN, or the surname and date of birth (given names help) */
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The request being answered (its reference and date): recorded in the audit trail. Sent in the body: it may hold personal data. */
                        reason: string;
                        /** @description From the identity the requester proved (elfproef) */
                        bsn?: string;
                        voornamen?: string;
                        achternaam?: string;
                        /** Format: date */
                        dateOfBirth?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: uuid */
                                personId: string;
                                displayName: string;
                                dateOfBirth: string | null;
                                /** @description `bsn`, `name-and-date-of-birth` */
                                matchedOn: string[];
                            }[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/privacy/persons/{personId}/subject-access": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Everything Casus holds about one person (GDPR art. 15): person, cases, contact, documents, referrals, tasks, who saw them
         * @description Only what concerns the person: their own participations, contact with them or (as primary client) about their case, never what concerns others sharing a case, whose names are struck from free text. Reads past case visibility (shielded cases too), through functions that check privacy.subject-access in the database; audited with the person as data subject and the reason. 404 when there is no such person.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    personId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The request being answered (its reference and date): recorded in the audit trail. Sent in the body: it may hold personal data. */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            generatedAt: string;
                            /** Format: uuid */
                            dataSubjectId: string;
                            person: {
                                /** Format: uuid */
                                id: string;
                                displayName: string;
                                voornamen: string | null;
                                roepnaam: string | null;
                                tussenvoegsel: string | null;
                                achternaam: string;
                                dateOfBirth: string | null;
                                bsn: string | null;
                                phones: string[];
                                emails: string[];
                                address: {
                                    postcode: string;
                                    huisnummer: number | null;
                                    toevoeging: string | null;
                                    street: string | null;
                                    city: string | null;
                                    country: string;
                                } | null;
                                preferredLanguage: string;
                                interpreterNeeded: boolean;
                                confidentialAddress: boolean;
                                vulnerabilities: string[];
                                mergedInto: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                                version: number;
                            };
                            /** @description Duplicates merged into the person */
                            mergedRecords: {
                                /** Format: uuid */
                                id: string;
                                displayName: string;
                                voornamen: string | null;
                                roepnaam: string | null;
                                tussenvoegsel: string | null;
                                achternaam: string;
                                dateOfBirth: string | null;
                                bsn: string | null;
                                phones: string[];
                                emails: string[];
                                address: {
                                    postcode: string;
                                    huisnummer: number | null;
                                    toevoeging: string | null;
                                    street: string | null;
                                    city: string | null;
                                    country: string;
                                } | null;
                                preferredLanguage: string;
                                interpreterNeeded: boolean;
                                confidentialAddress: boolean;
                                vulnerabilities: string[];
                                mergedInto: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                                version: number;
                            }[];
                            consents: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                personId: string;
                                subject: string;
                                given: boolean;
                                source: string;
                                /** Format: date-time */
                                recordedAt: string;
                                note: string | null;
                            }[];
                            cases: {
                                /** Format: uuid */
                                caseId: string;
                                number: string;
                                caseType: string;
                                status: string;
                                confidentiality: string;
                                tracks: string[];
                                /** Format: date-time */
                                openedAt: string;
                                closedAt: string | null;
                                closeReason: string | null;
                                retentionUntil: string | null;
                                custom: {
                                    [key: string]: unknown;
                                } | null;
                                role: string;
                                primaryClient: boolean;
                                /** @description The person is the case's primary client: its records that name nobody are about them */
                                aboutPerson: boolean;
                                /** Format: date-time */
                                addedAt: string;
                                incident: {
                                    /** Format: uuid */
                                    id: string;
                                    category: string;
                                    occurredOn: string | null;
                                    place: string | null;
                                    policeReference: string | null;
                                    prosecutorReference: string | null;
                                    description: string | null;
                                } | null;
                            }[];
                            contactMoments: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                caseId: string;
                                /** @description The person, when contact was with them; null: about the case as a whole */
                                personId: string | null;
                                channel: string;
                                direction: string;
                                /** Format: date-time */
                                occurredAt: string;
                                durationMinutes: number | null;
                                outcome: string;
                                summary: string;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            }[];
                            /** @description Names and dates, not contents */
                            documents: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                caseId: string;
                                filename: string;
                                documentType: string;
                                contentType: string;
                                size: number;
                                restricted: boolean;
                                quarantined: boolean;
                                /** Format: date-time */
                                uploadedAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                                deletedAt: string | null;
                            }[];
                            referrals: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                personId: string;
                                source: string;
                                channel: string;
                                /** Format: date-time */
                                receivedAt: string;
                                sourceReference: string | null;
                                /** @description What the referrer sent, as received */
                                payload: {
                                    [key: string]: unknown;
                                };
                                consentGiven: boolean;
                                consentSource: string | null;
                                status: string;
                                closedReason: string | null;
                                closedAt: string | null;
                                convertedCaseId: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                attempts: {
                                    /** Format: uuid */
                                    id: string;
                                    /** Format: date-time */
                                    at: string;
                                    channel: string;
                                    outcome: string;
                                    note: string | null;
                                }[];
                            }[];
                            tasks: {
                                /** Format: uuid */
                                id: string;
                                caseId: string | null;
                                referralId: string | null;
                                title: string;
                                description: string | null;
                                status: string;
                                /** Format: date-time */
                                dueAt: string;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                                completedAt: string | null;
                                cancelReason: string | null;
                            }[];
                            /** @description Who read or changed the person’s data, when, and for which processing */
                            accessLog: {
                                /** Format: date-time */
                                occurredAt: string;
                                action: string;
                                /** @description What the processing was for: the register activity of the action */
                                processingActivity: {
                                    /** Format: uuid */
                                    id: string;
                                    key: string;
                                    name: string;
                                } | null;
                                /** @description user (staff), service (a chain partner’s system), system (Casus itself), anonymous */
                                actorKind: string;
                                actorId: string | null;
                                objectType: string;
                                objectId: string | null;
                                result: string;
                            }[];
                            rectificationHistory: {
                                /** Format: date-time */
                                occurredAt: string;
                                action: string;
                                objectType: string;
                                objectId: string | null;
                                actorKind: string;
                                actorId: string | null;
                                /** @description The fields changed; Casus keeps no earlier values */
                                changedFields: string[];
                                reason: string | null;
                            }[];
                            /** @description How many names, numbers and addresses of other people were struck from the free text */
                            redactions: number;
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/privacy/persons/{personId}/subject-access.pdf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The same export as a PDF for the person who asked (Dutch)
         * @description Reads past case visibility (shielded cases too), through functions that check privacy.subject-access in the database; audited with the person as data subject and the reason. 404 when there is no such person.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    personId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The request being answered (its reference and date): recorded in the audit trail. Sent in the body: it may hold personal data. */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pdf": string;
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/privacy/persons/{personId}/rectification-history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Who changed which of the person’s data when (from the audit trail; earlier values are not kept)
         * @description Reads past case visibility (shielded cases too), through functions that check privacy.subject-access in the database; audited with the person as data subject and the reason. 404 when there is no such person.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    personId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The request being answered (its reference and date): recorded in the audit trail. Sent in the body: it may hold personal data. */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            dataSubjectId: string;
                            items: {
                                /** Format: date-time */
                                occurredAt: string;
                                action: string;
                                objectType: string;
                                objectId: string | null;
                                actorKind: string;
                                actorId: string | null;
                                /** @description The fields changed; Casus keeps no earlier values */
                                changedFields: string[];
                                reason: string | null;
                            }[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/privacy/destruction-lists": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Destruction lists, newest first (audited) */
        get: {
            parameters: {
                query: {
                    /** @description The `next` value of the previous page */
                    after?: string;
                    limit: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: uuid */
                                id: string;
                                /** @enum {string} */
                                status: "proposed" | "reviewed" | "approved" | "executing" | "completed" | "cancelled";
                                /**
                                 * Format: date
                                 * @description Lists cases kept until before this day
                                 */
                                cutoff: string;
                                /** Format: date-time */
                                proposedAt: string;
                                proposedBy: {
                                    /** Format: uuid */
                                    id: string;
                                    displayName: string | null;
                                } | null;
                                reviewedBy: {
                                    /** Format: uuid */
                                    id: string;
                                    displayName: string | null;
                                } | null;
                                reviewedAt: string | null;
                                approvedBy: {
                                    /** Format: uuid */
                                    id: string;
                                    displayName: string | null;
                                } | null;
                                approvedAt: string | null;
                                cancelledBy: {
                                    /** Format: uuid */
                                    id: string;
                                    displayName: string | null;
                                } | null;
                                cancelledAt: string | null;
                                cancelReason: string | null;
                                startedAt: string | null;
                                completedAt: string | null;
                                tally: {
                                    pending: number;
                                    removed: number;
                                    destroyed: number;
                                    skipped: number;
                                    /** @description On the list when it was cancelled: proposed again next time */
                                    withdrawn: number;
                                    /** @description Destroyed cases whose document blobs still wait for removal (their keys are gone) */
                                    blobsPending: number;
                                    /** @description What went with the case(s), per kind */
                                    totals: {
                                        contactMoments: number;
                                        /** @description Crypto-shredded: their keys gone, their blobs removed */
                                        documents: number;
                                        tasks: number;
                                        referrals: number;
                                        participants: number;
                                        assignments: number;
                                        incidents: number;
                                        /** @description Took part in no other case: erased */
                                        personsErased: number;
                                        /** @description Took part in no other case, but something else (a referral) still refers to them */
                                        personsKept: number;
                                    };
                                    /** @description Destroyed cases per case type */
                                    byCaseType: {
                                        [key: string]: number;
                                    };
                                };
                                allowedActions: string[];
                            }[];
                            next: string | null;
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        /**
         * Draw up a destruction list now of the cases past their retention date (not on legal hold)
         * @description The monthly schedule does the same. It lists the cases no open list holds yet; 409 when there is none.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            status: "proposed" | "reviewed" | "approved" | "executing" | "completed" | "cancelled";
                            /**
                             * Format: date
                             * @description Lists cases kept until before this day
                             */
                            cutoff: string;
                            /** Format: date-time */
                            proposedAt: string;
                            proposedBy: {
                                /** Format: uuid */
                                id: string;
                                displayName: string | null;
                            } | null;
                            reviewedBy: {
                                /** Format: uuid */
                                id: string;
                                displayName: string | null;
                            } | null;
                            reviewedAt: string | null;
                            approvedBy: {
                                /** Format: uuid */
                                id: string;
                                displayName: string | null;
                            } | null;
                            approvedAt: string | null;
                            cancelledBy: {
                                /** Format: uuid */
                                id: string;
                                displayName: string | null;
                            } | null;
                            cancelledAt: string | null;
                            cancelReason: string | null;
                            startedAt: string | null;
                            completedAt: string | null;
                            tally: {
                                pending: number;
                                removed: number;
                                destroyed: number;
                                skipped: number;
                                /** @description On the list when it was cancelled: proposed again next time */
                                withdrawn: number;
                                /** @description Destroyed cases whose document blobs still wait for removal (their keys are gone) */
                                blobsPending: number;
                                /** @description What went with the case(s), per kind */
                                totals: {
                                    contactMoments: number;
                                    /** @description Crypto-shredded: their keys gone, their blobs removed */
                                    documents: number;
                                    tasks: number;
                                    referrals: number;
                                    participants: number;
                                    assignments: number;
                                    incidents: number;
                                    /** @description Took part in no other case: erased */
                                    personsErased: number;
                                    /** @description Took part in no other case, but something else (a referral) still refers to them */
                                    personsKept: number;
                                };
                                /** @description Destroyed cases per case type */
                                byCaseType: {
                                    [key: string]: number;
                                };
                            };
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/privacy/destruction-lists/{roundId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One destruction list with its tally (audited) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    roundId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            status: "proposed" | "reviewed" | "approved" | "executing" | "completed" | "cancelled";
                            /**
                             * Format: date
                             * @description Lists cases kept until before this day
                             */
                            cutoff: string;
                            /** Format: date-time */
                            proposedAt: string;
                            proposedBy: {
                                /** Format: uuid */
                                id: string;
                                displayName: string | null;
                            } | null;
                            reviewedBy: {
                                /** Format: uuid */
                                id: string;
                                displayName: string | null;
                            } | null;
                            reviewedAt: string | null;
                            approvedBy: {
                                /** Format: uuid */
                                id: string;
                                displayName: string | null;
                            } | null;
                            approvedAt: string | null;
                            cancelledBy: {
                                /** Format: uuid */
                                id: string;
                                displayName: string | null;
                            } | null;
                            cancelledAt: string | null;
                            cancelReason: string | null;
                            startedAt: string | null;
                            completedAt: string | null;
                            tally: {
                                pending: number;
                                removed: number;
                                destroyed: number;
                                skipped: number;
                                /** @description On the list when it was cancelled: proposed again next time */
                                withdrawn: number;
                                /** @description Destroyed cases whose document blobs still wait for removal (their keys are gone) */
                                blobsPending: number;
                                /** @description What went with the case(s), per kind */
                                totals: {
                                    contactMoments: number;
                                    /** @description Crypto-shredded: their keys gone, their blobs removed */
                                    documents: number;
                                    tasks: number;
                                    referrals: number;
                                    participants: number;
                                    assignments: number;
                                    incidents: number;
                                    /** @description Took part in no other case: erased */
                                    personsErased: number;
                                    /** @description Took part in no other case, but something else (a referral) still refers to them */
                                    personsKept: number;
                                };
                                /** @description Destroyed cases per case type */
                                byCaseType: {
                                    [key: string]: number;
                                };
                            };
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/privacy/destruction-lists/{roundId}/items": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The cases on a list, oldest retention date first, in the units where you hold privacy.destruction (audited) */
        get: {
            parameters: {
                query: {
                    status?: "pending" | "removed" | "destroyed" | "skipped" | "withdrawn";
                    /** @description The `next` value of the previous page */
                    after?: string;
                    limit: number;
                };
                header?: never;
                path: {
                    roundId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                roundId: string;
                                /** Format: uuid */
                                caseId: string;
                                caseNumber: string;
                                caseTypeKey: string;
                                /** Format: uuid */
                                owningUnitId: string;
                                /** Format: date */
                                retentionUntil: string;
                                /** @enum {string} */
                                status: "pending" | "removed" | "destroyed" | "skipped" | "withdrawn";
                                /** @description On a live legal hold now: it will be skipped when its turn comes */
                                legalHold: boolean;
                                removedBy: {
                                    /** Format: uuid */
                                    id: string;
                                    displayName: string | null;
                                } | null;
                                removedAt: string | null;
                                removalReason: string | null;
                                skipReason: string | null;
                                doneAt: string | null;
                                counts: {
                                    contactMoments: number;
                                    /** @description Crypto-shredded: their keys gone, their blobs removed */
                                    documents: number;
                                    tasks: number;
                                    referrals: number;
                                    participants: number;
                                    assignments: number;
                                    incidents: number;
                                    /** @description Took part in no other case: erased */
                                    personsErased: number;
                                    /** @description Took part in no other case, but something else (a referral) still refers to them */
                                    personsKept: number;
                                } | null;
                            }[];
                            next: string | null;
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/privacy/destruction-lists/{roundId}/items/{itemId}/remove": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Take a case off a proposed list, with a reason (it is proposed again next time unless put on legal hold)
         * @description 409 once the list is reviewed: cancel it to start again.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    roundId: string;
                    itemId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Why: recorded in the audit trail */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            status: "proposed" | "reviewed" | "approved" | "executing" | "completed" | "cancelled";
                            /**
                             * Format: date
                             * @description Lists cases kept until before this day
                             */
                            cutoff: string;
                            /** Format: date-time */
                            proposedAt: string;
                            proposedBy: {
                                /** Format: uuid */
                                id: string;
                                displayName: string | null;
                            } | null;
                            reviewedBy: {
                                /** Format: uuid */
                                id: string;
                                displayName: string | null;
                            } | null;
                            reviewedAt: string | null;
                            approvedBy: {
                                /** Format: uuid */
                                id: string;
                                displayName: string | null;
                            } | null;
                            approvedAt: string | null;
                            cancelledBy: {
                                /** Format: uuid */
                                id: string;
                                displayName: string | null;
                            } | null;
                            cancelledAt: string | null;
                            cancelReason: string | null;
                            startedAt: string | null;
                            completedAt: string | null;
                            tally: {
                                pending: number;
                                removed: number;
                                destroyed: number;
                                skipped: number;
                                /** @description On the list when it was cancelled: proposed again next time */
                                withdrawn: number;
                                /** @description Destroyed cases whose document blobs still wait for removal (their keys are gone) */
                                blobsPending: number;
                                /** @description What went with the case(s), per kind */
                                totals: {
                                    contactMoments: number;
                                    /** @description Crypto-shredded: their keys gone, their blobs removed */
                                    documents: number;
                                    tasks: number;
                                    referrals: number;
                                    participants: number;
                                    assignments: number;
                                    incidents: number;
                                    /** @description Took part in no other case: erased */
                                    personsErased: number;
                                    /** @description Took part in no other case, but something else (a referral) still refers to them */
                                    personsKept: number;
                                };
                                /** @description Destroyed cases per case type */
                                byCaseType: {
                                    [key: string]: number;
                                };
                            };
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/privacy/destruction-lists/{roundId}/review": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Review the list: the first signature; the list as it stands is what a second person approves
         * @description 403 when it holds cases of units where you do not hold privacy.destruction; 409 when not proposed or empty.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    roundId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            status: "proposed" | "reviewed" | "approved" | "executing" | "completed" | "cancelled";
                            /**
                             * Format: date
                             * @description Lists cases kept until before this day
                             */
                            cutoff: string;
                            /** Format: date-time */
                            proposedAt: string;
                            proposedBy: {
                                /** Format: uuid */
                                id: string;
                                displayName: string | null;
                            } | null;
                            reviewedBy: {
                                /** Format: uuid */
                                id: string;
                                displayName: string | null;
                            } | null;
                            reviewedAt: string | null;
                            approvedBy: {
                                /** Format: uuid */
                                id: string;
                                displayName: string | null;
                            } | null;
                            approvedAt: string | null;
                            cancelledBy: {
                                /** Format: uuid */
                                id: string;
                                displayName: string | null;
                            } | null;
                            cancelledAt: string | null;
                            cancelReason: string | null;
                            startedAt: string | null;
                            completedAt: string | null;
                            tally: {
                                pending: number;
                                removed: number;
                                destroyed: number;
                                skipped: number;
                                /** @description On the list when it was cancelled: proposed again next time */
                                withdrawn: number;
                                /** @description Destroyed cases whose document blobs still wait for removal (their keys are gone) */
                                blobsPending: number;
                                /** @description What went with the case(s), per kind */
                                totals: {
                                    contactMoments: number;
                                    /** @description Crypto-shredded: their keys gone, their blobs removed */
                                    documents: number;
                                    tasks: number;
                                    referrals: number;
                                    participants: number;
                                    assignments: number;
                                    incidents: number;
                                    /** @description Took part in no other case: erased */
                                    personsErased: number;
                                    /** @description Took part in no other case, but something else (a referral) still refers to them */
                                    personsKept: number;
                                };
                                /** @description Destroyed cases per case type */
                                byCaseType: {
                                    [key: string]: number;
                                };
                            };
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/privacy/destruction-lists/{roundId}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve the reviewed list: the second signature, by another person; the cases are then destroyed
         * @description 403 four-eyes for whoever reviewed it (the database refuses it too); 409 when not reviewed.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    roundId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            status: "proposed" | "reviewed" | "approved" | "executing" | "completed" | "cancelled";
                            /**
                             * Format: date
                             * @description Lists cases kept until before this day
                             */
                            cutoff: string;
                            /** Format: date-time */
                            proposedAt: string;
                            proposedBy: {
                                /** Format: uuid */
                                id: string;
                                displayName: string | null;
                            } | null;
                            reviewedBy: {
                                /** Format: uuid */
                                id: string;
                                displayName: string | null;
                            } | null;
                            reviewedAt: string | null;
                            approvedBy: {
                                /** Format: uuid */
                                id: string;
                                displayName: string | null;
                            } | null;
                            approvedAt: string | null;
                            cancelledBy: {
                                /** Format: uuid */
                                id: string;
                                displayName: string | null;
                            } | null;
                            cancelledAt: string | null;
                            cancelReason: string | null;
                            startedAt: string | null;
                            completedAt: string | null;
                            tally: {
                                pending: number;
                                removed: number;
                                destroyed: number;
                                skipped: number;
                                /** @description On the list when it was cancelled: proposed again next time */
                                withdrawn: number;
                                /** @description Destroyed cases whose document blobs still wait for removal (their keys are gone) */
                                blobsPending: number;
                                /** @description What went with the case(s), per kind */
                                totals: {
                                    contactMoments: number;
                                    /** @description Crypto-shredded: their keys gone, their blobs removed */
                                    documents: number;
                                    tasks: number;
                                    referrals: number;
                                    participants: number;
                                    assignments: number;
                                    incidents: number;
                                    /** @description Took part in no other case: erased */
                                    personsErased: number;
                                    /** @description Took part in no other case, but something else (a referral) still refers to them */
                                    personsKept: number;
                                };
                                /** @description Destroyed cases per case type */
                                byCaseType: {
                                    [key: string]: number;
                                };
                            };
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/privacy/destruction-lists/{roundId}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel a list before it is carried out, with a reason (its cases are proposed again next time) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    roundId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Why: recorded in the audit trail */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            status: "proposed" | "reviewed" | "approved" | "executing" | "completed" | "cancelled";
                            /**
                             * Format: date
                             * @description Lists cases kept until before this day
                             */
                            cutoff: string;
                            /** Format: date-time */
                            proposedAt: string;
                            proposedBy: {
                                /** Format: uuid */
                                id: string;
                                displayName: string | null;
                            } | null;
                            reviewedBy: {
                                /** Format: uuid */
                                id: string;
                                displayName: string | null;
                            } | null;
                            reviewedAt: string | null;
                            approvedBy: {
                                /** Format: uuid */
                                id: string;
                                displayName: string | null;
                            } | null;
                            approvedAt: string | null;
                            cancelledBy: {
                                /** Format: uuid */
                                id: string;
                                displayName: string | null;
                            } | null;
                            cancelledAt: string | null;
                            cancelReason: string | null;
                            startedAt: string | null;
                            completedAt: string | null;
                            tally: {
                                pending: number;
                                removed: number;
                                destroyed: number;
                                skipped: number;
                                /** @description On the list when it was cancelled: proposed again next time */
                                withdrawn: number;
                                /** @description Destroyed cases whose document blobs still wait for removal (their keys are gone) */
                                blobsPending: number;
                                /** @description What went with the case(s), per kind */
                                totals: {
                                    contactMoments: number;
                                    /** @description Crypto-shredded: their keys gone, their blobs removed */
                                    documents: number;
                                    tasks: number;
                                    referrals: number;
                                    participants: number;
                                    assignments: number;
                                    incidents: number;
                                    /** @description Took part in no other case: erased */
                                    personsErased: number;
                                    /** @description Took part in no other case, but something else (a referral) still refers to them */
                                    personsKept: number;
                                };
                                /** @description Destroyed cases per case type */
                                byCaseType: {
                                    [key: string]: number;
                                };
                            };
                            allowedActions: string[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/privacy/destruction-lists/{roundId}/report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The destruction report: which cases went, what went with them, when, on whose approval (no personal data; audited) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    roundId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            round: {
                                /** Format: uuid */
                                id: string;
                                /** @enum {string} */
                                status: "proposed" | "reviewed" | "approved" | "executing" | "completed" | "cancelled";
                                /**
                                 * Format: date
                                 * @description Lists cases kept until before this day
                                 */
                                cutoff: string;
                                /** Format: date-time */
                                proposedAt: string;
                                proposedBy: {
                                    /** Format: uuid */
                                    id: string;
                                    displayName: string | null;
                                } | null;
                                reviewedBy: {
                                    /** Format: uuid */
                                    id: string;
                                    displayName: string | null;
                                } | null;
                                reviewedAt: string | null;
                                approvedBy: {
                                    /** Format: uuid */
                                    id: string;
                                    displayName: string | null;
                                } | null;
                                approvedAt: string | null;
                                cancelledBy: {
                                    /** Format: uuid */
                                    id: string;
                                    displayName: string | null;
                                } | null;
                                cancelledAt: string | null;
                                cancelReason: string | null;
                                startedAt: string | null;
                                completedAt: string | null;
                                tally: {
                                    pending: number;
                                    removed: number;
                                    destroyed: number;
                                    skipped: number;
                                    /** @description On the list when it was cancelled: proposed again next time */
                                    withdrawn: number;
                                    /** @description Destroyed cases whose document blobs still wait for removal (their keys are gone) */
                                    blobsPending: number;
                                    /** @description What went with the case(s), per kind */
                                    totals: {
                                        contactMoments: number;
                                        /** @description Crypto-shredded: their keys gone, their blobs removed */
                                        documents: number;
                                        tasks: number;
                                        referrals: number;
                                        participants: number;
                                        assignments: number;
                                        incidents: number;
                                        /** @description Took part in no other case: erased */
                                        personsErased: number;
                                        /** @description Took part in no other case, but something else (a referral) still refers to them */
                                        personsKept: number;
                                    };
                                    /** @description Destroyed cases per case type */
                                    byCaseType: {
                                        [key: string]: number;
                                    };
                                };
                                allowedActions: string[];
                            };
                            /** Format: date-time */
                            generatedAt: string;
                            items: {
                                /** Format: uuid */
                                caseId: string;
                                caseNumber: string;
                                caseTypeKey: string;
                                /** Format: uuid */
                                owningUnitId: string;
                                /** Format: date */
                                retentionUntil: string;
                                /** @enum {string} */
                                status: "pending" | "removed" | "destroyed" | "skipped" | "withdrawn";
                                doneAt: string | null;
                                skipReason: string | null;
                                removedBy: {
                                    /** Format: uuid */
                                    id: string;
                                    displayName: string | null;
                                } | null;
                                removedAt: string | null;
                                removalReason: string | null;
                                counts: {
                                    contactMoments: number;
                                    /** @description Crypto-shredded: their keys gone, their blobs removed */
                                    documents: number;
                                    tasks: number;
                                    referrals: number;
                                    participants: number;
                                    assignments: number;
                                    incidents: number;
                                    /** @description Took part in no other case: erased */
                                    personsErased: number;
                                    /** @description Took part in no other case, but something else (a referral) still refers to them */
                                    personsKept: number;
                                } | null;
                            }[];
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/privacy/destruction-lists/{roundId}/report.pdf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The destruction report as PDF, for the archive (audited) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    roundId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pdf": string;
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/privacy/persons/{personId}/erasure": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What erasing the person would do, or why it is refused now (audited)
         * @description 404 when the person does not exist, or a case or referral of theirs lies outside the units where you hold privacy.erasure.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    personId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            personId: string;
                            /** @description To confirm whom you erase */
                            displayName: string;
                            dateOfBirth: string | null;
                            anonymisedAt: string | null;
                            /**
                             * @description refused while a reason to keep stands; anonymise while a (closed) case remains; erase when none does
                             * @enum {string}
                             */
                            outcome: "refused" | "anonymise" | "erase";
                            /** @description The reasons to keep the person now */
                            blockers: ({
                                /** @enum {string} */
                                reason: "merged";
                                /** Format: uuid */
                                personId: string;
                            } | {
                                /** @enum {string} */
                                reason: "open-case";
                                /** Format: uuid */
                                caseId: string;
                                caseNumber: string | null;
                            } | {
                                /** @enum {string} */
                                reason: "legal-hold";
                                /** Format: uuid */
                                caseId: string;
                                caseNumber: string | null;
                            } | {
                                /** @enum {string} */
                                reason: "live-referral";
                                /** Format: uuid */
                                referralId: string;
                            })[];
                            /** @description What erasure removes or changes, per kind */
                            effects: {
                                /** @description The person and the duplicates merged into it */
                                persons: number;
                                consents: number;
                                /** @description Deleted: those with the person and all of the cases about them */
                                contactMoments: number;
                                /** @description Crypto-shredded: the documents of the cases about the person */
                                documents: number;
                                tasks: number;
                                /** @description Stripped of what the referrer sent; their countable facts stay */
                                referrals: number;
                                /** @description Cases about the person, their free text scrubbed; they stay until their retention ends */
                                cases: number;
                                /** @description Incidents only those cases refer to, scrubbed */
                                incidents: number;
                            };
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        put?: never;
        /**
         * Erase the person (anonymise while a closed case remains), with the legal ground as reason (audited)
         * @description Refused with 409 urn:casus:problem:erasure-refused and `reasons` (as the preview's blockers) while a case is open or on legal hold, a referral is being worked, or the person was merged into another. Not undone.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    personId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Why: recorded in the audit trail */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        "API-Version": components["headers"]["API-Version"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            personId: string;
                            /** @enum {string} */
                            outcome: "anonymised" | "erased";
                            /** @description What erasure removes or changes, per kind */
                            effects: {
                                /** @description The person and the duplicates merged into it */
                                persons: number;
                                consents: number;
                                /** @description Deleted: those with the person and all of the cases about them */
                                contactMoments: number;
                                /** @description Crypto-shredded: the documents of the cases about the person */
                                documents: number;
                                tasks: number;
                                /** @description Stripped of what the referrer sent; their countable facts stay */
                                referrals: number;
                                /** @description Cases about the person, their free text scrubbed; they stay until their retention ends */
                                cases: number;
                                /** @description Incidents only those cases refer to, scrubbed */
                                incidents: number;
                            };
                        };
                    };
                };
                400: components["responses"]["BadRequest"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description RFC 9457 problem details */
        Problem: {
            /** @description URI identifying the kind of problem: urn:casus:problem:<code>, or about:blank */
            type: string;
            title: string;
            status: number;
            detail?: string;
            instance?: string;
            requestId?: string;
            traceId?: string;
            errors?: {
                pointer: string;
                detail: string;
            }[];
        } & {
            [key: string]: unknown;
        };
    };
    responses: {
        /** @description The request cannot be accepted: a value the schema or the input checks refuse (`urn:casus:problem:validation`, naming the fields in `errors`), or a malformed URL or body. Nothing was changed. */
        BadRequest: {
            headers: {
                "API-Version": components["headers"]["API-Version"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: {
        /**
         * @description The full semantic version of the API contract
         * @example 1.0.0
         */
        "API-Version": string;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
