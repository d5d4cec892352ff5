export { alphaValue } from './alpha.repository.ts';
export { latestRecord } from './records/latest.ts';
