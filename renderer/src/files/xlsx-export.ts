/**
 * A workbook (shared/files/tree-xlsx.ts) written as an .xlsx file by write-excel-file,
 * loaded only when someone exports one: the writer (and its zip library) stays out of
 * the main bundle.
 */
import type { SheetTable } from '../../../shared/files/tree-xlsx';

export async function xlsxBytes(sheets: readonly SheetTable[]): Promise<Uint8Array> {
  const { default: writeXlsxFile } = await import('write-excel-file/universal');
  const blob = await writeXlsxFile(
    sheets.map((s) => ({
      sheet: s.name,
      stickyRowsCount: 1,
      columns: s.widths.map((width) => ({ width })),
      data: [
        s.header.map((value) => ({ value, fontWeight: 'bold' as const })),
        ...s.rows.map((row) =>
          row.map((cell) =>
            cell === null
              ? null
              : 'number' in cell
                ? { value: cell.number, type: Number }
                : {
                    value: cell.text,
                    type: String,
                    wrap: cell.text.includes('\n'),
                    ...(cell.indent ? { indent: cell.indent } : {}),
                  },
          ),
        ),
      ],
    })),
  ).toBlob();
  return new Uint8Array(await blob.arrayBuffer());
}
