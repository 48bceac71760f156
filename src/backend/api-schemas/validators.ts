import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

let ajv: Ajv | undefined;

/**
 * The ajv instance that compiles the contract's schemas: strict (an unknown keyword in a schema is
 * an error), every problem reported, formats (date, date-time, email) checked. One per process:
 * compiling takes a while, and validators keep no state.
 */
export function contractAjv(): Ajv {
  if (!ajv) {
    ajv = new Ajv({ allErrors: true, strict: true });
    addFormats(ajv);
  }
  return ajv;
}

/**
 * One line per problem, naming the JSON pointer and the rule, never the value (a value may be a
 * NIR or a password): "/birthDate must match format \"date\"".
 */
export function describeErrors(errors: ErrorObject[] | null | undefined): string {
  if (!errors?.length) return 'invalid';
  return errors
    .map((e) => {
      const where = e.instancePath || '/';
      if (e.keyword === 'additionalProperties' && 'additionalProperty' in e.params) return `${where} has unknown property "${String(e.params.additionalProperty)}"`;
      if (e.keyword === 'required' && 'missingProperty' in e.params) return `${where} lacks "${String(e.params.missingProperty)}"`;
      return `${where} ${e.message ?? 'is invalid'}`;
    })
    .join('; ');
}
