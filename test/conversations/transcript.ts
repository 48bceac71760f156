/**
 * The conversation-test format: a dialogue that content editors can read and write.
 *
 *   # Mot de passe oublié : parcours nominal        ← the first comment names the test
 *   persona: p01                                     ← setup lines (see SETUP_KEYS)
 *   bot> Bonjour                                     ← lines before the first user> check the welcome
 *   user> j'ai oublié mon mot de passe
 *   bot> numéro de sécurité sociale                  ← a fragment the turn's replies contain, in order
 *   bot!> mot de passe oublié                        ← a fragment no reply of the turn contains
 *   actions> Oui | Non                               ← suggested actions the turn offers (titles)
 *   actions!> Par SMS                                ← suggested actions it must not offer
 *   user> {{persona.nir}}                            ← placeholders: persona fields, outbox, values
 *   backend> requestPasswordReset ok {"emailMasked": "c***@e***.fr", "linkValidMinutes": 30}
 *                                                    ← the backend call of this turn and its outcome:
 *                                                      with nock, what the mocked HTTP API answers;
 *                                                      with the simulator, what it must have answered
 *   secret> Azerty123!                               ← a user line that is a password or a code: it
 *                                                      must never show in replies, logs or handoffs
 *   clock> +31 minutes                               ← moves the clock (engine and simulator)
 *   handoff> user_asked                              ← this turn created a handoff request (reason)
 */

export const SETUP_KEYS = ['persona', 'backend', 'locale', 'channel'] as const;
export type SetupKey = (typeof SETUP_KEYS)[number];

export interface BackendExpectation {
  operation: string;
  /** "ok" or an error code. */
  outcome: string;
  /** The success value (ok) or the error's extra fields (attemptsLeft, lockedUntil, failedRules…). */
  body?: Record<string, unknown>;
  line: number;
}

export interface Turn {
  /** Absent for the welcome. */
  user?: { text: string; secret: boolean; line: number };
  /** Minutes the clock moves before this turn. */
  clockMinutes: number;
  expect: Array<{ fragment: string; line: number }>;
  refuse: Array<{ fragment: string; line: number }>;
  actions: Array<{ titles: string[]; line: number }>;
  noActions: Array<{ titles: string[]; line: number }>;
  backend: BackendExpectation[];
  handoff?: { reason: string; line: number };
}

export interface Transcript {
  file: string;
  title: string;
  setup: Partial<Record<SetupKey, string>>;
  turns: Turn[];
}

export class TranscriptSyntaxError extends Error {
  constructor(file: string, line: number, message: string) {
    super(`${file}:${line}: ${message}`);
    this.name = 'TranscriptSyntaxError';
  }
}

const emptyTurn = (): Turn => ({ clockMinutes: 0, expect: [], refuse: [], actions: [], noActions: [], backend: [] });

export function parseTranscript(source: string, file: string): Transcript {
  const setup: Transcript['setup'] = {};
  let title = '';
  const turns: Turn[] = [emptyTurn()];
  let pendingClock = 0;
  source.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const text = raw.trim();
    if (!text) return;
    if (text.startsWith('#')) {
      if (!title) title = text.replace(/^#+\s*/, '');
      return;
    }
    const m = /^([a-z!]+)(>|:)\s?(.*)$/.exec(text);
    if (!m) throw new TranscriptSyntaxError(file, line, `expected "user> …", "bot> …" or "key: value", got "${text}"`);
    const [, key = '', sep, value = ''] = m;
    const turn = turns[turns.length - 1] ?? emptyTurn();
    if (sep === ':') {
      if (!(SETUP_KEYS as readonly string[]).includes(key)) throw new TranscriptSyntaxError(file, line, `unknown setting "${key}" (settings: ${SETUP_KEYS.join(', ')})`);
      if (turns.length > 1 || turn.expect.length > 0) throw new TranscriptSyntaxError(file, line, 'settings come before the conversation');
      setup[key as SetupKey] = value.trim();
      return;
    }
    switch (key) {
      case 'user':
      case 'secret':
        if (!value.trim()) throw new TranscriptSyntaxError(file, line, 'an empty message');
        turns.push({ ...emptyTurn(), user: { text: value, secret: key === 'secret', line }, clockMinutes: pendingClock });
        pendingClock = 0;
        return;
      case 'bot':
        turn.expect.push({ fragment: value, line });
        return;
      case 'bot!':
        turn.refuse.push({ fragment: value, line });
        return;
      case 'actions':
      case 'actions!':
        (key === 'actions' ? turn.actions : turn.noActions).push({ titles: value.split('|').map((t) => t.trim()).filter(Boolean), line });
        return;
      case 'handoff':
        turn.handoff = { reason: value.trim(), line };
        return;
      case 'clock': {
        const c = /^\+(\d+)\s*(minutes?|min|hours?|h|days?|d)$/.exec(value.trim());
        if (!c) throw new TranscriptSyntaxError(file, line, `clock> takes "+N minutes", "+N hours" or "+N days", got "${value}"`);
        const n = Number(c[1]);
        const unit = c[2] ?? 'minutes';
        pendingClock += unit.startsWith('h') ? n * 60 : unit.startsWith('d') ? n * 1440 : n;
        return;
      }
      case 'backend': {
        const b = /^(\w+)\s+(\w+)(?:\s+(\{.*\}))?$/.exec(value.trim());
        if (!b) throw new TranscriptSyntaxError(file, line, `backend> takes "operation outcome {json}", got "${value}"`);
        let body: Record<string, unknown> | undefined;
        if (b[3]) {
          try {
            body = JSON.parse(b[3]) as Record<string, unknown>;
          } catch {
            throw new TranscriptSyntaxError(file, line, `backend> has invalid JSON: ${b[3]}`);
          }
        }
        turn.backend.push({ operation: b[1] ?? '', outcome: b[2] ?? '', ...(body ? { body } : {}), line });
        return;
      }
      default:
        throw new TranscriptSyntaxError(file, line, `unknown line kind "${key}>" (user, secret, bot, bot!, actions, actions!, backend, clock, handoff)`);
    }
  });
  if (pendingClock > 0) throw new TranscriptSyntaxError(file, source.split(/\r?\n/).length, 'clock> must be followed by a user> line');
  if (!title) title = file;
  return { file, title, setup, turns };
}

/** Case, spaces and apostrophes do not matter when matching a fragment. */
export function normalizeForMatch(text: string): string {
  return text
    .replace(/[’‘]/g, "'")
    .replace(/[“”«»]/g, '"')
    .replace(/[\u00a0\u202f\s]+/g, ' ')
    .toLowerCase()
    .trim();
}
