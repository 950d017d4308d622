import { useCompareStore, type CompareMark } from './compareStore';

const LABELS: Record<CompareMark, string> = { added: '+ added', changed: '~ changed' };

/** The compare mark of one canvas card, or null when not comparing or unchanged. */
export function useCompareMark(nodeId: string): CompareMark | null {
  return useCompareStore((s) => s.marks.get(nodeId) ?? null);
}

/** The tag above a marked card: the mark in words, so it never rests on colour alone. */
export function CompareTag({ mark }: { mark: CompareMark }) {
  return <span className={`diff-tag diff-tag-${mark} diff-tag-float`} data-testid="compare-tag">{LABELS[mark]}</span>;
}
