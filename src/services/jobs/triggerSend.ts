// A trigger's send (its first message or a follow-up) when it is due. Implemented on the trigger-engine branch.
import type { JobHandler } from './types.ts';

export const runTriggerSendJob: JobHandler = async () => {
  throw new Error('trigger_send jobs are not implemented yet');
};
