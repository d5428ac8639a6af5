/** Where a command writes: stdout for results, stderr for messages and progress (a test passes its own). */
export interface CliOut {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface CliIo {
  readonly stdout: CliOut;
  readonly stderr: CliOut;
}

export const processIo: CliIo = { stdout: process.stdout, stderr: process.stderr };
