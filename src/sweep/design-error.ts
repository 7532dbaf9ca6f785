// The typed error for a design that cannot be built (a bad factor, level count or size). Part of sweep/.
// Messages name the field, the bad value and what is allowed, so the CLI can print them as they are.

export class DesignError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DesignError';
  }
}
