import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { exportTreeCsv, importTreeCsv } from '../../../shared/files/tree-csv';
import { importOutlineFile, TreeImportError } from '../../../shared/files/tree-io';
import { asDocument, columns, richExample, shape } from './format-fixtures';

const rowsOf = (csv: string) =>
  Papa.parse<string[]>(csv.replace(/^\ufeff/, '')).data.filter((r) => r.length > 1);

describe('hierarchical CSV', () => {
  it('round trip: export, import, the same tree with every field and column', () => {
    const model = richExample();
    const csv = exportTreeCsv(model);
    expect(
      csv.startsWith(
        '\ufeffID,Parent ID,Kind,Title,Description,Owner,Tags,Confidence,Column,Measures,Hypothesis,Investment,Assumptions\r\n',
      ),
    ).toBe(true);
    const imported = importTreeCsv(csv, 'Libraries');
    expect(imported.warnings).toEqual([]);
    const back = asDocument(imported);
    // Measures' ids and update times are not in a CSV; everything else is.
    const noMeasureTimes = (s: unknown) =>
      JSON.parse(JSON.stringify(s, (k, v) => (k === 'updatedAt' ? undefined : v)));
    expect(noMeasureTimes(shape(back))).toEqual(noMeasureTimes(shape(model)));
    expect(columns(back)).toEqual(columns(model));
  });

  it('guards formulas on export and takes the guard off on import', () => {
    const csv = exportTreeCsv(richExample());
    const row = rowsOf(csv).find((r) => r[3]!.includes('HYPERLINK'))!;
    expect(row[3]).toBe(`'=HYPERLINK("x") <b>bold</b> & "quotes", é 😀`);
    expect(row[9]).toBe(
      'Sign-ups at pop-ups: 0 → 800 members (now 140, increase)\nVisits: weekly: 10 → 40.5 people (now 22, increase, due 2027-03-31)\nCost: ? → ? (decrease)',
    );
  });

  // Jira Cloud's CSV importer (Atlassian KB "CSV import Parent-child mapping",
  // https://confluence.atlassian.com/display/JIRAKB/CSV+import++Parent-child+mapping):
  // Issue Type, Issue ID, Summary, Parent with the parent's Issue ID, rows ordered from
  // the top of the hierarchy (Epics, then standard types, then Sub-tasks).
  it('Jira: epics, stories and sub-tasks, parents listed before children', () => {
    const model = richExample();
    const rows = rowsOf(exportTreeCsv(model, 'jira'));
    expect(rows[0]).toEqual([
      'Issue Type',
      'Issue ID',
      'Summary',
      'Parent',
      'Description',
      'Labels',
    ]);
    const types = rows.slice(1).map((r) => r[0]);
    expect(types).toEqual(
      [...types].sort(
        (a, b) =>
          ['Epic', 'Story', 'Sub-task'].indexOf(a!) - ['Epic', 'Story', 'Sub-task'].indexOf(b!),
      ),
    );
    const byId = new Map(rows.slice(1).map((r) => [r[1], r]));
    for (const r of rows.slice(1)) {
      if (r[0] === 'Epic') expect(r[3]).toBe('');
      if (r[0] === 'Story') expect(byId.get(r[3])?.[0]).toBe('Epic');
      if (r[0] === 'Sub-task') expect(byId.get(r[3])?.[0]).toBe('Story');
    }
    // Read back: the goals, bets and initiatives under a vision named for the file.
    const back = asDocument(importTreeCsv(exportTreeCsv(model, 'jira'), 'Library plan'));
    expect(back.meta.title).toBe('Library plan');
    expect(shape(back, ['title', 'kind'])).toEqual({
      ...(shape(model, ['title', 'kind']) as object),
      title: 'Library plan',
    });
  });

  // Miro's mind map from CSV (https://developers.miro.com/docs/create-mind-map-from-csv):
  // one column per level, each row a path from the root; a prefix is made once.
  it('Miro: a column per level, a row per path; reads back as the same outline', () => {
    const model = richExample();
    const csv = exportTreeCsv(model, 'miro');
    const rows = rowsOf(csv);
    expect(rows[0]!.slice(0, 4)).toEqual(['Vision', 'Goal', 'Bet', 'Initiative']);
    expect(rows[1]![0]).toBe(model.node(model.tree().rootId!)!.title);
    const back = asDocument(importTreeCsv(csv));
    expect(shape(back, ['title', 'kind'])).toEqual(shape(model, ['title', 'kind']));
  });

  it('maps columns by header, any case and common names, and says what it left out', () => {
    const imported = importOutlineFile(
      'roadmap.csv',
      new TextEncoder().encode(
        [
          'KEY,summary,Issue Type,PARENT,Assignee,Labels,Sprint,Story Points',
          'A-1,Grow readers,Epic,,Ana,"growth, q1",S1,',
          'A-2,Pop-ups,Story,A-1,Ben,,S1,3',
          'A-3,,Story,A-1,,,,',
          'A-4,Saturday market,Sub-task,A-2,,,,',
          'A-5,Lost child,Story,Z-9,,,,',
        ].join('\n'),
      ),
    );
    expect(imported.title).toBe('roadmap');
    const doc = asDocument(imported);
    expect(shape(doc, ['title', 'kind', 'owner', 'tags'])).toEqual({
      title: 'roadmap',
      kind: 'vision',
      owner: '',
      tags: [],
      children: [
        {
          title: 'Grow readers',
          kind: 'goal',
          owner: 'Ana',
          tags: ['growth', 'q1'],
          children: [
            {
              title: 'Pop-ups',
              kind: 'bet',
              owner: 'Ben',
              tags: [],
              children: [
                { title: 'Saturday market', kind: 'initiative', owner: '', tags: [], children: [] },
              ],
            },
          ],
        },
        { title: 'Lost child', kind: 'bet', owner: '', tags: [], children: [] },
      ],
    });
    expect(imported.warnings).toEqual([
      '1 row without a title was skipped.',
      '1 row named a parent ID no row has: it was put at the top.',
      'Columns not imported: Sprint, Story Points.',
    ]);
  });

  it('puts rows in a loop of parents at the top, and reports unknown columns on the board', () => {
    const imported = importTreeCsv(
      [
        'ID,Parent ID,Title,Kind,Column',
        '1,,Root,Vision,',
        '2,3,A,Bet,Nowhere',
        '3,2,B,Bet,Done',
      ].join('\r\n'),
    );
    expect(imported.vision.children?.map((c) => c.title)).toEqual(['A']);
    expect(imported.warnings).toContain(
      '2 rows in a loop of parent IDs (each its own ancestor) were put at the top.',
    );
    expect(imported.warnings).toContain(
      'Column “Nowhere” is not on the board: its cards start in Funnel.',
    );
    const doc = asDocument(imported);
    expect(columns(doc)).toEqual({ A: 'Funnel', B: 'Done' });
  });

  it('refuses a CSV with no title column, and binary data named .csv', () => {
    expect(() => importTreeCsv('a,b\n1,2')).toThrow(/^CANOPY-309: .*its headers: a, b/);
    expect(() => importOutlineFile('x.csv', new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]))).toThrow(
      TreeImportError,
    );
    expect(() => importOutlineFile('x.csv', new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]))).toThrow(
      /CANOPY-301/,
    );
  });

  it('refuses a spreadsheet with what to do instead', () => {
    expect(() => importOutlineFile('plan.xlsx', new Uint8Array([0x50, 0x4b, 3, 4]))).toThrow(
      /save the sheet as CSV \(UTF-8\) and open that\. Nothing was imported\.$/,
    );
  });

  // Excel in much of Europe saves CSV with semicolons; a paste from a sheet is tab-separated.
  it('reads semicolon- and tab-separated files as well', () => {
    for (const sep of [';', '\t']) {
      const text = [
        ['Title', 'Parent', 'ID'],
        ['Root', '', '1'],
        ['Child, with comma', '1', '2'],
      ]
        .map((r) => r.join(sep))
        .join('\r\n');
      const imported = importTreeCsv(text);
      expect(imported.vision.title).toBe('Root');
      expect(imported.vision.children?.[0]?.title).toBe('Child, with comma');
    }
  });

  // Excel's "CSV (Comma delimited)" is saved in the Windows code page, not UTF-8.
  it('reads a CSV Excel saved as Windows-1252, and says so', () => {
    const bytes = new Uint8Array([
      ...new TextEncoder().encode('Title\r\nCaf'),
      0xe9,
      ...new TextEncoder().encode(' ('),
      0x80,
      ...new TextEncoder().encode('5)\r\n'),
    ]);
    const imported = importOutlineFile('menu.csv', bytes);
    expect(imported.vision.title).toBe('Café (€5)');
    expect(imported.warnings?.[0]).toMatch(
      /^The file was not UTF-8, so it was read as Windows-1252/,
    );
    // Markdown is still refused: only a CSV is read in the Windows code page.
    expect(() => importOutlineFile('menu.md', bytes)).toThrow(/^CANOPY-302/);
  });
});
