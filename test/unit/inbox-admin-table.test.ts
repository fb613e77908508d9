// The table the admin lists share: headings for columns (a hidden one for the buttons), the rows, or a line saying none.
import { describe, expect, it } from 'vitest';
import { AdminTable } from '../../src/http/inbox/admin-table.tsx';

const html = async (node: unknown) => String(await (node as { toString(): Promise<string> | string }).toString());

describe('an admin table', () => {
  it('heads each column, names the buttons column for screen readers only, and holds the rows', async () => {
    const table = AdminTable({ head: ['Name', { hidden: 'Actions' }], count: 1, empty: 'none', class: 'agent-table', children: 'ROWS' });
    expect(await html(table)).toBe(
      '<table class="agent-table"><thead><tr><th scope="col">Name</th>' +
        '<th scope="col"><span class="sr-only">Actions</span></th></tr></thead><tbody>ROWS</tbody></table>',
    );
  });

  it('says there are none instead of an empty table, and wraps a table that scrolls on its own', async () => {
    expect(await html(AdminTable({ head: ['Name'], count: 0, empty: 'No API keys yet.' }))).toBe('<p class="empty">No API keys yet.</p>');
    expect(await html(AdminTable({ head: ['Name'], count: 0, wrap: 'table-wrap' }))).toMatch(/^<div class="table-wrap"><table>/);
  });
});
