// An agent's "follow up in N days if no reply". Implemented on the worker-queue branch.
import type { JobHandler } from './types.ts';

export const runAgentFollowUpJob: JobHandler = async () => {
  throw new Error('agent_follow_up jobs are not implemented yet');
};
