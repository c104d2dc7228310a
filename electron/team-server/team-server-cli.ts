/**
 * `npm run team-server -- …`: runs a Canopy team server, or manages its tokens.
 *
 *   npm run team-server -- --database postgres://… [--port 4460] [--bind 0.0.0.0]
 *                          [--redis redis://127.0.0.1:6379] [--max-update-bytes N]
 *   npm run team-server -- token add --team acme [--label …] [--max-documents N] [--max-connections N]
 *   npm run team-server -- token list
 *   npm run team-server -- token revoke <hash prefix>
 *
 * The database may also come from CANOPY_TEAM_DATABASE (or DATABASE_URL). Prints one
 * JSON line `{"event":"listening","port":…}` when it takes connections.
 */
import { parseArgs } from 'node:util';
import { TOKEN_PATTERN } from '../../shared/team/invitation';
import { DEFAULT_TOKEN_LIMITS, TeamStore } from './store';
import { startTeamServer } from './team-server';

const USAGE = `usage:
  npm run team-server -- --database postgres://user@host/db [--port 4460] [--bind 127.0.0.1]
                         [--redis redis://127.0.0.1:6379] [--max-update-bytes N] [--compact-rows N]
  npm run team-server -- token add --team NAME [--label TEXT] [--max-documents N] [--max-connections N]
  npm run team-server -- token list
  npm run team-server -- token revoke HASH_PREFIX`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    database: { type: 'string' },
    port: { type: 'string', default: '4460' },
    bind: { type: 'string', default: '127.0.0.1' },
    redis: { type: 'string' },
    'max-update-bytes': { type: 'string' },
    'compact-rows': { type: 'string' },
    name: { type: 'string' },
    team: { type: 'string' },
    label: { type: 'string', default: '' },
    'max-documents': { type: 'string' },
    'max-connections': { type: 'string' },
    'bench-plaintext': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function count(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0) fail(`--${name} takes a whole number, not "${text}"`);
  return n;
}

const database = values.database ?? process.env.CANOPY_TEAM_DATABASE ?? process.env.DATABASE_URL;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!database) fail('Say which database: --database postgres://… (or CANOPY_TEAM_DATABASE).');

if (positionals[0] === 'token') await tokens(positionals[1], positionals[2]);
else if (positionals.length) fail(`Unknown command "${positionals.join(' ')}".`);
else await serve();

async function tokens(action: string | undefined, argument: string | undefined) {
  const store = await TeamStore.open(database!);
  try {
    if (action === 'add') {
      const team = values.team ?? '';
      if (!TOKEN_PATTERN.test(`${team}.${'A'.repeat(43)}`))
        fail('--team takes a name of lower-case letters, digits and dashes (at most 32).');
      const token = await store.addToken(team, values.label ?? '', {
        maxDocuments: count(
          'max-documents',
          values['max-documents'],
          DEFAULT_TOKEN_LIMITS.maxDocuments,
        ),
        maxConnections: count(
          'max-connections',
          values['max-connections'],
          DEFAULT_TOKEN_LIMITS.maxConnections,
        ),
      });
      // The token itself on stdout (for scripts), the advice on stderr.
      console.log(token);
      console.error(
        'Keep this token: only its hash is stored. Give it to your team with the invitation.',
      );
    } else if (action === 'list') {
      for (const t of await store.listTokens())
        console.log(
          `${t.hash.toString('hex').slice(0, 12)}  ${t.team}  ${t.documents}/${t.maxDocuments} trees  ` +
            `${t.maxConnections} connections  ${t.label}`,
        );
    } else if (action === 'revoke' && argument) {
      console.log(`${await store.revokeToken(argument)} token(s) revoked`);
    } else fail('token takes add, list or revoke HASH_PREFIX.');
  } finally {
    await store.close();
  }
}

async function serve() {
  const server = await startTeamServer({
    databaseUrl: database!,
    port: count('port', values.port, 4460),
    host: values.bind,
    redisUrl: values.redis ?? null,
    maxUpdateBytes: values['max-update-bytes']
      ? count('max-update-bytes', values['max-update-bytes'], 0)
      : undefined,
    compactRows: values['compact-rows']
      ? count('compact-rows', values['compact-rows'], 0)
      : undefined,
    plaintext: values['bench-plaintext'],
    name: values.name,
  });
  console.log(JSON.stringify({ event: 'listening', port: server.port }));
  console.error(
    `Canopy team server on ws://${values.bind}:${server.port}` +
      (values.redis ? `, joined to the other instances through ${values.redis}` : '') +
      '. Put a TLS proxy in front of it for wss:// (README, "Team server").',
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}
