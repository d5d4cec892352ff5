export { betaValue } from './beta.service.ts';
