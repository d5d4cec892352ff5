// Refusals the identity module's rooms share.
import { AppError } from '../../kernel/errors.ts';

/**
 * The 400 for a name, code or address someone else already holds (a unique constraint refused it):
 * `field` is the body member, `what` how the message names it.
 */
export function alreadyInUse(field: string, what = field): AppError {
  return AppError.badRequest(`That ${what} is already in use.`, [{ pointer: `/body/${field}`, detail: 'already in use' }]);
}
