// Every JSON document the CLI prints starts with the contract's version. Bump it when a key
// changes meaning or type or goes away; adding a key is not a bump (consumers ignore unknown keys,
// and the schema allows them: schema/cli.schema.json).
export const SCHEMA_VERSION = 1;

export function jsonDocument<T extends object>(body: T): { schemaVersion: number } & T {
  return { schemaVersion: SCHEMA_VERSION, ...body };
}
