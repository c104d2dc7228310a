/**
 * The exported CSV and spreadsheet, opened by real readers: read-excel-file (the
 * writer's sibling library) always, and LibreOffice Calc headless (Debian's
 * libreoffice-calc-nogui) when it is installed, converting each file to CSV. The
 * rows that come out must be the rows that went in.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import readXlsxFile from 'read-excel-file/node';
import { afterAll, describe, expect, it } from 'vitest';
import { boardRows } from '../../../shared/files/board-csv';
import { exportTreeCsv, treeRows } from '../../../shared/files/tree-csv';
import { exportTreeOpml } from '../../../shared/files/tree-opml';
import { workbookOf } from '../../../shared/files/tree-xlsx';
import { xlsxBytes } from '../../../renderer/src/files/xlsx-export';
import { richExample } from './format-fixtures';

const NOW = Date.UTC(2026, 10, 20, 9);

function expected() {
  const model = richExample();
  const tree = model.tree();
  const nodes = new Map(tree.order.map((id) => [id, model.node(id)!]));
  const [header, ...rows] = treeRows(model, 'canopy');
  return {
    model,
    // The outline column: each title (indented by a cell style).
    tree: [['Outline', ...header!], ...rows.map((r) => [r[3]!, ...r])],
    board: boardRows({ nodes, order: tree.order, board: model.board() }, NOW),
  };
}

describe('the exported spreadsheet, read by read-excel-file', () => {
  it('has a Tree and a Board sheet with every row, text as text and figures as numbers', async () => {
    const { model, tree, board } = expected();
    const bytes = await xlsxBytes(workbookOf(model, NOW));
    const sheets = await readXlsxFile(Buffer.from(bytes));
    expect(sheets.map((s) => s.sheet)).toEqual(['Tree', 'Board']);
    const asText = (rows: unknown[][]) =>
      rows.map((r) => r.map((c) => (c === null || c === undefined ? '' : String(c))));
    expect(asText(sheets[0]!.data)).toEqual(tree);
    expect(asText(sheets[1]!.data)).toEqual(board);
    // A title that looks like a formula is a text cell, shown as written.
    expect(sheets[0]!.data.flat()).toContain('=HYPERLINK("x") <b>bold</b> & "quotes", é 😀');
    const confidence = sheets[0]!.data[0]!.indexOf('Confidence');
    expect(sheets[0]!.data.some((r) => r[confidence] === 62)).toBe(true);
  });
});

const soffice = ['soffice', 'libreoffice'].find(
  (cmd) => spawnSync(cmd, ['--version'], { encoding: 'utf8' }).status === 0,
);
const work = mkdtempSync(path.join(tmpdir(), 'canopy-readers-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** LibreOffice converts `file` to CSV (UTF-8; every sheet when `allSheets`). */
function libreOfficeCsv(file: string, allSheets: boolean): Map<string, string[][]> {
  const out = path.join(work, `out-${path.basename(file)}`);
  const filter = `csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false${allSheets ? ',-1' : ''}`;
  const run = spawnSync(
    soffice!,
    [
      `-env:UserInstallation=file://${path.join(work, 'profile')}`,
      '--headless',
      '--infilter=CSV:44,34,76,1',
      '--convert-to',
      filter,
      '--outdir',
      out,
      file,
    ],
    { encoding: 'utf8', timeout: 240_000 },
  );
  expect(run.status, run.stderr).toBe(0);
  return new Map(
    readdirSync(out).map((name) => [
      name,
      Papa.parse<string[]>(readFileSync(path.join(out, name), 'utf8')).data.filter(
        (r) => r.length > 1,
      ),
    ]),
  );
}

describe.skipIf(!soffice)('the exported files, converted by LibreOffice Calc (headless)', () => {
  it('reads the spreadsheet: both sheets, every row', { timeout: 300_000 }, async () => {
    const { model, tree, board } = expected();
    const file = path.join(work, 'plan.xlsx');
    writeFileSync(file, await xlsxBytes(workbookOf(model, NOW)));
    const sheets = libreOfficeCsv(file, true);
    expect([...sheets.keys()].sort()).toEqual(['plan-Board.csv', 'plan-Tree.csv']);
    expect(sheets.get('plan-Tree.csv')).toEqual(tree);
    expect(sheets.get('plan-Board.csv')).toEqual(board);
  });

  it(
    'reads the tree CSV as UTF-8 (its BOM), quoted line breaks and guarded formulas',
    { timeout: 300_000 },
    () => {
      const csv = exportTreeCsv(richExample());
      const file = path.join(work, 'tree.csv');
      writeFileSync(file, csv);
      const [rows] = [...libreOfficeCsv(file, false).values()];
      const written = Papa.parse<string[]>(csv.slice(1)).data.filter((r) => r.length > 1);
      expect(rows).toEqual(written);
      expect(rows![0]![0]).toBe('ID');
      expect(rows!.flat()).toContain(`'=HYPERLINK("x") <b>bold</b> & "quotes", é 😀`);
    },
  );
});

const python = spawnSync('python3', ['--version']).status === 0;

// Python's xml.etree is a conforming XML parser: it normalises line breaks in
// attributes to spaces unless they are written as references, as the export does.
describe.skipIf(!python)('the exported OPML, read by Python’s xml.etree', () => {
  it('every outline with its text and its note, line breaks kept', () => {
    const model = richExample();
    const file = path.join(work, 'plan.opml');
    writeFileSync(file, exportTreeOpml(model));
    const script = [
      'import json, sys, xml.etree.ElementTree as ET',
      'root = ET.parse(sys.argv[1]).getroot()',
      'print(json.dumps({"title": root.find("head/title").text, "items": [[o.get("text"), o.get("_note"), o.get("canopyKind")] for o in root.iter("outline")]}))',
    ].join('\n');
    const run = spawnSync('python3', ['-c', script, file], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const read = JSON.parse(run.stdout) as { title: string; items: string[][] };
    expect(read.title).toBe(model.meta.title);
    const tree = model.tree();
    expect(read.items).toEqual(
      tree.order.map((id) => {
        const n = model.node(id)!;
        return [n.title, n.description || null, n.kind];
      }),
    );
    expect(read.items.some(([, note]) => note?.includes('\n'))).toBe(true);
  });

  it('a title with control characters (the model keeps them) is written without them', () => {
    const model = richExample();
    model.updateNode(model.tree().rootId!, { title: 'Bell\u0007 and form\u000c feed' });
    const file = path.join(work, 'controls.opml');
    writeFileSync(file, exportTreeOpml(model));
    const script = [
      'import sys, xml.etree.ElementTree as ET',
      'print(ET.parse(sys.argv[1]).getroot().find("body/outline").get("text"))',
    ].join('\n');
    const run = spawnSync('python3', ['-c', script, file], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('Bell and form feed');
  });
});

// A workbook is zipped XML: a control character in a title (the model keeps them)
// would make it unreadable to a strict reader such as Excel. write-excel-file drops
// them; this holds it to that, with Python's XML parser, as strict as Excel's.
describe.skipIf(!python)('a title with characters XML cannot hold', () => {
  it('is written without them: every part of the workbook parses', async () => {
    const model = richExample();
    model.updateNode(model.tree().rootId!, { title: 'Bell\u0007 and form\u000c feed' });
    const file = path.join(work, 'controls.xlsx');
    writeFileSync(file, await xlsxBytes(workbookOf(model, NOW)));
    const script = [
      'import sys, zipfile, xml.etree.ElementTree as ET',
      'z = zipfile.ZipFile(sys.argv[1])',
      'for n in z.namelist():',
      '    if n.endswith(".xml") or n.endswith(".rels"): ET.fromstring(z.read(n))',
      'print("ok")',
    ].join('\n');
    const run = spawnSync('python3', ['-c', script, file], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('ok');
  });
});

if (!soffice)
  it.skip('LibreOffice is not installed (apt-get install libreoffice-calc-nogui): its checks were skipped', () => {});
