// Types of validator-build.mjs for TypeScript callers.
/** The rules as ES5 source defining `var __forecourtValidate = { validate: … }`. */
export function buildValidatorSource(): Promise<string>;
