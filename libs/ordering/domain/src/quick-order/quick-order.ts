import { RuleViolated } from '@b2b/kernel';

export interface QuickLine { readonly sku: string; readonly quantity: number }
export interface QuickLineError { readonly line: number; readonly text: string; readonly message: string }

const MAX_LINES = 1_000;

/** Pasted "SKU quantity" lines (spaces, tabs, a comma or a semicolon between; a CSV with a
 *  `sku,quantity` header works too). Blank lines are skipped; a SKU given twice is summed. Every bad
 *  line is named; nothing is accepted until all are valid.
 *  @throws RuleViolated (422, details = every bad line). */
export const parseQuickOrder = (text: string): QuickLine[] => {
  const errors: QuickLineError[] = [];
  const totals = new Map<string, number>();
  const lines = text.replace(/^\ufeff/, '').split(/\r?\n/);
  if (lines.length > MAX_LINES) throw new RuleViolated('QUICK_ORDER.TOO_MANY_LINES', `at most ${MAX_LINES} lines, got ${lines.length}`);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || (i === 0 && /^sku\s*[,;\t ]\s*quantity$/i.test(line))) return;
    const match = /^([A-Za-z0-9][A-Za-z0-9._\-/]{0,63})\s*[\s,;]\s*(\S+)$/.exec(line);
    if (!match) {
      errors.push({ line: i + 1, text: line, message: 'expected a SKU and a quantity, like "BOLT-M8 250"' });
      return;
    }
    const [, sku, qty] = match as unknown as [string, string, string];
    if (!/^\d{1,7}$/.test(qty) || Number(qty) < 1) {
      errors.push({ line: i + 1, text: line, message: `quantity "${qty}" must be a whole number of at least 1` });
      return;
    }
    totals.set(sku, (totals.get(sku) ?? 0) + Number(qty));
  });
  if (errors.length === 0 && totals.size === 0) throw new RuleViolated('QUICK_ORDER.EMPTY', 'no lines: paste one "SKU quantity" per line');
  if (errors.length > 0) throw quickOrderRefused(errors);
  return [...totals].map(([sku, quantity]) => ({ sku, quantity }));
};

export const quickOrderRefused = (errors: readonly QuickLineError[]): RuleViolated => {
  const first = errors[0]!;
  return new RuleViolated('QUICK_ORDER.INVALID_LINES', `nothing was added: ${errors.length} line(s) are invalid; the first is line ${first.line} ("${first.text}"): ${first.message}`, errors);
};
