// The trail part of the audit module: its routes under /audit, built when the module registers.
import type { ModuleContext } from '../../../kernel/module.ts';
import { trailRoutes } from './trail.routes.ts';
import { TrailService } from './trail.service.ts';

export function registerTrail(ctx: ModuleContext): void {
  const trail = new TrailService(ctx.db, { exportMaxRows: ctx.settings.auditTrail.exportMaxRows });
  ctx.addRoutes({ prefix: '/audit', plugin: trailRoutes(trail) });
}
