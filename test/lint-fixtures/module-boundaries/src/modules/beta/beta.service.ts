import { alphaValue } from '../alpha/index.ts';
import { alphaValue as internal } from '../alpha/alpha.repository.ts'; // refused: throughIndex
import { tick } from '../../kernel/clock.ts';
import { startedAt } from '../../app/wiring.ts'; // refused: module

export const betaValue = alphaValue + internal + tick + startedAt;
