// Jinja syntax dbt projects use that Nunjucks spells differently, rewritten before parsing. Every rewrite
// keeps newlines where they were, so template error line numbers still point into the user's file.
const DO_TAG = /\{%(-?)\s*do\s/g;
const SET_ATTRIBUTE = /\{%(-?)\s*set\s+([A-Za-z_]\w*)\.([A-Za-z_]\w*)\s*=([\s\S]*?)(-?)%\}/g;
const TEST_TAG = /\{%(-?)\s*test\s+([A-Za-z_]\w*)\s*\(/g;
const END_TEST = /\{%(-?)\s*endtest\s*(-?)%\}/g;

// Jinja's filtered loop, `{% for x in xs if cond %}`: Nunjucks reads `xs if cond` as an inline if, so the
// loop silently runs over nothing. loop.index/loop.last must count only the kept items (the usual
// `{% if not loop.last %}union all{% endif %}`), so the kept items are collected first, then looped over.
const FILTERED_FOR = /\{%(-?)\s*for\s+([A-Za-z_][\w\s,]*?)\s+in\s+((?:(?!%\})[\s\S])+?)\s+if\s+((?:(?!%\})[\s\S])+?)\s*(-?)%\}/g;

const TAG = /\{%[\s\S]*?%\}|\{\{[\s\S]*?\}\}/g;

export function preprocessTemplate(text: string): string {
  if (!text.includes('{%') && !text.includes('{{')) return text;
  return text
    .replace(TAG, dropTrailingCommas)
    .replace(FILTERED_FOR, filteredFor)
    .replace(SET_ATTRIBUTE, (_m, open: string, obj: string, attr: string, expr: string, close: string) => `{%${open} set __clv_do = __clv_setattr(${obj}, "${attr}", (${expr})) ${close}%}`)
    .replace(DO_TAG, (_m, open: string) => `{%${open} set __clv_do = `)
    .replace(TEST_TAG, (_m, open: string, name: string) => `{%${open} macro test_${name}(`)
    .replace(END_TEST, (_m, open: string, close: string) => `{%${open} endmacro ${close}%}`);
}

let filteredLoops = 0;

function filteredFor(tag: string, open: string, target: string, iterable: string, condition: string, close: string): string {
  // `for x in (a if b else c)` is an inline if, not a filter.
  if (/\belse\b/.test(condition) || !balanced(iterable)) return tag;
  const list = `__clv_for${++filteredLoops}`;
  const item = target.includes(',') ? `[${target}]` : target;
  // Newlines of the original tag go inside the last tag: line numbers below it stay right.
  const newlines = '\n'.repeat((tag.match(/\n/g) ?? []).length);
  return `{%${open} set ${list} = [] %}{% for ${target} in ${iterable} %}{% if ${condition} %}{% set __clv_do = ${list}.append(${item}) %}{% endif %}{% endfor %}{% for ${target} in ${list}${newlines} ${close}%}`;
}

/** The ` if ` found is inside brackets when what precedes it opens more than it closes. */
function balanced(text: string): boolean {
  let depth = 0;
  for (const char of text.replace(/'[^']*'|"[^"]*"/g, '')) {
    if ('([{'.includes(char)) depth++;
    else if (')]}'.includes(char)) depth--;
  }
  return depth === 0;
}

/** Jinja (Python) allows `{'a': 1,}` and `[1, 2,]`; Nunjucks does not. Drop such commas outside strings. */
function dropTrailingCommas(tag: string): string {
  if (!tag.includes(',')) return tag;
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < tag.length; i++) {
    const char = tag[i]!;
    if (quote) {
      if (char === '\\') {
        out += char + (tag[i + 1] ?? '');
        i++;
        continue;
      }
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === ',') {
      if (/^\s*[\]})]/.test(tag.slice(i + 1, i + 200))) continue;
    }
    out += char;
  }
  return out;
}
