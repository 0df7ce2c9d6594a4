// Check Cypher statements with Neo4j's own parser and semantic analysis (@neo4j-cypher/language-support).
//
// Input (a file given as the first argument, or standard input): JSON
//   {"schema": {"labels": [...], "relationshipTypes": [...], "propertyKeys": [...]},
//    "statements": [{"source": "queries/x.cypher", "line": 1, "text": "MATCH ...", "params": ["key"],
//                    "row_fields": ["subject"]}]}
// `row_fields` are the keys of parameter rows (`UNWIND $rows AS r ... r.subject`), accepted as property keys.
// `line` is the line of the source where `text` starts, so messages point into the real file.
// Output: one `source:line:col: error|warning: message` per diagnostic; exit 1 when there is any, 2 on bad input.
//
// Every diagnostic fails the check, warnings included: a warning here is an unknown label, relationship type or
// property (a typo that would silently match nothing), an undeclared parameter, or a deprecated function.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let language;
try {
  language = require('@neo4j-cypher/language-support');
} catch (err) {
  console.error('cypher-lint: @neo4j-cypher/language-support is not installed; run `make lint-cypher` ' +
    '(it runs `npm ci` in tools/cypher-lint)');
  process.exit(2);
}

const input = JSON.parse(readFileSync(process.argv[2] ?? 0, 'utf8'));
// The package ships the function and procedure signatures of a Neo4j 5 server (its `testData.mockSchema`);
// with them the linter also reports unknown and deprecated functions. Without them it cannot, so stop.
const neo4j5 = language.testData?.mockSchema;
if (!neo4j5?.functions?.['CYPHER 5']) {
  console.error('cypher-lint: this version of @neo4j-cypher/language-support has no Neo4j 5 function list; ' +
    'pin the version in tools/cypher-lint/package.json that has one');
  process.exit(2);
}

let problems = 0;
for (const statement of input.statements) {
  const dbSchema = {
    defaultLanguage: 'CYPHER 5',
    functions: neo4j5.functions,
    procedures: neo4j5.procedures,
    labels: input.schema.labels,
    relationshipTypes: input.schema.relationshipTypes,
    propertyKeys: [...input.schema.propertyKeys, ...(statement.row_fields ?? [])],
    parameters: Object.fromEntries((statement.params ?? []).map((name) => [name, null])),
  };
  const { diagnostics } = language.lintCypherQuery(statement.text, dbSchema);
  for (const d of diagnostics) {
    problems += 1;
    const line = d.range.start.line + (statement.line ?? 1);
    const column = d.range.start.character + 1;
    const severity = d.severity === 1 ? 'error' : 'warning';
    const message = d.message.split('\n')[0];
    console.log(`${statement.source}:${line}:${column}: ${severity}: ${message}`);
  }
}
if (problems) {
  console.log(`cypher-lint: ${problems} problem(s) in ${input.statements.length} statements; ` +
    'shared Cypher must be valid Neo4j 5 Cypher (see tools/cypher-lint/README.md)');
  process.exit(1);
}
console.log(`cypher-lint: ${input.statements.length} statements are valid Neo4j 5 Cypher`);
