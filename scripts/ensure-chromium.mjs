// Finds a Chromium for the browser tests; installs Debian's `chromium` when none is found and we
// may (root + apt-get). Never downloads a browser build from the internet.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter(Boolean);
const found = candidates.find((p) => existsSync(p));
if (found) {
  console.log(`chromium: ${found}`);
  process.exit(0);
}
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = existsSync('/usr/bin/apt-get');
if (isRoot && hasApt) {
  console.log("chromium: none found; installing Debian's chromium with apt-get");
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit' });
  if (existsSync('/usr/bin/chromium')) process.exit(0);
}
console.error(
  'No Chromium found for the browser tests. Install one, e.g.\n' +
    '  sudo apt-get install chromium        (Debian/Ubuntu)\n' +
    'or point CHROME_PATH at an existing Chromium/Chrome binary.',
);
process.exit(1);
