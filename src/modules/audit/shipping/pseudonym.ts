// The pseudonym of a data subject in everything that leaves Casus for a central log system (syslog,
// OTLP) and in the processing log: a keyed HMAC of the person's id, never the id or the BSN.
//
// The key: a purpose of its own under the blind-index key (KeyRing.blindIndex: HMAC-SHA256 under
// HKDF(CASUS_BLIND_INDEX_KEY, "casus:index:audit.data-subject")). Why that key and not a data key:
//   - it is not rotated with the data keys, and a pseudonym must stay the same for as long as the
//     log is kept (a data-subject request recomputes it to find a person's entries years later);
//   - the purpose separates it from the BSN's blind index, so a processing log that leaks cannot be
//     joined with the persons table's indexes, and whoever holds the central log but not the key
//     cannot compute a person's pseudonym from an id they know;
//   - its fingerprint (KeyRing.blindIndexKeyId) is stored beside each entry, so a changed key shows.
import type { KeyRing } from '../../../kernel/crypto/keyring.ts';

export const SUBJECT_PSEUDONYM_PURPOSE = 'audit.data-subject';

export interface SubjectPseudonyms {
  /** Fingerprint of the key the pseudonyms are made with. */
  readonly keyId: string;
  /** 64 hex digits; the same person always gets the same pseudonym under one key. */
  of(personId: string): string;
}

export function subjectPseudonyms(keyRing: Pick<KeyRing, 'blindIndex' | 'blindIndexKeyId'>): SubjectPseudonyms {
  const cache = new Map<string, string>();
  return {
    keyId: keyRing.blindIndexKeyId,
    of(personId) {
      // Person ids are UUIDs; their text is normalised so "A1…" and "a1…" are one person.
      const id = personId.trim().toLowerCase();
      let found = cache.get(id);
      if (found === undefined) {
        found = keyRing.blindIndex(SUBJECT_PSEUDONYM_PURPOSE, id).toString('hex');
        // A bounded memo: list reads name the same persons again and again within a batch.
        if (cache.size >= 10_000) cache.clear();
        cache.set(id, found);
      }
      return found;
    },
  };
}
