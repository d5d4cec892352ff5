import { alphaValue } from '../modules/alpha/index.ts';
import { tick } from '../kernel/clock.ts';

export const startedAt = alphaValue + tick;
