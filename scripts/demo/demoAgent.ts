/**
 * The demo's stand-in for "your own command" (a script or an AI agent): it gets one thread
 * as JSON on stdin, like any `prt run --exec` command, takes a moment as an agent would,
 * and makes a small edit; it gives up on questions and on outdated threads, so the demo
 * shows failed threads staying unresolved. For threads by mona and by Copilot it also notes
 * the change at the top of CHANGELOG.md, as agents often do: two such fixes in different
 * lanes touch the same line, so the later one in plan order is a conflict, its patch kept. Written to
 * a file and run by `node`.
 */
export const DEMO_AGENT_SOURCE = String.raw`
const fs = require('node:fs');
const path = require('node:path');
let input = '';
process.stdin.on('data', (d) => (input += d));
process.stdin.on('end', () => {
  const t = JSON.parse(input);
  // A stable pseudo-random think time per thread: 0.4 to 1.6 s.
  let h = 0;
  for (const ch of t.id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  // PRT_DEMO_AGENT_SCALE stretches it (the screenshot wants a run caught in the middle).
  const ms = (400 + (h % 1200)) * Number(process.env.PRT_DEMO_AGENT_SCALE || 1);
  setTimeout(() => {
    if (/\x60\x60\x60\s*suggestion/.test(t.body)) {
      console.log('suggestion already applied by prt; nothing more to do');
      return;
    }
    if (t.line === null) {
      console.error('outdated thread: the commented code is gone, a human should look');
      process.exit(3);
    }
    if (/\?\s*$/.test(t.body.trim().split('\n').pop())) {
      console.error('the reviewer asked a question: answering needs a human');
      process.exit(2);
    }
    const file = path.resolve(process.cwd(), t.path);
    if (!file.startsWith(process.cwd() + path.sep)) process.exit(4);
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const note = t.body.split('\n')[0].replace(/[\x60*]/g, '').slice(0, 70);
    const marker = t.path.endsWith('.md') ? '<!-- review: ' + note + ' -->' : '// review: ' + note;
    const at = Math.max(0, (t.startLine || t.line) - 1);
    const indent = (lines[at].match(/^\s*/) || [''])[0];
    lines.splice(at, 0, indent + marker);
    fs.writeFileSync(file, lines.join('\n'));
    console.log('edited ' + t.path + ':' + (at + 1));
    if ((t.author === 'mona' || t.author.startsWith('copilot')) && fs.existsSync('CHANGELOG.md')) {
      const log = fs.readFileSync('CHANGELOG.md', 'utf8');
      fs.writeFileSync('CHANGELOG.md', log.replace('## Unreleased\n\n', '## Unreleased\n\n- ' + note + '\n'));
      console.log('noted it in CHANGELOG.md');
    }
  }, ms);
});
`;
