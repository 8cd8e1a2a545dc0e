import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildSchema, GraphQLSchema } from 'graphql';

const SCHEMA_FILE = join('node_modules', '@octokit', 'graphql-schema', 'schema.graphql');

let cached: GraphQLSchema | undefined;

/**
 * GitHub's public GraphQL schema, built once per process from
 * `@octokit/graphql-schema`'s `schema.graphql`. The package is ESM-only, so its text is
 * read from disk (walking up from this bundle's folder, then from the working directory)
 * instead of being imported.
 * @throws Error when no `node_modules/@octokit/graphql-schema` is found.
 */
export function githubSchema(): GraphQLSchema {
  if (!cached) cached = buildSchema(readFileSync(findSchemaFile(), 'utf8'), { assumeValidSDL: true });
  return cached;
}

function findSchemaFile(): string {
  // From the bundle's folder first; the working directory covers a bundle copied elsewhere.
  for (const start of [__dirname, process.cwd()]) {
    for (let dir = start; ; dir = dirname(dir)) {
      const candidate = join(dir, SCHEMA_FILE);
      if (existsSync(candidate)) return candidate;
      if (dirname(dir) === dir) break;
    }
  }
  throw new Error(`cannot find ${SCHEMA_FILE} above ${__dirname} or ${process.cwd()}; run npm install`);
}
