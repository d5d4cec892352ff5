// The one error of configuration: every reason a setting is refused, reported together.
export class ConfigError extends Error {
  readonly reasons: string[];
  constructor(reasons: string[]) {
    super(`Configuration refused:\n${reasons.map((r) => `  - ${r}`).join('\n')}`);
    this.name = 'ConfigError';
    this.reasons = reasons;
  }
}
