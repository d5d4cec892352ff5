// The detection rules file: read and checked when the settings load, every problem named at once with
// where it is, so a wrong threshold stops casus instead of leaving a rule that never fires.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadSettings } from './config.ts';
import { validateDetectionRules } from './config-detection.ts';

const rule = {
  id: 'mass-lookup',
  kind: 'threshold',
  description: 'Many persons in a few minutes',
  severity: 'high',
  filter: { actions: ['person.read', 'case.*'], results: ['success'] },
  count: 'distinct',
  field: 'dataSubjectId',
  threshold: 30,
  windowMinutes: 5,
};

function reasonsOf(parsed: unknown): string[] {
  try {
    validateDetectionRules(parsed, 'rules.json');
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.reasons;
  }
  assert.fail('expected a ConfigError');
}

// Proves: a valid file is accepted as given; working hours and rules are both optional.
test('a valid rules file', () => {
  assert.deepEqual(validateDetectionRules({ rules: [rule] }, 'rules.json'), { rules: [rule] });
  assert.deepEqual(validateDetectionRules({ workingHours: { start: '08:00', end: '18:00' } }, 'rules.json'), {
    workingHours: { start: '08:00', end: '18:00' },
    rules: [],
  });
});

// Proves: each kind of mistake is refused with the place it is at, all of them together.
test('mistakes are refused with where they are', () => {
  assert.deepEqual(reasonsOf({ rules: [{ ...rule, kind: 'regex' }] }), ['rules.json/rules/0/kind: must be one of match, threshold']);
  assert.deepEqual(reasonsOf({ rules: [{ ...rule, threshold: 1 }] }), ['rules.json/rules/0/threshold: must be >= 2']);
  assert.deepEqual(reasonsOf({ rules: [{ ...rule, severity: 'urgent' }] }), [
    'rules.json/rules/0/severity: must be equal to one of the allowed values (low, medium, high)',
  ]);
  assert.deepEqual(reasonsOf({ rules: [{ ...rule, field: undefined }] }), [
    'rules.json/rules/0: count "distinct" needs a field, count "events" takes none',
  ]);
  assert.deepEqual(reasonsOf({ rules: [rule, rule] }), ['rules.json/rules/1/id: mass-lookup is defined twice']);
  assert.deepEqual(reasonsOf({ rules: [{ ...rule, windowMinuts: 5 }] }), [
    'rules.json/rules/0: must not have additional properties (windowMinuts)',
  ]);
  assert.deepEqual(reasonsOf({ rules: [{ ...rule, conditions: ['atNight'] }] }), [
    'rules.json/rules/0/conditions/0: must be equal to one of the allowed values (outsideWorkingHours, shieldedCase, outsideOwnCases)',
  ]);
  assert.deepEqual(reasonsOf({ rules: [{ ...rule, filter: { actions: ['Person Read'] } }] }).length, 1);
  assert.deepEqual(reasonsOf({ workingHours: { start: '18:00', end: '08:00' } }), ['rules.json/workingHours: start must be before end']);
  assert.deepEqual(reasonsOf({ workingHours: { start: '25:00', end: '08:00' } }).length, 1);
  assert.equal(
    reasonsOf({
      rules: [
        { ...rule, threshold: 0 },
        { ...rule, id: 'b', kind: 'x' },
      ],
    }).length,
    2,
    'every reason at once',
  );
  assert.deepEqual(reasonsOf([]).length, 1, 'not an object');
});

// Proves: the file is named by CASUS_AUDIT_DETECTION_RULES and read by loadSettings: a bad one stops
// every command with ConfigError; unset means the built-in rules only.
test('loadSettings reads and checks the rules file', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'casus-detection-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const env = { CASUS_ENV: 'test' } as const;
  assert.equal(loadSettings(env).audit.detection.rulesFile, null);
  const good = path.join(dir, 'good.json');
  await writeFile(good, JSON.stringify({ rules: [rule] }));
  assert.deepEqual(loadSettings({ ...env, CASUS_AUDIT_DETECTION_RULES: good }).audit.detection.rulesFile, { rules: [rule] });
  const bad = path.join(dir, 'bad.json');
  await writeFile(bad, JSON.stringify({ rules: [{ ...rule, windowMinutes: 0 }] }));
  assert.throws(
    () => loadSettings({ ...env, CASUS_AUDIT_DETECTION_RULES: bad }),
    (error: unknown) =>
      error instanceof ConfigError && error.reasons[0] === `CASUS_AUDIT_DETECTION_RULES ${bad}/rules/0/windowMinutes: must be >= 1`,
  );
  await writeFile(bad, '{ not json');
  assert.throws(() => loadSettings({ ...env, CASUS_AUDIT_DETECTION_RULES: bad }), /cannot be read as JSON/);
  assert.throws(() => loadSettings({ ...env, CASUS_AUDIT_DETECTION_RULES: path.join(dir, 'missing.json') }), /cannot be read as JSON/);
  assert.equal(loadSettings({ ...env, CASUS_AUDIT_DETECTION_INTERVAL_MS: '500' }).audit.detection.intervalMs, 500);
});
