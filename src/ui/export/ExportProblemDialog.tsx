import { Dialog } from '../persistence/Dialog';
import { ExportProblemList } from './ExportProblemList';
import { dismissExportProblem, useExportStore } from './exportStore';

/** The reasons the last export from the menu did not happen, until the person closes them. */
export function ExportProblemDialog() {
  const problem = useExportStore((s) => s.problem);
  if (!problem) return null;
  return (
    <Dialog title={`Cannot export to ${problem.target}`} onClose={dismissExportProblem} testId="export-problem-dialog">
      <ExportProblemList problem={problem} onReveal={dismissExportProblem} />
    </Dialog>
  );
}
