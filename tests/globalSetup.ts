// Builds the CLI bundle once before the unit tests, so the CLI suites run the real bin.
// @ts-expect-error: a plain .mjs build script without type declarations
import { buildCli } from '../scripts/build-cli.mjs';

export async function setup(): Promise<void> {
  await buildCli();
}
