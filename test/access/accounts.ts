/** The sample account the templates are resolved in, and a stranger's. */
export const SAMPLE_ACCOUNT = '123456789012';
export const OTHER_ACCOUNT = '210987654321';
