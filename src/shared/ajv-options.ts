/**
 * ajv's `code` option for schemas compiled at start-up to check content and configuration once
 * (dialogs, knowledge, NLU data, the environment): ajv's optimisation pass over the generated code
 * takes about 40 % of the compile time and buys nothing for a validator that runs a few hundred
 * times. The verdicts are the same; validators used per request (the backend contract) keep it.
 */
export const LOAD_TIME_CODE = { optimize: false } as const;
