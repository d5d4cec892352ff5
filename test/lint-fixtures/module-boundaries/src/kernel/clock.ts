import { alphaValue } from '../modules/alpha/index.ts'; // refused: kernel

export const tick = alphaValue;
