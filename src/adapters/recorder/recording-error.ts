/** The error a malformed recording raises: names the file, the byte offset and the rule broken. */
export class RecordingFormatError extends Error {
  readonly file: string;
  readonly offset: number;
  readonly rule: string;

  constructor(file: string, offset: number, rule: string, options?: ErrorOptions) {
    super(`${file}: ${rule} (at byte offset ${offset})`, options);
    this.name = 'RecordingFormatError';
    this.file = file;
    this.offset = offset;
    this.rule = rule;
  }
}
