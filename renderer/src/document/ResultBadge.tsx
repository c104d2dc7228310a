/** An item's latest revealed result on its card: "● 12", "€40k", "WSJF 3.5 #1". */
import type { ItemResult } from '../../../shared/model';
import { badgeLabel, badgeText } from './round-results';
import './results.css';

export function ResultBadge({
  result,
  className = '',
}: {
  result: ItemResult;
  className?: string;
}) {
  const label = badgeLabel(result);
  return (
    <span className={`result-badge kind-${result.round.kind} ${className}`} title={label}>
      <span aria-hidden="true">{badgeText(result)}</span>
      <span className="visually-hidden">{label}</span>
    </span>
  );
}
