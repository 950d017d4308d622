import { trainingSettingsSchema } from '../schema';
import type { TrainingSettings } from '../types';

/**
 * The document's `training` settings through the schema, copied field by field; settings that do
 * not fit are dropped with a sentence in `report` (the graph still opens, it is only a default).
 */
export function checkTraining(raw: unknown, report: string[]): TrainingSettings | undefined {
  if (raw === undefined) return undefined;
  const parsed = trainingSettingsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    report.push(`The training settings were removed: ${issue.path.join('.') || 'training'} ${issue.message}.`);
    return undefined;
  }
  const t = parsed.data;
  return { optimizer: t.optimizer, learningRate: t.learningRate, momentum: t.momentum, weightDecay: t.weightDecay, batch: t.batch, epochs: t.epochs };
}
