import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import WebSocket from 'ws';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { ConversationRecord, ConversationStore, PagedEntry } from './conversation-store.js';
import type { Activity } from './stored-activity.js';
import type { TokenClaims, TokenService } from './tokens.js';

export interface StreamHubOptions {
  conversations: ConversationStore;
  tokens: TokenService;
  clock: Clock;
  logger: Logger;
  /** Path the Direct Line router is mounted at. */
  basePath?: string;
  /**
   * How often each stream also looks for activities by itself: those written by another instance
   * sharing Redis, and its token's expiry. Activities written here are pushed at once.
   */
  pollIntervalMs?: number;
  pageSize?: number;
  /**
   * The conversation a valid token opens a stream on, started again when its history was lost
   * (as a GET would); default: the stored record, 404 when there is none.
   */
  open?: (claims: TokenClaims, watermark: number) => Promise<ConversationRecord | undefined>;
  /** Stored activities as full activities (stored-activity.ts). */
  render: (record: ConversationRecord, entries: readonly PagedEntry[]) => Promise<Activity[]>;
}

export interface StreamHub {
  /** Takes a WebSocket upgrade for `<basePath>/conversations/{id}/stream`; false when the path is not one. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** New activities were stored in this conversation. */
  notify(conversationId: string): void;
  /**
   * Sends an activity that is not stored (the bot's typing indicator) to the streams of this
   * conversation open on this instance; pollers and later readers never see it.
   */
  sendEphemeral(conversationId: string, activity: Record<string, unknown>): void;
  /** Closes every stream (shutdown): clients reconnect elsewhere from their watermark. */
  closeAll(): void;
  size(): number;
}

interface Client {
  ws: WebSocket;
  conversationId: string;
  watermark: number;
  expiresAtMs: number;
  busy: boolean;
  again: boolean;
}

/**
 * Direct Line's WebSocket streaming (`streamUrl`): `{activities, watermark}` messages, starting
 * from the watermark in the URL, so that a reconnection replays what the client missed. The
 * token travels in the URL (`t=`), as browsers cannot set headers on a WebSocket.
 */
export function createStreamHub(options: StreamHubOptions): StreamHub {
  const { conversations, tokens, clock } = options;
  const basePath = options.basePath ?? '/v3/directline';
  const pollIntervalMs = options.pollIntervalMs ?? 2000;
  const pageSize = options.pageSize ?? 100;
  const log = options.logger.child({ component: 'directline.stream' });
  const server = new WebSocket.Server({ noServer: true, maxPayload: 4096 });
  const clients = new Set<Client>();
  let timer: NodeJS.Timeout | undefined;

  const refuse = (socket: Duplex, status: 403 | 404, reason: string) => {
    log.warn({ event: 'directline.stream.refused', reason }, 'stream refused');
    socket.end(`HTTP/1.1 ${status} ${status === 403 ? 'Forbidden' : 'Not Found'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };

  async function pump(client: Client): Promise<void> {
    if (client.busy) {
      client.again = true;
      return;
    }
    client.busy = true;
    try {
      do {
        client.again = false;
        if (clock.now().getTime() >= client.expiresAtMs) {
          // The client reconnects with its refreshed token (GET /conversations/{id}?watermark=W).
          client.ws.close(1008, 'token expired');
          return;
        }
        const page = await conversations.page(client.conversationId, client.watermark, pageSize);
        if (!page) {
          // The conversation is gone (expired, the store emptied): the client reconnects and starts it again.
          client.ws.close(1011, 'conversation not found');
          return;
        }
        if (page.entries.length > 0 && client.ws.readyState === WebSocket.OPEN) {
          const activities = await options.render(page.record, page.entries);
          client.watermark = Number(page.watermark);
          client.ws.send(JSON.stringify({ activities, watermark: page.watermark }));
          if (page.entries.length === pageSize) client.again = true;
        }
      } while (client.again && client.ws.readyState === WebSocket.OPEN);
    } catch (error) {
      log.warn({ event: 'directline.stream.read_failed', err: error }, 'could not read activities for a stream');
    } finally {
      client.busy = false;
    }
  }

  const tick = () => {
    for (const client of clients) void pump(client);
  };

  function add(client: Client): void {
    clients.add(client);
    if (!timer) {
      timer = setInterval(tick, pollIntervalMs);
      timer.unref();
    }
    client.ws.on('close', () => {
      clients.delete(client);
      if (clients.size === 0 && timer) {
        clearInterval(timer);
        timer = undefined;
      }
    });
    // Clients send empty keep-alive messages; nothing else is read from a stream.
    client.ws.on('message', () => undefined);
    client.ws.on('error', () => client.ws.terminate());
    void pump(client);
  }

  return {
    handleUpgrade(req, socket, head) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const match = url.pathname.startsWith(`${basePath}/conversations/`) ? /^\/conversations\/([^/]+)\/stream$/.exec(url.pathname.slice(basePath.length)) : null;
      if (!match?.[1]) return false;
      const conversationId = decodeURIComponent(match[1]);
      const check = tokens.verify(url.searchParams.get('t') ?? '');
      if (!check.ok) {
        refuse(socket, 403, check.reason);
        return true;
      }
      if (check.claims.conversationId !== conversationId) {
        refuse(socket, 403, 'wrong_conversation');
        return true;
      }
      const raw = url.searchParams.get('watermark') ?? '';
      const watermark = /^\d{1,15}$/.test(raw) ? Number(raw) : 0;
      const open = options.open ?? ((claims: TokenClaims) => conversations.get(claims.conversationId));
      void open(check.claims, watermark).then(
        (record) => {
          if (!record) {
            refuse(socket, 404, 'unknown_conversation');
            return;
          }
          // The http server's upgrade event hands a net.Socket, typed as a Duplex.
          server.handleUpgrade(req, socket as Socket, head, (ws) => {
            add({ ws, conversationId, watermark, expiresAtMs: check.claims.expiresAtMs, busy: false, again: false });
          });
        },
        (error: unknown) => {
          log.error({ event: 'directline.stream.failed', err: error }, 'stream upgrade failed');
          socket.destroy();
        },
      );
      return true;
    },
    notify(conversationId) {
      for (const client of clients) if (client.conversationId === conversationId) void pump(client);
    },
    sendEphemeral(conversationId, activity) {
      // No watermark: the client keeps reading the stored activities from where it was.
      const message = JSON.stringify({ activities: [activity] });
      for (const client of clients) if (client.conversationId === conversationId && client.ws.readyState === WebSocket.OPEN) client.ws.send(message);
    },
    closeAll() {
      for (const client of clients) client.ws.close(1001, 'server shutting down');
    },
    size: () => clients.size,
  };
}
