// The signed-in person's own preferences, under /auth/preferences. Thin: validate -> PreferencesService.
// GET /auth/session carries them too, so the web client needs no extra request after sign-in.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Nullable, StringEnum } from '../../../kernel/http/schemas.ts';
import type { PreferencesService } from './preferences.service.ts';

const TAGS = ['authentication'];

export const LanguageSchema = StringEnum(['nl', 'en'], { description: 'The interface language: Dutch or English' });
export const PreferencesSchema = Type.Object({
  language: Nullable(LanguageSchema, { description: 'The interface language; null: not chosen yet' }),
});

export function preferencesRoutes(preferences: PreferencesService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.put(
      '',
      {
        config: { access: { authenticated: true as const } },
        schema: {
          tags: TAGS,
          summary: 'Change my preferences (the interface language)',
          description:
            'Her own choice, kept with the account so every browser she signs in from shows it. Only a browser session (403 for an API token). A change is audited (`user.preferences-changed`); the same value again changes nothing.',
          body: Type.Object({ language: LanguageSchema }, { additionalProperties: false }),
          response: { 200: Type.Object({ language: LanguageSchema }) },
        },
      },
      async (request) => preferences.setLanguage(request, request.body.language),
    );
  };
}
