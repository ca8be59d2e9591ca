// User text → Adaptive Card TextBlock text that renders literally.
// TextBlock (and FactSet values) interpret a CommonMark subset: **bold**, _italic_, lists and
// [links](url). Everything user-supplied passes through here so a note such as
// "[click](https://evil)" or "**URGENT**" shows exactly as typed. The text is only ever a
// JSON string value (the card is built as objects and serialised), so it can never become card
// structure; this function only neutralises markdown and the {{DATE()}} template functions.

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/g;
const MARKDOWN = /[\\`*_{}[\]()#+!<>|~]/g;

/** Escapes markdown so the text renders literally in a TextBlock or a Fact value. */
export function escapeText(text: string): string {
  return text
    .replace(CONTROL, '')
    .replace(/\r\n?/g, '\n')
    .replace(MARKDOWN, (c) => `\\${c}`)
    // A line that starts with "- ", "1. " or "1) " would become a list item.
    .replace(/^(\s*)(-)(?=\s)/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])(?=\s)/gm, '$1\\$2');
}

/** Cuts text to `max` characters (on a character boundary) with an ellipsis. */
export function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
