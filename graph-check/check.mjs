// Parses every Mermaid diagram berth wrote with the real mermaid parser (the npm package GitHub's
// renderer is built on): each *.mmd file and each ```mermaid block of each *.md file under the given
// directories. Exits 1 when a diagram does not parse, or when there is nothing to check.
//   node check.mjs <dir-or-file>...
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';

// mermaid sanitises labels with DOMPurify, which needs a DOM: give it jsdom's before loading mermaid.
const { window } = new JSDOM('');
globalThis.window = window;
globalThis.document = window.document;
const { default: mermaid } = await import('mermaid');

async function parses(text) {
  try {
    await mermaid.parse(text);
    return null;
  } catch (e) {
    return String(e && e.message ? e.message : e).split('\n').slice(0, 4).join('\n    ');
  }
}

// The parser must reject what it should: an unescaped quote inside a label.
const broken = 'flowchart LR\n  a["path "/api"*"] --> b\n';
if ((await parses(broken)) === null) {
  console.error('graph-check: the mermaid parser accepted a broken diagram; the check would prove nothing');
  process.exit(1);
}

function diagramsIn(path) {
  const out = [];
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path).sort()) out.push(...diagramsIn(join(path, name)));
  } else if (path.endsWith('.mmd')) {
    out.push({ where: path, text: readFileSync(path, 'utf8') });
  } else if (path.endsWith('.md')) {
    const blocks = readFileSync(path, 'utf8').split(/^```mermaid\n/m).slice(1);
    blocks.forEach((b, i) => out.push({ where: `${path} (mermaid block ${i + 1})`, text: b.split(/^```$/m)[0] }));
  }
  return out;
}

const paths = process.argv.slice(2);
if (paths.length === 0) {
  console.error('usage: node check.mjs <dir-or-file>...');
  process.exit(2);
}
const diagrams = paths.flatMap(p => {
  try {
    return diagramsIn(p);
  } catch (e) {
    console.error(`graph-check: ${p}: ${e.message}`);
    return [];
  }
});
if (diagrams.length === 0) {
  console.error(`graph-check: no diagrams under ${paths.join(', ')}: the JUnit test GraphDiagramsTest writes them (mvn test)`);
  process.exit(1);
}
let failed = 0;
for (const d of diagrams) {
  const error = await parses(d.text);
  if (error !== null) {
    failed++;
    console.error(`graph-check: FAIL ${d.where}\n    ${error}`);
  }
}
console.log(`graph-check: ${diagrams.length - failed} of ${diagrams.length} diagrams parse (mermaid ${JSON.parse(readFileSync(new URL('./node_modules/mermaid/package.json', import.meta.url))).version})`);
process.exit(failed === 0 ? 0 : 1);
