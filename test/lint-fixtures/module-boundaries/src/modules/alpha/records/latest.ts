import { alphaValue } from '../alpha.repository.ts';
import { betaValue } from '../../beta/beta.service.ts'; // refused: throughIndex

export const latestRecord = alphaValue + betaValue;
