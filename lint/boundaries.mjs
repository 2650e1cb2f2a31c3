/**
 * The rooms' boundaries (docs/architecture.md, "Boundaries"), as one lint rule: a wrong import fails
 * `npm run lint`. Each import is resolved to a path in the project (or a package name) and checked
 * against the rules of the importing file's room. Tests, test/, bench/ and stack/ are not governed:
 * they put the rooms together.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** `room` is a project path ("db", "db/queries/hajj") or a package; true when `target` lies in it. */
const inside = (target, room) => target === room || target.startsWith(room + '/');
const anyOf =
  (...rooms) =>
  (target) =>
    rooms.some((room) => inside(target, room));
const isPackage = (target) => !target.startsWith('./');
const AREAS = ['desk', 'hajj'];
const otherArea = (file) => {
  const area = AREAS.find((a) => file.split('/').includes(a));
  return area ? AREAS.filter((a) => a !== area) : [];
};
/** A workflow's client and messages: what the rest of the system may know of a workflow. */
const workflowContract = (target) =>
  /^workflows\/[^/]+\/(client|messages)$/.test(target) || target === 'workflows/shared/messages';

/**
 * Per room: which files it governs, and its rules. A rule forbids the targets `forbid` matches;
 * `types: true` lets type-only imports through (a workflow names its activities' interface, as
 * Temporal's samples do, without loading them).
 */
export const ROOMS = [
  {
    name: 'domain',
    files: (f) => inside(f, 'domain'),
    rules: [
      {
        forbid: (t) =>
          isPackage(t) ? !['jalaali-js', 'node:crypto'].includes(t) : !inside(t.slice(2), 'domain'),
        message: 'domain/ is pure: it imports only domain/ (and no package with I/O)',
      },
    ],
  },
  {
    name: 'workflow client',
    files: (f) => /^workflows\/[^/]+\/client\.ts$/.test(f),
    rules: [
      {
        forbid: (t) => anyOf('./web', './activities', './worker', './stack')(t),
        message: "a workflow's client starts and reaches workflows: it imports no web, activities or worker",
      },
    ],
  },
  {
    name: 'workflows',
    files: (f) => inside(f, 'workflows') && !/\/client\.ts$/.test(f),
    rules: [
      {
        forbid: (t) =>
          isPackage(t)
            ? !['@temporalio/workflow', '@temporalio/common'].includes(t)
            : !anyOf('./domain', './workflows')(t),
        types: true,
        message: 'workflow code is deterministic: it imports only domain/, workflows/ and the workflow SDK',
      },
      {
        forbid: (t) => /^\.\/workflows\/[^/]+\/client$/.test(t),
        message: "workflow code does not start workflows through a client: that is the client's caller's job",
      },
    ],
  },
  {
    name: 'db',
    files: (f) => inside(f, 'db') && !inside(f, 'db/seeds'),
    rules: [
      {
        forbid: (t) =>
          anyOf('./web', './activities', './workflows', './worker', './stack')(t) ||
          /^\.\/domain\/[^/]+\/copy$/.test(t),
        message: 'db/ stores and reads: it imports no pages, copy, activities, workflows or worker',
      },
    ],
  },
  {
    name: 'db seeds',
    files: (f) => inside(f, 'db/seeds'),
    rules: [
      {
        // The demo data is checked against the simulated registry, as the live import is.
        forbid: (t) =>
          anyOf('./web', './workflows', './worker', './stack', './activities')(t) &&
          !inside(t, './activities/integrations'),
        message: 'seeds store demo data: they import no pages, workflows, worker or activities',
      },
    ],
  },
  {
    name: 'activities',
    files: (f) => inside(f, 'activities'),
    rules: [
      {
        forbid: (t) =>
          anyOf('./web', './worker', './stack')(t) ||
          (inside(t, './workflows') && !workflowContract(t.slice(2))),
        types: true,
        message: 'activities import no web or worker, and of workflows/ only their clients and messages',
      },
    ],
  },
  {
    name: 'integrations',
    files: (f) => inside(f, 'activities/integrations'),
    rules: [
      {
        forbid: anyOf('./db', './activities/desk', './activities/hajj', './activities/shared'),
        types: true,
        message: 'an integration speaks to one outside system: it imports no database or activities',
      },
    ],
  },
  {
    name: 'web',
    files: (f) => inside(f, 'web'),
    rules: [
      {
        forbid: (t) =>
          anyOf('./worker', './stack')(t) ||
          (inside(t, './activities') && !inside(t, './activities/integrations')) ||
          (inside(t, './workflows') && !workflowContract(t.slice(2))),
        message:
          "web imports no activities (but the integrations' interfaces), no worker, and of workflows/ only clients and messages",
      },
      {
        forbid: (t) => ['knex', 'pg'].includes(t),
        message: 'web runs no SQL: it imports no database driver, its queries live in db/queries',
      },
    ],
    // The database handle is passed to db/queries, never queried here (the server only closes it).
    code: true,
  },
  {
    name: 'worker',
    files: (f) => inside(f, 'worker'),
    rules: [{ forbid: anyOf('./web', './stack'), message: 'the worker imports no web or stack' }],
  },
  {
    name: 'areas',
    files: (f) => ['domain', 'workflows', 'activities', 'db', 'web'].some((room) => inside(f, room)),
    rules: [
      {
        // The Hajj journey's workflow names the request desk's shared steps (its timeline, deadlines).
        forbid: (t, file) => otherArea(file).some((area) => t.split('/').includes(area)),
        types: true,
        message: "one area's wing imports nothing of the other's: shared things live in a shared wing",
      },
    ],
  },
];

const TEST_FILE = /\.test\.ts$/;

/** The knex handle's query builders: what web/ may not touch (it passes `db` to db/queries). */
const QUERY_MEMBERS = new Set([
  'raw',
  'fn',
  'transaction',
  'schema',
  'queryBuilder',
  'from',
  'select',
  'with',
]);
const isDbHandle = (node) =>
  (node.type === 'Identifier' && node.name === 'db') ||
  (node.type === 'MemberExpression' && !node.computed && node.property.name === 'db');
const SQL_IN_WEB = 'web runs no SQL: it passes the database to db/queries, which query it';

/** The target as the rules see it: "./room/…" for a project file (no extension), or the package. */
function targetOf(file, source) {
  if (!source.startsWith('.')) return source;
  const abs = path.resolve(path.dirname(path.join(ROOT, file)), source);
  return (
    './' +
    path
      .relative(ROOT, abs)
      .split(path.sep)
      .join('/')
      .replace(/\.(ts|js|json)$/, '')
      .replace(/\/index$/, '')
  );
}

function typeOnly(node) {
  if (node.importKind === 'type' || node.exportKind === 'type') return true;
  const specifiers = node.specifiers ?? [];
  return (
    node.type === 'ImportDeclaration' &&
    specifiers.length > 0 &&
    specifiers.every((s) => s.type === 'ImportSpecifier' && s.importKind === 'type')
  );
}

export const boundaries = {
  meta: { type: 'problem', schema: [], messages: { crossed: '{{message}} ({{room}}: {{source}})' } },
  create(context) {
    const file = path.relative(ROOT, context.filename).split(path.sep).join('/');
    if (TEST_FILE.test(file)) return {};
    const rooms = ROOMS.filter((room) => room.files(file));
    if (rooms.length === 0) return {};
    const check = (node, sourceNode, types) => {
      if (!sourceNode || typeof sourceNode.value !== 'string') return;
      const target = targetOf(file, sourceNode.value);
      for (const room of rooms)
        for (const rule of room.rules) {
          if (types && rule.types) continue;
          if (rule.forbid(target, file))
            context.report({
              node: sourceNode,
              messageId: 'crossed',
              data: { message: rule.message, room: room.name, source: sourceNode.value },
            });
        }
    };
    const code = rooms.some((room) => room.code);
    const sql = (node, source) =>
      context.report({ node, messageId: 'crossed', data: { message: SQL_IN_WEB, room: 'web', source } });
    return {
      ...(code && {
        MemberExpression: (node) => {
          if (isDbHandle(node.object) && !node.computed && QUERY_MEMBERS.has(node.property.name))
            sql(node, context.sourceCode.getText(node));
        },
      }),
      ImportDeclaration: (node) => check(node, node.source, typeOnly(node)),
      ExportNamedDeclaration: (node) => check(node, node.source, typeOnly(node)),
      ExportAllDeclaration: (node) => check(node, node.source, typeOnly(node)),
      ImportExpression: (node) => check(node, node.source, false),
      CallExpression: (node) => {
        const callee = node.callee;
        const isRequire =
          (callee.type === 'Identifier' && callee.name === 'require') ||
          (callee.type === 'MemberExpression' && callee.object.name === 'require');
        if (isRequire) check(node, node.arguments[0], false);
        if (code && isDbHandle(callee)) sql(node, `${context.sourceCode.getText(callee)}(…)`);
      },
    };
  },
};

export default { rules: { boundaries } };
