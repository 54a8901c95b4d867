// The reference renderer for tests/fidelity.rs: renders Markdown with micromark
// (CommonMark) and the GFM extensions coursemark supports (tables, strikethrough,
// task lists, footnotes; not autolink literals nor the tag filter), and compares the
// result with coursemark's HTML as parsed documents.
//
// usage: node commonmark-gfm.mjs MARKDOWN HTML [MARKDOWN HTML ...]
// Prints `ok FILE` or `differs FILE` with the first difference per pair; exits 1 when
// any pair differs.
//
// Left aside, as the fidelity test allows: `id` attributes and in-site link targets
// (coursemark writes its own heading ids and rewrites links), attribute order and
// serialisation (`<br>` and `<br />`), and whitespace between block elements.

import { readFileSync } from 'node:fs';
import { micromark } from 'micromark';
import { gfmFootnote, gfmFootnoteHtml } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough, gfmStrikethroughHtml } from 'micromark-extension-gfm-strikethrough';
import { gfmTable, gfmTableHtml } from 'micromark-extension-gfm-table';
import { gfmTaskListItem, gfmTaskListItemHtml } from 'micromark-extension-gfm-task-list-item';
import { parseFragment } from 'parse5';

function reference(markdown) {
  return micromark(markdown, {
    allowDangerousHtml: true,
    allowDangerousProtocol: true,
    extensions: [gfmTable(), gfmStrikethrough(), gfmTaskListItem(), gfmFootnote()],
    htmlExtensions: [
      gfmTableHtml(),
      gfmStrikethroughHtml(),
      gfmTaskListItemHtml(),
      // coursemark lists a section's notes under a visually hidden h3 (the section's
      // title is the h2); GitHub's markup otherwise.
      gfmFootnoteHtml({ labelTagName: 'h3', labelAttributes: 'class="visually-hidden"' }),
    ],
  });
}

const BLOCKS = new Set([
  'address', 'blockquote', 'details', 'div', 'dl', 'dd', 'dt', 'figure', 'figcaption',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'li', 'ol', 'p', 'pre', 'section', 'summary',
  'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul', '#document-fragment',
]);

const isBlock = (node) => node && BLOCKS.has(node.nodeName);

// A node as a plain value: [tag, attributes, children], text, or ['#comment', data].
function normal(node, inPre) {
  if (node.nodeName === '#text') return node.value;
  if (node.nodeName === '#comment') return ['#comment', node.data];
  const pre = inPre || node.nodeName === 'pre';
  const attrs = {};
  for (const { name, value } of node.attrs ?? []) {
    if (name === 'id') continue;
    if (name === 'href' && !/^[a-z][a-z0-9+.-]*:/i.test(value)) continue;
    // GFM table alignment: `align="left"` or `style="text-align: left"`, one meaning.
    const align = name === 'style' && /^text-align:\s*(\w+);?$/.exec(value);
    if (align) attrs.align = align[1];
    else attrs[name] = value;
  }
  const kids = node.content ? node.content.childNodes : node.childNodes;
  const children = [];
  kids.forEach((kid, i) => {
    if (kid.nodeName !== '#text' || pre) {
      children.push(normal(kid, pre));
      return;
    }
    let text = kid.value;
    // Whitespace next to a block boundary is layout, not content.
    if (i === 0 ? isBlock(node) : isBlock(kids[i - 1])) text = text.replace(/^\s+/, '');
    if (i === kids.length - 1 ? isBlock(node) : isBlock(kids[i + 1])) text = text.replace(/\s+$/, '');
    if (text) children.push(text);
  });
  const sorted = Object.fromEntries(Object.entries(attrs).sort(([a], [b]) => (a < b ? -1 : 1)));
  return [node.nodeName, sorted, children];
}

// The first place two normal trees differ, as a path and both sides, or null.
function firstDifference(a, b, path) {
  if (typeof a === 'string' || typeof b === 'string' || a[0] === '#comment') {
    return JSON.stringify(a) === JSON.stringify(b) ? null : { path, ours: a, reference: b };
  }
  if (a[0] !== b[0] || JSON.stringify(a[1]) !== JSON.stringify(b[1])) {
    return { path, ours: [a[0], a[1]], reference: [b[0], b[1]] };
  }
  const n = Math.max(a[2].length, b[2].length);
  for (let i = 0; i < n; i++) {
    const here = `${path}/${a[0]}[${i}]`;
    if (a[2][i] === undefined || b[2][i] === undefined) {
      return { path: here, ours: a[2][i] ?? null, reference: b[2][i] ?? null };
    }
    const d = firstDifference(a[2][i], b[2][i], here);
    if (d) return d;
  }
  return null;
}

const args = process.argv.slice(2);
let differs = 0;
for (let i = 0; i + 1 < args.length; i += 2) {
  const expected = normal(parseFragment(reference(readFileSync(args[i], 'utf8'))), false);
  const ours = normal(parseFragment(readFileSync(args[i + 1], 'utf8')), false);
  const d = firstDifference(ours, expected, '');
  if (d) {
    differs++;
    const show = (v) => JSON.stringify(v).slice(0, 600);
    console.log(`differs ${args[i]}\n  at ${d.path}\n  ours:      ${show(d.ours)}\n  reference: ${show(d.reference)}`);
  } else {
    console.log(`ok ${args[i]}`);
  }
}
process.exit(differs ? 1 : 0);
