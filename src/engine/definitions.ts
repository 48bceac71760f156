/**
 * The shapes of the content files in dialogs/ (procedures and the assistant's own copy), as the
 * JSON Schemas in dialogs/schema/ describe them. The loader validates a file against its schema,
 * then hands it to the engine typed as below.
 */
import type { OperationName } from '../backend/client/types.js';
import type { Language } from '../shared/conversation.js';

/** A piece of copy in both languages. Placeholders: {{slot.path|filter:arg}} and {{fact:<ref>}}. */
export type Text = Record<Language, string>;

export interface Synonyms {
  fr: string[];
  en: string[];
}

export interface Suggestion {
  title: Text;
  /** What the button sends back as the person's message. */
  value: Text;
}

export interface ChoiceOption {
  id: string;
  title: Text;
  synonyms?: Synonyms;
  next: string;
  /** Shown only when this slot path holds a truthy value (e.g. a phone number on file). */
  if?: string;
  /**
   * A plain yes or no picks this option too ("ouais", "bien sûr", "nan"); "lacking": saying one
   * does not have or know what is asked ("je sais pas où il est").
   */
  meaning?: 'yes' | 'no' | 'lacking';
  /** A valid value of one of these entities picks it ("Avez-vous votre code ?" answered with the code). */
  impliedBy?: string[];
  /** Said in the message that leads to the question ("j'ai bien reçu le code"), it answers it before it is asked. */
  statedBy?: Synonyms;
}

interface StepBase {
  /** Messages said when the step is entered, before its question. */
  say?: Text[];
  /** Free comment for content editors; ignored by the engine. */
  note?: string;
}

export interface SayStep extends StepBase {
  type: 'say';
  say: Text[];
  next: string;
}

export interface AskStep extends StepBase {
  type: 'ask';
  prompt: Text;
  /** Shorter question used after an error message or when resuming (default: the prompt). */
  reprompt?: Text;
  /** Said on "aide" at this step, before the question again. */
  help?: Text;
  /** A validator name: an NLU entity type (nir, birth_date…) or an engine one (mes_password…). */
  entity: string;
  slot: string;
  /** Never stored, logged, echoed or kept in a transcript; usable by a call in the same turn only. */
  secret?: boolean;
  /** Copies validation details into slots: {"nirKind": "kind"}. */
  details?: Record<string, string>;
  /** Messages by validation reason code; `default` for the others. {{details.x}} is available. */
  invalid: Record<string, Text> & { default: Text };
  /** Other answers accepted at this step ("renvoyer le code", "je ne l'ai pas"). */
  alternatives?: ChoiceOption[];
  /** Fills the slot from the sentence that started the procedure when it holds a valid value. */
  prefill?: boolean;
  /** Skips the question when the slot already holds a value (given earlier, or carried by a goto). */
  reuse?: boolean;
  suggestions?: Suggestion[];
  next: string;
}

export type ChoiceKind = 'options' | 'yes_no' | 'email_or_sms' | 'card_type';

export interface ChoiceStep extends StepBase {
  type: 'choice';
  prompt: Text;
  reprompt?: Text;
  help?: Text;
  expect: ChoiceKind;
  /** Keeps the chosen option id in this slot. */
  slot?: string;
  /** Skips the question when the slot already holds one of the option ids. */
  reuse?: boolean;
  options: ChoiceOption[];
  /** Said when the answer picks no option (default: the assistant's generic message). */
  invalid?: Text;
}

/** Picks a branch from the sentence just said, without asking (e.g. "le lien ne marche plus"). */
export interface RouteStep extends StepBase {
  type: 'route';
  options: ChoiceOption[];
  default: string;
  /** Only records what the request said: answers no question (see answeredBySteps). */
  recordsOnly?: boolean;
}

/** A slot path, or a literal value. */
export type ArgValue = string | { value: string | number | boolean };

export interface CallStep extends StepBase {
  type: 'call';
  /** An operation of the backend contract's registry: the loader refuses any other name. */
  operation: OperationName;
  args: Record<string, ArgValue>;
  /** slot ← path in the successful result. */
  save?: Record<string, string>;
  /** Next step by outcome: "ok", an error code of the operation, and "default" for the others. */
  on: Record<string, string> & { ok: string; default: string };
}

export interface BranchStep extends StepBase {
  type: 'branch';
  /** Slot path; its value (as a string, "true"/"false" for booleans, "empty" when unset) picks the case. */
  on: string;
  cases: Record<string, string>;
  default: string;
}

export interface SetStep extends StepBase {
  type: 'set';
  values: Record<string, string | number | boolean | null>;
  next: string;
}

/** Takes the first item of a list slot (optionally filtered) into another slot, one by one. */
export interface PickStep extends StepBase {
  type: 'pick';
  list: string;
  where?: Record<string, string>;
  into: string;
  next: string;
  empty: string;
}

/** Runs a sub-dialog, then continues by the value it returns. */
export interface SubStep extends StepBase {
  type: 'sub';
  procedure: string;
  on?: Record<string, string>;
  next: string;
}

export interface ReturnStep extends StepBase {
  type: 'return';
  value: string;
}

/** Leaves this procedure for another one (e.g. from closing to opposing). */
export interface GotoStep extends StepBase {
  type: 'goto';
  procedure: string;
  /** Slots carried over (e.g. the NIR already given). */
  keep?: string[];
}

export interface HandoffStep extends StepBase {
  type: 'handoff';
  reason: string;
}

export interface EndStep extends StepBase {
  type: 'end';
  suggestions?: Suggestion[];
}

export type Step =
  | SayStep
  | AskStep
  | ChoiceStep
  | RouteStep
  | CallStep
  | BranchStep
  | SetStep
  | PickStep
  | SubStep
  | ReturnStep
  | GotoStep
  | HandoffStep
  | EndStep;

export type StepType = Step['type'];

export interface Procedure {
  $schema: string;
  version: number;
  id: string;
  /** "procedure" (started by an intent) or "subdialog" (only run by a `sub` step). */
  kind?: 'procedure' | 'subdialog';
  /** What the person is doing, as it reads after "vous êtes en train de …". */
  title: Text;
  description?: string;
  intents: string[];
  /** Key of assistant.json `helplines`: the number offered when the person is stuck. */
  helpline: string;
  /** A question on this topic starts the procedure too (its steps are the answer: the contacts). */
  startsOnQuestion?: boolean;
  /** A sub-dialog's inputs: slots its callers may set before running it (unset, a branch takes its default). */
  receives?: string[];
  start: string;
  steps: Record<string, Step>;
}

export interface AssistantCopy {
  $schema: string;
  version: number;
  welcome: { say: Text[]; suggestions: Suggestion[] };
  /** The assistant's own messages; see assistant.json for the list and what each is for. */
  messages: Record<string, Text>;
  /** Words that act at any step whatever the NLU says ("recommencer"). */
  commands: Record<string, { synonyms: Synonyms; intents?: string[] }>;
  /** How an intent reads in "Voulez-vous dire … ou … ?". */
  intentLabels: Record<string, Text>;
  /** Names of password and identifier rules, by policy then rule id. */
  ruleLabels: Record<string, Record<string, Text>>;
  helplines: Record<string, Text>;
  /** Suggested actions offered with the "what I can do" messages. */
  capabilities: Suggestion[];
  /** Engine limits content editors may tune. */
  limits: { maxFailuresPerStep: number; maxMisunderstandings: number; transcriptLines: number };
  /** Every button the engine offers by itself ("yes", "no", "advisor", "cancel", "retry"…). */
  buttons: Record<string, Suggestion>;
  /** How each kind of answer reads in a sentence ("votre date de naissance"), for corrections. */
  entityLabels: Record<string, Text>;
  /** Other administrations people mistake us for, as they read in a sentence ("la CAF"). */
  administrations: Record<string, Text>;
}
