/** The NLU's HTTP surface (/api/nlu/parse): what the understanding makes of a text, for tools and dashboards. */
export { createNluRouter, type NluRouterOptions } from './parse-router.js';
