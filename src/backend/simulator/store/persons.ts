import type { IdSource } from '../../../shared/ids.js';
import type { KeyValueStore } from '../../../state/kv.js';
import { compactNir } from '../../../domain/nir.js';
import { withLock } from './mutex.js';
import type { PersonRecord } from './records.js';

/** The simulated caisse's register of people, on the KeyValueStore. */
export interface PersonRepo {
  get(id: string): Promise<PersonRecord | undefined>;
  /** By NIR with key (15 characters: the key must match) or without it (13). */
  byNir(nir: string): Promise<PersonRecord | undefined>;
  /** Ids of the personas shown at the top level, in seed order. */
  listedIds(): Promise<string[]>;
  insert(person: PersonRecord): Promise<void>;
  /** Changes a person under a lock (two conversations may change the same person at once). */
  update(id: string, change: (person: PersonRecord) => void): Promise<PersonRecord>;
  /** Reserves a Mon espace santé identifier for a profile; false when another profile has it. */
  claimIdentifier(identifier: string, profileId: string): Promise<boolean>;
  profileIdByIdentifier(identifier: string): Promise<string | undefined>;
}

const LISTED_KEY = 'personas';
const identifierKey = (identifier: string) => `mes-identifier:${identifier.trim().toLowerCase()}`;

export function createPersonRepo(kv: KeyValueStore, ids: IdSource): PersonRepo {
  const get = (id: string) => kv.get<PersonRecord>(`person:${id}`);
  return {
    get,
    async byNir(nir) {
      const c = compactNir(nir);
      const id = await kv.get<string>(`nir:${c.slice(0, 13)}`);
      const person = id ? await get(id) : undefined;
      if (!person) return undefined;
      return c.length === 15 && person.nir !== c ? undefined : person;
    },
    async listedIds() {
      return (await kv.get<string[]>(LISTED_KEY)) ?? [];
    },
    async insert(person) {
      await kv.set(`person:${person.id}`, person);
      await kv.set(`nir:${person.nir.slice(0, 13)}`, person.id);
      if (person.listed) await kv.set(LISTED_KEY, [...(await kv.get<string[]>(LISTED_KEY) ?? []), person.id]);
      if (person.mes.identifier) await kv.set(identifierKey(person.mes.identifier), person.id);
    },
    update(id, change) {
      return withLock(kv, `person:${id}`, ids.random(), async () => {
        const person = await get(id);
        if (!person) throw new RangeError(`unknown person ${id}`);
        change(person);
        await kv.set(`person:${id}`, person);
        return person;
      });
    },
    async claimIdentifier(identifier, profileId) {
      if (await kv.setIfAbsent(identifierKey(identifier), profileId)) return true;
      // A profile that was closed keeps its identifier and may take it again.
      return (await kv.get<string>(identifierKey(identifier))) === profileId;
    },
    profileIdByIdentifier: (identifier) => kv.get<string>(identifierKey(identifier)),
  };
}
