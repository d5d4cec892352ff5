// The referrals about one person, for the privacy officer answering a data-subject request (GDPR
// art. 15; the privacy module composes the export). A referral is visible to its team, its assignee and
// (once converted) those who see its case (row-level security); a request must be answered whoever
// holds it, so referral_subject_access reads with its owner's rights and is the only way past that: it
// first checks, from the sealed actor, that the caller holds privacy.subject-access, and refuses
// everyone else (insufficient_privilege). It answers the referrals linked to the persons given
// (person_id), with their contact attempts; the payload leaves encrypted (the application decrypts it
// with the key ring). A referral not yet linked to a person holds them only in its encrypted payload and
// is not found here (docs/privacy.md says how the privacy officer looks for those).
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

export const referralSubjectAccessFunction: Migration = {
  name: '0004_subject_access',
  async up(db, { appRole }) {
    await sql`create function referral_subject_access(the_persons uuid[])
      returns table (id uuid, source text, channel text, received_at timestamptz, source_reference text, raw_payload bytea,
        person_id uuid, consent_given boolean, consent_source text, status text, closed_reason text, closed_at timestamptz,
        converted_case_id uuid, created_at timestamptz, attempts jsonb)
      language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp as $$
      begin
        if not public.casus_actor_has_permission('privacy.subject-access') then
          raise exception 'privacy.subject-access is required' using errcode = 'insufficient_privilege';
        end if;
        return query
          select r.id, r.source, r.channel, r.received_at, r.source_reference, r.raw_payload, r.person_id, r.consent_given,
                 r.consent_source, r.status, r.closed_reason, r.closed_at, r.converted_case_id, r.created_at,
                 coalesce((select jsonb_agg(jsonb_build_object('id', a.id, 'at', a.at, 'channel', a.channel, 'outcome', a.outcome,
                            'note', a.note) order by a.at, a.id)
                   from public.referral_contact_attempt a where a.referral_id = r.id), '[]'::jsonb)
            from public.referral r
           where r.person_id = any(the_persons)
           order by r.received_at, r.id;
      end $$`.execute(db);
    await sql`revoke all on function referral_subject_access(uuid[]) from public`.execute(db);
    await sql`grant execute on function referral_subject_access(uuid[]) to ${sql.id(appRole)}`.execute(db);
  },
  async down(db) {
    await sql`drop function referral_subject_access(uuid[])`.execute(db);
  },
};
