/**
 * Hash tags: every key of one conversation carries `{<channel>/<conversation id>}`, so that in a
 * Redis Cluster they live in one slot, and a turn's writes (the Direct Line log, the engine's state,
 * the conversation's lock) can be committed by one script, atomically. Keys without a tag spread
 * over the cluster as usual.
 */

/** `{` and `}` would end a tag early: they are escaped (with `%`, escaped too, so that ids stay distinct). */
export const escapeKeyPart = (s: string) => s.replace(/[%{}]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The hash tag of a conversation, braces included: `{directline/Q3p1I0vs…}`. */
export function conversationTag(channel: string, conversationId: string): string {
  return `{${escapeKeyPart(channel)}/${escapeKeyPart(conversationId)}}`;
}

/** The tag Redis hashes a key by (its first `{…}` with something inside), or undefined. */
export function tagOf(key: string): string | undefined {
  const open = key.indexOf('{');
  if (open < 0) return undefined;
  const close = key.indexOf('}', open + 1);
  if (close <= open + 1) return undefined;
  return key.slice(open, close + 1);
}
