// The presets' facts are generated from the real configuration files; this regenerates them
// from ../shared/fixtures with the same parser and fails if the committed file differs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OUT, render } from '../../../scripts/make-distro-presets';
import { FIXTURES } from '../../../tests/fixtures';

describe('distroConfigs.gen.ts', () => {
  it('is what scripts/make-distro-presets.ts makes of shared/fixtures today', async () => {
    expect(readFileSync(OUT, 'utf8')).toBe(await render(FIXTURES));
  });
});
