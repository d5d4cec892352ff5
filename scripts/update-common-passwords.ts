// Regenerates src/modules/identity/authentication/data/common-passwords.txt.gz, the list of common and breached
// passwords that sign-up and password changes are checked against (ASVS 6.2.4 / 6.2.12). Source: the
// password list of @zxcvbn-ts/language-common (MIT; frequency-ordered from public breach corpora),
// lowercased and deduplicated. Run: node bin/node-ts.js scripts/update-common-passwords.ts
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dictionary } from '@zxcvbn-ts/language-common';

const passwords = [...new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()))];
const file = new URL('../src/modules/identity/authentication/data/common-passwords.txt.gz', import.meta.url);
writeFileSync(file, gzipSync(`${passwords.join('\n')}\n`, { level: 9 }));
console.log(`${passwords.length} passwords written to ${file.pathname}`);
