import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { DomainError, Invalid, RuleViolated } from '@b2b/kernel';
import { checkProductDetails, type ProductDetails } from '@b2b/catalog-domain';
import { CreateProductRequest } from '../api/dto/catalog.requests.js';

export const MAX_IMPORT_ROWS = 5_000;
const COLUMNS = ['sku', 'typeNumber', 'name', 'description', 'category', 'unit', 'listPrice', 'currency'] as const;
const OPTIONAL_COLUMNS = ['documents', 'active'] as const;

export type ImportRow = ProductDetails & { readonly active: boolean };
/** `row` is the line of the file the product starts on (the header is line 1). */
export interface RowError { readonly row: number; readonly sku?: string; readonly message: string }

/** RFC 4180 records: comma separated, fields in double quotes may hold commas, line breaks and "" for a
 *  quote; CRLF or LF. Returns each record with the line it starts on. */
export const parseCsv = (text: string): { line: number; fields: string[] }[] => {
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a byte-order mark from spreadsheet exports
  const endRecord = (): void => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: start, fields });
    fields = [];
    field = '';
  };
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else field += c;
  }
  if (quoted) throw new Invalid('IMPORT.UNCLOSED_QUOTE', `line ${start}: a quoted field is not closed`);
  if (field !== '' || fields.length > 0) endRecord();
  return records;
};

const messagesOf = (errors: readonly ValidationError[]): string[] =>
  errors.flatMap((e) => [...Object.values(e.constraints ?? {}), ...messagesOf(e.children ?? [])]);

/** "CE declaration|https://…; Data sheet|https://…" → documents. */
const parseDocuments = (text: string): { name: string; url: string }[] | string =>
  text.trim() === ''
    ? []
    : text.split(';').map((part) => part.trim()).filter((part) => part !== '').reduce<{ name: string; url: string }[] | string>((acc, part) => {
        if (typeof acc === 'string') return acc;
        const bar = part.lastIndexOf('|');
        if (bar <= 0) return `documents: "${part}" must be written as name|https://url`;
        return [...acc, { name: part.slice(0, bar).trim(), url: part.slice(bar + 1).trim() }];
      }, []);

const parseActive = (text: string | undefined): boolean | string => {
  const value = (text ?? '').trim().toLowerCase();
  if (value === '' || ['true', 'yes', '1'].includes(value)) return true;
  if (['false', 'no', '0'].includes(value)) return false;
  return `active must be true or false, not "${text}"`;
};

/** A product CSV → rows, or every problem found, each naming its line and SKU. Checks the same field
 *  rules as POST /api/products and the product's business rules, plus SKUs repeated in the file.
 *  @throws Invalid (400) for a file that is not a product CSV (no header, unknown or missing columns,
 *    too many rows) and RuleViolated (422, details = every bad row) when any row is bad. */
export const readProductCsv = (text: string): ImportRow[] => {
  const [header, ...records] = parseCsv(text);
  if (!header) throw new Invalid('IMPORT.EMPTY', 'the file is empty: expected a header line and one product per line');
  const names = header.fields.map((f) => f.trim());
  const unknown = names.filter((n) => !([...COLUMNS, ...OPTIONAL_COLUMNS] as readonly string[]).includes(n));
  if (unknown.length > 0) throw new Invalid('IMPORT.UNKNOWN_COLUMNS', `unknown columns: ${unknown.join(', ')} (known: ${[...COLUMNS, ...OPTIONAL_COLUMNS].join(', ')})`);
  const missing = COLUMNS.filter((c) => !names.includes(c));
  if (missing.length > 0) throw new Invalid('IMPORT.MISSING_COLUMNS', `missing columns: ${missing.join(', ')}`);
  if (records.length === 0) throw new Invalid('IMPORT.NO_ROWS', 'the file has a header but no products');
  if (records.length > MAX_IMPORT_ROWS) throw new Invalid('IMPORT.TOO_MANY_ROWS', `at most ${MAX_IMPORT_ROWS} products per file, got ${records.length}: split the file`);

  const rows: ImportRow[] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  for (const record of records) {
    const cell = (name: string): string | undefined => {
      const index = names.indexOf(name);
      return index < 0 ? undefined : record.fields[index];
    };
    const sku = cell('sku')?.trim();
    const fail = (message: string): void => {
      errors.push({ row: record.line, ...(sku ? { sku } : {}), message });
    };
    if (record.fields.length !== names.length) {
      fail(`expected ${names.length} fields, found ${record.fields.length}`);
      continue;
    }
    const documents = parseDocuments(cell('documents') ?? '');
    const active = parseActive(cell('active'));
    const plain = { ...Object.fromEntries(COLUMNS.map((c) => [c, c === 'description' ? cell(c) : cell(c)?.trim()])), documents: typeof documents === 'string' ? [] : documents };
    const problems = messagesOf(validateSync(plainToInstance(CreateProductRequest, plain)));
    if (typeof documents === 'string') problems.push(documents);
    if (typeof active === 'string') problems.push(active);
    if (sku && seen.has(sku)) problems.push(`SKU ${sku} is also on line ${seen.get(sku)}`);
    if (problems.length > 0) {
      fail(problems.join('; '));
      continue;
    }
    seen.set(sku!, record.line);
    const row = { ...(plain as unknown as ProductDetails), active: active as boolean };
    try {
      checkProductDetails(row);
      rows.push(row);
    } catch (error: unknown) {
      if (!(error instanceof DomainError)) throw error;
      fail(error.message);
    }
  }
  if (errors.length > 0) {
    const first = errors[0]!;
    throw new RuleViolated(
      'IMPORT.INVALID_ROWS',
      `nothing was imported: ${errors.length} of ${records.length} rows are invalid; the first is line ${first.row}${first.sku ? ` (SKU ${first.sku})` : ''}: ${first.message}`,
      errors,
    );
  }
  return rows;
};
