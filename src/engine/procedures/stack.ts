/** Ending what runs: the procedures' stack, their answers, and the values given for them. */
import type { TurnContext } from '../turn-context.js';
import { forgetGiven } from './given.js';

export function endProcedures(ctx: TurnContext): void {
  ctx.state.stack = [];
  ctx.state.slots = {};
  forgetGiven(ctx);
}
