/**
 * Structured JSON logs through pino: one line per event, `msg` and the fields side by side,
 * debug and info on stdout, warn and error on stderr. `child` binds fields to every line
 * (a meal's logger carries its `mealId`). Secrets and personal data never reach a line:
 * fields named like tokens, keys, passwords, names or e-mail addresses are redacted
 * wherever they appear in the fields, one level deep too.
 */
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
type Method = (msg: string, fields?: Record<string, unknown>) => void;
export type Logger = Record<Exclude<LogLevel, 'silent'>, Method> & {
	/** A logger adding `fields` to every line, e.g. `log.child({ mealId })`. */
	child(fields: Record<string, unknown>): Logger;
};

const SECRET_FIELDS = [
	'token',
	'tokenHash',
	'key',
	'keyHash',
	'masterKey',
	'screenKey',
	'password',
	'passwordHash',
	'setupToken',
	'cookie',
	'authorization',
	'name',
	'displayName',
	'email'
];
export const REDACTED_PATHS = [...SECRET_FIELDS, ...SECRET_FIELDS.map((f) => `*.${f}`)];

function wrap(logger: PinoLogger): Logger {
	const at =
		(level: Exclude<LogLevel, 'silent'>): Method =>
		(msg, fields) =>
			fields ? logger[level](fields, msg) : logger[level](msg);
	return {
		debug: at('debug'),
		info: at('info'),
		warn: at('warn'),
		error: at('error'),
		child: (fields) => wrap(logger.child(fields))
	};
}

/** `destination` replaces stdout and stderr (tests read the lines back). */
export function createLogger(level: LogLevel, options: { destination?: DestinationStream } = {}): Logger {
	const destination =
		options.destination ??
		pino.multistream(
			[
				{ level: 'debug', stream: pino.destination({ fd: 1, sync: true }) },
				{ level: 'warn', stream: pino.destination({ fd: 2, sync: true }) }
			],
			{ dedupe: true }
		);
	return wrap(
		pino(
			{
				level,
				timestamp: pino.stdTimeFunctions.isoTime,
				redact: { paths: REDACTED_PATHS, censor: '[redacted]' }
			},
			destination
		)
	);
}
