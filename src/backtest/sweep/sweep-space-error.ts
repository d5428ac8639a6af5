/** The error a sweep space is refused with: it names the parameter (when there is one) and the rule broken. */

export class SweepSpaceError extends Error {
  /**
   * @param param the parameter whose axis breaks the rule, or null for a rule about the whole space
   * @param rule what is wrong, in words a trader can act on
   */
  constructor(
    readonly param: string | null,
    readonly rule: string,
  ) {
    super(param === null ? `sweep space: ${rule}` : `sweep axis ${param}: ${rule}`);
    this.name = 'SweepSpaceError';
  }
}
