import { alphaValue } from '../alpha/alpha.repository.ts'; // refused: throughIndex

export const samples = [alphaValue];
