import {
  execute,
  getOperationAST,
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type SelectionSetNode,
  type ValidationRule,
} from 'graphql';
import { isGitHubFieldError, isNotImplementedFieldError } from './fieldError';
import { githubSchema } from './githubSchema';
import { fieldResolver, typeResolver, type ResolverContext } from './resolvers';

/** A request body as parsed, before it is run. */
export interface ParsedRequest {
  readonly kind: 'query' | 'mutation' | 'invalid';
  readonly operationName?: string;
  /** Fields (aliases counted separately) in the operation's top-level selection. */
  readonly topLevelFields: number;
  /** Their names (not aliases), in order: what a rate limit needs to know of a batch. */
  readonly fieldNames: readonly string[];
  readonly query: string;
  readonly variables: Record<string, unknown>;
  /** Set when the body is not JSON or not a request object: the server answers 400. */
  readonly badRequest?: string;
  readonly document?: DocumentNode;
  /** GitHub-shaped errors from parsing, answered with HTTP 200 and no data. */
  readonly parseErrors?: GitHubErrorJson[];
}

/** An entry of a response's `errors`, in GitHub's shape. */
export interface GitHubErrorJson {
  type?: string;
  path?: readonly (string | number)[];
  locations?: readonly { line: number; column: number }[];
  message: string;
  extensions?: Record<string, unknown>;
}

export interface GraphQLResponseJson {
  data?: unknown;
  errors?: GitHubErrorJson[];
}

// GitHub names its validation errors with these codes; graphql-js names the rules.
const VALIDATION_CODES: Record<string, string> = {
  FieldsOnCorrectTypeRule: 'undefinedField',
  KnownArgumentNamesRule: 'argumentNotAccepted',
  ProvidedRequiredArgumentsRule: 'missingRequiredArguments',
  ValuesOfCorrectTypeRule: 'argumentLiteralsIncompatible',
  KnownTypeNamesRule: 'undefinedType',
  NoUndefinedVariablesRule: 'variableNotDefined',
  NoUnusedVariablesRule: 'variableNotUsed',
  ScalarLeafsRule: 'selectionMismatch',
  VariablesInAllowedPositionRule: 'variableMismatch',
  KnownFragmentNamesRule: 'undefinedFragment',
  NoUnusedFragmentsRule: 'useAndDefineFragment',
};

/** Parses an HTTP body (JSON text) into a request; never throws. */
export function parseRequest(bodyText: string): ParsedRequest {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return { kind: 'invalid', topLevelFields: 0, fieldNames: [], query: '', variables: {}, badRequest: 'Problems parsing JSON' };
  }
  if (typeof body !== 'object' || body === null || typeof (body as { query?: unknown }).query !== 'string') {
    return { kind: 'invalid', topLevelFields: 0, fieldNames: [], query: '', variables: {}, badRequest: 'A query attribute must be specified and must be a string.' };
  }
  const { query, variables, operationName } = body as { query: string; variables?: unknown; operationName?: unknown };
  const vars = typeof variables === 'object' && variables !== null ? (variables as Record<string, unknown>) : {};
  const opName = typeof operationName === 'string' && operationName !== '' ? operationName : undefined;
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (e) {
    const errors = e instanceof GraphQLError ? [formatError(e)] : [{ message: String(e) }];
    return { kind: 'invalid', operationName: opName, topLevelFields: 0, fieldNames: [], query, variables: vars, parseErrors: errors };
  }
  const op = getOperationAST(document, opName);
  const kind = op?.operation === 'query' || op?.operation === 'mutation' ? op.operation : 'invalid';
  const fieldNames: string[] = [];
  if (op) collectFields(op.selectionSet, document, fieldNames);
  return {
    kind,
    operationName: opName ?? op?.name?.value,
    topLevelFields: fieldNames.length,
    fieldNames,
    query,
    variables: vars,
    document,
  };
}

/**
 * Validates and executes a parsed request against GitHub's schema, answering like
 * GitHub: validation errors come with no `data`, field errors with `data` and `errors`.
 */
export function runRequest(req: ParsedRequest, ctx: ResolverContext): GraphQLResponseJson {
  if (req.parseErrors) return { errors: req.parseErrors };
  if (!req.document) return { errors: [{ message: req.badRequest ?? 'No query' }] };
  const schema = githubSchema();
  const invalid = validate(schema, req.document);
  if (invalid.length > 0) return { errors: codedValidationErrors(req.document, invalid) };
  const result = execute({
    schema,
    document: req.document,
    variableValues: req.variables,
    operationName: req.operationName,
    contextValue: ctx,
    fieldResolver,
    typeResolver,
  });
  if ('then' in result) throw new Error('the test GitHub resolvers are synchronous');
  const out: GraphQLResponseJson = {};
  if (result.data !== undefined) out.data = result.data;
  if (result.errors?.length) out.errors = result.errors.map(formatError);
  return out;
}

function codedValidationErrors(document: DocumentNode, errors: readonly GraphQLError[]): GitHubErrorJson[] {
  // Rerun the rules one at a time (only on failure) to learn which rule each error broke.
  const coded: GitHubErrorJson[] = [];
  for (const rule of specifiedRules) {
    for (const e of validate(githubSchema(), document, [rule as ValidationRule])) {
      coded.push({ ...formatError(e), extensions: { code: VALIDATION_CODES[rule.name] ?? rule.name } });
    }
  }
  return coded.length > 0 ? coded : errors.map(formatError);
}

function formatError(e: GraphQLError): GitHubErrorJson {
  // Built in GitHub's key order: type, path, locations, message.
  const original = e.originalError;
  const out = {} as GitHubErrorJson;
  if (isGitHubFieldError(original) && original.type) out.type = original.type;
  if (e.path) out.path = e.path;
  if (e.locations) out.locations = e.locations;
  out.message = e.message;
  if (isNotImplementedFieldError(original)) out.extensions = { code: 'TEST_GITHUB_NOT_IMPLEMENTED' };
  return out;
}

function collectFields(set: SelectionSetNode, document: DocumentNode, out: string[], seen = new Set<string>()): void {
  for (const s of set.selections) {
    if (s.kind === 'Field') out.push(s.name.value);
    else if (s.kind === 'InlineFragment') collectFields(s.selectionSet, document, out, seen);
    else if (!seen.has(s.name.value)) {
      seen.add(s.name.value); // a fragment cycle is invalid, but counting runs before validation
      const fragment = document.definitions.find((d) => d.kind === 'FragmentDefinition' && d.name.value === s.name.value);
      if (fragment?.kind === 'FragmentDefinition') collectFields(fragment.selectionSet, document, out, seen);
      seen.delete(s.name.value);
    }
  }
}
