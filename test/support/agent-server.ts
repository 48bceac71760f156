/**
 * The whole assistant with a known agent key, for the agent console's HTTP and browser tests.
 */
import { startAssistant, type RunningAssistant } from './assistant-server.js';

export const AGENT_KEY = 'test-agent-key-0123456789abcdef';

export type AgentServer = RunningAssistant;

export function startAgentServer(options: { env?: Record<string, string> } = {}): Promise<AgentServer> {
  return startAssistant({ env: { AGENT_API_KEY: AGENT_KEY, ...options.env } });
}

/** A JSON request with the agent key (null: no Authorization header at all). */
export async function getJson<T = Record<string, unknown>>(url: string, key: string | null = AGENT_KEY, init: RequestInit = {}): Promise<{ status: number; headers: Headers; body: T }> {
  const headers = new Headers(init.headers);
  if (key !== null) headers.set('authorization', `Bearer ${key}`);
  if (init.body) headers.set('content-type', 'application/json');
  const response = await fetch(url, { ...init, headers });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as T };
}
