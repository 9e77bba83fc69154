/**
 * A refusal to start that an operator can act on: which file, what is wrong with it, and
 * what to try. main.ts prints it as is and exits 1; nothing else is printed, so the
 * message is the first thing in the log.
 */
export class StartupError extends Error {
	constructor(
		readonly file: string,
		readonly problem: string,
		readonly fix: string
	) {
		super(`Tablée cannot start: ${problem}\n  File: ${file}\n  To fix: ${fix}\n  See docs/operations.md.`);
		this.name = 'StartupError';
	}
}

/** Node's filesystem error codes that mean "this process may not write here". */
export function isNotWritable(error: unknown): boolean {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	return code === 'EACCES' || code === 'EPERM' || code === 'EROFS';
}

export function errnoOf(error: unknown): string {
	const e = error as NodeJS.ErrnoException | undefined;
	return e?.code ? `${e.code}: ${e.message}` : String(error);
}
