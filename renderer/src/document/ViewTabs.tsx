import { DOC_TABS, useApp, type DocTab } from '../app/app-store';

export const TAB_LABEL: Record<DocTab, string> = {
  tree: 'Tree',
  board: 'Board',
  signals: 'Signals',
  flow: 'Flow',
  learning: 'Learning',
};

/** Views of one document (Alt+1 … Alt+5). */
export function ViewTabs({ id, tab }: { id: string; tab: DocTab }) {
  const navigate = useApp((s) => s.navigate);
  return (
    <div className="view-tabs" role="tablist" aria-label="Views">
      {DOC_TABS.map((t, i) => (
        <button
          key={t}
          type="button"
          role="tab"
          aria-selected={t === tab}
          aria-controls="document-view"
          title={`${TAB_LABEL[t]} (Alt+${i + 1})`}
          className={t === tab ? 'view-tab active' : 'view-tab'}
          onClick={() => navigate({ screen: 'doc', id, tab: t })}
        >
          {TAB_LABEL[t]}
        </button>
      ))}
    </div>
  );
}
