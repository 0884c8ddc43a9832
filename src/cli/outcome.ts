// What one run of the command prints, and its exit code.

/** What the command prints and its exit code. */
export interface Outcome {
  readonly code: number;
  readonly stdout: string;
  /** Lines for stderr. */
  readonly stderr: string[];
}

/** Invalid values, YAML errors, --strict warnings. */
export const EXIT_INVALID = 1;
/** Bad command-line usage. */
export const EXIT_USAGE = 2;
/** EX_SOFTWARE: a bug of this tool. */
export const EXIT_INTERNAL = 70;
