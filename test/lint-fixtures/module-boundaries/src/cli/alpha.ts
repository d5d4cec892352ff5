import { alphaValue } from '../modules/alpha/index.ts';
import { latestRecord } from '../modules/alpha/records/latest.ts'; // refused: throughIndex
import { samples } from '../modules/sample-data/loader.ts';

export const report = [alphaValue, latestRecord, ...samples];
