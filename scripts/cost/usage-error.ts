/** A mistake in `npm run cost`'s arguments or input files: printed as is, without a stack trace. */
export class UsageError extends Error {}
