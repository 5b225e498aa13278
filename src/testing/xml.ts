/**
 * XML checks for tests through libxml2 (xmllint compiled to WebAssembly): XSD validation and XPath queries, so tests
 * read JUnit output with a real parser instead of matching strings.
 */
import fs from 'node:fs';
import { validateXML } from 'xmllint-wasm';

/** Validate `xml` against the XSD file `xsd`; the messages are libxml2's. */
export async function validateAgainst(xml: string, xsd: string): Promise<{ valid: boolean; errors: string[] }> {
  const r = await validateXML({
    xml: [{ fileName: 'doc.xml', contents: xml }],
    schema: [fs.readFileSync(xsd, 'utf8')],
  });
  return { valid: r.valid, errors: r.errors.map((e) => e.rawMessage) };
}

/** The string value of XPath `expr` over `xml` (libxml2's `xmllint --xpath 'string(…)'`). */
export async function xpathString(xml: string, expr: string): Promise<string> {
  const r = await validateXML({
    xml: [{ fileName: 'doc.xml', contents: xml }],
    normalization: 'c14n',
    modifyArguments: (args) => [...args.filter((a) => a !== '--c14n'), '--xpath', `string(${expr})`],
  });
  return r.normalized.replace(/\n$/, '');
}
