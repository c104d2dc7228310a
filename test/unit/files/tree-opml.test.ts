import { describe, expect, it } from 'vitest';
import { exportTreeOpml, importTreeOpml } from '../../../shared/files/tree-opml';
import { importOutlineFile, TreeImportError } from '../../../shared/files/tree-io';
import { asDocument, columns, richExample, shape } from './format-fixtures';

const refused = (text: string) => {
  try {
    importTreeOpml(text);
  } catch (e) {
    expect(e).toBeInstanceOf(TreeImportError);
    return (e as TreeImportError).message;
  }
  throw new Error('imported');
};

describe('OPML', () => {
  it('round trip: export, import, the same tree with every field and column', () => {
    const model = richExample();
    const opml = exportTreeOpml(model);
    const back = asDocument(importTreeOpml(opml));
    expect(back.meta.title).toBe('Libraries & “reading” — 2027');
    expect(shape(back)).toEqual(shape(model));
    expect(columns(back)).toEqual(columns(model));
    expect(Object.values(columns(back))).toContain('Implementing');
    // Line breaks survive as references, so a conforming reader keeps them too.
    expect(opml).toContain('_note="Why: reach&#10;Second line');
    expect(opml).toContain('&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quotes&quot;');
    // Exporting the imported tree gives the same file (but for its dates).
    const undated = (s: string) => s.replace(/<date\w+>[^<]*</g, '<date');
    expect(undated(exportTreeOpml(back))).toBe(undated(opml));
  });

  it('reads through the file dispatch by extension, and says nothing was left out', () => {
    const imported = importOutlineFile(
      'plan.opml',
      new TextEncoder().encode(exportTreeOpml(richExample())),
    );
    expect(imported.warnings).toEqual([]);
    expect(imported.vision.kind).toBe('vision');
  });

  // The OPML 2.0 spec's own example shape (http://opml.org/spec2.opml, "Examples"):
  // a head with title, dates and expansionState; nested <outline text="…">.
  it('the spec’s example shape: kinds follow depth; the single top outline is the vision', () => {
    const imported = importTreeOpml(`<?xml version="1.0" encoding="ISO-8859-1"?>
<opml version="2.0">
  <head>
    <title>states.opml</title>
    <dateCreated>Tue, 15 Mar 2005 16:35:45 GMT</dateCreated>
    <ownerName>Dave Winer</ownerName>
    <expansionState>1, 6, 13, 16, 18, 20</expansionState>
  </head>
  <body>
    <outline text="United States">
      <outline text="Far West">
        <outline text="Alaska"/>
        <outline text="California"><outline text="Bay Area"/></outline>
      </outline>
      <outline text="Great Plains"/>
    </outline>
  </body>
</opml>`);
    expect(imported.title).toBe('states.opml');
    const doc = asDocument(imported);
    expect(shape(doc, ['title', 'kind'])).toEqual({
      title: 'United States',
      kind: 'vision',
      children: [
        {
          title: 'Far West',
          kind: 'goal',
          children: [
            { title: 'Alaska', kind: 'bet', children: [] },
            {
              title: 'California',
              kind: 'bet',
              children: [{ title: 'Bay Area', kind: 'initiative', children: [] }],
            },
          ],
        },
        { title: 'Great Plains', kind: 'goal', children: [] },
      ],
    });
  });

  // Workflowy's OPML export: notes in the `_note` attribute (the OmniOutliner convention
  // Workflowy imports and exports, https://jeffreykishner.com/2013/10/22/opml-interoperability-carbonfin-outliner-workflowy-fargo-io/),
  // `_complete`, inline HTML formatting in `text`, several top-level items, no head title.
  it('Workflowy: notes become descriptions, formatting is dropped, top items are goals', () => {
    const imported = importTreeOpml(
      `<?xml version="1.0"?>
<opml version="2.0"><head><ownerEmail>ana@example.org</ownerEmail></head><body>
  <outline text="&lt;b&gt;Grow&lt;/b&gt; membership" _note="Line one&#10;Line two">
    <outline text="Pop-up &lt;i&gt;libraries&lt;/i&gt;" _complete="true" />
  </outline>
  <outline text="Cut costs" />
</body></opml>`,
      'workflowy-export',
    );
    expect(imported.title).toBe('workflowy-export');
    const doc = asDocument(imported);
    expect(shape(doc, ['title', 'kind', 'description'])).toEqual({
      title: 'workflowy-export',
      kind: 'vision',
      description: '',
      children: [
        {
          title: 'Grow membership',
          kind: 'goal',
          description: 'Line one\nLine two',
          children: [{ title: 'Pop-up libraries', kind: 'bet', description: '', children: [] }],
        },
        { title: 'Cut costs', kind: 'goal', description: '', children: [] },
      ],
    });
  });

  // Logseq exports a page as OPML (https://docs.logseq.com/#/page/export, source:
  // logseq/docs pages/Export.md): the page name as head title, one outline per block,
  // block text as Markdown.
  it('Logseq: the page title names the tree, blocks nest', () => {
    const imported = importTreeOpml(`<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>Strategy 2027</title></head><body>
<outline text="Vision: every child reads"><outline text="[[Goal]] more readers"/></outline>
</body></opml>`);
    expect(imported.title).toBe('Strategy 2027');
    expect(imported.vision.title).toBe('Vision: every child reads');
    expect(imported.vision.children?.[0]).toMatchObject({
      title: '[[Goal]] more readers',
      kind: 'goal',
    });
  });

  // FreeMind and XMind write the central topic as the one top outline and topics as
  // nested outlines, line breaks as &#xa; (FreeMind's own files do:
  // freemind/doc/freemind.mm); FreeMind's XSLT export writes version="1.0", no head title.
  it('FreeMind / XMind: OPML 1.0, the central topic is the vision, &#xa; is a line break', () => {
    const imported = importTreeOpml(`<opml version="1.0"><head/><body>
<outline text="Central Topic"><outline text="Main&#xa;Topic 1"><outline text="Subtopic"/></outline></outline>
</body></opml>`);
    expect(imported.vision.title).toBe('Central Topic');
    // Titles are one line.
    expect(imported.vision.children?.[0]?.title).toBe('Main Topic 1');
    expect(imported.vision.children?.[0]?.children?.[0]?.kind).toBe('bet');
  });

  it('refuses XML entity declarations (billion laughs) before reading anything', () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from(
      { length: 9 },
      (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`,
    ).join('')}]><opml version="2.0"><body><outline text="&lol9;"/></body></opml>`;
    expect(refused(lol)).toMatch(/^CANOPY-307: .*DOCTYPE.* Nothing was imported\.$/);
    const xxe = `<?xml version="1.0"?><!DOCTYPE o [<!ENTITY x SYSTEM "file:///etc/passwd">]><opml><body><outline text="&x;"/></body></opml>`;
    expect(refused(xxe)).toMatch(/^CANOPY-307/);
  });

  it('refuses what is not XML, XML that is not OPML, and nesting past 200', () => {
    expect(refused('just some words\nand more')).toMatch(/^CANOPY-305: .*line 1/);
    expect(refused('<opml><body><outline text="a"></body></opml>')).toMatch(/^CANOPY-305/);
    expect(refused('<rss version="2.0"><channel/></rss>')).toMatch(/^CANOPY-306/);
    const deep = `<opml><body>${'<outline text="x">'.repeat(250)}${'</outline>'.repeat(250)}</body></opml>`;
    expect(refused(deep)).toMatch(/^CANOPY-308: .*200 levels/);
    expect(refused('<opml><body></body></opml>')).toMatch(/no outline items/);
  });

  it('keeps 2,000 items of a larger file and says so', () => {
    const items = '<outline text="item"/>'.repeat(2_500);
    const imported = importTreeOpml(
      `<opml><body><outline text="Root">${items}</outline></body></opml>`,
    );
    expect(imported.vision.children).toHaveLength(1_999);
    expect(imported.warnings).toContain(
      'Kept the first 2,000 of 2,501 items: a tree takes at most 2,000 from one file.',
    );
  });
});
