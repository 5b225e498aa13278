import { describe, expect, it } from 'vitest';
import { defineTheoremLine, escapeData, escapeProperty } from './annotations.js';

/** GitHub's decoding of a workflow-command value (the inverse of the escaping, in the reverse order). */
const unescape = (s: string) => s.replaceAll('%2C', ',').replaceAll('%3A', ':').replaceAll('%0A', '\n').replaceAll('%0D', '\r').replaceAll('%25', '%');

describe('workflow-command escaping', () => {
  it('message data: %, CR and LF are encoded, so one annotation stays one line; decoding gives the text back', () => {
    const s = '100% sure:\r\nline 2, with %0A literally';
    const e = escapeData(s);
    expect(e).not.toMatch(/[\r\n]/);
    expect(e).toBe('100%25 sure:%0D%0Aline 2, with %250A literally');
    expect(unescape(e)).toBe(s);
  });

  it('properties: also : and , (which would end the value or start the next property)', () => {
    const s = 'a,b:c%\nd';
    const e = escapeProperty(s);
    expect(e).not.toMatch(/[,:\r\n]/);
    expect(unescape(e)).toBe(s);
  });

  it('defineTheoremLine: the 1-based line of the first defineTheorem( call', () => {
    expect(defineTheoremLine("import x from 'y';\n// defineTheorem is used below\n\nexport default defineTheorem({\n  id: 'a',\n});")).toBe(4);
    expect(defineTheoremLine('export default defineTheorem ({})')).toBe(1);
    expect(defineTheoremLine('nothing here')).toBe(1);
  });
});
