/**
 * Reads the reasons text leadloop writes (src/scoring/formatReasons.ts): the formula line, the
 * fit and engagement items, what would make an MQL, the missing fields and the definition
 * version. Written in English or Spanish; with both, the first block (English) is read.
 */
const ITEM = /^[+−-]\d+ /;
const MISSING = /^(Missing|Faltan): /;
const DEFINITION = /^(Definition|Definición) /;

export function parseReasons(text) {
    const out = { formula: '', sections: [], needs: [], missing: [], definition: '', notes: [] };
    if (!text) return out;
    const lines = String(text).split('\n\n')[0].split('\n');
    out.formula = lines[0] || '';
    let section = null;
    lines.slice(1).forEach((line, index) => {
        const key = `l${index}`;
        if (ITEM.test(line) && section) {
            section.items.push({ key, text: line, negative: /^[−-]/.test(line) });
        } else if (line.startsWith('- ')) {
            out.needs.push({ key, text: line.slice(2) });
        } else if (MISSING.test(line)) {
            out.missing = line.replace(MISSING, '').split(', ').map((field, i) => ({ key: `${key}m${i}`, text: field }));
        } else if (DEFINITION.test(line)) {
            out.definition = line.replace(DEFINITION, '');
        } else if (/^\S+ \d+:/.test(line)) {
            section = { key, title: line, items: [] };
            out.sections.push(section);
        } else {
            // the grade's basis and the status lines
            section = null;
            out.notes.push({ key, text: line });
        }
    });
    return out;
}
