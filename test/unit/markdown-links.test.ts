import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
// [text](target) and [text]: target; code spans are dropped first, so examples in backticks do not count.
const INLINE_LINK = /\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;
const REFERENCE_LINK = /^\s*\[[^\]]+\]:\s*(\S+)/gm;

/** Tracked and new (not ignored) Markdown files of the repository. */
function markdownFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.md'], { cwd: ROOT, encoding: 'utf8' });
  return listed.split('\n').filter((file) => file && fs.existsSync(path.join(ROOT, file)));
}

function relativeTargets(markdown: string): string[] {
  const text = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  const targets = [...text.matchAll(INLINE_LINK), ...text.matchAll(REFERENCE_LINK)].map((match) => match[1]);
  return targets.filter((target) => !/^([a-z][a-z0-9+.-]*:|#)/i.test(target));
}

describe('Markdown links', () => {
  const files = markdownFiles();

  it('finds the repository documents', () => {
    expect(files).toEqual(expect.arrayContaining(['README.md', 'docs/api.md', 'docs/design.md', 'docs/operations.md', 'docs/code-map.md']));
  });

  it.each(files)('%s: every relative link points at a file inside the repository', (file) => {
    const dir = path.dirname(path.join(ROOT, file));
    const broken = relativeTargets(fs.readFileSync(path.join(ROOT, file), 'utf8')).filter((target) => {
      const resolved = path.resolve(dir, decodeURIComponent(target.split('#')[0]));
      return !resolved.startsWith(`${ROOT}${path.sep}`) || !fs.existsSync(resolved);
    });
    expect(broken).toEqual([]);
  });
});
