// duckdb_peer.mjs - the DuckDB side of `make bench`: load one bench file
// into a file-backed DuckDB database the way a DuckDB user would, keyed and
// deduplicated like prodops' tables, then CHECKPOINT and print the file's
// size ("bytes N" on stdout).  Run by tests/bench/run under rss, which
// times it; the database file must not exist yet (each run starts empty).
//
//   DUCKDB_PEER_DIR=DIR node duckdb_peer.mjs tickets|amplitude|mixpanel \
//       FILE DBFILE TMPDIR
// DIR holds node_modules/@duckdb/node-api (npm install, outside the repo).
//
// tickets:   the Zendesk CSV; one row per Id, the latest "Updated at" wins
//            (SPEC §4), unique index on Id.
// amplitude: the zip of gzipped JSON lines.  DuckDB reads gzip but not zip,
//            so `unzip` writes the members to TMPDIR first (counted in the
//            time); one row per $insert_id (else uuid), unique index on it.
// mixpanel:  JSON lines; one row per properties.$insert_id, unique index.
// Every column of the file is kept, as prodops keeps every property.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';

const { DuckDBInstance } = createRequire(
  `${process.env.DUCKDB_PEER_DIR ?? '.'}/`)('@duckdb/node-api');

const THREADS = '2'; // the machine's cores, as prodops uses them

// SQL string literal.
const lit = (s) => `'${s.replaceAll("'", "''")}'`;

// Each kind: how to make the deduplicated table t and what its key is.
const kinds = {
  tickets: (file) => `
    CREATE TABLE t AS
    SELECT * FROM read_csv(${lit(file)}, header = true)
    QUALIFY row_number() OVER (PARTITION BY "Id" ORDER BY "Updated at" DESC) = 1;
    CREATE UNIQUE INDEX t_key ON t ("Id");`,
  amplitude: (file, tmp) => {
    mkdirSync(tmp, { recursive: true });
    execFileSync('unzip', ['-q', '-o', file, '-d', tmp]);
    return `
    CREATE TABLE t AS
    SELECT coalesce("$insert_id"::VARCHAR, uuid::VARCHAR) AS event_key, *
    FROM read_json(${lit(tmp + '/**/*.json.gz')}, format = 'newline_delimited')
    QUALIFY row_number() OVER (PARTITION BY event_key ORDER BY event_time) = 1;
    CREATE UNIQUE INDEX t_key ON t (event_key);`;
  },
  mixpanel: (file) => `
    CREATE TABLE t AS
    SELECT properties."$insert_id" AS event_key, *
    FROM read_json(${lit(file)}, format = 'newline_delimited')
    QUALIFY row_number() OVER (PARTITION BY event_key ORDER BY properties."time") = 1;
    CREATE UNIQUE INDEX t_key ON t (event_key);`,
};

// Bytes of the database and of any WAL left beside it.
function dbBytes(db) {
  let n = 0;
  for (const f of [db, db + '.wal'])
    try { n += statSync(f).size; } catch { /* not there */ }
  return n;
}

async function main() {
  const [kind, file, db, tmp] = process.argv.slice(2);
  if (!kinds[kind] || !file || !db || !tmp) {
    console.error('usage: duckdb_peer.mjs tickets|amplitude|mixpanel FILE DBFILE TMPDIR');
    process.exit(2);
  }
  const instance = await DuckDBInstance.create(db, { threads: THREADS });
  const conn = await instance.connect();
  try {
    await conn.run(kinds[kind](file, tmp));
    await conn.run('CHECKPOINT');
    const rows = await conn.runAndReadAll('SELECT count(*)::BIGINT FROM t');
    console.log(`rows ${rows.getRows()[0][0]}`);
  } finally {
    conn.closeSync();
    instance.closeSync();
    rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`bytes ${dbBytes(db)}`);
}

main().catch((e) => { console.error(`duckdb_peer: ${e.message}`); process.exit(1); });
