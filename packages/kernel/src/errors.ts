/** Errors as the page shows them: a one-line message and the details behind it. */

export class BootError extends Error {
  constructor(
    message: string,
    readonly detail: string,
  ) {
    super(message);
  }
}

export function describeError(error: unknown): { message: string; detail: string } {
  if (error instanceof BootError) return { message: error.message, detail: error.detail };
  if (error instanceof Error) {
    // A Python exception arrives as a PythonError whose message is the full traceback.
    const lines = error.message.trim().split("\n");
    return { message: lines[lines.length - 1] || error.name, detail: error.message };
  }
  return { message: String(error), detail: String(error) };
}
