/** Counts the answers to the feedback question asked after an answer of the knowledge base, per entry. */
export interface FeedbackStore {
  record(entryId: string, helpful: boolean): Promise<void>;
  counts(): Promise<Record<string, { yes: number; no: number }>>;
}
